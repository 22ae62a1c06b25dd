/**
 * What backward allocates: a gradient that arrives twice is summed in place into an array only the
 * pass holds, a leaf's `.grad` made by backward is added into in place on later passes, and what
 * the pass hands over is never copied without need. And what it must never write: the seed, a
 * tensor the user put in `.grad`, a value the graph still reads, an array another gradient holds.
 */
import {
  type Tensor,
  add,
  backward,
  getBackend,
  gradients,
  leakyRelu,
  mul,
  registerBackend,
  reshape,
  setBackend,
  sum,
  tensor,
} from '@tapegrad/core';
import { afterEach, describe, expect, test } from 'vitest';
import { type Backend, kernels } from '../../packages/core/src/kernels/backend.js';

const start = getBackend();
afterEach(() => setBackend(start));

const N = 1000;
const ramp = (n = N, scale = 1) => Array.from({ length: n }, (_, i) => scale * (i - n / 2));
const leaf = (values: number[]) => tensor(values, { requiresGrad: true });
const values = (t: Tensor | null) => Array.from(t!.data);

/** Switches to the active backend with every kernel wrapped: the calls by name and the arrays of N values or more they returned. */
function watchKernels(): { calls: Map<string, number>; large: Float64Array[] } {
  const calls = new Map<string, number>();
  const large: Float64Array[] = [];
  const base = kernels as unknown as Record<string, unknown>;
  const wrapped: Record<string, unknown> = { name: 'watched' };
  for (const [key, fn] of Object.entries(base)) {
    if (typeof fn !== 'function') continue;
    wrapped[key] = (...args: unknown[]) => {
      calls.set(key, (calls.get(key) ?? 0) + 1);
      const out = (fn as (...a: unknown[]) => unknown)(...args);
      if (out instanceof Float64Array && out.length >= N) large.push(out);
      return out;
    };
  }
  registerBackend(wrapped as unknown as Backend);
  setBackend('watched');
  return { calls, large };
}

describe('a gradient that arrives twice is summed in place', () => {
  test('x used three times: two in-place sums, no new array for them', () => {
    const x = leaf(ramp());
    const loss = sum(add(add(mul(x, 2), mul(x, 3)), mul(x, 4)));
    const { calls, large } = watchKernels();
    loss.backward();
    expect(values(x.grad)).toEqual(new Array(N).fill(9));
    expect(calls.get('accumulate')).toBe(2);
    expect(calls.get('binary')).toBe(3); // g·4, g·3, g·2: no `add` of gradients
    expect(large).toHaveLength(4); // sum's gradient spread over x, then the three products
    expect(large).toContain(x.grad!.data); // the leaf keeps an array backward made, uncopied
  });

  test('the sum of a non-leaf is made in place and read once by its rule', () => {
    const x = leaf(ramp());
    const h = mul(x, 2); // h is used twice, so its gradient arrives twice
    const loss = sum(add(mul(h, 3), mul(h, 5)));
    const { calls } = watchKernels();
    loss.backward();
    expect(values(x.grad)).toEqual(new Array(N).fill(16));
    expect(calls.get('accumulate')).toBe(1);
  });

  test('an array a leaf keeps while another gradient still holds it is not written', () => {
    // add(a, m) hands one array to a's grad and to m's pending sum; a's next arrival must not
    // change it before m's rule reads it.
    const a = leaf(ramp());
    const b = leaf(ramp());
    const m = mul(b, 1);
    const p = mul(a, 3);
    const q = add(a, m);
    sum(add(q, p)).backward();
    expect(values(a.grad)).toEqual(new Array(N).fill(4));
    expect(values(b.grad)).toEqual(new Array(N).fill(1));
    expect(a.grad!.data).not.toBe(b.grad!.data);
  });

  test('a leaf used twice in one add gets twice the gradient, its own array', () => {
    const x = leaf(ramp());
    const seed = tensor(ramp(N, 0.5));
    backward(add(x, x), { grad: seed });
    expect(values(x.grad)).toEqual(ramp(N, 1));
    expect(values(seed)).toEqual(ramp(N, 0.5));
    expect(x.grad!.data).not.toBe(seed.data);
  });
});

describe("a leaf's grad made by backward is added into in place", () => {
  test('repeated backward keeps the same .grad tensor and array, with the sum of both passes', () => {
    const x = leaf(ramp());
    backward(sum(mul(x, x)));
    const first = x.grad!;
    const array = first.data;
    const loss = sum(mul(x, 3));
    const { calls, large } = watchKernels();
    loss.backward();
    expect(x.grad).toBe(first);
    expect(x.grad!.data).toBe(array);
    expect(values(x.grad)).toEqual(ramp(N, 2).map((v) => v + 3));
    expect(calls.get('accumulate')).toBe(1);
    expect(large).toHaveLength(2); // sum's gradient spread over x, g·3; nothing for the sum into .grad
  });

  test('retainGraph: a second pass through the same graph doubles .grad in place', () => {
    const x = leaf(ramp());
    const loss = sum(leakyRelu(x, 0.1));
    loss.backward({ retainGraph: true });
    const first = x.grad!;
    loss.backward();
    expect(x.grad).toBe(first);
    expect(values(x.grad)).toEqual(ramp().map((v) => (v > 0 ? 2 : 0.2)));
  });

  test('an activation: forward and backward make one array each, and the leaf keeps the second', () => {
    const x = leaf(ramp());
    const g = tensor(ramp(N, 0.25));
    const { large } = watchKernels();
    backward(leakyRelu(x), { grad: g });
    expect(large).toHaveLength(2);
    expect(x.grad!.data).toBe(large[1]);
    backward(leakyRelu(x), { grad: g });
    expect(large).toHaveLength(4);
    expect(x.grad!.data).toBe(large[1]);
    expect(values(g)).toEqual(ramp(N, 0.25));
  });

  test('a tensor the user put in .grad is never written: the sum is a new tensor', () => {
    const x = leaf(ramp(10));
    const mine = tensor(ramp(10, 2));
    x.grad = mine;
    backward(sum(mul(x, 3)));
    expect(values(mine)).toEqual(ramp(10, 2));
    expect(x.grad).not.toBe(mine);
    expect(values(x.grad)).toEqual(ramp(10, 2).map((v) => v + 3));
  });

  test("one leaf's grad put into another leaf is not written for that other leaf", () => {
    const a = leaf(ramp(10));
    const b = leaf(ramp(10));
    backward(sum(mul(a, 2)));
    b.grad = a.grad;
    backward(sum(mul(b, 5)));
    expect(values(a.grad)).toEqual(new Array(10).fill(2));
    expect(values(b.grad)).toEqual(new Array(10).fill(7));
  });

  test('the seed is never written, even when it is the leaf’s own .grad', () => {
    const x = leaf(ramp(200));
    backward(reshape(x, [10, 20]), { grad: tensor(ramp(200)).reshape([10, 20]) });
    const seed = reshape(x.grad!, [10, 20]); // shares x.grad's array
    backward(reshape(x, [10, 20]), { grad: seed });
    expect(values(seed)).toEqual(ramp(200));
    expect(values(x.grad)).toEqual(ramp(200, 2));
    expect(x.grad!.data).not.toBe(seed.data);
  });

  test('a .grad the graph reads as a value is not changed before the rule that reads it', () => {
    const x = leaf(ramp());
    backward(sum(mul(x, x))); // x.grad = 2x
    const twice = ramp(N, 2);
    // x.grad is now an input of mul: its rule runs after mul(x, 3)'s has added 3 into x's gradient
    const loss = add(sum(mul(x, x.grad!)), sum(mul(x, 3)));
    loss.backward();
    expect(values(x.grad)).toEqual(twice.map((v) => v + v + 3));
  });

  test('createGraph: gradients are recorded, never written in place, and differentiate again', () => {
    const x = leaf([1, 2, 3]);
    backward(sum(mul(mul(x, x), x)), { createGraph: true }); // x.grad = 3x², on the tape
    const first = x.grad!;
    expect(first.isLeaf).toBe(false);
    expect(values(first)).toEqual([3, 12, 27]);
    const [second] = gradients(sum(first), [x]); // d/dx Σ 3x² = 6x
    expect(values(second!)).toEqual([6, 12, 18]);
    backward(sum(mul(x, 2))); // a plain pass adds into a new tensor, not into the recorded one
    expect(values(first)).toEqual([3, 12, 27]);
    expect(values(x.grad)).toEqual([5, 14, 29]);
  });

  test('createGraph with a leaf used twice: the sum is on the tape', () => {
    const x = leaf([1, 2]);
    backward(sum(add(mul(x, x), mul(x, 3))), { createGraph: true }); // 2x + 3
    expect(values(x.grad)).toEqual([5, 7]);
    x.grad!.backward({ grad: [1, 1] }); // d/dx (2x + 3) = 2, added into x.grad: a new tensor
    expect(values(x.grad)).toEqual([7, 9]);
  });
});

describe('gradients() returns arrays of their own', () => {
  test('a non-leaf target and the leaf below it', () => {
    const x = leaf(ramp());
    const h = mul(x, 2);
    const loss = sum(add(mul(h, 3), h));
    const [dh, dx] = gradients(loss, [h, x]);
    expect(values(dh!)).toEqual(new Array(N).fill(4));
    expect(values(dx!)).toEqual(new Array(N).fill(8));
    expect(dh!.data).not.toBe(dx!.data);
    expect(x.grad).toBe(null);
  });
});

describe('what the pass hands over owns its array', () => {
  const owns = (data: Float64Array) => data.byteOffset === 0 && data.buffer.byteLength === data.byteLength;
  test.each([2, 8, 9, 64, 128, 129])('a target summed from two arrivals, %i values', (n) => {
    const x = leaf(ramp(n));
    const h = mul(x, 1);
    const [dh] = gradients(sum(add(mul(h, 2), mul(h, 3))), [h]);
    expect(values(dh!)).toEqual(new Array(n).fill(5));
    expect(owns(dh!.data)).toBe(true);
  });

  test.each([2, 8, 9, 64, 128, 129])("a leaf's grad summed from two arrivals, %i values", (n) => {
    const x = leaf(ramp(n));
    sum(add(mul(x, 2), mul(x, 3))).backward();
    expect(values(x.grad)).toEqual(new Array(n).fill(5));
    expect(owns(x.grad!.data)).toBe(true);
  });
});
