/**
 * Where layers and initialisers get their random numbers.
 *
 * nn depends only on this small structural interface, which core's NumPy-compatible `Generator`
 * (`defaultRng(seed)`) satisfies, as does any object with these two methods. Every random
 * initialiser takes `{ generator }`; without one, it uses the default generator.
 *
 * As in PyTorch, the default generator starts from a fixed seed, so that a script that never
 * passes a generator still draws the same weights on every run (PyTorch's default seed is
 * 67280421310721; ours is 0, through `defaultRng(0)`). `manualSeed(seed)` restarts it.
 */
import { ArgumentError, defaultRng, type Tensor, describeValue } from '@tapegrad/core';

/**
 * A source of random tensors, as NumPy's `Generator.uniform` / `Generator.normal` with a `size`.
 *
 * @example
 * const rng = defaultRng(0);                       // from @tapegrad/core
 * new Linear(2, 4, { generator: rng });
 */
export interface RandomSource {
  /** A tensor of shape `size` with values drawn uniformly from `[low, high)`. */
  uniform(low: number, high: number, size: number[]): Tensor;
  /** A tensor of shape `size` with values drawn from N(`loc`, `scale`²). */
  normal(loc: number, scale: number, size: number[]): Tensor;
}

/** The seed of the default generator until `manualSeed` or `setDefaultGenerator` changes it. */
export const DEFAULT_SEED = 0;

let defaultSource: RandomSource | null = null;

/**
 * Restarts the default generator from `seed` (a non-negative safe integer, or a bigint), as
 * `torch.manual_seed`: the layers and initialisers that are given no generator draw from
 * `defaultRng(seed)` from now on.
 *
 * @example
 * manualSeed(42);
 * const a = new Linear(2, 4);
 * manualSeed(42);
 * const b = new Linear(2, 4);
 * a.weight.data.every((v, i) => v === b.weight.data[i]); // true: the same weights
 */
export function manualSeed(seed: number): void {
  const ok = typeof seed === 'bigint' ? seed >= 0n : Number.isSafeInteger(seed) && seed >= 0;
  if (!ok) throw new ArgumentError(`manualSeed: seed must be a non-negative integer (number or bigint), got ${describeValue(seed)}`);
  defaultSource = defaultRng(seed);
}

/**
 * Replaces the default generator with any `RandomSource` (`null` restores the built-in one,
 * restarted from `DEFAULT_SEED`). Returns the previous one, or `null` if the built-in one had not
 * been created yet (it is made on first use).
 *
 * @example
 * const before = setDefaultGenerator(defaultRng(7)); // layers without a generator now draw from it
 * new Linear(2, 2);
 * setDefaultGenerator(before);                        // and back
 */
export function setDefaultGenerator(generator: RandomSource | null): RandomSource | null {
  if (generator !== null) checkGenerator('setDefaultGenerator', generator);
  const before = defaultSource;
  defaultSource = generator;
  return before;
}

/** The generator `who` should draw from: `given` if there is one, else the default. */
export function resolveGenerator(who: string, given: RandomSource | undefined): RandomSource {
  if (given !== undefined) return checkGenerator(who, given);
  defaultSource ??= defaultRng(DEFAULT_SEED);
  return defaultSource;
}

function checkGenerator(who: string, g: unknown): RandomSource {
  const s = g as Partial<RandomSource> | null;
  if (s === null || typeof s !== 'object' || typeof s.uniform !== 'function' || typeof s.normal !== 'function') {
    throw new ArgumentError(
      `${who}: generator must have uniform(low, high, size) and normal(loc, scale, size) methods, got ${describeValue(g)}`,
    );
  }
  return s as RandomSource;
}
