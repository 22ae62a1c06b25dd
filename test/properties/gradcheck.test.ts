/**
 * Properties of every differentiable op, on random shapes, values and attributes (away from the
 * kinks, which ops/activations.test.ts pins exactly):
 *
 * - backward agrees with central finite differences (`gradcheck`);
 * - for a scalar f = Σ op(x)·R and a random direction v, Σᵢ ∇f·v equals the directional
 *   derivative (f(x + εv) − f(x − εv)) / 2ε.
 */
import fc from 'fast-check';
import { Tensor, gradcheck, gradients, mul, noGrad, sum } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { OPS } from '../helpers.js';
import { constantArb, params, values } from './arbitraries.js';
import { COMPARISONS, DIFFERENTIABLE, type OpCase } from './ops.js';

describe('the op table', () => {
  test('holds every differentiable op of the fixture table, and sumTo', () => {
    const expected = [...Object.keys(OPS).filter((op) => !COMPARISONS.includes(op)), 'sumTo'].sort();
    expect(Object.keys(DIFFERENTIABLE).sort()).toEqual(expected);
  });
});

describe('gradcheck passes on random inputs', () => {
  test.each(Object.keys(DIFFERENTIABLE))('%s', (name) => {
    fc.assert(
      fc.property(DIFFERENTIABLE[name]!, ({ inputs, f }: OpCase) => {
        const report = gradcheck(f, inputs, { raise: false });
        return report.ok;
      }),
      params(100),
    );
  });
});

describe('Σ ∇f·v equals the directional derivative', () => {
  const EPS = 1e-6;

  /** A case with a random weighting R of the output (so f is a scalar) and a direction per input. */
  const withDirections = (arb: fc.Arbitrary<OpCase>) =>
    arb.chain((c) => {
      const out = noGrad(() => c.f(...c.inputs));
      return fc.tuple(fc.constant(c), constantArb(out.shape), fc.tuple(...c.inputs.map((x) => values(x.size))));
    });

  test.each(Object.keys(DIFFERENTIABLE))('%s', (name) => {
    fc.assert(
      fc.property(withDirections(DIFFERENTIABLE[name]!), ([c, weight, directions]) => {
        const scalarF = (...xs: Tensor[]) => sum(mul(c.f(...xs), weight));
        const grads = gradients(scalarF(...c.inputs), c.inputs);
        let analytical = 0;
        let scale = 0;
        grads.forEach((g, i) =>
          g.data.forEach((v, k) => {
            analytical += v * directions[i]![k]!;
            scale += Math.abs(v * directions[i]![k]!);
          }),
        );
        const shifted = (sign: number) =>
          noGrad(() =>
            scalarF(
              ...c.inputs.map(
                (x, i) =>
                  new Tensor(
                    x.data.map((v, k) => v + sign * EPS * directions[i]![k]!),
                    x.shape,
                  ),
              ),
            ).item(),
          );
        const numerical = (shifted(1) - shifted(-1)) / (2 * EPS);
        return Math.abs(analytical - numerical) <= 1e-6 + 1e-6 * scale;
      }),
      params(100),
    );
  });
});
