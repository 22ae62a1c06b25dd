/**
 * `allocF64`: arrays of 9 to SLAB_MAX values are views of a shared slab. Each must be zero-filled,
 * never overlap another, and a tensor built on one must behave as one with an array of its own.
 */
import { add, tensor, zeros } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { SLAB_MAX, allocF64, copyF64 } from '../../../packages/core/src/kernels/js/alloc.js';

describe('allocF64', () => {
  test('sizes up to 8 and above SLAB_MAX get an ArrayBuffer of their own', () => {
    for (const n of [0, 1, 8, SLAB_MAX + 1, 10_000]) {
      const a = allocF64(n);
      expect(a.length).toBe(n);
      expect(a.byteOffset).toBe(0);
      expect(a.buffer.byteLength).toBe(8 * n);
    }
  });

  test('slab arrays are zero-filled, disjoint, and span every slab boundary cleanly', () => {
    const arrays: Float64Array[] = [];
    // 200 arrays of 9..SLAB_MAX values: several slabs, each array filled with its own index.
    for (let i = 0; i < 200; i++) {
      const n = 9 + ((i * 37) % (SLAB_MAX - 8));
      const a = allocF64(n);
      expect(a.length).toBe(n);
      expect(a.every((v) => v === 0)).toBe(true);
      a.fill(i + 1);
      arrays.push(a);
    }
    arrays.forEach((a, i) =>
      expect(
        a.every((v) => v === i + 1),
        `array ${i} was overwritten`,
      ).toBe(true),
    );
    // Arrays in one slab: distinct, non-overlapping byte ranges.
    const byBuffer = new Map<ArrayBufferLike, [number, number][]>();
    for (const a of arrays) {
      const list = byBuffer.get(a.buffer) ?? [];
      list.push([a.byteOffset, a.byteOffset + a.byteLength]);
      byBuffer.set(a.buffer, list);
    }
    expect(byBuffer.size).toBeGreaterThan(1);
    for (const ranges of byBuffer.values()) {
      ranges.sort((p, q) => p[0] - q[0]);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
    }
  });

  test('copyF64 copies into a new array', () => {
    const src = Float64Array.from({ length: 20 }, (_, i) => i * 0.5);
    const c = copyF64(src);
    expect(c).toEqual(src);
    c[0] = 99;
    expect(src[0]).toBe(0);
  });

  test('tensors on slab views: ops read only their own values, and tensor() copies', () => {
    const a = zeros([3, 4]);
    const b = add(a, 1);
    const c = add(b, tensor([1, 2, 3, 4]));
    expect(a.toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(c.toArray()).toEqual([
      [2, 3, 4, 5],
      [2, 3, 4, 5],
      [2, 3, 4, 5],
    ]);
    const d = tensor(c);
    d.data[0] = -1;
    expect(c.data[0]).toBe(2);
    // Read through byteOffset/byteLength, a view gives exactly its tensor's values.
    const bytes = new Float64Array(c.data.buffer, c.data.byteOffset, c.data.length);
    expect(Array.from(bytes)).toEqual(Array.from(c.data));
  });
});
