import { defaultRng, tensor } from '@tapegrad/core';
import { LeakyReLU, Linear, PReLU, ReLU, Sequential, activationStats, gradientNorms, type Activation } from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';

/**
 * z = x·Wᵀ + b over X = {0,1}²: unit 0 is −(x₁ + x₂) ≤ 0 for every input (dead behind a ReLU),
 * unit 1 is x₁ − 0.5 (negative for half the inputs), unit 2 is x₁ + x₂ + 0.1 > 0.
 */
function model(act: Activation): Sequential {
  const first = new Linear(2, 3, { generator: defaultRng(1) });
  first.weight.data.set([-1, -1, 1, 0, 1, 1]);
  first.bias!.data.set([0, -0.5, 0.1]);
  const second = new Linear(3, 1, { generator: defaultRng(2) });
  second.weight.data.set([1, 1, 1]);
  second.bias!.data.set([0]);
  return new Sequential(first, act, second, new PReLU());
}
const X = tensor([
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
]);

describe('activationStats', () => {
  it('finds the dead unit and the fraction of negative pre-activations, per activation layer', () => {
    const m = model(new ReLU());
    const [first, second] = activationStats(m, X);
    const z = [0, -0.5, 0.1, -1, 0.5, 1.1, -1, -0.5, 1.1, -2, 0.5, 2.1];
    const mean = z.reduce((a, b) => a + b) / 12;
    expect(first).toMatchObject({
      name: '1',
      layer: 'ReLU()',
      shape: [4, 3],
      units: 3,
      deadUnits: [0],
      deadFraction: 1 / 3,
      negativeFraction: 5 / 12,
    });
    expect(first!.mean).toBeCloseTo(mean, 15);
    expect(first!.std).toBeCloseTo(Math.sqrt(z.reduce((a, v) => a + (v - mean) ** 2, 0) / 12), 15);
    // After the ReLU: z = relu(unit 1) + relu(unit 2) > 0 for every input.
    expect(second).toMatchObject({ name: '3', layer: 'PReLU(numParameters=1)', shape: [4, 1], deadUnits: [], negativeFraction: 0 });
  });

  it('records nothing, changes nothing and restores each forward, even when the forward throws', () => {
    const act = new ReLU();
    const m = model(act);
    const before = m.parameters().map((p) => Array.from(p.data));
    activationStats(m, X);
    expect(Object.hasOwn(act, 'forward')).toBe(false);
    expect(m.parameters().map((p) => Array.from(p.data))).toEqual(before);
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
    expect(() => activationStats(m, tensor([[1, 2, 3]]))).toThrow(/Linear\(in=2, out=3\): expected input \[..., 2\], got \[1,3\]/);
    expect(Object.hasOwn(act, 'forward')).toBe(false);
  });
});

describe('gradientNorms', () => {
  it('are ‖grad‖₂ per parameter: 0 for the weights of a dead ReLU unit, small but not 0 behind a Leaky ReLU', () => {
    const relu = model(new ReLU());
    expect(gradientNorms(relu)[0]).toEqual({ name: '0.weight', shape: [3, 2], norm: null, maxAbs: null });
    relu.forward(X).sum().backward();
    const norms = gradientNorms(relu);
    expect(norms.map((n) => n.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '3.weight']);
    for (const [i, p] of relu.parameters().entries()) {
      const g = Array.from(p.grad!.data);
      expect(norms[i]!.norm).toBeCloseTo(Math.sqrt(g.reduce((a, v) => a + v * v, 0)), 15);
      expect(norms[i]!.maxAbs).toBe(Math.max(...g.map(Math.abs)));
    }
    const w = relu.parameters()[0]!.grad!;
    expect([w.data[0], w.data[1]]).toEqual([0, 0]); // unit 0 is dead: its weights get no gradient

    const leaky = model(new LeakyReLU());
    leaky.forward(X).sum().backward();
    const wl = leaky.parameters()[0]!.grad!;
    // d/dW₀ Σ = Σ_inputs α·x: α = 0.01 times the column sums of X (2, 2)
    expect(wl.data[0]).toBeCloseTo(0.02, 15);
    expect(wl.data[1]).toBeCloseTo(0.02, 15);
  });
});
