/**
 * Shared by test/core/edge-cases.test.ts and test/nn/edge-cases.test.ts: the PyTorch fixtures of
 * scripts/fixtures/gen_edge_fixtures.py and the comparison at the numerical edges.
 */
import { Tensor } from '@tapegrad/core';
import { expect } from 'vitest';
import { num, readFixture, type FixtureTensor } from './helpers.js';

export interface EdgeCase {
  name: string;
  package: 'core' | 'nn';
  op: string;
  inputs: FixtureTensor[];
  target: FixtureTensor | null;
  attrs: Record<string, unknown>;
  output: FixtureTensor;
  gradOutput: FixtureTensor;
  grads: FixtureTensor[];
}

export const edgeCases = (pkg: 'core' | 'nn'): EdgeCase[] =>
  readFixture<{ cases: EdgeCase[] }>('edge-cases.json').cases.filter((c) => c.package === pkg);

export const toTensor = (t: FixtureTensor, requiresGrad = false): Tensor =>
  new Tensor(Float64Array.from(t.data, num), t.shape, { requiresGrad });

/** Equal at the edges: NaN only where PyTorch has NaN, the same ±∞, else within rtol (and a tiny atol). */
export function sameValue(actual: number, expected: number, rtol = 1e-12, atol = 1e-12): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/**
 * Where we knowingly differ from PyTorch: the elements, our values there (asserted exactly, so
 * that a change shows), and why. Every other element must equal PyTorch's.
 */
export interface KnownDifference {
  elements: number[];
  ours: number[];
  why: string;
}

/** The output's values equal PyTorch's, element by element; the failure names the element and its input. */
export function expectSameValues(
  actual: Tensor,
  expected: FixtureTensor,
  what: string,
  inputs?: FixtureTensor,
  known?: KnownDifference,
): void {
  expect([...actual.shape], `${what}: shape`).toEqual(expected.shape);
  expected.data.forEach((e, i) => {
    const at = inputs && inputs.data.length === expected.data.length ? ` (input ${inputs.data[i]})` : '';
    const k = known?.elements.indexOf(i) ?? -1;
    if (k >= 0) {
      if (!sameValue(actual.data[i]!, known!.ours[k]!, 0, 0))
        expect.fail(
          `${what}: element ${i}${at} is ${actual.data[i]}; the known difference from PyTorch (${e}) says ${known!.ours[k]}: ${known!.why}`,
        );
    } else if (!sameValue(actual.data[i]!, num(e))) {
      expect.fail(`${what}: element ${i}${at} is ${actual.data[i]}, PyTorch gives ${e}`);
    }
  });
}
