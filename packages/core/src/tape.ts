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
 * Backward replays the tape of tensors in reverse: `backward.ts`. The scalar engine replays its own
 * (`scalar.ts`).
 */
import { type AnomalyRecord, type Inspectable, anomalyMode, inspectForward } from './anomaly.js';
import { ArgumentError, GraphError, describeValue } from './errors.js';

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

/**
 * Runs `fn`, a gradient rule called by backward (`backward.ts`), with `inRule` set: anomaly mode
 * then checks the rule's result rather than the ops it runs.
 */
export function insideRule<T>(fn: () => T): T {
  inRule = true;
  try {
    return fn();
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
