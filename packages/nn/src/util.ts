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
