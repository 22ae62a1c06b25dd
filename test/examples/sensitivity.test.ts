/**
 * The churn network by autograd against the post's own NumPy code and against PyTorch, at every
 * epoch (fixture: test/fixtures/post-churn.json, from scripts/fixtures/gen_post_fixtures.py).
 */
import { defaultRng } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { churnNetwork, trainChurn } from '../../packages/examples/src/churn.js';
import { readFixture } from '../helpers.js';

const ref = readFixture<{
  init: { W1: number[][]; W2: number[][] };
  numpyLosses: Record<string, number[]>;
  torchLosses_logits: Record<string, number[]>;
  torchLosses_literal: Record<string, number[]>;
}>('post-churn.json');
const ALPHAS = ['0.001', '0.01', '0.1', '0.3'];
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe('the churn network', () => {
  test("initial weights are NumPy's default_rng(42).normal(0, 0.1, …), bit for bit, transposed into Linear's [out, in]", () => {
    const rng = defaultRng(42);
    expect(rng.normal(0, 0.1, [2, 2]).toArray()).toEqual(ref.init.W1);
    expect(rng.normal(0, 0.1, [2, 1]).toArray()).toEqual(ref.init.W2);
    const sd = churnNetwork(0.01).stateDict();
    const w1 = ref.init.W1;
    expect(sd.get('0.weight')!.toArray()).toEqual([
      [w1[0]![0], w1[1]![0]],
      [w1[0]![1], w1[1]![1]],
    ]);
    expect(sd.get('2.weight')!.toArray()).toEqual([[ref.init.W2[0]![0], ref.init.W2[1]![0]]]);
  });

  test.each(ALPHAS)('α = %s, loss on logits: within 1e-13 of the NumPy code at every one of the 200 epochs', (alpha) => {
    const losses = trainChurn(Number(alpha), 'logits');
    expect(losses.length).toBe(200);
    expect(maxDiff(losses, ref.numpyLosses[alpha]!)).toBeLessThan(1e-13);
  });

  test.each(ALPHAS)('α = %s, loss as written: PyTorch autograd within 1e-13, NumPy about 3e-9 away', (alpha) => {
    const losses = trainChurn(Number(alpha), 'literal');
    expect(maxDiff(losses, ref.torchLosses_literal[alpha]!)).toBeLessThan(1e-13);
    const d = maxDiff(losses, ref.numpyLosses[alpha]!);
    expect(d).toBeGreaterThan(2e-9);
    expect(d).toBeLessThan(5e-9);
  });
});
