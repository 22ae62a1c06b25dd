/**
 * Shared by the nn tests: the PyTorch fixtures (test/fixtures/nn, written by
 * scripts/fixtures/gen_nn_fixtures.py) and tensor comparison.
 */
import { readFileSync } from 'node:fs';
import { Tensor } from '@tapegrad/core';
import { expect } from 'vitest';

/** A tensor as the fixtures store it: shape and flat row-major data. */
export interface TensorRecord {
  shape: number[];
  data: number[];
}

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/nn/${name}`, import.meta.url), 'utf8')) as T;
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/nn/${name}`, import.meta.url)));
}

export function toTensor(r: TensorRecord, options: { requiresGrad?: boolean } = {}): Tensor {
  return new Tensor(Float64Array.from(r.data), r.shape, options);
}

/** Shapes equal and every |a − e| ≤ atol + rtol·|e|; reports the worst element on failure. */
export function expectClose(actual: Tensor, expected: TensorRecord | Tensor, atol: number, rtol = 0, label = ''): void {
  const e = expected instanceof Tensor ? { shape: [...expected.shape], data: Array.from(expected.data) } : expected;
  expect([...actual.shape], `${label} shape`).toEqual(e.shape);
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < e.data.length; i++) {
    const err = Math.abs(actual.data[i]! - e.data[i]!) - rtol * Math.abs(e.data[i]!);
    if (!(err <= atol) && (worst < 0 || err > worstErr || Number.isNaN(err))) {
      worst = i;
      worstErr = err;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}: element ${worst} is ${actual.data[worst]}, expected ${e.data[worst]} (|diff| = ${Math.abs(actual.data[worst]! - e.data[worst]!)}, atol ${atol}, rtol ${rtol})`,
    );
  }
}

/** Largest |a − e| over all elements. */
export function maxAbsDiff(actual: Tensor, expected: TensorRecord): number {
  let m = 0;
  for (let i = 0; i < expected.data.length; i++) m = Math.max(m, Math.abs(actual.data[i]! - expected.data[i]!));
  return m;
}
