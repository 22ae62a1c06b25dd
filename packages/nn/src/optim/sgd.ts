/**
 * Stochastic gradient descent, with PyTorch's exact update (`torch.optim.SGD`).
 */
import { ArgumentError, type Tensor, checkFinite } from '@tapegrad/core';
import { checkBoolean, checkRange } from '../util.js';
import { Optimizer, zerosOf, type ParamGroup, type Params } from './optimizer.js';

/**
 * Options of `SGD` (PyTorch's names in camelCase). Every one but `lr` has a default; a group may
 * override any of them.
 *
 * @example
 * const opt = new SGD([new Parameter(zeros([2]))], { lr: 0.1, momentum: 0.9, nesterov: true });
 * opt.paramGroups[0]!.dampening; // 0
 */
export interface SGDOptions {
  /** The learning rate η. Required. */
  lr: number;
  /** The momentum factor μ. Default 0 (plain SGD). */
  momentum: number;
  /** The dampening τ of the momentum. Default 0. */
  dampening: number;
  /** Nesterov momentum. Default false; needs momentum > 0 and dampening = 0. */
  nesterov: boolean;
  /** L2 penalty λ, added to the gradient. Default 0. */
  weightDecay: number;
  /** Ascend rather than descend. Default false. */
  maximize: boolean;
}

/**
 * Per parameter: the momentum buffer b, created at the first update.
 *
 * @property momentumBuffer b, the parameter's shape; `null` while momentum is 0.
 */
export type SGDState = { momentumBuffer: Tensor | null };

/**
 * SGD, step t, for each parameter θ with gradient g (PyTorch's algorithm, in its order):
 *
 *   g ← g + λθ                         if weightDecay λ ≠ 0
 *   b ← g  (first step)                if momentum μ ≠ 0
 *   b ← μb + (1 − τ)g  (later steps)
 *   g ← g + μb  if nesterov, else g ← b
 *   θ ← θ − ηg
 *
 * (With `maximize`, g is negated first.)
 *
 * @example
 * const w = new Parameter(tensor([1]));
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * for (let t = 0; t < 2; t++) {
 *   opt.zeroGrad();
 *   mseLoss(w, [0]).backward(); // g = 2w
 *   opt.step();                 // b = 2, w = 0.8; then b = 0.9·2 + 1.6 = 3.4, w = 0.8 − 0.34
 * }
 * w.item();                     // 0.45999999999999996
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  /** An optimizer over `params` (tensors, or groups `{ params, ...options }`), with `options` as every group's defaults. */
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super('SGD', params, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false }, options, [
      'lr',
      'momentum',
      'dampening',
      'nesterov',
      'weightDecay',
      'maximize',
    ]);
  }

  protected checkOptions(o: SGDOptions, where: string): void {
    if (o.lr === undefined) throw new ArgumentError(`SGD: ${where} has no learning rate: pass { lr } to the constructor or to the group`);
    checkRange(`SGD (${where})`, 'lr', o.lr, 0);
    checkRange(`SGD (${where})`, 'momentum', o.momentum, 0);
    checkFinite(`SGD (${where})`, 'dampening', o.dampening);
    checkRange(`SGD (${where})`, 'weightDecay', o.weightDecay, 0);
    checkBoolean(`SGD (${where})`, 'nesterov', o.nesterov);
    checkBoolean(`SGD (${where})`, 'maximize', o.maximize);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new ArgumentError(
        `SGD (${where}): nesterov momentum needs momentum > 0 and dampening = 0, got momentum ${o.momentum} and dampening ${o.dampening}`,
      );
    }
  }

  protected updateGroup(group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, nesterov, weightDecay, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const theta = p.data;
      const grad = p.grad.data;
      let state = this.state.get(p);
      if (!state) {
        state = { momentumBuffer: null };
        this.state.set(p, state);
      }
      // The buffer starts as a copy of the first (decayed) gradient, not as μ·0 + (1 − τ)g.
      const first = state.momentumBuffer === null;
      if (momentum !== 0 && first) state.momentumBuffer = zerosOf(p);
      const b = momentum !== 0 ? state.momentumBuffer!.data : null;
      for (let i = 0; i < theta.length; i++) {
        let d = maximize ? -grad[i]! : grad[i]!;
        if (weightDecay !== 0) d = d + weightDecay * theta[i]!;
        if (b !== null) {
          b[i] = first ? d : b[i]! * momentum + (1 - dampening) * d;
          d = nesterov ? d + momentum * b[i]! : b[i]!;
        }
        theta[i] = theta[i]! + -lr * d;
      }
    }
  }
}
