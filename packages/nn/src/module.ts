/**
 * `Parameter` and `Module`: the two classes every layer is made of, with PyTorch's semantics.
 *
 * A module's parameters and sub-modules are found the way PyTorch's `__setattr__` registers them:
 * every own enumerable property holding a `Parameter` is a parameter, every one holding a `Module`
 * is a child, in the order the properties were first defined. So a layer is written as a class
 * with fields:
 *
 * @example
 * class Affine extends Module {
 *   weight = new Parameter(ones([3]));
 *   bias = new Parameter(zeros([3]));
 *   forward(x: Tensor): Tensor { return x.mul(this.weight).add(this.bias); }
 * }
 * new Affine().namedParameters().map(([name]) => name); // ['weight', 'bias']
 *
 * A property set to `null` (Linear's `bias` when `bias: false`) is simply not a parameter, as
 * PyTorch's `None`. To keep a module in a field without making it a child, define that field
 * non-enumerable (`Object.defineProperty`).
 *
 * Every walk over the module tree uses an explicit stack: no recursion, however deep the nesting.
 */
import { ArgumentError, Tensor, TapegradError, checkLeafOptions, describeValue, fmtShape } from '@tapegrad/core';
import { checkBoolean } from './util.js';

/**
 * A tensor that is a module's parameter: a leaf that requires grad (unless told otherwise), found
 * by `Module.parameters()` and updated in place by optimizers. Like `torch.nn.Parameter(t)`, it
 * shares `t`'s data rather than copying it.
 *
 * @example
 * const alpha = new Parameter(full([8], 0.25)); // alpha.requiresGrad === true
 */
export class Parameter extends Tensor {
  /**
   * Wraps `value`'s data (shared, not copied) as a leaf parameter, with `requiresGrad` true unless
   * `options.requiresGrad` is false. An op's small output is a view of a block shared with others
   * (see `Tensor.data`); that is copied, so that a parameter always owns its array.
   */
  constructor(value: Tensor, options: { requiresGrad?: boolean; name?: string } = {}) {
    if (!(value instanceof Tensor)) {
      throw new ArgumentError(`Parameter: expected a Tensor to wrap, got ${describeValue(value)}`);
    }
    checkLeafOptions('Parameter', options);
    const init: { requiresGrad: boolean; name?: string } = { requiresGrad: options.requiresGrad ?? true };
    if (options.name !== undefined) init.name = options.name;
    const { data } = value;
    super(data.byteLength === data.buffer.byteLength ? data : data.slice(), value.shape, init);
  }

  /** As PyTorch prints one: `Parameter containing:` then the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/** A module's parameters by dotted name (`0.weight`, `2.bias`), in registration order, as PyTorch's `state_dict()`. */
export type StateDict = Map<string, Tensor>;

/** What `loadStateDict` accepts: a `StateDict`, or a plain object of tensors by name. */
export type StateDictLike = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/**
 * A state dict that does not fit a module (missing or unexpected keys, or a shape that differs), or
 * an optimizer state dict that does not fit the optimizer.
 *
 * @example
 * try { new Linear(2, 3).loadStateDict({ weight: zeros([3, 2]) }); }
 * catch (e) { console.log(e instanceof StateDictError, String(e)); }
 * // true StateDictError: loadStateDict: error(s) loading the state dict into Linear:
 * //   missing key(s): "bias"
 */
export class StateDictError extends TapegradError {}

/** Any module, whatever its forward's signature (for walks over the module tree). */
export type AnyModule = Module<never[], unknown>;

/**
 * The base class of layers, activations, losses and containers, as `torch.nn.Module`.
 *
 * `Args` and `Out` type `forward`: a layer is a `Module` (one tensor in, one out), a loss a
 * `Module<[Tensor, TensorLike]>`. Every own enumerable property holding a `Parameter` is a
 * parameter, every one holding a `Module` a child, in the order they were defined; a property set
 * to `null` is neither.
 *
 * @example
 * class Affine extends Module {
 *   weight = new Parameter(ones([3]));
 *   bias = new Parameter(zeros([3]));
 *   forward(x: Tensor): Tensor { return x.mul(this.weight).add(this.bias); }
 * }
 * const m = new Affine();
 * m.namedParameters().map(([name]) => name); // ['weight', 'bias']
 * m.numParameters();                         // 6
 * m.forward(tensor([1, 2, 3])).toString();   // tensor([1., 2., 3.], gradFn=<add>)
 */
export abstract class Module<Args extends unknown[] = [Tensor], Out = Tensor> {
  /** True in training mode (the default), false after `eval()`. Set by `train()` on the whole tree. */
  training = true;

  /** The computation. Call it directly: `model.forward(x)`. */
  abstract forward(...args: Args): Out;

  /** The layer's own settings for `toString()`, as PyTorch's `extra_repr`: `inFeatures=2, outFeatures=4, bias=true`. */
  extraRepr(): string {
    return '';
  }

  /** The direct sub-modules with their property names, in registration order. */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    for (const [key, value] of Object.entries(this)) if (value instanceof Module) out.push([key, value as AnyModule]);
    return out;
  }

  /** The direct sub-modules. */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and every module below it, depth-first in registration order, with dotted names
   * (`''` for this one, then `0`, `1`, `1.0`, …). A module reachable twice is listed once, as PyTorch.
   */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const stack: [string, AnyModule][] = [[prefix, this as AnyModule]];
    while (stack.length > 0) {
      const [name, m] = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
      const kids = m.namedChildren();
      // Pushed in reverse so that the first child is visited first.
      for (let i = kids.length - 1; i >= 0; i--) stack.push([name === '' ? kids[i]![0] : `${name}.${kids[i]![0]}`, kids[i]![1]]);
    }
    return out;
  }

  /** This module and every module below it. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** The parameters this module holds itself (not its children's), with their property names. */
  namedOwnParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [key, value] of Object.entries(this)) if (value instanceof Parameter) out.push([key, value]);
    return out;
  }

  /**
   * Every parameter with its dotted name, as PyTorch's `named_parameters()`: `0.weight`, `0.bias`,
   * `1.weight`, … A parameter shared by two modules is listed once, under its first name.
   */
  namedParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [key, p] of m.namedOwnParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix === '' ? key : `${prefix}.${key}`, p]);
      }
    }
    return out;
  }

  /** Every parameter, each once. Pass it to an optimizer: `new SGD(model.parameters(), { lr: 0.1 })`. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * The number of scalar parameters: Σ over parameters of their sizes (`sum(p.numel() for p in m.parameters())`);
   * with `onlyTrainable`, only over those that require grad.
   */
  numParameters(options: { onlyTrainable?: boolean } = {}): number {
    let n = 0;
    for (const p of this.parameters()) if (!options.onlyTrainable || p.requiresGrad) n += p.size;
    return n;
  }

  /** Sets training mode (`true`) or evaluation mode (`false`) on this module and every one below it. */
  train(mode = true): this {
    checkBoolean('train', 'mode', mode);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient (sets `grad = null`, PyTorch's `set_to_none`). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Calls `fn` on every sub-module and then on this one (children before parents, as PyTorch's
   * `apply`), for example to re-initialise every `Linear`. Returns this module.
   *
   * @example
   * const rng = defaultRng(0);
   * const model = new Sequential(new Linear(2, 4), new ReLU(), new Linear(4, 1));
   * model.apply((m) => { if (m instanceof Linear) kaimingNormal_(m.weight, { generator: rng }); });
   * const order: string[] = [];
   * model.apply((m) => { order.push(m.constructor.name); });
   * order; // ['Linear', 'ReLU', 'Linear', 'Sequential']
   */
  apply(fn: (module: AnyModule) => void): this {
    if (typeof fn !== 'function') throw new ArgumentError(`apply: fn must be a function, got ${describeValue(fn)}`);
    const order = this.modules();
    // modules() is a pre-order (parents first); its reverse visits every child before its parent.
    for (let i = order.length - 1; i >= 0; i--) fn(order[i]!);
    return this;
  }

  /**
   * The parameters by dotted name, as PyTorch's `state_dict()`. The tensors share the parameters'
   * data (as PyTorch's do): `clone()` them for a snapshot that later training will not change.
   */
  stateDict(): StateDict {
    const out: StateDict = new Map();
    for (const [name, p] of this.namedParameters()) out.set(name, p.detach());
    return out;
  }

  /**
   * Copies a state dict's values into the parameters, in place. Every problem is found before any
   * parameter is written, and reported together, as PyTorch does: missing keys, unexpected keys
   * (both only when `strict`, the default) and shapes that differ.
   *
   * @returns the missing and unexpected keys (both empty when `strict`).
   * @property missingKeys The module's parameter names that the state dict lacks.
   * @property unexpectedKeys The state dict's names that match no parameter.
   * @throws StateDictError naming every key at fault.
   *
   * @example
   * const a = new Linear(2, 1, { generator: defaultRng(0) });
   * const b = new Linear(2, 1, { generator: defaultRng(1) });
   * b.loadStateDict(a.stateDict()); // { missingKeys: [], unexpectedKeys: [] }
   * b.weight.data.every((v, i) => v === a.weight.data[i]); // true
   */
  loadStateDict(stateDict: StateDictLike, options: { strict?: boolean } = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    const strict = checkBoolean('loadStateDict', 'strict', options?.strict ?? true);
    const given = toEntries(stateDict);
    const own = new Map(this.namedParameters());
    const missingKeys = [...own.keys()].filter((k) => !given.has(k));
    const unexpectedKeys = [...given.keys()].filter((k) => !own.has(k));
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) problems.push(`missing key(s): ${missingKeys.map((k) => JSON.stringify(k)).join(', ')}`);
    if (strict && unexpectedKeys.length > 0) problems.push(`unexpected key(s): ${unexpectedKeys.map((k) => JSON.stringify(k)).join(', ')}`);
    for (const [name, p] of own) {
      const t = given.get(name);
      if (t === undefined) continue;
      if (!(t instanceof Tensor)) {
        problems.push(`${JSON.stringify(name)} is ${describeValue(t)}, not a Tensor`);
      } else if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
        problems.push(
          `size mismatch for ${JSON.stringify(name)}: the state dict has shape ${fmtShape(t.shape)}, the parameter in ${this.constructor.name} has shape ${fmtShape(p.shape)}`,
        );
      }
    }
    if (problems.length > 0) {
      throw new StateDictError(`loadStateDict: error(s) loading the state dict into ${this.constructor.name}:\n  ${problems.join('\n  ')}`);
    }
    for (const [name, p] of own) {
      const t = given.get(name);
      if (t !== undefined) p.data.set(t.data);
    }
    return { missingKeys, unexpectedKeys };
  }

  /**
   * The module as PyTorch's `repr` prints it, nested children indented:
   *
   *     Sequential(
   *       (0): Linear(inFeatures=2, outFeatures=4, bias=true)
   *       (1): PReLU(numParameters=4)
   *     )
   */
  toString(): string {
    // Built bottom-up over a post-order of the tree, so that each module's children are printed
    // before the module itself needs them.
    const printed = new Map<AnyModule, string>();
    const order = this.modules();
    for (let i = order.length - 1; i >= 0; i--) {
      const m = order[i]!;
      const lines = m.extraRepr() === '' ? [] : m.extraRepr().split('\n');
      for (const [key, child] of m.namedChildren()) {
        const text = (printed.get(child) ?? child.constructor.name).split('\n').join('\n  ');
        lines.push(`(${key}): ${text}`);
      }
      const name = m.constructor.name;
      const simple = m.namedChildren().length === 0 && lines.length <= 1;
      printed.set(m, simple ? `${name}(${lines[0] ?? ''})` : `${name}(\n  ${lines.join('\n  ')}\n)`);
    }
    return printed.get(this as AnyModule)!;
  }
}

function toEntries(stateDict: StateDictLike): Map<string, Tensor> {
  if (stateDict instanceof Map) return new Map(stateDict);
  if (stateDict === null || typeof stateDict !== 'object') {
    throw new ArgumentError(`loadStateDict: expected a Map or an object of tensors by name, got ${describeValue(stateDict)}`);
  }
  return new Map(Object.entries(stateDict as Record<string, Tensor>));
}
