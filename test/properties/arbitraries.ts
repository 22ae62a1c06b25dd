/**
 * Shared by the property tests: the seed, the run budget, and generators of shapes and tensors.
 *
 * Every property runs with one fixed seed, so a failure reproduces: fast-check prints the seed
 * and the shrunk counterexample's path, and `TAPEGRAD_PROPERTY_SEED=<seed>` replays a run with
 * another seed (to explore; the committed runs always use `SEED`).
 */
import fc from 'fast-check';
import { Tensor } from '@tapegrad/core';

export const SEED = Number(process.env.TAPEGRAD_PROPERTY_SEED ?? 20_240_611);

/** The options of every `fc.assert`: the seed, a number of runs, and a time limit per property. */
export function params(numRuns: number): fc.Parameters<unknown> {
  // NOTE: interruptAfterTimeLimit bounds a property that turned slow; markInterruptAsFailure makes
  // that a failure rather than a silent pass with fewer runs.
  return { seed: SEED, numRuns, interruptAfterTimeLimit: 8_000, markInterruptAsFailure: true };
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A shape of rank `minRank..maxRank` with dimensions `minDim..maxDim`. */
export function shapeArb({ minRank = 0, maxRank = 3, minDim = 1, maxDim = 3 } = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Values on the grid (k + ½)/1000, k integer, in about [-2, 2]: never 0 and never within 5e-4
 * of a multiple of 1e-3, so a kink placed on that grid (0 for the rectifiers, clip's bounds)
 * is at least 5e-4 away, far beyond gradcheck's step of 1e-6.
 */
export const gridValue = fc.integer({ min: -2000, max: 1999 }).map((k) => (k + 0.5) / 1000);

/** `n` grid values, all distinct (for max and min, whose gradient at a tie is shared). */
export function distinctValues(n: number): fc.Arbitrary<number[]> {
  return fc.uniqueArray(fc.integer({ min: -2000, max: 1999 }), { minLength: n, maxLength: n }).map((ks) => ks.map((k) => (k + 0.5) / 1000));
}

/** `n` grid values. */
export function values(n: number): fc.Arbitrary<number[]> {
  return fc.array(gridValue, { minLength: n, maxLength: n });
}

/** A tensor of the given shape, with `transform` applied to each grid value (to stay in an op's domain). */
export function tensorArb(shape: readonly number[], transform: (v: number) => number = (v) => v, distinct = false): fc.Arbitrary<Tensor> {
  const n = sizeOf(shape);
  return (distinct ? distinctValues(n) : values(n)).map(
    (vs) => new Tensor(Float64Array.from(vs, transform), shape, { requiresGrad: true }),
  );
}

/** A tensor of a random shape (rank 0..3, dimensions 1..3). */
export function anyTensor(transform?: (v: number) => number, opts?: Parameters<typeof shapeArb>[0]): fc.Arbitrary<Tensor> {
  return shapeArb(opts).chain((s) => tensorArb(s, transform));
}

/**
 * Two shapes that broadcast together by NumPy's rule, made from an output shape: each operand
 * keeps a suffix of it and replaces some of its dimensions by 1.
 */
export function broadcastPair({ maxRank = 4, maxDim = 3, minDim = 1 } = {}): fc.Arbitrary<[number[], number[]]> {
  const operand = (out: number[]) =>
    fc
      .integer({ min: 0, max: out.length })
      .chain((keep) =>
        fc
          .array(fc.boolean(), { minLength: keep, maxLength: keep })
          .map((ones) => out.slice(out.length - keep).map((d, i) => (ones[i] ? 1 : d))),
      );
  return shapeArb({ minRank: 0, maxRank, minDim, maxDim }).chain((out) => fc.tuple(operand(out), operand(out)));
}

/**
 * NumPy's broadcasting rule, written out independently of core's `broadcastShapes`: align on
 * the right; a missing dimension counts as 1; equal dimensions or a 1 on either side, else null.
 */
export function numpyBroadcast(...shapes: (readonly number[])[]): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const dims = shapes.map((s) => s[s.length - rank + i] ?? 1);
    const big = dims.filter((d) => d !== 1);
    if (new Set(big).size > 1) return null;
    out.push(big.length > 0 ? big[0]! : 1);
  }
  return out;
}

/** Random values of `shape` as a constant tensor (an upstream gradient, a direction). */
export function constantArb(shape: readonly number[]): fc.Arbitrary<Tensor> {
  return values(sizeOf(shape)).map((vs) => new Tensor(Float64Array.from(vs), shape));
}
