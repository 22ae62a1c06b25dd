/**
 * Typed access to the NumPy fixtures in test/fixtures/random, and exact (bit-level) comparison
 * helpers. Floats are compared by their IEEE-754 bit patterns, never through strings.
 */
import { readFileSync } from 'node:fs';

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/random/${name}`, import.meta.url), 'utf8')) as T;
}

/** 128-bit state etc. as NumPy's `bit_generator.state` records it (decimal strings). */
export interface StateRecord {
  state: string;
  inc: string;
  has_uint32: number;
  uinteger: number;
}

export interface FloatRecord {
  values: number[];
  bits: string[];
}

export interface SlowDraw {
  index: number;
  raw_words_consumed: number;
  first_word_idx: number;
  raw_words: string[];
  value: number;
  bits: string;
}

export interface SeedFixture {
  seed: string;
  entropy_uint32: number[];
  seedseq_pool_uint32: number[];
  seedseq_state_uint32x8: number[];
  seedseq_state: string[];
  pcg64_initial_state: StateRecord & { state_hex: string; inc_hex: string };
  random_raw: string[];
  random: FloatRecord;
  standard_normal: FloatRecord & { n: number; total_raw_words_consumed: number; slow_path: SlowDraw[] };
  'normal_0_0.1': { first: number[][]; first_bits: string[]; second: number[][]; second_bits: string[] };
  'uniform_-1_1': FloatRecord;
  integers_0_10: string[];
  integers_0_2pow40: string[];
  integers_extra: {
    low: string;
    high: string;
    size: number;
    values: string[];
    raw_words_consumed: number;
    has_uint32_after: number;
    uinteger_after: number;
  }[];
  sequence: { call: string; values: (string | number)[]; bits?: string[]; state_after: StateRecord }[];
  standard_normal_long_run: {
    n: number;
    sha256_of_float64_little_endian_bytes: string;
    total_raw_words_consumed: number;
    checkpoints: { index: number; value: number; bits: string }[];
    rare_draws: SlowDraw[];
  };
}

export interface GeneratorFixtures {
  numpy_version: string;
  seeds: SeedFixture[];
  seedseq_extra: {
    seed: string;
    entropy_uint32: number[];
    seedseq_pool_uint32: number[];
    seedseq_state: string[];
    random_raw: string[];
    random: FloatRecord;
  }[];
}

export interface ZigguratFixture {
  ki_double: string[];
  wi_double_bits: string[];
  fi_double_bits: string[];
  ziggurat_nor_r_bits: string;
  ziggurat_nor_inv_r_bits: string;
}

/** A result recorded by gen_random_fixtures.py: floats with bits, or ints as decimal strings. */
export interface ShapedFloats extends FloatRecord {
  shape: number[];
}
export interface ShapedInts {
  shape: number[];
  values: string[];
}

export interface ExtraFixtures {
  numpy_version: string;
  permutation: { seed: string; n: number; values: number[]; state_after: StateRecord }[];
  long_permutation: {
    seed: string;
    n: number;
    sha256_int32_le: string;
    head: number[];
    tail: number[];
    state_after: StateRecord;
  }[];
  shuffle: {
    seed: string;
    kind: string;
    input: (number | string)[];
    result: ShapedFloats | (number | string)[];
    state_after: StateRecord;
  }[];
  sequence: { call: string; result: ShapedFloats | ShapedInts; state_after: StateRecord }[];
  floats: {
    method: 'uniform' | 'normal' | 'random' | 'standard_normal';
    seed: string;
    args: number[];
    size: number | number[] | null;
    result: ShapedFloats;
    state_after: StateRecord;
  }[];
  integers: { seed: string; low: string; high: string; size: number | number[] | null; result: ShapedInts; state_after: StateRecord }[];
  seeds: {
    seed: string;
    initial_state: StateRecord;
    random_raw: string[];
    random: ShapedFloats;
    standard_normal: ShapedFloats;
    'normal_3_2.5': ShapedFloats;
    state_after: StateRecord;
  }[];
}

export const generatorFixtures = load<GeneratorFixtures>('numpy-generator.json');
export const zigguratFixture = load<ZigguratFixture>('numpy-ziggurat-double.json');
export const extraFixtures = load<ExtraFixtures>('numpy-generator-extra.json');

/** The IEEE-754 bit pattern of each float64, as bigints. */
export function bitsOf(values: ArrayLike<number>): bigint[] {
  return Array.from(new BigUint64Array(Float64Array.from(values).buffer));
}

/** Fixture bit patterns (16 hex digits) as bigints. */
export function hexBits(hex: readonly string[]): bigint[] {
  return hex.map((h) => BigInt(`0x${h}`));
}

/** The state record in the form `PCG64.state` uses. */
export function toState(s: StateRecord): { state: bigint; inc: bigint; hasUint32: boolean; uinteger: number } {
  return { state: BigInt(s.state), inc: BigInt(s.inc), hasUint32: s.has_uint32 === 1, uinteger: s.uinteger };
}
