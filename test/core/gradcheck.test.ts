/**
 * Every differentiable op by central finite differences in float64 (`gradcheck`), on the fixture
 * inputs (broadcasting included), and its second derivative where the op is smooth there.
 * The kinks, where a central difference averages the two one-sided slopes, are pinned exactly in
 * ops/activations.test.ts instead.
 */
import { GradcheckError, type Tensor, gradcheck, gradients, mul, sum, tensor } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { OPS, fromFixture, opCases } from '../helpers.js';

const smooth = opCases().filter((c) => c.grad2);

describe('gradcheck: first derivatives of every op', () => {
  test.each(smooth.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const inputs = c.inputs.map((t) => fromFixture(t));
    const report = gradcheck((...xs) => OPS[c.op]!(xs, c.attrs), inputs, { atol: 1e-6, rtol: 1e-5 });
    expect(report.ok).toBe(true);
    expect(report.inputs.length).toBe(inputs.filter((t) => t.requiresGrad).length);
  });
});

describe('gradcheck: second derivatives (the backward pass differentiated again)', () => {
  test.each(smooth.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const inputs = c.inputs.map((t) => fromFixture(t));
    const g = fromFixture(c.gradOutput!);
    // The vector-Jacobian product as a function of the inputs: its gradient is a second derivative.
    const vjp = (...xs: Tensor[]) => {
      const out = OPS[c.op]!(xs, c.attrs);
      const wrt = xs.filter((x) => x.requiresGrad);
      const grads = gradients(out, wrt, { grad: g, createGraph: true });
      return grads.map((d) => sum(mul(d, d))).reduce((a, b) => a.add(b));
    };
    const report = gradcheck(vjp, inputs, { atol: 1e-5, rtol: 1e-4 });
    expect(report.ok).toBe(true);
  });
});

describe('gradcheck itself', () => {
  test('reports a wrong gradient and throws a GradcheckError naming the input', () => {
    // |x| away from 0 is smooth, but a wrong rule would be caught: fake one with a custom function
    // whose backward is wrong (x·x computed through a detached copy: the gradient misses a term).
    const x = tensor([0.5, -1.5], { requiresGrad: true });
    const wrong = (t: Tensor) => mul(t, t.detach());
    const report = gradcheck(wrong, [x], { raise: false });
    expect(report.ok).toBe(false);
    expect(report.inputs[0]!.maxAbsError).toBeGreaterThan(0.4);
    expect(() => gradcheck(wrong, [x])).toThrow(GradcheckError);
    expect(() => gradcheck(wrong, [x])).toThrow(/input 0 \(shape \[2\]\)/);
  });

  test('leaves the inputs and their gradients untouched', () => {
    const x = tensor([0.5, -1.5], { requiresGrad: true });
    gradcheck((t) => mul(t, t), [x]);
    expect(Array.from(x.data)).toEqual([0.5, -1.5]);
    expect(x.grad).toBeNull();
  });
});
