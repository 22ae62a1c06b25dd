import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../packages/core/src/tensor.js';
import { defaultRng, type Generator } from '../../../packages/core/src/random/index.js';
import { bitsOf, generatorFixtures, hexBits, toState, type SeedFixture } from './fixtures.js';

/** A tensor's values and shape, checked to be a Tensor. */
function tensorOf(t: unknown, shape: number[]): Float64Array {
  expect(t).toBeInstanceOf(Tensor);
  expect((t as Tensor).shape).toEqual(shape);
  return (t as Tensor).data;
}

/** The 12 calls of the fixture's `sequence`, in order, each returning its values as numbers. */
const SEQUENCE: [string, (rng: Generator) => number[]][] = [
  ['integers(0, 10, size=3)', (r) => [...tensorOf(r.integers(0, 10, 3), [3])]],
  ['random(size=2)', (r) => [...tensorOf(r.random(2), [2])]],
  ['integers(0, 10)  [size=None, scalar]', (r) => [r.integers(0, 10)]],
  ['standard_normal(size=3)', (r) => [...tensorOf(r.standardNormal(3), [3])]],
  ['integers(0, 10, size=1)', (r) => [...tensorOf(r.integers(0, 10, 1), [1])]],
  ['uniform(-1, 1, size=2)', (r) => [...tensorOf(r.uniform(-1, 1, 2), [2])]],
  ['integers(0, 2**40, size=2)', (r) => [...tensorOf(r.integers(0, 2 ** 40, 2), [2])]],
  ['integers(-5, 5, size=2)', (r) => [...tensorOf(r.integers(-5, 5, 2), [2])]],
  ['normal(3.0, 2.5, size=3)', (r) => [...tensorOf(r.normal(3.0, 2.5, 3), [3])]],
  ['uniform(2.5, 7.3, size=3)', (r) => [...tensorOf(r.uniform(2.5, 7.3, 3), [3])]],
  ['random()  [size=None, scalar]', (r) => [r.random()]],
  ['integers(0, 10)  [size=None, scalar]', (r) => [r.integers(0, 10)]],
];

function checkSeed(f: SeedFixture): void {
  const seed = BigInt(f.seed);
  it('random_raw, random, standard_normal, uniform', () => {
    expect(defaultRng(seed).bitGenerator.randomRaw(8)).toEqual(f.random_raw.map(BigInt));
    expect(bitsOf(tensorOf(defaultRng(seed).random(8), [8]))).toEqual(hexBits(f.random.bits));
    expect(bitsOf(tensorOf(defaultRng(seed).standardNormal(2000), [2000]))).toEqual(hexBits(f.standard_normal.bits));
    expect(bitsOf(tensorOf(defaultRng(seed).uniform(-1, 1, 8), [8]))).toEqual(hexBits(f['uniform_-1_1'].bits));
  });

  it('normal(0, 0.1, [2, 2]) then normal(0, 0.1, [2, 1]) on one generator', () => {
    const rng = defaultRng(seed);
    const n = f['normal_0_0.1'];
    const first = rng.normal(0, 0.1, [2, 2]);
    const second = rng.normal(0, 0.1, [2, 1]);
    expect(bitsOf(tensorOf(first, [2, 2]))).toEqual(hexBits(n.first_bits));
    expect(bitsOf(tensorOf(second, [2, 1]))).toEqual(hexBits(n.second_bits));
    expect(first.toArray()).toEqual(n.first);
    expect(second.toArray()).toEqual(n.second);
  });

  it('integers(0, 10, 8), integers(0, 2**40, 8) and the extra cases', () => {
    expect([...tensorOf(defaultRng(seed).integers(0, 10, 8), [8])]).toEqual(f.integers_0_10.map(Number));
    expect([...tensorOf(defaultRng(seed).integers(0, 2 ** 40, 8), [8])]).toEqual(f.integers_0_2pow40.map(Number));
    for (const c of f.integers_extra) {
      const rng = defaultRng(seed);
      expect(rng.integers(BigInt(c.low), BigInt(c.high), c.size)).toEqual(c.values.map(BigInt));
      expect(rng.bitGenerator.state.hasUint32).toBe(c.has_uint32_after === 1);
      expect(rng.bitGenerator.state.uinteger).toBe(c.uinteger_after);
      const [low, high] = [Number(c.low), Number(c.high)];
      if (Number.isSafeInteger(low) && Number.isSafeInteger(high)) {
        expect([...tensorOf(defaultRng(seed).integers(low, high, c.size), [c.size])]).toEqual(c.values.map(Number));
      }
    }
  });

  it('the mixed sequence, with the generator state after every step', () => {
    const rng = defaultRng(seed);
    expect(f.sequence.map((s) => s.call)).toEqual(SEQUENCE.map(([call]) => call));
    SEQUENCE.forEach(([, run], i) => {
      const step = f.sequence[i]!;
      const got = run(rng);
      if (step.bits) expect(bitsOf(got)).toEqual(hexBits(step.bits));
      else expect(got).toEqual(step.values.map(Number));
      expect(rng.bitGenerator.state).toEqual(toState(step.state_after));
    });
  });
}

describe('defaultRng (NumPy fixtures through the public API)', () => {
  for (const f of generatorFixtures.seeds) describe(`seed ${f.seed}`, () => checkSeed(f));

  for (const f of generatorFixtures.seedseq_extra) {
    it(`bigint seed ${f.seed}`, () => {
      const rng = defaultRng(BigInt(f.seed));
      expect(rng.bitGenerator.randomRaw(4)).toEqual(f.random_raw.map(BigInt));
      expect(bitsOf(tensorOf(defaultRng(BigInt(f.seed)).random(2), [2]))).toEqual(hexBits(f.random.bits));
    });
  }
});

describe('Generator return types', () => {
  it('returns numbers without a size and Tensors with one', () => {
    const rng = defaultRng(42);
    expect(rng.random()).toBe(0.7739560485559633);
    expect(defaultRng(42).standardNormal()).toBe(0.30471707975443135);
    expect(defaultRng(42).uniform(-1, 1)).toBe(0.5479120971119267);
    expect(defaultRng(42).integers(5)).toBe(0);
    expect(tensorOf(defaultRng(42).integers(0, 10, [2, 3]), [2, 3])).toEqual(Float64Array.of(0, 7, 6, 4, 4, 8));
    expect(defaultRng(42).bitGenerator.randomRaw()).toBe(14276969152011380360n);
  });

  it('gives a 0-d tensor for size [] and an empty one for a zero dimension, drawing nothing', () => {
    const rng = defaultRng(3);
    const before = rng.bitGenerator.state;
    expect(tensorOf(rng.standardNormal([3, 0]), [3, 0]).length).toBe(0);
    expect(rng.bitGenerator.state).toEqual(before);
    expect(tensorOf(rng.random([]), []).length).toBe(1);
  });

  it('integers: bigint bounds give bigints, number bounds numbers', () => {
    expect(defaultRng(42).integers(5n)).toBe(0n);
    expect(defaultRng(42).integers(0, 10n)).toBe(0n);
    expect(defaultRng(42).integers(-(2n ** 63n), 2n ** 63n, 2)).toEqual([5053597115156604552n, -1127493779279708223n]);
    expect(defaultRng(42).integers(0n, 10n, [2, 3])).toEqual([0n, 7n, 6n, 4n, 4n, 8n]);
    const n = defaultRng(1).integers(-(2 ** 53) + 1, 2 ** 53 - 1, 4);
    expect([...tensorOf(n, [4])].every(Number.isSafeInteger)).toBe(true);
  });

  it('a number seed and the same bigint seed give the same stream', () => {
    expect(defaultRng(2024).bitGenerator.randomRaw(3)).toEqual(defaultRng(2024n).bitGenerator.randomRaw(3));
  });
});
