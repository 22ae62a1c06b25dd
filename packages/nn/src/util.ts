/**
 * Small helpers shared by the files of this package: how messages print shapes and values, and
 * the argument checks every constructor uses. Not exported from the package.
 */
import { ArgumentError, TapegradError } from '@tapegrad/core';

/** `[2,3]`, the way every message of tapegrad prints a shape (as core's errors do). */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** A value as a message prints it: strings quoted, arrays abbreviated, objects by their class name. */
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

/** Checks that `value` is a finite number. */
export function checkNumber(who: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(`${who}: ${name} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/** Checks that `value` is a finite number ≥ `min` (and < `below` when given). */
export function checkRange(who: string, name: string, value: unknown, min: number, below?: number): number {
  const v = checkNumber(who, name, value);
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

/** Checks that `path` is a non-empty string (a file path). */
export function checkPath(who: string, path: unknown): string {
  if (typeof path !== 'string' || path === '')
    throw new ArgumentError(`${who}: path must be a non-empty string, got ${describeValue(path)}`);
  return path;
}

/**
 * Runs a file-system call, turning its error (no such file, a directory, no permission) into an
 * `ArgumentError` that names the function and the path; the original error is its `cause`.
 */
export function withFile<T>(who: string, path: string, what: 'read' | 'write', fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TapegradError || !(e instanceof Error) || typeof (e as { code?: unknown }).code !== 'string') throw e;
    const err = new ArgumentError(`${who}(${JSON.stringify(path)}): cannot ${what} the file: ${e.message}`);
    err.cause = e;
    throw err;
  }
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
