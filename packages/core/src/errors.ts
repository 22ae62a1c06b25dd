/**
 * The errors tapegrad throws. Each names the op (or function) that refused, what it was given and
 * what it expected, so that a message read alone says what to fix.
 *
 * @example
 * try { matmul(zeros([2, 3]), zeros([4, 5])); }
 * catch (e) { if (e instanceof ShapeError) console.log(e.message); }
 * // matmul: cannot multiply [2,3] by [4,5]: inner dimensions 3 and 4 differ
 */
export class TapegradError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit together: a broadcast, a matmul, a reshape, a concat. */
export class ShapeError extends TapegradError {}

/** An axis outside `[-rank, rank)`, or an index outside a dimension. */
export class AxisError extends TapegradError {}

/** An argument of the wrong type or value: a ragged array, a NaN slope, a fractional size. */
export class ArgumentError extends TapegradError {}

/** Misuse of the tape: `backward()` on a non-scalar without a gradient, through a freed graph, and so on. */
export class GraphError extends TapegradError {}

/** A gradient check whose analytical and numerical gradients disagree. */
export class GradcheckError extends TapegradError {}

/** `[2,3]`, the way every message prints a shape. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** A value as a message prints it: strings quoted, arrays abbreviated, objects by their class name. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length <= 6 ? `[${value.map(describe).join(', ')}]` : `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  if (!ctor || ctor === 'Object') return 'an object';
  return `${/^[AEIOU]/.test(ctor) ? 'an' : 'a'} ${ctor}`;
}
