/**
 * The optimizer base class: parameter groups, `zeroGrad()`, `step()`, `stateDict()`.
 *
 * An optimizer holds its parameters in groups, each with its own options (PyTorch's
 * `param_groups`): the defaults given to the constructor, overridden per group. An update is a
 * plain loop over `Float64Array`s that writes into `param.data` in place, inside `noGrad`: it
 * never records onto the tape, and a tensor computed before the step still reads the new values
 * (as PyTorch's in-place update does).
 *
 * @example
 * // He et al. (2015): no weight decay on PReLU's slopes, which would pull them towards 0 (ReLU).
 * const slopes = model.modules().filter((m) => m instanceof PReLU).flatMap((m) => m.parameters());
 * const others = model.parameters().filter((p) => !slopes.includes(p));
 * const opt = new SGD([{ params: others }, { params: slopes, weightDecay: 0 }], { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 });
 */
import { ArgumentError, ShapeError, Tensor, noGrad, type NestedArray, describeValue, fmtShape } from '@tapegrad/core';
import { Module, StateDictError } from '../module.js';
import { checkKeys } from '../util.js';
import { tensorFromRecord } from '../serialize/json.js';

/**
 * A group as given to a constructor: its parameters and any options that differ from the defaults.
 *
 * @property params The group's parameters (leaf tensors, each in one group only).
 */
export type ParamGroupSpec<O extends object> = { params: Iterable<Tensor> } & Partial<O>;

/**
 * A group as the optimizer holds it: its parameters and every option, resolved. Options may be
 * changed between steps (`group.lr = 0.01`).
 *
 * @property params The group's parameters.
 */
export type ParamGroup<O extends object> = { params: Tensor[] } & O;

/** What optimizers accept: the parameters (one group), or a list of groups. */
export type Params<O extends object> = Iterable<Tensor> | Iterable<ParamGroupSpec<O>>;

/** One value of a parameter's optimizer state: a tensor (a moment, a momentum buffer), a count, or nothing yet. */
export type StateValue = Tensor | number | null;

/**
 * An optimizer's state as PyTorch's `optimizer.state_dict()` gives it, with parameters replaced
 * by their position across all groups: `state[i]` belongs to the i-th parameter. Tensors are copies.
 */
export interface OptimizerStateDict<O extends object> {
  /** Each parameter's state (copied), by the parameter's position across all groups; absent before its first update. */
  state: Record<number, Record<string, StateValue>>;
  /**
   * Each group's options, with its parameters as positions.
   *
   * @property params The positions of the group's parameters, counted across all groups.
   */
  paramGroups: ({ params: number[] } & O)[];
}

/** A plain `{ shape, data }` object: a tensor as JSON writes it. */
function isRecord(v: unknown): v is { shape: unknown; data: unknown } {
  return v !== null && typeof v === 'object' && !(v instanceof Tensor) && 'shape' in v && 'data' in v;
}

/**
 * The base class of optimizers, as `torch.optim.Optimizer`: parameters in groups, each with its
 * own options (the constructor's defaults, overridden per group), and a `step()` that updates
 * every parameter with a gradient, in place, without recording.
 *
 * @example
 * // He et al. (2015): no weight decay on PReLU's slopes, which would pull them towards 0 (ReLU).
 * const model = new Sequential(new Linear(2, 4), new PReLU({ numParameters: 4 }), new Linear(4, 1));
 * const slopes = model.modules().filter((m) => m instanceof PReLU).flatMap((m) => m.parameters());
 * const others = model.parameters().filter((p) => !slopes.includes(p));
 * const groups = [{ params: others }, { params: slopes, weightDecay: 0 }];
 * const opt = new SGD(groups, { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 });
 * opt.paramGroups.map((g) => g.weightDecay); // [0.0001, 0]
 */
export abstract class Optimizer<O extends object, S extends Record<string, StateValue>> {
  /** The parameter groups, in order; their options can be changed between steps. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (moments, momentum buffers), created on a parameter's first update. */
  readonly state = new Map<Tensor, S>();
  private readonly defaults: Readonly<Partial<O>>;

  /**
   * @param name used in error messages (`SGD`, `Adam`)
   * @param builtin the optimizer's own defaults (PyTorch's)
   * @param options the user's defaults for every group; an `undefined` value keeps the builtin one
   * @param optionKeys every option of this optimizer, so that a misspelt one is an error
   */
  protected constructor(
    protected readonly name: string,
    params: Params<O>,
    builtin: Partial<O>,
    options: Partial<O>,
    private readonly optionKeys: readonly (keyof O & string)[],
  ) {
    checkKeys(name, options, optionKeys);
    const defaults: Partial<O> = { ...builtin };
    for (const key of optionKeys) if (options[key] !== undefined) defaults[key] = options[key];
    this.defaults = defaults;
    if (params instanceof Module)
      throw new ArgumentError(`${name}: got the module itself; pass its parameters: new ${name}(model.parameters(), ...)`);
    if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new ArgumentError(`${name}: params must be an iterable of tensors or of parameter groups, got ${describeValue(params)}`);
    }
    const list = [...(params as Iterable<Tensor | ParamGroupSpec<O>>)];
    if (list.length === 0) throw new ArgumentError(`${name}: got an empty parameter list; pass at least one parameter`);
    if (list.every((p) => p instanceof Tensor)) this.addParamGroup({ params: list as Tensor[] } as unknown as ParamGroupSpec<O>);
    else if (list.every((p) => !(p instanceof Tensor))) for (const g of list as ParamGroupSpec<O>[]) this.addParamGroup(g);
    else throw new ArgumentError(`${name}: params must be all tensors or all parameter groups ({ params, ...options }), not a mix`);
  }

  /** Checks one group's resolved options; throws an `ArgumentError` naming the bad one. */
  protected abstract checkOptions(options: O, where: string): void;

  /** Updates the parameters of one group in place. Called inside `noGrad`. */
  protected abstract updateGroup(group: ParamGroup<O>): void;

  /** Adds a group of parameters, with options that override the defaults. */
  addParamGroup(spec: ParamGroupSpec<O>): void {
    const where = `parameter group ${this.paramGroups.length}`;
    if (spec === null || typeof spec !== 'object' || !('params' in spec)) {
      throw new ArgumentError(`${this.name}: ${where} must be an object { params, ...options }, got ${describeValue(spec)}`);
    }
    checkKeys(`${this.name} (${where})`, spec, ['params', ...this.optionKeys]);
    const params = spec.params instanceof Tensor ? [spec.params] : [...spec.params];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ArgumentError(`${this.name}: ${where}, params[${i}] is ${describeValue(p)}, not a Tensor`);
      if (!p.isLeaf)
        throw new ArgumentError(
          `${this.name}: ${where}, params[${i}] is not a leaf (it was computed by ${p.entry!.op}); an optimizer can only update leaves`,
        );
      if (seen.has(p))
        throw new ArgumentError(
          `${this.name}: ${where}, params[${i}] (shape ${fmtShape(p.shape)}) appears twice; each parameter may be in one group, once`,
        );
      seen.add(p);
    });
    const options: Partial<O> = { ...this.defaults };
    for (const key of this.optionKeys) if (spec[key] !== undefined) options[key] = spec[key];
    this.checkOptions(options as O, where);
    this.paramGroups.push({ ...(options as O), params });
  }

  /** Clears every parameter's gradient (`grad = null`). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /**
   * One update of every parameter that has a gradient (those with `grad === null` are skipped,
   * as PyTorch skips `None`). If given, `closure` is called first, with recording on, to
   * recompute the loss and its gradients; its result is returned.
   *
   * @throws ShapeError if a gradient's shape differs from its parameter's (nothing is updated).
   *
   * @example
   * const w = new Parameter(tensor([1, 2]));
   * const opt = new SGD([w], { lr: 0.1 });
   * mseLoss(w, [0, 0]).backward(); // L = mean(w²), so dL/dw = 2w/2 = w
   * opt.step();
   * w.toArray();                   // [0.9, 1.8]
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure ? closure() : undefined;
    // Every group is checked before any is updated: a bad group must not leave the others stepped.
    for (const [gi, group] of this.paramGroups.entries()) {
      this.checkOptions(group, `parameter group ${gi}`);
      for (const [i, p] of group.params.entries()) {
        if (p.grad !== null && (p.grad.shape.length !== p.shape.length || p.grad.shape.some((d, k) => d !== p.shape[k]))) {
          throw new ShapeError(
            `${this.name}.step: parameter ${i} of group ${gi} has shape ${fmtShape(p.shape)} but its grad has shape ${fmtShape(p.grad.shape)}; they must be equal`,
          );
        }
      }
    }
    noGrad(() => {
      for (const group of this.paramGroups) this.updateGroup(group);
    });
    return loss;
  }

  /** The state and the groups' options, with parameters as indices; tensors are copied. */
  stateDict(): OptimizerStateDict<O> {
    const state: Record<number, Record<string, StateValue>> = {};
    const paramGroups: ({ params: number[] } & O)[] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const { params, ...options } = group;
      const ids: number[] = [];
      for (const p of params) {
        const s = this.state.get(p);
        if (s) state[index] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? v.clone() : v]));
        ids.push(index++);
      }
      const copied = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
      paramGroups.push({ ...(copied as unknown as O), params: ids });
    }
    return { state, paramGroups };
  }

  /**
   * Restores what `stateDict()` returned, into an optimizer over parameters of the same shapes in
   * the same groups. Everything is checked before anything is changed; a mismatch throws a
   * `StateDictError` (a `ShapeError` for a state tensor of the wrong shape).
   */
  loadStateDict(stateDict: OptimizerStateDict<O>): void {
    const who = `${this.name}.loadStateDict`;
    const groups = stateDict?.paramGroups;
    if (!Array.isArray(groups) || groups.length !== this.paramGroups.length) {
      throw new StateDictError(
        `${who}: the state dict has ${Array.isArray(groups) ? groups.length : 'no'} parameter groups, this optimizer has ${this.paramGroups.length}; they must match`,
      );
    }
    const byIndex = new Map<number, Tensor>();
    groups.forEach((g, gi) => {
      const mine = this.paramGroups[gi]!.params;
      if (!Array.isArray(g.params) || g.params.length !== mine.length) {
        throw new StateDictError(
          `${who}: parameter group ${gi} has ${Array.isArray(g.params) ? g.params.length : 'no'} parameters in the state dict, ${mine.length} here; they must match`,
        );
      }
      g.params.forEach((id, k) => byIndex.set(id, mine[k]!));
    });
    const restored = new Map<Tensor, S>();
    for (const [key, s] of Object.entries(stateDict.state ?? {})) {
      const p = byIndex.get(Number(key));
      if (p === undefined)
        throw new StateDictError(
          `${who}: state for parameter ${key}, which is in no parameter group; every state must belong to a parameter of this optimizer`,
        );
      if (s === null || typeof s !== 'object' || Array.isArray(s)) {
        throw new StateDictError(
          `${who}: the state of parameter ${key} must be an object of tensors, numbers or nulls, got ${describeValue(s)}`,
        );
      }
      const copy: Record<string, StateValue> = {};
      for (const [k, raw] of Object.entries(s)) {
        // A tensor that went through JSON.stringify comes back as its record, { shape, data }.
        const v = isRecord(raw) ? tensorFromRecord(who, `state ${JSON.stringify(k)} of parameter ${key}`, raw) : raw;
        if (!(v instanceof Tensor) && typeof v !== 'number' && v !== null) {
          throw new StateDictError(
            `${who}: state ${JSON.stringify(k)} of parameter ${key} must be a Tensor, a number or null, got ${describeValue(v)}`,
          );
        }
        if (v instanceof Tensor && (v.shape.length !== p.shape.length || v.shape.some((d, i) => d !== p.shape[i]))) {
          throw new ShapeError(
            `${who}: state ${JSON.stringify(k)} of parameter ${key} has shape ${fmtShape(v.shape)}, the parameter has shape ${fmtShape(p.shape)}; they must be equal`,
          );
        }
        copy[k] = v instanceof Tensor ? v.clone() : v;
      }
      restored.set(p, copy as S);
    }
    groups.forEach((g, gi) => {
      const options = Object.fromEntries(Object.entries(g).filter(([k]) => k !== 'params')) as Partial<O>;
      this.checkOptions({ ...this.paramGroups[gi]!, ...options } as O, `parameter group ${gi}`);
    });
    groups.forEach((g, gi) => {
      const { params: _ids, ...options } = g;
      Object.assign(this.paramGroups[gi]!, options);
    });
    this.state.clear();
    for (const [p, s] of restored) this.state.set(p, s);
  }

  /** As PyTorch prints an optimizer: its name, then each group's size and options. */
  toString(): string {
    const lines = this.paramGroups.map((g, i) => {
      const { params, ...options } = g;
      const opts = Object.entries(options).map(
        ([k, v]) => `    ${k}: ${Array.isArray(v) ? `[${(v as NestedArray[]).join(', ')}]` : String(v)}`,
      );
      return [`Parameter Group ${i}`, `    (${params.length} parameters)`, ...opts].join('\n');
    });
    return `${this.name} (\n${lines.join('\n')}\n)`;
  }
}

/** A fresh zero-filled buffer shaped like `p`. */
export function zerosOf(p: Tensor): Tensor {
  return new Tensor(new Float64Array(p.size), p.shape);
}
