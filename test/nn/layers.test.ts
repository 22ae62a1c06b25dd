import { defaultRng, ShapeError, Tensor, tensor, zeros } from '@tapegrad/core';
import {
  DEFAULT_SEED,
  ELU,
  Flatten,
  Identity,
  LeakyReLU,
  Linear,
  PReLU,
  ReLU,
  Sigmoid,
  Tanh,
  manualSeed,
  setDefaultGenerator,
  type RandomSource,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectClose, fixture, toTensor, type TensorRecord } from './helpers.js';

/** A generator that records its calls and returns a fixed pattern. */
function spyGenerator(): RandomSource & { calls: [string, number, number, number[]][] } {
  const calls: [string, number, number, number[]][] = [];
  const make = (kind: string) => (a: number, b: number, size: number[]) => {
    calls.push([kind, a, b, size]);
    const n = size.reduce((x, y) => x * y, 1);
    return new Tensor(
      Float64Array.from({ length: n }, (_, i) => calls.length * 100 + i),
      size,
    );
  };
  return { calls, uniform: make('uniform'), normal: make('normal') };
}

describe('Linear', () => {
  it('computes x·Wᵀ + b with weight [out, in] on inputs of any batch rank', () => {
    const layer = new Linear(3, 2, { generator: defaultRng(1) });
    layer.weight.data.set([1, 2, 3, 4, 5, 6]);
    layer.bias!.data.set([0.5, -0.5]);
    expect(layer.weight.shape).toEqual([2, 3]);
    expect(
      layer
        .forward(
          tensor([
            [1, 0, -1],
            [2, 1, 0],
          ]),
        )
        .toArray(),
    ).toEqual([
      [-1.5, -2.5],
      [4.5, 12.5],
    ]);
    expect(layer.forward(tensor([1, 0, -1])).toArray()).toEqual([-1.5, -2.5]);
    expect(layer.forward(zeros([4, 5, 3])).shape).toEqual([4, 5, 2]);
    const noBias = new Linear(3, 2, { bias: false, generator: defaultRng(1) });
    expect(noBias.bias).toBeNull();
    expect(noBias.namedParameters().map(([n]) => n)).toEqual(['weight']);
  });

  it('names the layer and the shapes when the input does not fit', () => {
    const layer = new Linear(2, 4, { generator: defaultRng(1) });
    expect(() => layer.forward(zeros([5, 3]))).toThrow(ShapeError);
    expect(() => layer.forward(zeros([5, 3]))).toThrow('Linear(in=2, out=4): expected input [..., 2], got [5,3]');
    expect(() => layer.forward(tensor(1))).toThrow('Linear(in=2, out=4): expected input [..., 2], got []');
    expect(() => new Linear(0, 4)).toThrow(/Linear: inFeatures must be an integer >= 1, got 0/);
    expect(() => new Linear(2, 4, { bias: 1 } as never)).toThrow(/Linear: bias must be true or false/);
  });

  it('draws weight then bias from U(−1/√in, 1/√in), from the generator it is given', () => {
    const g = spyGenerator();
    const layer = new Linear(16, 3, { generator: g });
    expect(g.calls).toEqual([
      ['uniform', -0.25, 0.25, [3, 16]],
      ['uniform', -0.25, 0.25, [3]],
    ]);
    expect(layer.weight.data[0]).toBe(100);
    expect(layer.bias!.data[0]).toBe(200);
  });

  it('has the default bound 1/√in: over 10⁵ weights, max |w| → 1/√in and var → 1/(3·in)', () => {
    const inF = 25;
    const layer = new Linear(inF, 4000, { generator: defaultRng(3) });
    const w = layer.weight.data;
    const bound = 1 / Math.sqrt(inF);
    let max = 0;
    let sum = 0;
    let sq = 0;
    for (const v of w) {
      max = Math.max(max, Math.abs(v));
      sum += v;
      sq += v * v;
    }
    const n = w.length;
    expect(max).toBeLessThanOrEqual(bound);
    expect(max).toBeGreaterThan(bound * (1 - 1e-3));
    // mean: 0 ± 5 standard errors (σ/√n, σ = bound/√3)
    expect(Math.abs(sum / n)).toBeLessThan((5 * bound) / Math.sqrt(3 * n));
    expect(sq / n).toBeCloseTo(bound ** 2 / 3, 3);
  });

  it('without a generator draws from the default one: defaultRng(0), restarted by manualSeed', () => {
    const before = setDefaultGenerator(null);
    try {
      const k = 1 / Math.sqrt(3);
      const first = new Linear(3, 2);
      expect(Array.from(first.weight.data)).toEqual(Array.from(defaultRng(DEFAULT_SEED).uniform(-k, k, [2, 3]).data));
      manualSeed(5);
      const a = new Linear(3, 2);
      manualSeed(5);
      const b = new Linear(3, 2);
      const rng = defaultRng(5);
      expect(Array.from(a.weight.data)).toEqual(Array.from(rng.uniform(-k, k, [2, 3]).data));
      expect(Array.from(a.bias!.data)).toEqual(Array.from(rng.uniform(-k, k, [2]).data));
      expect(Array.from(b.weight.data)).toEqual(Array.from(a.weight.data));
      setDefaultGenerator(spyGenerator());
      expect(new Linear(2, 2).weight.data[0]).toBe(100);
      expect(() => setDefaultGenerator({} as never)).toThrow(
        /setDefaultGenerator: generator must have uniform\(low, high, size\) and normal\(loc, scale, size\) methods/,
      );
    } finally {
      setDefaultGenerator(before);
    }
  });

  it("draws the same initial weights as NumPy's default_rng with PyTorch's bounds", () => {
    const { numpyDraws } = fixture<{ numpyDraws: { name: string; seed: number; weight: TensorRecord; bias: TensorRecord }[] }>('init.json');
    const ref = numpyDraws.find((d) => d.name === 'linear_4_3')!;
    const layer = new Linear(4, 3, { generator: defaultRng(ref.seed) });
    expectClose(layer.weight, ref.weight, 0, 0, 'weight');
    expectClose(layer.bias!, ref.bias, 0, 0, 'bias');
  });
});

describe('activations at the post anchors z = −3, −1, 0, 0.5, 1, 3', () => {
  const anchors = [-3, -1, 0, 0.5, 1, 3];
  const forwardAndGrad = (m: { forward(z: Tensor): Tensor }) => {
    const z = tensor(anchors, { requiresGrad: true });
    const a = m.forward(z);
    a.sum().backward();
    return { a: Array.from(a.data), g: Array.from(z.grad!.data) };
  };

  it('ReLU: 0 below, identity above, gradient 0 at the kink', () => {
    expect(forwardAndGrad(new ReLU())).toEqual({ a: [0, 0, 0, 0.5, 1, 3], g: [0, 0, 0, 1, 1, 1] });
  });

  it('LeakyReLU (0.01 by default): gradient α at the kink', () => {
    const { a, g } = forwardAndGrad(new LeakyReLU());
    expect(a).toEqual([-0.03, -0.01, 0, 0.5, 1, 3]);
    expect(g).toEqual([0.01, 0.01, 0.01, 1, 1, 1]);
    expect(forwardAndGrad(new LeakyReLU({ negativeSlope: 0.3 })).g).toEqual([0.3, 0.3, 0.3, 1, 1, 1]);
  });

  it('PReLU (init 0.25): the table of the post, and ∂/∂α = Σ z over z ≤ 0', () => {
    const act = new PReLU();
    const z = tensor(anchors, { requiresGrad: true });
    const a = act.forward(z);
    expect(Array.from(a.data)).toEqual([-0.75, -0.25, 0, 0.5, 1, 3]);
    a.sum().backward();
    expect(Array.from(z.grad!.data)).toEqual([0.25, 0.25, 0.25, 1, 1, 1]);
    expect(Array.from(act.weight.grad!.data)).toEqual([-4]);
    const half = new PReLU({ init: 0.5 });
    expect(Array.from(half.forward(tensor(anchors)).data)).toEqual([-1.5, -0.5, 0, 0.5, 1, 3]);
  });

  it('ELU, Sigmoid, Tanh: values and derivatives by their formulas', () => {
    const elu = forwardAndGrad(new ELU());
    anchors.forEach((z, i) => {
      expect(elu.a[i]).toBeCloseTo(z > 0 ? z : Math.expm1(z), 15);
      expect(elu.g[i]).toBeCloseTo(z > 0 ? 1 : Math.exp(z), 15);
    });
    const sig = forwardAndGrad(new Sigmoid());
    anchors.forEach((z, i) => {
      const s = 1 / (1 + Math.exp(-z));
      expect(sig.a[i]).toBeCloseTo(s, 15);
      expect(sig.g[i]).toBeCloseTo(s * (1 - s), 15);
    });
    const th = forwardAndGrad(new Tanh());
    anchors.forEach((z, i) => expect(th.g[i]).toBeCloseTo(1 - Math.tanh(z) ** 2, 15));
    expect(new ELU({ alpha: 2 }).toString()).toBe('ELU(alpha=2)');
  });

  it('reject bad settings with the layer named', () => {
    expect(() => new LeakyReLU({ negativeSlope: NaN })).toThrow(/LeakyReLU: negativeSlope must be a finite number, got NaN/);
    expect(() => new LeakyReLU({ negative_slope: 0.2 } as never)).toThrow(/LeakyReLU: unknown option "negative_slope"/);
    expect(() => new PReLU({ numParameters: 0 })).toThrow(/PReLU: numParameters must be an integer >= 1, got 0/);
  });
});

interface PReLUCase {
  name: string;
  x: TensorRecord;
  weight: TensorRecord;
  g: TensorRecord;
  output: TensorRecord;
  gradX: TensorRecord;
  gradWeight: TensorRecord;
}

describe('PReLU against PyTorch (channel axis 1)', () => {
  const { cases } = fixture<{ cases: PReLUCase[] }>('prelu.json');
  for (const c of cases) {
    it(`${c.name} ${JSON.stringify(c.x.shape)}: output and the gradients of input and per-channel α`, () => {
      const act = new PReLU({ numParameters: c.weight.shape[0]! });
      act.weight.data.set(c.weight.data);
      const x = toTensor(c.x, { requiresGrad: true });
      const out = act.forward(x);
      expectClose(out, c.output, 0, 0, 'output');
      out.backward({ grad: toTensor(c.g) });
      expectClose(x.grad!, c.gradX, 0, 0, 'grad x');
      expectClose(act.weight.grad!, c.gradWeight, 1e-13, 1e-13, 'grad α');
    });
  }

  it('numParameters() of PReLU({ numParameters: 512 }) is 512, all at 0.25', () => {
    const act = new PReLU({ numParameters: 512 });
    expect(act.numParameters()).toBe(512);
    expect(act.weight.shape).toEqual([512]);
    expect(new Set(act.weight.data)).toEqual(new Set([0.25]));
    expect(act.toString()).toBe('PReLU(numParameters=512)');
  });

  it('names itself and the expected channel layout on a wrong input', () => {
    const act = new PReLU({ numParameters: 8 });
    expect(() => act.forward(zeros([5, 3]))).toThrow('PReLU(numParameters=8): expected input [N, 8, ...] (channels on axis 1), got [5,3]');
    expect(() => act.forward(zeros([8]))).toThrow(/got \[8\]/);
  });
});

describe('Flatten and Identity', () => {
  it('flatten every axis but the batch by default, as torch.nn.Flatten', () => {
    expect(new Flatten().forward(zeros([8, 3, 4, 4])).shape).toEqual([8, 48]);
    expect(new Flatten({ startAxis: 0 }).forward(zeros([2, 3])).shape).toEqual([6]);
    expect(new Flatten({ startAxis: 1, endAxis: 2 }).forward(zeros([2, 3, 4, 5])).shape).toEqual([2, 12, 5]);
    expect(new Flatten().toString()).toBe('Flatten(startAxis=1, endAxis=-1)');
    const x = tensor([1, 2]);
    expect(new Identity().forward(x)).toBe(x);
  });
});
