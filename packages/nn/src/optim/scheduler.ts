/**
 * The learning-rate scheduler base class, as `torch.optim.lr_scheduler._LRScheduler` (1.13): a
 * scheduler writes each group's `lr` when it steps; construction is its first step (epoch 0).
 */
import { ArgumentError, describeValue } from '@tapegrad/core';
import { StateDictError } from '../module.js';
import { checkKeys } from '../util.js';
import { Optimizer } from './optimizer.js';

/**
 * What a scheduler needs of an optimizer (`SGD`, `Adam`, `AdamW`): groups with a learning rate.
 * The constructors also check that it is an `Optimizer`.
 */
export interface LrOptimizer {
  /** The parameter groups, whose `lr` the scheduler sets. */
  readonly paramGroups: {
    /** The group's learning rate. */
    lr: number;
  }[];
}

/**
 * A scheduler's state: its epoch count, the groups' base and last learning rates, and its options.
 * Plain numbers, arrays and strings: `JSON.stringify` keeps it whole.
 *
 * @property lastEpoch The number of `step()` calls since construction.
 * @property baseLrs Each group's learning rate when the first scheduler was attached to it.
 * @property lastLr Each group's learning rate after the last step.
 */
export type SchedulerStateDict = { lastEpoch: number; baseLrs: number[]; lastLr: number[] } & Record<string, unknown>;

// NOTE: PyTorch records a group's first lr as `group['initial_lr']` (setdefault), so that a second
// scheduler on the same optimizer starts from it too. We keep it here rather than in the group.
const initialLrs = new WeakMap<object, number>();

/** Checks that `optimizer` is an optimizer (not a module or a list of parameters). */
export function checkOptimizer(who: string, optimizer: unknown): LrOptimizer {
  if (!(optimizer instanceof Optimizer))
    throw new ArgumentError(`${who}: expected an optimizer (new SGD(...), new Adam(...)), got ${describeValue(optimizer)}`);
  return optimizer as unknown as LrOptimizer;
}

/**
 * The base class of the epoch-driven schedulers (`StepLR`, `MultiStepLR`, `ExponentialLR`,
 * `CosineAnnealingLR`, `LinearLR`): each `step()` counts an epoch and sets every group's `lr` to
 * what `computeLr()` gives, from the group's current lr (PyTorch's recursive, "chainable" form).
 * Call `optimizer.step()` first, then `scheduler.step()`, once per epoch.
 *
 * @example
 * const opt = new SGD([new Parameter(zeros([1]))], { lr: 1 });
 * const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
 * const lrs = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(sched.getLastLr()[0]);
 *   // train: opt.zeroGrad(); loss.backward(); opt.step();
 *   sched.step();
 * }
 * lrs; // [1, 1, 0.5, 0.5, 0.25]
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this scheduler sets. */
  readonly optimizer: LrOptimizer;
  /** The number of `step()` calls since construction (0 after the constructor's own step). */
  lastEpoch = -1;
  /** Each group's learning rate when the first scheduler was attached to its optimizer. */
  baseLrs: number[];
  private lastLr: number[] = [];

  /**
   * @param name used in error messages (`StepLR`)
   * @param optimizer the optimizer to schedule
   * @param optionKeys the options that `stateDict()` saves and `loadStateDict()` restores
   */
  protected constructor(
    protected readonly name: string,
    optimizer: LrOptimizer,
    private readonly optionKeys: readonly string[],
  ) {
    this.optimizer = checkOptimizer(name, optimizer);
    for (const g of this.optimizer.paramGroups) if (!initialLrs.has(g)) initialLrs.set(g, g.lr);
    this.baseLrs = this.optimizer.paramGroups.map((g) => initialLrs.get(g)!);
  }

  /** The learning rates of the step to `lastEpoch`, one per group, from the groups' current ones. */
  protected abstract computeLr(): number[];

  /** Checks options being loaded from a state dict; throws a `StateDictError` naming the bad one. */
  protected abstract checkOptions(options: Record<string, unknown>): void;

  /** Counts an epoch and sets each group's `lr` for it. */
  step(): void {
    this.lastEpoch += 1;
    const lrs = this.computeLr();
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = lrs[i]!;
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rates the last `step()` (or the constructor) set, one per parameter group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's state, without the optimizer: `{ lastEpoch, baseLrs, lastLr, ...options }`. */
  stateDict(): SchedulerStateDict {
    const options = Object.fromEntries(
      this.optionKeys.map((k) => {
        const v = (this as unknown as Record<string, unknown>)[k];
        return [k, Array.isArray(v) ? [...v] : v];
      }),
    );
    return { ...options, lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /**
   * Restores what `stateDict()` returned (of a scheduler of the same kind over as many groups).
   * Load the optimizer's state dict too: the next lr is computed from the groups' current ones.
   * Everything is checked before anything changes; a mismatch throws a `StateDictError`.
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const who = `${this.name}.loadStateDict`;
    if (stateDict === null || typeof stateDict !== 'object' || Array.isArray(stateDict))
      throw new StateDictError(`${who}: expected a scheduler state dict (an object), got ${describeValue(stateDict)}`);
    try {
      checkKeys(who, stateDict, ['lastEpoch', 'baseLrs', 'lastLr', ...this.optionKeys]);
    } catch (e) {
      throw new StateDictError((e as Error).message);
    }
    const n = this.optimizer.paramGroups.length;
    const { lastEpoch, baseLrs, lastLr, ...options } = stateDict;
    if (typeof lastEpoch !== 'number' || !Number.isInteger(lastEpoch) || lastEpoch < 0)
      throw new StateDictError(`${who}: lastEpoch must be an integer >= 0, got ${describeValue(lastEpoch)}`);
    for (const [key, list] of [
      ['baseLrs', baseLrs],
      ['lastLr', lastLr],
    ] as const) {
      if (!Array.isArray(list) || list.length !== n || list.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
        throw new StateDictError(
          `${who}: ${key} must be an array of ${n} finite numbers (one per parameter group), got ${describeValue(list)}`,
        );
    }
    for (const k of this.optionKeys)
      if (!(k in options)) throw new StateDictError(`${who}: the state dict has no ${JSON.stringify(k)}; it must have every option`);
    this.checkOptions(options);
    const self = this as unknown as Record<string, unknown>;
    for (const k of this.optionKeys) self[k] = Array.isArray(options[k]) ? [...(options[k] as unknown[])] : options[k];
    this.lastEpoch = lastEpoch;
    this.baseLrs = [...baseLrs];
    this.lastLr = [...lastLr];
  }

  /** As `StepLR(stepSize=30, gamma=0.1, lastEpoch=0)`. */
  toString(): string {
    const opts = this.optionKeys.map((k) => {
      const v = (this as unknown as Record<string, unknown>)[k];
      return `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`;
    });
    return `${this.name}(${[...opts, `lastEpoch=${this.lastEpoch}`].join(', ')})`;
  }
}

/** Runs a constructor's option check for `loadStateDict`, turning its `ArgumentError` into a `StateDictError`. */
export function asStateDictError(who: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (e instanceof ArgumentError) throw new StateDictError(`${who}.loadStateDict: ${e.message}`);
    throw e;
  }
}
