/**
 * The kernel boundary: every op computes through the active backend, so a backend registered under
 * a new name takes over every op and every gradient rule without a change to either.
 */
import { elu, getBackend, leakyRelu, listBackends, matmul, registerBackend, setBackend, sum, tensor } from '@tapegrad/core';
import { afterEach, describe, expect, test } from 'vitest';
import { type Backend, kernels } from '../../packages/core/src/kernels/backend.js';

const start = getBackend();
afterEach(() => setBackend(start));

/** The active backend with every kernel wrapped to count its calls by name. */
function counting(name: string): { backend: Backend; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const base = kernels as unknown as Record<string, unknown>;
  const wrapped: Record<string, unknown> = { name };
  for (const [key, fn] of Object.entries(base)) {
    if (typeof fn !== 'function') continue;
    wrapped[key] = (...args: unknown[]) => {
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  return { backend: wrapped as unknown as Backend, calls };
}

describe('backends', () => {
  test('the test suite runs on the backend its project names', () => {
    expect(getBackend()).toBe(process.env.TAPEGRAD_BACKEND ?? 'js');
    expect(listBackends()).toContain('js');
  });

  test('a registered backend computes every op and every derivative once selected', () => {
    const { backend, calls } = counting('counting');
    registerBackend(backend);
    expect(listBackends()).toContain('counting');
    setBackend('counting');
    expect(getBackend()).toBe('counting');
    const z = tensor([-1, 0, 2], { requiresGrad: true });
    const w = tensor([[1], [2], [3]], { requiresGrad: true });
    sum(matmul(leakyRelu(z, 0.1).reshape([1, 3]), w)).backward();
    expect(calls.get('leakyRelu')).toBe(1);
    expect(calls.get('leakyReluBackward')).toBe(1);
    expect(calls.get('matmul')).toBe(3); // the product, then G·wᵀ and aᵀ·G
    expect(Array.from(z.grad!.data)).toEqual([0.1, 0.2, 3]);
    setBackend(start);
    elu(tensor([1]));
    expect(calls.has('elu')).toBe(false);
  });

  test('a backend without the memory methods reuses nothing, and backward still runs on it', () => {
    const { release: _r, noteAllocations: _n, releaseNotedSince: _s, ...rest } = counting('no-memory').backend;
    registerBackend(rest);
    setBackend('no-memory');
    const x = tensor(
      Array.from({ length: 300 }, (_, i) => i - 150),
      { requiresGrad: true },
    );
    sum(leakyRelu(leakyRelu(x, 0.5), 0.5)).backward();
    expect(Array.from(x.grad!.data)).toEqual(Array.from({ length: 300 }, (_, i) => (i - 150 > 0 ? 1 : 0.25)));
  });

  test('results do not depend on which registered backend computed them', () => {
    registerBackend(counting('copy').backend);
    const x = tensor([
      [-2, 0.5],
      [3, -0.25],
    ]);
    const before = leakyRelu(matmul(x, x)).data.slice();
    setBackend('copy');
    expect(leakyRelu(matmul(x, x)).data).toEqual(before);
  });
});
