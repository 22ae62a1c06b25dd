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

/** The options every leaf takes: `tensor(…, options)`, the factories, `new Tensor`, `scalar`. */
const LEAF_OPTIONS: readonly string[] = ['requiresGrad', 'name'];

/**
 * Checks the options of a leaf (`tensor(…, options)`, `scalar(…, options)`, the constructors):
 * an object (not an array) whose keys are `requiresGrad` and `name` only, with `requiresGrad`, when
 * given, a boolean and `name`, when given, a string. A misspelt key is named with the one that was
 * probably meant. `hint`, when given, is added to the message for options that are not an object:
 * a factory uses it to say how to pass a shape.
 *
 * @example
 * checkLeafOptions('tensor', { requiresGrad: 1 });
 * // ArgumentError: tensor: requiresGrad must be true or false, got 1
 * checkLeafOptions('tensor', { requires_grad: true });
 * // ArgumentError: tensor: unknown option "requires_grad"; did you mean "requiresGrad"? The options are "requiresGrad", "name"
 */
export function checkLeafOptions(who: string, options: unknown, hint?: string): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    const why = hint ?? (Array.isArray(options) ? 'options are an object such as { requiresGrad: true }, not an array' : undefined);
    throw new ArgumentError(`${who}: options must be an object, got ${describeValue(options)}${why ? `; ${why}` : ''}`);
  }
  checkOptionKeys(who, options, LEAF_OPTIONS);
  const { requiresGrad, name } = options as { requiresGrad?: unknown; name?: unknown };
  if (requiresGrad !== undefined && typeof requiresGrad !== 'boolean') {
    throw new ArgumentError(`${who}: requiresGrad must be true or false, got ${describeValue(requiresGrad)}`);
  }
  if (name !== undefined && typeof name !== 'string') throw new ArgumentError(`${who}: name must be a string, got ${describeValue(name)}`);
}

/**
 * Rejects the keys of `options` that are not in `known`, naming the closest known key when one is
 * near enough to be a misspelling (`requires_grad`, `requiresgrad`, `requireGrad` for `requiresGrad`).
 */
export function checkOptionKeys(who: string, options: object, known: readonly string[]): void {
  for (const key in options) {
    if (!Object.hasOwn(options, key) || known.includes(key)) continue;
    const meant = closestName(key, known);
    const list = known.map((k) => JSON.stringify(k)).join(', ');
    throw new ArgumentError(
      `${who}: unknown option ${JSON.stringify(key)}; ${meant ? `did you mean ${JSON.stringify(meant)}? The` : 'the'} options are ${list}`,
    );
  }
}

/** The name in `names` that `key` most likely misspells: the same letters up to case, `_` and `-`, or a few edits away. */
function closestName(key: string, names: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(plain(key), plain(name));
    if (d < bestDistance && d <= Math.max(2, Math.floor(name.length / 3))) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
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
