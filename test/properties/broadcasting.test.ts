/**
 * Broadcasting on random shapes agrees with NumPy's rule (written out independently in
 * `numpyBroadcast`): the result's shape, a ShapeError exactly when NumPy refuses, and each
 * gradient with its own input's shape, holding the sum of the upstream gradient over the copies.
 */
import fc from 'fast-check';
import * as core from '@tapegrad/core';
import { ShapeError, Tensor, broadcastShapes, gradients, matmul, sum } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { broadcastPair, constantArb, numpyBroadcast, params, shapeArb, tensorArb } from './arbitraries.js';

const BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;

/** Two shapes that NumPy refuses to broadcast: one aligned axis with two different lengths ≥ 2. */
const incompatiblePair: fc.Arbitrary<[number[], number[]]> = fc
  .tuple(broadcastPair(), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }), fc.nat())
  .filter(([, d1, d2]) => d1 !== d2)
  .map(([[a, b], d1, d2, at]) => {
    // Pad both to one rank, then put the conflict on one aligned axis.
    const rank = Math.max(a.length, b.length, 1);
    const pa = [...Array<number>(rank - a.length).fill(1), ...a];
    const pb = [...Array<number>(rank - b.length).fill(1), ...b];
    const axis = at % rank;
    pa[axis] = d1;
    pb[axis] = d2;
    return [pa, pb];
  });

describe('broadcast shapes', () => {
  test('broadcastShapes is NumPy’s rule on compatible shapes (dimensions 0..3)', () => {
    fc.assert(
      fc.property(broadcastPair({ minDim: 0 }), ([a, b]) => {
        expect(broadcastShapes('add', a, b)).toEqual(numpyBroadcast(a, b));
        expect(broadcastShapes('add', b, a)).toEqual(numpyBroadcast(a, b));
      }),
      params(200),
    );
  });

  test('incompatible shapes raise a ShapeError naming both shapes, from broadcastShapes and from every binary op', () => {
    fc.assert(
      fc.property(incompatiblePair, ([a, b]) => {
        expect(numpyBroadcast(a, b)).toBeNull();
        expect(() => broadcastShapes('add', a, b)).toThrow(ShapeError);
        for (const op of BINARY) {
          expect(() => core[op](core.zeros(a), core.zeros(b))).toThrow(
            `${op}: cannot broadcast shapes [${a.join(',')}] and [${b.join(',')}]`,
          );
        }
      }),
      params(200),
    );
  });
});

describe('binary ops on broadcast operands', () => {
  test.each(BINARY)('%s: the result has the broadcast shape; each gradient has its input’s shape', (op) => {
    fc.assert(
      fc.property(
        broadcastPair({ minDim: 0 }).chain(([sa, sb]) =>
          fc.tuple(
            tensorArb(sa, (v) => Math.abs(v) + 0.5),
            tensorArb(sb),
            constantArb(numpyBroadcast(sa, sb)!),
          ),
        ),
        ([a, b, g]) => {
          const out = core[op](a, b);
          expect([...out.shape]).toEqual(numpyBroadcast(a.shape, b.shape));
          if (!out.requiresGrad) return; // a comparison: a constant
          const [ga, gb] = gradients(out, [a, b], { grad: g });
          expect([...ga!.shape]).toEqual([...a.shape]);
          expect([...gb!.shape]).toEqual([...b.shape]);
        },
      ),
      params(150),
    );
  });

  test('add: each operand’s gradient holds the whole upstream gradient, summed over its copies', () => {
    fc.assert(
      fc.property(
        broadcastPair().chain(([sa, sb]) => fc.tuple(tensorArb(sa), tensorArb(sb), constantArb(numpyBroadcast(sa, sb)!))),
        ([a, b, g]) => {
          const [ga, gb] = gradients(core.add(a, b), [a, b], { grad: g });
          const total = sum(g).item();
          expect(sum(ga!).item()).toBeCloseTo(total, 10);
          expect(sum(gb!).item()).toBeCloseTo(total, 10);
        },
      ),
      params(200),
    );
  });

  test('where: condition, a and b broadcast together', () => {
    fc.assert(
      fc.property(
        broadcastPair().chain(([sa, sb]) => fc.tuple(fc.constant(sa), fc.constant(sb), fc.constantFrom(sa, sb, [] as number[]))),
        ([sa, sb, sc]) => {
          const [a, b] = [core.zeros(sa, { requiresGrad: true }), core.ones(sb, { requiresGrad: true })];
          const out = core.where(core.zeros(sc), a, b);
          expect([...out.shape]).toEqual(numpyBroadcast(sa, sb, sc));
          const [ga, gb] = gradients(out, [a, b], { grad: core.ones(out.shape) });
          expect([...ga!.shape]).toEqual(sa);
          expect([...gb!.shape]).toEqual(sb);
        },
      ),
      params(200),
    );
  });

  test('matmul broadcasts its batch dimensions; each gradient has its operand’s shape', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(broadcastPair({ maxRank: 3 }), shapeArb({ minRank: 3, maxRank: 3 }))
          .chain(([[ba, bb], [n, k, m]]) => fc.tuple(tensorArb([...ba, n!, k!]), tensorArb([...bb, k!, m!]))),
        ([a, b]) => {
          const out = matmul(a, b);
          const batch = numpyBroadcast(a.shape.slice(0, -2), b.shape.slice(0, -2))!;
          expect([...out.shape]).toEqual([...batch, a.shape[a.ndim - 2], b.shape[b.ndim - 1]]);
          const [ga, gb] = gradients(out, [a, b], { grad: core.ones(out.shape) });
          expect([...ga!.shape]).toEqual([...a.shape]);
          expect([...gb!.shape]).toEqual([...b.shape]);
        },
      ),
      params(200),
    );
  });

  test('broadcastTo and sumTo undo each other’s shapes', () => {
    fc.assert(
      fc.property(broadcastPair({ minDim: 0 }), ([sa, sb]) => {
        const out = numpyBroadcast(sa, sb)!;
        const x = new Tensor(new Float64Array(sa.reduce((p, d) => p * d, 1)).fill(1), sa, { requiresGrad: true });
        const y = core.broadcastTo(x, out);
        expect([...y.shape]).toEqual(out);
        expect([...core.sumTo(y, sa).shape]).toEqual(sa);
        const [gx] = gradients(y, [x], { grad: core.ones(out) });
        expect([...gx!.shape]).toEqual(sa);
      }),
      params(200),
    );
  });
});
