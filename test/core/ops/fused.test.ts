/**
 * The fused one-pass backward kernels (ops/fused.ts) give what the tensor-op rules give: backward
 * without createGraph takes the fused path, with createGraph the rule; both must agree, kinks and
 * NaN included.
 */
import { Tensor, defaultRng, elu, gradients, leakyRelu, matmul, prelu, relu, sigmoid, sum, tanh, tensor } from '@tapegrad/core';
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

describe('fused rules of the other hot primitives equal their tensor-op rules, bit for bit', () => {
  const shape = [4, 3, 5];
  const g = rng.normal(0, 1, shape);
  test('sigmoid', () => expectSame(...bothPaths((x) => sigmoid(x), [input(shape)], g)));
  test('tanh', () => expectSame(...bothPaths((x) => tanh(x), [input(shape)], g)));
  test.each([
    [[0, 2], false, [3]],
    [[1], true, [4, 1, 5]],
    [[0, 1, 2], false, []],
    [[2, 0], true, [1, 3, 1]],
  ])('sum over %j (keepdims %s)', (axes, keepdims, outShape) => {
    expectSame(...bothPaths((x) => sum(x, axes, keepdims), [input(shape)], rng.normal(0, 1, outShape)));
  });
  test.each([
    [5, 2, 1],
    [7, 4, 6],
    [9, 9, 9],
    [1, 3, 1],
  ])('matmul [%i, %i]·[%i, …], both operands', (n, k, m) => {
    expectSame(...bothPaths((a, b) => matmul(a, b), [input([n, k]), rng.normal(0, 1, [k, m])], rng.normal(0, 1, [n, m])));
  });
  test('matmul, only one operand requires grad', () => {
    const a = rng.normal(0, 1, [6, 4]);
    const b = new Tensor(rng.normal(0, 1, [4, 3]).data, [4, 3], { requiresGrad: true });
    const gOut = rng.normal(0, 1, [6, 3]);
    const [fused] = gradients(matmul(a, b), [b], { grad: gOut });
    const [rule] = gradients(matmul(a, b), [b], { grad: gOut, createGraph: true });
    expectSame([fused!], [rule!.detach()]);
  });
  test('matmul with a batch takes the rule: same result as the per-matrix products', () => {
    const a = rng.normal(0, 1, [3, 5, 4]);
    const b = rng.normal(0, 1, [4, 2]);
    const gOut = rng.normal(0, 1, [3, 5, 2]);
    expectSame(...bothPaths((x, y) => matmul(x, y), [a, b], gOut));
  });
});
