/**
 * Recording and replaying: `record()` is called by every primitive's forward; `backward()` and
 * `gradients()` replay the tape in reverse.
 *
 * Backward, in five lines: collect the entries the loss depends on (tape order); seed the loss's
 * gradient; walk the entries from last to first; at each, hand the gradient of its output to the
 * op's rule and add what comes back into the gradients of its inputs; leaves keep theirs in `grad`.
 */
import { allocF64 } from './kernels/alloc.js';
import { ArgumentError, GraphError, ShapeError, describeValue, fmtShape } from './errors.js';
import type { OpAttrs, OpName } from './ops/primitives.js';
import { backwardRule } from './rules.js';
import { sameShape, type Shape } from './shape.js';
import { collectTape, freeEntry, isGradEnabled, recordEntry, withGradMode, type TapeEntry } from './tape.js';
import { Tensor, wrapOutput, type TensorLike } from './tensor.js';
import { toTensor } from './creation.js';
import { add } from './ops/binary.js';

/**
 * Wraps an op's freshly computed output and, if grad mode is on and an input requires grad,
 * records the tape entry that will let backward differentiate it.
 */
export function record<K extends OpName>(
  op: K,
  inputs: readonly Tensor[],
  attrs: OpAttrs[K] | null,
  data: Float64Array,
  shape: Shape,
): Tensor {
  const out = wrapOutput(data, shape);
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    out.entry = recordEntry(op, inputs, out, attrs);
  }
  return out;
}

/**
 * Options of `backward()` and `gradients()`.
 *
 * @example
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = mul(x, 3);                         // shape [2], so a gradient must be given
 * backward(y, { grad: [1, 1], retainGraph: true });
 * x.grad?.toString();                          // tensor([3., 3.])
 */
export interface BackwardOptions {
  /** The gradient of the final objective with respect to this tensor; required unless it has one element. */
  grad?: TensorLike;
  /** Keep the tape after the pass, so backward can run through it again. Default false. */
  retainGraph?: boolean;
  /** Record the backward pass itself, so the gradients can be differentiated again. Default false. */
  createGraph?: boolean;
}

/**
 * Reverse-mode differentiation: adds `grad` · d(output)/d(leaf) into `leaf.grad` for every leaf
 * that requires grad (a vector-Jacobian product). Gradients accumulate across calls until you set
 * `grad = null`, as in PyTorch. Without `retainGraph` (or `createGraph`) the tape entries are freed
 * as the pass goes, and a second backward through them throws.
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
  const seed = seedGradient('backward', output, options.grad);
  replay(output, seed, options, null);
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
  const seed = seedGradient('gradients', output, options.grad);
  const found = replay(output, seed, options, inputs);
  return inputs.map((t) => found.get(t) ?? new Tensor(allocF64(t.size), t.shape));
}

function seedGradient(what: string, output: Tensor, grad: TensorLike | undefined): Tensor {
  if (!(output instanceof Tensor)) throw new ArgumentError(`${what}: expected a Tensor, got ${describeValue(output)}`);
  if (!output.requiresGrad) {
    throw new GraphError(
      `${what}: this tensor does not require grad: no input of the computation that made it had requiresGrad set (or it was computed inside noGrad)`,
    );
  }
  if (grad === undefined) {
    if (output.size !== 1) {
      throw new GraphError(
        `${what}: the output has shape ${fmtShape(output.shape)}; a gradient can only be created implicitly for a one-element output. Pass { grad } with the same shape`,
      );
    }
    return new Tensor(new Float64Array([1]), output.shape);
  }
  const g = toTensor(grad, what, 'grad');
  if (!sameShape(g.shape, output.shape)) {
    throw new ShapeError(
      `${what}: grad has shape ${fmtShape(g.shape)} but the output has shape ${fmtShape(output.shape)}; they must be equal`,
    );
  }
  return g;
}

/**
 * The replay. With `targets` null, leaves' gradients accumulate into `.grad`; otherwise the
 * gradients of the targets are returned and no `.grad` is touched.
 */
function replay(output: Tensor, seed: Tensor, options: BackwardOptions, targets: readonly Tensor[] | null): Map<Tensor, Tensor> {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const wanted = targets ? new Set(targets) : null;
  const found = new Map<Tensor, Tensor>();
  // Where a gradient arriving at a tensor goes: the targets' own slots, a leaf's grad, or the
  // running sum that the tensor's entry will read when its turn comes.
  const pending = new Map<Tensor, Tensor>();
  // NOTE: a rule may hand its incoming gradient on unchanged (add, reshape), so the caller's seed
  // can arrive at a leaf or a target; what is kept beyond the pass is then a copy, never the seed.
  const keep = (g: Tensor) => (createGraph ? g : g.data === seed.data ? g.clone() : g.detach());
  const deliver = (t: Tensor, g: Tensor) => {
    if (wanted?.has(t)) found.set(t, found.has(t) ? add(found.get(t)!, g) : keep(g));
    if (t.entry !== null) pending.set(t, pending.has(t) ? add(pending.get(t)!, g) : g);
    else if (wanted === null) t.grad = t.grad === null ? keep(g) : add(t.grad, g);
  };

  withGradMode(createGraph, () => {
    if (output.entry === null) return deliver(output, seed);
    const entries = collectTape(output.entry);
    if (wanted) for (const t of wanted) if (t === output) found.set(t, keep(seed));
    pending.set(output, seed);
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i]!;
      const out = entry.output!;
      const g = pending.get(out);
      pending.delete(out);
      if (g !== undefined) runRule(entry, g, deliver);
      if (!retainGraph) freeEntry(entry);
    }
  });
  return found;
}

function runRule(entry: TapeEntry<Tensor>, g: Tensor, deliver: (t: Tensor, g: Tensor) => void): void {
  const { inputs } = entry;
  const needs = inputs.map((t) => t.requiresGrad);
  const rule = backwardRule(entry.op as OpName, isGradEnabled()) as (
    g: Tensor,
    inputs: readonly Tensor[],
    attrs: unknown,
    output: Tensor,
    needs: readonly boolean[],
  ) => readonly (Tensor | null)[];
  const grads = rule(g, inputs, entry.attrs, entry.output!, needs);
  for (let i = 0; i < inputs.length; i++) {
    const gi = grads[i];
    if (!needs[i] || gi === null || gi === undefined) continue;
    // NOTE: a rule returning the wrong shape is a bug in tapegrad, not in the user's code; say so.
    if (!sameShape(gi.shape, inputs[i]!.shape)) {
      throw new ShapeError(
        `backward: the gradient rule of ${entry.op} (tape entry #${entry.index}) returned shape ${fmtShape(gi.shape)} for input ${i} of shape ${fmtShape(inputs[i]!.shape)}; this is a bug in tapegrad`,
      );
    }
    deliver(inputs[i]!, gi);
  }
}
