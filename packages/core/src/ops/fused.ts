/**
 * Fused gradient rules: for a few hot primitives, the same derivative as the rule beside the
 * forward, computed by one kernel pass instead of several tensor ops. Backward uses them only when
 * it is not being recorded (no `createGraph`): their results are constants, which is right for a
 * first derivative and wrong for a second, so a recorded backward always takes the tensor-op rule.
 * Tests check that both paths agree.
 */
import { eluBackwardKernel, leakyReluBackwardKernel, preluBackwardKernel, reluBackwardKernel } from '../kernels/activations.js';
import { broadcastKernel, unaryBackwardKernel } from '../kernels/elementwise.js';
import { splitAt, transpose2d } from '../kernels/layout.js';
import { matmulKernel2d } from '../kernels/matmul.js';
import { keptShape } from '../kernels/reduce.js';
import { type Tensor, wrapOutput } from '../tensor.js';
import { linalgRules } from './linalg.js';
import type { GradRule, OpName } from './primitives.js';

type FusedRules = { readonly [K in OpName]?: GradRule<K> };

export const fusedRules: FusedRules = {
  relu: (g, [z]) => [wrapOutput(reluBackwardKernel(z!.data, g.data), z!.shape)],
  leakyRelu: (g, [z], { negativeSlope }) => [wrapOutput(leakyReluBackwardKernel(z!.data, g.data, negativeSlope), z!.shape)],
  elu: (g, [z], { alpha }) => [wrapOutput(eluBackwardKernel(z!.data, g.data, alpha), z!.shape)],
  // σ'(x)·g = σ(x)(1 − σ(x))·g, from the output
  sigmoid: (g, _, __, out) => [wrapOutput(unaryBackwardKernel('sigmoid', out.data, g.data), out.shape)],
  // tanh'(x)·g = (1 − tanh² x)·g, from the output
  tanh: (g, _, __, out) => [wrapOutput(unaryBackwardKernel('tanh', out.data, g.data), out.shape)],
  // every element gets the gradient of its sum: g broadcast back over the reduced axes
  sum: (g, [x], { axes }) => [wrapOutput(broadcastKernel(g.data, keptShape(x!.shape, axes), x!.shape), x!.shape)],
  // dL/dA = G·Bᵀ and dL/dB = Aᵀ·G, with the transposes as raw arrays; batched products take the rule
  matmul: (g, inputs, attrs, out, needs) => {
    const [a, b] = inputs as [Tensor, Tensor];
    if (a.ndim !== 2 || b.ndim !== 2) return linalgRules.matmul(g, inputs, attrs, out, needs);
    const [n, k] = a.shape as [number, number];
    const m = b.shape[1]!;
    return [
      needs[0] ? wrapOutput(matmulKernel2d(g.data, transpose2d(b.data, k, m), n, m, k), a.shape) : null,
      needs[1] ? wrapOutput(matmulKernel2d(transpose2d(a.data, n, k), g.data, k, n, m), b.shape) : null,
    ];
  },
  prelu: (g, [z, weight], _, __, needs) => {
    const perChannel = weight!.size > 1;
    const { outer, dim, inner } = perChannel ? splitAt(z!.shape, 1) : { outer: 1, dim: 1, inner: z!.size };
    const { dz, dalpha } = preluBackwardKernel(z!.data, g.data, weight!.data, outer, dim, inner, needs[0]!, needs[1]!);
    return [dz && wrapOutput(dz, z!.shape), dalpha && wrapOutput(dalpha, weight!.shape)];
  },
};
