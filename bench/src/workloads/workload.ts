/** The interface every workload module implements. */
import type { RunOptions, WorkloadId } from '../harness.js';
import type { Peers } from '../peers/index.js';
import type { PythonMeasurement, PythonRefs, Reference } from '../peers/python.js';
import type { WorkloadReport } from '../report.js';

export interface WorkloadContext {
  readonly options: RunOptions;
  readonly peers: Peers;
  readonly python: PythonRefs;
}

export interface Workload {
  readonly id: WorkloadId;
  readonly title: string;
  /** Which Python references have something for this workload. */
  readonly references: readonly Reference[];
  run(ctx: WorkloadContext): Promise<WorkloadReport>;
}

/** Runs the workload's Python references (after its Node side), all rows together. */
export function runReferences(ctx: WorkloadContext, w: Pick<Workload, 'id' | 'references'>): PythonMeasurement[] {
  const rows: PythonMeasurement[] = [];
  for (const ref of w.references) {
    const info = ctx.python[ref];
    if (typeof info === 'string') {
      const lib = ref === 'numpy' ? 'NumPy' : 'PyTorch';
      rows.push({ workload: w.id, case: '*', lib, dtype: '', where: 'python', status: 'cannot run', reason: info });
      continue;
    }
    console.log(`  python ${info.python} (${ref}) …`);
    rows.push(...ctx.python.run(ref, [w.id], ctx.options.quick));
  }
  return rows;
}
