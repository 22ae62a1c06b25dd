/**
 * Making tensors: from nested arrays (`tensor`), or filled (`zeros`, `ones`, `full`, `arange`,
 * `linspace`, `eye`). Every factory returns a new leaf that owns fresh data.
 */
import { ArgumentError, checkLeafOptions, describeValue, fmtShape } from './errors.js';
import { checkShape, sizeOf } from './shape.js';
import { flattenNested, toTensor } from './ops/operand.js';
import { Tensor, type NestedArray } from './tensor.js';

/**
 * Options of every tensor factory (`tensor`, `zeros`, `full`, …).
 *
 * @example
 * const w = zeros([2, 3], { requiresGrad: true, name: 'w' }); // a named leaf that wants a gradient
 */
export interface TensorOptions {
  /** Whether `backward()` should compute a gradient for this leaf. Default false. */
  requiresGrad?: boolean;
  /** A name shown when a tape is printed. */
  name?: string;
}

/**
 * A tensor from a number, nested arrays of numbers, a `Float64Array` or another tensor; the values
 * are always copied, and the result is a new leaf.
 *
 * Shape: that of the nesting (`[]` for a number, `[n]` for a `Float64Array` of length n, the
 * other tensor's shape for a tensor).
 *
 * @throws ArgumentError for a ragged or non-numeric nested array.
 *
 * @example
 * const z = tensor([-3, -1, 0, 0.5, 1, 3], { requiresGrad: true }); // shape [6]
 * const m = tensor([[1, 2], [3, 4]]);                                   // shape [2, 2]
 * const s = tensor(2.5);                                                // shape [], 0-d
 */
export function tensor(values: NestedArray | Float64Array | Tensor, options: TensorOptions = {}): Tensor {
  checkLeafOptions('tensor', options, Array.isArray(options) ? shapeInOptions(values, options) : undefined);
  if (values instanceof Tensor) return new Tensor(values.data.slice(), values.shape, options);
  if (values instanceof Float64Array) return new Tensor(values.slice(), [values.length], options);
  const { data, shape } = flattenNested('tensor', values);
  return new Tensor(data, shape, options);
}

/** What to say to `tensor(values, [2, 3])`: the shape comes from the values, so reshape instead. */
function shapeInOptions(values: unknown, shape: readonly unknown[]): string {
  const dims = `[${shape.map(String).join(', ')}]`;
  if (values instanceof Float64Array) {
    return `tensor takes no shape: a Float64Array becomes a 1-d tensor. For shape ${dims}, use new Tensor(data, ${dims}) (which keeps the array) or tensor(data).reshape(${dims})`;
  }
  return `tensor takes no shape: it takes the shape of the values. For shape ${dims}, use tensor(values).reshape(${dims})`;
}

/**
 * The most values one tensor can hold: a `Float64Array` in Node 20 holds at most 2^32 elements.
 * (As the random module's `size` check.)
 */
const MAX_SIZE = 2 ** 32;

/**
 * Checks a shape and the options of a factory; the shape, copied. `next` is the argument after the
 * shape (the options, or `full`'s value): a number there means the shape was spread.
 */
function checkFactory(op: string, shape: unknown, options: unknown, next: unknown = options): number[] {
  const dims = checkShape(op, shape);
  checkSize(op, `shape ${fmtShape(dims)}`, sizeOf(dims));
  // NOTE: `zeros(2, 3)`, PyTorch's spelling, reaches here with 3 as the options.
  const spread = typeof shape === 'number' && typeof next === 'number' && typeof options === 'number';
  const rest = op === 'full' ? `, ${options}` : '';
  const hint = `the shape is one array: ${op}([${shape}, ${next}]${rest}), not ${op}(${shape}, ${next}${rest})`;
  checkLeafOptions(op, options, spread ? hint : undefined);
  return dims;
}

function checkSize(op: string, what: string, count: number): void {
  if (!(count <= MAX_SIZE)) throw new ArgumentError(`${op}: ${what} asks for ${count} values, more than an array can hold (at most 2^32)`);
}

/**
 * A tensor of shape `shape` (an array, or a number n for `[n]`) with every element `value`.
 *
 * @example
 * full([2, 2], 0.25).toArray(); // [[0.25, 0.25], [0.25, 0.25]]
 * full(3, -1).toString();        // tensor([-1., -1., -1.])
 */
export function full(shape: readonly number[] | number, value: number, options: TensorOptions = {}): Tensor {
  const dims = checkFactory('full', shape, options, value);
  if (typeof value !== 'number') throw new ArgumentError(`full: value must be a number, got ${describeValue(value)}`);
  return new Tensor(new Float64Array(sizeOf(dims)).fill(value), dims, options);
}

/**
 * A tensor of zeros of shape `shape` (an array, or a number n for `[n]`).
 *
 * @example
 * zeros([2, 3]).shape; // [2, 3]
 * zeros(3).toString(); // tensor([0., 0., 0.])
 */
export function zeros(shape: readonly number[] | number, options: TensorOptions = {}): Tensor {
  const dims = checkFactory('zeros', shape, options);
  return new Tensor(new Float64Array(sizeOf(dims)), dims, options);
}

/**
 * A tensor of ones of shape `shape` (an array, or a number n for `[n]`).
 *
 * @example
 * ones([3]).toString(); // tensor([1., 1., 1.])
 */
export function ones(shape: readonly number[] | number, options: TensorOptions = {}): Tensor {
  const dims = checkFactory('ones', shape, options);
  return new Tensor(new Float64Array(sizeOf(dims)).fill(1), dims, options);
}

/**
 * Zeros with the shape of `t` (a new leaf: `t`'s `requiresGrad` is not copied; pass it in `options`).
 *
 * @example
 * zerosLike(tensor([[1, 2], [3, 4]])).shape; // [2, 2]
 */
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  checkLeafOptions('zerosLike', options);
  return zeros(toTensor(t, 'zerosLike').shape, options);
}

/**
 * Ones with the shape of `t` (a new leaf: `t`'s `requiresGrad` is not copied; pass it in `options`).
 *
 * @example
 * onesLike(zeros([3])).toString(); // tensor([1., 1., 1.])
 */
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  checkLeafOptions('onesLike', options);
  return ones(toTensor(t, 'onesLike').shape, options);
}

/**
 * Evenly spaced values in `[start, stop)`, like `np.arange`: element i is `start + i·step`, for
 * `n = max(0, ⌈(stop − start) / step⌉)` elements. With one argument, `arange(stop)` starts at 0.
 *
 * Shape: `[n]`.
 *
 * @example
 * arange(3).toString();         // tensor([0., 1., 2.])
 * arange(1, 2, 0.25).toString(); // tensor([1.0000, 1.2500, 1.5000, 1.7500])
 */
export function arange(start: number, stop?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  for (const [k, v] of [
    ['start', start],
    ['stop', stop],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ArgumentError(`arange: ${k} must be a finite number, got ${describeValue(v)}`);
  }
  if (step === 0) throw new ArgumentError('arange: step must not be 0');
  checkLeafOptions('arange', options);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkSize('arange', `[${start}, ${stop}) in steps of ${step}`, n);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n], options);
}

/**
 * `num` evenly spaced values from `start` to `stop` inclusive, like `np.linspace`: element i is
 * `start + i·(stop − start)/(num − 1)`, and the last is exactly `stop`.
 *
 * Shape: `[num]`.
 *
 * @example
 * linspace(-3, 3, 7).toString(); // tensor([-3., -2., -1.,  0.,  1.,  2.,  3.])
 */
export function linspace(start: number, stop: number, num: number, options: TensorOptions = {}): Tensor {
  if (typeof start !== 'number' || !Number.isFinite(start))
    throw new ArgumentError(`linspace: start must be a finite number, got ${describeValue(start)}`);
  if (typeof stop !== 'number' || !Number.isFinite(stop))
    throw new ArgumentError(`linspace: stop must be a finite number, got ${describeValue(stop)}`);
  if (!Number.isInteger(num) || num < 0) throw new ArgumentError(`linspace: num must be a non-negative integer, got ${describeValue(num)}`);
  checkSize('linspace', `num ${num}`, num);
  checkLeafOptions('linspace', options);
  const data = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (num > 1) data[num - 1] = stop; // as NumPy: the endpoint exactly
  return new Tensor(data, [num], options);
}

/**
 * The `n × m` identity: ones on the diagonal, zeros elsewhere (`m = n` by default).
 *
 * Shape: `[n, m]`.
 *
 * @example
 * eye(2).toArray();    // [[1, 0], [0, 1]]
 * eye(2, 3).toArray(); // [[1, 0, 0], [0, 1, 0]]
 */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  for (const [k, v] of [
    ['n', n],
    ['m', m],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ArgumentError(`eye: ${k} must be a non-negative integer, got ${describeValue(v)}`);
  }
  const [rows, cols] = checkFactory('eye', [n, m], options);
  const data = new Float64Array(rows! * cols!);
  for (let i = 0; i < Math.min(rows!, cols!); i++) data[i * cols! + i] = 1;
  return new Tensor(data, [rows!, cols!], options);
}
