import { describe, expect, it } from 'vitest';
import { FI, KI, WI, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from '../../../packages/core/src/random/ziggurat.js';
import { bitsOf, hexBits, zigguratFixture as z } from './fixtures.js';

describe('ziggurat tables', () => {
  it('match NumPy 2.4.6 ziggurat_constants.h bit for bit', () => {
    expect(KI.length).toBe(256);
    expect(Array.from(KI, (k) => BigInt(k))).toEqual(z.ki_double.map(BigInt));
    expect(bitsOf(WI)).toEqual(hexBits(z.wi_double_bits));
    expect(bitsOf(FI)).toEqual(hexBits(z.fi_double_bits));
    expect(bitsOf([ZIGGURAT_NOR_R, ZIGGURAT_NOR_INV_R])).toEqual(hexBits([z.ziggurat_nor_r_bits, z.ziggurat_nor_inv_r_bits]));
  });

  it('ki entries are integers below 2^52, so numbers hold them exactly', () => {
    for (const k of KI) expect(Number.isInteger(k) && k < 2 ** 52).toBe(true);
  });
});
