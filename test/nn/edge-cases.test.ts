/**
 * The losses at the numerical edges, against PyTorch (float64): bceLoss at the probabilities 0
 * and 1, bceWithLogitsLoss and crossEntropyLoss at logits ±1000. Values equal PyTorch's; gradients
 * are finite wherever PyTorch's are, and equal to PyTorch's except where bceLoss's gradient is
 * knowingly different (below). Fixtures: test/fixtures/edge-cases.json, made by
 * scripts/fixtures/gen_edge_fixtures.py.
 */
import { type Tensor, gradients } from '@tapegrad/core';
import { bceLoss, bceWithLogitsLoss, crossEntropyLoss, type Reduction } from '@tapegrad/nn';
import { describe, expect, test } from 'vitest';
import { edgeCases, expectSameValues, sameValue, toTensor, type EdgeCase } from '../edge.js';
import { num, type FixtureTensor } from '../helpers.js';

const tensorOpt = (t: unknown) => (t ? toTensor(t as FixtureTensor) : undefined);

const CALL: Record<string, (x: Tensor, y: Tensor, a: Record<string, unknown>) => Tensor> = {
  bceLoss: (x, y, a) => bceLoss(x, y, { reduction: a.reduction as Reduction, ...(a.weight ? { weight: tensorOpt(a.weight) } : {}) }),
  bceWithLogitsLoss: (x, y, a) =>
    bceWithLogitsLoss(x, y, {
      reduction: a.reduction as Reduction,
      ...(a.weight ? { weight: tensorOpt(a.weight) } : {}),
      ...(a.posWeight ? { posWeight: tensorOpt(a.posWeight) } : {}),
    }),
  crossEntropyLoss: (x, y, a) => crossEntropyLoss(x, y, { reduction: a.reduction as Reduction }),
};

const cases = edgeCases('nn');

/** Where bceLoss clamps a log at −100 (as PyTorch does): p < e⁻¹⁰⁰. */
const CLAMPED = Math.exp(-100);

/**
 * bceLoss's gradient as this library computes it: the derivative of the clamped loss
 * −w·(y·max(log x, −100) + (1 − y)·max(log(1 − x), −100)), a clamped term contributing 0.
 *
 * NOTE: PyTorch's hand-written backward is instead w·(x − y) / max(x(1 − x), 1e−12). The two agree
 * wherever x(1 − x) ≥ 1e−12; below that (x within 1e−12 of 0 or 1) PyTorch's denominator is
 * floored, ours is not (or the term is clamped to a constant). Both are finite at every point of the
 * fixture, PyTorch's as large as ±1e12 where ours is 0, ours as large as 9e15 (1/(1 − x) at
 * x = 1 − 2⁻⁵³) where PyTorch's is 1e12.
 */
function bceGradient(x: number, y: number, w: number): number {
  const dLogX = x < CLAMPED ? 0 : 1 / x;
  const dLog1mX = 1 - x < CLAMPED ? 0 : 1 / (1 - x);
  return w * (-y * dLogX + (1 - y) * dLog1mX);
}

describe('nn losses at the numerical edges, against PyTorch', () => {
  test('the fixture covers bceLoss, bceWithLogitsLoss and crossEntropyLoss', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(CALL)));
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_, c: EdgeCase) => {
    const run = (requiresGrad: boolean) => {
      const x = toTensor(c.inputs[0]!, requiresGrad);
      return { x, loss: CALL[c.op]!(x, toTensor(c.target!), c.attrs) };
    };

    test('values equal PyTorch’s (no NaN, no ∞)', () => {
      const { loss } = run(false);
      expectSameValues(loss, c.output, 'loss', c.inputs[0]);
      expect(loss.data.every(Number.isFinite)).toBe(true);
    });

    test('gradients are finite where PyTorch’s are, and equal to PyTorch’s (bceLoss: see bceGradient)', () => {
      const { x, loss } = run(true);
      const [g] = gradients(loss, [x], { grad: toTensor(c.gradOutput) });
      const expected = c.grads[0]!.data.map(num);
      expected.forEach((e, i) => {
        if (Number.isFinite(e)) expect(Number.isFinite(g!.data[i]!), `element ${i}: ${g!.data[i]} where PyTorch has ${e}`).toBe(true);
      });
      if (c.op !== 'bceLoss') {
        expectSameValues(g!, c.grads[0]!, 'd loss / d input', c.inputs[0]);
        return;
      }
      const n = x.size;
      const scale = c.attrs.reduction === 'mean' ? 1 / n : 1;
      const weights = c.attrs.weight ? (c.attrs.weight as FixtureTensor).data.map(num) : null;
      const xs = c.inputs[0]!.data.map(num);
      const ys = c.target!.data.map(num);
      let differing = 0;
      xs.forEach((xv, i) => {
        const up = num(c.gradOutput.data[c.gradOutput.data.length === 1 ? 0 : i]!);
        if (xv * (1 - xv) >= 1e-12) {
          expect(sameValue(g!.data[i]!, expected[i]!, 1e-9), `element ${i} (x = ${xv}): ${g!.data[i]}, PyTorch ${expected[i]}`).toBe(true);
        } else {
          differing++;
          const ours = up * scale * bceGradient(xv, ys[i]!, weights ? weights[i]! : 1);
          expect(
            sameValue(g!.data[i]!, ours, 1e-12, 0),
            `element ${i} (x = ${xv}, y = ${ys[i]}): ${g!.data[i]}, the clamped loss's derivative ${ours}`,
          ).toBe(true);
        }
      });
      // Of the 14 points all but x = 0.5 have x(1 − x) < 1e-12 (at x = 1e-12 the two still agree).
      expect(differing).toBe(13);
    });
  });
});
