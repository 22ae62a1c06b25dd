/**
 * Epoch-driven learning-rate schedulers with PyTorch 1.13's exact sequences: each computes the
 * next lr from the group's current one, in the order of operations of `torch.optim.lr_scheduler`.
 */
import { ArgumentError, checkFinite, describeValue } from '@tapegrad/core';
import { checkInteger, checkKeys, checkRange } from '../util.js';
import { LRScheduler, asStateDictError, type LrOptimizer } from './scheduler.js';

/** Options of `StepLR`. */
export interface StepLROptions {
  /** The period, in epochs, of the decay. Required; an integer ≥ 1. */
  stepSize: number;
  /** The factor γ applied every `stepSize` epochs. Default 0.1. */
  gamma?: number;
}

/**
 * Multiplies each group's lr by γ every `stepSize` epochs (`torch.optim.lr_scheduler.StepLR`):
 *
 *   lr_t = lr_{t−1} · γ   if t > 0 and t mod stepSize = 0,   else lr_{t−1}
 *
 * so, left alone, lr_t = lr₀ · γ^⌊t / stepSize⌋.
 *
 * @example
 * const opt = new SGD([new Parameter(zeros([1]))], { lr: 0.1 });
 * const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
 * sched.step(); sched.step();
 * sched.getLastLr(); // [0.05]
 */
export class StepLR extends LRScheduler {
  /** The period of the decay, in epochs. */
  stepSize: number;
  /** The decay factor γ. */
  gamma: number;

  /** A scheduler of `optimizer`'s groups; sets no lr at construction (epoch 0 keeps lr₀). */
  constructor(optimizer: LrOptimizer, options: StepLROptions) {
    super('StepLR', optimizer, ['stepSize', 'gamma']);
    const o = checkStepOptions('StepLR', options);
    this.stepSize = o.stepSize;
    this.gamma = o.gamma;
    this.step();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected checkOptions(options: Record<string, unknown>): void {
    asStateDictError(this.name, () => checkStepOptions(this.name, options as unknown as StepLROptions));
  }
}

function checkStepOptions(who: string, options: StepLROptions): Required<StepLROptions> {
  checkKeys(who, options, ['stepSize', 'gamma']);
  return {
    stepSize: checkInteger(who, 'stepSize', options.stepSize, 1),
    gamma: checkRange(who, 'gamma', options.gamma ?? 0.1, 0),
  };
}

/** Options of `MultiStepLR`. */
export interface MultiStepLROptions {
  /** The epochs at which the lr is multiplied by γ (integers ≥ 1; one listed k times multiplies by γᵏ). Required. */
  milestones: readonly number[];
  /** The decay factor γ. Default 0.1. */
  gamma?: number;
}

/**
 * Multiplies each group's lr by γ at each milestone epoch (`torch.optim.lr_scheduler.MultiStepLR`):
 *
 *   lr_t = lr_{t−1} · γ^k   if t is listed k > 0 times in milestones,   else lr_{t−1}
 *
 * @example
 * const opt = new SGD([new Parameter(zeros([1]))], { lr: 1 });
 * const sched = new MultiStepLR(opt, { milestones: [2, 4], gamma: 0.5 });
 * const lrs = [];
 * for (let t = 0; t < 5; t++) { lrs.push(sched.getLastLr()[0]); sched.step(); }
 * lrs; // [1, 1, 0.5, 0.5, 0.25]
 */
export class MultiStepLR extends LRScheduler {
  /** The milestones, sorted (a repeated one kept as often as it was given). */
  milestones: number[];
  /** The decay factor γ. */
  gamma: number;

  /** A scheduler of `optimizer`'s groups; sets no lr at construction. */
  constructor(optimizer: LrOptimizer, options: MultiStepLROptions) {
    super('MultiStepLR', optimizer, ['milestones', 'gamma']);
    const o = checkMultiStepOptions('MultiStepLR', options);
    this.milestones = o.milestones;
    this.gamma = o.gamma;
    this.step();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const k = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (k === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** k);
  }

  protected checkOptions(options: Record<string, unknown>): void {
    asStateDictError(this.name, () => checkMultiStepOptions(this.name, options as unknown as MultiStepLROptions));
  }
}

function checkMultiStepOptions(who: string, options: MultiStepLROptions): { milestones: number[]; gamma: number } {
  checkKeys(who, options, ['milestones', 'gamma']);
  const m = options.milestones;
  if (!Array.isArray(m)) throw new ArgumentError(`${who}: milestones must be an array of epochs (integers >= 1), got ${describeValue(m)}`);
  m.forEach((v, i) => checkInteger(who, `milestones[${i}]`, v, 1));
  return { milestones: [...m].sort((a, b) => a - b), gamma: checkRange(who, 'gamma', options.gamma ?? 0.1, 0) };
}

/** Options of `ExponentialLR`. */
export interface ExponentialLROptions {
  /** The factor γ applied every epoch. Required. */
  gamma: number;
}

/**
 * Multiplies each group's lr by γ every epoch (`torch.optim.lr_scheduler.ExponentialLR`):
 *
 *   lr_t = lr_{t−1} · γ   for t > 0
 *
 * @example
 * const opt = new SGD([new Parameter(zeros([1]))], { lr: 1 });
 * const sched = new ExponentialLR(opt, { gamma: 0.5 });
 * sched.step(); sched.step();
 * sched.getLastLr(); // [0.25]
 */
export class ExponentialLR extends LRScheduler {
  /** The decay factor γ. */
  gamma: number;

  /** A scheduler of `optimizer`'s groups; sets no lr at construction. */
  constructor(optimizer: LrOptimizer, options: ExponentialLROptions) {
    super('ExponentialLR', optimizer, ['gamma']);
    this.gamma = checkExponentialOptions('ExponentialLR', options);
    this.step();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected checkOptions(options: Record<string, unknown>): void {
    asStateDictError(this.name, () => checkExponentialOptions(this.name, options as unknown as ExponentialLROptions));
  }
}

function checkExponentialOptions(who: string, options: ExponentialLROptions): number {
  checkKeys(who, options, ['gamma']);
  if (options.gamma === undefined) throw new ArgumentError(`${who}: gamma is required: pass { gamma }, e.g. { gamma: 0.9 }`);
  return checkRange(who, 'gamma', options.gamma, 0);
}

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions {
  /** T_max, the number of epochs of a half cosine period. Required; an integer ≥ 1. */
  tMax: number;
  /** η_min, the lowest learning rate. Default 0. */
  etaMin?: number;
}

/**
 * Anneals each group's lr from its base lr η_max to η_min along a half cosine over `tMax` epochs
 * (`torch.optim.lr_scheduler.CosineAnnealingLR`, the first part of SGDR), then back up, and so on.
 * The recursive form that PyTorch's `step()` computes, from the current lr:
 *
 *   lr_t = (1 + cos(π·t/T)) / (1 + cos(π·(t−1)/T)) · (lr_{t−1} − η_min) + η_min
 *   lr_t = lr_{t−1} + (η_max − η_min) · (1 − cos(π/T)) / 2     if (t − 1 − T) mod 2T = 0
 *
 * Left alone, that is lr_t = η_min + (η_max − η_min)(1 + cos(π·t/T))/2, up to rounding.
 *
 * @example
 * const opt = new SGD([new Parameter(zeros([1]))], { lr: 1 });
 * const sched = new CosineAnnealingLR(opt, { tMax: 4 });
 * sched.step();
 * sched.getLastLr(); // [0.8535533905932737]: (1 + cos(π/4)) / 2
 */
export class CosineAnnealingLR extends LRScheduler {
  /** T_max, the number of epochs from η_max down to η_min. */
  tMax: number;
  /** η_min, the lowest learning rate. */
  etaMin: number;

  /** A scheduler of `optimizer`'s groups; sets no lr at construction. */
  constructor(optimizer: LrOptimizer, options: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer, ['tMax', 'etaMin']);
    const o = checkCosineOptions('CosineAnnealingLR', options);
    this.tMax = o.tMax;
    this.etaMin = o.etaMin;
    this.step();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const t = this.lastEpoch;
    const T = this.tMax;
    const etaMin = this.etaMin;
    if (t === 0) return groups.map((g) => g.lr);
    // NOTE: the recursion's ratio is 0/0 where cos(π(t−1)/T) = −1; PyTorch steps by the closed
    // form's difference there instead. (A JS % is negative where Python's is not; it is 0 alike.)
    if ((t - 1 - T) % (2 * T) === 0) return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    return groups.map((g) => ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (g.lr - etaMin) + etaMin);
  }

  protected checkOptions(options: Record<string, unknown>): void {
    asStateDictError(this.name, () => checkCosineOptions(this.name, options as unknown as CosineAnnealingLROptions));
  }
}

function checkCosineOptions(who: string, options: CosineAnnealingLROptions): Required<CosineAnnealingLROptions> {
  checkKeys(who, options, ['tMax', 'etaMin']);
  return { tMax: checkInteger(who, 'tMax', options.tMax, 1), etaMin: checkRange(who, 'etaMin', options.etaMin ?? 0, 0) };
}

/** Options of `LinearLR`. */
export interface LinearLROptions {
  /** The factor applied to the lr at epoch 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** The factor reached at epoch `totalIters`, in [0, 1]. Default 1. */
  endFactor?: number;
  /** The number of epochs of the ramp (an integer ≥ 1). Default 5. */
  totalIters?: number;
}

/**
 * Ramps each group's lr linearly from startFactor·lr₀ to endFactor·lr₀ over `totalIters` epochs,
 * then holds it (`torch.optim.lr_scheduler.LinearLR`; a warm-up with the defaults). The
 * constructor multiplies the lr by startFactor; then, recursively, with s, e, N the options:
 *
 *   lr_t = lr_{t−1} · (1 + (e − s) / (N·s + (t − 1)(e − s)))   for 1 ≤ t ≤ N, else lr_{t−1}
 *
 * @example
 * const opt = new SGD([new Parameter(zeros([1]))], { lr: 1 });
 * const sched = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
 * const lrs = [];
 * for (let t = 0; t < 4; t++) { lrs.push(sched.getLastLr()[0]); sched.step(); }
 * lrs; // [0.5, 0.75, 1, 1]
 */
export class LinearLR extends LRScheduler {
  /** The factor at epoch 0. */
  startFactor: number;
  /** The factor from epoch `totalIters` on. */
  endFactor: number;
  /** The length of the ramp, in epochs. */
  totalIters: number;

  /** A scheduler of `optimizer`'s groups; multiplies each group's lr by `startFactor` now. */
  constructor(optimizer: LrOptimizer, options: LinearLROptions = {}) {
    super('LinearLR', optimizer, ['startFactor', 'endFactor', 'totalIters']);
    const o = checkLinearOptions('LinearLR', options);
    this.startFactor = o.startFactor;
    this.endFactor = o.endFactor;
    this.totalIters = o.totalIters;
    this.step();
  }

  protected computeLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    if (t === 0) return groups.map((g) => g.lr * s);
    if (t > n) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  protected checkOptions(options: Record<string, unknown>): void {
    asStateDictError(this.name, () => checkLinearOptions(this.name, options as LinearLROptions));
  }
}

function checkLinearOptions(who: string, options: LinearLROptions): Required<LinearLROptions> {
  checkKeys(who, options, ['startFactor', 'endFactor', 'totalIters']);
  const startFactor = checkFinite(who, 'startFactor', options.startFactor ?? 1 / 3);
  // NOTE: a start factor of 0 would divide by zero at epoch 1 (PyTorch raises ZeroDivisionError there).
  if (!(startFactor > 0 && startFactor <= 1)) throw new ArgumentError(`${who}: startFactor must be in (0, 1], got ${startFactor}`);
  const endFactor = checkFinite(who, 'endFactor', options.endFactor ?? 1);
  if (!(endFactor >= 0 && endFactor <= 1)) throw new ArgumentError(`${who}: endFactor must be in [0, 1], got ${endFactor}`);
  return { startFactor, endFactor, totalIters: checkInteger(who, 'totalIters', options.totalIters ?? 5, 1) };
}
