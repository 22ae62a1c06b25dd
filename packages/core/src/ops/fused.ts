/**
 * Fused gradient rules: for a few hot primitives, the same derivative as the rule beside the
 * forward, computed by one kernel pass instead of several tensor ops. Backward uses them only when
 * it is not being recorded (no `createGraph`): their results are constants, which is right for a
 * first derivative and wrong for a second, so a recorded backward always takes the tensor-op rule.
 * Tests check that both paths agree.
 */
import { eluBackwardKernel, leakyReluBackwardKernel, preluBackwardKernel, reluBackwardKernel } from '../kernels/activations.js';
import { splitAt } from '../kernels/layout.js';
import { Tensor } from '../tensor.js';
import type { GradRule, OpName } from './primitives.js';

type FusedRules = { readonly [K in OpName]?: GradRule<K> };

export const fusedRules: FusedRules = {
  relu: (g, [z]) => [new Tensor(reluBackwardKernel(z!.data, g.data), z!.shape)],
  leakyRelu: (g, [z], { negativeSlope }) => [new Tensor(leakyReluBackwardKernel(z!.data, g.data, negativeSlope), z!.shape)],
  elu: (g, [z], { alpha }) => [new Tensor(eluBackwardKernel(z!.data, g.data, alpha), z!.shape)],
  prelu: (g, [z, weight], _, __, needs) => {
    const perChannel = weight!.size > 1;
    const { outer, dim, inner } = perChannel ? splitAt(z!.shape, 1) : { outer: 1, dim: 1, inner: z!.size };
    const { dz, dalpha } = preluBackwardKernel(z!.data, g.data, weight!.data, outer, dim, inner, needs[0]!, needs[1]!);
    return [dz && new Tensor(dz, z!.shape), dalpha && new Tensor(dalpha, weight!.shape)];
  },
};
