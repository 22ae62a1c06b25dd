#!/usr/bin/env node
// Checks that @tapegrad/core and @tapegrad/nn work as published packages, not only inside the
// workspace:
//
//   1. builds both (tsc -b) and packs each with `pnpm pack`, which rewrites `workspace:*`;
//   2. checks each packed manifest for what a published package needs;
//   3. installs both tarballs with npm, offline, into a fresh directory outside the workspace
//      (one npm command, so nn's dependency on core resolves to the local core tarball);
//   4. runs an ESM script there that trains a two-layer network for a few steps, and compares its
//      losses with the same training run in this process on the workspace's build;
//   5. type-checks a small .ts file there against the packed .d.ts files (strict, NodeNext).
//
// Usage: node scripts/check-packages.mjs [--keep] [--json]
//   --keep  leave the temporary directory (its path is printed)
//   --json  print the report as one JSON document (the vitest test reads it)
// Exits with 1 when a check fails. Needs pnpm, npm and tar on the PATH; no network.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['core', 'nn'];

/**
 * The training run, identical wherever it runs: it is given the two packages' namespaces and
 * imports nothing itself (its source is copied into the temporary directory as it is).
 * A 2 → 4 → 1 network (Linear, Tanh, Linear) fits y = x₀ − 2x₁ by MSE with SGD and momentum.
 */
export function train(core, nn, steps = 5) {
  const rng = core.defaultRng(7);
  const x = rng.uniform(-1, 1, [16, 2]);
  const y = core.matmul(x, core.tensor([[1], [-2]]));
  const model = new nn.Sequential(new nn.Linear(2, 4, { generator: rng }), new nn.Tanh(), new nn.Linear(4, 1, { generator: rng }));
  const opt = new nn.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const losses = [];
  for (let step = 0; step < steps; step++) {
    opt.zeroGrad();
    const loss = nn.mseLoss(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return losses;
}

/** What the type-check compiles against the packed declarations. */
const CHECK_TS = `import { defaultRng, tensor, TapegradError, type Tensor } from '@tapegrad/core';
import { Linear, MSELoss, SGD, Sequential, Tanh, type StateDict } from '@tapegrad/nn';

const rng = defaultRng(0);
const model = new Sequential(new Linear(2, 4, { generator: rng }), new Tanh(), new Linear(4, 1, { generator: rng }));
const y: Tensor = model.forward(tensor([[1, 2]]));
const state: StateDict = model.stateDict();
const loss: Tensor = new MSELoss().forward(y, tensor([[0]]));
const error: TapegradError | null = null;
// @ts-expect-error: the types are real, not any: lr must be a number
new SGD(model.parameters(), { lr: '0.1' });
export { state, loss, error };
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    lib: ['ES2022'],
    // No @types/node: a consumer's program must type-check without it. skipLibCheck off, so the
    // packed .d.ts files are checked too.
    types: [],
    noEmit: true,
    skipLibCheck: false,
  },
  files: ['check.ts'],
};

function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${e.stderr || e.stdout || e.message}`);
  }
}

/** The checks of one packed manifest; returns [failures, warnings]. */
function checkManifest(pkg, m, files, coreVersion) {
  const fail = [];
  const warn = [];
  for (const key of ['name', 'version', 'description', 'license', 'type', 'exports', 'files', 'engines'])
    if (m[key] === undefined) fail.push(`no "${key}"`);
  if (m.name !== `@tapegrad/${pkg}`) fail.push(`name is ${m.name}`);
  if (m.type !== 'module') fail.push(`type is ${m.type}, not "module"`);
  const main = m.exports?.['.'];
  if (!main?.types) fail.push('exports["."] has no "types"');
  if (!main?.import && !main?.default) fail.push('exports["."] has neither "import" nor "default"');
  for (const target of [main?.types, main?.import, main?.default, m.main, m.types].filter(Boolean)) {
    if (!files.includes(`package/${target.replace(/^\.\//, '')}`)) fail.push(`${target} is named in the manifest but not in the tarball`);
  }
  if (!m.engines?.node) fail.push('engines has no "node"');
  if (JSON.stringify(m).includes('workspace:')) fail.push('the packed manifest still says "workspace:"');
  if (pkg === 'nn' && m.dependencies?.['@tapegrad/core'] !== coreVersion)
    fail.push(`depends on @tapegrad/core ${m.dependencies?.['@tapegrad/core']}, not ${coreVersion}`);
  if (files.some((f) => f.endsWith('.tsbuildinfo'))) fail.push('the tarball holds a .tsbuildinfo');
  if (!files.some((f) => /^package\/(README|readme)/.test(f))) warn.push('no README in the tarball (npm shows none)');
  if (!files.some((f) => /^package\/(LICEN[CS]E|licen[cs]e)/.test(f))) {
    const root = readdirSync(ROOT).some((f) => /^LICEN[CS]E/i.test(f))
      ? 'the repository has one at its root'
      : 'the repository has none either';
    warn.push(`no LICENSE file in the tarball (the manifest says ${m.license}, but the text is missing; ${root})`);
  }
  if (!m.repository) warn.push('no "repository" (npm links to none; the URL is not known here)');
  if (!main?.default)
    warn.push('exports["."] has no "default" condition: ESM-only, require() and tools that only know "default" find nothing');
  return [fail, warn];
}

export async function checkPackages({ keep = false } = {}) {
  const t0 = Date.now();
  const timings = {};
  const time = (name, fn) => {
    const t = Date.now();
    const r = fn();
    timings[name] = Date.now() - t;
    return r;
  };
  const report = { ok: false, dir: '', failures: [], warnings: [], manifests: {}, losses: null, expected: null, timings };
  const dir = mkdtempSync(join(tmpdir(), 'tapegrad-packages-'));
  report.dir = dir;
  try {
    // 1. build and pack
    time('build', () => run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core', 'packages/nn'], ROOT));
    const packs = join(dir, 'packs');
    mkdirSync(packs);
    time('pack', () => PACKAGES.forEach((p) => run('pnpm', ['pack', '--pack-destination', packs], join(ROOT, 'packages', p))));
    const tarballs = Object.fromEntries(
      PACKAGES.map((p) => [
        p,
        join(
          packs,
          readdirSync(packs).find((f) => f.startsWith(`tapegrad-${p}-`)),
        ),
      ]),
    );

    // 2. the packed manifests
    const manifests = Object.fromEntries(
      PACKAGES.map((p) => [p, JSON.parse(run('tar', ['-xzOf', tarballs[p], 'package/package.json'], dir))]),
    );
    for (const p of PACKAGES) {
      const files = run('tar', ['-tzf', tarballs[p]], dir).split('\n').filter(Boolean);
      const [fail, warn] = checkManifest(p, manifests[p], files, manifests.core.version);
      report.failures.push(...fail.map((f) => `@tapegrad/${p}: ${f}`));
      report.warnings.push(...warn.map((w) => `@tapegrad/${p}: ${w}`));
      report.manifests[p] = { version: manifests[p].version, files: files.length, dependencies: manifests[p].dependencies ?? {} };
    }

    // 3. install both tarballs, offline, in one npm command
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'tapegrad-package-check', private: true, type: 'module' }, null, 2)}\n`,
    );
    time('install', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--cache', join(dir, 'npm-cache'), tarballs.core, tarballs.nn], app),
    );

    // 4. train with the installed packages, and here with the workspace's build
    writeFileSync(join(app, 'train.mjs'), `export ${train.toString()}\n`);
    writeFileSync(
      join(app, 'run.mjs'),
      "import * as core from '@tapegrad/core';\nimport * as nn from '@tapegrad/nn';\nimport { train } from './train.mjs';\nconsole.log(JSON.stringify(train(core, nn)));\n",
    );
    report.losses = time('run', () => JSON.parse(run(process.execPath, ['run.mjs'], app)));
    const core = await import(pathToFileURL(join(ROOT, 'packages/core/dist/index.js')).href);
    const nn = await import(pathToFileURL(join(ROOT, 'packages/nn/dist/index.js')).href);
    report.expected = train(core, nn);
    if (JSON.stringify(report.losses) !== JSON.stringify(report.expected)) {
      report.failures.push(
        `the installed packages train to losses ${JSON.stringify(report.losses)}, the workspace to ${JSON.stringify(report.expected)}`,
      );
    }
    if (!(report.losses.at(-1) < report.losses[0])) report.failures.push(`the loss did not go down: ${JSON.stringify(report.losses)}`);

    // 5. type-check against the packed declarations
    writeFileSync(join(app, 'check.ts'), CHECK_TS);
    writeFileSync(join(app, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    time('typecheck', () => {
      try {
        run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
      } catch (e) {
        report.failures.push(`type-check against the packed .d.ts failed: ${e.message}`);
      }
    });
  } catch (e) {
    report.failures.push(e.message);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  timings.total = Date.now() - t0;
  report.ok = report.failures.length === 0;
  return report;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = await checkPackages({ keep: process.argv.includes('--keep') });
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report));
  } else {
    console.log(
      `packages: ${report.ok ? 'ok' : 'FAILED'} (${report.timings.total} ms: ${Object.entries(report.timings)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
    for (const [p, m] of Object.entries(report.manifests))
      console.log(`  @tapegrad/${p}@${m.version}: ${m.files} files, dependencies ${JSON.stringify(m.dependencies)}`);
    console.log(`  losses (installed): ${JSON.stringify(report.losses)}`);
    console.log(`  losses (workspace): ${JSON.stringify(report.expected)}`);
    for (const f of report.failures) console.log(`  FAIL ${f}`);
    for (const w of report.warnings) console.log(`  warn ${w}`);
    if (process.argv.includes('--keep')) console.log(`  kept ${report.dir}`);
  }
  process.exit(report.ok ? 0 : 1);
}
