/**
 * Argument checks shared by the random module. Each error names the method, the argument, what
 * it was given and what was expected, e.g. `normal: scale must be >= 0, got -1`.
 */
import { ArgumentError, describeValue } from '../errors.js';

/** A NumPy-style `size`: a count for a 1-d result, or the shape of the result. */
export type Size = number | readonly number[];

/** Checks `size` and returns it as a shape, with its element count. `5` means shape `[5]`. */
export function checkSize(op: string, size: unknown): { shape: number[]; count: number } {
  const expected = 'a non-negative integer or an array of non-negative integers';
  const shape = typeof size === 'number' ? [size] : size;
  if (!Array.isArray(shape)) throw new ArgumentError(`${op}: size must be ${expected}, got ${describeValue(size)}`);
  let count = 1;
  for (const d of shape as unknown[]) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ArgumentError(`${op}: size must be ${expected}, got ${describeValue(size)}`);
    }
    count *= d;
  }
  if (count > 2 ** 32) throw new ArgumentError(`${op}: size ${describeValue(size)} asks for ${count} values, more than an array can hold`);
  return { shape: [...(shape as number[])], count };
}
