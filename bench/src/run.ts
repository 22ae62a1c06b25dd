/**
 * `pnpm bench`: tapegrad against the JavaScript libraries a user would pick instead, and against
 * NumPy / PyTorch as the native reference, on the workloads of bench/README.md.
 *
 *   pnpm bench                     full run (about 10 minutes on 2 cores)
 *   pnpm bench -- --quick          short samples, M1 on 200 steps (or TAPEGRAD_BENCH_QUICK=1)
 *   pnpm bench -- --only W2,W3     selected workloads (W1 W2 W3 W4 W5 R1 M1)
 *
 * Writes bench/results/summary.json (every figure, the environment, the targets),
 * bench/results/summary.txt (the printed tables) — summary-W2-W3.* for a partial run — and per
 * case benny's <case>.json and <case>.chart.html.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { WORKLOAD_IDS, errorText, type RunOptions, type WorkloadId } from './harness.js';
import { describePeers, loadPeers, type Peers } from './peers/index.js';
import { detectPython, mallocPins, type PythonInfo, type PythonRefs } from './peers/python.js';
import { printReport, type WorkloadReport } from './report.js';
import { m1 } from './workloads/m1-memory.js';
import { r1 } from './workloads/r1-random.js';
import { w1 } from './workloads/w1-matmul.js';
import { w2 } from './workloads/w2-activations.js';
import { w3 } from './workloads/w3-mlp.js';
import { w4 } from './workloads/w4-churn.js';
import { w5 } from './workloads/w5-scalar.js';
import type { Workload } from './workloads/workload.js';

const WORKLOADS: readonly Workload[] = [w1, w2, w3, w4, w5, r1, m1];
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

interface Cli {
  readonly quick: boolean;
  readonly only: ReadonlySet<WorkloadId>;
}

function parseArgs(argv: readonly string[]): Cli {
  let quick = ['1', 'true', 'yes'].includes((process.env.TAPEGRAD_BENCH_QUICK ?? '').toLowerCase());
  const only = new Set<WorkloadId>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (a === '--quick') quick = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[++i] ?? '');
      for (const id of value
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean)) {
        if (!(WORKLOAD_IDS as readonly string[]).includes(id))
          throw new Error(`--only: unknown workload ${id}; choose from ${WORKLOAD_IDS.join(', ')}`);
        only.add(id as WorkloadId);
      }
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/dist/run.js [--quick] [--only W1,W2,W3,W4,W5,R1,M1]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return { quick, only: only.size > 0 ? only : new Set(WORKLOAD_IDS) };
}

function describePython(py: PythonRefs): string[] {
  const one = (label: string, info: PythonInfo | string, blas: (i: PythonInfo) => readonly string[]) =>
    typeof info === 'string'
      ? `${label}: cannot run: ${info}`
      : `${label}: ${info.executable} (Python ${info.python}, NumPy ${info.numpy ?? '-'}${info.torch ? `, torch ${info.torch}, ${info.torchThreads} thread` : ''}); BLAS loaded: ${
          blas(info)
            .map((p) => p.split('/').pop())
            .join(', ') || 'none'
        }${info.numpyBlasBuild && label.startsWith('NumPy') ? ` (${info.numpyBlasBuild})` : ''}`;
  const torchOnReferenceBlas = typeof py.torch !== 'string' && !py.torch.torchBlas.some((p) => p.includes('openblas'));
  return [
    one('NumPy reference', py.numpy, (i) => i.numpyBlas),
    one('PyTorch reference', py.torch, (i) => i.torchBlas),
    ...(torchOnReferenceBlas
      ? [
          'WARNING: PyTorch is not on OpenBLAS here (Debian links the reference BLAS): its matmul-bound figures are not "PyTorch with OpenBLAS"; run `sh bench/python/get-openblas.sh` once (see bench/README.md)',
        ]
      : []),
    `python child environment: ${Object.entries(py.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  ];
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const options: RunOptions = { quick: cli.quick, resultsDir: RESULTS_DIR };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const selected = WORKLOADS.filter((w) => cli.only.has(w.id));
  const started = new Date();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const nodeMalloc = ['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_']
    .filter((k) => process.env[k] !== undefined)
    .map((k) => `${k}=${process.env[k]}`);
  const header = [
    `tapegrad benchmarks — ${started.toISOString()} — ${cli.quick ? 'QUICK pass' : 'full run'} — ${selected.map((w) => w.id).join(' ')}`,
    `machine: ${cpu}, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; Node ${process.version}; single-threaded figures everywhere`,
    `node process malloc: ${nodeMalloc.length > 0 ? `${nodeMalloc.join(' ')}, as the Python children` : 'glibc defaults (TAPEGRAD_BENCH_MALLOC_PINS=0: fresh pages for large arrays; see README)'}`,
  ];
  console.log(header.join('\n'));

  const needsPeers = selected.some((w) => ['W1', 'W2', 'W3', 'W4', 'W5'].includes(w.id));
  const peers: Peers = needsPeers
    ? await loadPeers()
    : {
        tfjs: { ok: false, reason: 'not loaded' },
        jax: { ok: false, reason: 'not loaded' },
        jsPytorch: { ok: false, reason: 'not loaded' },
      };
  const python = detectPython();
  const env = [...(needsPeers ? describePeers(peers) : []), ...describePython(python)];
  for (const line of env) console.log(`  ${line}`);

  const reports: WorkloadReport[] = [];
  const printed: string[] = [...header, ...env.map((l) => `  ${l}`)];
  for (const w of selected) {
    console.log(`\n▶ ${w.id} ${w.title}`);
    const t0 = Date.now();
    let rep: WorkloadReport;
    try {
      rep = await w.run({ options, peers, python });
    } catch (e) {
      // A workload that breaks (ours, or the harness) is reported and the suite goes on.
      rep = {
        id: w.id,
        title: w.title,
        sections: [],
        targets: [{ target: w.id, measured: `the workload failed: ${errorText(e)}`, met: null }],
        notes: [],
      };
      console.error(e);
    }
    reports.push(rep);
    const text = `${printReport(rep)}\n  (${w.id} took ${((Date.now() - t0) / 1000).toFixed(0)} s)`;
    console.log(text);
    printed.push(text);
  }

  const allTargets = reports.flatMap((r) => r.targets);
  const summary = [
    '',
    `━━ Targets (${allTargets.filter((t) => t.met === true).length} met, ${allTargets.filter((t) => t.met === false).length} not met, ${allTargets.filter((t) => t.met === null).length} not judged) ━━`,
    ...allTargets.map((t) => `  [${t.met === true ? 'met    ' : t.met === false ? 'NOT met' : 'n/a    '}] ${t.target} — ${t.measured}`),
    '',
    `finished ${new Date().toISOString()} (${((Date.now() - started.getTime()) / 60000).toFixed(1)} min), load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ].join('\n');
  console.log(summary);
  printed.push(summary);

  const json = {
    started: started.toISOString(),
    quick: cli.quick,
    workloads: selected.map((w) => w.id),
    machine: { cpu, cores: os.cpus().length, node: process.version, loadAverageAtEnd: os.loadavg() },
    peers: needsPeers ? describePeers(peers) : [],
    python: { numpy: python.numpy, torch: python.torch, env: python.env },
    reports: reports.map((r) => ({
      ...r,
      sections: r.sections.map((s) => ({ title: s.title, metric: s.metric.name, higherIsBetter: s.metric.higherIsBetter, rows: s.rows })),
    })),
  };
  // A partial run (--only) does not overwrite the full run's summary.
  const stem = selected.length === WORKLOADS.length ? 'summary' : `summary-${selected.map((w) => w.id).join('-')}`;
  writeFileSync(`${RESULTS_DIR}${stem}.json`, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(`${RESULTS_DIR}${stem}.txt`, `${printed.join('\n')}\n`);
  console.log(`\nwrote ${RESULTS_DIR}${stem}.json, ${stem}.txt and benny's per-case .json / .chart.html`);
}

// Every library runs under the same allocator settings: the Python children get the malloc pins
// (peers/python.ts), and so does this process. glibc reads them once, at start, so when they are
// missing the run starts again with them (and with --expose-gc, for the collections between
// libraries in harness.ts), and this process only passes on its exit code.
const pins = mallocPins();
const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
if (Object.entries(pins).some(([k, v]) => process.env[k] !== v) || !hasGc) {
  const flags = hasGc ? process.execArgv : [...process.execArgv, '--expose-gc'];
  const again = spawnSync(process.execPath, [...flags, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...pins },
  });
  process.exit(again.status ?? 1);
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
