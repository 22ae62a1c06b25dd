/**
 * The activations at their kinks, exactly: the post's anchors, the gradient at z = 0, one-sided
 * differences on each side of it, and PReLU's α gradient per channel against PyTorch.
 */
import { elu, gradients, grad, leakyRelu, prelu, relu, sum, tensor, ShapeError, ArgumentError } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { expectTensorClose, fromFixture, opCases } from '../../helpers.js';

const ANCHORS = [-3, -1, 0, 0.5, 1, 3];

/** d/dz of Σ f(z) at each anchor, by backward. */
function derivative(f: (z: ReturnType<typeof tensor>) => ReturnType<typeof tensor>, zs = ANCHORS): number[] {
  const z = tensor(zs, { requiresGrad: true });
  return Array.from(gradients(sum(f(z)), [z])[0]!.data);
}

describe('the gradient at exactly 0', () => {
  test("ReLU'(0) = 0", () => {
    expect(derivative(relu)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  test("LeakyReLU'(0) = α, for the default α = 0.01 and others", () => {
    expect(derivative((z) => leakyRelu(z))).toEqual([0.01, 0.01, 0.01, 1, 1, 1]);
    expect(derivative((z) => leakyRelu(z, 0.2))).toEqual([0.2, 0.2, 0.2, 1, 1, 1]);
  });

  test('PReLU at 0: ∂/∂z = α and ∂/∂α = 0', () => {
    const z = tensor([0], { requiresGrad: true });
    const alpha = tensor([0.25], { requiresGrad: true });
    const [dz, dalpha] = gradients(sum(prelu(z, alpha)), [z, alpha]);
    expect(dz!.data[0]).toBe(0.25);
    expect(dalpha!.data[0]).toBe(0);
  });

  test("ELU'(0) = α (PyTorch's convention), and 1 for α = 1 where ELU is smooth", () => {
    expect(derivative((z) => elu(z, 0.5), [0])).toEqual([0.5]);
    expect(derivative((z) => elu(z), [0])).toEqual([1]);
  });

  test('negative zero takes the same branch as zero', () => {
    expect(derivative((z) => leakyRelu(z), [-0])).toEqual([0.01]);
    expect(derivative(relu, [-0])).toEqual([0]);
  });
});

describe('the kink: one-sided differences at 0 give the two slopes', () => {
  const h = 1e-7;
  const f = (x: number) => leakyRelu(tensor(x)).item();
  test('left slope α, right slope 1, and the derivative takes the left one', () => {
    expect((f(0) - f(-h)) / h).toBeCloseTo(0.01, 12);
    expect((f(h) - f(0)) / h).toBeCloseTo(1, 12);
    expect(derivative((z) => leakyRelu(z), [0])[0]).toBe(0.01);
  });
});

describe('second derivatives', () => {
  test('Leaky ReLU is piecewise linear: 0 away from the kink', () => {
    // The derivative is elementwise, so the gradient of its sum is the diagonal of the Hessian.
    const d2 = grad((z) => sum(grad((u) => sum(leakyRelu(u)))(z)));
    expect(Array.from(d2(tensor([-3, -1, 0.5, 3])).data)).toEqual([0, 0, 0, 0]);
  });

  test('ELU below 0 is curved: α·eᶻ', () => {
    const d2 = grad((z) => sum(grad((u) => sum(elu(u, 0.5)))(z)));
    const zs = [-3, -1, -0.25];
    const got = Array.from(d2(tensor(zs)).data);
    zs.forEach((z, i) => expect(got[i]).toBeCloseTo(0.5 * Math.exp(z), 15));
  });
});

describe("PReLU's α gradient equals PyTorch's", () => {
  const cases = opCases().filter((c) => c.op === 'prelu' && c.error !== 'raises' && c.grads![1] !== null);
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const [x, w] = c.inputs.map((t) => fromFixture(t, true));
    const [, dw] = gradients(prelu(x!, w!), [x!, w!], { grad: fromFixture(c.gradOutput!) });
    expectTensorClose(dw!, c.grads![1]!, { what: 'd/dα' });
  });

  test('covers one shared α and per-channel α on rank 2, 3 and 4', () => {
    const ranks = (perChannel: boolean) =>
      new Set(cases.filter((c) => c.inputs[1]!.data.length > 1 === perChannel).map((c) => c.inputs[0]!.shape.length));
    expect([...ranks(true)].sort()).toEqual([2, 3, 4]);
    expect([...ranks(false)].sort()).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  });

  test('per channel α on [N, C, H, W]: dα_c = Σ over n, h, w of z·g where z ≤ 0', () => {
    const z = tensor([
      [
        [
          [-1, 2],
          [0, -3],
        ],
        [
          [4, -5],
          [-6, 0],
        ],
      ],
    ]); // [1, 2, 2, 2]
    const alpha = tensor([0.25, 0.5], { requiresGrad: true });
    const [dalpha] = gradients(sum(prelu(z, alpha)), [alpha]);
    expect(Array.from(dalpha!.data)).toEqual([-1 + 0 - 3, -5 - 6 + 0]);
  });
});

describe('bad arguments', () => {
  test('PReLU names the channel count it expected', () => {
    expect(() => prelu(tensor([[1, 2, 3]]), tensor([0.1, 0.2]))).toThrow(ShapeError);
    expect(() => prelu(tensor([[1, 2, 3]]), tensor([0.1, 0.2]))).toThrow(
      'prelu: weight has 2 elements but the input of shape [1,3] has 3 channels on axis 1; they must be equal (or weight must have 1 element)',
    );
  });

  test('a slope that is not a finite number is refused', () => {
    expect(() => leakyRelu(tensor([1]), NaN)).toThrow(ArgumentError);
    expect(() => leakyRelu(tensor([1]), NaN)).toThrow('leakyRelu: negativeSlope must be a finite number, got NaN');
    expect(() => elu(tensor([1]), Infinity)).toThrow('elu: alpha must be a finite number, got Infinity');
  });
});
