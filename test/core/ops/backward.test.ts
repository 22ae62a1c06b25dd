/**
 * The backward primitives (reluBackward, leakyReluBackward, eluBackward, preluBackward,
 * sigmoidBackward, tanhBackward, and matmul with its transpose flags) against PyTorch in float64:
 * forward values, the first-order gradients of Σ sum(output · w), and the double backward, the
 * gradients of Σ sum(first-order gradient · v). Fixtures: test/fixtures/core-backward.json, made by
 * scripts/fixtures/gen_backward_fixtures.py. The kinks, the chain from each forward op and
 * finite differences are in backward-kinks.test.ts and backward-chain.test.ts.
 */
import {
  ShapeError,
  type Tensor,
  add,
  eluBackward,
  gradients,
  leakyReluBackward,
  matmul,
  mul,
  preluBackward,
  reluBackward,
  sigmoidBackward,
  sum,
  tanhBackward,
  tensor,
  zeros,
} from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { expectTensorClose, fromFixture, num } from '../../helpers.js';
import {
  type BackwardCase,
  EXACT,
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
const TOL = { rtol: 1e-12, atol: 1e-14 };
const named = (cs: BackwardCase[]) => cs.map((c) => [c.name, c] as const);

/** Compares one output: bit for bit for the piecewise ops (but preluBackward's dweight, a sum), else to 1e-12. */
function expectOutput(op: string, k: number, actual: Tensor, expected: BackwardCase['outputs'][number]): void {
  if (EXACT.has(op) && !(op === 'preluBackward' && k === 1)) expectExact(actual, expected, `output ${k}`);
  else expectTensorClose(actual, expected, { ...TOL, what: `output ${k}` });
}

describe.each(PRIMITIVES)('%s against PyTorch', (op) => {
  const mine = cases.filter((c) => c.op === op && c.grads !== null);

  test('the fixture covers it: several shapes, kinks where it has one', () => {
    expect(mine.length).toBeGreaterThanOrEqual(6);
    expect(new Set(mine.map((c) => c.inputs[0]!.shape.length)).size).toBeGreaterThanOrEqual(2);
    if (op.endsWith('luBackward')) expect(mine.some((c) => c.kink)).toBe(true);
  });

  test.each(named(mine))('%s: forward', (_, c) => {
    const xs = inputsOf(c);
    const before = xs.map((x) => x.data.slice());
    const outs = OPS[op]!(xs, c.attrs);
    expect(outs.length).toBe(c.outputs.length);
    outs.forEach((o, k) => expectOutput(op, k, o, c.outputs[k]!));
    xs.forEach((x, i) => expect(x.data, `input ${i} unchanged`).toEqual(before[i]));
  });

  test.each(named(mine))('%s: first-order gradients', (_, c) => {
    const xs = inputsOf(c);
    const grads = firstOrder(c, xs);
    // eluBackward's d/dz at z = 0 differs from PyTorch's by convention: see eluKinkMask.
    const mask = op === 'eluBackward' ? eluKinkMask(c) : null;
    grads.forEach((g, i) => {
      const expected = i === 1 ? unmasked(c.grads![i]!, g, mask) : c.grads![i]!;
      expectTensorClose(g, expected, { ...TOL, what: `d/d input ${i}` });
    });
  });

  test.each(named(mine))('%s: second-order gradients (double backward)', (_, c) => {
    const xs = inputsOf(c);
    const grads = firstOrder(c, xs);
    const vs = c.grad2!.v;
    const s = grads.map((g, i) => sum(mul(g, fromFixture(vs[i]!)))).reduce((a, b) => add(a, b));
    const expected = c.grad2!.grads;
    if (!s.requiresGrad) {
      // No first-order gradient depends on the inputs: PyTorch's answer must be zeros then.
      for (const e of expected) expect(e.data.map(num).every((v) => v === 0)).toBe(true);
      return;
    }
    const mask = eluKinkMask(c);
    gradients(s, xs).forEach((g, i) => expectTensorClose(g, unmasked(expected[i]!, g, mask), { ...TOL, what: `d²/d input ${i}` }));
  });
});

describe('non-finite g and z as PyTorch treats them', () => {
  const nonFinite = cases.filter((c) => c.grads === null);

  test('the fixture has NaN and ±Infinity in g and in z (or y) for every elementwise primitive', () => {
    const ops = PRIMITIVES.filter((op) => op !== 'matmul');
    for (const op of ops) {
      const mine = nonFinite.filter((c) => c.op === op);
      for (const k of [0, 1]) {
        const values = mine.flatMap((c) => c.inputs[k]!.data);
        expect(values, `${op} input ${k}`).toEqual(expect.arrayContaining(['NaN', 'Infinity', '-Infinity']));
      }
    }
  });

  test.each(named(nonFinite))('%s', (_, c) => {
    const outs = OPS[c.op]!(inputsOf(c), c.attrs);
    outs.forEach((o, k) => expectOutput(c.op, k, o, c.outputs[k]!));
  });
});

describe('shape errors name the op', () => {
  const g = zeros([2, 3]);
  const elementwise: [string, (g: Tensor, z: Tensor) => unknown][] = [
    ['reluBackward', (g, z) => reluBackward(g, z)],
    ['leakyReluBackward', (g, z) => leakyReluBackward(g, z, 0.2)],
    ['eluBackward', (g, z) => eluBackward(g, z, 0.5)],
    ['preluBackward', (g, z) => preluBackward(g, z, tensor([0.25]))],
    ['sigmoidBackward', (g, y) => sigmoidBackward(g, y)],
    ['tanhBackward', (g, y) => tanhBackward(g, y)],
  ];

  test.each(elementwise)('%s: g and z of different shapes, even broadcastable ones (PyTorch broadcasts)', (op, f) => {
    for (const z of [zeros([3, 2]), zeros([3]), zeros([1, 3]), zeros([]), zeros([2, 3, 1])]) {
      expect(() => f(g, z)).toThrow(ShapeError);
      expect(() => f(g, z)).toThrow(new RegExp(`^${op}: `));
      expect(() => f(z, g)).toThrow(new RegExp(`^${op}: `));
    }
    // and the same shapes are fine
    expect(() => f(g, zeros([2, 3]))).not.toThrow();
  });

  test("preluBackward: a weight that does not fit z's channels", () => {
    const z = zeros([2, 3]);
    expect(() => preluBackward(z, z, tensor([0.1, 0.2]))).toThrow(ShapeError);
    expect(() => preluBackward(z, z, tensor([0.1, 0.2]))).toThrow(/^preluBackward: .*3 channels/);
    expect(() => preluBackward(zeros([3]), zeros([3]), tensor([0.1, 0.2, 0.3]))).toThrow(/^preluBackward: /);
    expect(() => preluBackward(z, z, tensor([[0.1, 0.2, 0.3]]))).toThrow(/^preluBackward: /);
  });

  test('matmul: inner dimensions that differ once the flags transpose, and a flag on a 1-d operand (it needs rank ≥ 2)', () => {
    const a = zeros([3, 4]);
    expect(() => matmul(a, zeros([4, 2]), { transposeA: true })).toThrow(ShapeError);
    expect(() => matmul(a, zeros([4, 2]), { transposeA: true })).toThrow(/^matmul: /);
    expect(() => matmul(a, zeros([4, 2]), { transposeB: true })).toThrow(/^matmul: /);
    expect(() => matmul(a, zeros([2, 4]), { transposeA: true, transposeB: true })).toThrow(/^matmul: /);
    expect(() => matmul(zeros([2, 3, 4]), zeros([3, 4, 2]), { transposeA: true })).toThrow(/^matmul: /);
    expect(() => matmul(zeros([4]), zeros([4, 2]), { transposeA: true })).toThrow(/^matmul: /);
    expect(() => matmul(a, zeros([4]), { transposeB: true })).toThrow(/^matmul: /);
    // the shapes that fit: [4,3]ᵀ·[4,2] and [3,4]·[2,4]ᵀ
    expect(matmul(zeros([4, 3]), zeros([4, 2]), { transposeA: true }).shape).toEqual([3, 2]);
    expect(matmul(a, zeros([2, 4]), { transposeB: true }).shape).toEqual([3, 2]);
  });
});
