/**
 * The fused one-pass backward kernels (ops/fused.ts) give what the tensor-op rules give: backward
 * without createGraph takes the fused path, with createGraph the rule; both must agree, kinks and
 * NaN included.
 */
import { Tensor, defaultRng, elu, gradients, leakyRelu, prelu, relu, tensor } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';

const rng = defaultRng(5);
/** Values of both signs, exact zeros, and a NaN. */
function input(shape: number[]): Tensor {
  const t = rng.normal(0, 2, shape);
  t.data[0] = 0;
  t.data[1] = -0;
  t.data[2] = NaN;
  return t;
}

/** Gradients of `f` at `xs` for the upstream `g`, by the fused path and by the rule path. */
function bothPaths(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], g: Tensor): [Tensor[], Tensor[]] {
  const leaves = () => xs.map((x) => new Tensor(x.data.slice(), x.shape, { requiresGrad: true }));
  const a = leaves();
  const fused = gradients(f(...a), a, { grad: g });
  const b = leaves();
  const rule = gradients(f(...b), b, { grad: g, createGraph: true }).map((t) => t.detach());
  return [fused, rule];
}

function expectSame(fused: Tensor[], rule: Tensor[], rtol = 0): void {
  fused.forEach((t, i) => {
    expect(t.shape).toEqual(rule[i]!.shape);
    t.data.forEach((v, k) => {
      const r = rule[i]!.data[k]!;
      if (rtol === 0 || Number.isNaN(r)) expect(Object.is(v, r) || v === r, `input ${i}, element ${k}: ${v} vs ${r}`).toBe(true);
      else expect(Math.abs(v - r)).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(r)));
    });
  });
}

describe('fused backward kernels equal the tensor-op rules', () => {
  const shape = [4, 3, 5];
  const g = rng.normal(0, 1, shape);
  test('relu', () => expectSame(...bothPaths((x) => relu(x), [input(shape)], g)));
  test('leakyRelu', () => expectSame(...bothPaths((x) => leakyRelu(x, 0.2), [input(shape)], g)));
  test('elu', () => expectSame(...bothPaths((x) => elu(x, 0.7), [input(shape)], g)));
  test('prelu, one α per channel (summed in another order: equal to 1e-15)', () => {
    expectSame(...bothPaths((x, w) => prelu(x, w), [input(shape), tensor([0.1, 0.25, 0.5])], g), 1e-15);
  });
  test('prelu, one shared α', () => {
    expectSame(...bothPaths((x, w) => prelu(x, w), [input(shape), tensor([0.25])], g), 1e-15);
  });
});
