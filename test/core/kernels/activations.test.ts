/**
 * The activation kernels (of the active backend) choose a side of the kink without a branch (`z · slope[+(z > 0)]`, or a
 * value picked from a two-slot array). Each must give exactly the bits of the ternary it stands
 * for, at the special values too: NaN, ±0, ±∞, the tiniest subnormals.
 */
import { describe, expect, test } from 'vitest';
import { kernels } from '../../../packages/core/src/kernels/backend.js';

const SPECIAL = [NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1, -1, 0.5, -2.5, 1e308, -1e308];
// Every value against every other: z and the upstream gradient g both range over SPECIAL.
const z = Float64Array.from(SPECIAL.flatMap((a) => SPECIAL.map(() => a)));
const g = Float64Array.from(SPECIAL.flatMap(() => SPECIAL));
const ALPHAS = [0.01, 0.25, 0, 1.5];

function expectBits(got: Float64Array, want: (i: number) => number, what: string): void {
  got.forEach((v, i) => {
    const w = want(i);
    expect(
      Object.is(v, w),
      `${what} at z = ${z[i]}, g = ${g[i]}: got ${Object.is(v, -0) ? '-0' : v}, want ${Object.is(w, -0) ? '-0' : w}`,
    ).toBe(true);
  });
}

describe('branch-free activation kernels equal their ternaries, bit for bit', () => {
  test('relu: z <= 0 ? 0 : z, and its backward z <= 0 ? 0 : g', () => {
    expectBits(kernels.relu(z), (i) => (z[i]! <= 0 ? 0 : z[i]!), 'relu');
    expectBits(kernels.reluBackward(g, z), (i) => (z[i]! <= 0 ? 0 : g[i]!), 'relu backward');
  });

  test.each(ALPHAS)('leakyRelu (α = %f): z > 0 ? z : α·z, and g · (z > 0 ? 1 : α)', (a) => {
    expectBits(kernels.leakyRelu(z, a), (i) => (z[i]! > 0 ? z[i]! : a * z[i]!), 'leakyRelu');
    expectBits(kernels.leakyReluBackward(g, z, a), (i) => g[i]! * (z[i]! > 0 ? 1 : a), 'leakyRelu backward');
  });

  test.each(ALPHAS)('prelu, one α (%f): forward, dz, and dα = Σ g · (z > 0 ? 0 : z)', (a) => {
    const alpha = Float64Array.of(a);
    expectBits(kernels.prelu(z, alpha, 1, 1, z.length), (i) => (z[i]! > 0 ? z[i]! : a * z[i]!), 'prelu');
    const { dz, dalpha } = kernels.preluBackward(g, z, alpha, 1, 1, z.length, true, true);
    expectBits(dz!, (i) => g[i]! * (z[i]! > 0 ? 1 : a), 'prelu dz');
    let s = 0;
    for (let i = 0; i < z.length; i++) s += g[i]! * (z[i]! > 0 ? 0 : z[i]!);
    expect(Object.is(dalpha![0], s)).toBe(true);
  });

  test('prelu, one α per channel: each channel uses its own α', () => {
    const channels = SPECIAL.length; // z viewed as [1, 13, 13]
    const alpha = Float64Array.from({ length: channels }, (_, c) => ALPHAS[c % ALPHAS.length]!);
    const inner = z.length / channels;
    const ch = (i: number) => Math.floor(i / inner);
    expectBits(kernels.prelu(z, alpha, 1, channels, inner), (i) => (z[i]! > 0 ? z[i]! : alpha[ch(i)]! * z[i]!), 'prelu');
    const { dz, dalpha } = kernels.preluBackward(g, z, alpha, 1, channels, inner, true, true);
    expectBits(dz!, (i) => g[i]! * (z[i]! > 0 ? 1 : alpha[ch(i)]!), 'prelu dz');
    for (let c = 0; c < channels; c++) {
      let s = 0;
      for (let i = c * inner; i < (c + 1) * inner; i++) s += g[i]! * (z[i]! > 0 ? 0 : z[i]!);
      expect(Object.is(dalpha![c], s), `dα[${c}]`).toBe(true);
    }
  });
});

describe('comparisons and where, also without branches', () => {
  const shape = [z.length];
  test.each([
    ['eq', (x: number, y: number) => (x === y ? 1 : 0)],
    ['ne', (x: number, y: number) => (x !== y ? 1 : 0)],
    ['lt', (x: number, y: number) => (x < y ? 1 : 0)],
    ['le', (x: number, y: number) => (x <= y ? 1 : 0)],
    ['gt', (x: number, y: number) => (x > y ? 1 : 0)],
    ['ge', (x: number, y: number) => (x >= y ? 1 : 0)],
  ] as const)('%s', (kind, f) => {
    expectBits(kernels.binary(kind, z, shape, g, shape, shape), (i) => f(z[i]!, g[i]!), kind);
  });
  test('where(c, a, b): a where c is nonzero (NaN counts as nonzero), else b', () => {
    const c = Float64Array.from(z, (v, i) => (i % 3 === 0 ? v : i % 3 === 1 ? 0 : NaN));
    expectBits(kernels.where(c, shape, z, shape, g, shape, shape), (i) => (c[i] !== 0 ? z[i]! : g[i]!), 'where');
  });
});
