/**
 * Adam and AdamW, with PyTorch's exact updates (`torch.optim.Adam`, `torch.optim.AdamW`).
 */
import { ArgumentError, type Tensor, checkFinite, describeValue } from '@tapegrad/core';
import { checkBoolean, checkRange } from '../util.js';
import { Optimizer, zerosOf, type ParamGroup, type Params } from './optimizer.js';

/**
 * Options of `Adam` and `AdamW` (PyTorch's names in camelCase). Each has a default; a group may
 * override any of them.
 *
 * @example
 * const opt = new AdamW([new Parameter(zeros([2]))], { lr: 1e-2, betas: [0.9, 0.95] });
 * opt.paramGroups[0]!.weightDecay; // 0.01, AdamW's default
 */
export interface AdamOptions {
  /** The learning rate η. Default 1e-3. */
  lr: number;
  /** β₁, β₂: the decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas: readonly [number, number];
  /** ε, added to the denominator. Default 1e-8. */
  eps: number;
  /** λ: Adam adds λθ to the gradient (L2); AdamW shrinks θ by ηλ (decoupled). Default 0 for Adam, 1e-2 for AdamW. */
  weightDecay: number;
  /** AMSGrad: divide by the running maximum of v (bias-corrected as v) rather than by v. Default false. */
  amsgrad: boolean;
  /** Ascend rather than descend. Default false. */
  maximize: boolean;
}

/**
 * Per parameter: the step count t and the moment estimates m, v (and max v for AMSGrad).
 *
 * @property step t, the number of updates so far.
 * @property expAvg m, the first moment estimate; the parameter's shape.
 * @property expAvgSq v, the second moment estimate; the parameter's shape.
 * @property maxExpAvgSq the running maximum of v with `amsgrad`, else `null`.
 */
export type AdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor; maxExpAvgSq: Tensor | null };

const KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'] as const;

/**
 * Adam, step t, for each parameter θ with gradient g (PyTorch's algorithm, in its order):
 *
 *   g ← g + λθ                                        if weightDecay λ ≠ 0
 *   m ← β₁m + (1 − β₁)g
 *   v ← β₂v + (1 − β₂)g²
 *   θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 *
 * The bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ undo the pull of the zero-initialised moments towards
 * 0 in the first steps.
 *
 * (With `maximize`, g is negated first; with `amsgrad`, the running maximum of v replaces v.)
 *
 * @example
 * const w = new Parameter(tensor([1, -2]));
 * const opt = new Adam([w], { lr: 0.1 });
 * mseLoss(w, [0, 0]).backward();
 * opt.step();
 * w.toArray(); // [0.900000001, -1.9000000005]: the first step moves each θ by about η, whatever the gradient's size
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** An optimizer over `params` (tensors, or groups `{ params, ...options }`), with `options` as every group's defaults. */
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('Adam', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false }, options, KEYS);
  }

  protected checkOptions(o: AdamOptions, where: string): void {
    checkAdamOptions(this.name, o, where);
  }

  protected updateGroup(group: ParamGroup<AdamOptions>): void {
    adamUpdate(this.state, group, false);
  }
}

/**
 * AdamW (Loshchilov and Hutter): Adam with the weight decay taken out of the gradient and applied
 * to the parameter directly, before the Adam step:
 *
 *   θ ← θ·(1 − ηλ)
 *   m, v, θ as Adam, with the undecayed g
 *
 * so that the decay is not rescaled by the adaptive denominator. Default λ = 1e-2.
 *
 * @example
 * const w = new Parameter(tensor([1]));
 * const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * w.grad = zeros([1]);   // no gradient signal: only the decay acts
 * opt.step();
 * w.item();              // 0.95: θ·(1 − ηλ)
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
  /** An optimizer over `params` (tensors, or groups `{ params, ...options }`), with `options` as every group's defaults. */
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('AdamW', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false }, options, KEYS);
  }

  protected checkOptions(o: AdamOptions, where: string): void {
    checkAdamOptions(this.name, o, where);
  }

  protected updateGroup(group: ParamGroup<AdamOptions>): void {
    adamUpdate(this.state, group, true);
  }
}

function checkAdamOptions(name: string, o: AdamOptions, where: string): void {
  const who = `${name} (${where})`;
  checkRange(who, 'lr', o.lr, 0);
  checkRange(who, 'eps', o.eps, 0);
  checkRange(who, 'weightDecay', o.weightDecay, 0);
  if (!Array.isArray(o.betas) || o.betas.length !== 2)
    throw new ArgumentError(`${who}: betas must be a pair [β₁, β₂], got ${describeValue(o.betas)}`);
  checkRange(who, 'betas[0]', o.betas[0], 0, 1);
  checkRange(who, 'betas[1]', o.betas[1], 0, 1);
  checkBoolean(who, 'amsgrad', o.amsgrad);
  checkBoolean(who, 'maximize', o.maximize);
}

/** One Adam (decoupled = false) or AdamW (decoupled = true) step over a group, in place. */
function adamUpdate(states: Map<Tensor, AdamState>, group: ParamGroup<AdamOptions>, decoupled: boolean): void {
  const { lr, eps, weightDecay, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  for (const p of group.params) {
    if (p.grad === null) continue;
    let s = states.get(p);
    if (!s) {
      s = { step: 0, expAvg: zerosOf(p), expAvgSq: zerosOf(p), maxExpAvgSq: amsgrad ? zerosOf(p) : null };
      states.set(p, s);
    }
    if (amsgrad && s.maxExpAvgSq === null) s.maxExpAvgSq = zerosOf(p);
    s.step += 1;
    const t = checkFinite('Adam', 'step', s.step);
    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2 = 1 - beta2 ** t;
    const stepSize = lr / biasCorrection1;
    const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    const theta = p.data;
    const grad = p.grad.data;
    const m = s.expAvg.data;
    const v = s.expAvgSq.data;
    const vMax = amsgrad ? s.maxExpAvgSq!.data : null;
    // NOTE: each line keeps PyTorch's evaluation order (addcmul is v + (c·g)·g, addcdiv is
    // θ + (c·m)/d), so that float64 results agree to the last bits or nearly.
    for (let i = 0; i < theta.length; i++) {
      let g = maximize ? -grad[i]! : grad[i]!;
      if (decoupled) theta[i] = theta[i]! * (1 - lr * weightDecay);
      else if (weightDecay !== 0) g = g + weightDecay * theta[i]!;
      m[i] = m[i]! * beta1 + (1 - beta1) * g;
      v[i] = v[i]! * beta2 + (1 - beta2) * g * g;
      let second = v[i]!;
      if (vMax !== null) second = vMax[i] = Math.max(vMax[i]!, v[i]!);
      const denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
      theta[i] = theta[i]! + (-stepSize * m[i]!) / denom;
    }
  }
}
