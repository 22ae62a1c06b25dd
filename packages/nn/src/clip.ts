/**
 * Gradient clipping, as `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_`: both change the
 * parameters' `.grad` arrays in place (the trailing underscore) and skip parameters whose grad is
 * `null`. Each leaf's grad owns its array (backward never lets two leaves share one), so clipping
 * one parameter's gradient never changes another's.
 */
import { ArgumentError, Tensor, checkFinite, describeValue } from '@tapegrad/core';
import { Module } from './module.js';
import { checkBoolean, checkKeys } from './util.js';

/** Options of `clipGradNorm_`. */
export interface ClipGradNormOptions {
  /** p of the p-norm: any p > 0, or `Infinity` for the largest |g|. Default 2. */
  normType?: number;
  /** Throw if the total norm is NaN or ±∞ (else the gradients are scaled by it anyway, as PyTorch). Default false. */
  errorIfNonfinite?: boolean;
}

/** The gradients of `params` (a tensor, or an iterable of tensors), skipping null ones. */
function gradsOf(who: string, params: Tensor | Iterable<Tensor>): Float64Array[] {
  if (params instanceof Module)
    throw new ArgumentError(`${who}: got the module itself; pass its parameters: ${who}(model.parameters(), ...)`);
  if (params instanceof Tensor) params = [params];
  if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new ArgumentError(`${who}: params must be a tensor or an iterable of tensors, got ${describeValue(params)}`);
  }
  const list = [...params];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new ArgumentError(`${who}: params[${i}] is ${describeValue(p)}, not a Tensor`);
  });
  return list.filter((p) => p.grad !== null).map((p) => p.grad!.data);
}

/** (Σ|x|ᵖ)^(1/p) of one array, in the form torch's `norm` takes for p = 1, 2, ∞ and other p. */
function pNorm(x: ArrayLike<number>, p: number): number {
  let acc = 0;
  if (p === Number.POSITIVE_INFINITY) {
    for (let i = 0; i < x.length; i++) {
      const a = Math.abs(x[i]!);
      // NaN propagates, as torch's max does.
      if (!(a <= acc)) acc = a;
    }
    return acc;
  }
  if (p === 1) {
    for (let i = 0; i < x.length; i++) acc += Math.abs(x[i]!);
    return acc;
  }
  if (p === 2) {
    for (let i = 0; i < x.length; i++) acc += x[i]! * x[i]!;
    return Math.sqrt(acc);
  }
  for (let i = 0; i < x.length; i++) acc += Math.abs(x[i]!) ** p;
  return acc ** (1 / p);
}

/**
 * Scales all gradients together so that their total p-norm is at most `maxNorm`, in place
 * (`torch.nn.utils.clip_grad_norm_`). The total norm is taken over every gradient as if they were
 * concatenated into one vector (the p-norm of the per-parameter p-norms); then each gradient is
 * multiplied by
 *
 *   c = min(maxNorm / (total + 1e-6), 1)
 *
 * so a total at or below `maxNorm` leaves the gradients as they were (up to the 1e-6). A NaN total
 * gives a NaN c (and NaN gradients) unless `errorIfNonfinite` is set, as in PyTorch.
 *
 * @param params the parameters: `model.parameters()`, any iterable of tensors, or one tensor;
 *   those with a null grad are skipped.
 * @param maxNorm the largest total norm allowed (≥ 0).
 * @param options `normType` (p > 0 or `Infinity`, default 2), `errorIfNonfinite` (default false).
 * @returns the total norm before clipping (0 if no parameter has a gradient).
 * @throws ArgumentError for bad arguments, or a non-finite total norm with `errorIfNonfinite`.
 *
 * @example
 * const w = new Parameter(tensor([0, 0]));
 * w.grad = tensor([3, 4]);
 * clipGradNorm_([w], 1); // 5: the norm before clipping
 * w.grad.toArray();      // [0.599999880000024, 0.799999840000032]: scaled by 1 / (5 + 1e-6)
 */
export function clipGradNorm_(params: Tensor | Iterable<Tensor>, maxNorm: number, options: ClipGradNormOptions = {}): number {
  const who = 'clipGradNorm_';
  checkKeys(who, options, ['normType', 'errorIfNonfinite']);
  const max = checkFinite(who, 'maxNorm', maxNorm);
  if (max < 0) throw new ArgumentError(`${who}: maxNorm must be >= 0, got ${max}`);
  const p = options.normType ?? 2;
  if (typeof p !== 'number' || !(p > 0))
    throw new ArgumentError(`${who}: normType must be a number > 0 (or Infinity), got ${describeValue(p)}`);
  const errorIfNonfinite = checkBoolean(who, 'errorIfNonfinite', options.errorIfNonfinite ?? false);
  const grads = gradsOf(who, params);
  if (grads.length === 0) return 0;
  const total = pNorm(
    grads.map((g) => pNorm(g, p)),
    p,
  );
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new ArgumentError(
      `${who}: the total norm of order ${p} of the gradients is ${total}, so it cannot be clipped; pass errorIfNonfinite: false to scale by it anyway`,
    );
  }
  // NOTE: torch clamps the coefficient (NaN stays NaN) and always multiplies; × 1 changes nothing.
  const coef = Math.min(max / (total + 1e-6), 1);
  if (coef !== 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
  return total;
}

/**
 * Clamps every gradient element to [−clipValue, clipValue], in place
 * (`torch.nn.utils.clip_grad_value_`). NaN elements stay NaN.
 *
 * @param params the parameters: `model.parameters()`, any iterable of tensors, or one tensor;
 *   those with a null grad are skipped.
 * @param clipValue the largest |g| allowed (a finite number ≥ 0).
 *
 * @example
 * const w = new Parameter(tensor([0, 0, 0]));
 * w.grad = tensor([-3, 0.5, 2]);
 * clipGradValue_([w], 1);
 * w.grad.toArray(); // [-1, 0.5, 1]
 */
export function clipGradValue_(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  const who = 'clipGradValue_';
  const c = checkFinite(who, 'clipValue', clipValue);
  if (c < 0) throw new ArgumentError(`${who}: clipValue must be >= 0, got ${c}`);
  for (const g of gradsOf(who, params)) {
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!;
      if (v > c) g[i] = c;
      else if (v < -c) g[i] = -c;
    }
  }
}
