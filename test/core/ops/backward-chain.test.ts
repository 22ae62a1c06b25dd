/**
 * The backward primitives in the chain: the gradient a plain backward() of each forward op
 * produces is its backward primitive applied to the same g, bit for bit; the second derivative
 * through grad(grad(...)) equals PyTorch's; and finite differences (gradcheck, float64) agree
 * with the first and second derivatives of every primitive away from its kinks.
 * Fixture: test/fixtures/core-backward.json.
 */
import {
  type Tensor,
  backward,
  elu,
  eluBackward,
  grad,
  gradcheck,
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
  sumTo,
  tanh,
  tanhBackward,
} from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { type FixtureTensor, expectTensorClose, fromFixture } from '../../helpers.js';
import {
  type BackwardCase,
  OPS,
  PRIMITIVES,
  backwardCases,
  eluKinkMask,
  expectExact,
  firstOrder,
  inputsOf,
  unmasked,
} from './backward-cases.js';

const cases = backwardCases();
const named = (cs: BackwardCase[]) => cs.map((c) => [c.name, c] as const);
const TOL = { rtol: 1e-12, atol: 1e-14 };

/** The gradients a plain backward() of Σ out · g leaves in the leaves' .grad. */
function backwardGrads(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], g: Tensor): Tensor[] {
  backward(sum(mul(f(...xs), g)));
  return xs.map((x) => x.grad!);
}

type Elementwise = {
  forward: (z: Tensor, a: BackwardCase['attrs']) => Tensor;
  primitive: (g: Tensor, z: Tensor, a: BackwardCase['attrs']) => Tensor;
};
const ELEMENTWISE: Record<string, Elementwise> = {
  relu: { forward: (z) => relu(z), primitive: (g, z) => reluBackward(g, z) },
  leakyRelu: {
    forward: (z, a) => leakyRelu(z, a.negativeSlope as number),
    primitive: (g, z, a) => leakyReluBackward(g, z, a.negativeSlope as number),
  },
  elu: { forward: (z, a) => elu(z, a.alpha as number), primitive: (g, z, a) => eluBackward(g, z, a.alpha as number) },
  // from the output: σ'(x) = σ(x)(1 − σ(x)), tanh'(x) = 1 − tanh²(x)
  sigmoid: { forward: (x) => sigmoid(x), primitive: (g, x) => sigmoidBackward(g, sigmoid(x)) },
  tanh: { forward: (x) => tanh(x), primitive: (g, x) => tanhBackward(g, tanh(x)) },
};

describe('the chain: backward() of each forward op is its backward primitive, bit for bit', () => {
  // (g, z) pairs: the forward ops' cases, and the primitives' own, kinks and NaN included.
  type Pair = [name: string, op: string, g: FixtureTensor, z: FixtureTensor, attrs: BackwardCase['attrs']];
  const pairs = cases.flatMap((c): Pair[] => {
    if (c.op in ELEMENTWISE && c.gradOutputs) return [[c.name, c.op, c.gradOutputs[0]!, c.inputs[0]!, c.attrs]];
    const fwd = c.op.replace(/Backward$/, '');
    return ['relu', 'leakyRelu', 'elu'].includes(fwd) && fwd !== c.op ? [[c.name, fwd, c.inputs[0]!, c.inputs[1]!, c.attrs]] : [];
  });

  test('covers every elementwise activation, at kinks and at NaN', () => {
    expect(new Set(pairs.map((p) => p[1]))).toEqual(new Set(Object.keys(ELEMENTWISE)));
    for (const op of ['relu', 'leakyRelu', 'elu']) {
      expect(pairs.some((p) => p[1] === op && p[3].data.includes('NaN'))).toBe(true);
      expect(pairs.some((p) => p[1] === op && p[3].data.some((v) => v === 0))).toBe(true);
    }
  });

  test.each(pairs)('%s (%s)', (_, op, g, z, attrs) => {
    const { forward, primitive } = ELEMENTWISE[op]!;
    const [dz] = backwardGrads((z) => forward(z, attrs), [fromFixture(z, true)], fromFixture(g));
    expectExact(dz!, primitive(fromFixture(g), fromFixture(z), attrs), 'backward() vs the primitive');
  });

  test.each(named(cases.filter((c) => c.op === 'prelu' || c.op === 'preluBackward')))('%s: prelu', (_, c) => {
    // prelu's cases: (z, weight) and g; preluBackward's: (g, z, weight)
    const [g, z, w] = c.op === 'prelu' ? [c.gradOutputs![0]!, ...c.inputs] : c.inputs;
    const [dz, dw] = backwardGrads(prelu, [fromFixture(z!, true), fromFixture(w!, true)], fromFixture(g!));
    const [pz, pw] = preluBackward(fromFixture(g!), fromFixture(z!), fromFixture(w!));
    expectExact(dz!, pz!, 'dz');
    expectExact(dw!, pw!, 'dweight');
  });

  // C = op(A)·op(B): dA and dB are matmuls with transposed operands, summed over broadcast batch axes.
  const T = (a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean) => matmul(a, b, { transposeA, transposeB });
  const RULES: Record<string, (a: Tensor, b: Tensor, g: Tensor) => [Tensor, Tensor]> = {
    'false false': (a, b, g) => [T(g, b, false, true), T(a, g, true, false)], // G·Bᵀ, Aᵀ·G
    'false true': (a, b, g) => [T(g, b, false, false), T(g, a, true, false)], // G·B, Gᵀ·A
    'true false': (a, b, g) => [T(b, g, false, true), T(a, g, false, false)], // B·Gᵀ, A·G
    'true true': (a, b, g) => [T(b, g, true, true), T(g, a, true, true)], // Bᵀ·Gᵀ, Gᵀ·Aᵀ
  };
  test.each(named(cases.filter((c) => c.op === 'matmul')))('%s', (_, c) => {
    const [a, b] = inputsOf(c);
    const g = fromFixture(c.gradOutputs![0]!);
    const [da, db] = backwardGrads((a, b) => OPS.matmul!([a!, b!], c.attrs)[0]!, [a!, b!], g);
    const [pa, pb] = RULES[`${c.attrs.transposeA} ${c.attrs.transposeB}`]!(a!.detach(), b!.detach(), g);
    expectExact(da!, sumTo(pa, a!.shape), 'dA');
    expectExact(db!, sumTo(pb, b!.shape), 'dB');
  });
});

describe("the second derivative through grad(grad(...)) equals PyTorch's", () => {
  const forward = cases.filter((c) => !PRIMITIVES.includes(c.op) || c.op === 'matmul');

  test('covers every activation and matmul', () => {
    expect(new Set(forward.map((c) => c.op))).toEqual(new Set(['relu', 'leakyRelu', 'elu', 'prelu', 'sigmoid', 'tanh', 'matmul']));
  });

  test.each(named(forward))('%s', (_, c) => {
    const xs = c.inputs.map((t) => fromFixture(t));
    const argnums = xs.map((_, i) => i);
    const g = fromFixture(c.gradOutputs![0]!);
    const vs = c.grad2!.v.map((v) => fromFixture(v));
    const f = (...ys: Tensor[]) => sum(mul(OPS[c.op]!(ys, c.attrs)[0]!, g));
    const first = grad(f, { argnums });
    first(...xs).forEach((d, i) => expectTensorClose(d, c.grads![i]!, { ...TOL, what: `d/d input ${i}` }));
    const s = (...ys: Tensor[]) =>
      first(...ys)
        .map((d, i) => sum(mul(d, vs[i]!)))
        .reduce((a, b) => a.add(b));
    const second = grad(s, { argnums })(...xs);
    // ELU at exactly 0: PyTorch 1.13 gives 0 there (see backward-kinks.test.ts).
    const mask = eluKinkMask(c);
    second.forEach((d, i) => expectTensorClose(d, unmasked(c.grad2!.grads[i]!, d, mask), { ...TOL, what: `d²/d input ${i}` }));
  });
});

describe('gradcheck: central differences in float64, away from the kinks', () => {
  const smooth = cases.filter((c) => PRIMITIVES.includes(c.op) && c.grads !== null && !c.kink);

  test('covers every primitive', () => {
    expect(new Set(smooth.map((c) => c.op))).toEqual(new Set(PRIMITIVES));
  });

  test.each(named(smooth))('%s: first order', (_, c) => {
    c.outputs.forEach((_, k) => {
      const report = gradcheck((...xs) => OPS[c.op]!(xs, c.attrs)[k]!, inputsOf(c), { atol: 1e-6, rtol: 1e-5 });
      expect(report.ok).toBe(true);
      expect(report.inputs.length).toBe(c.inputs.length);
    });
  });

  test.each(named(smooth))('%s: second order (each first-order gradient, differentiated again)', (_, c) => {
    c.inputs.forEach((_, i) => {
      const report = gradcheck((...xs) => firstOrder(c, xs)[i]!, inputsOf(c), { atol: 1e-5, rtol: 1e-4 });
      expect(report.ok).toBe(true);
    });
  });
});
