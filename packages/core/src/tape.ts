/**
 * The tape: what reverse-mode autodiff records while it computes.
 *
 * Every op whose inputs need a gradient appends one entry, `out = op(inputs; attrs)`, stamped with
 * the next index of one global counter. An entry only ever reads entries recorded before it, so the
 * indices are a topological order of the computation: replaying the entries by decreasing index
 * visits every value after everything that used it, which is exactly the order backward needs.
 *
 * The entries are not kept in one global list. Each value holds the entry that produced it and each
 * entry holds its inputs, so the part of the tape that a value depends on lives exactly as long as
 * the value does: an evaluation loop that never calls backward leaves nothing behind. `collectTape`
 * gathers that part back into index order with an explicit stack (no recursion, so a 100 000-op
 * chain is fine). Scalars and tensors both record onto this tape; only their gradient rules differ.
 *
 * Backward (`replay`, below), in five lines: collect the entries the loss depends on (tape order);
 * seed the loss's gradient; walk the entries from last to first; at each, hand the gradient of its
 * output to the rule the entry carries and add what comes back into the gradients of its inputs;
 * leaves keep theirs in `grad`. The replay knows no op: each entry carries its own gradient rule,
 * set by the op that recorded it, so this file imports no op.
 */
import { type AnomalyRecord, type Inspectable, anomalyMode, checkGradient, checkSaved, inspectForward } from './anomaly.js';
import { ArgumentError, GraphError, ShapeError, describeValue, fmtShape } from './errors.js';
import { kernels } from './kernels/backend.js';
import { sameShape } from './shape.js';
import type { Tensor, TensorLike } from './tensor.js';

/**
 * A value that can sit on the tape: a `Scalar` or a `Tensor`. `V` is the value's own type, so that
 * a tape of tensors holds tensors.
 */
export interface Recorded<V> extends Inspectable {
  /** The entry that produced this value; `null` for a leaf (a value made by the user). */
  entry: TapeEntry<V> | null;
  /** Whether backward computes a gradient for this value. */
  readonly requiresGrad: boolean;
  /** An optional name, used when the tape is printed. */
  name: string | undefined;
  /** What the printed tape shows of the value: a shape for a tensor, the number for a scalar. */
  tapeLabel(): string;
}

/**
 * A gradient rule, the vector-Jacobian product of one op: given `g`, the gradient of the loss with
 * respect to the op's output, it returns the gradient with respect to each input (`null` where
 * `needs[i]` is false, or where the gradient is zero). `attrs` are the entry's attributes, typed by
 * each op's own rule (`GradRule<'leakyRelu'>` in `ops/primitives.ts`).
 */
export type Rule<V> = (g: V, inputs: readonly V[], attrs: never, output: V, needs: readonly boolean[]) => readonly (V | null)[];

/** One recorded step: `output = op(...inputs; attrs)`, with the rule that differentiates it. */
export interface TapeEntry<V> {
  /** Position on the tape; an entry only reads values made by entries with smaller indices. */
  readonly index: number;
  /** The op's name, as printed: `'leakyRelu'`, `'matmul'`. */
  readonly op: string;
  /** The op's inputs, kept for backward; emptied when backward frees the entry. */
  inputs: readonly V[];
  /** The value the op produced; released when backward frees the entry. */
  output: V | null;
  /** The op's non-tensor arguments (`{ negativeSlope: 0.01 }`), or null. */
  readonly attrs: object | null;
  /**
   * The op's gradient rule, which backward calls with this entry's values; `null` on the tape of the
   * scalar engine, which looks its plain-arithmetic rules up by `op` (see `scalar.ts`).
   */
  readonly rule: Rule<V> | null;
  /** Set by a backward pass without `retainGraph`: the inputs are gone and it cannot run again. */
  freed: boolean;
  /** In anomaly mode, where the entry was recorded and fingerprints of what it keeps; else null. */
  readonly anomaly: AnomalyRecord | null;
}

let counter = 0;
/** True while backward runs a gradient rule (anomaly mode checks the rule's result, not its ops). */
let inRule = false;

/**
 * Records `out = op(inputs; attrs)`, when grad mode is on and an input requires grad: a new entry,
 * stamped with the next index, keeps the inputs, the attributes and `rule` (the op's gradient rule)
 * for backward, and `out.entry` points to it. Every op calls this last, with the output it computed.
 *
 * @example
 * // inside an op: compute, then record how to differentiate what was computed
 * const out = new Tensor(kernels.leakyRelu(x.data, negativeSlope), x.shape);
 * return record(out, 'leakyRelu', [x], { negativeSlope }, leakyReluGrad);
 */
export function record<V extends Recorded<V>, A extends object>(
  out: V,
  op: string,
  inputs: readonly V[],
  attrs: A | null,
  rule: ((g: V, inputs: readonly V[], attrs: A, output: V, needs: readonly boolean[]) => readonly (V | null)[]) | null,
): V {
  const recording = gradEnabled && inputs.some((x) => x.requiresGrad);
  // NOTE: the ops a gradient rule runs are checked as that rule's result (checkGradient, below), which
  // names the entry being differentiated rather than an op of tapegrad's own.
  const anomaly = anomalyMode && !inRule ? inspectForward(op, recording ? counter : null, inputs, out) : null;
  if (recording) out.entry = { index: counter++, op, inputs, output: out, attrs, rule: rule as Rule<V> | null, freed: false, anomaly };
  return out;
}

// ---- grad mode ---------------------------------------------------------------------------

let gradEnabled = true;

/**
 * Whether ops record onto the tape right now (false inside `noGrad`).
 *
 * @example
 * isGradEnabled();                 // true
 * noGrad(() => isGradEnabled());   // false
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording and returns its result: the tensors it computes need no gradient,
 * and nothing it computes is kept for a backward pass. Grad mode is restored afterwards, even if
 * `fn` throws. Use it for evaluation and for optimizer updates.
 *
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * mul(w, 2).requiresGrad;                 // true
 * noGrad(() => mul(w, 2)).requiresGrad;   // false
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn, 'noGrad');
}

/** Runs `fn` with recording switched on or off, restoring the previous mode afterwards. */
export function withGradMode<T>(enabled: boolean, fn: () => T, who = 'withGradMode'): T {
  if (typeof fn !== 'function') throw new ArgumentError(`${who}: fn must be a function, got ${describeValue(fn)}`);
  const before = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = before;
  }
}

// ---- backward: replaying the tape in reverse ----------------------------------------------

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
 * of a shared block, is copied. With `createGraph` nothing is written in place: the sums are
 * recorded ops.
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
    if (before.own) kernels.accumulate(before.g.data, g.data);
    else if (own) kernels.accumulate(g.data, before.g.data);
    else return { g: before.g.add(g), own: true };
    return before.own ? before : { g, own };
  };
  // A leaf's grad from an earlier pass may have been used since as an input of this graph: then a
  // rule still to run reads it, and it must not change under it.
  const isForwardValue = (a: Float64Array): boolean => entries.some((e) => e.output?.data === a || e.inputs.some((x) => x.data === a));
  /** `t.grad + g`: in place into `t.grad` when backward made it for `t` and nothing else reads it. */
  const addToGrad = (t: Tensor, g: Tensor): Tensor => {
    const grad = t.grad!;
    if (createGraph) return grad.add(g);
    if (fresh.has(t) || (storedGrad.get(t) === grad && grad.data !== seed.data && !isForwardValue(grad.data))) {
      kernels.accumulate(grad.data, g.data);
      return grad;
    }
    const sum = grad.clone();
    kernels.accumulate(sum.data, g.data);
    fresh.add(t);
    storedGrad.set(t, sum);
    return sum;
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
      } else t.grad = addToGrad(t, g);
    }
  };
  /** Hands each input of `entry` that `needs` it its gradient, `grads` being what the rule made of `g`. */
  const deliver = (entry: TapeEntry<Tensor>, g: Slot, grads: readonly (Tensor | null)[], needs: readonly boolean[]): void => {
    for (let i = 0; i < entry.inputs.length; i++) {
      const gi = grads[i];
      if (needs[i] && gi !== null && gi !== undefined) receive(entry.inputs[i]!, gi, owned(entry, g, grads, i));
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
      if (g !== undefined) runRule(entry, g, deliver);
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
 * Calls the entry's rule with the gradient of its output and delivers the inputs' gradients, once
 * each is checked: its shape, and its values in anomaly mode.
 */
function runRule(
  entry: TapeEntry<Tensor>,
  slot: Slot,
  deliver: (entry: TapeEntry<Tensor>, g: Slot, grads: readonly (Tensor | null)[], needs: readonly boolean[]) => void,
): void {
  const { inputs, anomaly } = entry;
  const g = slot.g;
  if (anomaly) checkSaved(entry, anomaly);
  const checking = anomaly !== null || anomalyMode;
  const needs = inputs.map((t) => t.requiresGrad);
  // The rule was typed by its op when it was recorded; `never` stands for "this entry's own attrs".
  const grads = checking ? insideRule(entry, g, needs) : entry.rule!(g, inputs, entry.attrs as never, entry.output!, needs);
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
  deliver(entry, slot, grads, needs);
}

/** Runs an entry's rule with `inRule` set, so that anomaly mode checks its result rather than its ops. */
function insideRule(entry: TapeEntry<Tensor>, g: Tensor, needs: readonly boolean[]): readonly (Tensor | null)[] {
  inRule = true;
  try {
    return entry.rule!(g, entry.inputs, entry.attrs as never, entry.output!, needs);
  } finally {
    inRule = false;
  }
}

// ---- reading the tape back -----------------------------------------------------------------

/**
 * The entries that `root` depends on, in tape order (increasing index). Iterative: an explicit stack
 * replaces the recursion of a textbook topological sort. Throws if one of them was already freed.
 */
export function collectTape<V extends Recorded<V>>(root: TapeEntry<V>, what = 'backward'): TapeEntry<V>[] {
  const seen = new Set<TapeEntry<V>>([root]);
  const stack: TapeEntry<V>[] = [root];
  const entries: TapeEntry<V>[] = [];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.freed) {
      const fix = what === 'tapeOf' ? 'read the tape before backward(), or' : 'to run backward through the same graph twice,';
      throw new GraphError(
        `${what}: tape entry #${entry.index} (${entry.op}) was freed by an earlier backward(); ` +
          `${fix} pass { retainGraph: true } to the first backward()`,
      );
    }
    entries.push(entry);
    for (const input of entry.inputs) {
      const e = input.entry;
      if (e !== null && !seen.has(e)) {
        seen.add(e);
        stack.push(e);
      }
    }
  }
  return entries.sort((a, b) => a.index - b.index);
}

/** Releases what an entry kept for backward, so that memory does not outlive the pass. */
export function freeEntry<V>(entry: TapeEntry<V>): void {
  entry.inputs = [];
  entry.output = null;
  entry.freed = true;
}

/**
 * A recorded computation, read back from its result: a Wengert list, one line per entry.
 *
 * @example
 * const x = tensor([-1, 0, 2], { requiresGrad: true, name: 'x' });
 * console.log(tapeOf(sum(leakyRelu(x))).toString());
 * // x  = leaf [3]
 * // %0 = leakyRelu(x; negativeSlope=0.01)  [3]
 * // %1 = sum(%0; axes=[0], keepdims=false)  []
 */
export class Tape<V extends Recorded<V>> {
  /** Wraps entries and leaves as given; `tapeOf(value)` is the usual way to get a tape. */
  constructor(
    /** The entries in the order they were recorded. */
    readonly entries: readonly TapeEntry<V>[],
    /** The leaves the entries read, in order of first use. */
    readonly leaves: readonly V[],
  ) {
    if (!Array.isArray(entries) || !Array.isArray(leaves)) {
      throw new ArgumentError(
        `Tape: entries must be an array of tape entries and leaves an array of values, got ${describeValue(entries)} and ${describeValue(leaves)}; use tapeOf(value) to read a tape`,
      );
    }
  }

  /** The Wengert list: leaves first, then `%k = op(args; attrs)  label` per entry. */
  toString(): string {
    const names = this.names();
    const lines: [string, string][] = [];
    for (const leaf of this.leaves) lines.push([names.get(leaf)!, `${leaf.requiresGrad ? 'leaf' : 'const'} ${leaf.tapeLabel()}`]);
    for (const e of this.entries) {
      const args = e.inputs.map((v) => names.get(v) ?? '?').join(', ');
      const attrs = e.attrs ? formatAttrs(e.attrs) : '';
      lines.push([names.get(e.output!) ?? `%${e.index}`, `${e.op}(${args}${attrs ? `; ${attrs}` : ''})  ${e.output!.tapeLabel()}`]);
    }
    const width = Math.max(...lines.map(([n]) => n.length));
    return lines.map(([n, rhs]) => `${n.padEnd(width)} = ${rhs}`).join('\n');
  }

  /** The same graph in Graphviz DOT: leaves as boxes, ops as ellipses, edges in data-flow order. */
  toDot(): string {
    const names = this.names();
    const id = (v: V) => JSON.stringify(names.get(v) ?? '?');
    const out = ['digraph tape {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
    for (const leaf of this.leaves)
      out.push(`  ${id(leaf)} [shape=box, label=${JSON.stringify(`${names.get(leaf)} ${leaf.tapeLabel()}`)}];`);
    for (const e of this.entries) {
      const label = `${names.get(e.output!)} = ${e.op}${e.attrs ? `\\n${formatAttrs(e.attrs)}` : ''}\\n${e.output!.tapeLabel()}`;
      out.push(`  ${id(e.output!)} [shape=ellipse, label="${label.replace(/"/g, '\\"')}"];`);
      for (const input of e.inputs) out.push(`  ${id(input)} -> ${id(e.output!)};`);
    }
    out.push('}');
    return out.join('\n');
  }

  /** Printed names: a leaf's own name or `x0, x1, …`; an entry's output `%0, %1, …` in tape order. */
  private names(): Map<V, string> {
    const names = new Map<V, string>();
    this.leaves.forEach((leaf, i) => names.set(leaf, leaf.name ?? `x${i}`));
    this.entries.forEach((e, i) => e.output && names.set(e.output, e.output.name ?? `%${i}`));
    return names;
  }
}

/**
 * Reads back the tape that produced `value` (a `Tensor` or a `Scalar`): every entry it depends on,
 * in tape order, and the leaves they read, ready to print (`toString()`) or export (`toDot()`).
 * A leaf's tape has no entries and the leaf itself.
 *
 * @throws GraphError if an entry was already freed by a `backward()` without `retainGraph`.
 *
 * @example
 * const z = tensor([-1, 2], { requiresGrad: true, name: 'z' });
 * const loss = sum(relu(z));
 * console.log(tapeOf(loss).toString());
 * // z  = leaf [2]
 * // %0 = relu(z)  [2]
 * // %1 = sum(%0; axes=[0], keepdims=false)  []
 */
export function tapeOf<V extends Recorded<V>>(value: V): Tape<V> {
  if (typeof value !== 'object' || value === null || !('entry' in value) || typeof value.tapeLabel !== 'function') {
    throw new ArgumentError(`tapeOf: expected a Tensor or a Scalar, got ${describeValue(value)}`);
  }
  if (value.entry === null) return new Tape<V>([], [value]);
  const entries = collectTape(value.entry, 'tapeOf');
  const leaves: V[] = [];
  const seen = new Set<V>();
  for (const e of entries) {
    for (const input of e.inputs) {
      if (input.entry === null && !seen.has(input)) {
        seen.add(input);
        leaves.push(input);
      }
    }
  }
  return new Tape(entries, leaves);
}

function formatAttrs(attrs: object): string {
  return Object.entries(attrs)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`)
    .join(', ');
}
