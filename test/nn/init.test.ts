import { defaultRng, ShapeError, type Tensor, tensor, zeros } from '@tapegrad/core';
import {
  calculateFans,
  calculateGain,
  constant_,
  kaimingNormal_,
  kaimingUniform_,
  normal_,
  ones_,
  uniform_,
  xavierNormal_,
  xavierUniform_,
  zeros_,
  type Nonlinearity,
} from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { expectClose, fixture, type TensorRecord } from './helpers.js';

describe('calculateGain', () => {
  it('equals torch.nn.init.calculate_gain for every nonlinearity', () => {
    const { gains } = fixture<{ gains: { nonlinearity: Nonlinearity; param: number | null; gain: number }[] }>('init.json');
    expect(gains.length).toBeGreaterThan(15);
    for (const g of gains) expect(calculateGain(g.nonlinearity, g.param ?? undefined), `${g.nonlinearity} ${g.param}`).toBe(g.gain);
  });

  it("gives √(2/(1+a²)) for 'leaky_relu', with a = 0.01 by default", () => {
    expect(calculateGain('leaky_relu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(calculateGain('leaky_relu', 0.25)).toBe(Math.sqrt(2 / 1.0625));
    expect(() => calculateGain('gelu' as never)).toThrow(
      /calculateGain: unsupported nonlinearity "gelu"; expected one of linear, .*leaky_relu, selu/,
    );
  });
});

/** Mean, standard deviation and max |v| of a tensor's values. */
function moments(t: Tensor): { mean: number; std: number; maxAbs: number } {
  let s = 0;
  let maxAbs = 0;
  for (const v of t.data) {
    s += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = s / t.size;
  let sq = 0;
  for (const v of t.data) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / t.size), maxAbs };
}

/**
 * Over n = 10⁵ draws the sample mean is within 5 standard errors (σ/√n) of 0, and the sample
 * standard deviation within 5 of its standard errors (≈ σ·√(κ−1)/(2√n), κ the kurtosis: 1.8 for a
 * uniform, 3 for a normal) of σ.
 */
function expectMoments(t: Tensor, sigma: number, kurtosis: number): void {
  const n = t.size;
  const { mean, std } = moments(t);
  expect(n).toBe(100_000);
  expect(Math.abs(mean)).toBeLessThan((5 * sigma) / Math.sqrt(n));
  expect(Math.abs(std - sigma)).toBeLessThan((5 * sigma * Math.sqrt(kurtosis - 1)) / (2 * Math.sqrt(n)));
}

describe('random initialisers: mean and standard deviation over 10⁵ draws agree with the formulas', () => {
  // [out, in, kh, kw]: fanIn = 20·10·10 = 2000, fanOut = 50·10·10 = 5000
  const conv = () => zeros([50, 20, 10, 10], { requiresGrad: true });
  // [out, in]: fanIn = 400, fanOut = 250
  const dense = () => zeros([250, 400]);

  it('fans: in = shape[1]·receptive field, out = shape[0]·receptive field', () => {
    expect(calculateFans(conv())).toEqual({ fanIn: 2000, fanOut: 5000 });
    expect(calculateFans(dense())).toEqual({ fanIn: 400, fanOut: 250 });
    expect(() => calculateFans(zeros([5]))).toThrow(ShapeError);
  });

  it('kaimingUniform_: U(−b, b), b = √3·gain/√fanIn; default gain √2 (leaky_relu with a = 0)', () => {
    const w = kaimingUniform_(dense(), { generator: defaultRng(1) });
    const sigma = Math.sqrt(2) / Math.sqrt(400);
    expectMoments(w, sigma, 1.8);
    const { maxAbs } = moments(w);
    expect(maxAbs).toBeLessThanOrEqual(Math.sqrt(3) * sigma);
    expect(maxAbs).toBeGreaterThan(Math.sqrt(3) * sigma * (1 - 1e-3));
  });

  it("kaimingUniform_ for a Leaky ReLU layer: gain √(2/(1+a²)) with a = 0.2, mode 'fan_out'", () => {
    const w = kaimingUniform_(conv(), { a: 0.2, mode: 'fan_out', generator: defaultRng(2) });
    expectMoments(w, Math.sqrt(2 / 1.04) / Math.sqrt(5000), 1.8);
  });

  it('kaimingNormal_: N(0, gain²/fan), here relu on fanIn', () => {
    const w = kaimingNormal_(conv(), { nonlinearity: 'relu', generator: defaultRng(3) });
    expectMoments(w, Math.sqrt(2) / Math.sqrt(2000), 3);
  });

  it('xavierUniform_: U(−b, b), b = gain·√(6/(fanIn + fanOut))', () => {
    const w = xavierUniform_(dense(), { gain: calculateGain('tanh'), generator: defaultRng(4) });
    const sigma = (5 / 3) * Math.sqrt(2 / 650);
    expectMoments(w, sigma, 1.8);
    expect(moments(w).maxAbs).toBeLessThanOrEqual((5 / 3) * Math.sqrt(6 / 650));
  });

  it('xavierNormal_: N(0, gain²·2/(fanIn + fanOut))', () => {
    const w = xavierNormal_(conv(), { generator: defaultRng(5) });
    expectMoments(w, Math.sqrt(2 / 7000), 3);
  });

  it('uniform_ and normal_: the given range and moments', () => {
    const u = uniform_(dense(), { low: 2, high: 4, generator: defaultRng(6) });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(2);
    expect(Math.abs(moments(u).mean - 3)).toBeLessThan((5 * (2 / Math.sqrt(12))) / Math.sqrt(1e5));
    const g = normal_(dense(), { mean: 0, std: 0.1, generator: defaultRng(7) });
    expectMoments(g, 0.1, 3);
  });

  it('fill in place, return the tensor, and record nothing', () => {
    const w = zeros([3, 4], { requiresGrad: true });
    const data = w.data;
    expect(kaimingNormal_(w, { generator: defaultRng(8) })).toBe(w);
    expect(w.data).toBe(data);
    expect(w.isLeaf).toBe(true);
    expect(Array.from(zeros_(w).data)).toEqual(Array(12).fill(0));
    expect(Array.from(ones_(w).data)).toEqual(Array(12).fill(1));
    expect(Array.from(constant_(w, 0.25).data)).toEqual(Array(12).fill(0.25));
  });

  it('reject what they cannot fill, naming the function', () => {
    expect(() => kaimingUniform_(zeros([5]), { generator: defaultRng(1) })).toThrow(
      /kaimingUniform_: fan in and fan out need a tensor with at least 2 dimensions, got shape \[5\]/,
    );
    const leaf = tensor([[1, 2]], { requiresGrad: true });
    expect(() => xavierNormal_(leaf.mul(2), { generator: defaultRng(1) })).toThrow(
      /xavierNormal_: can only fill a leaf tensor \(a parameter\); this one was computed by mul/,
    );
    expect(() => kaimingNormal_(zeros([2, 2]), { mode: 'fanIn' as never })).toThrow(/mode must be 'fan_in' or 'fan_out', got "fanIn"/);
    expect(() => constant_(zeros([2]), NaN)).toThrow(/constant_: value must be a finite number, got NaN/);
  });
});

describe("PyTorch's formulas with NumPy's draws", () => {
  const { numpyDraws } = fixture<{ numpyDraws: { name: string; seed: number; values: TensorRecord }[] }>('init.json');
  const draw = (name: string) => numpyDraws.find((d) => d.name === name)!;
  // shape [6, 5, 3]: fanIn 15, fanOut 18
  const cases: [string, (w: Tensor, seed: number) => Tensor][] = [
    ['kaiming_uniform_a0.1', (w, seed) => kaimingUniform_(w, { a: 0.1, generator: defaultRng(seed) })],
    ['kaiming_normal_relu_fan_out', (w, seed) => kaimingNormal_(w, { mode: 'fan_out', nonlinearity: 'relu', generator: defaultRng(seed) })],
    ['xavier_uniform_gain2', (w, seed) => xavierUniform_(w, { gain: 2, generator: defaultRng(seed) })],
    ['xavier_normal', (w, seed) => xavierNormal_(w, { generator: defaultRng(seed) })],
  ];
  for (const [name, init] of cases) {
    it(`${name}: bit for bit, given defaultRng with the same seed`, () => {
      const d = draw(name);
      expectClose(init(zeros([6, 5, 3]), d.seed), d.values, 0, 0, name);
    });
  }
});
