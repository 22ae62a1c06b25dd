/**
 * @tapegrad/nn: modules, layers, losses, optimizers and initialisers on top of @tapegrad/core,
 * with PyTorch's semantics and defaults and TypeScript's names.
 *
 * @example
 * import { defaultRng, tensor } from '@tapegrad/core';
 * import { BCELoss, LeakyReLU, Linear, PReLU, SGD, Sequential, Sigmoid } from '@tapegrad/nn';
 *
 * const rng = defaultRng(0);
 * const X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
 * const y = tensor([[0], [1], [1], [0]]); // XOR
 * const model = new Sequential(
 *   new Linear(2, 8, { generator: rng }), new PReLU({ numParameters: 8 }),
 *   new Linear(8, 8, { generator: rng }), new LeakyReLU(),
 *   new Linear(8, 1, { generator: rng }), new Sigmoid(),
 * );
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const lossFn = new BCELoss();
 * for (let step = 0; step < 100; step++) {
 *   opt.zeroGrad();
 *   const loss = lossFn.forward(model.forward(X), y);
 *   loss.backward();
 *   opt.step();
 * }
 * Array.from(model.forward(X).data, Math.round); // [0, 1, 1, 0]
 *
 * This entry imports no Node module and runs in a browser as in Node. Saving a state dict to a
 * file and loading it back (`saveSafetensors`, `loadSafetensors`, `saveJSON`, …) is in the
 * Node-only entry `@tapegrad/nn/node`.
 *
 * @module @tapegrad/nn
 */
export { Parameter, Module, StateDictError, type AnyModule, type StateDict, type StateDictLike } from './module.js';
export { manualSeed, setDefaultGenerator, DEFAULT_SEED, type RandomSource } from './random.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { Activation, ReLU, LeakyReLU, PReLU, ELU, Sigmoid, Tanh } from './layers/activations.js';
export { Sequential, Identity, Flatten } from './layers/container.js';
export { ModuleList, ModuleDict } from './layers/module-containers.js';
export { Dropout } from './layers/dropout.js';
export { LayerNorm, BatchNorm1d, type LayerNormOptions, type BatchNormOptions } from './layers/normalization.js';
export {
  mseLoss,
  bceLoss,
  bceWithLogitsLoss,
  crossEntropyLoss,
  type Reduction,
  type BCEOptions,
  type BCEWithLogitsOptions,
  type CrossEntropyOptions,
} from './losses.js';
export { MSELoss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss } from './loss-modules.js';
export {
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupSpec,
  type Params,
  type StateValue,
} from './optim/optimizer.js';
export { SGD, type SGDOptions, type SGDState } from './optim/sgd.js';
export { Adam, AdamW, type AdamOptions, type AdamState } from './optim/adam.js';
export {
  calculateGain,
  calculateFans,
  kaimingUniform_,
  kaimingNormal_,
  xavierUniform_,
  xavierNormal_,
  uniform_,
  normal_,
  zeros_,
  ones_,
  constant_,
  type Nonlinearity,
  type KaimingOptions,
  type XavierOptions,
} from './init.js';
export { stateDictToJSON, stateDictFromJSON, StateDictFormatError } from './serialize/json.js';
export { encodeCheckpoint, decodeCheckpoint, type CheckpointParts, type Stateful } from './serialize/checkpoint.js';
export {
  encodeSafetensors,
  decodeSafetensors,
  SafetensorsError,
  MAX_HEADER_SIZE,
  type SafetensorsOptions,
  type SafetensorsDtype,
  type SafetensorsContents,
} from './serialize/safetensors.js';
export { toPyTorch, type ToPyTorchOptions } from './pytorch.js';
export { activationStats, gradientNorms, type ActivationStats, type GradientNorm } from './diagnostics.js';
export { clipGradNorm_, clipGradValue_, type ClipGradNormOptions } from './clip.js';
export { LRScheduler, type LrOptimizer, type SchedulerStateDict } from './optim/scheduler.js';
export {
  StepLR,
  MultiStepLR,
  ExponentialLR,
  CosineAnnealingLR,
  LinearLR,
  type StepLROptions,
  type MultiStepLROptions,
  type ExponentialLROptions,
  type CosineAnnealingLROptions,
  type LinearLROptions,
} from './optim/schedulers.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type ReduceLROnPlateauStateDict } from './optim/plateau.js';
export {
  TensorDataset,
  DataLoader,
  type Dataset,
  type DataLoaderOptions,
  type PermutationSource,
} from './data.js';
