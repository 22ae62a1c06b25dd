import { describe, expect, it } from 'vitest';
import { PCG64 } from '../../../packages/core/src/random/pcg64.js';
import { SeedSequence } from '../../../packages/core/src/random/seed-sequence.js';
import { ArgumentError } from '../../../packages/core/src/errors.js';
import { bitsOf, generatorFixtures, hexBits, toState } from './fixtures.js';

describe('PCG64 (NumPy fixtures)', () => {
  for (const f of generatorFixtures.seeds) {
    it(`seed ${f.seed}: initial state, random_raw, next_double`, () => {
      const bg = new PCG64(BigInt(f.seed));
      expect(bg.state).toEqual(toState(f.pcg64_initial_state));
      expect(bg.state.state).toBe(BigInt(`0x${f.pcg64_initial_state.state_hex}`));
      expect(bg.randomRaw(8)).toEqual(f.random_raw.map(BigInt));

      const fresh = new PCG64(BigInt(f.seed));
      const doubles = Array.from({ length: 8 }, () => fresh.nextDouble());
      expect(bitsOf(doubles)).toEqual(hexBits(f.random.bits));
      doubles.forEach((d, i) => expect(Object.is(d, f.random.values[i])).toBe(true));
    });
  }
  for (const f of generatorFixtures.seedseq_extra) {
    it(`large seed ${f.seed}: random_raw and random`, () => {
      expect(new PCG64(BigInt(f.seed)).randomRaw(4)).toEqual(f.random_raw.map(BigInt));
      const bg = new PCG64(BigInt(f.seed));
      expect(bitsOf([bg.nextDouble(), bg.nextDouble()])).toEqual(hexBits(f.random.bits));
    });
  }

  it('accepts a SeedSequence, a number or a bigint alike', () => {
    const a = new PCG64(new SeedSequence(42)).randomRaw(3);
    expect(new PCG64(42).randomRaw(3)).toEqual(a);
    expect(new PCG64(42n).randomRaw(3)).toEqual(a);
  });

  it('step() halves agree with the bigint output of nextUint64()', () => {
    const a = new PCG64(2024);
    const b = new PCG64(2024);
    for (let i = 0; i < 1000; i++) {
      a.step();
      expect((BigInt(a.outHi >>> 0) << 32n) | BigInt(a.outLo >>> 0)).toBe(b.nextUint64());
    }
  });

  it('agrees with a BigInt reference (LCG step + XSL-RR) from extreme states', () => {
    const MASK64 = (1n << 64n) - 1n;
    const MASK128 = (1n << 128n) - 1n;
    const M = 0x2360ed051fc65da44385df649fccf645n;
    const starts = [
      { state: MASK128, inc: MASK128 },
      { state: 0n, inc: 1n },
      { state: 1n << 127n, inc: (1n << 127n) | 1n },
      { state: 0x80000000_7fffffff_80000000_ffffffffn, inc: 0xffffffff_00000001_ffffffff_80000001n },
    ];
    for (const start of starts) {
      const bg = new PCG64(0);
      bg.state = { ...start, hasUint32: false, uinteger: 0 };
      let s = start.state;
      for (let i = 0; i < 2000; i++) {
        s = (s * M + start.inc) & MASK128;
        const x = (s >> 64n) ^ (s & MASK64);
        const rot = s >> 122n;
        const expected = ((x >> rot) | (x << ((64n - rot) & 63n))) & MASK64;
        expect(bg.nextUint64()).toBe(expected);
      }
      expect(bg.state.state).toBe(s);
    }
  });

  it('nextUint32 returns the low half first and buffers the high half', () => {
    const words = new PCG64(1).randomRaw(2);
    const bg = new PCG64(1);
    const halves = [bg.nextUint32(), bg.nextUint32(), bg.nextUint32()];
    expect(halves.map(BigInt)).toEqual([words[0]! & 0xffffffffn, words[0]! >> 32n, words[1]! & 0xffffffffn]);
    expect(bg.state.hasUint32).toBe(true);
    expect(bg.state.uinteger).toBe(Number(words[1]! >> 32n));
  });

  it('randomRaw takes a shape and returns a flat array in C order', () => {
    const flat = new PCG64(5).randomRaw(6);
    expect(new PCG64(5).randomRaw([2, 3])).toEqual(flat);
    expect(new PCG64(5).randomRaw([0, 3])).toEqual([]);
    expect(() => new PCG64(5).randomRaw(-1)).toThrow(/randomRaw: size must be a non-negative integer or an array/);
  });

  it('state round-trips and can be restored', () => {
    const bg = new PCG64(0);
    bg.nextUint32();
    const saved = bg.state;
    const next = bg.randomRaw(4);
    const other = new PCG64(999);
    other.state = saved;
    expect(other.state).toEqual(saved);
    expect(other.randomRaw(4)).toEqual(next);
  });

  it('refuses a malformed state', () => {
    const bg = new PCG64(0);
    const good = bg.state;
    expect(() => (bg.state = { ...good, inc: 2n })).toThrow(/inc must be an odd bigint/);
    expect(() => (bg.state = { ...good, state: -1n })).toThrow(/state must be a bigint in \[0, 2\^128\)/);
    expect(() => (bg.state = { ...good, state: 1n << 128n })).toThrow(ArgumentError);
    expect(() => (bg.state = { ...good, uinteger: 2 ** 32 })).toThrow(/uinteger must be an integer/);
    expect(() => (bg.state = null as unknown as typeof good)).toThrow(ArgumentError);
    expect(bg.state).toEqual(good);
  });
});
