/**
 * Layout ops move values without changing them: `reshape` back to the original shape, `transpose`
 * twice, `permute` then its inverse, `unsqueeze` then `squeeze` give back the tensor, bit for bit,
 * and so does backward through the round trip for any upstream gradient.
 */
import fc from 'fast-check';
import { type Tensor, flatten, gradients, permute, reshape, squeeze, transpose, unsqueeze } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { constantArb, params, shapeArb, sizeOf, tensorArb } from './arbitraries.js';

/** The same values in the same shape, bit for bit. */
function expectSame(actual: Tensor, expected: Tensor): void {
  expect([...actual.shape]).toEqual([...expected.shape]);
  expect(Array.from(actual.data)).toEqual(Array.from(expected.data));
}

/** Backward through `f` (which must give back x's shape) returns the upstream gradient unchanged. */
function expectIdentityGradient(x: Tensor, f: (t: Tensor) => Tensor, g: Tensor): void {
  const [gx] = gradients(f(x), [x], { grad: g });
  expectSame(gx!, g);
}

const tensorAndGrad = (opts?: Parameters<typeof shapeArb>[0]) => shapeArb(opts).chain((s) => fc.tuple(tensorArb(s), constantArb(s)));

/** Random dimensions whose product is `n`: the prime factors of n grouped at random, with some 1s. */
function factorisation(n: number): fc.Arbitrary<number[]> {
  const primes: number[] = [];
  for (let m = n, p = 2; m > 1; ) {
    if (m % p === 0) {
      primes.push(p);
      m /= p;
    } else p++;
  }
  return fc
    .tuple(
      fc.shuffledSubarray(primes, { minLength: primes.length, maxLength: primes.length }),
      fc.array(fc.nat({ max: 3 }), { minLength: primes.length + 2, maxLength: primes.length + 2 }),
    )
    .map(([ps, cuts]) => {
      const dims = [1];
      ps.forEach((p, i) => {
        if (cuts[i]! === 0) dims.push(p);
        else dims[dims.length - 1]! *= p;
      });
      if (cuts[ps.length]! === 0) dims.push(1);
      return cuts[ps.length + 1]! === 0 && dims[0] === 1 ? dims.slice(1) : dims;
    });
}

describe('round trips give back the tensor', () => {
  test('reshape to any shape of the same size, and back', () => {
    fc.assert(
      fc.property(
        tensorAndGrad({ maxRank: 4, maxDim: 4 }).chain(([x, g]) => fc.tuple(fc.constant(x), fc.constant(g), factorisation(x.size))),
        ([x, g, dims]) => {
          expect(sizeOf(dims)).toBe(x.size);
          const there = reshape(x, dims);
          expect([...there.shape]).toEqual(dims);
          expect(Array.from(there.data)).toEqual(Array.from(x.data)); // row-major order is kept
          expectSame(reshape(there, x.shape), x);
          expectIdentityGradient(x, (t) => reshape(reshape(t, dims), t.shape), g);
        },
      ),
      params(300),
    );
  });

  test('flatten, then reshape back', () => {
    fc.assert(
      fc.property(tensorAndGrad({ maxRank: 4 }), ([x, g]) => {
        expectSame(reshape(flatten(x), x.shape), x);
        expectIdentityGradient(x, (t) => reshape(flatten(t), t.shape), g);
      }),
      params(200),
    );
  });

  test('transpose twice over the same axes', () => {
    fc.assert(
      fc.property(
        tensorAndGrad({ minRank: 2, maxRank: 4 }).chain(([x, g]) =>
          fc.tuple(
            fc.constant(x),
            fc.constant(g),
            fc.integer({ min: -x.ndim, max: x.ndim - 1 }),
            fc.integer({ min: -x.ndim, max: x.ndim - 1 }),
          ),
        ),
        ([x, g, i, j]) => {
          const t = transpose(x, i, j);
          const [a, b] = [(i + x.ndim) % x.ndim, (j + x.ndim) % x.ndim];
          // Element [.., p, .., q, ..] of x is element [.., q, .., p, ..] of its transpose.
          const swapped = [...x.shape];
          [swapped[a], swapped[b]] = [swapped[b]!, swapped[a]!];
          expect([...t.shape]).toEqual(swapped);
          const xs = x.toArray();
          const ts = t.toArray();
          for (let k = 0; k < x.size; k++) {
            const idx = unravel(k, x.shape);
            const tIdx = [...idx];
            [tIdx[a], tIdx[b]] = [tIdx[b]!, tIdx[a]!];
            expect(at(ts, tIdx)).toBe(at(xs, idx));
          }
          expectSame(transpose(t, i, j), x);
          expectIdentityGradient(x, (u) => transpose(transpose(u, i, j), i, j), g);
        },
      ),
      params(300),
    );
  });

  test('permute, then the inverse permutation', () => {
    fc.assert(
      fc.property(
        tensorAndGrad({ maxRank: 4 }).chain(([x, g]) => {
          const axes = x.shape.map((_, i) => i);
          return fc.tuple(fc.constant(x), fc.constant(g), fc.shuffledSubarray(axes, { minLength: axes.length, maxLength: axes.length }));
        }),
        ([x, g, p]) => {
          const inverse = new Array<number>(p.length);
          p.forEach((a, i) => (inverse[a] = i));
          expect([...permute(x, p).shape]).toEqual(p.map((a) => x.shape[a]));
          expectSame(permute(permute(x, p), inverse), x);
          expectIdentityGradient(x, (t) => permute(permute(t, p), inverse), g);
        },
      ),
      params(300),
    );
  });

  test('unsqueeze at any axis, then squeeze it', () => {
    fc.assert(
      fc.property(
        tensorAndGrad({ maxRank: 3 }).chain(([x, g]) =>
          fc.tuple(fc.constant(x), fc.constant(g), fc.integer({ min: -x.ndim - 1, max: x.ndim })),
        ),
        ([x, g, axis]) => {
          const u = unsqueeze(x, axis);
          expect(u.ndim).toBe(x.ndim + 1);
          expect(u.shape[(axis + u.ndim) % u.ndim]).toBe(1);
          expectSame(squeeze(u, axis), x);
          expectIdentityGradient(x, (t) => squeeze(unsqueeze(t, axis), axis), g);
        },
      ),
      params(200),
    );
  });
});

function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = k % shape[i]!;
    k = Math.floor(k / shape[i]!);
  }
  return idx;
}

function at(nested: unknown, idx: readonly number[]): number {
  let v = nested;
  for (const i of idx) v = (v as unknown[])[i];
  return v as number;
}
