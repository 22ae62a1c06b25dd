/**
 * R1: `defaultRng(seed).standardNormal([10⁶])` against NumPy's `rng.standard_normal(10**6)`,
 * values per second. The measuring is `bench/src/random.ts` (`runRandomBench()`, written with the
 * random module: benny for ours, `timeit` in python3 for NumPy); this adapts its result to the
 * suite's table and target.
 */
import type { Measurement } from '../harness.js';
import { runRandomBench } from '../random.js';
import { atLeast, OURS, section, type Metric, type WorkloadReport } from '../report.js';
import type { Workload, WorkloadContext } from './workload.js';

export const r1: Workload = {
  id: 'R1',
  title: 'standardNormal of 10⁶ values',
  references: [],
  async run(_ctx: WorkloadContext): Promise<WorkloadReport> {
    const r = await runRandomBench();
    const rows: Measurement[] = [
      {
        lib: OURS,
        dtype: 'float64',
        where: 'node',
        status: 'ok',
        medianMs: r.tapegrad.medianMs,
        samples: r.tapegrad.samples,
        method: 'benny (random.ts)',
      },
      r.numpy.available
        ? {
            lib: `NumPy ${r.numpy.version}`,
            dtype: 'float64',
            where: 'python3 (random.ts, timeit)',
            status: 'ok',
            medianMs: r.numpy.medianMs,
            samples: r.numpy.repeats,
            method: 'python',
          }
        : { lib: 'NumPy', dtype: 'float64', where: 'python3', status: 'cannot run', reason: r.numpy.reason },
    ];
    const metric: Metric = { name: 'values/s', higherIsBetter: true, fromMs: (ms) => (r.n * 1000) / ms };
    const s = section('standard normal draws, 10⁶ per call (each call allocates its result)', metric, rows);
    return {
      id: 'R1',
      title: this.title,
      sections: [s],
      targets: [atLeast("R1: ≥ ¼ of NumPy's standard_normal throughput", 'ours ÷ NumPy values/s', r.ratio ?? undefined, 0.25)],
      notes: [],
    };
  },
};
