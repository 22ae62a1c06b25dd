/**
 * The backward primitives at their kinks, exactly: at z = 0 (and −0) each takes the value of the
 * negative side (0 for ReLU, α·g for Leaky ReLU, α_c·g for PReLU with nothing added to dweight,
 * α·g for ELU), as PyTorch. Also where tapegrad and PyTorch 1.13 part ways on purpose: ELU's
 * second derivative at 0. Fixture: test/fixtures/core-backward.json.
 */
import { type Tensor, eluBackward, gradients, leakyReluBackward, mul, preluBackward, reluBackward, sum, tensor } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { num } from '../../helpers.js';
import { backwardCases, eluKinkMask, firstOrder, inputsOf, weighted } from './backward-cases.js';

const Z = [0, -0, 0, -0];
const G = [1.5, -2.25, 0.375, -7];
const data = (t: Tensor | null) => Array.from(t!.data);

describe('the first derivative at exactly z = 0 takes the negative side', () => {
  test('reluBackward: 0, whatever g is (even ±Infinity)', () => {
    expect(data(reluBackward(tensor(G), tensor(Z)))).toEqual([0, 0, 0, 0]);
    expect(data(reluBackward(tensor([Infinity, -Infinity]), tensor([0, -0])))).toEqual([0, 0]);
  });

  test.each([0.01, 0.2, 1.5])('leakyReluBackward, α = %s: α·g', (alpha) => {
    expect(data(leakyReluBackward(tensor(G), tensor(Z), alpha))).toEqual(G.map((g) => alpha * g));
  });

  test.each([1, 0.5, 2])('eluBackward, α = %s: α·g (α·e⁰)', (alpha) => {
    expect(data(eluBackward(tensor(G), tensor(Z), alpha))).toEqual(G.map((g) => alpha * g));
  });

  test('the defaults are α = 0.01 for leakyReluBackward and α = 1 for eluBackward', () => {
    expect(data(leakyReluBackward(tensor(G), tensor(Z)))).toEqual(G.map((g) => 0.01 * g));
    expect(data(eluBackward(tensor(G), tensor(Z)))).toEqual(G);
    const z = tensor([-1.5, 0.5, -0.25, 2]);
    expect(data(leakyReluBackward(tensor(G), z))).toEqual(data(leakyReluBackward(tensor(G), z, 0.01)));
    expect(data(eluBackward(tensor(G), z))).toEqual(data(eluBackward(tensor(G), z, 1)));
  });

  test('preluBackward, per channel: dz = α_c·g, and nothing is added to dweight_c', () => {
    const alpha = [0.25, -0.5, 1.5];
    const z = tensor([
      [0, -0, 0],
      [-0, 0, -0],
    ]);
    const g = tensor([
      [1.5, -2.25, 0.375],
      [-7, 3, 0.5],
    ]);
    const [dz, dw] = preluBackward(g, z, tensor(alpha));
    expect(data(dz)).toEqual([1.5 * 0.25, -2.25 * -0.5, 0.375 * 1.5, -7 * 0.25, 3 * -0.5, 0.5 * 1.5]);
    expect(data(dw)).toEqual([0, 0, 0]);
  });

  test('preluBackward: g at the kink does not change dweight at all, per channel or shared', () => {
    // z of [2, 3, 2] with zeros among values of both signs; g at the zeros changed wildly.
    const zs = [-1.5, 0, 2, -0, -0.5, 0.75, 0, -2, -0, 1, -3, 0];
    const g1 = [0.5, 1, -1.25, 2, 0.75, -0.5, 3, 1.5, -4, 0.25, -1, 5];
    const g2 = g1.map((g, i) => (zs[i] === 0 ? g * 1000 + 7 : g));
    const z = tensor(zs).reshape([2, 3, 2]);
    for (const weight of [tensor([0.25, -0.5, 1.5]), tensor([0.3])]) {
      const [dz1, dw1] = preluBackward(tensor(g1).reshape([2, 3, 2]), z, weight);
      const [, dw2] = preluBackward(tensor(g2).reshape([2, 3, 2]), z, weight);
      expect(data(dw2)).toEqual(data(dw1));
      // and dz at the kink is α_c·g
      const a = (i: number) => weight.data[weight.size === 1 ? 0 : Math.floor(i / 2) % 3]!;
      zs.forEach((v, i) => {
        if (v === 0) expect(dz1!.data[i]).toBe(g1[i]! * a(i));
      });
    }
  });
});

describe('the second derivative at z = 0', () => {
  test('reluBackward and leakyReluBackward are flat in z, kinks included: exactly 0', () => {
    const z = tensor([0, -0, -1.5, 2], { requiresGrad: true });
    const g = tensor([1.5, -2.25, 0.375, -7]);
    const v = tensor([0.5, 3, -1, 2]);
    for (const f of [(z: Tensor) => reluBackward(g, z), (z: Tensor) => leakyReluBackward(g, z, 0.2)]) {
      const out = f(z);
      const [dz] = out.requiresGrad ? gradients(sum(mul(out, v)), [z]) : [null];
      expect(dz === null || data(dz).every((x) => x === 0)).toBe(true);
    }
  });

  test('preluBackward: d(dz)/dα_c and d(dweight_c)/dz take the z ≤ 0 side at 0, as PyTorch (fixture)', () => {
    const z = tensor([[0, -0, 1]], { requiresGrad: true });
    const g = tensor([[1.5, -2.25, 4]], { requiresGrad: true });
    const w = tensor([0.25, -0.5, 1.5], { requiresGrad: true });
    const [dz] = preluBackward(g, z, w);
    // d Σ dz / dα_c = g_c where z ≤ 0, else 0
    expect(data(gradients(sum(dz!), [w])[0]!)).toEqual([1.5, -2.25, 0]);
    const [, dw] = preluBackward(g, z, w);
    // d Σ dweight / dz = g where z ≤ 0, else 0
    expect(data(gradients(sum(dw!), [z])[0]!)).toEqual([1.5, -2.25, 0]);
  });

  // PyTorch 1.13 takes the z ≤ 0 side for ELU's first derivative at 0 (α) but the z > 0 side for
  // its second (elu_double_backward tests z < 0, giving 0). tapegrad takes the z ≤ 0 side at both
  // orders: its second derivative at 0 is its value just below 0 (α·e⁻⁰ = α), not 0.
  const eluKinks = backwardCases().filter((c) => eluKinkMask(c) !== null && c.grads !== null);

  test('the fixture has ELU cases at 0, where PyTorch gives 0 for the second derivative', () => {
    expect(eluKinks.length).toBeGreaterThanOrEqual(10);
    for (const c of eluKinks) {
      const mask = eluKinkMask(c)!;
      const zeroAt = (t: { data: (number | string)[] }) => t.data.every((v, i) => !mask[i] || num(v) === 0);
      // eluBackward: d/dz and the double backward; elu: the double backward
      if (c.op === 'eluBackward') expect(zeroAt(c.grads![1]!)).toBe(true);
      expect(c.grad2!.grads.every(zeroAt)).toBe(true);
    }
  });

  test.each(eluKinks.map((c) => [c.name, c] as const))('%s: tapegrad takes the z ≤ 0 side', (_, c) => {
    const zi = c.op === 'eluBackward' ? 1 : 0;
    const mask = eluKinkMask(c)!;
    const second = (nudge: boolean) => {
      const xs = inputsOf(c);
      mask.forEach((m, i) => {
        if (m && nudge) xs[zi]!.data[i] = -Number.MIN_VALUE;
      });
      const grads = firstOrder(c, xs);
      const s = weighted(grads, c.grad2!.v);
      return { grads, second: gradients(s, xs) };
    };
    const at0 = second(false);
    const below = second(true);
    // at 0 and just below 0 (e^(−5e−324) = 1 exactly): the same, to the bit
    const same = (a: Tensor, b: Tensor) =>
      mask.forEach((m, i) => {
        if (m) expect(a.data[i]).toBe(b.data[i]);
      });
    if (c.op === 'eluBackward') same(at0.grads[1]!, below.grads[1]!);
    at0.second.forEach((t, i) => same(t, below.second[i]!));
    // and not PyTorch's 0 (the fixture's weights are nonzero)
    const nonzero = at0.second[zi]!.data.filter((_, i) => mask[i]).every((v) => v !== 0);
    expect(nonzero).toBe(true);
  });
});

describe('a NaN z', () => {
  test('reluBackward passes g and leakyReluBackward scales it by α, as PyTorch (fixture)', () => {
    expect(data(reluBackward(tensor([1.5, -2]), tensor([NaN, NaN])))).toEqual([1.5, -2]);
    expect(data(leakyReluBackward(tensor([1.5, -2]), tensor([NaN, NaN]), 0.2))).toEqual([1.5 * 0.2, -2 * 0.2]);
  });

  test('eluBackward passes g, as PyTorch 1.13 (its elu_backward tests z ≤ 0)', () => {
    const c = backwardCases().find((c) => c.name === 'eluBackward non-finite z')!;
    const z = c.inputs[1]!.data.map(num);
    const i = z.findIndex((v) => Number.isNaN(v));
    expect(num(c.outputs[0]!.data[i]!)).toBe(num(c.inputs[0]!.data[i]!)); // PyTorch: g
    expect(eluBackward(tensor([1.5]), tensor([NaN]), 0.5).data[0]).toBe(1.5);
  });
});
