/**
 * Numerical edges against PyTorch (float64): sigmoid, log, softmax, logSoftmax and logSumExp at
 * ±1000, ±∞ and the probabilities 0 and 1, and relu, maximum, minimum with an infinite upstream
 * gradient. Values and gradients equal PyTorch's: no NaN where PyTorch has none, a finite gradient
 * wherever PyTorch's is finite, and the same NaN or ±∞ where PyTorch has one.
 * Fixtures: test/fixtures/edge-cases.json, made by scripts/fixtures/gen_edge_fixtures.py.
 */
import * as core from '@tapegrad/core';
import { type Scalar, type Tensor, gradients, scalar } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { edgeCases, expectSameValues, sameValue, toTensor, type EdgeCase, type KnownDifference } from '../edge.js';
import { num } from '../helpers.js';

type Attrs = Record<string, unknown>;
const CALL: Record<string, (xs: Tensor[], a: Attrs) => Tensor> = {
  sigmoid: ([x]) => core.sigmoid(x!),
  log: ([x]) => core.log(x!),
  softmax: ([x], a) => core.softmax(x!, a.axis as number),
  logSoftmax: ([x], a) => core.logSoftmax(x!, a.axis as number),
  logSumExp: ([x], a) => core.logSumExp(x!, (a.axes ?? undefined) as number[] | undefined, a.keepdims as boolean),
  relu: ([x]) => core.relu(x!),
  maximum: ([a, b]) => core.maximum(a!, b!),
  minimum: ([a, b]) => core.minimum(a!, b!),
};

const cases = edgeCases('core');

/**
 * Where we differ from PyTorch, by case: one row of the fixture, [+∞, 0, 0] (elements 21..23).
 * PyTorch's softmax kernel subtracts the row's maximum, +∞, and so makes the whole row NaN. Ours
 * is exp(x − logSumExp(x)), and logSumExp(x) = +∞ (as PyTorch's): the +∞ entry is NaN, the others
 * take their limits, 0 (−∞ for logSoftmax) and a finite gradient. No NaN where PyTorch has none.
 */
const PLUS_INFINITY_ROW = 'a +∞ logit: PyTorch’s softmax makes the whole row NaN; ours is NaN at the +∞ only, and the limit elsewhere';
const KNOWN: Record<string, { value?: KnownDifference; grad?: KnownDifference }> = {
  'softmax of rows at ±1000 and ±∞': { value: { elements: [22, 23], ours: [0, 0], why: PLUS_INFINITY_ROW } },
  'logSoftmax of rows at ±1000 and ±∞': {
    value: { elements: [22, 23], ours: [-Infinity, -Infinity], why: PLUS_INFINITY_ROW },
    grad: { elements: [22, 23], ours: [-1, 2], why: PLUS_INFINITY_ROW },
  },
};

describe('core at the numerical edges, against PyTorch', () => {
  test('the fixture covers every op the edge cases are about', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(CALL)));
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_, c: EdgeCase) => {
    test('values equal PyTorch’s', () => {
      const xs = c.inputs.map((t) => toTensor(t));
      expectSameValues(CALL[c.op]!(xs, c.attrs), c.output, 'value', c.inputs[0], KNOWN[c.name]?.value);
    });

    test('gradients equal PyTorch’s: finite where PyTorch’s are', () => {
      const xs = c.inputs.map((t) => toTensor(t, true));
      const grads = gradients(CALL[c.op]!(xs, c.attrs), xs, { grad: toTensor(c.gradOutput) });
      grads.forEach((g, i) => expectSameValues(g, c.grads[i]!, `d/d input ${i}`, c.inputs[i], KNOWN[c.name]?.grad));
    });
  });
});

describe('the scalar engine at the same edges', () => {
  const SCALAR: Record<string, (x: Scalar) => Scalar> = { sigmoid: (x) => x.sigmoid(), log: (x) => x.log(), relu: (x) => x.relu() };
  test.each(cases.filter((c) => c.op in SCALAR).map((c) => [c.name, c] as const))('%s', (_, c) => {
    c.inputs[0]!.data.forEach((v, i) => {
      const x = scalar(num(v));
      const y = SCALAR[c.op]!(x);
      const k = KNOWN[c.name]?.value?.elements.indexOf(i) ?? -1;
      if (k >= 0) {
        expect(y.data, `${v}: ${KNOWN[c.name]!.value!.why}`).toBe(KNOWN[c.name]!.value!.ours[k]);
        return;
      }
      expect(sameValue(y.data, num(c.output.data[i]!)), `value at ${v}: ${y.data}, PyTorch ${c.output.data[i]}`).toBe(true);
      // backward seeds 1: scale PyTorch's gradient back by its upstream gradient.
      y.backward();
      const g = num(c.gradOutput.data[i]!);
      const expected = num(c.grads[0]!.data[i]!) / g;
      if (Number.isFinite(g) && g !== 0) expect(sameValue(x.grad, expected), `gradient at ${v}: ${x.grad}, PyTorch ${expected}`).toBe(true);
    });
  });
});
