/**
 * `ModuleList` and `ModuleDict`: modules held by position or by name and registered as children,
 * as PyTorch's. Neither has a forward of its own: the module that holds one decides how its
 * modules are called.
 *
 * A plain array or object of modules in a field is not registered (its parameters would miss the
 * optimizer and the state dict), so `Module` rejects it with an error that names these two.
 */
import { ArgumentError, describeValue } from '@tapegrad/core';
import { type AnyModule, Module } from '../module.js';

function checkModule(who: string, value: unknown): void {
  if (!(value instanceof Module)) throw new ArgumentError(`${who}: expected a Module, got ${describeValue(value)}`);
}

function checkIterable(who: string, value: unknown): void {
  if (value === null || typeof value !== 'object' || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new ArgumentError(`${who}: expected an array (or iterable) of modules, got ${describeValue(value)}`);
  }
}

/**
 * Modules by position, as `torch.nn.ModuleList`: each is a registered child named by its index,
 * so its parameters are in `parameters()` and `stateDict()` as `0.weight`, `1.weight`, …, and
 * `train()`, `eval()` and `toString()` reach it. Read with `at(i)` (negative from the end) or
 * `list[i]`; change with `append`, `extend`, `insert`, `set` and `pop`; iterate with `for … of`.
 *
 * @example
 * class Tower extends Module {
 *   layers = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 *   forward(x: Tensor): Tensor {
 *     for (const layer of this.layers) x = relu(layer.forward(x));
 *     return x;
 *   }
 * }
 * new Tower().namedParameters().map(([n]) => n); // ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']
 */
export class ModuleList<M extends AnyModule = AnyModule> extends Module<never[], never> {
  // As Sequential: the modules are own properties '0', '1', …, kept in numeric order by JavaScript.
  [index: number]: M;

  /** A list of `modules` (an array or iterable of Modules; empty by default). */
  constructor(modules: Iterable<M> = []) {
    super();
    this.extendAs('ModuleList', modules);
  }

  /** The number of modules. */
  get length(): number {
    return this.items().length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): M {
    return this[this.position('ModuleList.at', index, false)]!;
  }

  /** Puts `module` at `index` (negative from the end) in place of the one there; returns this list. */
  set(index: number, module: M): this {
    const i = this.position('ModuleList.set', index, false);
    checkModule('ModuleList.set', module);
    this[i] = module;
    return this;
  }

  /** Appends `module`; returns this list. */
  append(module: M): this {
    checkModule('ModuleList.append', module);
    this[this.length] = module;
    return this;
  }

  /** Appends every module of `modules` (an array or iterable), all checked before any is added; returns this list. */
  extend(modules: Iterable<M>): this {
    return this.extendAs('ModuleList.extend', modules);
  }

  /** Inserts `module` before position `index` (in [−length, length]; negative from the end, as Python's `list.insert`). */
  insert(index: number, module: M): this {
    const i = this.position('ModuleList.insert', index, true);
    checkModule('ModuleList.insert', module);
    const items = this.items();
    items.splice(i, 0, module);
    this.rewrite(items);
    return this;
  }

  /** Removes the module at `index` (default −1, the last) and returns it; the later ones move down one place. */
  pop(index = -1): M {
    const i = this.position('ModuleList.pop', index, false);
    const items = this.items();
    const [removed] = items.splice(i, 1);
    this.rewrite(items);
    return removed!;
  }

  /** The modules in order: `for (const m of list)`. */
  [Symbol.iterator](): Iterator<M> {
    return this.items()[Symbol.iterator]();
  }

  /**
   * Throws, as PyTorch's ModuleList has no forward: call its modules from the forward of the module that holds it.
   *
   * @throws ArgumentError always.
   */
  forward(): never {
    throw new ArgumentError('ModuleList: has no forward; its modules must be called from the forward of the module that holds it');
  }

  private items(): M[] {
    return this.children() as M[];
  }

  private extendAs(who: string, modules: Iterable<M>): this {
    checkIterable(who, modules);
    const list = [...modules];
    list.forEach((m, i) => {
      if (!(m instanceof Module)) throw new ArgumentError(`${who}: module ${i} is ${describeValue(m)}, not a Module`);
    });
    const n = this.length;
    list.forEach((m, i) => {
      this[n + i] = m;
    });
    return this;
  }

  /** `index` as a position in [0, length) (or [0, length] for an insertion), negative counting from the end. */
  private position(who: string, index: number, insertion: boolean): number {
    const n = this.length;
    const top = insertion ? n : n - 1;
    const i = typeof index === 'number' && index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i > top) {
      throw new ArgumentError(
        `${who}: index ${describeValue(index)} is out of range for ${n} modules; it must be an integer in [${-n}, ${top}]`,
      );
    }
    return i;
  }

  private rewrite(items: M[]): void {
    for (const key of Object.keys(this)) if (/^\d+$/.test(key)) delete this[Number(key)];
    items.forEach((m, i) => {
      this[i] = m;
    });
  }
}

/**
 * Modules by name, as `torch.nn.ModuleDict`: each is a registered child under its key, so its
 * parameters are in `parameters()` and `stateDict()` as `encoder.weight`, …, in insertion order
 * (any key, `'0'` included, keeps its place, as in Python's dict). Iterating gives the keys, as in
 * PyTorch; `get` of a missing key throws, as PyTorch's `KeyError`. A key is a non-empty string
 * without `.` (the separator of state-dict names).
 *
 * @example
 * const heads = new ModuleDict({ mean: new Linear(8, 1), logVar: new Linear(8, 1) });
 * heads.get('mean').forward(zeros([2, 8])).shape; // [2, 1]
 * [...heads];                                     // ['mean', 'logVar']
 * [...heads.stateDict().keys()];                  // ['mean.weight', 'mean.bias', 'logVar.weight', 'logVar.bias']
 */
export class ModuleDict<M extends AnyModule = AnyModule> extends Module<never[], never> {
  // Private, so that the keys live apart from the object's own fields and methods, in insertion order.
  readonly #modules = new Map<string, M>();

  /** A dict of `modules`: an object of Modules by key, or an iterable of `[key, module]` pairs (empty by default). */
  constructor(modules: Readonly<Record<string, M>> | Iterable<readonly [string, M]> = {}) {
    super();
    this.updateAs('ModuleDict', modules);
  }

  /** The children: the dict's modules by key (after any module fields of a subclass). */
  override namedChildren(): [string, AnyModule][] {
    return [...super.namedChildren(), ...this.#modules];
  }

  /** The number of modules. */
  get length(): number {
    return this.#modules.size;
  }

  /**
   * The module under `key`.
   *
   * @throws ArgumentError if there is none, naming the keys there are.
   */
  get(key: string): M {
    const m = this.#modules.get(key);
    if (m === undefined) {
      const keys = [...this.#modules.keys()].map((k) => JSON.stringify(k)).join(', ');
      throw new ArgumentError(`ModuleDict.get: no such key ${describeValue(key)}; the keys are [${keys}]`);
    }
    return m;
  }

  /** Puts `module` under `key` (replacing the one there, in its place; else at the end); returns this dict. */
  set(key: string, module: M): this {
    checkKey('ModuleDict.set', key);
    checkModule('ModuleDict.set', module);
    this.#modules.set(key, module);
    return this;
  }

  /** Whether there is a module under `key`. */
  has(key: string): boolean {
    return this.#modules.has(key);
  }

  /** Removes the module under `key` and returns it (PyTorch's `pop`). @throws ArgumentError if there is none. */
  pop(key: string): M {
    const m = this.get(key);
    this.#modules.delete(key);
    return m;
  }

  /** Removes every module. */
  clear(): void {
    this.#modules.clear();
  }

  /** Adds or replaces the modules of `modules` (an object or `[key, module]` pairs), all checked first; returns this dict. */
  update(modules: Readonly<Record<string, M>> | Iterable<readonly [string, M]>): this {
    return this.updateAs('ModuleDict.update', modules);
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return [...this.#modules.keys()];
  }

  /** The modules, in insertion order. */
  values(): M[] {
    return [...this.#modules.values()];
  }

  /** The `[key, module]` pairs, in insertion order (PyTorch's `items()`). */
  entries(): [string, M][] {
    return [...this.#modules.entries()];
  }

  /** The keys, as iterating over PyTorch's ModuleDict gives: `for (const key of dict)`. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  /**
   * Throws, as PyTorch's ModuleDict has no forward: call its modules from the forward of the module that holds it.
   *
   * @throws ArgumentError always.
   */
  forward(): never {
    throw new ArgumentError('ModuleDict: has no forward; its modules must be called from the forward of the module that holds it');
  }

  private updateAs(who: string, modules: Readonly<Record<string, M>> | Iterable<readonly [string, M]>): this {
    if (modules === null || typeof modules !== 'object') {
      throw new ArgumentError(
        `${who}: expected an object of modules by key or an iterable of [key, module] pairs, got ${describeValue(modules)}`,
      );
    }
    const pairs: (readonly [string, M])[] =
      Symbol.iterator in modules ? [...(modules as Iterable<readonly [string, M]>)] : Object.entries(modules as Record<string, M>);
    for (const pair of pairs) {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new ArgumentError(`${who}: expected [key, module] pairs, got ${describeValue(pair)}`);
      checkKey(who, pair[0]);
      if (!(pair[1] instanceof Module)) {
        throw new ArgumentError(`${who}: the value for key ${JSON.stringify(pair[0])} is ${describeValue(pair[1])}, not a Module`);
      }
    }
    for (const [k, m] of pairs) this.#modules.set(k, m);
    return this;
  }
}

function checkKey(who: string, key: unknown): void {
  if (typeof key !== 'string' || key === '' || key.includes('.')) {
    throw new ArgumentError(`${who}: a key must be a non-empty string without ".", got ${describeValue(key)}`);
  }
}
