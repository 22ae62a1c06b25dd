/**
 * `Scalar`: one number that records the ops applied to it, micrograd-style.
 *
 * It records onto the same tape as `Tensor` (see `tape.ts`): the same entries, replayed in the same
 * reverse order. What differs is the gradient rules. NOTE: a scalar's rules are its own on purpose,
 * written out again in plain arithmetic on numbers (below), so that this file alone is the whole of
 * reverse-mode autodiff, as micrograd is: read it first. The tensor engine is the same idea with
 * shapes; its rules are tensor ops, each written once beside its op in `ops/`. Tests check that the
 * two engines agree. Scalar gradients are first-order only (no `createGraph`).
 *
 * @example
 * const z = scalar(-1, { name: 'z' });
 * const a = z.leakyRelu();          // a.data === -0.01
 * a.backward();                     // z.grad === 0.01
 */
import { ArgumentError, GraphError, checkFinite, checkLeafOptions, clipBounds, describeValue } from './errors.js';
import type { OpAttrs } from './ops/primitives.js';
import { collectTape, freeEntry, record, type Recorded, type TapeEntry } from './tape.js';

/** What a `Scalar` method accepts as its other operand: a `Scalar`, or a number (a constant). */
export type ScalarLike = Scalar | number;

type ScalarOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'neg'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'abs'
  | 'tanh'
  | 'sigmoid'
  | 'clip'
  | 'relu'
  | 'leakyRelu'
  | 'prelu'
  | 'elu';

/** A scalar gradient rule: the gradient of the output, the inputs' values, the attributes, the output's value → the inputs' gradients. */
type ScalarRule<K extends ScalarOp> = (g: number, x: readonly number[], attrs: OpAttrs[K], out: number) => readonly number[];

/** Every scalar op's derivative, in plain arithmetic; a missing one is a compile error. */
const scalarRules: { readonly [K in ScalarOp]: ScalarRule<K> } = {
  add: (g) => [g, g],
  sub: (g) => [g, -g],
  mul: (g, [a, b]) => [g * b!, g * a!],
  div: (g, [a, b]) => [g / b!, (-g * a!) / (b! * b!)],
  // NOTE: as the tensor rule, d/da is 0 where b = 0, and d/db is 0 where a = 0 and b ≥ 0
  pow: (g, [a, b], _, out) => [b === 0 ? 0 : g * b! * a! ** (b! - 1), a === 0 && b! >= 0 ? 0 : g * out * Math.log(a!)],
  maximum: (g, [a, b]) => (a === b ? [g / 2, g / 2] : a! > b! ? [g, 0] : [0, g]),
  minimum: (g, [a, b]) => (a === b ? [g / 2, g / 2] : a! < b! ? [g, 0] : [0, g]),
  neg: (g) => [-g],
  exp: (g, _, __, out) => [g * out],
  log: (g, [x]) => [g / x!],
  log1p: (g, [x]) => [g / (1 + x!)],
  sqrt: (g, _, __, out) => [g / (2 * out)],
  abs: (g, [x]) => [g * Math.sign(x!)],
  tanh: (g, _, __, out) => [g * (1 - out * out)],
  sigmoid: (g, _, __, out) => [g * out * (1 - out)],
  clip: (g, [x], { min, max }) => [x! >= min && x! <= max ? g : 0],
  // d/dz relu(z) = 1 if z > 0 else 0
  relu: (g, [z]) => [z! <= 0 ? 0 : g],
  // d/dz leakyRelu(z) = 1 if z > 0 else α
  leakyRelu: (g, [z], { negativeSlope }) => [z! > 0 ? g : g * negativeSlope],
  // d/dz prelu(z, α) = 1 if z > 0 else α;  d/dα prelu(z, α) = 0 if z > 0 else z
  prelu: (g, [z, alpha]) => (z! > 0 ? [g, 0] : [g * alpha!, g * z!]),
  // d/dz elu(z) = 1 if z > 0 else α·eᶻ
  elu: (g, [z], { alpha }) => [z! <= 0 ? g * alpha * Math.exp(z!) : g],
};

/**
 * One float64 number that records the ops applied to it, micrograd-style: the same tape as
 * `Tensor`, with gradient rules in plain arithmetic. A scalar made with `scalar()` requires grad
 * unless told otherwise; `backward()` fills `grad` on every scalar it depends on. First-order only.
 *
 * @example
 * const z = scalar(-1, { name: 'z' });
 * const a = z.leakyRelu();   // a.data === -0.01
 * a.backward();
 * z.grad;                    // 0.01
 * const w = scalar(3);
 * const y = w.mul(w).add(1); // y.data === 10
 * y.backward();
 * w.grad;                    // 6
 */
export class Scalar implements Recorded<Scalar> {
  /** The value. */
  readonly data: number;
  /** d(output)/d(this), filled by `backward()`; accumulates on leaves until set back to 0. */
  grad = 0;
  /** An optional name, shown when a tape is printed. */
  name: string | undefined;
  /** The tape entry that produced this scalar; `null` for a leaf. */
  entry: TapeEntry<Scalar> | null = null;
  #tracked: boolean;

  /** A leaf holding `data`; it requires grad unless `options.requiresGrad` is false. See `scalar()`. */
  constructor(data: number, options?: { requiresGrad?: boolean; name?: string }) {
    if (typeof data !== 'number') throw new ArgumentError(`Scalar: data must be a number, got ${describeValue(data)}`);
    if (options !== undefined) checkLeafOptions('Scalar', options);
    this.data = data;
    this.#tracked = options?.requiresGrad ?? true;
    this.name = options?.name;
  }

  /**
   * Makes an op's output and, if an input requires grad, its tape entry (`record`, as a tensor op
   * does; a scalar's entry carries no rule: backward looks its rule up by name). `inputs` is the
   * fresh array literal of the calling method, so numbers in it are replaced by constant scalars.
   */
  static #op<K extends ScalarOp>(name: K, inputs: ScalarLike[], attrs: OpAttrs[K] | null, data: number): Scalar {
    for (let i = 0; i < inputs.length; i++) {
      const x = inputs[i]!;
      if (!(x instanceof Scalar)) inputs[i] = Scalar.#constant(value(x, name));
    }
    return record(Scalar.#constant(data), name, inputs as Scalar[], attrs, null);
  }

  /** A value with no gradient of its own: an op's output (until it records) or a number used as an operand. */
  static #constant(data: number): Scalar {
    const s = new Scalar(data);
    s.#tracked = false;
    return s;
  }

  /** Whether backward computes a gradient for this scalar (true unless made as a constant). */
  get requiresGrad(): boolean {
    return this.entry !== null || this.#tracked;
  }

  /** `this + other`; d/dthis = d/dother = 1. */
  add(other: ScalarLike): Scalar {
    return Scalar.#op('add', [this, other], null, this.data + value(other, 'add'));
  }
  /** `this − other`; d/dthis = 1, d/dother = −1. */
  sub(other: ScalarLike): Scalar {
    return Scalar.#op('sub', [this, other], null, this.data - value(other, 'sub'));
  }
  /** `this · other`; d/dthis = other, d/dother = this. */
  mul(other: ScalarLike): Scalar {
    return Scalar.#op('mul', [this, other], null, this.data * value(other, 'mul'));
  }
  /** `this / other`; d/dthis = 1/other, d/dother = −this/other². */
  div(other: ScalarLike): Scalar {
    return Scalar.#op('div', [this, other], null, this.data / value(other, 'div'));
  }
  /** `this ** exponent`; d/dthis = b·aᵇ⁻¹ (0 where b = 0), d/dexponent = aᵇ·ln a (0 where a = 0 and b ≥ 0). */
  pow(exponent: ScalarLike): Scalar {
    return Scalar.#op('pow', [this, exponent], null, this.data ** value(exponent, 'pow'));
  }
  /** `max(this, other)`; the gradient goes to the larger, half to each at a tie. */
  maximum(other: ScalarLike): Scalar {
    return Scalar.#op('maximum', [this, other], null, Math.max(this.data, value(other, 'maximum')));
  }
  /** `min(this, other)`; the gradient goes to the smaller, half to each at a tie. */
  minimum(other: ScalarLike): Scalar {
    return Scalar.#op('minimum', [this, other], null, Math.min(this.data, value(other, 'minimum')));
  }
  /** `−x`; derivative −1. */
  neg(): Scalar {
    return Scalar.#op('neg', [this], null, -this.data);
  }
  /** `eˣ`; derivative eˣ. */
  exp(): Scalar {
    return Scalar.#op('exp', [this], null, Math.exp(this.data));
  }
  /** `ln x`; derivative 1/x. */
  log(): Scalar {
    return Scalar.#op('log', [this], null, Math.log(this.data));
  }
  /** `ln(1 + x)`; derivative 1/(1 + x). */
  log1p(): Scalar {
    return Scalar.#op('log1p', [this], null, Math.log1p(this.data));
  }
  /** `√x`; derivative 1/(2√x). */
  sqrt(): Scalar {
    return Scalar.#op('sqrt', [this], null, Math.sqrt(this.data));
  }
  /** `|x|`; derivative sign(x), 0 at 0. */
  abs(): Scalar {
    return Scalar.#op('abs', [this], null, Math.abs(this.data));
  }
  /** `tanh x`; derivative 1 − tanh²x. */
  tanh(): Scalar {
    return Scalar.#op('tanh', [this], null, Math.tanh(this.data));
  }
  /** `σ(x) = 1 / (1 + e^(−x))`, without overflow; derivative σ(x)·(1 − σ(x)). */
  sigmoid(): Scalar {
    const v = this.data;
    return Scalar.#op('sigmoid', [this], null, v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  }
  /** `min(max(x, min), max)` (`null` for no bound); derivative 1 where min ≤ x ≤ max, else 0. */
  clip(min: number | null, max: number | null): Scalar {
    const [lo, hi] = clipBounds('Scalar.clip', min, max);
    return Scalar.#op('clip', [this], { min: lo, max: hi }, Math.min(hi, Math.max(lo, this.data)));
  }
  /** `max(z, 0)`; derivative 1 if z > 0 else 0 (0 at the kink). */
  relu(): Scalar {
    return Scalar.#op('relu', [this], null, this.data <= 0 ? 0 : this.data);
  }
  /** `z if z > 0 else α·z`, α = `negativeSlope` (default 0.01); derivative 1 if z > 0 else α. */
  leakyRelu(negativeSlope = 0.01): Scalar {
    checkFinite('Scalar.leakyRelu', 'negativeSlope', negativeSlope);
    return Scalar.#op('leakyRelu', [this], { negativeSlope }, this.data > 0 ? this.data : negativeSlope * this.data);
  }
  /** `z if z > 0 else α·z`, with α itself a value that can learn; d/dz = 1 if z > 0 else α, d/dα = 0 if z > 0 else z. */
  prelu(alpha: ScalarLike): Scalar {
    return Scalar.#op('prelu', [this, alpha], null, this.data > 0 ? this.data : value(alpha, 'prelu') * this.data);
  }
  /** `z if z > 0 else α·(eᶻ − 1)`, α = `alpha` (default 1); derivative 1 if z > 0 else α·eᶻ. */
  elu(alpha = 1): Scalar {
    checkFinite('Scalar.elu', 'alpha', alpha);
    return Scalar.#op('elu', [this], { alpha }, this.data > 0 ? this.data : alpha * Math.expm1(this.data));
  }

  /**
   * Fills `grad` of every scalar this one depends on with d(this)/d(that): replays the tape from
   * the last entry to the first. Leaves accumulate across calls; the `grad` of intermediate values
   * is reset and recomputed each time. Without `retainGraph` the entries are freed.
   *
   * @throws GraphError if this scalar does not require grad.
   */
  backward(options: { retainGraph?: boolean } = {}): void {
    if (!this.requiresGrad) {
      throw new GraphError(
        'backward: this scalar does not require grad: it was made as a constant (requiresGrad: false) and depends on nothing that requires grad',
      );
    }
    if (this.entry === null) {
      this.grad += 1;
      return;
    }
    const entries = collectTape(this.entry);
    const values = [0, 0]; // the inputs' values of the entry at hand, reused
    for (const e of entries) e.output!.grad = 0;
    this.grad = 1;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      const out = e.output!;
      const rule = scalarRules[e.op as ScalarOp] as ScalarRule<ScalarOp>;
      const xs = e.inputs;
      values[0] = xs[0]!.data;
      values[1] = xs.length > 1 ? xs[1]!.data : 0;
      const grads = rule(out.grad, values, e.attrs as never, out.data);
      for (let k = 0; k < xs.length; k++) if (xs[k]!.requiresGrad) xs[k]!.grad += grads[k]!;
      if (!options.retainGraph) freeEntry(e);
    }
  }

  /** What a printed tape shows of this scalar: `data=2`. */
  tapeLabel(): string {
    return `data=${this.data}`;
  }

  /** `Scalar(data=…, grad=…)`, as micrograd's `Value` prints. */
  toString(): string {
    return `Scalar(data=${this.data}, grad=${this.grad})`;
  }
}

/**
 * A new leaf scalar, which requires grad by default. Pass `{ requiresGrad: false }` for a constant.
 *
 * @example
 * const x = scalar(2, { name: 'x' });
 * const y = x.mul(x).mul(x);  // x³
 * y.backward();
 * x.grad;                     // 12: 3x²
 */
export function scalar(data: number, options: { requiresGrad?: boolean; name?: string } = {}): Scalar {
  if (typeof data !== 'number') throw new ArgumentError(`scalar: data must be a number, got ${describeValue(data)}`);
  checkLeafOptions('scalar', options);
  return new Scalar(data, options);
}

/** The number an operand holds; `method` names the method for the error. */
function value(x: ScalarLike, method: string): number {
  if (x instanceof Scalar) return x.data;
  if (typeof x === 'number') return x;
  throw new ArgumentError(`Scalar.${method}: expected a Scalar or a number, got ${describeValue(x)}`);
}
