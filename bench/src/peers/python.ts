/**
 * The native references: NumPy and PyTorch, run by `bench/python/*.py` in child processes, one
 * workload at a time, right after the Node side of the same workload (so both are measured under
 * the same machine load). Each script prints one JSON object on its last line.
 *
 * Interpreters: `TAPEGRAD_BENCH_PYTHON` (comma-separated) or `python3` and `/usr/bin/python3`. For
 * NumPy we take the one with the newest NumPy, for PyTorch the one that has torch. Children run
 * single-threaded: `OPENBLAS_NUM_THREADS=1` (also OMP / MKL), `torch.set_num_threads(1)`; an
 * `OPENBLAS_CORETYPE` already set is left as is and reported. For a PyTorch linked against the
 * reference BLAS (Debian's), a directory holding an OpenBLAS `libblas.so.3` is put first on the
 * torch child's `LD_LIBRARY_PATH`: `TAPEGRAD_BENCH_TORCH_BLAS_DIR`, or where
 * `bench/python/get-openblas.sh` unpacks it (`$TMPDIR/tapegrad-openblas/...`) if that exists.
 * glibc's malloc thresholds are pinned in the children, and in the Node process itself (see
 * `MALLOC_PINS`; `TAPEGRAD_BENCH_MALLOC_PINS=0` turns that off; values already in the environment win).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorText, type Measurement, type WorkloadId } from '../harness.js';

export interface PythonInfo {
  readonly executable: string;
  readonly python: string;
  readonly numpy: string | null;
  readonly torch: string | null;
  readonly numpyBlas: readonly string[];
  readonly numpyBlasBuild?: string;
  readonly torchBlas: readonly string[];
  readonly torchThreads: number | null;
}

export type Reference = 'numpy' | 'torch';

export interface PythonRefs {
  /** The interpreter used for each reference, or why there is none. */
  readonly numpy: PythonInfo | string;
  readonly torch: PythonInfo | string;
  /** Environment the children get (thread pins, BLAS choices), for the report. */
  readonly env: Readonly<Record<string, string>>;
  /** Runs one reference script for the given workloads; never throws. */
  run(ref: Reference, workloads: readonly WorkloadId[], quick: boolean): PythonMeasurement[];
}

/** A Python result, tagged with the workload and case it belongs to (`*`: every case of the workload). */
export interface PythonMeasurement extends Measurement {
  readonly workload: string;
  readonly case: string;
}

const PYTHON_DIR = fileURLToPath(new URL('../../python/', import.meta.url));

interface RawProbe {
  executable: string;
  python: string;
  numpy: string | null;
  torch: string | null;
  numpy_blas: string[];
  numpy_blas_build?: string;
  torch_blas: string[];
  torch_threads: number | null;
}

interface RawRow {
  workload: string;
  case: string;
  lib: string;
  dtype: string;
  status: 'ok' | 'cannot run';
  reason?: string;
  note?: string;
  median_ms?: number;
  runs?: number;
  check?: number[];
  [extra: string]: unknown;
}

/** The OpenBLAS directory for the torch child: the env variable, or get-openblas.sh's default place. */
export function torchBlasDir(): string | undefined {
  const fromEnv = process.env.TAPEGRAD_BENCH_TORCH_BLAS_DIR;
  if (fromEnv) return fromEnv;
  const fetched = join(tmpdir(), 'tapegrad-openblas', 'root', 'usr', 'lib', 'x86_64-linux-gnu', 'openblas-pthread');
  return existsSync(join(fetched, 'libblas.so.3')) ? fetched : undefined;
}

/**
 * NOTE: glibc maps each large allocation (8 MB tensors) with fresh pages unless its adaptive
 * threshold has risen, and on this VM a first touch costs ~13 µs per 4 KiB page: PyTorch's W2 was
 * bimodal per process (0.7 ms or 30 ms for the same op). Fixed thresholds make glibc reuse freed
 * memory, PyTorch's usual steady state, so the reference is stable. Values already set are kept.
 */
const MALLOC_PINS: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '33554432', MALLOC_TRIM_THRESHOLD_: '268435456' };

/** The malloc variables every process of a run gets: the pins, or the values already set. */
export function mallocPins(): Record<string, string> {
  const pins: Record<string, string> = {};
  const off = process.env.TAPEGRAD_BENCH_MALLOC_PINS === '0';
  for (const [k, v] of Object.entries(MALLOC_PINS)) {
    const value = process.env[k] ?? (off ? undefined : v);
    if (value !== undefined) pins[k] = value;
  }
  return pins;
}

export function childEnv(ref: Reference): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ...mallocPins() };
  const blasDir = torchBlasDir();
  if (ref === 'torch' && blasDir) env.LD_LIBRARY_PATH = [blasDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return env;
}

function probe(executable: string, ref: Reference): PythonInfo | string {
  const r = spawnSync(executable, [`${PYTHON_DIR}probe.py`], { env: childEnv(ref), encoding: 'utf8', timeout: 60_000 });
  if (r.error) return `${executable}: ${errorText(r.error)}`;
  if (r.status !== 0) return `${executable}: probe exited ${r.status}: ${r.stderr.trim().split('\n').pop() ?? ''}`;
  try {
    const p = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as RawProbe;
    return {
      executable: p.executable,
      python: p.python,
      numpy: p.numpy,
      torch: p.torch,
      numpyBlas: p.numpy_blas,
      numpyBlasBuild: p.numpy_blas_build,
      torchBlas: p.torch_blas,
      torchThreads: p.torch_threads,
    };
  } catch (e) {
    return `${executable}: unreadable probe output: ${errorText(e)}`;
  }
}

function versionKey(v: string): number {
  const [a = 0, b = 0, c = 0] = v.split(/[.a-z+]/).map((x) => Number.parseInt(x, 10) || 0);
  return a * 1e6 + b * 1e3 + c;
}

export function detectPython(): PythonRefs {
  const candidates = (process.env.TAPEGRAD_BENCH_PYTHON ?? 'python3,/usr/bin/python3')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const seen = new Set<string>();
  const infos: { numpyProbe: PythonInfo; torchProbe: PythonInfo | string }[] = [];
  const failures: string[] = [];
  for (const c of candidates) {
    const info = probe(c, 'numpy');
    if (typeof info === 'string') {
      failures.push(info);
      continue;
    }
    const real = existsSync(info.executable) ? realpathSync(info.executable) : info.executable;
    if (seen.has(real)) continue;
    seen.add(real);
    // The torch child may get another LD_LIBRARY_PATH: probe it as it will run.
    infos.push({ numpyProbe: info, torchProbe: info.torch && torchBlasDir() ? probe(c, 'torch') : info });
  }
  const withNumpy = infos
    .map((i) => i.numpyProbe)
    .filter((i) => i.numpy !== null)
    .sort((a, b) => versionKey(b.numpy!) - versionKey(a.numpy!));
  const withTorch = infos.map((i) => i.torchProbe).filter((i): i is PythonInfo => typeof i !== 'string' && i.torch !== null);
  const none = failures.length > 0 ? ` (${failures.join('; ')})` : '';
  const numpy: PythonInfo | string = withNumpy[0] ?? `no python3 with NumPy among ${candidates.join(', ')}${none}`;
  const torch: PythonInfo | string = withTorch[0] ?? `no python3 with PyTorch among ${candidates.join(', ')}${none}`;

  const env: Record<string, string> = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ...mallocPins() };
  for (const k of ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE']) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  const blasDir = torchBlasDir();
  if (blasDir) env['LD_LIBRARY_PATH (torch child only)'] = `${blasDir}:…`;

  const run = (ref: Reference, workloads: readonly WorkloadId[], quick: boolean): PythonMeasurement[] => {
    const info = ref === 'numpy' ? numpy : torch;
    if (typeof info === 'string') return [];
    const script = `${PYTHON_DIR}bench_${ref}.py`;
    const args = [script, '--workloads', workloads.join(','), ...(quick ? ['--quick'] : [])];
    const r = spawnSync(info.executable, args, { env: childEnv(ref), encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 << 20 });
    const where = `python ${info.python}`;
    const fail = (reason: string): PythonMeasurement[] =>
      workloads.map((w) => ({
        workload: w,
        case: '*',
        lib: ref === 'numpy' ? `NumPy ${info.numpy}` : `PyTorch ${info.torch}`,
        dtype: '',
        where,
        status: 'cannot run' as const,
        reason,
      }));
    if (r.error) return fail(errorText(r.error));
    if (r.status !== 0) return fail(`bench_${ref}.py exited ${r.status}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
    let rows: RawRow[];
    try {
      rows = (JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { results: RawRow[] }).results;
    } catch (e) {
      return fail(`unreadable output: ${errorText(e)}`);
    }
    return rows.map((row) => toMeasurement(row, where));
  };

  return { numpy, torch, env, run };
}

const KNOWN = new Set(['workload', 'case', 'lib', 'dtype', 'status', 'reason', 'note', 'median_ms', 'runs', 'warmup_runs', 'check']);

function toMeasurement(row: RawRow, where: string): PythonMeasurement {
  const extra: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(row)) if (!KNOWN.has(k) && (typeof v === 'number' || typeof v === 'string')) extra[k] = v;
  return {
    workload: row.workload,
    case: row.case,
    lib: row.lib,
    dtype: row.dtype,
    where,
    status: row.status,
    ...(row.reason !== undefined ? { reason: row.reason } : {}),
    ...(row.note !== undefined ? { note: row.note } : {}),
    ...(row.median_ms !== undefined ? { medianMs: row.median_ms, samples: row.runs, calls: row.runs, method: 'python' } : {}),
    ...(row.check !== undefined ? { check: row.check } : {}),
    extra,
  };
}

/** The Python rows of one case (`case` as the script names it). */
export function pythonRows(rows: readonly PythonMeasurement[], workload: WorkloadId, caseName: string): Measurement[] {
  return rows.filter((r) => r.workload === workload && (r.case === caseName || r.case === '*'));
}
