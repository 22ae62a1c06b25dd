/**
 * Parameter initialisation, as `torch.nn.init`: each function with a trailing underscore fills
 * its tensor in place (the one deliberate mutation, as in PyTorch) and returns it. Nothing is
 * recorded on the tape.
 *
 * The variance-preserving schemes pick a standard deviation from the tensor's fans
 * (`fanIn = shape[1] · receptive field`, `fanOut = shape[0] · receptive field`, the receptive field
 * being the product of the dimensions after the first two):
 *
 *   scheme           std                              uniform bound
 *   kaiming (He)     gain / √fan                      √3 · std
 *   xavier (Glorot)  gain · √(2 / (fanIn + fanOut))   √3 · std
 *
 * where `gain = calculateGain(nonlinearity, a)`. For Leaky ReLU and PReLU, He et al. (2015) derive
 * gain = √(2 / (1 + a²)), a being the negative slope: the activation keeps a fraction a² of the
 * negative half's variance, so less gain is needed than ReLU's √2.
 */
import { ArgumentError, ShapeError, Tensor, checkFinite, describeValue, fmtShape } from '@tapegrad/core';
import { resolveGenerator, type RandomSource } from './random.js';
import { checkKeys, checkRange } from './util.js';

/** The nonlinearities `calculateGain` knows, with PyTorch's spelling. */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

const LINEAR_FNS: readonly string[] = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
const NONLINEARITIES: readonly string[] = [...LINEAR_FNS, 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'];

/**
 * The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`:
 *
 *   linear, conv*, sigmoid   1
 *   tanh                     5/3
 *   relu                     √2
 *   leaky_relu               √(2 / (1 + a²)), a = `param` (0.01 by default)
 *   selu                     3/4
 *
 * @example
 * calculateGain('leaky_relu'); // 1.4141428569978354: √(2 / (1 + 0.01²))
 * calculateGain('relu');       // 1.4142135623730951: √2
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (typeof nonlinearity !== 'string' || !NONLINEARITIES.includes(nonlinearity)) {
    throw new ArgumentError(
      `calculateGain: unsupported nonlinearity ${describeValue(nonlinearity)}; expected one of ${NONLINEARITIES.join(', ')}`,
    );
  }
  if (LINEAR_FNS.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    const a = param === undefined ? 0.01 : checkFinite('calculateGain', 'param (the negative slope)', param);
    return Math.sqrt(2.0 / (1 + a ** 2));
  }
  return 3.0 / 4; // selu
}

/**
 * The fans of a weight of shape `[out, in, ...kernel]`: `fanIn = in · Π kernel`,
 * `fanOut = out · Π kernel`. A `Linear` weight `[out, in]` has `fanIn = in`.
 *
 * @property fanIn in · Π kernel.
 * @property fanOut out · Π kernel.
 * @throws ShapeError for a tensor of rank < 2.
 *
 * @example
 * calculateFans(zeros([4, 2]));       // { fanIn: 2, fanOut: 4 }
 * calculateFans(zeros([8, 3, 5, 5])); // { fanIn: 75, fanOut: 200 }
 */
export function calculateFans(tensor: Tensor, who = 'calculateFans'): { fanIn: number; fanOut: number } {
  if (!(tensor instanceof Tensor)) throw new ArgumentError(`${who}: expected a Tensor, got ${describeValue(tensor)}`);
  if (tensor.ndim < 2) {
    throw new ShapeError(`${who}: fan in and fan out need a tensor with at least 2 dimensions, got shape ${fmtShape(tensor.shape)}`);
  }
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: tensor.shape[1]! * receptive, fanOut: tensor.shape[0]! * receptive };
}

/**
 * Options of `kaimingUniform_` and `kaimingNormal_`, as `torch.nn.init.kaiming_*_`.
 *
 * @example
 * // For a PReLU layer at its initial slope 0.25:
 * kaimingNormal_(zeros([4, 2]), { a: 0.25, nonlinearity: 'leaky_relu', generator: defaultRng(0) });
 */
export interface KaimingOptions {
  /** The negative slope of the rectifier that follows (0 for ReLU). Default 0. */
  a?: number;
  /** `'fan_in'` (default) preserves the variance of the forward pass, `'fan_out'` of the backward pass. */
  mode?: 'fan_in' | 'fan_out';
  /** Default `'leaky_relu'`, with slope `a` (so √2 for the default a = 0). */
  nonlinearity?: Nonlinearity;
  /** Where the values are drawn from; the default generator (see `manualSeed`) if omitted. */
  generator?: RandomSource;
}

/**
 * He (Kaiming) uniform initialisation, in place: U(−b, b) with b = √3 · gain / √fan, gain =
 * `calculateGain(nonlinearity, a)`, fan = fanIn or fanOut (`mode`). Returns the tensor.
 *
 * Shape: any of rank ≥ 2 (`[out, in, ...kernel]`); it is kept.
 *
 * @throws ArgumentError if the tensor is not a leaf.
 *
 * @example
 * const layer = new Linear(100, 50);
 * kaimingUniform_(layer.weight, { a: 0.01, generator: defaultRng(0) }); // for a Leaky ReLU layer
 * layer.weight.abs().max().item() < Math.sqrt(3) * calculateGain('leaky_relu', 0.01) / 10; // true: |w| < b
 */
export function kaimingUniform_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  const std = kaimingStd('kaimingUniform_', tensor, options);
  const bound = Math.sqrt(3.0) * std;
  return fill('kaimingUniform_', tensor, (g) => g.uniform(-bound, bound, [...tensor.shape]), options.generator);
}

/**
 * He (Kaiming) normal initialisation, in place: N(0, std²) with std = gain / √fan, gain =
 * `calculateGain(nonlinearity, a)`, fan = fanIn or fanOut (`mode`). Returns the tensor.
 *
 * Shape: any of rank ≥ 2 (`[out, in, ...kernel]`); it is kept.
 *
 * @example
 * const w = kaimingNormal_(zeros([400, 100]), { mode: 'fan_out', nonlinearity: 'relu', generator: defaultRng(0) });
 * Math.sqrt(w.pow(2).mean().item()); // ≈ 0.0707 = √2 / √400
 */
export function kaimingNormal_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  const std = kaimingStd('kaimingNormal_', tensor, options);
  return fill('kaimingNormal_', tensor, (g) => g.normal(0, std, [...tensor.shape]), options.generator);
}

function kaimingStd(who: string, tensor: Tensor, options: KaimingOptions): number {
  checkKeys(who, options, ['a', 'mode', 'nonlinearity', 'generator']);
  const a = checkFinite(who, 'a', options.a ?? 0);
  const mode = options.mode ?? 'fan_in';
  if (mode !== 'fan_in' && mode !== 'fan_out')
    throw new ArgumentError(`${who}: mode must be 'fan_in' or 'fan_out', got ${describeValue(mode)}`);
  const { fanIn, fanOut } = calculateFans(tensor, who);
  const fan = mode === 'fan_in' ? fanIn : fanOut;
  if (fan === 0)
    throw new ShapeError(
      `${who}: the tensor of shape ${fmtShape(tensor.shape)} has ${mode} = 0, so no standard deviation can be computed; ${mode} must be positive`,
    );
  const nonlinearity = options.nonlinearity ?? 'leaky_relu';
  if (typeof nonlinearity !== 'string' || !NONLINEARITIES.includes(nonlinearity)) {
    throw new ArgumentError(
      `${who}: unsupported nonlinearity ${describeValue(nonlinearity)}; expected one of ${NONLINEARITIES.join(', ')}`,
    );
  }
  const gain = calculateGain(nonlinearity, a);
  return gain / Math.sqrt(fan);
}

/**
 * Options of `xavierUniform_` and `xavierNormal_`, as `torch.nn.init.xavier_*_`.
 *
 * @example
 * xavierUniform_(zeros([4, 2]), { gain: calculateGain('tanh'), generator: defaultRng(0) });
 */
export interface XavierOptions {
  /** A scale factor, usually `calculateGain(...)`. Default 1. */
  gain?: number;
  /** Where the values are drawn from; the default generator (see `manualSeed`) if omitted. */
  generator?: RandomSource;
}

/**
 * Glorot (Xavier) uniform initialisation, in place: U(−b, b) with b = gain · √(6 / (fanIn + fanOut)).
 * Returns the tensor.
 *
 * Shape: any of rank ≥ 2 (`[out, in, ...kernel]`); it is kept.
 *
 * @example
 * const w = xavierUniform_(zeros([3, 5]), { generator: defaultRng(0) });
 * w.abs().max().item() <= Math.sqrt(6 / 8); // true: b = √(6 / (5 + 3))
 */
export function xavierUniform_(tensor: Tensor, options: XavierOptions = {}): Tensor {
  const std = xavierStd('xavierUniform_', tensor, options);
  const bound = Math.sqrt(3.0) * std;
  return fill('xavierUniform_', tensor, (g) => g.uniform(-bound, bound, [...tensor.shape]), options.generator);
}

/**
 * Glorot (Xavier) normal initialisation, in place: N(0, std²) with
 * std = gain · √(2 / (fanIn + fanOut)). Returns the tensor.
 *
 * Shape: any of rank ≥ 2 (`[out, in, ...kernel]`); it is kept.
 *
 * @example
 * const w = xavierNormal_(zeros([300, 100]), { generator: defaultRng(0) });
 * Math.sqrt(w.pow(2).mean().item()); // ≈ 0.0707 = √(2 / 400)
 */
export function xavierNormal_(tensor: Tensor, options: XavierOptions = {}): Tensor {
  const std = xavierStd('xavierNormal_', tensor, options);
  return fill('xavierNormal_', tensor, (g) => g.normal(0, std, [...tensor.shape]), options.generator);
}

function xavierStd(who: string, tensor: Tensor, options: XavierOptions): number {
  checkKeys(who, options, ['gain', 'generator']);
  const gain = checkFinite(who, 'gain', options.gain ?? 1);
  const { fanIn, fanOut } = calculateFans(tensor, who);
  if (fanIn + fanOut === 0)
    throw new ShapeError(`${who}: the tensor of shape ${fmtShape(tensor.shape)} has fanIn + fanOut = 0; it must be positive`);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/**
 * Fills `tensor` in place with U(`low`, `high`) draws (defaults 0 and 1), as `torch.nn.init.uniform_`.
 * Returns the tensor. Shape: any; it is kept.
 *
 * @example
 * uniform_(zeros([2]), { low: -1, high: 1, generator: defaultRng(42) }).toArray(); // [0.5479120971119267, -0.12224312049589536]
 */
export function uniform_(tensor: Tensor, options: { low?: number; high?: number; generator?: RandomSource } = {}): Tensor {
  checkKeys('uniform_', options, ['low', 'high', 'generator']);
  checkLeaf('uniform_', tensor);
  const low = checkFinite('uniform_', 'low', options.low ?? 0);
  const high = checkFinite('uniform_', 'high', options.high ?? 1);
  if (low > high) throw new ArgumentError(`uniform_: low (${low}) must not exceed high (${high})`);
  return fill('uniform_', tensor, (g) => g.uniform(low, high, [...tensor.shape]), options.generator);
}

/**
 * Fills `tensor` in place with N(`mean`, `std`²) draws (defaults 0 and 1), as
 * `torch.nn.init.normal_`. Returns the tensor. Shape: any; it is kept.
 *
 * @example
 * normal_(zeros([2]), { std: 0.1, generator: defaultRng(42) }).toArray(); // [0.030471707975443137, -0.10399841062404956]
 */
export function normal_(tensor: Tensor, options: { mean?: number; std?: number; generator?: RandomSource } = {}): Tensor {
  checkKeys('normal_', options, ['mean', 'std', 'generator']);
  checkLeaf('normal_', tensor);
  const mean = checkFinite('normal_', 'mean', options.mean ?? 0);
  const std = checkRange('normal_', 'std', options.std ?? 1, 0);
  return fill('normal_', tensor, (g) => g.normal(mean, std, [...tensor.shape]), options.generator);
}

/**
 * Fills `tensor` in place with `value`. Returns the tensor. Shape: any; it is kept.
 *
 * @example
 * constant_(zeros([3]), 0.25).toString(); // tensor([0.2500, 0.2500, 0.2500])
 */
export function constant_(tensor: Tensor, value: number): Tensor {
  checkLeaf('constant_', tensor);
  tensor.data.fill(checkFinite('constant_', 'value', value));
  return tensor;
}

/**
 * Fills `tensor` in place with zeros. Returns the tensor. Shape: any; it is kept.
 *
 * @example
 * zeros_(ones([2])).toString(); // tensor([0., 0.])
 */
export function zeros_(tensor: Tensor): Tensor {
  checkLeaf('zeros_', tensor);
  tensor.data.fill(0);
  return tensor;
}

/**
 * Fills `tensor` in place with ones. Returns the tensor. Shape: any; it is kept.
 *
 * @example
 * ones_(zeros([2])).toString(); // tensor([1., 1.])
 */
export function ones_(tensor: Tensor): Tensor {
  checkLeaf('ones_', tensor);
  tensor.data.fill(1);
  return tensor;
}

/** Draws from the generator and copies the draws into the tensor's data, after checking their size. */
function fill(who: string, tensor: Tensor, draw: (g: RandomSource) => Tensor, generator: RandomSource | undefined): Tensor {
  checkLeaf(who, tensor);
  const values = draw(resolveGenerator(who, generator));
  if (!(values instanceof Tensor) || values.size !== tensor.size) {
    throw new ArgumentError(
      `${who}: the generator returned ${values instanceof Tensor ? `shape ${fmtShape(values.shape)}` : describeValue(values)} for a tensor of shape ${fmtShape(tensor.shape)}; expected ${tensor.size} values`,
    );
  }
  tensor.data.set(values.data);
  return tensor;
}

/**
 * Only leaves are initialised: writing into a value computed by an op would silently change what
 * its tape entry recorded.
 */
function checkLeaf(who: string, tensor: unknown): asserts tensor is Tensor {
  if (!(tensor instanceof Tensor)) throw new ArgumentError(`${who}: expected a Tensor, got ${describeValue(tensor)}`);
  if (!tensor.isLeaf) {
    throw new ArgumentError(`${who}: can only fill a leaf tensor (a parameter); this one was computed by ${tensor.entry!.op}`);
  }
}
