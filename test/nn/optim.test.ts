import { type Tensor, defaultRng, tapeOf, tensor } from '@tapegrad/core';
import {
  Adam,
  AdamW,
  BCELoss,
  LeakyReLU,
  Linear,
  PReLU,
  SGD,
  Sequential,
  Sigmoid,
  StateDictError,
  type AdamOptions,
  type SGDOptions,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectClose, fixture, toTensor, type TensorRecord } from './helpers.js';

interface Run {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  defaults: Record<string, number | boolean | number[]>;
  groups: { params: string[]; options: Record<string, number> }[];
  losses: number[];
  finalLoss: number;
  final: Record<string, TensorRecord>;
}
interface MlpFixture {
  repr: string;
  stateDictKeys: string[];
  steps: number;
  X: TensorRecord;
  y: TensorRecord;
  initial: Record<string, TensorRecord>;
  runs: Run[];
}

const mlp = fixture<MlpFixture>('mlp.json');
const TOL = 1e-12;

/** The fixture's architecture, with its initial weights loaded through loadStateDict. */
function makeModel(): Sequential {
  const rng = defaultRng(1); // overwritten by the fixture's weights below
  const model = new Sequential(
    new Linear(4, 8, { generator: rng }),
    new PReLU({ numParameters: 8 }),
    new Linear(8, 8, { generator: rng }),
    new LeakyReLU({ negativeSlope: 0.01 }),
    new Linear(8, 1, { generator: rng }),
    new Sigmoid(),
  );
  model.loadStateDict(new Map(Object.entries(mlp.initial).map(([k, v]) => [k, toTensor(v)])));
  return model;
}

function makeOptimizer(run: Run, model: Sequential): SGD | Adam | AdamW {
  const byName = new Map(model.namedParameters());
  const groups = run.groups.map((g) => ({ params: g.params.map((n) => byName.get(n)!), ...g.options }));
  if (run.optimizer === 'SGD') return new SGD(groups, run.defaults as Partial<SGDOptions>);
  const Opt = run.optimizer === 'Adam' ? Adam : AdamW;
  return new Opt(groups, run.defaults as Partial<AdamOptions>);
}

describe('3-layer MLP (PReLU per channel, LeakyReLU, sigmoid + BCE) against PyTorch float64', () => {
  const X = toTensor(mlp.X);
  const y = toTensor(mlp.y);
  const lossFn = new BCELoss();

  it('has the parameter names and repr PyTorch gives the same architecture', () => {
    const model = makeModel();
    expect(model.namedParameters().map(([n]) => n)).toEqual(mlp.stateDictKeys);
    const pytorchRepr = mlp.repr
      .replace(/in_features/g, 'inFeatures')
      .replace(/out_features/g, 'outFeatures')
      .replace(/num_parameters/g, 'numParameters')
      .replace(/negative_slope/g, 'negativeSlope')
      .replace(/True/g, 'true');
    expect(model.toString()).toBe(pytorchRepr);
  });

  for (const run of mlp.runs) {
    it(`${run.name}: the loss at each of ${mlp.steps} steps and every parameter after them match to ${TOL}`, () => {
      const model = makeModel();
      const opt = makeOptimizer(run, model);
      const losses: number[] = [];
      for (let step = 0; step < mlp.steps; step++) {
        opt.zeroGrad();
        const loss = lossFn.forward(model.forward(X), y);
        loss.backward();
        opt.step();
        losses.push(loss.item());
      }
      losses.forEach((l, i) => expect(Math.abs(l - run.losses[i]!), `loss at step ${i}`).toBeLessThanOrEqual(TOL));
      expect(Math.abs(lossFn.forward(model.forward(X), y).item() - run.finalLoss)).toBeLessThanOrEqual(TOL);
      const sd = model.stateDict();
      for (const [name, expected] of Object.entries(run.final)) expectClose(sd.get(name)!, expected, TOL, 0, name);
      // The slopes moved, and differently per channel: the test would catch a shared α.
      const alpha = Array.from(sd.get('1.weight')!.data);
      expect(new Set(alpha.map((a) => a.toFixed(12))).size).toBe(8);
    });
  }
});

describe('optimizer steps', () => {
  it('write into param.data in place and record nothing on the tape', () => {
    const p = tensor([1, -2, 3], { requiresGrad: true });
    const data = p.data;
    const opt = new SGD([p], { lr: 0.5, momentum: 0.9 });
    p.sum().backward();
    const grad = p.grad;
    opt.step();
    expect(p.data).toBe(data);
    expect(Array.from(p.data)).toEqual([0.5, -2.5, 2.5]);
    expect(p.isLeaf).toBe(true);
    expect(p.entry).toBeNull();
    expect(p.grad).toBe(grad);
    expect(Array.from(grad!.data)).toEqual([1, 1, 1]);
    expect(tapeOf(p).entries).toHaveLength(0);
  });

  it('follow PyTorch for the first SGD steps, worked by hand', () => {
    // g = 1, μ = 0.9, τ = 0.5, λ = 0.1, η = 0.1, θ₀ = 2:
    // step 1: d = 1 + 0.2 = 1.2; b = 1.2 (a copy, no dampening); θ = 2 − 0.12 = 1.88
    // step 2: d = 1 + 0.188 = 1.188; b = 0.9·1.2 + 0.5·1.188 = 1.674; θ = 1.88 − 0.1674
    const p = tensor([2], { requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.1 });
    for (let i = 0; i < 2; i++) {
      p.grad = tensor([1]);
      opt.step();
    }
    expect(p.item()).toBeCloseTo(1.88 - 0.1674, 15);
  });

  it('bias-correct Adam: the first step moves every parameter by lr, whatever its gradient scale', () => {
    const p = tensor([1, 1, 1], { requiresGrad: true });
    const opt = new Adam([p], { lr: 0.01, eps: 0 });
    p.grad = tensor([1e-6, -3, 1e4]);
    opt.step();
    expect(Array.from(p.data).map((v) => Number(v.toFixed(12)))).toEqual([0.99, 1.01, 0.99]);
    expect(opt.state.get(p)!.step).toBe(1);
  });

  it('skip parameters without a gradient, as PyTorch skips None', () => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = tensor([1]);
    opt.step();
    expect(b.item()).toBe(1);
    expect(opt.state.has(b)).toBe(false);
  });

  it('apply per-group options: no weight decay on the PReLU group', () => {
    const w = tensor([1], { requiresGrad: true });
    const alpha = tensor([0.25], { requiresGrad: true });
    const opt = new SGD([{ params: [w] }, { params: [alpha], weightDecay: 0, lr: 1 }], { lr: 0.1, weightDecay: 0.5 });
    w.grad = tensor([0]);
    alpha.grad = tensor([0]);
    opt.step();
    expect(w.item()).toBeCloseTo(1 - 0.1 * 0.5, 15); // decayed
    expect(alpha.item()).toBe(0.25); // not decayed
    expect(opt.paramGroups.map((g) => [g.lr, g.weightDecay])).toEqual([
      [0.1, 0.5],
      [1, 0],
    ]);
  });

  it('return the closure loss and zero gradients with zeroGrad', () => {
    const p = tensor([3], { requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = p.mul(p).sum();
      l.backward();
      return l;
    });
    expect(loss!.item()).toBe(9);
    expect(p.item()).toBeCloseTo(3 - 0.6, 15);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
  });

  it('save and restore their state: training resumed from a state dict equals uninterrupted training', () => {
    const run = mlp.runs.find((r) => r.name === 'adam')!;
    const X = toTensor(mlp.X);
    const y = toTensor(mlp.y);
    const lossFn = new BCELoss();
    const trainSteps = (model: Sequential, opt: SGD | Adam | AdamW, n: number) => {
      for (let i = 0; i < n; i++) {
        opt.zeroGrad();
        lossFn.forward(model.forward(X), y).backward();
        opt.step();
      }
    };
    const a = makeModel();
    const optA = makeOptimizer(run, a);
    trainSteps(a, optA, 10);
    const b = makeModel();
    const optB = makeOptimizer(run, b);
    b.loadStateDict(a.stateDict());
    (optB as Adam).loadStateDict((optA as Adam).stateDict());
    trainSteps(a, optA, 10);
    trainSteps(b, optB, 10);
    for (const [name, t] of a.stateDict()) expect(Array.from(b.stateDict().get(name)!.data), name).toEqual(Array.from(t.data));
    for (const [name, t] of Object.entries(run.final)) expectClose(b.stateDict().get(name)!, t, TOL, 0, name);
    const sd = optA.stateDict();
    expect(sd.paramGroups.map((g) => g.params)).toEqual([[0, 1, 2, 3, 4, 5], [6]]);
    expect(Object.keys(sd.state)).toHaveLength(7);
  });

  it('refuse a state dict for other groups or shapes, changing nothing', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    const opt = new Adam([a, b]);
    a.grad = tensor([1, 1]);
    b.grad = tensor([1]);
    opt.step();
    const sd = opt.stateDict();
    const other = new Adam([{ params: [a] }, { params: [b] }]);
    expect(() => other.loadStateDict(sd)).toThrow(StateDictError);
    expect(() => other.loadStateDict(sd)).toThrow(/the state dict has 1 parameter groups, this optimizer has 2/);
    const swapped = new Adam([b, a]);
    expect(() => swapped.loadStateDict(sd)).toThrow(/state "expAvg" of parameter 0 has shape \[2\], the parameter has shape \[1\]/);
    expect(swapped.state.size).toBe(0);
  });

  it('reject bad arguments with named errors', () => {
    const p = tensor([1], { requiresGrad: true });
    expect(() => new SGD([p], {})).toThrow(/SGD: parameter group 0 has no learning rate/);
    expect(() => new SGD([p], { lr: -1 })).toThrow(/SGD \(parameter group 0\): lr must be >= 0, got -1/);
    expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow(/nesterov momentum needs momentum > 0/);
    expect(() => new Adam([p], { betas: [0.9, 1] })).toThrow(/betas\[1\] must be in \[0, 1\), got 1/);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/SGD: got an empty parameter list/);
    expect(() => new Adam(makeModel() as never)).toThrow(
      /Adam: got the module itself; pass its parameters: new Adam\(model.parameters\(\), ...\)/,
    );
    expect(() => new SGD([p, p], { lr: 0.1 })).toThrow(/appears twice/);
    expect(() => new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 })).toThrow(/parameter group 1, params\[0\].*appears twice/);
    expect(() => new SGD([p.mul(2)], { lr: 0.1 })).toThrow(/not a leaf \(it was computed by mul\)/);
    expect(() => new SGD([p], { lr: 0.1, weight_decay: 0.1 } as never)).toThrow(/unknown option "weight_decay"/);
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([1, 2]);
    expect(() => opt.step()).toThrow(/SGD.step: parameter 0 of group 0 has shape \[1\] but its grad has shape \[2\]/);
    expect(p.item()).toBe(1);
  });

  it('do not change the options or the arrays they were given', () => {
    const p = tensor([1], { requiresGrad: true });
    const params = [p];
    const options = { lr: 0.1, momentum: 0.5 };
    const opt = new SGD(params, options);
    opt.paramGroups[0]!.lr = 1;
    expect(options).toEqual({ lr: 0.1, momentum: 0.5 });
    expect(params).toEqual([p]);
    expect(opt.toString()).toContain('lr: 1');
  });
});

describe('an optimizer state dict through JSON', () => {
  it('JSON.stringify and JSON.parse give a state that loads and resumes bit for bit', async () => {
    const core = await import('@tapegrad/core');
    const nn = await import('@tapegrad/nn');
    const make = () => {
      const w = core.tensor(
        [
          [0.5, -0.25],
          [0.125, 1],
        ],
        { requiresGrad: true },
      );
      return { w, opt: new nn.Adam([w], { lr: 0.01, amsgrad: true }) };
    };
    const step = (w: Tensor, opt: InstanceType<typeof nn.Adam>, k: number) => {
      opt.zeroGrad();
      core.sum(core.mul(core.mul(w, w), k)).backward();
      opt.step();
    };
    const a = make();
    for (let k = 1; k <= 3; k++) step(a.w, a.opt, k);
    const text = JSON.stringify(a.opt.stateDict());
    expect(text).not.toMatch(/"data":\{/); // tensors as { shape, data: [...] }, not an object of indices
    const b = make();
    b.w.data.set(a.w.data);
    b.opt.loadStateDict(JSON.parse(text));
    for (let k = 4; k <= 6; k++) {
      step(a.w, a.opt, k);
      step(b.w, b.opt, k);
    }
    expect(Array.from(b.w.data)).toEqual(Array.from(a.w.data));
  });

  it('Tensor.toJSON keeps NaN, ±Infinity and −0, and a bad record is a clear error', async () => {
    const core = await import('@tapegrad/core');
    const nn = await import('@tapegrad/nn');
    expect(
      JSON.stringify(
        core.tensor([
          [1, -0],
          [NaN, -Infinity],
        ]),
      ),
    ).toBe('{"shape":[2,2],"data":[1,"-0","NaN","-Infinity"]}');
    const w = core.tensor([1, 2], { requiresGrad: true });
    const opt = new nn.SGD([w], { lr: 0.1, momentum: 0.9 });
    const sd = JSON.parse(JSON.stringify(opt.stateDict()));
    sd.state = { 0: { momentumBuffer: { shape: [2], data: [1, 'x'] } } };
    expect(() => opt.loadStateDict(sd)).toThrow(
      /state "momentumBuffer" of parameter 0\.data\[1\] is "x"; expected a number or one of "NaN"/,
    );
  });
});
