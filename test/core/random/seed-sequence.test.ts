import { describe, expect, it } from 'vitest';
import { SeedSequence, seedToWords } from '../../../packages/core/src/random/seed-sequence.js';
import { ArgumentError } from '../../../packages/core/src/errors.js';
import { generatorFixtures } from './fixtures.js';

describe('SeedSequence (NumPy fixtures)', () => {
  for (const f of generatorFixtures.seeds) {
    it(`seed ${f.seed}: entropy words, pool, generate_state`, () => {
      const ss = new SeedSequence(BigInt(f.seed));
      expect([...ss.entropy]).toEqual(f.entropy_uint32);
      expect([...ss.pool]).toEqual(f.seedseq_pool_uint32);
      expect([...ss.generateState32(8)]).toEqual(f.seedseq_state_uint32x8);
      expect(ss.generateState64(4)).toEqual(f.seedseq_state.map(BigInt));
    });
  }
  for (const f of generatorFixtures.seedseq_extra) {
    it(`large seed ${f.seed} (${f.entropy_uint32.length} words)`, () => {
      const ss = new SeedSequence(BigInt(f.seed));
      expect([...ss.entropy]).toEqual(f.entropy_uint32);
      expect([...ss.pool]).toEqual(f.seedseq_pool_uint32);
      expect(ss.generateState64(4)).toEqual(f.seedseq_state.map(BigInt));
    });
  }

  it('splits seeds into 32-bit words, least significant first', () => {
    expect(seedToWords(0n)).toEqual([0]);
    expect(seedToWords(42n)).toEqual([42]);
    expect(seedToWords(2n ** 32n + 7n)).toEqual([7, 1]);
    expect(seedToWords(2n ** 63n + 3n)).toEqual([3, 2147483648]);
    expect(seedToWords(12345678901234567891n)).toEqual([3944680147, 2874452364]);
    expect(seedToWords(2n ** 64n)).toEqual([0, 0, 1]);
  });

  it('a number seed and the same bigint seed give the same pool', () => {
    expect([...new SeedSequence(123456789).pool]).toEqual([...new SeedSequence(123456789n).pool]);
  });

  it('refuses negative, fractional, unsafe and non-numeric seeds', () => {
    expect(() => new SeedSequence(-1)).toThrow(ArgumentError);
    expect(() => new SeedSequence(-1n)).toThrow(/seed must be a non-negative integer, got -1n/);
    expect(() => new SeedSequence(1.5)).toThrow(/seed must be a non-negative integer \(number or bigint\), got 1.5/);
    expect(() => new SeedSequence(Number.NaN)).toThrow(ArgumentError);
    expect(() => new SeedSequence(2 ** 60)).toThrow(
      /SeedSequence: seed 1152921504606847000 is above Number.MAX_SAFE_INTEGER.*pass the seed as a bigint/,
    );
    expect(() => new SeedSequence('42' as unknown as number)).toThrow(/got "42"/);
  });
});
