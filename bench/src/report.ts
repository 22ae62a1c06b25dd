/**
 * What a workload reports, and how it is printed: one table per case (every library, its dtype,
 * median, the workload's figure of merit, how many samples, and how ours compares), then the
 * targets with "met" / "NOT met".
 */
import { getBackend, listBackends, setBackend } from '@tapegrad/core';
import { agree, fmtMs, type Impl, type Measurement, type Runner, type WorkloadId } from './harness.js';

const DEFAULT_BACKEND = getBackend();

/** The label of our row on `backend`: `tapegrad (wasm)`, `tapegrad (js)`. */
export function ourLib(backend: string): string {
  return `tapegrad (${backend})`;
}

/** Our row on the default backend: the one every comparison and target is about. */
export const OURS = ourLib(DEFAULT_BACKEND);

/** Whether a row is ours, on any backend. */
export function isOurs(lib: string): boolean {
  return lib.startsWith('tapegrad');
}

/** The backends ours runs on, the default first. */
export function ourBackends(): string[] {
  return [DEFAULT_BACKEND, ...listBackends().filter((name) => name !== DEFAULT_BACKEND)];
}

/**
 * One candidate of ours per backend, the default backend first: each selects its backend before it
 * prepares and before every timed run, so both backends' figures come from the same run.
 */
export function oursPerBackend(impl: Omit<Impl, 'lib' | 'prepare'> & { prepare(): Runner }): Impl[] {
  return ourBackends().map((backend) => ({
    ...impl,
    lib: ourLib(backend),
    prepare(): Runner {
      setBackend(backend);
      const runner = impl.prepare();
      return {
        ...runner,
        run: () => {
          setBackend(backend);
          return runner.run();
        },
      };
    },
  }));
}

/** A measurement with the workload's figure of merit and ours' speed-up over it. */
export interface Row extends Measurement {
  /** The figure of merit (GFLOP/s, steps/s, …), computed from the median. */
  readonly metric?: number;
  /** Their median time ÷ ours: > 1 means ours is faster. */
  readonly speedup?: number;
}

export interface Metric {
  readonly name: string;
  readonly higherIsBetter: boolean;
  /** Converts a median time (ms) into the figure of merit. */
  readonly fromMs: (ms: number, m: Measurement) => number;
}

export interface Section {
  readonly title: string;
  readonly metric: Metric;
  readonly rows: readonly Row[];
}

export interface TargetCheck {
  readonly target: string;
  /** The figures that decide it, in words. */
  readonly measured: string;
  /** null: cannot be decided (a peer did not run). */
  readonly met: boolean | null;
}

export interface WorkloadReport {
  readonly id: WorkloadId;
  readonly title: string;
  readonly sections: readonly Section[];
  readonly targets: readonly TargetCheck[];
  readonly notes: readonly string[];
}

/**
 * Adds the figure of merit and ours' speed-up to each measurement of one case; with `tolerance`,
 * also checks the numbers of rows not checked yet (the Python ones) against ours.
 */
export function section(
  title: string,
  metric: Metric,
  measurements: readonly Measurement[],
  tolerance?: (dtype: string) => number,
): Section {
  const ours = measurements.find((m) => m.lib === OURS && m.status === 'ok');
  const rows = measurements.map((m): Row => {
    if (m.status !== 'ok' || m.medianMs === undefined) return m;
    const speedup = ours?.medianMs !== undefined ? m.medianMs / ours.medianMs : undefined;
    const unchecked = m.checkOk === undefined || m.checkOk === null;
    const checkOk =
      unchecked && tolerance && m.check && ours?.check && m !== ours ? agree(m.check, ours.check, tolerance(m.dtype)) : m.checkOk;
    return {
      ...m,
      metric: metric.fromMs(m.medianMs, m),
      ...(speedup !== undefined ? { speedup } : {}),
      ...(checkOk !== undefined ? { checkOk } : {}),
    };
  });
  return { title, metric, rows };
}

export function okRow(s: Section, lib: string): Row | undefined {
  return s.rows.find((r) => r.lib === lib && r.status === 'ok' && r.medianMs !== undefined);
}

/** JavaScript peers measured in this process (everything in Node that is not ours). */
export function jsPeers(s: Section, filter: (r: Row) => boolean = () => true): { ran: Row[]; missing: Row[] } {
  const peers = s.rows.filter((r) => r.where === 'node' && !isOurs(r.lib) && filter(r));
  return { ran: peers.filter((r) => r.status === 'ok'), missing: peers.filter((r) => r.status !== 'ok') };
}

export function isFloat64(r: Row): boolean {
  return r.dtype.startsWith('float64');
}

export function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(2)} G`;
  if (a >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (a >= 1e4) return `${(x / 1e3).toFixed(1)} k`;
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

export function fmtRatio(r: number): string {
  return r >= 1
    ? `${r >= 100 ? r.toFixed(0) : r.toFixed(2)}× faster`
    : `${(1 / r) >= 100 ? (1 / r).toFixed(0) : (1 / r).toFixed(2)}× slower`;
}

function fmtRatioValue(r: number): string {
  return r >= 10 ? r.toFixed(1) : r.toPrecision(3);
}

/** "ratio ≥ want" as a target line. */
export function atLeast(target: string, what: string, ratio: number | undefined, want: number): TargetCheck {
  if (ratio === undefined || !Number.isFinite(ratio)) return { target, measured: `${what}: not measured`, met: null };
  return { target, measured: `${what} = ${fmtRatioValue(ratio)} (need ≥ ${want})`, met: ratio >= want };
}

/** "ratio ≤ limit" as a target line. */
export function atMost(target: string, what: string, ratio: number | undefined, limit: number): TargetCheck {
  if (ratio === undefined || !Number.isFinite(ratio)) return { target, measured: `${what}: not measured`, met: null };
  return { target, measured: `${what} = ${fmtRatioValue(ratio)} (need ≤ ${limit})`, met: ratio <= limit };
}

export function printReport(rep: WorkloadReport): string {
  const lines: string[] = [];
  lines.push('', `━━ ${rep.id} ${rep.title} ${'━'.repeat(Math.max(0, 90 - rep.title.length))}`);
  for (const s of rep.sections) {
    lines.push(
      '',
      `  ${s.title}   (${s.metric.name}, ${s.metric.higherIsBetter ? 'higher' : 'lower'} is better; "ours vs it": their median ÷ ours)`,
    );
    const header = ['library', 'dtype', 'where', 'median', s.metric.name, 'samples', 'ours vs it', 'check'];
    const body = s.rows.map((r) => {
      if (r.status !== 'ok' || r.medianMs === undefined) {
        return [r.lib, r.dtype, r.where, `${r.status}: ${r.reason ?? ''}`];
      }
      return [
        r.lib,
        r.dtype,
        r.where,
        fmtMs(r.medianMs),
        r.metric !== undefined ? fmtNum(r.metric) : '',
        `${r.samples ?? '?'}${r.method?.startsWith('time-boxed') ? ` (${r.method})` : ''}`,
        r.lib === OURS ? '—' : r.speedup !== undefined ? fmtRatio(r.speedup) : '',
        r.checkOk === true ? 'ok' : r.checkOk === false ? `MISMATCH ${r.check?.map((v) => v.toPrecision(6)).join(', ') ?? ''}` : '',
      ];
    });
    const widths = header.map((h, i) =>
      Math.max(h.length, ...body.filter((b) => b.length === header.length).map((b) => (b[i] ?? '').length)),
    );
    const fmt = (cells: string[]) =>
      cells.length === header.length
        ? `    ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd()
        : `    ${cells
            .slice(0, 3)
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')}  ${cells[3]}`;
    lines.push(fmt(header));
    for (const b of body) lines.push(fmt(b));
    const notes = s.rows.filter((r) => r.note).map((r) => `      ${r.lib}: ${r.note}`);
    if (notes.length > 0) lines.push(...[...new Set(notes)]);
  }
  if (rep.targets.length > 0) {
    lines.push('', '  Targets:');
    for (const t of rep.targets) {
      const mark = t.met === true ? 'met    ' : t.met === false ? 'NOT met' : 'n/a    ';
      lines.push(`    [${mark}] ${t.target} — ${t.measured}`);
    }
  }
  for (const n of rep.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
