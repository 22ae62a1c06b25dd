"""Shared helpers of the Python references: the benchmark's deterministic inputs (the same formula as
bench/src/data.ts), a median timer with the same warm-up and time-box policy as the Node side, and
the JSON that the Node runner reads back (one object on the last line of stdout)."""
import json
import os
import statistics
import sys
import time

import numpy as np


def hashed(n, seed, scale=1.0):
    """n values in [-scale, scale): lowbias32 hash of (index + seed * 1000003), as bench/src/data.ts."""
    offset = (seed * 1_000_003) & 0xFFFFFFFF
    h = (np.arange(n, dtype=np.uint64) + offset) & 0xFFFFFFFF
    h = h.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x7FEB352D)
    h ^= h >> np.uint32(15)
    h *= np.uint32(0x846CA68B)
    h ^= h >> np.uint32(16)
    return scale * (2.0 * (h.astype(np.float64) / 4294967296.0) - 1.0)


def labels(n, seed):
    return (hashed(n, seed) > 0).astype(np.float64)


class Budget:
    """Warm-up and time-box, mirroring bench/src/harness.ts: quick passes are shorter."""

    def __init__(self, quick):
        self.warmup_s = 0.15 if quick else 0.5
        self.budget_s = 0.8 if quick else 2.5
        self.min_runs = 3 if quick else 5
        self.max_runs = 200


def measure(fn, budget, slow_s=None):
    """Median wall time of fn() in ms after a warm-up; returns (median_ms, runs, warmup_runs).

    Warm-up: call fn until budget.warmup_s has passed (at least once). Then time single calls until
    both min_runs calls and budget_s seconds are done (a call slower than budget_s / min_runs gets
    fewer runs: at least one)."""
    warm = 0
    start = time.perf_counter()
    last = 0.0
    while True:
        t0 = time.perf_counter()
        fn()
        last = time.perf_counter() - t0
        warm += 1
        if time.perf_counter() - start >= budget.warmup_s or warm >= 50:
            break
    times = []
    start = time.perf_counter()
    min_runs = budget.min_runs if last * budget.min_runs <= 2 * budget.budget_s else max(1, int(2 * budget.budget_s / max(last, 1e-9)))
    while len(times) < budget.max_runs:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= min_runs and time.perf_counter() - start >= budget.budget_s:
            break
    return statistics.median(times) * 1e3, len(times), warm


def blas_libraries():
    """The BLAS/LAPACK shared libraries this process has loaded (after a matmul has run)."""
    libs = []
    try:
        with open('/proc/self/maps') as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ''
                name = os.path.basename(path)
                if ('blas' in name or 'lapack' in name or 'mkl' in name) and path not in libs:
                    libs.append(path)
    except OSError:
        pass
    return libs


def env_info():
    keys = ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'LD_LIBRARY_PATH']
    return {
        'executable': sys.executable,
        'python': sys.version.split()[0],
        'numpy': np.__version__,
        'env': {k: os.environ[k] for k in keys if k in os.environ},
    }


class Results:
    def __init__(self, quick):
        self.quick = quick
        self.budget = Budget(quick)
        self.rows = []

    def ok(self, workload, case, lib, dtype, median_ms, runs, warm, check=None, note=None, **extra):
        row = {'workload': workload, 'case': case, 'lib': lib, 'dtype': dtype, 'status': 'ok',
               'median_ms': median_ms, 'runs': runs, 'warmup_runs': warm}
        if check is not None:
            row['check'] = [float(v) for v in check]
        if note:
            row['note'] = note
        row.update(extra)
        self.rows.append(row)

    def fail(self, workload, case, lib, dtype, reason):
        self.rows.append({'workload': workload, 'case': case, 'lib': lib, 'dtype': dtype,
                          'status': 'cannot run', 'reason': reason})

    def run(self, workload, case, lib, dtype, fn, check=None, note=None, **extra):
        """Times fn; on an exception records 'cannot run' with the reason instead of crashing."""
        try:
            median_ms, runs, warm = measure(fn, self.budget)
            self.ok(workload, case, lib, dtype, median_ms, runs, warm, check() if check else None, note, **extra)
        except Exception as e:  # noqa: BLE001 - any failure of a reference is reported, never fatal
            self.fail(workload, case, lib, dtype, f'{type(e).__name__}: {e}')


def parse_args(argv):
    workloads = set()
    quick = False
    for i, a in enumerate(argv):
        if a == '--quick':
            quick = True
        elif a == '--workloads' and i + 1 < len(argv):
            workloads = set(argv[i + 1].split(','))
    return workloads, quick


def emit(payload):
    sys.stdout.write(json.dumps(payload) + '\n')
    sys.stdout.flush()
