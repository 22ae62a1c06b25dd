/** The JAX-style API: grad, valueAndGrad, argnums, nesting, and that nothing the caller holds changes. */
import { ArgumentError, GraphError, elu, grad, leakyRelu, mul, sigmoid, sum, tensor, valueAndGrad } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';

describe('grad', () => {
  test('the gradient with respect to the first argument', () => {
    const f = (x: ReturnType<typeof tensor>) => sum(leakyRelu(x));
    expect(Array.from(grad(f)(tensor([-1, 0, 2])).data)).toEqual([0.01, 0.01, 1]);
  });

  test('several arguments with argnums', () => {
    const f = (x: ReturnType<typeof tensor>, w: ReturnType<typeof tensor>) => sum(mul(x, w));
    const [dx, dw] = grad(f, { argnums: [0, 1] })(tensor([1, 2]), tensor([3, 4]));
    expect(Array.from(dx!.data)).toEqual([3, 4]);
    expect(Array.from(dw!.data)).toEqual([1, 2]);
    expect(Array.from(grad(f, { argnums: 1 })(tensor([1, 2]), tensor([3, 4])).data)).toEqual([1, 2]);
  });

  test('nests: grad(grad(f)) is the second derivative', () => {
    const d2 = grad(grad((x) => sum(elu(x))));
    expect(d2(tensor(-1)).item()).toBeCloseTo(Math.exp(-1), 15);
    const d3 = grad(grad(grad((x) => sum(sigmoid(x)))));
    const s = 1 / (1 + Math.exp(-0.3));
    // σ''' = σ(1−σ)(1 − 6σ + 6σ²)
    expect(d3(tensor(0.3)).item()).toBeCloseTo(s * (1 - s) * (1 - 6 * s + 6 * s * s), 14);
  });

  test('leaves arguments that require grad untouched: no .grad is written', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const [value, dw] = valueAndGrad((x) => sum(mul(x, x)))(w);
    expect(value.item()).toBe(5);
    expect(Array.from(dw.data)).toEqual([2, 4]);
    expect(w.grad).toBeNull();
  });

  test('a function that ignores its argument has a zero gradient', () => {
    expect(Array.from(grad(() => sum(tensor([1, 2])))(tensor([5, 6])).data)).toEqual([0, 0]);
  });

  test('misuse is named', () => {
    expect(() => grad((x) => mul(x, 2))(tensor([1, 2]))).toThrow(GraphError);
    expect(() => grad((x) => mul(x, 2))(tensor([1, 2]))).toThrow('grad: f must return a one-element tensor, got shape [2]');
    expect(() => grad((x) => sum(x), { argnums: 2 })(tensor([1]))).toThrow(ArgumentError);
  });
});
