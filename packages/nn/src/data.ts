/**
 * Batches of data, as `torch.utils.data`: `TensorDataset` holds tensors that share their first
 * dimension (one row per example), and `DataLoader` iterates over it in batches, in order or
 * shuffled afresh each epoch.
 *
 * A batch is taken with one `indexSelect(t, 0, indices)` per tensor, never row by row, so it is a
 * single op on the tape (and gradients flow back to a dataset tensor that requires them).
 */
import { ArgumentError, AxisError, ShapeError, Tensor, describeValue, fmtShape, indexSelect, select } from '@tapegrad/core';
import { resolveGenerator } from './random.js';
import { checkBoolean, checkInteger, checkKeys } from './util.js';

/**
 * What a `DataLoader` batches: tensors that share their first dimension, `length` rows each.
 * Example i is row i of every tensor. `TensorDataset` is one; any object of this shape is another
 * (there are no per-row callbacks: a batch is taken from each tensor in one op).
 *
 * @example
 * const data: Dataset<[Tensor, Tensor]> = { length: 4, tensors: [zeros([4, 2]), zeros([4])] };
 * new DataLoader(data, { batchSize: 2 }).length; // 2
 */
export interface Dataset<T extends Tensor[] = Tensor[]> {
  /** The number of examples: the first dimension of every tensor. */
  readonly length: number;
  /** The tensors, each of shape `[length, …]`. */
  readonly tensors: readonly [...T];
}

/**
 * Where a shuffling `DataLoader` draws its order: an object with NumPy's `permutation(n)`, the
 * integers 0..n−1 in a random order. Core's `Generator` (`defaultRng(seed)`) is one.
 *
 * @example
 * const rng: PermutationSource = defaultRng(42);
 * rng.permutation(5); // [4, 2, 3, 1, 0]
 */
export interface PermutationSource {
  /** The integers 0..n−1 in a random order. */
  permutation(n: number): number[];
}

/** The options of `DataLoader`, as `torch.utils.data.DataLoader`'s (camelCase). */
export interface DataLoaderOptions {
  /** Examples per batch, an integer ≥ 1. Default 1. */
  batchSize?: number;
  /** Draw a fresh order for each epoch. Default false (the rows in order). */
  shuffle?: boolean;
  /** Where a shuffled order is drawn: default the nn default generator (see `manualSeed`). */
  generator?: PermutationSource;
  /** Leave out the last batch if it is smaller than `batchSize`. Default false. */
  dropLast?: boolean;
}

const LOADER_OPTIONS = ['batchSize', 'shuffle', 'generator', 'dropLast'] as const;

/**
 * Tensors that share their first dimension, seen as a dataset of rows, as
 * `torch.utils.data.TensorDataset`: example i is row i of each tensor.
 *
 * Args: one or more tensors, each with at least one dimension, all of the same first dimension.
 *
 * @throws ShapeError when the first dimensions differ (the message lists the shapes); ArgumentError
 * for no tensors or a value that is not a tensor.
 *
 * @example
 * const X = tensor([[1, 2], [3, 4], [5, 6]]);
 * const y = tensor([10, 20, 30]);
 * const data = new TensorDataset(X, y);
 * data.length;                                      // 3
 * const [x1, y1] = data.at(1);
 * [x1.toArray(), y1.toArray()];                     // [[3, 4], 20]
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> implements Dataset<T> {
  /** The tensors, as given (a frozen array). */
  readonly tensors: readonly [...T];

  /** Holds `tensors`, which must all have the same first dimension. */
  constructor(...tensors: T) {
    checkTensors('TensorDataset', 'tensors', tensors);
    this.tensors = Object.freeze([...tensors]) as unknown as readonly [...T];
  }

  /** The number of examples: the tensors' first dimension. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /**
   * Example `index`: row `index` of each tensor (`t[index]`, one dimension fewer), as
   * `dataset[index]` in PyTorch. A negative index counts from the end, as `Array.prototype.at`.
   *
   * @example
   * new TensorDataset(tensor([[1, 2], [3, 4]])).at(-1)[0].toArray(); // [3, 4]
   */
  at(index: number): T {
    const n = this.length;
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      throw new ArgumentError(`TensorDataset.at: index must be an integer, got ${describeValue(index)}`);
    }
    if (index < -n || index >= n) {
      const range = n === 0 ? 'the dataset is empty, so no index is valid' : `valid indices: [${-n}, ${n - 1}]`;
      throw new AxisError(`TensorDataset.at: index ${index} is out of range for a dataset of length ${n}; ${range}`);
    }
    return this.tensors.map((t) => select(t, 0, index)) as T;
  }

  /** The length and the tensors' shapes: `TensorDataset(length=3, shapes=[[3,2], [3]])` (PyTorch's prints only an address). */
  toString(): string {
    return `TensorDataset(length=${this.length}, shapes=[${this.tensors.map((t) => fmtShape(t.shape)).join(', ')}])`;
  }
}

/**
 * An iterable over a dataset in batches, as `torch.utils.data.DataLoader` over a
 * `TensorDataset`: each batch is an array with one tensor per dataset tensor, the rows of the
 * batch's examples, taken with `indexSelect(t, 0, indices)` (shape `[batch, …]`).
 *
 * The order: without `shuffle`, the rows in order, 0, 1, …, n − 1. With `shuffle`, each epoch
 * (each `for…of`, that is each call of `[Symbol.iterator]()`) draws exactly one
 * `generator.permutation(n)` when it starts, from the generator given in the options or else the
 * nn default generator at that time (see `manualSeed`), and cuts it into consecutive batches. So
 * a seeded run repeats its batches, two loaders with equally seeded generators give the same
 * batches, and each epoch gets a new order. (PyTorch draws its own way, so the orders differ from
 * PyTorch's.)
 *
 * `length` is the number of batches, ⌈n / batchSize⌉, or ⌊n / batchSize⌋ with `dropLast`, which
 * leaves out a last batch smaller than `batchSize`, as PyTorch's `len(loader)` and `drop_last`.
 * Batches are taken when iterated, from the dataset's tensors as they are then. Not supported:
 * samplers, `collate_fn`, workers, `batch_size=None`.
 *
 * @throws ArgumentError for a dataset that is not one (see `Dataset`), a bad option, or an unknown
 * option key; ShapeError for tensors whose first dimension is not the dataset's length.
 *
 * @example
 * const data = new TensorDataset(tensor([[1], [2], [3], [4], [5]]), tensor([1, 2, 3, 4, 5]));
 * const loader = new DataLoader(data, { batchSize: 2, shuffle: true, generator: defaultRng(0) });
 * loader.length; // 3
 * for (const [x, y] of loader) {
 *   x.shape;     // [2, 1], then [2, 1], then [1, 1]
 *   y.toArray(); // [3, 5], then [4, 1], then [2]
 * }
 * // The epoch's order was defaultRng(0).permutation(5), [2, 4, 3, 0, 1], cut into batches of 2, 2 and 1.
 */
export class DataLoader<T extends Tensor[] = Tensor[]> implements Iterable<T> {
  /** The dataset the batches are taken from. */
  readonly dataset: Dataset<T>;
  /** Examples per batch. */
  readonly batchSize: number;
  /** Whether each epoch draws a fresh order. */
  readonly shuffle: boolean;
  /** Whether a last batch smaller than `batchSize` is left out. */
  readonly dropLast: boolean;
  // Kept private, as Dropout's: the generator is not part of the loader's public state.
  readonly #generator: PermutationSource | undefined;

  /** Batches `dataset` with `options` (`batchSize` 1, no shuffle, no `dropLast` by default). */
  constructor(dataset: Dataset<T>, options: DataLoaderOptions = {}) {
    checkKeys('DataLoader', options, LOADER_OPTIONS);
    checkDataset('DataLoader', dataset);
    const { batchSize = 1, shuffle = false, generator, dropLast = false } = options;
    this.batchSize = checkInteger('DataLoader', 'batchSize', batchSize, 1);
    this.shuffle = checkBoolean('DataLoader', 'shuffle', shuffle);
    this.dropLast = checkBoolean('DataLoader', 'dropLast', dropLast);
    if (generator !== undefined) {
      checkPermutationSource('DataLoader: generator', generator);
      // NOTE: as in PyTorch, a generator without shuffle is allowed and unused.
    }
    this.dataset = dataset;
    this.#generator = generator;
  }

  /** The number of batches per epoch: ⌈n / batchSize⌉, or ⌊n / batchSize⌋ with `dropLast`. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * One epoch: the batches, each an array with one `[batch, …]` tensor per dataset tensor. With
   * `shuffle`, this call draws the epoch's order, `generator.permutation(n)`.
   *
   * @example
   * const loader = new DataLoader(new TensorDataset(arange(5)), { batchSize: 2 });
   * [...loader].map(([x]) => x.toArray()); // [[0, 1], [2, 3], [4]]
   */
  [Symbol.iterator](): IterableIterator<T> {
    const n = this.dataset.length;
    const order = this.shuffle ? this.drawOrder(n) : Array.from({ length: n }, (_, i) => i);
    return this.batches(order);
  }

  /** The options: `DataLoader(batchSize=2, shuffle=true, dropLast=false)` (PyTorch's prints only an address). */
  toString(): string {
    return `DataLoader(batchSize=${this.batchSize}, shuffle=${this.shuffle}, dropLast=${this.dropLast})`;
  }

  /** The epoch's order: one `permutation(n)` from the given or the default generator, checked. */
  private drawOrder(n: number): number[] {
    const source = this.#generator ?? defaultPermutationSource();
    const order = source.permutation(n);
    if (!Array.isArray(order) || order.length !== n || !isPermutation(order)) {
      throw new ArgumentError(
        `DataLoader: generator.permutation(${n}) must return the integers 0..${n - 1} in some order, got ${describeValue(order)}`,
      );
    }
    return order;
  }

  /** Cuts `order` into batches and takes each with one indexSelect per tensor. */
  private *batches(order: readonly number[]): IterableIterator<T> {
    const end = this.dropLast ? order.length - (order.length % this.batchSize) : order.length;
    for (let start = 0; start < end; start += this.batchSize) {
      const indices = order.slice(start, Math.min(start + this.batchSize, end));
      yield this.dataset.tensors.map((t) => indexSelect(t, 0, indices)) as T;
    }
  }
}

// ---- checks --------------------------------------------------------------------------------------

/** The nn default generator, which must have `permutation(n)` to shuffle (core's `Generator` has). */
function defaultPermutationSource(): PermutationSource {
  const source = resolveGenerator('DataLoader', undefined) as unknown;
  if (typeof (source as Partial<PermutationSource>).permutation !== 'function') {
    throw new ArgumentError(
      'DataLoader: the default generator (set by setDefaultGenerator) has no permutation(n) method, so it cannot shuffle; pass { generator: defaultRng(seed) } or use a default generator with permutation(n)',
    );
  }
  return source as PermutationSource;
}

function checkPermutationSource(who: string, g: unknown): void {
  if (g === null || typeof g !== 'object' || typeof (g as Partial<PermutationSource>).permutation !== 'function') {
    throw new ArgumentError(`${who} must have a permutation(n) method (as defaultRng(seed) has), got ${describeValue(g)}`);
  }
}

function isPermutation(order: readonly unknown[]): boolean {
  const seen = new Uint8Array(order.length);
  for (const i of order) {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= order.length || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

/** Checks that `tensors` is a non-empty list of tensors of rank ≥ 1 sharing their first dimension. */
function checkTensors(who: string, name: string, tensors: readonly unknown[], length?: number): void {
  if (tensors.length === 0) throw new ArgumentError(`${who}: expected at least one tensor in ${name}, got none`);
  tensors.forEach((t, k) => {
    if (!(t instanceof Tensor)) throw new ArgumentError(`${who}: ${name}[${k}] must be a Tensor, got ${describeValue(t)}`);
    if (t.ndim === 0) {
      throw new ShapeError(`${who}: ${name}[${k}] is 0-d; each tensor must have a first dimension (one row per example)`);
    }
  });
  const shapes = (tensors as Tensor[]).map((t) => t.shape);
  const n = length ?? shapes[0]![0]!;
  if (shapes.some((s) => s[0] !== n)) {
    const what = length === undefined ? 'the same first dimension' : `the first dimension ${length} (the dataset's length)`;
    throw new ShapeError(`${who}: all tensors must have ${what}, got shapes ${shapes.map(fmtShape).join(', ')}`);
  }
}

/** Checks that `dataset` is a `Dataset`: an integer `length` and tensors of that first dimension. */
function checkDataset(who: string, dataset: unknown): void {
  const d = dataset as Partial<Dataset> | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.tensors)) {
    throw new ArgumentError(
      `${who}: dataset must be a TensorDataset or an object with length and tensors (see Dataset), got ${describeValue(dataset)}`,
    );
  }
  if (typeof d.length !== 'number' || !Number.isInteger(d.length) || d.length < 0) {
    throw new ArgumentError(`${who}: dataset.length must be an integer >= 0, got ${describeValue(d.length)}`);
  }
  checkTensors(who, 'dataset.tensors', d.tensors, d.length);
}
