/**
 * Printing tensors the way PyTorch does: one number format for the whole tensor (integers as `2.`,
 * fixed `0.0100` with 4 decimals, or scientific `1.0000e-09` when the magnitudes span more than
 * 1000× or leave [1e-4, 1e8)), right-aligned columns, and `...` past 1000 elements.
 */
import { sizeOf, type Shape } from './shape.js';
import type { NestedArray, Tensor } from './tensor.js';

const EDGE = 3;
const THRESHOLD = 1000;
const LINE_WIDTH = 80;

export function formatTensor(t: Tensor): string {
  const summarize = t.size > THRESHOLD;
  // As PyTorch: the format is chosen from the values that will be shown.
  const shown = visibleValues(t, summarize);
  const fmt = numberFormat(shown);
  const width = Math.max(1, ...shown.map((v) => fmt(v).length));
  const cell = (v: number) => fmt(v).padStart(width);
  const prefix = 'tensor(';
  const body = t.ndim === 0 ? fmt(t.data[0]!) : formatNested(t, cell, width, prefix.length, summarize);
  const suffix: string[] = [];
  if (t.size === 0 && t.ndim !== 1) suffix.push(`size=[${t.shape.join(', ')}]`);
  if (t.entry) suffix.push(`gradFn=<${t.entry.op}>`);
  else if (t.requiresGrad) suffix.push('requiresGrad=true');
  return `${prefix}${body}${suffix.map((s) => `, ${s}`).join('')})`;
}

/** Chooses the format for every value of the tensor from its finite nonzero magnitudes. */
function numberFormat(data: readonly number[]): (v: number) => string {
  let allInts = true;
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of data) {
    if (!Number.isFinite(v)) continue;
    if (v !== Math.round(v)) allInts = false;
    const a = Math.abs(v);
    if (a === 0) continue;
    maxAbs = Math.max(maxAbs, a);
    minAbs = Math.min(minAbs, a);
  }
  const hasNonzero = maxAbs > 0;
  const sci = hasNonzero && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || (!allInts && minAbs < 1e-4));
  return (v: number) => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    const sign = Object.is(v, -0) ? '-' : '';
    if (sci) return sign + scientific(v);
    if (allInts) return `${sign}${v.toFixed(0)}.`;
    return sign + v.toFixed(4);
  };
}

/** Python's `'{:.4e}'`: the exponent has a sign and at least two digits. */
function scientific(v: number): string {
  const [mant, exp] = v.toExponential(4).split('e') as [string, string];
  const sign = exp.startsWith('-') ? '-' : '+';
  return `${mant}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}

function visibleValues(t: Tensor, summarize: boolean): number[] {
  if (!summarize) return Array.from(t.data);
  const out: number[] = [];
  // Walk every index, keeping those within EDGE of either end on every axis.
  const counter = new Array<number>(t.ndim).fill(0);
  for (let k = 0; k < t.size; k++) {
    if (counter.every((c, ax) => c < EDGE || c >= t.shape[ax]! - EDGE)) out.push(t.data[k]!);
    for (let ax = t.ndim - 1; ax >= 0; ax--) {
      if (++counter[ax]! < t.shape[ax]!) break;
      counter[ax] = 0;
    }
  }
  return out;
}

/** Formats the nested brackets iteratively: rows of the last axis first, then each enclosing level. */
function formatNested(t: Tensor, cell: (v: number) => string, width: number, indent: number, summarize: boolean): string {
  const rank = t.ndim;
  const last = t.shape[rank - 1]!;
  const keep = (n: number) => (summarize && n > 2 * EDGE ? [...range(0, EDGE), -1, ...range(n - EDGE, n)] : range(0, n));
  // Innermost rows, wrapped at LINE_WIDTH.
  const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent - (rank - 1)) / (width + 2)));
  let blocks: string[] = [];
  const rows = t.size === 0 ? (rank === 1 ? 1 : 0) : t.size / Math.max(1, last);
  const rowIdx = leadingIndices(t.shape.slice(0, -1), keep);
  for (const r of rowIdx) {
    if (r === -1) {
      blocks.push('...');
      continue;
    }
    const cells = keep(last).map((j) => (j === -1 ? ' ...' : cell(t.data[r * last + j]!)));
    const lines: string[] = [];
    for (let i = 0; i < cells.length; i += perLine) lines.push(cells.slice(i, i + perLine).join(', '));
    blocks.push(`[${lines.join(`,\n${' '.repeat(indent + rank)}`)}]`);
  }
  if (rows === 0 && rank > 1) blocks = [];
  // Wrap the rows in brackets, one enclosing axis at a time.
  for (let ax = rank - 2; ax >= 0; ax--) {
    const n = keep(t.shape[ax]!).length;
    const sep = `,\n${'\n'.repeat(rank - 2 - ax)}${' '.repeat(indent + ax + 1)}`;
    const grouped: string[] = [];
    for (let i = 0; i < blocks.length; i += n) {
      const group = blocks.slice(i, i + n);
      grouped.push(group.every((b) => b === '...') ? '...' : `[${group.join(sep)}]`);
    }
    blocks = grouped.length > 0 ? grouped : ['[]'];
  }
  return blocks[0] ?? '[]';
}

/** Flat row numbers of the leading axes to print, with -1 marking an elided run. */
function leadingIndices(shape: readonly number[], keep: (n: number) => number[]): number[] {
  let rows: number[] = [0];
  for (const d of shape) {
    const next: number[] = [];
    for (const r of rows) for (const j of keep(d)) next.push(r === -1 || j === -1 ? -1 : r * d + j);
    rows = next;
  }
  return rows;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}

/** `data` as nested arrays of `shape` (a number for a 0-d shape), as `Tensor.toArray()` gives it. */
export function nestedValues(data: Float64Array, shape: Shape): NestedArray {
  if (shape.length === 0) return data[0]!;
  let level: NestedArray[] = Array.from(data);
  // Group the flat values innermost axis first: [1..6] -> [[1,2,3],[4,5,6]] for shape [2,3].
  for (let axis = shape.length - 1; axis >= 1; axis--) {
    const d = shape[axis]!;
    const grouped: NestedArray[] = [];
    for (let i = 0; i < level.length; i += d) grouped.push(level.slice(i, i + d));
    if (d === 0) for (let i = 0; i < sizeOf(shape.slice(0, axis)); i++) grouped.push([]);
    level = grouped;
  }
  return level;
}

/**
 * A tensor as JSON: what `JSON.stringify(t)` writes (`Tensor.toJSON`), and the record per tensor of
 * `stateDictToJSON`.
 *
 * @example
 * const record: TensorJSON = { shape: [2], data: [0.5, 'NaN'] };
 */
export interface TensorJSON {
  /** The dimensions. */
  shape: number[];
  /** The values, row-major; NaN, ±Infinity and −0 as the strings "NaN", "Infinity", "-Infinity", "-0". */
  data: (number | string)[];
}

/** The values as JSON writes them exactly: numbers, and NaN, ±Infinity and −0 as strings. */
export function jsonValues(data: Float64Array): (number | string)[] {
  return Array.from(data, (v) => (Number.isFinite(v) && !Object.is(v, -0) ? v : Object.is(v, -0) ? '-0' : String(v)));
}
