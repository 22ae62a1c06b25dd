/**
 * The argument checks the constructors of this package share, on top of core's `checkFinite` and
 * `describeValue` (which also print every message's values the way core does). Not exported from
 * the package.
 */
import { ArgumentError, checkFinite, describeValue } from '@tapegrad/core';

/** Checks that `value` is a finite number ≥ `min` (and < `below` when given). */
export function checkRange(who: string, name: string, value: unknown, min: number, below?: number): number {
  const v = checkFinite(who, name, value);
  if (v < min || (below !== undefined && v >= below)) {
    const range = below === undefined ? `>= ${min}` : `in [${min}, ${below})`;
    throw new ArgumentError(`${who}: ${name} must be ${range}, got ${v}`);
  }
  return v;
}

/** Checks that `value` is an integer ≥ `min`. */
export function checkInteger(who: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ArgumentError(`${who}: ${name} must be an integer >= ${min}, got ${describeValue(value)}`);
  }
  return value;
}

/** Checks that `value` is a boolean. */
export function checkBoolean(who: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ArgumentError(`${who}: ${name} must be true or false, got ${describeValue(value)}`);
  return value;
}

/** Rejects option keys a function does not know (a misspelt `weight_decay` must not pass silently). */
export function checkKeys(who: string, options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`${who}: options must be an object, got ${describeValue(options)}`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ArgumentError(
        `${who}: unknown option ${JSON.stringify(key)}; the options are ${known.map((k) => JSON.stringify(k)).join(', ')}`,
      );
    }
  }
}

/**
 * A number as Python's `repr` prints a float (`1e-05`, `0.1`, `1.0`, `1e+16`), for the `toString()`
 * of layers whose PyTorch `repr` shows floats: the shortest round-tripping digits, in scientific
 * notation when the exponent is below −4 or at least 16.
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (x !== 0 && (e < -4 || e >= 16)) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const fixed = String(x);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** A boolean as Python prints it: `True`, `False`. */
export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}
