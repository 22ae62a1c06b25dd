/**
 * Containers and shape layers: `Sequential`, `Identity`, `Flatten`.
 */
import { ArgumentError, type Tensor, flatten, describeValue } from '@tapegrad/core';
import { Module } from '../module.js';
import { checkKeys } from '../util.js';

/**
 * Runs its modules one after the other: `forward(x)` is `mₙ(…m₁(m₀(x)))`. The children are
 * named `0`, `1`, … so parameters get PyTorch's names: `0.weight`, `0.bias`, `2.weight`, …
 *
 * @example
 * const rng = defaultRng(0);
 * const model = new Sequential(
 *   new Linear(2, 4, { generator: rng }), new PReLU({ numParameters: 4 }),
 *   new Linear(4, 1, { generator: rng }), new Sigmoid(),
 * );
 * model.namedParameters().map(([n]) => n); // ['0.weight', '0.bias', '1.weight', '2.weight', '2.bias']
 * model.forward(zeros([5, 2])).shape;       // [5, 1]
 * console.log(model.toString());
 * // Sequential(
 * //   (0): Linear(inFeatures=2, outFeatures=4, bias=true)
 * //   (1): PReLU(numParameters=4)
 * //   (2): Linear(inFeatures=4, outFeatures=1, bias=true)
 * //   (3): Sigmoid()
 * // )
 */
export class Sequential extends Module {
  // Children are own properties named '0', '1', …; integer-like keys keep numeric order in
  // JavaScript objects, which is the order they run in.
  [index: number]: Module;

  /** A container of `modules`, run in the order given; each must be a `Module`. */
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new ArgumentError(`Sequential: module ${i} is ${describeValue(m)}, not a Module`);
      this[i] = m;
    });
  }

  /** The number of modules. */
  get length(): number {
    return this.children().length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new ArgumentError(
        `Sequential.at: index ${describeValue(index)} is out of range for ${n} modules; it must be an integer in [${-n}, ${n - 1}]`,
      );
    }
    return this[i]!;
  }

  /** Appends a module (named by its position) and returns this container. */
  append(module: Module): this {
    if (!(module instanceof Module)) throw new ArgumentError(`Sequential.append: expected a Module, got ${describeValue(module)}`);
    this[this.length] = module;
    return this;
  }

  /** `mₙ(…m₁(m₀(x)))`; the shapes are those of the modules (an empty container returns `x`). */
  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.children() as Module[]) y = m.forward(y);
    return y;
  }

  /** The modules in order: `for (const m of model)`. */
  [Symbol.iterator](): Iterator<Module> {
    return (this.children() as Module[])[Symbol.iterator]();
  }
}

/**
 * Returns its input unchanged: a placeholder where an architecture expects a layer.
 *
 * @example
 * const x = tensor([1, 2]);
 * new Identity().forward(x) === x; // true
 */
export class Identity extends Module {
  /** `x` itself: same tensor, same shape. */
  forward(x: Tensor): Tensor {
    return x;
  }
}

/**
 * Merges the axes `startAxis..endAxis` into one, as `torch.nn.Flatten` (default 1 to −1: every
 * axis but the batch axis).
 *
 * @example new Flatten().forward(zeros([8, 3, 4, 4])).shape // [8, 48]
 */
export class Flatten extends Module {
  /** The first axis merged (default 1). */
  readonly startAxis: number;
  /** The last axis merged, included (default −1). */
  readonly endAxis: number;

  /** Merges `options.startAxis..options.endAxis` (integers, negative from the end; default 1 and −1). */
  constructor(options: { startAxis?: number; endAxis?: number } = {}) {
    super();
    checkKeys('Flatten', options, ['startAxis', 'endAxis']);
    this.startAxis = options.startAxis ?? 1;
    this.endAxis = options.endAxis ?? -1;
    for (const [k, v] of [
      ['startAxis', this.startAxis],
      ['endAxis', this.endAxis],
    ] as const) {
      if (!Number.isInteger(v)) throw new ArgumentError(`Flatten: ${k} must be an integer, got ${describeValue(v)}`);
    }
  }

  /** `flatten(x, startAxis, endAxis)`: `[N, C, H, W]` → `[N, C·H·W]` with the defaults. */
  forward(x: Tensor): Tensor {
    return flatten(x, this.startAxis, this.endAxis);
  }

  /** `startAxis=1, endAxis=-1`. */
  override extraRepr(): string {
    return `startAxis=${this.startAxis}, endAxis=${this.endAxis}`;
  }
}
