import { ShapeError, ArgumentError, tensor } from '@tapegrad/core';
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, bceLoss, bceWithLogitsLoss, crossEntropyLoss, mseLoss } from '@tapegrad/nn';
import type { Tensor } from '@tapegrad/core';
import { describe, expect, it } from 'vitest';
import { expectClose, fixture, toTensor, type TensorRecord } from './helpers.js';

interface LossCase {
  name: string;
  loss: 'mseLoss' | 'bceLoss' | 'bceWithLogitsLoss' | 'crossEntropyLoss';
  options: Record<string, string | number | TensorRecord>;
  input: TensorRecord;
  target: TensorRecord;
  g: TensorRecord;
  output: TensorRecord;
  gradInput: TensorRecord | null;
}

const fns = { mseLoss, bceLoss, bceWithLogitsLoss, crossEntropyLoss } as const;

function optionsOf(c: LossCase): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c.options).map(([k, v]) => [k, typeof v === 'object' ? toTensor(v) : v]));
}

describe('losses against PyTorch (float64)', () => {
  const { cases } = fixture<{ cases: LossCase[] }>('losses.json');
  for (const c of cases) {
    it(`${c.name}: value${c.gradInput ? ' and input gradient' : ''}`, () => {
      const x = toTensor(c.input, { requiresGrad: true });
      const fn = fns[c.loss] as (i: Tensor, t: Tensor, o: Record<string, unknown>) => Tensor;
      const out = fn(x, toTensor(c.target), optionsOf(c));
      expectClose(out, c.output, 1e-13, 1e-13, 'value');
      if (c.gradInput === null) return;
      out.backward({ grad: toTensor(c.g) });
      expectClose(x.grad!, c.gradInput, 1e-13, 1e-12, 'gradient');
    });
  }
});

describe('stability and the edges', () => {
  it('bceWithLogitsLoss: no overflow for |x| = 1000, gradient σ(x) − y, and 1/2 − y at exactly 0', () => {
    const x = tensor([1000, -1000, 0, 0], { requiresGrad: true });
    const loss = bceWithLogitsLoss(x, [0, 1, 1, 0], { reduction: 'none' });
    expect(Array.from(loss.data)).toEqual([1000, 1000, Math.LN2, Math.LN2]);
    loss.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([1, -1, -0.5, 0.5]);
  });

  it('crossEntropyLoss: subtracts the max, so 1000-scale logits are fine', () => {
    const x = tensor(
      [
        [1000, 0, 0],
        [0, 1000, 1000],
      ],
      { requiresGrad: true },
    );
    const loss = crossEntropyLoss(x, [0, 1], { reduction: 'none' });
    expect(loss.data[0]! + 0).toBe(0);
    expect(Math.abs(loss.data[1]! - Math.LN2)).toBeLessThan(2e-13); // one ulp of 1000: x − logSumExp(x) rounds at that scale
  });

  it('bceLoss: clamps each log at −100, so p ∈ {0, 1} gives 0 or 100, never Infinity or NaN', () => {
    const p = tensor([0, 1, 0, 1], { requiresGrad: true });
    const loss = bceLoss(p, [0, 1, 1, 0], { reduction: 'none' });
    expect(Array.from(loss.data, (v) => v + 0)).toEqual([0, 0, 100, 100]);
    loss.sum().backward();
    expect(Array.from(p.grad!.data).every(Number.isFinite)).toBe(true);
  });

  it('modules forward to the functions with their options', () => {
    const x = tensor([[0.2, 0.7]]);
    const y = tensor([[0, 1]]);
    expect(new BCELoss({ reduction: 'sum' }).forward(x, y).item()).toBe(bceLoss(x, y, { reduction: 'sum' }).item());
    expect(new MSELoss().forward(x, y).item()).toBeCloseTo((0.2 ** 2 + 0.3 ** 2) / 2, 15);
    expect(new BCEWithLogitsLoss().forward(x, y).item()).toBe(bceWithLogitsLoss(x, y).item());
    expect(new CrossEntropyLoss().forward(x, [1]).item()).toBe(crossEntropyLoss(x, [1]).item());
    expect(new MSELoss({ reduction: 'none' }).toString()).toBe('MSELoss(reduction=none)');
  });

  it('reject wrong shapes, probabilities and class indices with the loss named', () => {
    expect(() => mseLoss(tensor([1, 2]), [1, 2, 3])).toThrow(ShapeError);
    expect(() => mseLoss(tensor([1, 2]), [1, 2, 3])).toThrow('mseLoss: target shape [3] must equal input shape [2]');
    expect(() => bceLoss(tensor([0.5, 1.5]), [0, 1])).toThrow(
      /bceLoss: every input must be a probability in \[0, 1\], got 1.5 at flat index 1/,
    );
    expect(() => crossEntropyLoss(tensor([[1, 2, 3]]), [3])).toThrow(ArgumentError);
    expect(() => crossEntropyLoss(tensor([[1, 2, 3]]), [3])).toThrow(/target 3 at flat index 0 is not a class index in \[0, 3\)/);
    expect(() => crossEntropyLoss(tensor([[1, 2, 3]]), [[0]])).toThrow(/the target of class indices must have shape \[1\], got \[1,1\]/);
    expect(() => crossEntropyLoss(tensor([[1, 2, 3]]), [0.5])).toThrow(/target 0.5/);
    expect(() => mseLoss(tensor([1]), [1], { reduction: 'avg' as never })).toThrow(
      /mseLoss: reduction must be 'mean', 'sum' or 'none', got "avg"/,
    );
    expect(() => new CrossEntropyLoss({ weight: [1, 1], labelSmoothing: 0.1 } as never)).toThrow(/unknown option "labelSmoothing"/);
  });

  it('leave their inputs unchanged', () => {
    const x = tensor([[0.3, 0.6]]);
    const t = [[0, 1]];
    bceLoss(x, t);
    crossEntropyLoss(x, [1]);
    expect(x.toArray()).toEqual([[0.3, 0.6]]);
    expect(t).toEqual([[0, 1]]);
  });
});
