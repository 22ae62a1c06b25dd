/**
 * Backward hands the arrays it knows are dead back to the kernels' allocator: a gradient its entry's
 * rule has consumed, a gradient summed into another, a rule's temporaries. The next op of that size
 * gets one of them, zero-filled. Checked here:
 * - the gradients are the same bits with and without reuse, for every differentiable op on tensors
 *   long enough to be released (over 128 values), over several steps, first and second order;
 * - nothing the user can still reach is ever handed out again: forward values, leaves' grads, the
 *   seed, the results of `gradients()`, what `createGraph` recorded;
 * - memory is really reused: the arrays the kernels return repeat, and a chain's backward runs in
 *   two arrays;
 * - the allocator's own rules: zero-filled, whole buffers only, listed once, bounded.
 * The suite runs with released arrays filled with NaN (`test/setup/backend.ts`), so a value read
 * after its release shows.
 */
import {
  Tensor,
  abs,
  add,
  backward,
  broadcastTo,
  clip,
  concat,
  cos,
  detectAnomaly,
  div,
  elu,
  exp,
  flatten,
  gather,
  getBackend,
  gradients,
  gt,
  indexSelect,
  leakyRelu,
  log,
  log1p,
  logSoftmax,
  logSumExp,
  matmul,
  max,
  maximum,
  maskedSelect,
  mean,
  min,
  minimum,
  mul,
  neg,
  permute,
  pow,
  prelu,
  registerBackend,
  relu,
  reshape,
  select,
  setBackend,
  sigmoid,
  sin,
  slice,
  softmax,
  sqrt,
  squeeze,
  stack,
  sub,
  sum,
  tanh,
  tensor,
  transpose,
  unsqueeze,
  where,
} from '@tapegrad/core';
import { afterEach, describe, expect, test } from 'vitest';
import { type Backend, kernels } from '../../packages/core/src/kernels/backend.js';
import { FREE_MAX_BYTES, SLAB_MAX, allocF64, release, releaseAll } from '../../packages/core/src/kernels/js/alloc.js';

const start = getBackend();
afterEach(() => setBackend(start));

/** Reproducible values of both signs, none at a kink. */
function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 1073741824 - 1) * 2 + 1e-3;
  });
}
const leaf = (shape: number[], seed: number) =>
  new Tensor(
    Float64Array.from(
      values(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    ),
    shape,
    { requiresGrad: true },
  );
const bits = (t: Tensor | null) => Array.from(t!.data);

/** The active backend, with nothing released: the reference run. */
function withoutReuse(): void {
  const base = kernels;
  const { release: _r, noteAllocations: _n, releaseNotedSince: _s, ...rest } = base;
  registerBackend({ ...rest, name: `${base.name}-no-reuse` }); // without memory methods: none is released
  setBackend(`${base.name}-no-reuse`);
}

// Leaves: a and b are [12, 16] (192 values, above the slab's 128), c a column, r a row, m a matrix.
type Leaves = { a: Tensor; b: Tensor; c: Tensor; r: Tensor; m: Tensor };
const idx = tensor([3, 0, 11, 3, 7, 5, 5, 1, 9, 2]);
const cases: [string, (x: Leaves) => Tensor][] = [
  ['+ − × ÷', ({ a, b }) => div(mul(add(a, b), sub(a, b)), add(exp(mul(b, 0.1)), 1))],
  ['broadcast row and column', ({ a, c, r }) => add(mul(a, r), div(sub(a, c), add(abs(c), 1)))],
  ['pow', ({ a, b }) => add(pow(a, 2), pow(add(abs(a), 1), mul(b, 0.1)))],
  ['exp log log1p sqrt', ({ a }) => add(add(exp(mul(a, 0.1)), log(add(abs(a), 1))), add(log1p(abs(a)), sqrt(add(abs(a), 1))))],
  ['tanh sigmoid sin cos', ({ a, b }) => add(mul(tanh(a), sigmoid(b)), mul(sin(a), cos(b)))],
  ['neg abs clip', ({ a, b }) => add(neg(abs(a)), clip(b, -0.5, 0.5))],
  ['relu leakyRelu elu', ({ a, b }) => add(add(relu(a), leakyRelu(b, 0.1)), elu(a, 0.5))],
  ['prelu, one α per channel', ({ a, r }) => prelu(a, add(mul(r, 0.1), 0.2))],
  ['sum mean max min over axes', ({ a, b }) => add(add(sum(a, 1), max(b, 1)), add(mean(a, 1), min(b, 1)))],
  ['logSumExp softmax logSoftmax', ({ a, b }) => add(mul(softmax(a, 1), logSoftmax(b, 0)), unsqueeze(logSumExp(a, 1), 1))],
  [
    'reshape transpose permute flatten',
    ({ a, b }) => add(transpose(reshape(a, [16, 12])), flatten(permute(reshape(b, [4, 3, 16]), [1, 0, 2]), 0, 1)),
  ],
  ['squeeze unsqueeze broadcastTo', ({ a, c }) => add(squeeze(unsqueeze(a, 0), 0), broadcastTo(c, [12, 16]))],
  ['concat stack', ({ a, b }) => add(sum(concat([a, b, a], 0), 0), sum(stack([a, b], 1), 0))],
  ['slice select', ({ a, b }) => add(slice(a, 1, 2, 14, 2), unsqueeze(select(b, 1, 3), 1))],
  [
    'indexSelect gather maskedSelect',
    ({ a, b }) =>
      add(
        sum(indexSelect(a, 0, idx)),
        add(sum(gather(b, 1, broadcastTo(unsqueeze(slice(idx, 0, 0, 8), 0), [12, 8]))), sum(maskedSelect(a, gt(b, 0)))),
      ),
  ],
  ['where maximum minimum', ({ a, b }) => add(where(gt(a, b), a, mul(b, 2)), mul(maximum(a, b), minimum(a, b)))],
  ['matmul, plain and transposed', ({ a, b, m }) => add(sum(matmul(a, m)), sum(matmul(a, b, { transposeB: true })))],
  ['matmul, batched', ({ a, m }) => matmul(reshape(a, [2, 6, 16]), m)],
  [
    'one value used three times',
    ({ a }) => {
      const h = tanh(a);
      return add(mul(h, h), h);
    },
  ],
  [
    'a deep chain',
    ({ a, m }) => {
      let h = a;
      const w = reshape(slice(m, 1, 0, 16), [16, 16]);
      for (let i = 0; i < 12; i++) h = leakyRelu(add(matmul(h, w), mul(h, 0.5)), 0.1);
      return h;
    },
  ],
];

function makeLeaves(): Leaves {
  return { a: leaf([12, 16], 1), b: leaf([12, 16], 2), c: leaf([12, 1], 3), r: leaf([16], 4), m: leaf([16, 20], 5) };
}

/** Three steps of `f` with backward, each with a weight on the output; every gradient and output of every step. */
function run(f: (x: Leaves) => Tensor): number[][] {
  const x = makeLeaves();
  const seen: number[][] = [];
  for (let step = 0; step < 3; step++) {
    for (const t of Object.values(x)) t.grad = null;
    const out = f(x);
    const w = tensor(values(out.size, 10 + step)).reshape(out.shape);
    backward(sum(mul(out, w)));
    seen.push(bits(out), ...Object.values(x).map((t) => (t.grad ? bits(t.grad) : [])));
  }
  return seen;
}

describe('the same gradients, bit for bit, with and without reuse', () => {
  test.each(cases)('%s', (_, f) => {
    const reused = run(f);
    withoutReuse();
    expect(reused).toEqual(run(f));
  });

  test.each(cases.slice(0, 8))('%s, second order (createGraph, nothing released)', (_, f) => {
    const second = () => {
      const x = makeLeaves();
      const [ga] = gradients(sum(mul(f(x), f(x))), [x.a], { createGraph: true });
      const [gga, ggb] = gradients(sum(mul(ga!, ga!)), [x.a, x.b]);
      return [bits(ga!), bits(gga!), ggb ? bits(ggb) : []];
    };
    const reused = second();
    withoutReuse();
    expect(reused).toEqual(second());
  });
});

describe('nothing the user can reach is handed out again', () => {
  test('forward values, the seed, leaves’ grads and gradients() results keep their values', () => {
    const x = makeLeaves();
    const h1 = tanh(matmul(x.a, x.m));
    const h2 = leakyRelu(mul(h1, 3), 0.1);
    const out = sum(mul(h2, h1), 1);
    const seed = tensor(values(12, 7));
    const kept = [h1, h2, out, seed].map((t) => [t, bits(t)] as const);
    const [dh1] = gradients(out, [h1], { grad: seed, retainGraph: true });
    const dh1Bits = bits(dh1!);
    backward(out, { grad: seed });
    // The user takes the grads away from the leaves: backward will not add into them again.
    const grads = [x.a, x.m].map((t) => [t.grad!, bits(t.grad)] as const);
    x.a.grad = null;
    x.m.grad = null;
    // More work of the same sizes, forward and backward: it takes whatever was released.
    for (let i = 0; i < 3; i++) backward(sum(mul(leakyRelu(matmul(x.a, x.m)), 2)));
    for (const [t, before] of [...kept, ...grads, [dh1!, dh1Bits] as const]) expect(bits(t)).toEqual(before);
  });

  test('the gradients of a createGraph pass, and what its tape recorded, are never released', () => {
    const x = makeLeaves();
    const loss = sum(mul(tanh(matmul(x.a, x.m)), 2));
    const [ga] = gradients(loss, [x.a], { createGraph: true });
    const before = bits(ga!);
    for (let i = 0; i < 3; i++) backward(sum(mul(tanh(matmul(x.b, x.m)), 3)));
    expect(bits(ga!)).toEqual(before);
    const [gga] = gradients(sum(mul(ga!, ga!)), [x.a]);
    withoutReuse();
    const y = makeLeaves();
    const [ga2] = gradients(sum(mul(tanh(matmul(y.a, y.m)), 2)), [y.a], { createGraph: true });
    expect(bits(gga!)).toEqual(bits(gradients(sum(mul(ga2!, ga2!)), [y.a])[0]!));
  });

  test('a rule that throws (anomaly mode) releases nothing, and later passes are right', () => {
    const x = makeLeaves();
    const bad = () => sum(sqrt(mul(x.a, 0))); // √0 = 0, but its gradient 1/(2√0) is not finite
    expect(() => detectAnomaly(() => backward(bad()))).toThrow(/gradient rule of sqrt/);
    const ok = () => {
      x.a.grad = null;
      backward(sum(mul(tanh(x.a), x.b)));
      return bits(x.a.grad);
    };
    const reused = ok();
    withoutReuse();
    expect(reused).toEqual(ok());
  });
});

describe('memory is reused', () => {
  /** Switches to the active backend with every kernel wrapped, listing the arrays over 128 values they return. */
  function watchArrays(): Float64Array[] {
    const large: Float64Array[] = [];
    const base = kernels as unknown as Record<string, unknown>;
    const wrapped: Record<string, unknown> = { name: `${kernels.name}-watched` };
    for (const [key, fn] of Object.entries(base)) {
      if (typeof fn !== 'function') continue;
      wrapped[key] = (...args: unknown[]) => {
        const out = (fn as (...a: unknown[]) => unknown)(...args);
        if (out instanceof Float64Array && out.length > SLAB_MAX) large.push(out);
        return out;
      };
    }
    registerBackend(wrapped as unknown as Backend);
    setBackend(wrapped.name as string);
    return large;
  }

  test("a chain's backward runs in two arrays: each rule's output takes the array the rule before it consumed", () => {
    releaseAll();
    const x = leaf([1000], 1);
    let h = x;
    for (let i = 0; i < 6; i++) h = leakyRelu(h, 0.1);
    const loss = sum(h);
    const large = watchArrays();
    loss.backward();
    expect(large).toHaveLength(7); // sum's gradient spread out, then six leakyReluBackward
    expect(new Set(large).size).toBe(2);
    expect(x.grad!.data).toBe(large[6]);
  });

  test('a rule’s temporary is released: the next op of its size gets it', () => {
    releaseAll();
    const x = leaf([12, 16], 1);
    const r = leaf([16], 2);
    const loss = sum(mul(x, r)); // r's gradient: g·x over [12, 16], then summed to [16]
    const large = watchArrays();
    loss.backward();
    const temporaries = large.filter((a) => a !== x.grad!.data);
    expect(temporaries.length).toBeGreaterThan(0);
    const next = relu(x);
    expect(temporaries).toContain(next.data);
    expect(bits(next)).toEqual(bits(x).map((v) => (v > 0 ? v : 0)));
  });

  test('a training loop: backward reuses what it released, step after step', () => {
    const distinct = () => {
      releaseAll();
      const x = tensor(values(256 * 64, 1)).reshape([256, 64]);
      const w1 = leaf([64, 256], 2);
      const w2 = leaf([256, 256], 3);
      const w3 = leaf([256, 1], 4);
      const step = () => {
        const loss = mean(matmul(leakyRelu(matmul(leakyRelu(matmul(x, w1), 0.01), w2), 0.01), w3));
        loss.backward();
        for (const w of [w1, w2, w3]) w.grad = null;
      };
      step();
      const large = watchArrays();
      for (let i = 0; i < 4; i++) step();
      const big = large.filter((a) => a.length === 256 * 256);
      return [big.length, new Set(big).size] as const;
    };
    const [count, reused] = distinct();
    withoutReuse();
    const [countWithout, fresh] = distinct();
    expect(count).toBe(countWithout);
    expect(fresh).toBe(count); // without reuse every array is new
    // Per step, four forward values and the grad of w2 outlive backward; the two gradients that
    // flow between the layers and the two activations' gradients are dead once read: at least two
    // of them come back each step.
    expect(reused).toBeLessThanOrEqual(count - 4 * 2);
  });
});

describe("the allocator's free lists", () => {
  test('a released array comes back zero-filled, for its length only', () => {
    releaseAll();
    const a = allocF64(500);
    a.fill(3);
    release(a);
    expect(allocF64(499)).not.toBe(a);
    const b = allocF64(500);
    expect(b).toBe(a);
    expect(b.every((v) => v === 0)).toBe(true);
    expect(allocF64(500)).not.toBe(a); // handed out once
  });

  test('an array released twice is handed out once', () => {
    releaseAll();
    const a = allocF64(300);
    release(a);
    release(a);
    expect(allocF64(300)).toBe(a);
    expect(allocF64(300)).not.toBe(a);
  });

  test('views, slab parts and arrays sharing a buffer with a kept one are not taken', () => {
    releaseAll();
    const whole = new Float64Array(1000);
    const view = whole.subarray(100, 400);
    release(view);
    expect(allocF64(300)).not.toBe(view);
    const small = allocF64(SLAB_MAX);
    release(small);
    expect(allocF64(SLAB_MAX)).not.toBe(small);
    const a = allocF64(300);
    release(a, [null, a.subarray(0, 2)]);
    expect(allocF64(300)).not.toBe(a);
  });

  test(`at most ${FREE_MAX_BYTES / 2 ** 20} MiB wait in the lists`, () => {
    releaseAll();
    const n = 2 ** 17; // 1 MiB each
    const arrays = Array.from({ length: FREE_MAX_BYTES / (8 * n) + 4 }, () => allocF64(n));
    for (const a of arrays) release(a);
    const back = new Set(Array.from({ length: arrays.length }, () => allocF64(n)));
    const reused = arrays.filter((a) => back.has(a));
    expect(reused).toHaveLength(FREE_MAX_BYTES / (8 * n));
    releaseAll();
  });
});
