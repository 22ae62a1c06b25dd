/**
 * The primitives: every op that records onto the tape, with the attributes its entry keeps.
 *
 * Everything else (`mean`, `softmax`, `transpose`, `squeeze`, `stack`, …) is composed from these,
 * so its gradient follows from theirs. Each primitive's gradient rule sits next to its forward in
 * its family's file; `rules.ts` gathers them into one table typed `{ [K in OpName]: GradRule<K> }`,
 * so a primitive without a gradient rule does not compile.
 */
import type { Tensor } from '../tensor.js';

type None = Record<string, never>;
type Reduce = { axes: number[]; keepdims: boolean };

export interface OpAttrs {
  // binary, with NumPy broadcasting (ops/binary.ts)
  add: None;
  sub: None;
  mul: None;
  div: None;
  pow: None;
  maximum: None;
  minimum: None;
  where: None;
  // unary (ops/unary.ts)
  neg: None;
  exp: None;
  log: None;
  log1p: None;
  sqrt: None;
  abs: None;
  tanh: None;
  sigmoid: None;
  clip: { min: number; max: number };
  // activations (ops/activations.ts)
  relu: None;
  leakyRelu: { negativeSlope: number };
  prelu: None;
  elu: { alpha: number };
  // reductions (ops/reduce.ts)
  sum: Reduce;
  max: Reduce;
  min: Reduce;
  // linear algebra (ops/linalg.ts)
  matmul: None;
  permute: { axes: number[] };
  // layout (ops/layout.ts)
  reshape: { shape: number[] };
  broadcastTo: { shape: number[] };
  concat: { axis: number };
  slice: { axis: number; start: number; step: number; count: number };
  unslice: { axis: number; start: number; step: number; size: number };
}

export type OpName = keyof OpAttrs;

/**
 * A gradient rule: given `g`, the gradient of the loss with respect to the op's output, return the
 * gradient with respect to each input (same shape as that input), or `null` for an input that needs
 * none (`needs[i]` is false). Rules are written with tensor ops, so that with `createGraph` the
 * backward pass is itself recorded and can be differentiated again.
 */
export type GradRule<K extends OpName> = (
  g: Tensor,
  inputs: readonly Tensor[],
  attrs: OpAttrs[K],
  output: Tensor,
  needs: readonly boolean[],
) => readonly (Tensor | null)[];

/** The rules of one family of ops. */
export type GradRules<K extends OpName> = { [P in K]: GradRule<P> };
