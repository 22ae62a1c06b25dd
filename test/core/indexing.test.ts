/**
 * indexSelect, gather, maskedSelect, argmax, argmin, sin and cos against PyTorch (float64):
 * forward values, first-order gradients and, for the differentiable ones, the double backward
 * (through x and through the upstream gradient w, which runs each backward op's own rule).
 * Fixtures: test/fixtures/core-indexing.json, made by scripts/fixtures/gen_indexing_fixtures.py.
 * Then gradcheck to first and second order, what is and is not recorded, and the error messages.
 */
import {
  ArgumentError,
  AxisError,
  ShapeError,
  type Tensor,
  argmax,
  argmin,
  cos,
  gather,
  gradcheck,
  gradients,
  indexSelect,
  maskedSelect,
  mul,
  noGrad,
  sin,
  sum,
  tapeOf,
  tensor,
} from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { type FixtureTensor, OPS, expectTensorClose, fromFixture, readFixture } from '../helpers.js';

interface Case {
  name: string;
  op: string;
  inputs: FixtureTensor[];
  attrs: Record<string, unknown>;
  output: FixtureTensor;
  gradOutput: FixtureTensor | null;
  grads: (FixtureTensor | null)[] | null;
  grad2: { v: FixtureTensor[]; grads: FixtureTensor[]; gradOutput: FixtureTensor } | null;
}

const cases = readFixture<{ cases: Case[] }>('core-indexing.json').cases;
const differentiable = cases.filter((c) => c.grads !== null);
const constants = cases.filter((c) => c.grads === null);
const TOL = { rtol: 1e-12, atol: 1e-14 };
const named = (cs: Case[]) => cs.map((c) => [c.name, c] as const);

test('the fixture covers every op, with duplicate indices, negative axes, keepdims, ties and NaN', () => {
  const ops = new Set(cases.map((c) => c.op));
  expect([...ops].sort()).toEqual(['argmax', 'argmin', 'cos', 'gather', 'indexSelect', 'maskedSelect', 'sin']);
  expect(cases.some((c) => c.name.includes('duplicate'))).toBe(true);
  expect(cases.some((c) => (c.attrs.axis as number) < 0 && c.op === 'gather')).toBe(true);
  expect(cases.some((c) => c.attrs.keepdims === true)).toBe(true);
  expect(constants.some((c) => c.inputs[0]!.data.includes('NaN'))).toBe(true);
});

describe('against PyTorch', () => {
  test.each(named(cases))('%s: forward', (_, c) => {
    const xs = c.inputs.map((t) => fromFixture(t));
    const before = xs.map((x) => x.data.slice());
    const out = OPS[c.op]!(xs, c.attrs);
    expectTensorClose(out, c.output, { ...TOL, what: 'output' });
    xs.forEach((x, i) => expect(x.data, `input ${i} unchanged`).toEqual(before[i]));
  });

  test.each(named(differentiable))('%s: first-order gradient', (_, c) => {
    const [x, ...rest] = c.inputs.map((t) => fromFixture(t));
    const [dx] = gradients(OPS[c.op]!([x!, ...rest], c.attrs), [x!], { grad: fromFixture(c.gradOutput!) });
    expectTensorClose(dx!, c.grads![0]!, { ...TOL, what: 'd/dx' });
  });

  test.each(named(differentiable))('%s: second-order gradients (through x and through w)', (_, c) => {
    const [x, ...rest] = c.inputs.map((t) => fromFixture(t));
    const w = fromFixture(c.gradOutput!, true);
    const [dx] = gradients(OPS[c.op]!([x!, ...rest], c.attrs), [x!], { grad: w, createGraph: true });
    const s = sum(mul(dx!, fromFixture(c.grad2!.v[0]!)));
    const [ddx, ddw] = gradients(s, [x!, w]);
    expectTensorClose(ddx!, c.grad2!.grads[0]!, { ...TOL, what: 'd²/dx' });
    expectTensorClose(ddw!, c.grad2!.gradOutput, { ...TOL, what: 'd²/dx dw' });
  });

  test.each(named(constants))('%s: a constant, never recorded', (_, c) => {
    const x = fromFixture(c.inputs[0]!, true);
    const out = OPS[c.op]!([x], c.attrs);
    expect(out.requiresGrad).toBe(false);
    expect(out.entry).toBeNull();
  });
});

describe('gradcheck', () => {
  test.each(named(differentiable.filter((c) => c.output.data.length > 0)))('%s: first and second order', (_, c) => {
    const [x, ...rest] = c.inputs.map((t) => fromFixture(t));
    const f = (t: Tensor) => OPS[c.op]!([t, ...rest], c.attrs);
    expect(gradcheck(f, [x!], { atol: 1e-6, rtol: 1e-5 }).ok).toBe(true);
    // The vector-Jacobian product as a function of x and of the upstream gradient w.
    const v = fromFixture(c.grad2!.v[0]!);
    const vjp = (t: Tensor, w: Tensor) => sum(mul(gradients(f(t), [t], { grad: w, createGraph: true })[0]!, v));
    expect(gradcheck(vjp, [x!, fromFixture(c.gradOutput!, true)], { atol: 1e-5, rtol: 1e-4 }).ok).toBe(true);
  });
});

describe('behaviour', () => {
  test('duplicate indices add up in the gradient, as a scatter-add', () => {
    const x = tensor([10, 20, 30], { requiresGrad: true });
    sum(indexSelect(x, 0, [2, 2, 2, 0])).backward();
    expect(x.grad!.toArray()).toEqual([1, 0, 3]);
    const y = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    sum(
      gather(y, 0, [
        [1, 1],
        [1, 0],
      ]),
    ).backward();
    expect(y.grad!.toArray()).toEqual([
      [0, 1],
      [2, 1],
    ]);
  });

  test('an index may be a tensor of integer values, or a 0-d tensor (one position)', () => {
    const x = tensor([[1, 2, 3]]);
    expect(indexSelect(x, 1, tensor([2, 0])).toArray()).toEqual([[3, 1]]);
    expect(indexSelect(x, 1, tensor(1)).toArray()).toEqual([[2]]);
    expect(indexSelect(x, 1, 1).shape).toEqual([1, 1]);
  });

  test('the index is a constant input of the tape entry', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true, name: 'x' });
    expect(tapeOf(indexSelect(x, 0, [1, 1])).toString()).toBe('x  = leaf [3]\nx1 = const [2]\n%0 = indexSelect(x, x1; axis=0)  [2]');
    expect(noGrad(() => gather(x, 0, [0])).requiresGrad).toBe(false);
  });

  test('maskedSelect broadcasts x and the mask against each other', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const out = maskedSelect(x, [
      [1, 0, 1],
      [0, 1, 1],
    ]);
    expect(out.toArray()).toEqual([1, 3, 2, 3]);
    sum(out).backward();
    expect(x.grad!.toArray()).toEqual([1, 1, 2]);
    expect(maskedSelect(x, 0).shape).toEqual([0]);
  });

  test('argmax and argmin: first index on ties, NaN wins, 0-d and keepdims shapes', () => {
    expect(argmax([3, 7, 7, 1]).item()).toBe(1);
    expect(argmin([3, 1, 7, 1]).item()).toBe(1);
    expect(argmax([1, NaN, 9, NaN]).item()).toBe(1);
    expect(argmin([1, 2, NaN]).item()).toBe(2);
    expect(argmax(5).shape).toEqual([]);
    expect(argmax(5, 0).item()).toBe(0);
    expect(argmax([[1, 2]], undefined, true).shape).toEqual([1, 1]);
    expect(argmin([[1, 2]], -1, true).toArray()).toEqual([[0]]);
  });

  test('the Tensor methods are the functions', () => {
    const x = tensor([
      [0.5, -1, 2],
      [3, 0, -2],
    ]);
    expect(x.indexSelect(1, [0]).toArray()).toEqual(indexSelect(x, 1, [0]).toArray());
    expect(x.gather(0, [[1, 0, 1]]).toArray()).toEqual([[3, -1, -2]]);
    expect(x.maskedSelect(x.gt(0)).toArray()).toEqual([0.5, 2, 3]);
    expect(x.argmax(1).toArray()).toEqual([2, 0]);
    expect(x.argmin().item()).toBe(5);
    expect(x.sin().toArray()).toEqual(sin(x).toArray());
    expect(x.cos().toArray()).toEqual(cos(x).toArray());
  });
});

describe('errors name the op, the index, the axis and its length', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  test.each([
    [
      'indexSelect, index too large',
      () => indexSelect(x, 1, [0, 3]),
      AxisError,
      /^indexSelect: index 3 is out of range for axis 1 of length 3 \(x has shape \[2,3\]\); valid indices: \[0, 2\]$/,
    ],
    [
      'indexSelect, negative index',
      () => indexSelect(x, -1, [-1]),
      AxisError,
      /^indexSelect: index -1 is out of range for axis 1 of length 3 .*a negative index is out of range, as in PyTorch/,
    ],
    [
      'indexSelect, fractional index',
      () => indexSelect(x, 0, [0.5]),
      ArgumentError,
      /^indexSelect: index must hold integers, got 0\.5 at position 0/,
    ],
    [
      'indexSelect, NaN index',
      () => indexSelect(x, 0, [0, NaN]),
      ArgumentError,
      /^indexSelect: index must hold integers, got NaN at position 1/,
    ],
    ['indexSelect, 2-d index', () => indexSelect(x, 0, [[0]]), ShapeError, /^indexSelect: index must be 1-d \(or 0-d\), got shape \[1,1\]/],
    ['indexSelect, 0-d x', () => indexSelect(tensor(1), 0, [0]), AxisError, /^indexSelect: a 0-d tensor has no axis to index/],
    [
      'indexSelect, axis out of range',
      () => indexSelect(x, 2, [0]),
      AxisError,
      /^indexSelect: axis 2 is out of range for a tensor of rank 2/,
    ],
    [
      'gather, index too large',
      () => gather(x, 0, [[2, 0, 0]]),
      AxisError,
      /^gather: index 2 is out of range for axis 0 of length 2 \(x has shape \[2,3\]\)/,
    ],
    ['gather, negative index', () => gather(x, 1, [[-1], [0]]), AxisError, /^gather: index -1 is out of range for axis 1 of length 3/],
    [
      'gather, rank differs',
      () => gather(x, 1, [0, 1]),
      ShapeError,
      /^gather: index must have the rank of x \(2\), got shape \[2\] for x of shape \[2,3\]/,
    ],
    [
      'gather, index longer than x off the axis',
      () => gather(x, 1, [[0], [0], [0]]),
      ShapeError,
      /^gather: index has shape \[3,1\] but x has shape \[2,3\]; along every axis but 1, index must be no longer than x/,
    ],
    ['maskedSelect, shapes that do not broadcast', () => maskedSelect(x, [1, 0]), ShapeError, /^maskedSelect: /],
    ['argmax of an empty tensor', () => argmax([]), ArgumentError, /^argmax: x is empty \(shape \[0\]\)/],
    [
      'argmin over an empty axis',
      () => argmin(tensor([[], []]), 1),
      ArgumentError,
      /^argmin: cannot reduce over an empty axis \(shape \[2,0\], axis 1\)/,
    ],
    ['argmax, keepdims not a boolean', () => argmax(x, 0, 1 as never), ArgumentError, /^argmax: keepdims must be true or false, got 1/],
    ['argmax, axis out of range', () => argmax(x, -3), AxisError, /^argmax: axis -3 is out of range for a tensor of rank 2/],
  ] as const)('%s', (_, call, error, message) => {
    expect(call).toThrow(error);
    expect(call).toThrow(message);
  });
});
