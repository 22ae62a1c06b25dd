/**
 * The packages as a user gets them: scripts/check-packages.mjs packs @tapegrad/core and
 * @tapegrad/nn, checks the packed manifests, installs the tarballs with npm (offline) in a fresh
 * directory outside the workspace, trains a two-layer network there, and type-checks a small
 * program against the packed .d.ts files. Here its losses are also compared with the same
 * training run on the workspace's TypeScript sources, in this process; and in the directory it
 * installed into (kept for this test, removed at the end):
 *
 * - each tarball holds the LICENSE and the README;
 * - `@tapegrad/nn/node` resolves from the installed package, saves a state dict to a temporary
 *   directory and loads it back, and type-checks without Node's types;
 * - a CommonJS script can `require()` both packages (Node 20.19+ and 22.12+ load ES modules from
 *   `require`) and trains to the same losses.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as core from '@tapegrad/core';
import * as nn from '@tapegrad/nn';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/check-packages.mjs', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

interface Report {
  ok: boolean;
  dir: string;
  failures: string[];
  warnings: string[];
  manifests: Record<string, { version: string; files: number; dependencies: Record<string, string> }>;
  losses: number[];
  expected: number[];
  timings: Record<string, number>;
}

type Train = (c: typeof core, n: typeof nn) => number[];

let report: Report;
/** The installed project the script made: a package.json and node_modules with both tarballs. */
let app = '';

beforeAll(() => {
  const out = execFileSync(process.execPath, [SCRIPT, '--json', '--keep'], { cwd: ROOT, encoding: 'utf8', timeout: 55_000 });
  report = JSON.parse(out.trim().split('\n').at(-1)!) as Report;
  app = join(report.dir, 'app');
}, 60_000);
afterAll(() => {
  if (report?.dir) rmSync(report.dir, { recursive: true, force: true });
});

/** Runs `node file` in the installed project and returns what it printed. */
const runNode = (file: string, source: string) => {
  writeFileSync(join(app, file), source);
  return execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
};

describe('the packed packages, installed offline with npm', () => {
  test('are imported, trained and type-checked', async () => {
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    // nn's workspace:* dependency was rewritten to core's version
    expect(report.manifests.nn!.dependencies['@tapegrad/core']).toBe(report.manifests.core!.version);

    // The same training run on the TypeScript sources, here, gives the same losses, bit for bit.
    const { train } = (await import(pathToFileURL(SCRIPT).href)) as { train: Train };
    expect(report.losses).toEqual(train(core, nn));
    expect(report.losses.at(-1)!).toBeLessThan(report.losses[0]!);
    console.log(`packages: ${JSON.stringify(report.timings)}; warnings:\n  ${report.warnings.join('\n  ')}`);
  });

  test('hold their LICENSE and README, and nn its Node entry', () => {
    const packs = join(report.dir, 'packs');
    for (const pkg of ['core', 'nn']) {
      const tarball = readdirSync(packs).find((f) => f.startsWith(`tapegrad-${pkg}-`))!;
      const files = execFileSync('tar', ['-tzf', join(packs, tarball)], { encoding: 'utf8' }).split('\n');
      expect(files, pkg).toContain('package/LICENSE');
      expect(files, pkg).toContain('package/README.md');
      if (pkg === 'nn') expect(files).toEqual(expect.arrayContaining(['package/dist/node/index.js', 'package/dist/node/index.d.ts']));
      expect(files.filter((f) => f.includes('tsbuildinfo'))).toEqual([]);
    }
    expect(report.warnings.filter((w) => /LICENSE|README/.test(w))).toEqual([]);
  });

  test('@tapegrad/nn/node saves a state dict to a file and loads it back', () => {
    const out = runNode(
      'node-entry.mjs',
      `import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRng } from '@tapegrad/core';
import { Linear, PReLU, Sequential } from '@tapegrad/nn';
import { loadJSON, loadSafetensors, readSafetensors, saveJSON, saveSafetensors } from '@tapegrad/nn/node';

const dir = mkdtempSync(join(tmpdir(), 'tapegrad-node-entry-'));
try {
  const model = new Sequential(new Linear(2, 3, { generator: defaultRng(1) }), new PReLU({ numParameters: 3 }));
  const state = model.stateDict();
  const values = (sd) => JSON.stringify([...sd].map(([name, t]) => [name, t.shape, Array.from(t.data)]));
  saveSafetensors(join(dir, 'model.safetensors'), state, { metadata: { format: 'pt' } });
  saveJSON(join(dir, 'model.json'), state);
  const fresh = new Sequential(new Linear(2, 3), new PReLU({ numParameters: 3 }));
  const result = fresh.loadStateDict(loadSafetensors(join(dir, 'model.safetensors')));
  console.log(JSON.stringify({
    safetensors: values(fresh.stateDict()) === values(state),
    json: values(loadJSON(join(dir, 'model.json'))) === values(state),
    metadata: readSafetensors(join(dir, 'model.safetensors')).metadata,
    result,
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
`,
    );
    expect(JSON.parse(out)).toEqual({
      safetensors: true,
      json: true,
      metadata: { format: 'pt' },
      result: { missingKeys: [], unexpectedKeys: [] },
    });

    // Its declarations type-check without Node's types, as the main entries' do.
    writeFileSync(
      join(app, 'node-entry-check.ts'),
      `import type { StateDictLike } from '@tapegrad/nn';
import { loadSafetensors, saveJSON } from '@tapegrad/nn/node';
export const save: (path: string, stateDict: StateDictLike) => void = saveJSON;
export const names: string[] = [...loadSafetensors('model.safetensors').keys()];
`,
    );
    const compilerOptions = {
      strict: true,
      module: 'NodeNext',
      target: 'ES2022',
      lib: ['ES2022'],
      types: [],
      noEmit: true,
      skipLibCheck: false,
    };
    writeFileSync(join(app, 'tsconfig.node-entry.json'), JSON.stringify({ compilerOptions, files: ['node-entry-check.ts'] }));
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.node-entry.json'], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
  });

  test('are loaded by require() from a CommonJS script, and train to the same losses', async () => {
    const { train } = (await import(pathToFileURL(SCRIPT).href)) as { train: Train };
    const out = runNode(
      'require.cjs',
      `const core = require('@tapegrad/core');
const nn = require('@tapegrad/nn');
const { saveJSON } = require('@tapegrad/nn/node');
${train.toString()}
console.log(JSON.stringify({ losses: train(core, nn), saveJSON: typeof saveJSON }));
`,
    );
    expect(JSON.parse(out)).toEqual({ losses: report.losses, saveJSON: 'function' });
  });
});
