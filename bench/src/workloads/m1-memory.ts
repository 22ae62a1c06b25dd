/**
 * M1: memory of a W3 training run, in a child process of its own per backend (`m1-child.ts`,
 * started with --expose-gc): peak RSS over 1000 steps, RSS every 100 steps (flat or growing), and the bytes the
 * tape keeps per recorded op. Quick mode runs 200 steps (the 1000-step target is then not judged).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { errorText, type Measurement } from '../harness.js';
import { fmtNum, ourBackends, ourLib, type Section, type TargetCheck, type WorkloadReport } from '../report.js';
import type { MemoryChildReport } from './m1-child.js';
import type { Workload, WorkloadContext } from './workload.js';

const CHILD = fileURLToPath(new URL('./m1-child.js', import.meta.url));
const PEAK_LIMIT_MB = 200;
const FLAT_TOLERANCE = 0.1;

export const m1: Workload = {
  id: 'M1',
  title: 'memory: a W3 training run in a child process, per backend',
  references: [],
  async run(ctx: WorkloadContext): Promise<WorkloadReport> {
    const steps = ctx.options.quick ? 200 : 1000;
    const sections: Section[] = [];
    const targets: TargetCheck[] = [];
    const notes: string[] = [];
    for (const backend of ourBackends()) {
      const lib = ourLib(backend);
      console.log(`  child: node --expose-gc m1-child.js ${steps} ${backend} …`);
      const r = spawnSync(process.execPath, ['--expose-gc', CHILD, String(steps), backend], { encoding: 'utf8', timeout: 20 * 60_000 });
      let rep: MemoryChildReport;
      try {
        if (r.error) throw r.error;
        if (r.status !== 0) throw new Error(`child exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        rep = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as MemoryChildReport;
      } catch (e) {
        const failed: Measurement = { lib, dtype: 'float64', where: 'node (child)', status: 'cannot run', reason: errorText(e) };
        sections.push({
          title: `W3 training run on '${backend}'`,
          metric: { name: 'peak RSS MB', higherIsBetter: false, fromMs: () => Number.NaN },
          rows: [failed],
        });
        targets.push({ target: `M1 (${backend})`, measured: 'the child failed', met: null });
        continue;
      }
      const judged = rep.steps >= 1000;
      const { section, checks } = judge(rep, lib, backend, judged);
      sections.push(section);
      targets.push(...checks);
      notes.push(
        `${backend}: RSS by step (MB): ${rep.rss.map((s) => `${s.step}: ${s.rssMB.toFixed(1)}`).join(', ')}`,
        `${backend}: heap used by step (MB): ${rep.rss.map((s) => `${s.step}: ${s.heapMB.toFixed(1)}`).join(', ')}`,
        `${backend}: tape bytes per recorded op (heap + ArrayBuffers after full GC, chain of 100 000 ops kept alive): Scalar ${fmtNum(rep.bytesPerScalarOp)} B/op, Tensor of shape [1] ${fmtNum(rep.bytesPerTensorOp)} B/op`,
        `${backend}: one W3 forward pass keeps ${rep.w3Forward.entries} tape entries and ${rep.w3Forward.retainedMB.toFixed(2)} MB until backward (${fmtNum(rep.w3Forward.bytesPerEntry)} B per entry, activations included)`,
      );
    }
    return { id: 'M1', title: this.title, sections, targets, notes };
  },
};

/** The section and the two targets (peak, flat) of one child's report. */
function judge(rep: MemoryChildReport, lib: string, backend: string, judged: boolean): { section: Section; checks: TargetCheck[] } {
  // Flat: the highest RSS of the second half is within FLAT_TOLERANCE of the highest of the first
  // half (from step 100: the first steps are V8 and the allocator settling). RSS saws up and down
  // with the GC; a leak shows as maxima that keep rising.
  const mid = Math.floor(rep.steps / 2 / 100) * 100;
  const first = rep.rss.filter((s) => s.step >= 100 && s.step <= mid).map((s) => s.rssMB);
  const second = rep.rss.filter((s) => s.step > mid).map((s) => s.rssMB);
  const base = first.length > 0 ? Math.max(...first) : undefined;
  const growth = base !== undefined && second.length > 0 ? (Math.max(...second) - base) / base : undefined;
  // NOTE: getrusage's maxRSS survives exec, and a spawned child starts as a fork of the runner:
  // on Linux it reported the runner's own peak (276 MB after W1–R1, against 99 MB in a child
  // spawned from a small process). VmHWM belongs to the child's own address space.
  const peak = rep.vmHwmMB ?? rep.maxRssMB;
  const peakName = rep.vmHwmMB !== null ? 'VmHWM' : 'maxRSS';
  const row: Measurement = {
    lib,
    dtype: 'float64',
    where: 'node (child)',
    status: 'ok',
    medianMs: rep.secondsPerStep * 1000,
    samples: rep.steps,
    method: 'one run',
    extra: { peakRssMB: rep.maxRssMB, vmHwmMB: rep.vmHwmMB ?? 'n/a' },
  };
  const section: Section = {
    title: `${rep.steps} W3 steps on '${backend}': mean step time; peak RSS ${peak.toFixed(1)} MB (${peakName})`,
    metric: { name: 'peak RSS MB', higherIsBetter: false, fromMs: () => peak },
    rows: [{ ...row, metric: peak }],
  };
  const checks: TargetCheck[] = [
    {
      target: `M1 (${backend}): a 1000-step W3 run's peak RSS under ${PEAK_LIMIT_MB} MB`,
      measured: `peak RSS (${peakName}) ${peak.toFixed(1)} MB over ${rep.steps} steps${judged ? '' : ' (quick mode: not judged)'}`,
      met: judged ? peak < PEAK_LIMIT_MB : null,
    },
    {
      target: `M1 (${backend}): RSS flat after the first steps`,
      measured:
        growth === undefined
          ? 'not enough samples'
          : `highest RSS of steps ${mid + 100}–${rep.steps} is ${(growth * 100).toFixed(1)}% above the highest of steps 100–${mid} (flat: ≤ ${FLAT_TOLERANCE * 100}%)`,
      met: growth === undefined || !judged ? null : growth <= FLAT_TOLERANCE,
    },
  ];
  return { section, checks };
}
