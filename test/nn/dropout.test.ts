import { defaultRng, ones, tensor, zeros } from '@tapegrad/core';
import { Dropout, Sequential, setDefaultGenerator, manualSeed, Linear } from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';

describe('Dropout', () => {
  it('zeroes each element with probability p and scales the rest by 1/(1 − p): statistics over 10⁵ draws', () => {
    for (const p of [0.1, 0.5, 0.8]) {
      const n = 100_000;
      const y = new Dropout(p, { generator: defaultRng(11) }).forward(ones([n])).data;
      let zeros = 0;
      let others = 0;
      let total = 0;
      for (const v of y) {
        if (v === 0) zeros++;
        else if (v !== 1 / (1 - p)) others++;
        total += v;
      }
      expect(others).toBe(0);
      // The zero fraction is Binomial(n, p)/n: within 5 standard errors of p.
      expect(Math.abs(zeros / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
      // The mean is the input's, 1, in expectation: sd of y is √(p/(1−p)).
      expect(Math.abs(total / n - 1)).toBeLessThan(5 * Math.sqrt(p / (1 - p) / n));
    }
  });

  it('draws its mask as documented: zero where u < p, u = generator.uniform(0, 1, shape)', () => {
    const p = 0.3;
    const u = defaultRng(5).uniform(0, 1, [4, 5]).data;
    const x = tensor(Array.from({ length: 20 }, (_, i) => i - 7.5)).reshape([4, 5]);
    const y = new Dropout(p, { generator: defaultRng(5) }).forward(x);
    expect(y.shape).toEqual([4, 5]);
    expect(Array.from(y.data)).toEqual(Array.from(x.data, (v, i) => (u[i]! < p ? v * 0 : v * (1 / (1 - p)))));
  });

  it('passes the gradient through the mask: dy/dx = m/(1 − p), the mask a constant', () => {
    const x = tensor([1, -2, 3, 4, 5, 6, 7, 8], { requiresGrad: true });
    const y = new Dropout(0.5, { generator: defaultRng(2) }).forward(x);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual(Array.from(y.data, (v, i) => v / x.data[i]!));
    expect(new Set(x.grad!.data)).toEqual(new Set([0, 2]));
  });

  it('repeats its masks from a seed: a generator given, or the default one after manualSeed', () => {
    const a = new Dropout(0.5, { generator: defaultRng(9) });
    const b = new Dropout(0.5, { generator: defaultRng(9) });
    const first = Array.from(a.forward(ones([50])).data);
    expect(Array.from(b.forward(ones([50])).data)).toEqual(first);
    expect(Array.from(a.forward(ones([50])).data)).not.toEqual(first); // a fresh mask each call
    const before = setDefaultGenerator(null);
    try {
      manualSeed(3);
      const c = Array.from(new Dropout().forward(ones([50])).data);
      manualSeed(3);
      expect(Array.from(new Dropout().forward(ones([50])).data)).toEqual(c);
    } finally {
      setDefaultGenerator(before);
    }
  });

  it('is the identity in eval(), and for p = 0; p = 1 gives zeros, as PyTorch', () => {
    const x = tensor([1, 2, 3]);
    const model = new Sequential(new Linear(3, 3, { generator: defaultRng(0) }), new Dropout(0.9));
    model.eval();
    const drop = model.at(1);
    expect(drop.training).toBe(false);
    expect(drop.forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
    const z = tensor([1, -2, Number.POSITIVE_INFINITY], { requiresGrad: true });
    const y = new Dropout(1).forward(z);
    expect(Array.from(y.data)).toEqual([0, -0, Number.NaN]);
    y.sum().backward();
    expect(Array.from(z.grad!.data)).toEqual([0, 0, 0]);
    expect(new Dropout(0.5).forward(zeros([0, 3])).shape).toEqual([0, 3]);
  });

  it('prints as PyTorch and checks p', () => {
    expect(new Dropout().toString()).toBe('Dropout(p=0.5, inplace=False)');
    expect(new Dropout(0.25).toString()).toBe('Dropout(p=0.25, inplace=False)');
    expect(() => new Dropout(1.5)).toThrow('Dropout: p must be in [0, 1], got 1.5');
    expect(() => new Dropout(-0.1)).toThrow('Dropout: p must be >= 0, got -0.1');
    expect(() => new Dropout(0.5, { generator: {} as never })).toThrow(/Dropout: generator must have uniform/);
    expect(new Dropout(0.5).parameters()).toEqual([]);
  });
});
