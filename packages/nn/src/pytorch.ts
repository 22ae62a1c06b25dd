/**
 * `toPyTorch`: a module tree as the Python source that builds the same tree in PyTorch and loads
 * the state dict tapegrad saved, so that a model trained here goes on in PyTorch.
 *
 * Each module of the library has one PyTorch class with the same state-dict keys (that is how
 * the layers were written), so the translation is a table: the torch.nn class, the constructor's
 * arguments that differ from PyTorch's defaults, and the parameter and buffer names the PyTorch
 * module will expect. A module the table does not know cannot be translated: its forward is the
 * user's code, which no table can turn into Python.
 */
import { ArgumentError, describeValue } from '@tapegrad/core';
import { Linear } from './layers/linear.js';
import { ELU, LeakyReLU, PReLU, ReLU, Sigmoid, Tanh } from './layers/activations.js';
import { Flatten, Identity, Sequential } from './layers/container.js';
import { ModuleDict, ModuleList } from './layers/module-containers.js';
import { Dropout } from './layers/dropout.js';
import { BatchNorm1d, LayerNorm } from './layers/normalization.js';
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss } from './loss-modules.js';
import { type AnyModule, Module, type Parameter } from './module.js';
import { checkKeys, pyBool, pyFloat } from './util.js';

/**
 * Options of `toPyTorch`.
 *
 * @example
 * toPyTorch(new Linear(2, 1), { path: 'runs/linear.safetensors', dtype: 'F32' });
 */
export interface ToPyTorchOptions {
  /** The safetensors file the code loads, as given to `saveSafetensors`. Default `'model.safetensors'`. */
  path?: string;
  /**
   * The dtype the file was saved with: `'F64'` (the default, as `saveSafetensors` writes), for which
   * the code calls `model.double()` before loading, or `'F32'` (`{ dtype: 'F32' }`), loaded into
   * PyTorch's default float32.
   */
  dtype?: 'F64' | 'F32';
}

/** How one class of module is written in PyTorch. */
interface Translation {
  /** The torch.nn class. */
  torch: string;
  /** The constructor's arguments as Python: the required ones, then each option that differs from PyTorch's default. */
  args: (m: AnyModule) => string[];
  /** The module's own parameter and buffer names, as the PyTorch module registers them. */
  state: (m: AnyModule) => string[];
  /** Why this module cannot be translated after all (an option PyTorch keeps as state), or null. */
  refuse?: (m: AnyModule) => string | null;
}

const TABLE = new Map<unknown, Translation>();

type Class<M> = abstract new (...args: never[]) => M;

function translate<M extends AnyModule>(
  cls: Class<M>,
  args: (m: M) => string[] = () => [],
  state: (m: M) => string[] = () => [],
  refuse?: (m: M) => string | null,
): void {
  TABLE.set(cls, {
    torch: cls.name,
    args: args as (m: AnyModule) => string[],
    state: state as (m: AnyModule) => string[],
    refuse: refuse as ((m: AnyModule) => string | null) | undefined,
  });
}

/** `name=value` as a Python keyword argument, or nothing when `value` is PyTorch's default. */
function kw(name: string, value: number | boolean | null, fallback: number | boolean | null, int = false): string[] {
  if (value === fallback) return [];
  const py = value === null ? 'None' : typeof value === 'boolean' ? pyBool(value) : int ? String(value) : pyFloat(value);
  return [`${name}=${py}`];
}

/** A Python string literal (JSON's escapes are all Python's too). */
const pyStr = (s: string): string => JSON.stringify(s);

const affine = (has: boolean) => (has ? ['weight', 'bias'] : []);
const RUNNING_STATS = ['running_mean', 'running_var', 'num_batches_tracked'];
const reduction = (r: string | undefined) => (r === undefined || r === 'mean' ? [] : [`reduction=${pyStr(r)}`]);
// NOTE: PyTorch's weighted losses keep `weight` (and `pos_weight`) as buffers, so they are in its
// state dict but not in ours (an option here): a strict load would fail on the missing key.
const weighted = (o: { weight?: unknown; posWeight?: unknown }) =>
  o.weight !== undefined || o.posWeight !== undefined
    ? 'its weight or posWeight is a buffer in PyTorch, missing from the state dict; pass it when calling the loss in PyTorch instead'
    : null;

translate(
  Linear,
  (m) => [String(m.inFeatures), String(m.outFeatures), ...kw('bias', m.bias !== null, true)],
  (m) => ['weight', ...(m.bias ? ['bias'] : [])],
);
translate(ReLU);
translate(LeakyReLU, (m) => kw('negative_slope', m.negativeSlope, 0.01));
translate(
  PReLU,
  (m) => [...(m.weight.size === 1 ? [] : [String(m.weight.size)]), ...kw('init', m.init, 0.25)],
  () => ['weight'],
);
translate(ELU, (m) => kw('alpha', m.alpha, 1));
translate(Sigmoid);
translate(Tanh);
translate(Identity);
translate(Flatten, (m) => [...kw('start_dim', m.startAxis, 1, true), ...kw('end_dim', m.endAxis, -1, true)]);
translate(Dropout, (m) => kw('p', m.p, 0.5));
translate(
  LayerNorm,
  (m) => [
    m.normalizedShape.length === 1 ? String(m.normalizedShape[0]) : `(${m.normalizedShape.join(', ')})`,
    ...kw('eps', m.eps, 1e-5),
    ...kw('elementwise_affine', m.elementwiseAffine, true),
  ],
  (m) => affine(m.elementwiseAffine),
);
translate(
  BatchNorm1d,
  (m) => [
    String(m.numFeatures),
    ...kw('eps', m.eps, 1e-5),
    ...kw('momentum', m.momentum, 0.1),
    ...kw('affine', m.affine, true),
    ...kw('track_running_stats', m.trackRunningStats, true),
  ],
  (m) => [...affine(m.affine), ...(m.trackRunningStats ? RUNNING_STATS : [])],
);
translate(MSELoss, (m) => reduction(m.reduction));
translate(
  BCELoss,
  (m) => reduction(m.options.reduction),
  undefined,
  (m) => weighted(m.options),
);
translate(
  BCEWithLogitsLoss,
  (m) => reduction(m.options.reduction),
  undefined,
  (m) => weighted(m.options),
);
translate(
  CrossEntropyLoss,
  (m) => [...reduction(m.options.reduction), ...kw('ignore_index', m.options.ignoreIndex ?? -100, -100, true)],
  undefined,
  (m) => weighted(m.options),
);

const CONTAINERS: readonly unknown[] = [Sequential, ModuleList, ModuleDict];
const SUPPORTED = [...TABLE.keys(), ...CONTAINERS].map((c) => (c as Class<unknown>).name);

// The public attributes of torch.nn.ModuleDict (PyTorch 1.13): PyTorch refuses a key that names one
// ("attribute 'forward' already exists").
const TORCH_ATTRIBUTES = new Set(
  (
    'T_destination add_module apply bfloat16 buffers children clear cpu cuda double dump_patches eval extra_repr float forward ' +
    'get_buffer get_extra_state get_parameter get_submodule half ipu items keys load_state_dict modules named_buffers ' +
    'named_children named_modules named_parameters parameters pop register_backward_hook register_buffer register_forward_hook ' +
    'register_forward_pre_hook register_full_backward_hook register_load_state_dict_post_hook register_module register_parameter ' +
    'requires_grad_ set_extra_state share_memory state_dict to to_empty train training type update values xpu zero_grad'
  ).split(' '),
);

/** The reader the printed code uses: safetensors parsed with struct, json and torch.frombuffer. */
const READER = `def load_safetensors(path):
    """The tensors of a safetensors file by name, read with torch alone (no safetensors package needed)."""
    dtypes = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
              "I64": torch.int64, "I32": torch.int32}
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    state = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = dtypes[info["dtype"]]
        # safetensors is little-endian, as torch.frombuffer reads on every common machine.
        chunk = bytearray(raw[8 + n + begin:8 + n + end])
        flat = torch.frombuffer(chunk, dtype=dtype) if chunk else torch.zeros(0, dtype=dtype)
        state[name] = flat.reshape(info["shape"])
    return state`;

/**
 * The Python source that builds `model`'s module tree in PyTorch and loads the state dict saved
 * from it, so that a model trained here continues in PyTorch in two steps:
 *
 *     saveSafetensors('model.safetensors', model.stateDict());  // @tapegrad/nn/node
 *     console.log(toPyTorch(model));                             // then run the printed code
 *
 * The code makes `model` with `torch.nn` classes (every option that differs from PyTorch's
 * default spelled out: `bias=False`, `negative_slope=0.2`, `init=0.1`, `eps`, `momentum`,
 * `elementwise_affine`, …, and Sequential, ModuleList and ModuleDict nested as here), calls
 * `model.double()` when the file is F64, loads the file with `load_state_dict(…, strict=True)`, and
 * then repeats what the state dict does not hold: `eval()` where a module is in evaluation mode,
 * and `requires_grad_(False)` on each frozen parameter.
 *
 * The file is read by a small function of the printed code (struct, json and torch.frombuffer),
 * not by `safetensors.torch.load_file`: the safetensors package is often not installed next to
 * PyTorch, and one reader with no fallback means the code a user runs is the code that was
 * checked against PyTorch (scripts/fixtures/check_topytorch.py), whatever is installed.
 *
 * Translated: Linear, ReLU, LeakyReLU, PReLU, ELU, Sigmoid, Tanh, Identity, Flatten, Dropout,
 * LayerNorm, BatchNorm1d, Sequential, ModuleList, ModuleDict, and the loss modules without a
 * `weight` or `posWeight` (PyTorch keeps those as buffers, so its strict load would miss them).
 * Not translated, each an error that names the module's path in the tree and its class: any other
 * Module subclass, including a subclass of one of these (its forward is its own code); a module
 * or parameter that appears twice in the tree (PyTorch's state dict lists it under each name,
 * ours once, so a strict load would fail); a container holding modules in fields of its own; a
 * ModuleDict key that PyTorch refuses (`forward`, `train`, … its own attributes). Dropout's
 * `generator` has no counterpart: PyTorch draws its masks from its own generator.
 *
 * @param model The module tree (not changed).
 * @param options `path` of the safetensors file (default `'model.safetensors'`); `dtype` it was
 *   saved with, `'F64'` (default) or `'F32'`.
 * @returns The Python source, a complete script that leaves the PyTorch module in `model`.
 * @throws ArgumentError for a module that cannot be translated (naming its path and class, and
 *   what is supported), a model that is not a Module, or a bad option.
 *
 * @example
 * const model = new Sequential(new Linear(5, 8), new PReLU({ numParameters: 8 }), new Linear(8, 1, { bias: false }));
 * console.log(toPyTorch(model, { path: 'mlp.safetensors' }));
 * // import json
 * // …
 * // model = torch.nn.Sequential(
 * //     torch.nn.Linear(5, 8),
 * //     torch.nn.PReLU(8),
 * //     torch.nn.Linear(8, 1, bias=False),
 * // )
 * // model.double()  # the file holds float64 (F64) values
 * // state = load_safetensors("mlp.safetensors")
 * // model.load_state_dict(state, strict=True)
 */
export function toPyTorch(model: AnyModule, options: ToPyTorchOptions = {}): string {
  if (!(model instanceof Module)) throw new ArgumentError(`toPyTorch: model must be a Module, got ${describeValue(model)}`);
  checkKeys('toPyTorch', options, ['path', 'dtype']);
  const path = options.path ?? 'model.safetensors';
  if (typeof path !== 'string' || path === '')
    throw new ArgumentError(`toPyTorch: path must be a non-empty string, got ${describeValue(path)}`);
  const dtype = options.dtype ?? 'F64';
  if (dtype !== 'F64' && dtype !== 'F32') throw new ArgumentError(`toPyTorch: dtype must be "F64" or "F32", got ${describeValue(dtype)}`);

  const order = walk(model);
  // Built bottom-up (children before parents), as Module.toString: no recursion however deep the tree.
  const source = new Map<AnyModule, string>();
  for (let i = order.length - 1; i >= 0; i--) {
    const [where, m] = order[i]!;
    source.set(m, moduleSource(where, m, source));
  }

  const lines = [
    '# The module tree from tapegrad, in PyTorch, with the state dict tapegrad saved by',
    `#   saveSafetensors(${pyStr(path)}, model.stateDict())`,
    'import json',
    'import struct',
    '',
    'import torch',
    '',
    '',
    READER,
    '',
    '',
    `model = ${source.get(model)!}`,
    ...(dtype === 'F64' ? ['model.double()  # the file holds float64 (F64) values'] : []),
    `state = load_safetensors(${pyStr(path)})`,
    'model.load_state_dict(state, strict=True)',
    ...modeLines(order),
    ...model
      .namedParameters()
      .filter(([, p]) => !p.requiresGrad)
      .map(([name]) => `model.get_parameter(${pyStr(name)}).requires_grad_(False)`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Every module with its dotted path, parents first; throws at a module or parameter met twice. */
function walk(model: AnyModule): [string, AnyModule][] {
  const out: [string, AnyModule][] = [];
  const modules = new Map<AnyModule, string>();
  const params = new Map<Parameter, string>();
  const stack: [string, AnyModule][] = [['', model]];
  while (stack.length > 0) {
    const [where, m] = stack.pop()!;
    const first = modules.get(m);
    if (first !== undefined) throw twice(`module ${m.constructor.name}`, first, where);
    modules.set(m, where);
    for (const [key, p] of m.namedOwnParameters()) {
      const name = where === '' ? key : `${where}.${key}`;
      const seen = params.get(p);
      if (seen !== undefined) throw twice('parameter', seen, name);
      params.set(p, name);
    }
    out.push([where, m]);
    const kids = m.namedChildren();
    for (let i = kids.length - 1; i >= 0; i--) stack.push([where === '' ? kids[i]![0] : `${where}.${kids[i]![0]}`, kids[i]![1]]);
  }
  return out;
}

function twice(what: string, first: string, second: string): ArgumentError {
  return new ArgumentError(
    `toPyTorch: the same ${what} is at ${label(first)} and at ${label(second)}, which is not supported: PyTorch's state dict ` +
      `would list it under both names and ours lists it once, so its strict load would fail; use a separate ${what.split(' ')[0]} for each place`,
  );
}

const label = (where: string) => (where === '' ? 'the root' : pyStr(where));

/** One module's constructor call, its children's (already in `done`) nested inside it. */
function moduleSource(where: string, m: AnyModule, done: Map<AnyModule, string>): string {
  const kids = m.namedChildren();
  const nested = (items: string[], open: string, close: string) =>
    items.length === 0 ? '' : `${open}\n${items.map((s) => `    ${s.split('\n').join('\n    ')},\n`).join('')}${close}`;
  const cls = m.constructor;
  if (cls === Sequential || cls === ModuleList) {
    checkState(
      where,
      m,
      [],
      kids.map((_, i) => String(i)),
    );
    const items = kids.map(([, k]) => done.get(k)!);
    return cls === Sequential ? `torch.nn.Sequential(${nested(items, '', '')})` : `torch.nn.ModuleList(${nested(items, '[', ']')})`;
  }
  if (cls === ModuleDict) {
    const keys = (m as ModuleDict).keys();
    checkState(where, m, [], keys);
    for (const key of keys) {
      if (TORCH_ATTRIBUTES.has(key)) {
        throw new ArgumentError(
          `toPyTorch: the ModuleDict at ${label(where)} has the key ${pyStr(key)}, which PyTorch's ModuleDict does not accept ` +
            '(it is an attribute of torch.nn.Module); use another key',
        );
      }
    }
    return `torch.nn.ModuleDict(${nested(
      kids.map(([key, k]) => `${pyStr(key)}: ${done.get(k)!}`),
      '{',
      '}',
    )})`;
  }
  const t = TABLE.get(cls);
  if (t === undefined) throw unsupported(where, m);
  const refusal = t.refuse?.(m) ?? null;
  if (refusal !== null) throw new ArgumentError(`toPyTorch: the ${t.torch} at ${label(where)} cannot be translated: ${refusal}`);
  checkState(where, m, t.state(m), []);
  return `torch.nn.${t.torch}(${t.args(m).join(', ')})`;
}

/** Checks that a module holds exactly the parameters, buffers and children its PyTorch class will have. */
function checkState(where: string, m: AnyModule, state: string[], children: string[]): void {
  const own = [...m.namedOwnParameters(), ...m.namedOwnBuffers()].map(([k]) => k);
  const kids = m.namedChildren().map(([k]) => k);
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);
  if (same(own, state) && same(kids, children)) return;
  const list = (keys: string[]) => `[${keys.map(pyStr).join(', ')}]`;
  throw new ArgumentError(
    `toPyTorch: the ${m.constructor.name} at ${label(where)} holds ${list([...own, ...kids])} where torch.nn.${m.constructor.name} ` +
      `would hold ${list([...state, ...children])}, which is not supported: keep extra modules and parameters in a module of their own`,
  );
}

function unsupported(where: string, m: AnyModule): ArgumentError {
  const name = m.constructor.name;
  const base = [...TABLE.keys(), ...CONTAINERS].find((c) => m instanceof (c as Class<unknown>)) as Class<unknown> | undefined;
  const what = base === undefined ? `a ${name}` : `a ${name}, a subclass of ${base.name} whose forward may differ from it`;
  return new ArgumentError(
    `toPyTorch: the module at ${label(where)} is ${what}, which has no PyTorch translation; supported are ${SUPPORTED.join(', ')} ` +
      `(the library's own classes, not subclasses); write a torch.nn.Module for ${name} by hand, with the same parameter names`,
  );
}

/** `eval()` / `train()` lines for the modules whose mode is not the one PyTorch starts with (or inherits from the parent). */
function modeLines(order: [string, AnyModule][]): string[] {
  const lines: string[] = [];
  const mode = new Map<string, boolean>();
  for (const [where, m] of order) {
    const parent = where === '' ? true : mode.get(where.includes('.') ? where.slice(0, where.lastIndexOf('.')) : '')!;
    mode.set(where, m.training);
    if (m.training === parent) continue;
    if (where === '') lines.push('model.eval()');
    else lines.push(`model.get_submodule(${pyStr(where)}).train(${pyBool(m.training)})`);
  }
  return lines;
}
