/**
 * Every differentiable op of core as a generator of random cases: inputs in the op's domain and
 * away from its kinks, with random attributes (axes, bounds, slopes, shapes). Used by the
 * gradcheck and directional-derivative properties.
 */
import fc from 'fast-check';
import * as core from '@tapegrad/core';
import { Tensor } from '@tapegrad/core';
import { broadcastPair, gridValue, shapeArb, sizeOf, tensorArb } from './arbitraries.js';

export interface OpCase {
  /** Inputs; those with `requiresGrad` are differentiated. */
  inputs: Tensor[];
  /** The op applied to the inputs, with this case's attributes. */
  f: (...xs: Tensor[]) => Tensor;
  /** The attributes, for a failure's message. */
  attrs: string;
}

const positive = (v: number) => Math.abs(v) + 0.1;
const awayFromZero = (v: number) => Math.sign(v) * (Math.abs(v) + 0.5);
/** Shifted by a quarter step: never equal to an unshifted grid value (no tie in maximum/minimum). */
const quarterShift = (v: number) => v + 0.00025;

function unary(transform: (v: number) => number, f: (x: Tensor) => Tensor, attrs = ''): fc.Arbitrary<OpCase> {
  return shapeArb()
    .chain((s) => tensorArb(s, transform))
    .map((x) => ({ inputs: [x], f, attrs }));
}

function binary(f: (a: Tensor, b: Tensor) => Tensor, ta?: (v: number) => number, tb?: (v: number) => number): fc.Arbitrary<OpCase> {
  return broadcastPair({ maxRank: 3 })
    .chain(([sa, sb]) => fc.tuple(tensorArb(sa, ta), tensorArb(sb, tb)))
    .map(([a, b]) => ({ inputs: [a, b], f, attrs: `a ${fmt(a.shape)}, b ${fmt(b.shape)}` }));
}

/** A tensor of rank ≥ `minRank` and a random subset of its axes, as a reduction takes them. */
function reduction(f: (x: Tensor, axes: number[] | undefined, keepdims: boolean) => Tensor, distinct = false): fc.Arbitrary<OpCase> {
  return shapeArb({ minRank: 0, maxRank: 3 }).chain((s) =>
    fc
      .tuple(
        tensorArb(s, undefined, distinct),
        fc.option(fc.subarray(s.map((_, i) => i)), { nil: undefined }).map((axes) => axes?.map((a, k) => (k % 2 === 1 ? a - s.length : a))),
        fc.boolean(),
      )
      .map(([x, axes, keepdims]) => ({
        inputs: [x],
        f: (t: Tensor) => f(t, axes, keepdims),
        attrs: `axes ${JSON.stringify(axes)}, keepdims ${keepdims}`,
      })),
  );
}

/** A tensor of rank ≥ 1 and one of its axes (possibly negative). */
function alongAxis(f: (x: Tensor, axis: number) => Tensor, minRank = 1): fc.Arbitrary<OpCase> {
  return shapeArb({ minRank, maxRank: 3 }).chain((s) =>
    fc
      .tuple(tensorArb(s), fc.integer({ min: -s.length, max: s.length - 1 }))
      .map(([x, axis]) => ({ inputs: [x], f: (t: Tensor) => f(t, axis), attrs: `axis ${axis}` })),
  );
}

const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

/** Shapes for matmul: 1-d and 2-d operands, and batched ones whose batch dimensions broadcast. */
const matmulShapes: fc.Arbitrary<[number[], number[]]> = fc
  .tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
    broadcastPair({ maxRank: 2, maxDim: 2 }),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([n, k, m, [ba, bb], kind]) => {
    if (kind === 0) return [[k], [k]];
    if (kind === 1) return [[k], [...bb, k, m]];
    if (kind === 2) return [[...ba, n, k], [k]];
    return [
      [...ba, n, k],
      [...bb, k, m],
    ];
  });

/** A shape with the same number of elements: the dimensions shuffled, some 1s added, maybe one -1. */
function reshapeTarget(shape: readonly number[]): fc.Arbitrary<number[]> {
  const dims = shape.filter((d) => d !== 1);
  return fc
    .tuple(
      fc.shuffledSubarray(dims, { minLength: dims.length, maxLength: dims.length }),
      fc.integer({ min: 0, max: 2 }),
      fc.boolean(),
      fc.nat(),
    )
    .map(([perm, ones, inferOne, at]) => {
      const target = [...perm];
      for (let i = 0; i < ones; i++) target.splice(at % (target.length + 1), 0, 1);
      if (inferOne && target.length > 0) target[at % target.length] = -1;
      return target;
    });
}

/** Every differentiable op of core (the comparisons return constants and are not here). */
export const DIFFERENTIABLE: Record<string, fc.Arbitrary<OpCase>> = {
  add: binary(core.add),
  sub: binary(core.sub),
  mul: binary(core.mul),
  div: binary(core.div, undefined, awayFromZero),
  pow: binary(core.pow, (v) => Math.abs(v) + 0.2),
  maximum: binary(core.maximum, undefined, quarterShift),
  minimum: binary(core.minimum, undefined, quarterShift),
  where: broadcastPair({ maxRank: 3 }).chain(([sa, sb]) =>
    // 27 bits: enough for the largest condition, 3 × 3 × 3.
    fc
      .tuple(tensorArb(sa), tensorArb(sb), fc.constantFrom(sa, sb), fc.array(fc.boolean(), { minLength: 27, maxLength: 27 }))
      .map(([a, b, sc, bits]) => {
        const cond = new Tensor(
          Float64Array.from({ length: sizeOf(sc) }, (_, i) => (bits[i] ? 1 : 0)),
          sc,
        );
        return { inputs: [a, b], f: (x: Tensor, y: Tensor) => core.where(cond, x, y), attrs: `cond ${fmt(sc)}` };
      }),
  ),
  neg: unary((v) => v, core.neg),
  exp: unary((v) => v, core.exp),
  log: unary(positive, core.log),
  log1p: unary((v) => v / 2.5, core.log1p),
  sqrt: unary(positive, core.sqrt),
  abs: unary((v) => v, core.abs),
  tanh: unary((v) => v, core.tanh),
  sigmoid: unary((v) => v, core.sigmoid),
  sin: unary((v) => v * 3, core.sin),
  cos: unary((v) => v * 3, core.cos),
  indexSelect: shapeArb({ minRank: 1, maxRank: 3 }).chain((s) =>
    fc.integer({ min: -s.length, max: s.length - 1 }).chain((axis) =>
      fc.tuple(tensorArb(s), fc.array(fc.nat({ max: s[axis < 0 ? axis + s.length : axis]! - 1 }), { maxLength: 4 })).map(([x, index]) => ({
        inputs: [x],
        f: (t: Tensor) => core.indexSelect(t, axis, index),
        attrs: `axis ${axis}, index ${JSON.stringify(index)}`,
      })),
    ),
  ),
  gather: shapeArb({ minRank: 1, maxRank: 3 }).chain((s) =>
    fc.integer({ min: 0, max: s.length - 1 }).chain((axis) =>
      fc
        .tuple(
          fc.tuple(...s.map((d, i) => fc.integer({ min: 1, max: i === axis ? 4 : d }))),
          fc.array(fc.nat({ max: s[axis]! - 1 }), { minLength: 64, maxLength: 64 }),
        )
        .chain(([is, picks]) => {
          const index = new Tensor(
            Float64Array.from({ length: sizeOf(is) }, (_, k) => picks[k]!),
            is,
          );
          return tensorArb(s).map((x) => ({
            inputs: [x],
            f: (t: Tensor) => core.gather(t, axis, index),
            attrs: `axis ${axis}, index ${fmt(is)} ${JSON.stringify(Array.from(index.data))}`,
          }));
        }),
    ),
  ),
  maskedSelect: broadcastPair({ maxRank: 3 }).chain(([sx, sm]) =>
    fc.tuple(tensorArb(sx), fc.array(fc.boolean(), { minLength: 27, maxLength: 27 })).map(([x, bits]) => {
      const mask = new Tensor(
        Float64Array.from({ length: sizeOf(sm) }, (_, i) => (bits[i] ? 1 : 0)),
        sm,
      );
      return { inputs: [x], f: (t: Tensor) => core.maskedSelect(t, mask), attrs: `x ${fmt(sx)}, mask ${fmt(sm)}` };
    }),
  ),
  clip: fc.constantFrom<[number | null, number | null]>([-0.5, 0.75], [null, 0.25], [-1, null], [0.125, 0.125]).chain(([lo, hi]) =>
    unary(
      (v) => v,
      (x) => core.clip(x, lo, hi),
      `min ${lo}, max ${hi}`,
    ),
  ),
  relu: unary((v) => v, core.relu),
  leakyRelu: gridValue.chain((slope) =>
    unary(
      (v) => v,
      (x) => core.leakyRelu(x, slope),
      `negativeSlope ${slope}`,
    ),
  ),
  elu: gridValue.chain((alpha) =>
    unary(
      (v) => v,
      (x) => core.elu(x, Math.abs(alpha)),
      `alpha ${Math.abs(alpha)}`,
    ),
  ),
  prelu: fc
    .tuple(shapeArb({ minRank: 0, maxRank: 4 }), fc.boolean())
    .chain(([s, shared]) => {
      const perChannel = !shared && s.length >= 2;
      return fc.tuple(tensorArb(s), tensorArb(perChannel ? [s[1]!] : [1]));
    })
    .map(([z, w]) => ({ inputs: [z, w], f: core.prelu, attrs: `z ${fmt(z.shape)}, weight ${fmt(w.shape)}` })),
  sum: reduction(core.sum),
  mean: reduction(core.mean),
  max: reduction(core.max, true),
  min: reduction(core.min, true),
  logSumExp: reduction(core.logSumExp),
  softmax: alongAxis(core.softmax),
  logSoftmax: alongAxis(core.logSoftmax),
  matmul: matmulShapes
    .chain(([sa, sb]) => fc.tuple(tensorArb(sa), tensorArb(sb)))
    .map(([a, b]) => ({ inputs: [a, b], f: (x: Tensor, y: Tensor) => core.matmul(x, y), attrs: `a ${fmt(a.shape)}, b ${fmt(b.shape)}` })),
  transpose: shapeArb({ minRank: 2, maxRank: 4, maxDim: 2 }).chain((s) =>
    fc
      .tuple(tensorArb(s), fc.integer({ min: -s.length, max: s.length - 1 }), fc.integer({ min: -s.length, max: s.length - 1 }))
      .map(([x, i, j]) => ({ inputs: [x], f: (t: Tensor) => core.transpose(t, i, j), attrs: `axes ${i}, ${j}` })),
  ),
  permute: shapeArb({ minRank: 0, maxRank: 4, maxDim: 2 }).chain((s) => {
    const axes = s.map((_, i) => i);
    return fc
      .tuple(tensorArb(s), fc.shuffledSubarray(axes, { minLength: axes.length, maxLength: axes.length }))
      .map(([x, p]) => ({ inputs: [x], f: (t: Tensor) => core.permute(t, p), attrs: `axes ${JSON.stringify(p)}` }));
  }),
  reshape: shapeArb({ maxRank: 4 }).chain((s) =>
    fc
      .tuple(tensorArb(s), reshapeTarget(s))
      .map(([x, target]) => ({ inputs: [x], f: (t: Tensor) => core.reshape(t, target), attrs: `to ${fmt(target)}` })),
  ),
  flatten: shapeArb({ minRank: 1, maxRank: 4, maxDim: 2 }).chain((s) =>
    fc.tuple(tensorArb(s), fc.integer({ min: 0, max: s.length - 1 }), fc.integer({ min: 0, max: s.length - 1 })).map(([x, i, j]) => {
      const [start, end] = i <= j ? [i, j] : [j, i];
      return { inputs: [x], f: (t: Tensor) => core.flatten(t, start, end - s.length), attrs: `start ${start}, end ${end - s.length}` };
    }),
  ),
  squeeze: shapeArb({ minRank: 0, maxRank: 4, minDim: 1, maxDim: 2 }).chain((s) =>
    fc.tuple(tensorArb(s), fc.subarray(s.flatMap((d, i) => (d === 1 ? [i] : [])))).map(([x, axes]) => ({
      inputs: [x],
      f: (t: Tensor) => (axes.length === 0 ? core.squeeze(t) : core.squeeze(t, axes)),
      attrs: `axes ${JSON.stringify(axes)}`,
    })),
  ),
  unsqueeze: shapeArb().chain((s) =>
    fc
      .tuple(tensorArb(s), fc.integer({ min: -s.length - 1, max: s.length }))
      .map(([x, axis]) => ({ inputs: [x], f: (t: Tensor) => core.unsqueeze(t, axis), attrs: `axis ${axis}` })),
  ),
  broadcastTo: broadcastPair({ maxRank: 3 }).chain(([sa, sb]) => {
    const out =
      sa.length >= sb.length
        ? sa.map((d, i) => Math.max(d, sb[sb.length - sa.length + i] ?? 1))
        : sb.map((d, i) => Math.max(d, sa[sa.length - sb.length + i] ?? 1));
    return tensorArb(sa).map((x) => ({ inputs: [x], f: (t: Tensor) => core.broadcastTo(t, out), attrs: `${fmt(sa)} to ${fmt(out)}` }));
  }),
  concat: fc.tuple(shapeArb({ minRank: 1, maxRank: 3 }), fc.integer({ min: 2, max: 3 })).chain(([s, count]) =>
    fc.integer({ min: 0, max: s.length - 1 }).chain((axis) =>
      fc
        .array(fc.integer({ min: 1, max: 3 }), { minLength: count, maxLength: count })
        .chain((lengths) => fc.tuple(...lengths.map((d) => tensorArb(s.map((x, i) => (i === axis ? d : x))))))
        .map((ts) => ({
          inputs: ts,
          f: (...xs: Tensor[]) => core.concat(xs, axis),
          attrs: `axis ${axis}, shapes ${ts.map((t) => fmt(t.shape)).join(' ')}`,
        })),
    ),
  ),
  stack: fc.tuple(shapeArb(), fc.integer({ min: 1, max: 3 })).chain(([s, count]) =>
    fc
      .tuple(fc.tuple(...Array.from({ length: count }, () => tensorArb(s))), fc.integer({ min: -s.length - 1, max: s.length }))
      .map(([ts, axis]) => ({
        inputs: ts,
        f: (...xs: Tensor[]) => core.stack(xs, axis),
        attrs: `axis ${axis}`,
      })),
  ),
  slice: shapeArb({ minRank: 1, maxRank: 3, maxDim: 5 }).chain((s) =>
    fc
      .tuple(
        tensorArb(s),
        fc.integer({ min: 0, max: s.length - 1 }),
        fc.option(fc.integer({ min: -6, max: 6 })),
        fc.option(fc.integer({ min: -6, max: 6 })),
        fc.integer({ min: 1, max: 3 }),
      )
      .map(([x, axis, start, stop, step]) => ({
        inputs: [x],
        f: (t: Tensor) => core.slice(t, axis, start, stop, step),
        attrs: `axis ${axis}, ${start}:${stop}:${step}`,
      })),
  ),
  select: shapeArb({ minRank: 1, maxRank: 3 }).chain((s) =>
    fc
      .integer({ min: 0, max: s.length - 1 })
      .chain((axis) =>
        fc
          .tuple(tensorArb(s), fc.integer({ min: -s[axis]!, max: s[axis]! - 1 }))
          .map(([x, index]) => ({ inputs: [x], f: (t: Tensor) => core.select(t, axis, index), attrs: `axis ${axis}, index ${index}` })),
      ),
  ),
  sumTo: broadcastPair({ maxRank: 3 }).chain(([sa, sb]) => {
    const out =
      sa.length >= sb.length
        ? sa.map((d, i) => Math.max(d, sb[sb.length - sa.length + i] ?? 1))
        : sb.map((d, i) => Math.max(d, sa[sa.length - sb.length + i] ?? 1));
    return tensorArb(out).map((g) => ({ inputs: [g], f: (t: Tensor) => core.sumTo(t, sa), attrs: `${fmt(out)} to ${fmt(sa)}` }));
  }),
};

/** The ops of `test/helpers.ts`'s fixture table that return constants, not differentiable values. */
export const COMPARISONS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'argmax', 'argmin'];
