/** toString() prints as PyTorch's repr does (fixtures from scripts/fixtures/gen_format_fixtures.py). */
import { Tensor, tensor } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { fromFixture, readFixture, type FixtureTensor } from '../helpers.js';

const { repr } = readFixture<{ repr: (FixtureTensor & { repr: string })[] }>('core-format.json');

describe('toString matches PyTorch', () => {
  test.each(repr.map((r) => [r.repr.split('\n')[0]!, r] as const))('%s', (_, r) => {
    expect(fromFixture(r).toString()).toBe(r.repr);
  });
});

describe('what PyTorch prints after the values', () => {
  test('a leaf that requires grad, and an op result with its gradFn', () => {
    const x = tensor([1.5, -2], { requiresGrad: true });
    expect(x.toString()).toBe('tensor([ 1.5000, -2.0000], requiresGrad=true)');
    expect(x.mul(2).toString()).toBe('tensor([ 3., -4.], gradFn=<mul>)');
  });

  test('an empty tensor shows its size', () => {
    expect(new Tensor(new Float64Array(0), [2, 0]).toString()).toBe('tensor([], size=[2, 0])');
    expect(tensor([]).toString()).toBe('tensor([])');
  });
});
