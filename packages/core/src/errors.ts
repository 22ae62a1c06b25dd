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
  /** An error with `message`; its `name` is the class's (`'ShapeError'`, …), so `String(e)` names the kind. */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Shapes that do not fit together: a broadcast, a matmul, a reshape, a concat.
 *
 * @example
 * try { reshape(zeros([2, 3]), [4]); } catch (e) { console.log(e instanceof ShapeError, String(e)); }
 * // true ShapeError: reshape: cannot reshape [2,3] (6 elements) into [4] (4 elements)
 */
export class ShapeError extends TapegradError {}

/**
 * An axis outside `[-rank, rank)`, or an index outside a dimension.
 *
 * @example
 * try { select(zeros([2]), 0, 5); } catch (e) { console.log(e instanceof AxisError); } // true
 */
export class AxisError extends TapegradError {}

/**
 * An argument of the wrong type or value: a ragged array, a NaN slope, a fractional size.
 *
 * @example
 * try { leakyRelu(tensor([1]), NaN); } catch (e) { console.log(String(e)); }
 * // ArgumentError: leakyRelu: negativeSlope must be a finite number, got NaN
 */
export class ArgumentError extends TapegradError {}

/**
 * Misuse of the tape: `backward()` on a non-scalar without a gradient, through a freed graph, and so on.
 *
 * @example
 * const x = tensor([1, 2], { requiresGrad: true });
 * try { mul(x, 2).backward(); } catch (e) { console.log(e instanceof GraphError); } // true: the output has 2 elements
 */
export class GraphError extends TapegradError {}

/**
 * Found in anomaly mode (`detectAnomaly`): an op or a gradient that produced NaN or ±∞, or a value
 * that was edited between forward and backward.
 *
 * @example
 * try { detectAnomaly(() => log(tensor([0]))); } catch (e) { console.log(e instanceof AnomalyError); } // true
 */
export class AnomalyError extends TapegradError {}

/**
 * A gradient check whose analytical and numerical gradients disagree.
 *
 * @example
 * // At the kink, relu's gradient is 0 by convention but (relu(ε) − relu(−ε)) / 2ε = 0.5:
 * try { gradcheck((x) => relu(x), [tensor([0])]); } catch (e) { console.log(e instanceof GradcheckError); } // true
 */
export class GradcheckError extends TapegradError {}

// ---- helpers for messages and argument checks, shared by core and @tapegrad/nn -------------

/**
 * `[2,3]`: how every message of tapegrad prints a shape.
 *
 * @example
 * fmtShape([2, 3]); // '[2,3]'
 */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * A value as a message prints it: strings quoted, short arrays listed, long ones by their length,
 * objects by their class name.
 *
 * @example
 * describeValue('a');            // '"a"'
 * describeValue(new Float64Array(2)); // 'a Float64Array'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length <= 6 ? `[${value.map(describeValue).join(', ')}]` : `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  if (!ctor || ctor === 'Object') return 'an object';
  return `${/^[AEIOU]/.test(ctor) ? 'an' : 'a'} ${ctor}`;
}

/**
 * Checks that `value` is a finite number and returns it; otherwise throws an `ArgumentError` that
 * names the function, the argument and what it was given.
 *
 * @example
 * checkFinite('leakyRelu', 'negativeSlope', NaN);
 * // ArgumentError: leakyRelu: negativeSlope must be a finite number, got NaN
 */
export function checkFinite(who: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(`${who}: ${name} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Checks the options of a leaf (`tensor(…, options)`, `scalar(…, options)`, the constructors):
 * an object whose `requiresGrad`, when given, is a boolean and whose `name`, when given, is a string.
 *
 * @example
 * checkLeafOptions('tensor', { requiresGrad: 1 });
 * // ArgumentError: tensor: requiresGrad must be true or false, got 1
 */
export function checkLeafOptions(who: string, options: unknown): void {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`${who}: options must be an object, got ${describeValue(options)}`);
  const { requiresGrad, name } = options as { requiresGrad?: unknown; name?: unknown };
  if (requiresGrad !== undefined && typeof requiresGrad !== 'boolean') {
    throw new ArgumentError(`${who}: requiresGrad must be true or false, got ${describeValue(requiresGrad)}`);
  }
  if (name !== undefined && typeof name !== 'string') throw new ArgumentError(`${who}: name must be a string, got ${describeValue(name)}`);
}

/**
 * Checks the bounds of `clip(x, min, max)` (a number, or `null` for none) and returns them with
 * `null` as ∓∞.
 *
 * @example
 * clipBounds('clip', null, 1); // [-Infinity, 1]
 * clipBounds('clip', 2, 1);    // ArgumentError: clip: min (2) must not exceed max (1)
 */
export function clipBounds(who: string, min: number | null, max: number | null): [number, number] {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (typeof lo !== 'number' || Number.isNaN(lo))
    throw new ArgumentError(`${who}: min must be a number or null, got ${describeValue(min)}`);
  if (typeof hi !== 'number' || Number.isNaN(hi))
    throw new ArgumentError(`${who}: max must be a number or null, got ${describeValue(max)}`);
  if (lo > hi) throw new ArgumentError(`${who}: min (${lo}) must not exceed max (${hi})`);
  return [lo, hi];
}
