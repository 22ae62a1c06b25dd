/**
 * The kernels' fast paths (equal sizes, one value, a repeated trailing block, 2-d matmul and
 * transpose, reductions over unsorted axes) against a plain index-by-index reference: the same
 * values, to the bit, for every shape pair, including size-0 dimensions.
 */
import { Tensor, add, defaultRng, matmul, maximum, mul, permute, sub, sum, sumTo, transpose } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';

const rng = defaultRng(11);
const sample = (shape: number[]): Tensor => rng.normal(0, 1, shape);

/** NumPy broadcasting by index: out[i] = f(a[ia(i)], b[ib(i)]). */
function reference(f: (x: number, y: number) => number, a: Tensor, b: Tensor): { shape: number[]; data: number[] } {
  const rank = Math.max(a.ndim, b.ndim);
  const pad = (s: readonly number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const as = pad(a.shape);
  const bs = pad(b.shape);
  const shape = as.map((d, i) => Math.max(d, bs[i]!) * (d === 0 || bs[i] === 0 ? 0 : 1));
  const n = shape.reduce((p, d) => p * d, 1);
  const flat = (s: number[], idx: number[]) => idx.reduce((off, j, ax) => off * s[ax]! + (s[ax] === 1 ? 0 : j), 0);
  const data: number[] = [];
  for (let k = 0; k < n; k++) {
    const idx: number[] = [];
    let r = k;
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax] = r % shape[ax]!;
      r = Math.floor(r / shape[ax]!);
    }
    data.push(f(a.data[flat(as, idx)]!, b.data[flat(bs, idx)]!));
  }
  return { shape, data };
}

// biome-ignore format: one shape pair per line reads as a table
const PAIRS: [number[], number[]][] = [
  [[5, 2], [5, 2]], // equal
  [[5, 2], []], // one value
  [[], [3, 4]],
  [[5, 2], [2]], // bias row
  [[4, 3, 2], [3, 2]], // trailing block
  [[4, 3, 2], [1, 3, 2]],
  [[3, 2], [4, 3, 2]], // trailing block on the left
  [[5, 1], [5, 2]], // column: the general walk
  [[4, 1, 2], [3, 1]],
  [[2, 3], [1, 1]],
  [[0, 3], [3]], // empty
  [[2, 0], [1, 0]],
];

describe('binary kernels: every broadcasting case equals the index-by-index reference', () => {
  const ops: [string, (a: Tensor, b: Tensor) => Tensor, (x: number, y: number) => number][] = [
    ['add', add, (x, y) => x + y],
    ['sub', sub, (x, y) => x - y],
    ['mul', mul, (x, y) => x * y],
    ['maximum', maximum, (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y))],
  ];
  for (const [as, bs] of PAIRS) {
    for (const [name, op, f] of ops) {
      test(`${name} [${as}] with [${bs}]`, () => {
        const a = sample(as);
        const b = sample(bs);
        const want = reference(f, a, b);
        const got = op(a, b);
        expect(got.shape).toEqual(want.shape);
        expect(Array.from(got.data)).toEqual(want.data);
      });
    }
  }
});

describe('matmul and transpose: the 2-d fast paths equal the batched and general ones', () => {
  test.each([
    [1, 1, 1],
    [5, 2, 1],
    [7, 9, 3],
    [16, 16, 16],
    [0, 3, 2],
  ])('[%i, %i] · [%i, …]', (n, k, m) => {
    const a = sample([n, k]);
    const b = sample([k, m]);
    const twoD = matmul(a, b);
    const batched = matmul(new Tensor(a.data.slice(), [1, n, k]), b); // the batched kernel
    expect(twoD.shape).toEqual([n, m]);
    expect(Array.from(twoD.data)).toEqual(Array.from(batched.data));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a.data[i * k + p]! * b.data[p * m + j]!;
        expect(twoD.data[i * m + j]).toBeCloseTo(s, 12);
      }
    }
  });

  // Large enough for the packed kernel (kernels/gemm-packed.ts), with edges in every direction, a
  // depth over one packed block (256), and matrix·vector.
  test.each([
    [33, 40, 37],
    [129, 17, 130],
    [8, 300, 2],
    [70, 16, 70],
    [9, 513, 30],
    [50, 70, 1],
    [5, 600, 3],
  ])('[%i, %i] · [%i, …] by the packed and matrix-vector kernels equals the plain sum', (n, k, m) => {
    const a = sample([n, k]);
    const b = sample([k, m]);
    const got = matmul(a, b);
    const batched = matmul(new Tensor(a.data.slice(), [1, n, k]), new Tensor(b.data.slice(), [1, k, m])); // the batched kernel
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        let mag = 0;
        for (let p = 0; p < k; p++) {
          s += a.data[i * k + p]! * b.data[p * m + j]!;
          mag += Math.abs(a.data[i * k + p]! * b.data[p * m + j]!);
        }
        expect(Math.abs(got.data[i * m + j]! - s), `[${i}, ${j}]`).toBeLessThanOrEqual(1e-13 * mag);
      }
    }
    expect(Array.from(batched.data)).toEqual(Array.from(got.data));
  });

  test.each([
    [1, 7],
    [5, 2],
    [13, 9],
    [0, 4],
  ])('transpose of [%i, %i] equals the general permute of [1, r, c]', (r, c) => {
    const x = sample([r, c]);
    const t = transpose(x);
    const general = permute(new Tensor(x.data.slice(), [1, r, c]), [0, 2, 1]);
    expect(t.shape).toEqual([c, r]);
    expect(Array.from(t.data)).toEqual(Array.from(general.data));
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) expect(t.data[j * r + i]).toBe(x.data[i * c + j]);
  });
});

describe('reductions', () => {
  test('sum over unsorted axes equals the sorted order and the one-axis-at-a-time sum', () => {
    const x = sample([3, 4, 5, 2]);
    const a = sum(x, [3, 0, 2]);
    const b = sum(x, [0, 2, 3]);
    const c = sum(sum(sum(x, 3), 2), 0);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    a.data.forEach((v, i) => expect(v).toBeCloseTo(c.data[i]!, 12));
  });

  test('sumTo a constant (not recorded) equals sumTo of a tensor that requires grad', () => {
    const g = sample([4, 3, 2]);
    for (const shape of [[2], [3, 1], [1, 3, 2], [], [4, 1, 1]]) {
      const direct = sumTo(g, shape);
      const recorded = sumTo(new Tensor(g.data.slice(), g.shape, { requiresGrad: true }), shape);
      expect(recorded.requiresGrad).toBe(true);
      expect(direct.requiresGrad).toBe(false);
      expect(direct.shape).toEqual(shape);
      expect(Array.from(direct.data)).toEqual(Array.from(recorded.data));
    }
  });
});
