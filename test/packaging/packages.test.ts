/**
 * The packages as a user gets them: scripts/check-packages.mjs packs @tapegrad/core and
 * @tapegrad/nn, checks the packed manifests, installs the tarballs with npm (offline) in a fresh
 * directory outside the workspace, trains a two-layer network there, and type-checks a small
 * program against the packed .d.ts files. Here its losses are also compared with the same
 * training run on the workspace's TypeScript sources, in this process.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as core from '@tapegrad/core';
import * as nn from '@tapegrad/nn';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/check-packages.mjs', import.meta.url));

interface Report {
  ok: boolean;
  failures: string[];
  warnings: string[];
  manifests: Record<string, { version: string; files: number; dependencies: Record<string, string> }>;
  losses: number[];
  expected: number[];
  timings: Record<string, number>;
}

test('packed, installed offline with npm, imported, trained and type-checked', { timeout: 60_000 }, async () => {
  const out = execFileSync(process.execPath, [SCRIPT, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 55_000 });
  const report = JSON.parse(out.trim().split('\n').at(-1)!) as Report;
  expect(report.failures).toEqual([]);
  expect(report.ok).toBe(true);
  // nn's workspace:* dependency was rewritten to core's version
  expect(report.manifests.nn!.dependencies['@tapegrad/core']).toBe(report.manifests.core!.version);

  // The same training run on the TypeScript sources, here, gives the same losses, bit for bit.
  const { train } = (await import(pathToFileURL(SCRIPT).href)) as { train: (c: typeof core, n: typeof nn) => number[] };
  expect(report.losses).toEqual(train(core, nn));
  expect(report.losses.at(-1)!).toBeLessThan(report.losses[0]!);
  console.log(`packages: ${JSON.stringify(report.timings)}; warnings:\n  ${report.warnings.join('\n  ')}`);
});
