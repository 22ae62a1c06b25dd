/**
 * The measuring machinery shared by every workload.
 *
 * A workload case ("W1 matmul n = 512") lists candidates: one `Impl` per library that can run it,
 * or an `Unavailable` saying why a library cannot. `measureCase` prepares each impl, warms it up,
 * times it with benny (benchmark.js underneath: repeated samples, we keep the median) in a few
 * passes over all libraries, and returns one `Measurement` per candidate, never throwing: a peer
 * that fails is reported as "cannot run: <reason>". Peers too slow for benny's sampling (one call
 * longer than `slowMs`) are time-boxed: a few single calls, median of those, and the report says
 * how many.
 */
import { performance } from 'node:perf_hooks';
import { add, complete, cycle, save, suite } from 'benny';

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'R1' | 'M1';
export const WORKLOAD_IDS: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5', 'R1', 'M1'];

/** One implementation of a workload case, ready to be prepared and timed. */
export interface Impl {
  /** Short library label: `tapegrad`, `tfjs-cpu`, `jax-js (wasm)`, … */
  readonly lib: string;
  /** What the library computes in, honestly: `float64`, `float32`, … */
  readonly dtype: string;
  /** Anything a reader needs to interpret the figure (an emulated op, a JIT, …). */
  readonly note?: string;
  /** Builds inputs and returns the function to time. May throw: the peer is then "cannot run". */
  prepare(): Runner | Promise<Runner>;
}

/** What `prepare()` returns: the timed call, and what to check after timing. */
export interface Runner {
  /** One timed repetition. A returned promise is awaited (benny runs the case deferred). */
  run(): void | Promise<void>;
  /** Numbers to compare with ours (checksums, losses of the first steps): read after timing, untimed. */
  check?(): readonly number[];
  /** Frees what the runner holds (tfjs / jax-js memory). */
  dispose?(): void;
}

/** A library that cannot run this case, and why. */
export interface Unavailable {
  readonly lib: string;
  readonly dtype?: string;
  readonly reason: string;
}

export type Candidate = Impl | Unavailable;

export function isImpl(c: Candidate): c is Impl {
  return 'prepare' in c;
}

export type Status = 'ok' | 'cannot run' | 'skipped';

/** The outcome for one library on one case, from Node (benny or time-boxed) or from Python. */
export interface Measurement {
  readonly lib: string;
  readonly dtype: string;
  /** `node` (this process) or the Python interpreter that ran it. */
  readonly where: string;
  readonly status: Status;
  readonly reason?: string;
  readonly note?: string;
  /** Median wall time of one repetition, in milliseconds. */
  readonly medianMs?: number;
  /** Number of samples the median is over (benny: samples of ≥ 1 call each; time-boxed / Python: single calls). */
  readonly samples?: number;
  /** Total timed calls (benny's calibration and samples; warm-up excluded). */
  readonly calls?: number;
  /** How it was timed: `benny`, `time-boxed`, `python`. */
  readonly method?: string;
  readonly check?: readonly number[];
  /** Whether `check` agrees with ours within the case's tolerance; null when nothing to compare. */
  readonly checkOk?: boolean | null;
  /** Extra figures a workload reports (ops counted, bytes, …). */
  readonly extra?: Readonly<Record<string, number | string>>;
}

export interface RunOptions {
  readonly quick: boolean;
  readonly resultsDir: string;
}

/** Time policy: short in quick mode, longer (tighter medians) in a full run. */
export function budget(options: RunOptions) {
  return options.quick
    ? { passes: 1, warmupMs: 150, maxTimeS: 0.6, minSamples: 3, slowMs: 400, timeBoxMs: 2500, maxTimeBoxedCalls: 3, minTimeBoxedCalls: 0 }
    : {
        passes: 3,
        warmupMs: 500,
        maxTimeS: 0.8,
        minSamples: 3,
        slowMs: 1500,
        timeBoxMs: 12000,
        maxTimeBoxedCalls: 5,
        minTimeBoxedCalls: 2,
      };
}

export interface CaseSpec {
  /** Suite title, e.g. `W1 matmul n=512`. */
  readonly title: string;
  /** File stem under bench/results for benny's JSON and chart, e.g. `w1-matmul-n512`. */
  readonly file: string;
  readonly candidates: readonly Candidate[];
  /** Relative tolerance of the check, by dtype label (missing: no check). The first candidate is the reference. */
  readonly tolerance?: (dtype: string) => number;
}

interface Prepared {
  readonly impl: Impl;
  readonly runner: Runner;
  readonly async: boolean;
  /** Wall time of the last warm-up call. */
  readonly lastMs: number;
  calls: number;
}

/** Prepares, warms up and times every candidate of one case. Never throws for a peer's failure. */
export async function measureCase(spec: CaseSpec, options: RunOptions): Promise<Measurement[]> {
  const b = budget(options);
  const out = new Map<string, Measurement>();
  const checks = new Map<string, readonly number[]>();
  const slowReps = (p: Prepared) => Math.max(b.minTimeBoxedCalls, Math.min(b.maxTimeBoxedCalls, Math.floor(b.timeBoxMs / p.lastMs)));
  const fast: Prepared[] = [];
  for (const c of spec.candidates) {
    if (!isImpl(c)) {
      out.set(c.lib, { lib: c.lib, dtype: c.dtype ?? '', where: 'node', status: 'cannot run', reason: c.reason });
      continue;
    }
    let p: Prepared;
    try {
      p = await prepareAndWarm(c, b.warmupMs);
    } catch (e) {
      out.set(c.lib, { lib: c.lib, dtype: c.dtype, where: 'node', status: 'cannot run', reason: errorText(e), note: c.note });
      continue;
    }
    if (p.lastMs <= b.slowMs) {
      fast.push(p);
      continue;
    }
    // NOTE: a call too slow for benny's sampling (js-pytorch on 10⁶ elements) is time-boxed: single
    // calls, right away, and then its data is released. Kept alive, its heap (millions of small
    // arrays) would be marked by every collection while the others are timed: that alone made
    // tapegrad's PReLU 2-3× slower in the full W2 case than beside any one other library.
    const times: number[] = [];
    for (let i = 0; i < slowReps(p); i++) {
      collectGarbage();
      times.push(await timeOnce(p.runner));
    }
    const samples = times.length > 0 ? times : [p.lastMs];
    console.log(
      `  ${p.impl.lib.padEnd(26)} median ${fmtMs(median(samples)).padStart(10)}  (time-boxed: ${times.length > 0 ? `${times.length} call(s) after warm-up` : '1 call, no warm-up'})`,
    );
    out.set(
      p.impl.lib,
      timed(p, median(samples), samples.length, samples.length, times.length > 0 ? 'time-boxed' : 'time-boxed (single cold call)'),
    );
    checkAndDispose(p, checks);
  }

  // NOTE: the machine is shared. Several short passes over all libraries, rather than one long
  // run per library, spread a burst of foreign load over everyone; we keep the median of the
  // per-pass medians.
  const passMedians = new Map<string, number[]>();
  const sampleCounts = new Map<string, number>();
  for (let pass = 0; pass < b.passes; pass++) {
    collectGarbage();
    if (fast.length > 0) {
      const last = pass === b.passes - 1;
      const cases = fast.map((p) =>
        add(
          p.impl.lib,
          () =>
            p.async
              ? async () => {
                  p.calls++;
                  await p.runner.run();
                }
              : () => {
                  p.calls++;
                  void p.runner.run();
                },
          {
            minSamples: b.minSamples,
            maxTime: b.maxTimeS,
          },
        ),
      );
      const summary = await suite(
        b.passes > 1 ? `${spec.title} (pass ${pass + 1}/${b.passes})` : spec.title,
        ...cases,
        cycle((result) => {
          const ms = result.details.median * 1e3;
          return `  ${result.name.padEnd(26)} median ${fmtMs(ms).padStart(10)}  (${result.samples} samples)`;
        }),
        complete(),
        // benny's own files: the last pass (summary.json has every pass).
        ...(last
          ? [
              save({ file: spec.file, folder: options.resultsDir, format: 'json', details: true }),
              save({ file: spec.file, folder: options.resultsDir, format: 'chart.html' }),
            ]
          : []),
      );
      for (const r of summary.results) {
        passMedians.set(r.name, [...(passMedians.get(r.name) ?? []), r.details.median * 1e3]);
        sampleCounts.set(r.name, (sampleCounts.get(r.name) ?? 0) + r.samples);
      }
    }
  }
  for (const p of fast) {
    const medians = passMedians.get(p.impl.lib) ?? [];
    if (medians.length === 0) continue;
    const method = b.passes > 1 ? `benny, median of ${b.passes} pass medians` : 'benny';
    out.set(p.impl.lib, timed(p, median(medians), sampleCounts.get(p.impl.lib), p.calls, method));
  }

  // Checks: every implementation's numbers against the first candidate's (ours).
  for (const p of fast) checkAndDispose(p, checks);
  const refLib = spec.candidates[0]?.lib;
  const ref = refLib === undefined ? undefined : checks.get(refLib);
  const result: Measurement[] = [];
  for (const c of spec.candidates) {
    const m = out.get(c.lib);
    if (!m) continue;
    const mine = checks.get(c.lib);
    const tol = spec.tolerance?.(m.dtype);
    const checkOk = mine && ref && tol !== undefined ? agree(mine, ref, tol) : null;
    result.push({ ...m, ...(mine ? { check: mine } : {}), checkOk });
  }
  return result;
}

/** The measurement of an implementation that ran. */
function timed(p: Prepared, medianMs: number, samples: number | undefined, calls: number, method: string): Measurement {
  return { lib: p.impl.lib, dtype: p.impl.dtype, where: 'node', status: 'ok', note: p.impl.note, medianMs, samples, calls, method };
}

/** Reads an implementation's check numbers (after its timed calls, untimed), then releases it. */
function checkAndDispose(p: Prepared, checks: Map<string, readonly number[]>): void {
  try {
    const c = p.runner.check?.();
    if (c) checks.set(p.impl.lib, c);
  } catch (e) {
    checks.set(p.impl.lib, [Number.NaN]);
    console.log(`  ${p.impl.lib}: check failed: ${errorText(e)}`);
  }
  p.runner.dispose?.();
}

async function prepareAndWarm(impl: Impl, warmupMs: number): Promise<Prepared> {
  const runner = await impl.prepare();
  // The first call tells us whether run() is async; it is also the first warm-up call.
  const t0 = performance.now();
  const first = runner.run();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  let lastMs = performance.now() - t0;
  const start = performance.now();
  for (let i = 0; i < 50 && performance.now() - start + lastMs < warmupMs; i++) lastMs = await timeOnce(runner);
  return { impl, runner, async: isAsync, lastMs, calls: 0 };
}

/**
 * A full garbage collection, when the runner was started with `--expose-gc` (run.ts sees to it):
 * between libraries, so that no library is timed while the garbage of another is still being
 * collected (js-pytorch leaves millions of objects per call on 10⁶ elements).
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function timeOnce(runner: Runner): Promise<number> {
  const t0 = performance.now();
  const r = runner.run();
  if (r instanceof Promise) await r;
  return performance.now() - t0;
}

/** Elementwise relative agreement, with an absolute floor for values near zero. */
export function agree(a: readonly number[], b: readonly number[], rtol: number): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return Number.isFinite(x) && Math.abs(x - y) <= rtol * Math.max(1, Math.abs(x), Math.abs(y));
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function fmtMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 0.1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(2)} µs`;
}

export function errorText(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const line = text.split('\n')[0] ?? text;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
