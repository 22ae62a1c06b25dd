/**
 * Gradients as functions: `backward(y)` and `gradients(y, xs)`, the tape's replay called as a
 * function (PyTorch's `torch.autograd.backward` and `torch.autograd.grad`), and the JAX-style
 * `grad(f)`, a function that returns the gradient of `f`. `grad` changes nothing the caller holds
 * (no `.grad` is written), and `grad(grad(f))` works: when an argument already carries a graph,
 * the gradient is computed with `createGraph` so that it can be differentiated again.
 */
import { replay, type BackwardOptions } from './backward.js';
import { ArgumentError, GraphError, describeValue, fmtShape } from './errors.js';
import { seedGradient, toTensor } from './ops/operand.js';
import { isGradEnabled, withGradMode } from './tape.js';
import { Tensor, type TensorLike } from './tensor.js';

/**
 * Reverse-mode differentiation: adds `grad` · d(output)/d(leaf) into `leaf.grad` for every leaf
 * that requires grad (a vector-Jacobian product); the same as `output.backward(options)`.
 * Gradients accumulate across calls, in place into the `grad` tensor, until you set `grad = null`,
 * as in PyTorch. Without `retainGraph` (or `createGraph`) the tape entries are freed as the pass
 * goes, and a second backward through them throws.
 *
 * Shapes: `options.grad`, when given, has the output's shape; it may be omitted only for a
 * one-element output (it is then 1). Each `leaf.grad` has its leaf's shape.
 *
 * @throws GraphError if the output does not require grad, or needs a `grad` it was not given.
 *
 * @example
 * const x = tensor([-1, 0, 2], { requiresGrad: true });
 * backward(sum(leakyRelu(x)));
 * x.grad!.toArray(); // [0.01, 0.01, 1]
 */
export function backward(output: Tensor, options: BackwardOptions = {}): void {
  replay(output, seedGradient('backward', output, options.grad), options, null);
}

/**
 * The gradients of `output` with respect to `inputs` (tensors in its graph, leaves or not), returned
 * rather than accumulated into `.grad`: no `.grad` is changed. Like `torch.autograd.grad`. An input
 * the output does not depend on gets a zero gradient. As `backward`, it frees the tape entries it
 * passes through unless `retainGraph` (or `createGraph`) is set.
 *
 * Shapes: one gradient per input, with that input's shape; `options.grad` as for `backward`.
 *
 * @throws GraphError if an input does not require grad.
 *
 * @example
 * const x = tensor(2, { requiresGrad: true });
 * const [dx] = gradients(mul(x, x), [x]); // tensor(4.): d(x²)/dx = 2x
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], options: BackwardOptions = {}): Tensor[] {
  if (!Array.isArray(inputs) || inputs.some((t) => !(t instanceof Tensor))) {
    throw new ArgumentError(`gradients: inputs must be an array of tensors, got ${describeValue(inputs)}`);
  }
  inputs.forEach((t, i) => {
    if (!t.requiresGrad)
      throw new GraphError(`gradients: input ${i} (shape ${fmtShape(t.shape)}) does not require grad, so no gradient flows to it`);
  });
  const found = replay(output, seedGradient('gradients', output, options.grad), options, inputs);
  return inputs.map((t) => found.get(t) ?? new Tensor(new Float64Array(t.size), t.shape));
}

/**
 * Options of `grad` and `valueAndGrad`.
 *
 * @example
 * const f = (x: Tensor, y: Tensor) => sum(mul(x, y));
 * grad(f, { argnums: [0, 1] })(tensor([1, 2]), tensor([3, 4])).map(String); // ['tensor([3., 4.])', 'tensor([1., 2.])']
 */
export interface GradOptions {
  /** Which arguments to differentiate with respect to: one index (default 0) or several. */
  argnums?: number | readonly number[];
}

type Fn = (...args: Tensor[]) => Tensor;

/**
 * `valueAndGrad(f)(...args)` returns `[f(...args), ∂f/∂args[argnums]]` from one forward and one
 * backward pass. `f` must return a one-element tensor. With one index in `argnums` (default 0) the
 * gradient is a tensor; with an array, an array of tensors. Arguments may be tensors, numbers or
 * nested arrays; no `.grad` is written.
 *
 * Shapes: each gradient has the shape of its argument.
 *
 * @throws GraphError if `f` does not return a one-element tensor.
 *
 * @example
 * const [loss, dW] = valueAndGrad((w) => sum(mul(w, w)))(tensor([1, 2]));
 * loss.item();     // 5
 * dW.toString();   // tensor([2., 4.])
 */
export function valueAndGrad(f: Fn, options?: { argnums?: number }): (...args: TensorLike[]) => [Tensor, Tensor];
export function valueAndGrad(f: Fn, options: { argnums: readonly number[] }): (...args: TensorLike[]) => [Tensor, Tensor[]];
export function valueAndGrad(f: Fn, options: GradOptions = {}): (...args: TensorLike[]) => [Tensor, Tensor | Tensor[]] {
  return makeValueAndGrad('valueAndGrad', f, options);
}

/** `valueAndGrad`, with errors reported under the name the user called (`grad` or `valueAndGrad`). */
function makeValueAndGrad(who: string, f: Fn, options: GradOptions): (...args: TensorLike[]) => [Tensor, Tensor | Tensor[]] {
  if (typeof f !== 'function') throw new ArgumentError(`${who}: f must be a function, got ${describeValue(f)}`);
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`${who}: options must be an object, got ${describeValue(options)}`);
  const { argnums = 0 } = options;
  const many = Array.isArray(argnums);
  const indices: readonly number[] = many ? argnums : [argnums as number];
  if (indices.some((i) => !Number.isInteger(i) || i < 0)) {
    throw new ArgumentError(`${who}: argnums must be a non-negative integer or an array of them, got ${describeValue(argnums)}`);
  }
  return (...args: TensorLike[]) => {
    indices.forEach((i) => {
      if (i >= args.length)
        throw new ArgumentError(`${who}: argnums ${describeValue(argnums)} does not fit a call with ${args.length} argument(s)`);
    });
    // Arguments to differentiate become tensors that require grad: as they are if they already do
    // (so an outer grad can see through), else fresh leaf copies.
    const nested = indices.some((i) => args[i] instanceof Tensor && args[i].requiresGrad) && isGradEnabled();
    const xs = args.map((a, i) => {
      const t = toTensor(a, who, `argument ${i}`);
      return indices.includes(i) && !t.requiresGrad ? new Tensor(t.data.slice(), t.shape, { requiresGrad: true }) : t;
    });
    const wrt = indices.map((i) => xs[i]!);
    const value = withGradMode(true, () => f(...xs));
    if (!(value instanceof Tensor) || value.size !== 1) {
      throw new GraphError(
        `${who}: f must return a one-element tensor, got ${value instanceof Tensor ? `shape ${fmtShape(value.shape)}` : describeValue(value)}`,
      );
    }
    const grads = value.requiresGrad
      ? gradients(value, wrt, { createGraph: nested })
      : wrt.map((x) => new Tensor(new Float64Array(x.size), x.shape));
    return [nested ? value : value.detach(), many ? grads : grads[0]!];
  };
}

/**
 * `grad(f)(...args)` is the gradient ∂f/∂args[argnums] (argument 0 by default): `valueAndGrad`
 * without the value. `f` must return a one-element tensor. Gradients compose: `grad(grad(f))`
 * differentiates the gradient.
 *
 * Shapes: each gradient has the shape of its argument.
 *
 * @example
 * const dsq = grad((x) => sum(mul(x, x)));
 * dsq(tensor([1, 2])).toString();               // tensor([2., 4.]): 2x
 * const d2 = grad((x) => sum(grad((y) => sum(elu(y)))(x))); // second derivative of elu
 * d2(tensor(-1)).item();                        // 0.36787944117144233, e⁻¹
 */
export function grad(f: Fn, options?: { argnums?: number }): (...args: TensorLike[]) => Tensor;
export function grad(f: Fn, options: { argnums: readonly number[] }): (...args: TensorLike[]) => Tensor[];
export function grad(f: Fn, options: GradOptions = {}): (...args: TensorLike[]) => Tensor | Tensor[] {
  const vg = makeValueAndGrad('grad', f, options);
  return (...args: TensorLike[]) => vg(...args)[1];
}
