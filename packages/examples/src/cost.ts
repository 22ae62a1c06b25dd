/**
 * The compute cost of ReLU, Leaky ReLU and PReLU, measured: not a pure function (it reads the
 * clock), so the comparison's numbers stay apart from it. `performance.now()` exists in Node and
 * in browsers alike.
 */
import { sum, tensor } from '@tapegrad/core';
import { LeakyReLU, PReLU, ReLU } from '@tapegrad/nn';

/** Median times in milliseconds, one per layer (ReLU, Leaky ReLU, PReLU). */
export interface Cost {
  /** Forward only. */
  forward: number[];
  /** Forward + backward. */
  backward: number[];
  /** Elements in the timed input. */
  size: number;
  /** Timed repetitions per median. */
  repeats: number;
}

/**
 * Median forward and forward + backward times of the three layers on one input of `size`
 * elements, shape [size / channels, channels], after three warm-up rounds.
 *
 * @example
 * const c = measureCost(65_536, 5);
 * c.backward[2] / c.backward[0]; // PReLU's fwd + bwd time as a ratio to ReLU's, ~1.8
 */
export function measureCost(size = 1_000_000, repeats = 21, channels = 64): Cost {
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = Math.sin(i * 12.9898) * 2; // both signs, no pattern the layers care about
  const layers = [new ReLU(), new LeakyReLU(), new PReLU({ numParameters: channels })];
  const x = tensor(data).reshape([size / channels, channels]);
  const xg = x.detach();
  xg.requiresGrad = true;
  const runs = layers.map((layer) => ({
    forward: () => void layer.forward(x),
    backward: () => {
      layer.zeroGrad();
      xg.grad = null;
      sum(layer.forward(xg)).backward();
    },
  }));
  // Round-robin: each repetition times every layer once, so that a slow moment of a shared machine
  // falls on all three alike; then the median per layer.
  const times = runs.map(() => ({ forward: [] as number[], backward: [] as number[] }));
  for (let r = -3; r < repeats; r++) {
    runs.forEach((run, k) => {
      for (const which of ['forward', 'backward'] as const) {
        const t0 = performance.now();
        run[which]();
        if (r >= 0) times[k]![which].push(performance.now() - t0); // r < 0: warm-up
      }
    });
  }
  const median = (ts: number[]) => [...ts].sort((a, b) => a - b)[ts.length >> 1]!;
  const forward = times.map((t) => median(t.forward));
  const backward = times.map((t) => median(t.backward));
  return { forward, backward, size, repeats };
}
