/**
 * The fixtures made by scripts/fixtures/gen_random_fixtures.py: permutation and shuffle, more
 * uniform / normal / integers cases, and large seeds. Every case also checks the generator state
 * NumPy had afterwards, which pins down how many words each call used.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../packages/core/src/tensor.js';
import { defaultRng, type Generator } from '../../../packages/core/src/random/index.js';
import { bitsOf, extraFixtures as x, hexBits, toState, type ShapedFloats, type ShapedInts } from './fixtures.js';

function expectFloats(t: number | Tensor, r: ShapedFloats): void {
  if (typeof t === 'number') {
    expect(r.shape).toEqual([]);
    expect(bitsOf([t])).toEqual(hexBits(r.bits));
    return;
  }
  expect(t).toBeInstanceOf(Tensor);
  expect(t.shape).toEqual(r.shape);
  expect(bitsOf(t.data)).toEqual(hexBits(r.bits));
}

function expectInts(t: number | Tensor | bigint | bigint[], r: ShapedInts): void {
  if (typeof t === 'bigint') expect([t]).toEqual(r.values.map(BigInt));
  else if (Array.isArray(t)) expect(t).toEqual(r.values.map(BigInt));
  else if (typeof t === 'number') expect([t]).toEqual(r.values.map(Number));
  else {
    expect(t.shape).toEqual(r.shape);
    expect([...t.data]).toEqual(r.values.map(Number));
  }
}

describe(`extra NumPy ${x.numpy_version} fixtures`, () => {
  it('permutation(n) for several n and seeds, and the state after', () => {
    for (const c of x.permutation) {
      const rng = defaultRng(BigInt(c.seed));
      expect(rng.permutation(c.n)).toEqual(c.values);
      expect(rng.bitGenerator.state).toEqual(toState(c.state_after));
    }
  });

  it('long permutations (masks above 2^16) by sha256 of their int32 bytes', () => {
    for (const c of x.long_permutation) {
      const rng = defaultRng(BigInt(c.seed));
      const p = Int32Array.from(rng.permutation(c.n));
      expect(createHash('sha256').update(new Uint8Array(p.buffer)).digest('hex')).toBe(c.sha256_int32_le);
      expect([...p.subarray(0, 10)]).toEqual(c.head);
      expect([...p.subarray(-10)]).toEqual(c.tail);
      expect(rng.bitGenerator.state).toEqual(toState(c.state_after));
    }
  });

  it('shuffle of a Float64Array and of a string array, permutation of an array', () => {
    const [floats, words, perm] = x.shuffle;
    const a = Float64Array.from(floats!.input as number[]);
    const rngA = defaultRng(BigInt(floats!.seed));
    expect(rngA.shuffle(a)).toBeUndefined();
    expectFloats(new Tensor(a, [a.length]), floats!.result as ShapedFloats);
    expect(rngA.bitGenerator.state).toEqual(toState(floats!.state_after));

    const w = [...(words!.input as string[])];
    const rngW = defaultRng(BigInt(words!.seed));
    rngW.shuffle(w);
    expect(w).toEqual(words!.result);
    expect(rngW.bitGenerator.state).toEqual(toState(words!.state_after));

    const input = perm!.input as number[];
    const copy = [...input];
    const rngP = defaultRng(BigInt(perm!.seed));
    expect(rngP.permutation(input)).toEqual(perm!.result);
    expect(input).toEqual(copy); // permutation(array) leaves its input alone
    expect(rngP.bitGenerator.state).toEqual(toState(perm!.state_after));
  });

  it('shuffle/permutation share the buffered 32-bit half-word with integers', () => {
    const rng = defaultRng(99);
    const steps: ((r: Generator) => number | Tensor)[] = [
      (r) => r.integers(0, 10, 3),
      (r) => new Tensor(Float64Array.from(r.permutation(7)), [7]),
      (r) => r.integers(0, 10, 1),
      (r) => {
        const a = Float64Array.of(0.5, 1.5, 2.5, 3.5, 4.5, 5.5);
        r.shuffle(a);
        return new Tensor(a, [6]);
      },
      (r) => r.standardNormal(2),
      (r) => new Tensor(Float64Array.from(r.permutation(3)), [3]),
      (r) => r.integers(0, 10),
      (r) => new Tensor(Float64Array.from(r.permutation(1)), [1]),
      (r) => r.random(),
    ];
    expect(steps.length).toBe(x.sequence.length);
    x.sequence.forEach((step, i) => {
      const got = steps[i]!(rng);
      if ('bits' in step.result) expectFloats(got, step.result);
      else expectInts(got, step.result);
      expect(rng.bitGenerator.state, step.call).toEqual(toState(step.state_after));
    });
  });

  it('uniform, normal, random and standardNormal with other parameters and shapes', () => {
    for (const c of x.floats) {
      const rng = defaultRng(BigInt(c.seed));
      const size = c.size ?? undefined;
      const [a, b] = c.args;
      const got =
        c.method === 'uniform'
          ? size === undefined
            ? rng.uniform(a, b)
            : rng.uniform(a, b, size)
          : c.method === 'normal'
            ? size === undefined
              ? rng.normal(a, b)
              : rng.normal(a, b, size)
            : c.method === 'random'
              ? rng.random(size!)
              : rng.standardNormal(size!);
      expectFloats(got, c.result);
      expect(rng.bitGenerator.state).toEqual(toState(c.state_after));
    }
  });

  it('integers with other bounds and shapes, as numbers when safe and as bigints', () => {
    for (const c of x.integers) {
      const size = c.size ?? undefined;
      const [low, high] = [BigInt(c.low), BigInt(c.high)];
      const rng = defaultRng(BigInt(c.seed));
      expectInts(size === undefined ? rng.integers(low, high) : rng.integers(low, high, size), c.result);
      expect(rng.bitGenerator.state).toEqual(toState(c.state_after));
      if (Number.isSafeInteger(Number(low)) && Number.isSafeInteger(Number(high)) && BigInt(Number(high)) === high) {
        const r2 = defaultRng(BigInt(c.seed));
        const [l, h] = [Number(low), Number(high)];
        expectInts(size === undefined ? r2.integers(l, h) : r2.integers(l, h, size), c.result);
        expect(r2.bitGenerator.state).toEqual(toState(c.state_after));
      }
    }
  });

  it('large seeds (up to 2^1000): state, random_raw, random, standard_normal, normal', () => {
    for (const c of x.seeds) {
      const rng = defaultRng(BigInt(c.seed));
      expect(rng.bitGenerator.state).toEqual(toState(c.initial_state));
      expect(rng.bitGenerator.randomRaw(3)).toEqual(c.random_raw.map(BigInt));
      expectFloats(rng.random(3), c.random);
      expectFloats(rng.standardNormal(3), c.standard_normal);
      expectFloats(rng.normal(3.0, 2.5, 2), c['normal_3_2.5']);
      expect(rng.bitGenerator.state).toEqual(toState(c.state_after));
    }
    const safe = x.seeds.find((c) => c.seed === String(2 ** 53 - 1))!;
    expect(defaultRng(2 ** 53 - 1).bitGenerator.state).toEqual(toState(safe.initial_state));
  });
});
