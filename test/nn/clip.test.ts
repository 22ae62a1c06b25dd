import { tensor } from '@tapegrad/core';
import { Linear, Parameter, clipGradNorm_, clipGradValue_ } from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { fixture, toTensor, type TensorRecord } from './helpers.js';

interface ClipCase {
  op: 'clipGradNorm' | 'clipGradValue';
  name: string;
  grads: (TensorRecord | null)[];
  maxNorm?: number;
  normType?: number | 'inf';
  clipValue?: number;
  total?: number;
  clipped: (TensorRecord | null)[];
}
const cases = fixture<{ cases: { op: string }[] }>('schedulers.json').cases.filter((c): c is ClipCase => c.op.startsWith('clip'));

/** One parameter per record, its grad set from the record (none for null). */
const paramsOf = (grads: (TensorRecord | null)[]) =>
  grads.map((g) => {
    const p = new Parameter(tensor(new Array(g ? g.data.length : 2).fill(0)));
    p.grad = g ? toTensor(g) : null;
    return p;
  });

describe('gradient clipping against PyTorch 1.13 float64', () => {
  // The returned norm and the scaled gradients to 1e-15 relative (per element, of the largest
  // |g| of the case): torch sums the powers with vectorised partial sums, in another order than
  // our left-to-right sum, and glibc's pow may differ from V8's in the last bit. clipGradValue_
  // only compares, so it is exact.
  for (const c of cases) {
    it(`${c.op}: ${c.name}`, () => {
      const ps = paramsOf(c.grads);
      if (c.op === 'clipGradNorm') {
        const normType = c.normType === 'inf' ? Number.POSITIVE_INFINITY : c.normType!;
        const total = clipGradNorm_(ps, c.maxNorm!, { normType });
        expect(Math.abs(total - c.total!), `total ${total} vs ${c.total}`).toBeLessThanOrEqual(1e-15 * c.total!);
        const scale = Math.max(...c.clipped.flatMap((g) => (g ? g.data.map(Math.abs) : [])));
        ps.forEach((p, i) => {
          const e = c.clipped[i];
          if (e === null) return expect(p.grad).toBeNull();
          p.grad!.data.forEach((v, k) => expect(Math.abs(v - e!.data[k]!), `grad ${i}[${k}]`).toBeLessThanOrEqual(1e-15 * scale));
        });
      } else {
        clipGradValue_(ps, c.clipValue!);
        expect(ps.map((p) => (p.grad ? Array.from(p.grad.data) : null))).toEqual(c.clipped.map((g) => (g ? g.data : null)));
      }
    });
  }

  it('cover norm types 1, 2, 3.5 and ∞, clipping and not clipping', () => {
    for (const p of [1, 2, 3.5, 'inf']) expect(cases.filter((c) => c.normType === p)).toHaveLength(6);
    expect(cases.some((c) => c.op === 'clipGradNorm' && c.total! < c.maxNorm!)).toBe(true);
  });
});

describe('clipGradNorm_ and clipGradValue_', () => {
  it('change each leaf’s own grad only: backward gave a and b separate arrays', () => {
    const a = tensor([3, 4], { requiresGrad: true });
    const b = tensor([0, 0], { requiresGrad: true });
    a.add(b).sum().backward(); // both grads are [1, 1]
    expect(a.grad!.data).not.toBe(b.grad!.data);
    clipGradValue_([a], 0.5);
    expect(Array.from(a.grad!.data)).toEqual([0.5, 0.5]);
    expect(Array.from(b.grad!.data)).toEqual([1, 1]);
    clipGradNorm_([b], 1);
    expect(Array.from(a.grad!.data)).toEqual([0.5, 0.5]);
    expect(Array.from(b.grad!.data)).toEqual([1 / (Math.SQRT2 + 1e-6), 1 / (Math.SQRT2 + 1e-6)]);
  });

  it('scale in place, and not at all when the norm is within maxNorm', () => {
    const w = new Parameter(tensor([0, 0]));
    w.grad = tensor([3, 4]);
    const grad = w.grad;
    const data = grad.data;
    expect(clipGradNorm_([w], 10)).toBe(5);
    expect(Array.from(w.grad.data)).toEqual([3, 4]);
    expect(clipGradNorm_([w], 1)).toBe(5);
    expect(w.grad).toBe(grad);
    expect(w.grad.data).toBe(data);
    const c = 1 / (5 + 1e-6); // the coefficient, then one product per element, as torch's mul_
    expect(Array.from(w.grad.data)).toEqual([3 * c, 4 * c]);
  });

  it('take a module’s parameters(), one tensor, and skip null grads; 0 when there is none', () => {
    const layer = new Linear(2, 1);
    expect(clipGradNorm_(layer.parameters(), 1)).toBe(0);
    layer.weight.grad = tensor([[2, 0]]);
    expect(clipGradNorm_(layer.parameters(), 1, { normType: 1 })).toBe(2);
    expect(layer.bias!.grad).toBeNull();
    expect(clipGradNorm_(layer.weight, 1, { normType: Number.POSITIVE_INFINITY })).toBeCloseTo(2 / (2 + 1e-6), 15);
  });

  it('scale by a NaN total unless errorIfNonfinite, as PyTorch', () => {
    const w = new Parameter(tensor([0, 0]));
    w.grad = tensor([Number.NaN, 1]);
    expect(() => clipGradNorm_([w], 1, { errorIfNonfinite: true })).toThrow(
      'clipGradNorm_: the total norm of order 2 of the gradients is NaN, so it cannot be clipped',
    );
    expect(Array.from(w.grad.data)).toEqual([Number.NaN, 1]);
    expect(clipGradNorm_([w], 1)).toBeNaN();
    expect(Array.from(w.grad.data)).toEqual([Number.NaN, Number.NaN]);
  });

  it('reject bad arguments with named errors', () => {
    const w = new Parameter(tensor([0]));
    expect(() => clipGradNorm_([w], -1)).toThrow('clipGradNorm_: maxNorm must be >= 0, got -1');
    expect(() => clipGradNorm_([w], 1, { normType: 0 })).toThrow('clipGradNorm_: normType must be a number > 0 (or Infinity), got 0');
    expect(() => clipGradNorm_([w], 1, { norm_type: 2 } as never)).toThrow(
      'clipGradNorm_: unknown option "norm_type"; the options are "normType", "errorIfNonfinite"',
    );
    expect(() => clipGradNorm_(new Linear(1, 1) as never, 1)).toThrow('clipGradNorm_: got the module itself; pass its parameters');
    expect(() => clipGradValue_([w, 3] as never, 1)).toThrow('clipGradValue_: params[1] is 3, not a Tensor');
    expect(() => clipGradValue_([w], Number.NaN)).toThrow('clipGradValue_: clipValue must be a finite number, got NaN');
  });
});
