import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PCG64 } from '../../../packages/core/src/random/pcg64.js';
import {
  drawBigIntegers,
  fillIntegers,
  fillNormal,
  fillRandom,
  fillStandardNormal,
  fillUniform,
  standardNormal,
} from '../../../packages/core/src/random/distributions.js';
import { bitsOf, generatorFixtures, hexBits, type SlowDraw } from './fixtures.js';

/** A PCG64 that counts its 64-bit steps and remembers their outputs. */
function countingPCG64(seed: bigint): { bg: PCG64; words: bigint[] } {
  const bg = new PCG64(seed);
  const words: bigint[] = [];
  const step = bg.step.bind(bg);
  bg.step = () => {
    step();
    words.push((BigInt(bg.outHi >>> 0) << 32n) | BigInt(bg.outLo >>> 0));
  };
  return { bg, words };
}

/** Draws `n` normals one at a time; for each, the raw words it used. */
function drawsWithWords(seed: bigint, n: number): { values: Float64Array; used: bigint[][] } {
  const { bg, words } = countingPCG64(seed);
  const values = new Float64Array(n);
  const used: bigint[][] = [];
  for (let i = 0; i < n; i++) {
    const before = words.length;
    values[i] = standardNormal(bg);
    used.push(words.slice(before));
  }
  return { values, used };
}

function expectSlowDraws(draws: SlowDraw[], used: bigint[][], values: Float64Array): void {
  for (const d of draws) {
    expect(used[d.index]!.length).toBe(d.raw_words_consumed);
    expect(used[d.index]).toEqual(d.raw_words.map(BigInt));
    expect(Object.is(values[d.index], d.value)).toBe(true);
    expect(bitsOf([values[d.index]!])).toEqual(hexBits([d.bits]));
  }
}

describe('standard normal ziggurat (NumPy fixtures)', () => {
  for (const f of generatorFixtures.seeds) {
    it(`seed ${f.seed}: standard_normal(2000) bit for bit, with every slow-path draw's raw words`, () => {
      const sn = f.standard_normal;
      const { values, used } = drawsWithWords(BigInt(f.seed), sn.n);
      expect(bitsOf(values)).toEqual(hexBits(sn.bits));
      expect(used.reduce((s, w) => s + w.length, 0)).toBe(sn.total_raw_words_consumed);
      const slow = used.flatMap((w, i) => (w.length === 1 ? [] : [i]));
      expect(slow).toEqual(sn.slow_path.map((d) => d.index));
      expectSlowDraws(sn.slow_path, used, values);

      const filled = new Float64Array(sn.n);
      fillStandardNormal(new PCG64(BigInt(f.seed)), filled);
      expect(bitsOf(filled)).toEqual(hexBits(sn.bits));
    });

    it(`seed ${f.seed}: standard_normal(100000) sha256, checkpoints and rare draws`, () => {
      const run = f.standard_normal_long_run;
      const { values, used } = drawsWithWords(BigInt(f.seed), run.n);
      const sha = createHash('sha256').update(new Uint8Array(values.buffer)).digest('hex'); // little-endian host
      expect(sha).toBe(run.sha256_of_float64_little_endian_bytes);
      expect(used.reduce((s, w) => s + w.length, 0)).toBe(run.total_raw_words_consumed);
      for (const c of run.checkpoints) expect(bitsOf([values[c.index]!])).toEqual(hexBits([c.bits]));
      expectSlowDraws(run.rare_draws, used, values);
    });
  }
});

describe('random, normal, uniform (NumPy fixtures)', () => {
  for (const f of generatorFixtures.seeds) {
    it(`seed ${f.seed}`, () => {
      const r = new Float64Array(8);
      fillRandom(new PCG64(BigInt(f.seed)), r);
      expect(bitsOf(r)).toEqual(hexBits(f.random.bits));

      const n = f['normal_0_0.1'];
      const bg = new PCG64(BigInt(f.seed));
      const first = new Float64Array(4);
      const second = new Float64Array(2);
      fillNormal(bg, 0, 0.1, first);
      fillNormal(bg, 0, 0.1, second);
      expect(bitsOf(first)).toEqual(hexBits(n.first_bits));
      expect(bitsOf(second)).toEqual(hexBits(n.second_bits));

      const u = new Float64Array(8);
      fillUniform(new PCG64(BigInt(f.seed)), -1, 1 - -1, u);
      expect(bitsOf(u)).toEqual(hexBits(f['uniform_-1_1'].bits));
    });
  }
});

describe('integers (NumPy fixtures, core paths)', () => {
  for (const f of generatorFixtures.seeds) {
    it(`seed ${f.seed}: integers(0, 10, 8) and integers(0, 2**40, 8)`, () => {
      const a = new Float64Array(8);
      fillIntegers(new PCG64(BigInt(f.seed)), 0, 10, a);
      expect(Array.from(a)).toEqual(f.integers_0_10.map(Number));
      const b = new Float64Array(8);
      fillIntegers(new PCG64(BigInt(f.seed)), 0, 2 ** 40, b);
      expect(Array.from(b)).toEqual(f.integers_0_2pow40.map(Number));
    });

    it(`seed ${f.seed}: integers_extra (values, words used, 32-bit buffer after)`, () => {
      for (const c of f.integers_extra) {
        const { bg, words } = countingPCG64(BigInt(f.seed));
        const values = drawBigIntegers(bg, BigInt(c.low), BigInt(c.high), c.size);
        expect(values).toEqual(c.values.map(BigInt));
        expect(words.length).toBe(c.raw_words_consumed);
        expect(bg.state.hasUint32).toBe(c.has_uint32_after === 1);
        expect(bg.state.uinteger).toBe(c.uinteger_after);

        const [low, high] = [Number(c.low), Number(c.high)];
        if (Number.isSafeInteger(low) && Number.isSafeInteger(high)) {
          const viaNumbers = new Float64Array(c.size);
          fillIntegers(new PCG64(BigInt(f.seed)), low, high, viaNumbers);
          expect(Array.from(viaNumbers)).toEqual(c.values.map(Number));
        }
      }
    });
  }
});
