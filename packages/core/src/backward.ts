/**
 * Backward: replaying the tape in reverse (`tape.ts` records it).
 *
 * In five lines: collect the entries the loss depends on (tape order); seed the loss's gradient;
 * walk the entries from last to first; at each, hand the gradient of its output to the rule the
 * entry carries and add what comes back into the gradients of its inputs; leaves keep theirs in
 * `grad`. The replay knows no op: each entry carries its own gradient rule, set by the op that
 * recorded it, so this file imports no op.
 *
 * The rest of this file is about memory. Each gradient on its way is a `Slot` that says whether its
 * array is the pass's own (made by a rule, held nowhere else). Only such an array is written in
 * place (a gradient that arrives twice is summed into it), besides a leaf's `.grad` that backward
 * itself stored there; and only such an array is handed back to the kernels' allocator once it is
 * dead (consumed by its entry's rule, or summed into another), together with the temporaries a
 * rule made and did not return: the next op of that size reuses it.
 */
import { ShapeError, fmtShape } from './errors.js';
import { checkGradient, checkSaved, anomalyMode } from './anomaly.js';
import { kernels } from './kernels/backend.js';
import { sameShape } from './shape.js';
import { collectTape, freeEntry, insideRule, withGradMode, type TapeEntry } from './tape.js';
import type { Tensor, TensorLike } from './tensor.js';

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
 * The gradient backward last stored in each leaf's `.grad`. A later pass adds into that tensor in
 * place (as PyTorch does outside `createGraph`) only while it is still the leaf's `grad`: a tensor
 * the user put there is never written.
 */
const storedGrad = new WeakMap<Tensor, Tensor>();

/** A gradient on its way, and whether its array is the pass's own: made by a rule, held nowhere else. */
interface Slot {
  g: Tensor;
  own: boolean;
}

/**
 * Replays the tape behind `output` in reverse, starting from the gradient `seed` (the output's
 * shape). With `targets` null, leaves' gradients accumulate into their `.grad`; otherwise the
 * gradients of the targets are returned (a target the output does not depend on is missing from the
 * map) and no `.grad` is touched.
 *
 * NOTE: a gradient that arrives twice is added into an array in place, but only into one that
 * nothing else can see: an array a rule made (none of the arrays it was given) and handed to one
 * place only. A rule may hand its incoming gradient on unchanged (`add`, `reshape`), so one array
 * can arrive at two places; the seed, the forward values and what a rule passes on of its inputs
 * are never written. What is kept beyond the pass never shares its values with another kept
 * gradient, with the seed or with any other tensor: an array that is not the pass's own, or a view
 * of a shared block, is copied. The same arrays, and only they, are released once dead. With
 * `createGraph` nothing is written in place or released: the sums are recorded ops, and the
 * recorded backward keeps what it read.
 */
export function replay(output: Tensor, seed: Tensor, options: BackwardOptions, targets: readonly Tensor[] | null): Map<Tensor, Tensor> {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const wanted = targets ? new Set(targets) : null;
  const found = new Map<Tensor, Slot>();
  // Where a gradient arriving at a tensor goes: the targets' own slots, a leaf's grad, or the
  // running sum that the tensor's entry will read when its turn comes.
  const pending = new Map<Tensor, Slot>();
  // The leaves whose grad this pass made, in an array of the pass's own.
  const fresh = new Set<Tensor>();

  /** `g` to keep beyond the pass, with an array of its own. */
  const keep = (g: Tensor, own: boolean): Tensor => {
    if (!own || isView(g.data)) return createGraph ? g.mul(1) : g.clone();
    return createGraph ? g : g.detach();
  };
  /** `before + g`: in place into whichever of the two is the pass's own, else into a new array. */
  const sum = (before: Slot, g: Tensor, own: boolean): Slot => {
    if (createGraph) return { g: before.g.add(g), own: true };
    if (before.own) {
      kernels.accumulate(before.g.data, g.data);
      if (own) kernels.release(g.data); // summed in: dead
      return before;
    }
    if (own) {
      kernels.accumulate(g.data, before.g.data);
      return { g, own };
    }
    return { g: before.g.add(g), own: true };
  };
  // A leaf's grad from an earlier pass may have been used since as an input of this graph: then a
  // rule still to run reads it, and it must not change under it.
  const isForwardValue = (a: Float64Array): boolean => entries.some((e) => e.output?.data === a || e.inputs.some((x) => x.data === a));
  /** `t.grad + g`: in place into `t.grad` when backward made it for `t` and nothing else reads it. */
  const addToGrad = (t: Tensor, g: Tensor, own: boolean): Tensor => {
    const grad = t.grad!;
    if (createGraph) return grad.add(g);
    let into = grad;
    if (!fresh.has(t) && !(storedGrad.get(t) === grad && grad.data !== seed.data && !isForwardValue(grad.data))) {
      into = grad.clone();
      fresh.add(t);
      storedGrad.set(t, into);
    }
    kernels.accumulate(into.data, g.data);
    if (own) kernels.release(g.data); // summed in: dead
    return into;
  };
  /** `g` arriving at `t`: into a target's slot, the pending sum of `t`'s entry, or a leaf's grad. */
  const receive = (t: Tensor, g: Tensor, own: boolean): void => {
    const toFound = wanted?.has(t) ?? false;
    if (toFound) {
      const before = found.get(t);
      // A target with an entry holds g twice, here and in its pending sum: neither owns it.
      const alone = own && t.entry === null;
      found.set(t, before ? sum(before, g, alone) : { g: keep(g, alone), own: true });
    }
    if (t.entry !== null) {
      const before = pending.get(t);
      pending.set(t, before ? sum(before, g, own && !toFound) : { g, own: own && !toFound });
    } else if (wanted === null) {
      if (t.grad === null) {
        t.grad = keep(g, own);
        if (!createGraph) {
          fresh.add(t);
          storedGrad.set(t, t.grad);
        }
      } else t.grad = addToGrad(t, g, own);
    }
  };
  /** Runs `entry`'s rule on the gradient of its output, then hands each input that needs it its gradient. */
  const step = (entry: TapeEntry<Tensor>, slot: Slot): void => {
    const needs = entry.inputs.map((t) => t.requiresGrad);
    const grads = createGraph ? runRule(entry, slot.g, needs) : runRuleReleasing(entry, slot, needs);
    for (let i = 0; i < entry.inputs.length; i++) {
      const gi = grads[i];
      if (needs[i] && gi !== null && gi !== undefined) receive(entry.inputs[i]!, gi, owned(entry, slot, grads, i));
    }
  };

  const entries = output.entry === null ? [] : collectTape(output.entry);
  withGradMode(createGraph, () => {
    if (output.entry === null) return receive(output, seed, false);
    if (wanted?.has(output)) found.set(output, { g: keep(seed, false), own: true });
    pending.set(output, { g: seed, own: false });
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i]!;
      const out = entry.output!;
      const g = pending.get(out);
      pending.delete(out);
      if (g !== undefined) step(entry, g);
      if (!retainGraph) freeEntry(entry);
    }
  });
  const result = new Map<Tensor, Tensor>();
  for (const [t, slot] of found) result.set(t, slot.g);
  return result;
}

/**
 * Whether `a` is a view of a larger buffer, as an op's output of 9 to 128 values is (a part of a
 * block shared with others, `kernels/js/alloc.ts`): a gradient you keep gets an array of its own.
 *
 * NOTE: V8 keeps an array of up to 8 values inside its own heap, and reading its `buffer` moves it
 * out into a new `ArrayBuffer`: about 250 ns, five times the array itself, paid for every leaf of a
 * small model on every step. Such an array at offset 0 is no view, so `buffer` is read only for
 * longer ones.
 */
function isView(a: Float64Array): boolean {
  return a.byteOffset !== 0 || (a.length > 8 && a.buffer.byteLength !== a.byteLength);
}

/**
 * Whether the array of `grads[i]`, what `entry`'s rule returned for input i, is the pass's own: a
 * new array (none of those the rule was given), or the array of `g` handed on when `g` owned it;
 * and in either case handed to no other input.
 */
function owned(entry: TapeEntry<Tensor>, g: Slot, grads: readonly (Tensor | null)[], i: number): boolean {
  const a = grads[i]!.data;
  if (a === g.g.data) {
    if (!g.own) return false;
  } else {
    if (a === entry.output!.data) return false;
    for (const x of entry.inputs) if (x.data === a) return false;
  }
  for (let j = 0; j < grads.length; j++) if (j !== i && grads[j]?.data === a) return false;
  return true;
}

/**
 * `runRule`, outside `createGraph`, handing back to the allocator what is dead once the rule has
 * run: the arrays it allocated and did not return (its temporaries), and the gradient it consumed
 * when that was the pass's own and the rule did not hand it on.
 *
 * NOTE: the allocator notes and keeps only arrays longer than its slab (128 values,
 * `kernels/js/alloc.ts`), so on small tensors this costs little more than the call.
 */
function runRuleReleasing(entry: TapeEntry<Tensor>, slot: Slot, needs: readonly boolean[]): readonly (Tensor | null)[] {
  const mark = kernels.noteAllocations();
  let kept: (Float64Array | null)[] | null = null;
  try {
    const grads = runRule(entry, slot.g, needs);
    kept = grads.map((x) => x?.data ?? null);
    if (slot.own) kernels.release(slot.g.data, kept);
    return grads;
  } finally {
    // A rule that threw leaves its arrays alone (kept null): none is released.
    kernels.releaseNotedSince(mark, kept);
  }
}

/**
 * Calls the entry's rule with `g`, the gradient of its output, and returns the gradients of its
 * inputs once each is checked: its shape, and its values in anomaly mode.
 */
function runRule(entry: TapeEntry<Tensor>, g: Tensor, needs: readonly boolean[]): readonly (Tensor | null)[] {
  const { inputs, anomaly } = entry;
  if (anomaly) checkSaved(entry, anomaly);
  const checking = anomaly !== null || anomalyMode;
  // The rule was typed by its op when it was recorded; `never` stands for "this entry's own attrs".
  const grads = checking
    ? insideRule(() => entry.rule!(g, inputs, entry.attrs as never, entry.output!, needs))
    : entry.rule!(g, inputs, entry.attrs as never, entry.output!, needs);
  for (let i = 0; i < inputs.length; i++) {
    const gi = grads[i];
    if (!needs[i] || gi === null || gi === undefined) continue;
    // NOTE: a rule returning the wrong shape is a bug in tapegrad, not in the user's code; say so.
    if (!sameShape(gi.shape, inputs[i]!.shape)) {
      throw new ShapeError(
        `backward: the gradient rule of ${entry.op} (tape entry #${entry.index}) returned shape ${fmtShape(gi.shape)} for input ${i} of shape ${fmtShape(inputs[i]!.shape)}; this is a bug in tapegrad`,
      );
    }
    if (checking) checkGradient(entry, anomaly, i, gi, g);
  }
  return grads;
}
