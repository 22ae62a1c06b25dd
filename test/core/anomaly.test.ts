/**
 * Anomaly mode: NaN and ±∞ caught where they start (forward and backward), named by op, tape entry
 * and the caller's line; a value edited between forward and backward caught by name.
 */
import { AnomalyError, detectAnomaly, isAnomalyEnabled, log, mul, scalar, setDetectAnomaly, sqrt, sum, tensor } from '@tapegrad/core';
import { afterEach, describe, expect, test } from 'vitest';

afterEach(() => setDetectAnomaly(false));

/** The error `fn` throws (the test fails if it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('anomaly mode', () => {
  test('is off by default; detectAnomaly switches it on for fn only, even when fn throws', () => {
    expect(isAnomalyEnabled()).toBe(false);
    expect(detectAnomaly(() => isAnomalyEnabled())).toBe(true);
    expect(() =>
      detectAnomaly(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(isAnomalyEnabled()).toBe(false);
    setDetectAnomaly(true);
    expect(isAnomalyEnabled()).toBe(true);
  });

  test('off, nothing is checked: log(0) is −∞ and an edit between forward and backward goes unnoticed', () => {
    expect(log(tensor([0])).item()).toBe(-Infinity);
    const w = tensor([2], { requiresGrad: true });
    const y = mul(w, w);
    w.data[0] = 10;
    sum(y).backward();
    expect(w.grad!.item()).toBe(20); // the gradient at the new value, not the 4 of the value y was computed at
  });

  test('forward: the op where a non-finite value starts, its entry and the line that called it', () => {
    const x = tensor([1, 0], { requiresGrad: true });
    const e = thrown(() => detectAnomaly(() => log(x)));
    expect(e).toBeInstanceOf(AnomalyError);
    expect(e.message).toMatch(
      /^log \(tape entry #\d+, called at .*anomaly\.test\.ts:\d+:\d+\) produced -Infinity at index 1 of its output \(\[2\]\); its inputs are all finite/,
    );
  });

  test('forward: a NaN already in an input is said to come from earlier, and the input is named', () => {
    const n = tensor([1, NaN], { name: 'n' });
    const e = thrown(() => detectAnomaly(() => mul(n, 2)));
    expect(e.message).toMatch(
      /^mul \(called at .*\) produced NaN at index 1 of its output \(\[2\]\); its input 0 \("n" \[2\]\) already holds non-finite values/,
    );
  });

  test('forward: scalars are checked too', () => {
    const e = thrown(() => detectAnomaly(() => scalar(-1).sqrt()));
    expect(e).toBeInstanceOf(AnomalyError);
    expect(e.message).toMatch(/^sqrt \(tape entry #\d+, called at .*anomaly\.test\.ts/);
  });

  test('backward: a rule whose result is not finite is named with its entry', () => {
    const z = tensor([0, 4], { requiresGrad: true });
    const y = sum(sqrt(z));
    const e = thrown(() => detectAnomaly(() => y.backward()));
    expect(e).toBeInstanceOf(AnomalyError);
    // sqrt(z) was recorded outside anomaly mode, so only the rule's result is checked: d√z/dz = 1/(2√z) = ∞ at 0
    expect(e.message).toMatch(/^backward: the gradient rule of sqrt/);
  });

  test('backward: a value edited after it was recorded is an error naming it (4 is right, 20 would be taken)', () => {
    const w = tensor([2], { requiresGrad: true, name: 'w' });
    const e = thrown(() =>
      detectAnomaly(() => {
        const y = mul(w, w);
        w.data[0] = 10;
        sum(y).backward();
      }),
    );
    expect(e).toBeInstanceOf(AnomalyError);
    expect(e.message).toMatch(
      /^backward: "w" \[1\], input 0 of mul \(tape entry #\d+, called at .*anomaly\.test\.ts:\d+:\d+\), was modified after it was recorded/,
    );
    expect(w.grad).toBeNull();
  });

  test('a clean computation runs in anomaly mode with the same gradients', () => {
    const x = tensor([0.5, 2], { requiresGrad: true });
    detectAnomaly(() => sum(mul(log(x), x)).backward());
    expect(Array.from(x.grad!.data)).toEqual([Math.log(0.5) + 1, Math.log(2) + 1]);
  });
});
