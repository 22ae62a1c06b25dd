/**
 * Every op against PyTorch (float64): forward values, the gradient for a random upstream gradient,
 * and, where the op is smooth at the sampled points, the second derivative by double backward.
 * Fixtures: test/fixtures/core-ops.json, made by scripts/fixtures/gen_core_fixtures.py.
 */
import { ShapeError, type Tensor, gradients } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { OPS, expectTensorClose, fromFixture, opCases } from '../../helpers.js';

const cases = opCases();
const TOL = { rtol: 1e-12, atol: 1e-14 };

describe.each([...new Set(cases.map((c) => c.op))])('%s', (op) => {
  const mine = cases.filter((c) => c.op === op);

  for (const c of mine.filter((c) => c.error === 'raises')) {
    test(`${c.name}: throws a ShapeError as PyTorch raises`, () => {
      const inputs = c.inputs.map((t) => fromFixture(t));
      expect(() => OPS[op]!(inputs, c.attrs)).toThrow(ShapeError);
    });
  }

  for (const c of mine.filter((c) => c.error !== 'raises')) {
    test(`${c.name}: forward and gradient equal PyTorch's`, () => {
      const inputs = c.inputs.map((t) => fromFixture(t));
      const before = inputs.map((t) => t.data.slice());
      const out = OPS[op]!(inputs, c.attrs);
      expectTensorClose(out, c.output!, { ...TOL, what: 'output' });
      inputs.forEach((t, i) => expect(t.data, `input ${i} unchanged`).toEqual(before[i]));
      if (!c.gradOutput) {
        expect(out.requiresGrad).toBe(false);
        return;
      }
      const wrt = inputs.filter((t) => t.requiresGrad);
      const grads = gradients(out, wrt, { grad: fromFixture(c.gradOutput) });
      let k = 0;
      c.grads!.forEach((expected, i) => {
        if (expected === null) return;
        expectTensorClose(grads[k++]!, expected, { ...TOL, what: `d/d input ${i}` });
      });
    });
  }

  for (const c of mine.filter((c) => c.grad2)) {
    test(`${c.name}: second derivative by double backward equals PyTorch's`, () => {
      const inputs = c.inputs.map((t) => fromFixture(t));
      const wrt = inputs.filter((t) => t.requiresGrad);
      const out = OPS[op]!(inputs, c.attrs);
      const grads = gradients(out, wrt, { grad: fromFixture(c.gradOutput!), createGraph: true });
      // s = Σ_i Σ grads_i · v_i, then ds/d inputs
      const vs = c.grad2!.v.filter((v) => v !== null).map((v) => fromFixture(v!));
      let s: Tensor | null = null;
      grads.forEach((g, i) => {
        const term = g.mul(vs[i]!).sum();
        s = s === null ? term : s.add(term);
      });
      const expected = c.grad2!.grads.filter((g) => g !== null);
      if (!s!.requiresGrad) {
        // The gradient does not depend on the inputs at all (a linear op): PyTorch's answer is zeros.
        for (const e of expected) expect(e!.data.every((v) => Number(v) === 0)).toBe(true);
        return;
      }
      const second = gradients(s!, wrt);
      second.forEach((g, i) => expectTensorClose(g, expected[i]!, { ...TOL, what: `d²/d input ${i}` }));
    });
  }
});
