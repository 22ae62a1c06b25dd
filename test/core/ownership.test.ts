/**
 * Who owns which memory: a tensor you make owns its array; two leaves' gradients never share one,
 * nor with the caller's seed; an op's output never aliases an input it did not say it shares.
 */
import { add, arange, backward, gradients, mul, ones, reshape, sum, tensor, zeros } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';

const owns = (data: Float64Array) => data.byteOffset === 0 && data.buffer.byteLength === data.byteLength;

describe('a tensor you make owns its array', () => {
  test.each([1, 8, 9, 64, 128, 129])('tensor, zeros, ones, arange and clone of %i values', (n) => {
    const values = Array.from({ length: n }, (_, i) => i);
    for (const t of [tensor(values), zeros([n]), ones([n]), arange(n), mul(tensor(values), 2).clone()]) {
      expect(owns(t.data)).toBe(true);
    }
  });
});

describe('gradients never share memory', () => {
  test("a + b: each leaf's grad is its own array, so an in-place clip of one leaves the other", () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([4, 5, 6], { requiresGrad: true });
    sum(add(a, b)).backward();
    expect(a.grad!.data).not.toBe(b.grad!.data);
    expect(a.grad!.data.buffer === b.grad!.data.buffer && a.grad!.data.byteOffset === b.grad!.data.byteOffset).toBe(false);
    a.grad!.data.forEach((v, i, d) => (d[i] = v * 0.5));
    expect(Array.from(a.grad!.data)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(b.grad!.data)).toEqual([1, 1, 1]);
  });

  test('a reshape hands the seed on unchanged: the leaf gets a copy, never the seed itself', () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const seed = tensor([
      [1, 2],
      [3, 4],
    ]);
    backward(reshape(x, [2, 2]), { grad: seed });
    expect(x.grad!.data).not.toBe(seed.data);
    seed.data[0] = 100;
    expect(x.grad!.data[0]).toBe(1);
  });

  test('gradients() of two leaves fed by one add are separate arrays', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const [ga, gb] = gradients(sum(add(a, b)), [a, b]);
    expect(ga!.data).not.toBe(gb!.data);
  });
});

describe("a leaf's gradient owns its array", () => {
  test.each([9, 64, 128])('for %i values, where op outputs are views of a shared block', (n) => {
    const x = tensor(
      Array.from({ length: n }, (_, i) => i - 3),
      { requiresGrad: true },
    );
    const y = mul(x, 2);
    sum(mul(y, y)).backward();
    expect(owns(x.grad!.data)).toBe(true);
    expect(Array.from(x.grad!.data)).toEqual(Array.from({ length: n }, (_, i) => 8 * (i - 3)));
  });
});
