/**
 * toPyTorch: the exact Python source for several module trees, and the errors for what it cannot
 * translate.
 *
 * The last block writes, for a few trained
 * models, `<name>.py` (toPyTorch's output), `<name>.safetensors` (the state dict) and
 * `<name>.expected.safetensors` (inputs and tapegrad's outputs) into a scratch folder, or into
 * TAPEGRAD_TOPYTORCH_OUT when it is set, for scripts/fixtures/check_topytorch.py to run with PyTorch:
 *
 *     TAPEGRAD_TOPYTORCH_OUT=/tmp/topytorch npx vitest run test/nn/pytorch.test.ts
 *     /usr/bin/python3 scripts/fixtures/check_topytorch.py /tmp/topytorch
 *
 * The suite itself needs no Python.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, type Tensor, defaultRng, zeros } from '@tapegrad/core';
import {
  BCELoss,
  BCEWithLogitsLoss,
  BatchNorm1d,
  CrossEntropyLoss,
  Dropout,
  ELU,
  Flatten,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  MSELoss,
  Module,
  ModuleDict,
  ModuleList,
  PReLU,
  Parameter,
  ReLU,
  SGD,
  Sequential,
  Sigmoid,
  Tanh,
  decodeSafetensors,
  encodeSafetensors,
  mseLoss,
  toPyTorch,
} from '@tapegrad/nn';
import { saveSafetensors } from '@tapegrad/nn/node';
import { describe, expect, it } from 'vitest';

const lin = (i: number, o: number, options: { bias?: boolean } = {}) => new Linear(i, o, { generator: defaultRng(i * 10 + o), ...options });

/** The code after the reader: from `model = ` to the end. */
const tail = (source: string) => source.slice(source.indexOf('\nmodel = ') + 1);

describe('toPyTorch: the source', () => {
  it('is a whole script: the reader, the module tree, .double() for F64, and a strict load', () => {
    const model = new Sequential(lin(5, 8), new PReLU({ numParameters: 8 }), lin(8, 1));
    expect(toPyTorch(model)).toBe(`# The module tree from tapegrad, in PyTorch, with the state dict tapegrad saved by
#   saveSafetensors("model.safetensors", model.stateDict())
import json
import struct

import torch


def load_safetensors(path):
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
    return state


model = torch.nn.Sequential(
    torch.nn.Linear(5, 8),
    torch.nn.PReLU(8),
    torch.nn.Linear(8, 1),
)
model.double()  # the file holds float64 (F64) values
state = load_safetensors("model.safetensors")
model.load_state_dict(state, strict=True)
`);
  });

  it('spells out every option that differs from PyTorch’s default, and no other', () => {
    const defaults = new ModuleList([
      lin(2, 3),
      new ReLU(),
      new LeakyReLU(),
      new PReLU(),
      new ELU(),
      new Sigmoid(),
      new Tanh(),
      new Identity(),
      new Flatten(),
      new Dropout(),
      new LayerNorm(3),
      new BatchNorm1d(3),
      new MSELoss(),
      new BCELoss(),
      new BCEWithLogitsLoss(),
      new CrossEntropyLoss(),
    ]);
    expect(tail(toPyTorch(defaults, { dtype: 'F32', path: 'defaults.safetensors' }))).toBe(`model = torch.nn.ModuleList([
    torch.nn.Linear(2, 3),
    torch.nn.ReLU(),
    torch.nn.LeakyReLU(),
    torch.nn.PReLU(),
    torch.nn.ELU(),
    torch.nn.Sigmoid(),
    torch.nn.Tanh(),
    torch.nn.Identity(),
    torch.nn.Flatten(),
    torch.nn.Dropout(),
    torch.nn.LayerNorm(3),
    torch.nn.BatchNorm1d(3),
    torch.nn.MSELoss(),
    torch.nn.BCELoss(),
    torch.nn.BCEWithLogitsLoss(),
    torch.nn.CrossEntropyLoss(),
])
state = load_safetensors("defaults.safetensors")
model.load_state_dict(state, strict=True)
`);
    const options = new ModuleList([
      lin(2, 3, { bias: false }),
      new LeakyReLU({ negativeSlope: 0.2 }),
      new PReLU({ numParameters: 3, init: 0.1 }),
      new PReLU({ init: 1 }),
      new ELU({ alpha: 0.5 }),
      new Flatten({ startAxis: 0, endAxis: 2 }),
      new Dropout(0.1),
      new LayerNorm([2, 3], { eps: 1e-6, elementwiseAffine: false }),
      new BatchNorm1d(3, { eps: 0.001, momentum: null, affine: false, trackRunningStats: false }),
      new BatchNorm1d(4, { momentum: 0.01 }),
      new MSELoss({ reduction: 'sum' }),
      new BCELoss({ reduction: 'none' }),
      new CrossEntropyLoss({ ignoreIndex: 0, reduction: 'sum' }),
    ]);
    expect(tail(toPyTorch(options))).toBe(`model = torch.nn.ModuleList([
    torch.nn.Linear(2, 3, bias=False),
    torch.nn.LeakyReLU(negative_slope=0.2),
    torch.nn.PReLU(3, init=0.1),
    torch.nn.PReLU(init=1.0),
    torch.nn.ELU(alpha=0.5),
    torch.nn.Flatten(start_dim=0, end_dim=2),
    torch.nn.Dropout(p=0.1),
    torch.nn.LayerNorm((2, 3), eps=1e-06, elementwise_affine=False),
    torch.nn.BatchNorm1d(3, eps=0.001, momentum=None, affine=False, track_running_stats=False),
    torch.nn.BatchNorm1d(4, momentum=0.01),
    torch.nn.MSELoss(reduction="sum"),
    torch.nn.BCELoss(reduction="none"),
    torch.nn.CrossEntropyLoss(reduction="sum", ignore_index=0),
])
model.double()  # the file holds float64 (F64) values
state = load_safetensors("model.safetensors")
model.load_state_dict(state, strict=True)
`);
  });

  it('nests Sequential, ModuleList and ModuleDict as they are nested here, empty ones included', () => {
    const model = new ModuleDict({
      encoder: new Sequential(new Sequential(lin(3, 4), new BatchNorm1d(4)), new ReLU()),
      heads: new ModuleList([lin(4, 2), new ModuleDict({ 'log-var': lin(4, 1) })]),
      empty: new ModuleList(),
      none: new ModuleDict(),
      seq: new Sequential(),
    });
    expect(tail(toPyTorch(model, { path: 'runs/a "b".safetensors' }))).toBe(`model = torch.nn.ModuleDict({
    "encoder": torch.nn.Sequential(
        torch.nn.Sequential(
            torch.nn.Linear(3, 4),
            torch.nn.BatchNorm1d(4),
        ),
        torch.nn.ReLU(),
    ),
    "heads": torch.nn.ModuleList([
        torch.nn.Linear(4, 2),
        torch.nn.ModuleDict({
            "log-var": torch.nn.Linear(4, 1),
        }),
    ]),
    "empty": torch.nn.ModuleList(),
    "none": torch.nn.ModuleDict(),
    "seq": torch.nn.Sequential(),
})
model.double()  # the file holds float64 (F64) values
state = load_safetensors("runs/a \\"b\\".safetensors")
model.load_state_dict(state, strict=True)
`);
  });

  it('repeats what the state dict does not hold: evaluation mode and frozen parameters', () => {
    const inner = new Sequential(new Dropout(0.5), new BatchNorm1d(2));
    const model = new Sequential(lin(2, 2), inner, new Sequential(new Dropout(0.2)));
    model.eval();
    inner.train();
    inner.at(0).eval();
    (model.at(0) as Linear).weight.requiresGrad = false;
    const training = model.modules().map((m) => m.training);
    expect(tail(toPyTorch(model))).toBe(`model = torch.nn.Sequential(
    torch.nn.Linear(2, 2),
    torch.nn.Sequential(
        torch.nn.Dropout(),
        torch.nn.BatchNorm1d(2),
    ),
    torch.nn.Sequential(
        torch.nn.Dropout(p=0.2),
    ),
)
model.double()  # the file holds float64 (F64) values
state = load_safetensors("model.safetensors")
model.load_state_dict(state, strict=True)
model.eval()
model.get_submodule("1").train(True)
model.get_submodule("1.0").train(False)
model.get_parameter("0.weight").requires_grad_(False)
`);
    // The model itself is left as it was.
    expect(model.modules().map((m) => m.training)).toEqual(training);
  });

  it('translates a single layer as the root', () => {
    expect(tail(toPyTorch(new LayerNorm(8, { eps: 1e-3 }), { dtype: 'F32' }))).toBe(`model = torch.nn.LayerNorm(8, eps=0.001)
state = load_safetensors("model.safetensors")
model.load_state_dict(state, strict=True)
`);
  });
});

class Tower extends Module {
  layers = new ModuleList([lin(2, 2)]);
  forward(x: Tensor): Tensor {
    return this.layers.at(0).forward(x);
  }
}
class ScaledLinear extends Linear {
  override forward(x: Tensor): Tensor {
    return super.forward(x).mul(2);
  }
}

describe('toPyTorch: what it cannot translate', () => {
  const fails = (model: unknown, message: string) => expect(() => toPyTorch(model as Module)).toThrowError(message);

  it('a Module subclass of the user’s, named by its path in the tree and its class', () => {
    expect(() => toPyTorch(new Tower())).toThrowError(ArgumentError);
    fails(new Tower(), 'toPyTorch: the module at the root is a Tower, which has no PyTorch translation; supported are Linear, ReLU,');
    fails(new Sequential(lin(2, 2), new ModuleDict({ tower: new Tower() })), 'the module at "1.tower" is a Tower');
    fails(new Tower(), 'write a torch.nn.Module for Tower by hand, with the same parameter names');
  });

  it('a subclass of a supported layer, whose forward may differ', () => {
    fails(
      new Sequential(new ScaledLinear(2, 2)),
      'the module at "0" is a ScaledLinear, a subclass of Linear whose forward may differ from it',
    );
  });

  it('a module or parameter that appears twice', () => {
    const shared = lin(2, 2);
    fails(new Sequential(shared, new ReLU(), shared), 'toPyTorch: the same module Linear is at "0" and at "2", which is not supported');
    const other = lin(2, 2);
    other.weight = shared.weight;
    fails(new Sequential(shared, other), 'the same parameter is at "0.weight" and at "1.weight"');
  });

  it('a container or layer with fields of its own, and a ModuleDict key PyTorch refuses', () => {
    const seq = new Sequential(lin(2, 2)) as Sequential & { scale?: Parameter };
    seq.scale = new Parameter(zeros([1]));
    fails(seq, 'toPyTorch: the Sequential at the root holds ["scale", "0"] where torch.nn.Sequential would hold ["0"]');
    fails(
      new ModuleDict({ forward: lin(2, 2) }),
      'the ModuleDict at the root has the key "forward", which PyTorch\'s ModuleDict does not accept',
    );
  });

  it('a weighted loss, whose weight PyTorch keeps in its state dict', () => {
    fails(
      new ModuleDict({ loss: new BCELoss({ weight: [1, 2] }) }),
      'toPyTorch: the BCELoss at "loss" cannot be translated: its weight or posWeight',
    );
  });

  it('bad arguments', () => {
    fails({ forward: () => 0 }, 'toPyTorch: model must be a Module, got an object');
    expect(() => toPyTorch(lin(2, 2), { dtype: 'F16' as 'F32' })).toThrowError('toPyTorch: dtype must be "F64" or "F32", got "F16"');
    expect(() => toPyTorch(lin(2, 2), { path: '' })).toThrowError('toPyTorch: path must be a non-empty string, got ""');
    expect(() => toPyTorch(lin(2, 2), { file: 'a' } as object)).toThrowError(
      'toPyTorch: unknown option "file"; the options are "path", "dtype"',
    );
  });
});

// ---- models for scripts/fixtures/check_topytorch.py ----------------------------------------------

const OUT = process.env.TAPEGRAD_TOPYTORCH_OUT;

/** A few SGD steps on random data, so that weights, PReLU slopes and running statistics move away from their initial values. */
function train(model: Module, x: Tensor, y: Tensor, steps = 3): void {
  const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    mseLoss(model.forward(x), y).backward();
    opt.step();
  }
}

/** Writes `<name>.py`, `<name>.safetensors`, and `<name>.expected.safetensors` with each input and tapegrad's output (by submodule path). */
function write(dir: string, name: string, model: Module, dtype: 'F64' | 'F32', inputs: [string, Tensor][]): void {
  const file = `${name}.safetensors`;
  saveSafetensors(join(dir, file), model.stateDict(), { dtype });
  // The outputs are those of the weights as saved: rounded to float32 for an F32 file.
  model.loadStateDict(decodeSafetensors(encodeSafetensors(model.stateDict(), { dtype })).stateDict);
  writeFileSync(join(dir, `${name}.py`), toPyTorch(model, { path: file, dtype }));
  const expected = new Map<string, Tensor>();
  for (const [path, x] of inputs) {
    const sub = path === '' ? model : model.namedModules().find(([n]) => n === path)![1];
    const suffix = path === '' ? '' : `.${path}`;
    expected.set(`input${suffix}`, x);
    expected.set(`output${suffix}`, (sub as Module).forward(x));
  }
  // The mode of every module and the frozen parameters, which the printed code sets after loading.
  const metadata = {
    training: JSON.stringify(model.namedModules().map(([n, m]) => [n, m.training])),
    frozen: JSON.stringify(model.namedParameters().flatMap(([n, p]) => (p.requiresGrad ? [] : [n]))),
  };
  writeFileSync(join(dir, `${name}.expected.safetensors`), encodeSafetensors(expected, { metadata }));
}

describe('toPyTorch: models for check_topytorch.py', () => {
  it('writes each model as code, weights, and the inputs and outputs to compare', () => {
    const dir = OUT ?? mkdtempSync(join(tmpdir(), 'tapegrad-topytorch-'));
    mkdirSync(dir, { recursive: true });
    const rng = defaultRng(7);
    const normal = (shape: number[]) => rng.standardNormal(shape);

    const mlp = new Sequential(lin(5, 8), new PReLU({ numParameters: 8 }), lin(8, 1));
    train(mlp, normal([16, 5]), normal([16, 1]));
    write(dir, 'mlp', mlp, 'F64', [['', normal([4, 5])]]);

    const norms = new Sequential(
      lin(4, 6, { bias: false }),
      new LayerNorm(6, { eps: 1e-3 }),
      new LeakyReLU({ negativeSlope: 0.2 }),
      lin(6, 5),
      new BatchNorm1d(5, { momentum: 0.3, eps: 1e-4 }),
      new ELU({ alpha: 0.5 }),
      new Dropout(0.25),
      lin(5, 3),
      new Tanh(),
    );
    norms.at(6).eval(); // no random mask while training
    train(norms, normal([12, 4]), normal([12, 3]));
    norms.eval();
    write(dir, 'norms', norms, 'F64', [['', normal([6, 4])]]);

    const nested = new Sequential(
      new Sequential(lin(4, 4), new BatchNorm1d(3, { momentum: null })),
      new Sequential(new LayerNorm([3, 4], { elementwiseAffine: false }), new PReLU({ init: 0.1 }), new Dropout(0.5)),
      new Flatten(),
      new Sequential(lin(12, 2), new Sigmoid()),
      new Identity(),
    );
    (nested.at(1) as Sequential).at(2).eval();
    train(nested, normal([5, 3, 4]), normal([5, 2]));
    ((nested.at(3) as Sequential).at(0) as Linear).bias!.requiresGrad = false;
    write(dir, 'nested', nested, 'F64', [['', normal([5, 3, 4])]]); // in training mode: batch statistics

    const dict = new ModuleDict({
      encoder: new Sequential(lin(3, 4), new BatchNorm1d(4, { affine: false, trackRunningStats: false }), new ReLU()),
      heads: new ModuleList([lin(4, 2), lin(4, 1, { bias: false })]),
      loss: new MSELoss({ reduction: 'sum' }),
    });
    // Every option that differs from PyTorch's default, and modes set module by module: built and loaded only.
    const options = new ModuleList([
      new Sequential(lin(2, 3, { bias: false }), new LeakyReLU({ negativeSlope: 0.2 }), new PReLU({ numParameters: 3, init: 0.1 })),
      new Sequential(new PReLU({ init: 1 }), new ELU({ alpha: 0.5 }), new Flatten({ startAxis: 0, endAxis: 2 }), new Dropout(0.1)),
      new LayerNorm([2, 3], { eps: 1e-6, elementwiseAffine: false }),
      new BatchNorm1d(3, { eps: 0.001, momentum: null, affine: false, trackRunningStats: false }),
      new BatchNorm1d(4, { momentum: 0.01 }),
      new ModuleDict({ mse: new MSELoss({ reduction: 'sum' }), bce: new BCELoss({ reduction: 'none' }) }),
      new CrossEntropyLoss({ ignoreIndex: 0, reduction: 'sum' }),
    ]);
    options.eval();
    options.at(1).train();
    (options.at(1) as Sequential).at(3).eval();
    (options.at(0) as Sequential).at(0).eval();
    ((options.at(0) as Sequential).at(2) as PReLU).weight.requiresGrad = false;
    write(dir, 'options', options, 'F64', [['0', normal([4, 2])]]);

    write(dir, 'dict-f32', dict, 'F32', [
      ['encoder', normal([5, 3])],
      ['heads.0', normal([5, 4])],
      ['heads.1', normal([5, 4])],
    ]);

    for (const name of ['mlp', 'norms', 'nested', 'options', 'dict-f32']) {
      const code = readFileSync(join(dir, `${name}.py`), 'utf8');
      expect(code).toContain(`load_safetensors("${name}.safetensors")`);
      expect(code).toContain('model.load_state_dict(state, strict=True)');
      const saved = decodeSafetensors(new Uint8Array(readFileSync(join(dir, `${name}.safetensors`)))).stateDict;
      expect(saved.size).toBeGreaterThan(0);
      expect(decodeSafetensors(new Uint8Array(readFileSync(join(dir, `${name}.expected.safetensors`)))).metadata).not.toBeNull();
    }
    if (OUT === undefined) rmSync(dir, { recursive: true, force: true });
  });
});
