/**
 * Throughput of `defaultRng(seed).standardNormal([1e6])` against NumPy's
 * `np.random.default_rng(seed).standard_normal(10**6)`, the call tapegrad reproduces bit for bit.
 *
 * Ours is timed with benny; NumPy's by shelling out to `python3` with `timeit` (median of
 * repeats) when python3 with numpy is installed. Both run in the same process run, one after the
 * other, so their ratio is meaningful even on a busy machine where absolute figures drift.
 *
 * Run on its own after `pnpm build` (or `tsc -b bench`): `node bench/dist/random.js`.
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import b from 'benny';
import { defaultRng } from '@tapegrad/core';

/** What `runRandomBench` measured; throughputs are normal draws per second, from medians. */
export interface RandomBenchResult {
  /** Draws per call: 1e6. */
  n: number;
  tapegrad: { medianMs: number; normalsPerSecond: number; samples: number };
  /**
   * The same draws as 1e6 scalar `standardNormal()` calls, which allocate nothing. A fresh 8 MB
   * result costs little on most machines but a lot in VMs where freed memory goes back to the
   * host (there, NumPy's malloc reuses its freed buffer and V8's garbage-collected ones cannot).
   */
  scalarCalls: { medianMs: number; normalsPerSecond: number; samples: number };
  /** NumPy's figures, or why they could not be measured. */
  numpy:
    | { available: true; version: string; medianMs: number; normalsPerSecond: number; repeats: number }
    | { available: false; reason: string };
  /** tapegrad's throughput as a fraction of NumPy's (0.25 = a quarter as fast); null without NumPy. */
  ratio: number | null;
  /** The same for the scalar calls. */
  scalarRatio: number | null;
}

const N = 1_000_000;
const NUMPY_REPEATS = 30;

/** Times ours with benny, then NumPy through python3, and returns both. */
export async function runRandomBench(): Promise<RandomBenchResult> {
  const rng = defaultRng(42);
  const summary = await b.suite(
    'random: standard normal draws',
    b.configure({ cases: { minSamples: 20, maxTime: 4 } }),
    // Each call allocates its 8 MB result, as NumPy's standard_normal(10**6) does.
    b.add(`tapegrad standardNormal([${N}])`, () => rng.standardNormal([N])),
    b.add(`tapegrad standardNormal() x ${N}`, () => {
      for (let i = 0; i < N; i++) rng.standardNormal();
    }),
    b.cycle(),
  );
  const timing = (r: (typeof summary.results)[number]) => ({
    medianMs: r.details.median * 1000,
    normalsPerSecond: N / r.details.median,
    samples: r.samples,
  });
  const tapegrad = timing(summary.results[0]!);
  const scalarCalls = timing(summary.results[1]!);

  const numpy = measureNumpy();
  const ratio = numpy.available ? tapegrad.normalsPerSecond / numpy.normalsPerSecond : null;
  const scalarRatio = numpy.available ? scalarCalls.normalsPerSecond / numpy.normalsPerSecond : null;
  return { n: N, tapegrad, scalarCalls, numpy, ratio, scalarRatio };
}

/** NumPy's `standard_normal(10**6)`: the median of `NUMPY_REPEATS` single-call timings. */
function measureNumpy(): RandomBenchResult['numpy'] {
  const script = [
    'import json, statistics, timeit',
    'import numpy as np',
    'rng = np.random.default_rng(42)',
    `rng.standard_normal(${N})`, // warm up
    `times = timeit.repeat(lambda: rng.standard_normal(${N}), repeat=${NUMPY_REPEATS}, number=1)`,
    'print(json.dumps({"version": np.__version__, "median": statistics.median(times)}))',
  ].join('\n');
  try {
    const out = execFileSync('python3', ['-c', script], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    const { version, median } = JSON.parse(out) as { version: string; median: number };
    return { available: true, version, medianMs: median * 1000, normalsPerSecond: N / median, repeats: NUMPY_REPEATS };
  } catch (e) {
    const err = e as { code?: string; stderr?: string; message?: string };
    const reason =
      err.code === 'ENOENT'
        ? 'python3 is not installed'
        : /No module named/.test(err.stderr ?? '')
          ? 'python3 has no numpy'
          : `python3 failed: ${(err.stderr || err.message || '').trim().split('\n').pop()}`;
    return { available: false, reason };
  }
}

/** One line per figure, saying plainly when NumPy could not be measured. */
export function formatRandomBench(r: RandomBenchResult): string {
  const fmt = (perSecond: number) => `${(perSecond / 1e6).toFixed(1)} M normals/s`;
  const lines = [
    `tapegrad standardNormal([${r.n}]): median ${r.tapegrad.medianMs.toFixed(2)} ms, ${fmt(r.tapegrad.normalsPerSecond)} (${r.tapegrad.samples} samples)`,
    `tapegrad standardNormal() x ${r.n}: median ${r.scalarCalls.medianMs.toFixed(2)} ms, ${fmt(r.scalarCalls.normalsPerSecond)} (${r.scalarCalls.samples} samples)`,
  ];
  if (r.numpy.available) {
    lines.push(
      `numpy ${r.numpy.version} standard_normal(${r.n}): median ${r.numpy.medianMs.toFixed(2)} ms, ${fmt(r.numpy.normalsPerSecond)} (${r.numpy.repeats} repeats)`,
    );
    lines.push(`tapegrad / numpy throughput: ${r.ratio!.toFixed(3)} (scalar calls: ${r.scalarRatio!.toFixed(3)})`);
  } else {
    lines.push(`numpy: not measured (${r.numpy.reason})`);
  }
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatRandomBench(await runRandomBench()));
}
