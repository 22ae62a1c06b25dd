/**
 * Random numbers that match NumPy 2.x bit for bit: `defaultRng(seed)` is
 * `np.random.default_rng(seed)` (PCG64 seeded through SeedSequence).
 *
 * @example
 * import { defaultRng } from '@tapegrad/core';
 * const w = defaultRng(42).normal(0, 0.1, [2, 2]); // same bits as NumPy's
 */
export { defaultRng, Generator, type TypedArray } from './generator.js';
export { PCG64, type PCG64State } from './pcg64.js';
export { SeedSequence } from './seed-sequence.js';
export type { Size } from './args.js';
