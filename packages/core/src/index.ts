/**
 * @tapegrad/core: reverse-mode automatic differentiation on float64 tensors and scalars, with a
 * tape you can print.
 *
 * @example
 * import { tensor, leakyRelu, tapeOf } from '@tapegrad/core';
 * const z = tensor([-3, -1, 0, 0.5, 1, 3], { requiresGrad: true, name: 'z' });
 * const loss = leakyRelu(z).sum();
 * console.log(tapeOf(loss).toString()); // read the tape before backward() frees it
 * // z  = leaf [6]
 * // %0 = leakyRelu(z; negativeSlope=0.01)  [6]
 * // %1 = sum(%0; axes=[0], keepdims=false)  []
 * loss.backward();
 * console.log(z.grad?.toString()); // tensor([0.0100, 0.0100, 0.0100, 1.0000, 1.0000, 1.0000])
 *
 * @module @tapegrad/core
 */
export { Tensor, type NestedArray, type TensorLike, type Axes } from './tensor.js';
export type { TensorJSON } from './format.js';
export { tensor, zeros, ones, full, arange, linspace, eye, zerosLike, onesLike, type TensorOptions } from './creation.js';
export { noGrad, isGradEnabled, tapeOf, Tape, type TapeEntry, type Recorded, type Rule } from './tape.js';
export type { BackwardOptions } from './backward.js';
export { add, sub, mul, div, pow, maximum, minimum, where, eq, ne, lt, le, gt, ge } from './ops/binary.js';
export { neg, exp, log, log1p, sqrt, abs, tanh, sigmoid, sin, cos, clip, sigmoidBackward, tanhBackward } from './ops/unary.js';
export { indexSelect, gather, maskedSelect, argmax, argmin } from './ops/indexing.js';
export { relu, leakyRelu, prelu, elu, reluBackward, leakyReluBackward, preluBackward, eluBackward } from './ops/activations.js';
export { sum, mean, max, min, logSumExp, softmax, logSoftmax, sumTo } from './ops/reduce.js';
export { matmul, transpose, permute, type MatmulOptions } from './ops/linalg.js';
export { reshape, flatten, squeeze, unsqueeze, broadcastTo, concat, stack, slice, select } from './ops/layout.js';
export type { OpName, OpAttrs, GradRule } from './ops/primitives.js';
export { backward, gradients, grad, valueAndGrad, type GradOptions } from './functional.js';
export { detectAnomaly, setDetectAnomaly, isAnomalyEnabled } from './anomaly.js';
export { gradcheck, type GradcheckOptions, type GradcheckReport, type GradcheckInputReport } from './gradcheck.js';
export { Scalar, scalar, type ScalarLike } from './scalar.js';
export {
  TapegradError,
  ShapeError,
  AxisError,
  ArgumentError,
  GraphError,
  GradcheckError,
  AnomalyError,
  fmtShape,
  describeValue,
  checkFinite,
  checkLeafOptions,
  clipBounds,
} from './errors.js';
export { broadcastShapes } from './shape.js';
export {
  setBackend,
  getBackend,
  listBackends,
  registerBackend,
  type Backend,
  type BackendKernels,
  type PreluGradients,
  type UnaryKind,
  type BinaryKind,
} from './kernels/backend.js';
export { defaultRng, Generator, PCG64, SeedSequence, type PCG64State, type Size, type TypedArray } from './random/index.js';
