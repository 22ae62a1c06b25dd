/**
 * The fixture of the backward primitives (test/fixtures/core-backward.json, made by
 * scripts/fixtures/gen_backward_fixtures.py from PyTorch), and each of its ops called by name.
 */
import {
  type Tensor,
  elu,
  eluBackward,
  gradients,
  leakyRelu,
  leakyReluBackward,
  matmul,
  mul,
  prelu,
  preluBackward,
  relu,
  reluBackward,
  sigmoid,
  sigmoidBackward,
  sum,
  tanh,
  tanhBackward,
} from '@tapegrad/core';
import { expect } from 'vitest';
import { type FixtureTensor, fromFixture, num, readFixture } from '../../helpers.js';

type Attrs = Record<string, number | boolean>;

export interface BackwardCase {
  name: string;
  op: string;
  inputs: FixtureTensor[];
  attrs: Attrs;
  /** A piecewise op's z has an element exactly at 0 (either sign): finite differences do not apply. */
  kink: boolean;
  outputs: FixtureTensor[];
  /** One weight w_k per output: the first-order gradients are those of Σ_k sum(outputs_k · w_k). Null: forward only. */
  gradOutputs: FixtureTensor[] | null;
  grads: FixtureTensor[] | null;
  /** The double backward: the gradients of Σ_i sum(grads_i · v_i). */
  grad2: { v: FixtureTensor[]; grads: FixtureTensor[] } | null;
}

export const backwardCases = (): BackwardCase[] => readFixture<{ cases: BackwardCase[] }>('core-backward.json').cases;

type Call = (xs: Tensor[], attrs: Attrs) => Tensor[];
const slope = (a: Attrs) => a.negativeSlope as number;
const alpha = (a: Attrs) => a.alpha as number;

/** Each op of the fixture by its name, returning its outputs as a list (two for preluBackward). */
export const OPS: Record<string, Call> = {
  reluBackward: ([g, z]) => [reluBackward(g!, z!)],
  leakyReluBackward: ([g, z], a) => [leakyReluBackward(g!, z!, slope(a))],
  eluBackward: ([g, z], a) => [eluBackward(g!, z!, alpha(a))],
  preluBackward: ([g, z, w]) => preluBackward(g!, z!, w!).map((t) => t!),
  sigmoidBackward: ([g, y]) => [sigmoidBackward(g!, y!)],
  tanhBackward: ([g, y]) => [tanhBackward(g!, y!)],
  matmul: ([a, b], at) => [matmul(a!, b!, { transposeA: at.transposeA as boolean, transposeB: at.transposeB as boolean })],
  relu: ([z]) => [relu(z!)],
  leakyRelu: ([z], a) => [leakyRelu(z!, slope(a))],
  elu: ([z], a) => [elu(z!, alpha(a))],
  prelu: ([z, w]) => [prelu(z!, w!)],
  sigmoid: ([x]) => [sigmoid(x!)],
  tanh: ([x]) => [tanh(x!)],
};

/** The backward primitives; the other ops of the fixture are the forward ops whose derivatives they are. */
export const PRIMITIVES = [
  'reluBackward',
  'leakyReluBackward',
  'eluBackward',
  'preluBackward',
  'sigmoidBackward',
  'tanhBackward',
  'matmul',
];

/** Piecewise ops whose values are selected or scaled, never summed: equal to PyTorch's bit for bit. */
export const EXACT = new Set(['reluBackward', 'leakyReluBackward', 'preluBackward']);

/** The fixture's inputs as fresh leaves that require grad. */
export const inputsOf = (c: BackwardCase): Tensor[] => c.inputs.map((t) => fromFixture(t, true));

/** Σ_k sum(xs_k · ws_k), with the fixture's weights. */
export function weighted(xs: readonly Tensor[], ws: readonly FixtureTensor[]): Tensor {
  return xs.map((x, k) => sum(mul(x, fromFixture(ws[k]!)))).reduce((a, b) => a.add(b));
}

/** The first-order gradients of Σ_k sum(outputs_k · w_k) with respect to every input, recorded. */
export function firstOrder(c: BackwardCase, xs: Tensor[]): Tensor[] {
  return gradients(weighted(OPS[c.op]!(xs, c.attrs), c.gradOutputs!), xs, { createGraph: true });
}

/**
 * The elements where z = 0 (either sign) for ELU and its derivative, else null. There PyTorch 1.13
 * differentiates elu's derivative as the z > 0 side (its elu_double_backward tests z < 0), giving
 * 0, while its first derivative, and tapegrad at both orders, take the z ≤ 0 side (α·eᶻ at z = 0).
 * The tests pin tapegrad's value there instead of PyTorch's.
 */
export function eluKinkMask(c: BackwardCase): boolean[] | null {
  const z = c.op === 'eluBackward' ? c.inputs[1]! : c.op === 'elu' ? c.inputs[0]! : null;
  return z && c.kink ? z.data.map((v) => num(v) === 0) : null;
}

/** `t` with the masked elements replaced by the ones of `expected`: compares everything else. */
export function unmasked(t: FixtureTensor, expected: Tensor, mask: boolean[] | null): FixtureTensor {
  return mask === null ? t : { shape: t.shape, data: t.data.map((v, i) => (mask[i] ? expected.data[i]! : v)) };
}

/**
 * Element by element, the same number as the fixture: `===`, except that NaN equals NaN and that
 * a zero's sign must match too (Object.is). The failure names the first element that differs.
 */
export function expectExact(actual: Tensor, expected: FixtureTensor | Tensor, what: string): void {
  const exp = Array.isArray(expected.data) ? expected.data.map(num) : Array.from(expected.data as Float64Array);
  expect([...actual.shape], `${what}: shape`).toEqual([...expected.shape]);
  for (let i = 0; i < exp.length; i++) {
    if (!Object.is(actual.data[i]!, exp[i]!)) expect.fail(`${what}: element ${i} is ${actual.data[i]}, expected exactly ${exp[i]}`);
  }
}
