/**
 * `ReduceLROnPlateau`: a scheduler driven by a metric rather than by the epoch count, with
 * PyTorch 1.13's rule (`torch.optim.lr_scheduler.ReduceLROnPlateau`).
 */
import { ArgumentError, describeValue } from '@tapegrad/core';
import { StateDictError } from '../module.js';
import { checkInteger, checkKeys, checkRange } from '../util.js';
import { asStateDictError, checkOptimizer, type LrOptimizer } from './scheduler.js';

/** Options of `ReduceLROnPlateau` (PyTorch's names in camelCase). */
export interface ReduceLROnPlateauOptions {
  /** `'min'`: the metric should fall (a loss); `'max'`: it should rise (an accuracy). Default `'min'`. */
  mode?: 'min' | 'max';
  /** The factor by which the lr is cut, in [0, 1). Default 0.1. */
  factor?: number;
  /** How many epochs without improvement are tolerated; the lr is cut after one more. Default 10. */
  patience?: number;
  /** How much better than the best a metric must be to count as an improvement. Default 1e-4. */
  threshold?: number;
  /** `'rel'`: better than best·(1 ∓ threshold); `'abs'`: better than best ∓ threshold. Default `'rel'`. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs after a cut during which bad epochs are not counted. Default 0. */
  cooldown?: number;
  /** The lowest lr: one for all groups, or one per group. Default 0. */
  minLr?: number | readonly number[];
  /** A cut smaller than eps is not made. Default 1e-8. */
  eps?: number;
}

const KEYS = ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'] as const;

/**
 * A `ReduceLROnPlateau`'s state. Plain numbers, strings and arrays: `JSON.stringify` keeps it
 * whole (the best metric is `null` until a first finite one is seen, where PyTorch holds ±∞).
 */
export interface ReduceLROnPlateauStateDict {
  /** The options, `minLr` as one value per group. */
  options: Required<Omit<ReduceLROnPlateauOptions, 'minLr'>> & {
    /** The lowest lr of each group. */
    minLr: number[];
  };
  /** The best metric so far, or `null` before any. */
  best: number | null;
  /** Epochs since the last improvement, not counting the cooldown. */
  numBadEpochs: number;
  /** Epochs of cooldown left. */
  cooldownCounter: number;
  /** The number of `step(metric)` calls. */
  lastEpoch: number;
  /** The groups' learning rates after the last step. */
  lastLr: number[];
}

/**
 * Cuts each group's lr by `factor` when a metric has stopped improving: after each epoch,
 * `step(metric)`; a metric better than the best so far (by more than the threshold) resets the
 * count of bad epochs, and when that count exceeds `patience` every group's lr becomes
 *
 *   lr ← max(lr · factor, minLr)     (unless that changes it by less than eps)
 *
 * then `cooldown` epochs pass without counting bad epochs. "Better", for the best b and the
 * threshold θ: m < b·(1 − θ) ('min', 'rel'), m < b − θ ('min', 'abs'), m > b·(1 + θ) ('max',
 * 'rel'), m > b + θ ('max', 'abs'). A NaN metric is never better.
 *
 * @example
 * const opt = new SGD([new Parameter(zeros([1]))], { lr: 1 });
 * const sched = new ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
 * for (const loss of [3, 2, 2, 2, 2]) sched.step(loss);
 * sched.getLastLr(); // [0.5]: the second epoch without improvement cut the lr
 */
export class ReduceLROnPlateau {
  /** The optimizer whose groups' `lr` this scheduler cuts. */
  readonly optimizer: LrOptimizer;
  /** The options, resolved (`minLr` as one value per group). */
  options: Required<Omit<ReduceLROnPlateauOptions, 'minLr'>> & {
    /** The lowest lr of each group. */
    minLr: number[];
  };
  /** The best metric so far, or `null` before any (PyTorch's ±∞). */
  best: number | null = null;
  /** Epochs since the last improvement, not counting the cooldown. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** The number of `step(metric)` calls. */
  lastEpoch = 0;
  private lastLr: number[];

  /** A scheduler of `optimizer`'s groups; changes no lr at construction. */
  constructor(optimizer: LrOptimizer, options: ReduceLROnPlateauOptions = {}) {
    this.optimizer = checkOptimizer('ReduceLROnPlateau', optimizer);
    this.options = resolveOptions('ReduceLROnPlateau', options, this.optimizer.paramGroups.length);
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Whether `a` is an improvement on the best so far. */
  private isBetter(a: number): boolean {
    const { mode, threshold, thresholdMode } = this.options;
    // NOTE: before any metric, PyTorch's best is ±∞, through the same formulas (so that a 'rel'
    // threshold ≥ 1 in 'min' mode never sees an improvement, as there).
    const best = this.best ?? (mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
    if (mode === 'min') return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }

  /**
   * Records one epoch's metric and cuts the lr if it has not improved for more than `patience`
   * epochs. A metric of −∞ ('min') or +∞ ('max') is refused: no later metric could improve on it.
   */
  step(metric: number): void {
    const who = 'ReduceLROnPlateau.step';
    if (typeof metric !== 'number') throw new ArgumentError(`${who}: metric must be a number, got ${describeValue(metric)}`);
    const { mode, patience, cooldown, factor, minLr, eps } = this.options;
    if (metric === (mode === 'min' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY))
      throw new ArgumentError(`${who}: metric must not be ${metric} in '${mode}' mode; no later metric could improve on it`);
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in the cooldown do not count
    }
    if (this.numBadEpochs > patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const newLr = Math.max(g.lr * factor, minLr[i]!);
        if (g.lr - newLr > eps) g.lr = newLr;
      });
      this.cooldownCounter = cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The groups' learning rates after the last `step(metric)` (or at construction), one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's state and options, without the optimizer. */
  stateDict(): ReduceLROnPlateauStateDict {
    return {
      options: { ...this.options, minLr: [...this.options.minLr] },
      best: this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
      lastLr: [...this.lastLr],
    };
  }

  /**
   * Restores what `stateDict()` returned (over as many groups). Everything is checked before
   * anything changes; a mismatch throws a `StateDictError`.
   */
  loadStateDict(stateDict: ReduceLROnPlateauStateDict): void {
    const who = 'ReduceLROnPlateau.loadStateDict';
    if (stateDict === null || typeof stateDict !== 'object' || Array.isArray(stateDict))
      throw new StateDictError(`${who}: expected a scheduler state dict (an object), got ${describeValue(stateDict)}`);
    const known = ['options', 'best', 'numBadEpochs', 'cooldownCounter', 'lastEpoch', 'lastLr'];
    asStateDictError('ReduceLROnPlateau', () => checkKeys('ReduceLROnPlateau', stateDict, known));
    const n = this.optimizer.paramGroups.length;
    let options = this.options;
    asStateDictError('ReduceLROnPlateau', () => {
      options = resolveOptions('ReduceLROnPlateau', stateDict.options, n);
    });
    const { best, numBadEpochs, cooldownCounter, lastEpoch, lastLr } = stateDict;
    if (best !== null && (typeof best !== 'number' || Number.isNaN(best)))
      throw new StateDictError(`${who}: best must be a number or null, got ${describeValue(best)}`);
    for (const [k, v] of Object.entries({ numBadEpochs, cooldownCounter, lastEpoch }))
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
        throw new StateDictError(`${who}: ${k} must be an integer >= 0, got ${describeValue(v)}`);
    if (!Array.isArray(lastLr) || lastLr.length !== n || lastLr.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
      throw new StateDictError(
        `${who}: lastLr must be an array of ${n} finite numbers (one per parameter group), got ${describeValue(lastLr)}`,
      );
    this.options = options;
    this.best = best;
    this.numBadEpochs = numBadEpochs;
    this.cooldownCounter = cooldownCounter;
    this.lastEpoch = lastEpoch;
    this.lastLr = [...lastLr];
  }
}

function resolveOptions(who: string, options: ReduceLROnPlateauOptions, groups: number): ReduceLROnPlateauStateDict['options'] {
  checkKeys(who, options, KEYS);
  const mode = options.mode ?? 'min';
  if (mode !== 'min' && mode !== 'max') throw new ArgumentError(`${who}: mode must be 'min' or 'max', got ${describeValue(mode)}`);
  const thresholdMode = options.thresholdMode ?? 'rel';
  if (thresholdMode !== 'rel' && thresholdMode !== 'abs')
    throw new ArgumentError(`${who}: thresholdMode must be 'rel' or 'abs', got ${describeValue(thresholdMode)}`);
  const m = options.minLr ?? 0;
  let minLr: number[];
  if (Array.isArray(m)) {
    if (m.length !== groups)
      throw new ArgumentError(`${who}: minLr must have one value per parameter group (${groups}), got ${m.length} values`);
    minLr = m.map((v, i) => checkRange(who, `minLr[${i}]`, v, 0));
  } else minLr = new Array<number>(groups).fill(checkRange(who, 'minLr', m, 0));
  return {
    mode,
    factor: checkRange(who, 'factor', options.factor ?? 0.1, 0, 1),
    patience: checkInteger(who, 'patience', options.patience ?? 10, 0),
    threshold: checkRange(who, 'threshold', options.threshold ?? 1e-4, 0),
    thresholdMode,
    cooldown: checkInteger(who, 'cooldown', options.cooldown ?? 0, 0),
    minLr,
    eps: checkRange(who, 'eps', options.eps ?? 1e-8, 0),
  };
}
