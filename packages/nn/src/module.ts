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
 * non-enumerable (`Object.defineProperty`). A field holding an array, `Map` or plain object of
 * modules or parameters is an error at the first walk over the tree (see `namedChildren`): wrap
 * it in a `ModuleList` or `ModuleDict`.
 *
 * Buffers (BatchNorm's running statistics) are state that is saved but not trained: they are
 * registered by name with `registerBuffer`, appear in `stateDict()` after the module's parameters,
 * and never in `parameters()`.
 *
 * Every walk over the module tree uses an explicit stack: no recursion, however deep the nesting.
 */
import { ArgumentError, Tensor, describeValue } from '@tapegrad/core';
import { Parameter } from './parameter.js';
import { StateDictError, stateDictProblems, type StateDict, type StateDictLike } from './state-dict.js';
import { checkBoolean } from './util.js';

export { Parameter } from './parameter.js';
export { StateDictError, type StateDict, type StateDictLike } from './state-dict.js';

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

  // Private, so that the field scan that finds parameters and children never sees it.
  readonly #buffers = new Map<string, Tensor | null>();

  /** The computation. Call it directly: `model.forward(x)`. */
  abstract forward(...args: Args): Out;

  /** The layer's own settings for `toString()`, as PyTorch's `extra_repr`: `inFeatures=2, outFeatures=4, bias=true`. */
  extraRepr(): string {
    return '';
  }

  /**
   * The direct sub-modules with their property names, in registration order.
   *
   * A field holding an array, `Map` or plain object that contains modules or parameters throws:
   * nothing in it would be registered, so its parameters would be missing from `parameters()`
   * (and from the optimizer) and from `stateDict()`, without a word. PyTorch ignores such a list
   * just as silently; its users know the fix, `nn.ModuleList`, and we name it in the error rather
   * than wrapping the array ourselves: an array wrapped behind the user's back would be registered
   * under keys (`layers.0.weight`) that only load into a PyTorch model written with a ModuleList
   * anyway, and a later `push` onto an array the module no longer holds would be lost.
   *
   * @throws ArgumentError naming the field, for an array, Map or plain object of modules or parameters.
   */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([key, value as AnyModule]);
      else if (value !== null && typeof value === 'object' && !(value instanceof Tensor)) checkNotACollection(this, key, value);
    }
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
   * Adds (or replaces) a buffer: a tensor that is part of the module's state, saved by `stateDict()`
   * under `name` after the module's parameters, but not a parameter: no optimizer sees it and no
   * gradient reaches it. As `register_buffer` in PyTorch, where BatchNorm keeps `running_mean` this
   * way; `null` registers the name with no tensor (not saved, as PyTorch's `None`). The tensor is
   * kept as given (not copied), so a layer updates it in place.
   *
   * @throws ArgumentError for a name that is empty, has a `.`, or is already a field of the
   *   module; for a value that is neither a Tensor nor null, or a tensor that requires grad.
   *
   * @example
   * class Counter extends Module {
   *   constructor() { super(); this.registerBuffer('steps', zeros([])); }
   *   forward(x: Tensor): Tensor { this.buffer('steps')!.data[0]! += 1; return x; }
   * }
   * const c = new Counter();
   * c.forward(zeros([1]));
   * [...c.stateDict().keys()]; // ['steps']
   * c.parameters().length;     // 0
   */
  registerBuffer(name: string, tensor: Tensor | null): void {
    const who = `${this.constructor.name}.registerBuffer`;
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new ArgumentError(`${who}: name must be a non-empty string without ".", got ${describeValue(name)}`);
    }
    if (!this.#buffers.has(name) && name in this) {
      throw new ArgumentError(
        `${who}: ${JSON.stringify(name)} is already a field of ${this.constructor.name}; a buffer needs a name of its own`,
      );
    }
    if (tensor !== null && !(tensor instanceof Tensor))
      throw new ArgumentError(`${who}: expected a Tensor or null, got ${describeValue(tensor)}`);
    if (tensor?.requiresGrad) {
      throw new ArgumentError(`${who}: a buffer is not trained, so it must not require grad; pass its detach()`);
    }
    this.#buffers.set(name, tensor);
  }

  /** The buffer registered as `name` (`null` if it was registered as null), or `undefined` if there is none. */
  buffer(name: string): Tensor | null | undefined {
    return this.#buffers.get(name);
  }

  /** The buffers this module holds itself (not its children's), by name, in registration order; null ones left out. */
  namedOwnBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, t] of this.#buffers) if (t !== null) out.push([name, t]);
    return out;
  }

  /** Every buffer with its dotted name (`1.running_mean`), as PyTorch's `named_buffers()`. */
  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [key, b] of m.namedOwnBuffers()) out.push([prefix === '' ? key : `${prefix}.${key}`, b]);
    }
    return out;
  }

  /** Every buffer. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
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
   * The parameters and buffers by dotted name, as PyTorch's `state_dict()`: module by module in
   * the order of `namedModules()`, each module's parameters and then its buffers (`weight`, `bias`,
   * `running_mean`, …). The tensors share the module's data (as PyTorch's do): `clone()` them for
   * a snapshot that later training will not change.
   */
  stateDict(): StateDict {
    const out: StateDict = new Map();
    for (const [name, t] of this.stateEntries()) out.set(name, t.detach());
    return out;
  }

  /** What `stateDict()` holds, as the module's own tensors (shared parameters once). */
  private stateEntries(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Parameter>();
    for (const [prefix, m] of this.namedModules()) {
      const dotted = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
      for (const [key, p] of m.namedOwnParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([dotted(key), p]);
      }
      for (const [key, b] of m.namedOwnBuffers()) out.push([dotted(key), b]);
    }
    return out;
  }

  /**
   * Copies a state dict's values into the parameters and buffers, in place. Every problem is found
   * before anything is written, and reported together, as PyTorch does: missing keys, unexpected keys
   * (both only when `strict`, the default) and shapes that differ.
   *
   * @returns the missing and unexpected keys (both empty when `strict`).
   * @property missingKeys The module's parameter and buffer names that the state dict lacks.
   * @property unexpectedKeys The state dict's names that match no parameter or buffer.
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
    const own = new Map(this.stateEntries());
    const { given, missingKeys, unexpectedKeys, problems } = stateDictProblems(stateDict, own, strict, this.constructor.name);
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

/** Throws if a field holds a collection of modules or parameters, which no walk would register. */
function checkNotACollection(owner: object, key: string, value: object): void {
  const registrable = (v: unknown) => v instanceof Module || v instanceof Parameter;
  let kind: string | null = null;
  if (Array.isArray(value)) kind = value.some(registrable) ? 'an array' : null;
  else if (value instanceof Map) kind = [...value.values()].some(registrable) ? 'a Map' : null;
  else if ([Object.prototype, null].includes(Object.getPrototypeOf(value)))
    kind = Object.values(value).some(registrable) ? 'an object' : null;
  if (kind === null) return;
  const fix = kind === 'an array' ? 'new ModuleList([...])' : 'new ModuleDict({...})';
  throw new ArgumentError(
    `${owner.constructor.name}: field ${JSON.stringify(key)} holds ${kind} of modules or parameters, which would not be registered ` +
      `(missing from parameters(), stateDict() and train()); use ${fix} for modules, and a field of its own for each parameter`,
  );
}
