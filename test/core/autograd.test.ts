/** Backward's contract: accumulation, seeds, freed graphs, createGraph, gradients(), noGrad, deep chains, memory. */
import {
  GraphError,
  ShapeError,
  type Tensor,
  add,
  backward,
  elu,
  exp,
  gradients,
  leakyRelu,
  matmul,
  mul,
  noGrad,
  sigmoid,
  sum,
  tanh,
  tensor,
} from '@tapegrad/core';
import { describe, expect, test } from 'vitest';

describe('backward', () => {
  test('gradients accumulate across calls until zeroed, as in PyTorch', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    sum(mul(x, x)).backward();
    sum(mul(x, x)).backward();
    expect(Array.from(x.grad!.data)).toEqual([4, 8]); // 2·(2x)
    x.grad = null;
    sum(mul(x, 3)).backward();
    expect(Array.from(x.grad!.data)).toEqual([3, 3]);
  });

  test('a value used twice receives the sum of both paths', () => {
    const x = tensor(3, { requiresGrad: true });
    const y = add(mul(x, x), x); // dy/dx = 2x + 1
    y.backward();
    expect(x.grad!.item()).toBe(7);
  });

  test('a non-scalar output needs an explicit gradient of the same shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = mul(x, 2);
    expect(() => y.backward()).toThrow(GraphError);
    expect(() => y.backward()).toThrow(/output has shape \[2\].*Pass \{ grad \}/);
    expect(() => backward(y, { grad: tensor([1, 2, 3]) })).toThrow(ShapeError);
    backward(y, { grad: tensor([1, 10]) });
    expect(Array.from(x.grad!.data)).toEqual([2, 20]);
  });

  test('the seed gradient the caller passes is not kept or changed', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seed = tensor([1, 1]);
    backward(x, { grad: seed });
    backward(x, { grad: seed });
    expect(Array.from(seed.data)).toEqual([1, 1]);
    expect(Array.from(x.grad!.data)).toEqual([2, 2]);
  });

  test('a second backward through a freed graph throws, unless retainGraph was set', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = sum(leakyRelu(x));
    loss.backward();
    expect(() => loss.backward()).toThrow(GraphError);
    expect(() => loss.backward()).toThrow(/was freed by an earlier backward\(\).*retainGraph: true/);

    const loss2 = sum(leakyRelu(x));
    x.grad = null;
    loss2.backward({ retainGraph: true });
    loss2.backward();
    expect(Array.from(x.grad!.data)).toEqual([2, 2]);
  });

  test('a tensor that requires no grad cannot be backpropagated', () => {
    const y = sum(tensor([1, 2]));
    expect(() => y.backward()).toThrow(/does not require grad/);
    const x = tensor([1], { requiresGrad: true });
    expect(noGrad(() => mul(x, 2)).requiresGrad).toBe(false);
  });

  test('requiresGrad can be set on leaves only', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = mul(x, 2);
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(/can only be set on a leaf; this tensor was made by mul/);
    const c = tensor([1]);
    c.requiresGrad = true;
    expect(c.requiresGrad).toBe(true);
  });
});

describe('gradients()', () => {
  test('returns the gradients and writes no .grad', () => {
    const x = tensor([0.5, -2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    const [dx, dw] = gradients(sum(mul(x, w)), [x, w]);
    expect(Array.from(dx!.data)).toEqual([3, 4]);
    expect(Array.from(dw!.data)).toEqual([0.5, -2]);
    expect(x.grad).toBeNull();
    expect(w.grad).toBeNull();
  });

  test('with respect to an intermediate value', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = mul(x, 3);
    const [dh] = gradients(sum(mul(h, h)), [h]); // 2h
    expect(Array.from(dh!.data)).toEqual([6, 12]);
  });

  test('an input the output does not depend on gets zeros', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const unused = tensor([[1, 1]], { requiresGrad: true });
    const [, du] = gradients(sum(x), [x, unused]);
    expect(du!.shape).toEqual([1, 2]);
    expect(Array.from(du!.data)).toEqual([0, 0]);
  });
});

describe('createGraph: gradients of gradients', () => {
  test('a Hessian-vector product equals H·v computed by hand', () => {
    // f(x) = Σ x_i³ + x_0·x_1, H = diag(6x) + [[0,1],[1,0]]
    const x = tensor([1.5, -2], { requiresGrad: true });
    const f = add(sum(mul(mul(x, x), x)), mul(x.select(0, 0), x.select(0, 1)));
    const [g] = gradients(f, [x], { createGraph: true });
    const v = tensor([0.25, 4]);
    const [hv] = gradients(sum(mul(g!, v)), [x]);
    expect(Array.from(hv!.data)).toEqual([6 * 1.5 * 0.25 + 4, 0.25 + 6 * -2 * 4]);
  });

  test("the second derivative of ELU below 0 is α·eᶻ; Leaky ReLU's is 0", () => {
    const z = tensor([-1.5], { requiresGrad: true });
    const [d1] = gradients(sum(elu(z)), [z], { createGraph: true });
    const [d2] = gradients(sum(d1!), [z]);
    expect(d2!.item()).toBeCloseTo(Math.exp(-1.5), 15);
    // As in PyTorch, the first derivative is recorded as leakyReluBackward(g, z), which depends on z
    // only through its mask: its derivative in z is 0 everywhere.
    const [l1] = gradients(sum(leakyRelu(z)), [z], { createGraph: true });
    expect(l1!.requiresGrad).toBe(true);
    const [l2] = gradients(sum(l1!), [z]);
    expect(Object.is(l2!.item(), 0)).toBe(true);
  });

  test('backward({ createGraph }) leaves a .grad that can be differentiated', () => {
    const x = tensor(0.3, { requiresGrad: true });
    tanh(x).backward({ createGraph: true });
    const d1 = x.grad!; // 1 − tanh²
    expect(d1.requiresGrad).toBe(true);
    const [d2] = gradients(d1, [x]); // −2 tanh (1 − tanh²)
    const t = Math.tanh(0.3);
    expect(d2!.item()).toBeCloseTo(-2 * t * (1 - t * t), 15);
  });
});

describe('scale', () => {
  test('a 100 000-op chain runs backward without overflowing the stack', () => {
    const x = tensor(0.5, { requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < 100_000; i++) y = mul(y, 1.00001);
    y.backward();
    expect(x.grad!.item()).toBeCloseTo(1.00001 ** 100_000, 8);
  });

  test('10 000 forward-only iterations leave memory flat', async () => {
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const w = tensor(
      Array.from({ length: 64 }, (_, i) => Array.from({ length: 64 }, (_, j) => Math.sin(i + j) / 8)),
      { requiresGrad: true },
    );
    const x = tensor(Array.from({ length: 16 }, (_, i) => Array.from({ length: 64 }, (_, j) => Math.cos(i * j))));
    const step = () => sum(sigmoid(matmul(leakyRelu(matmul(x, w)), w)));
    let last: Tensor | null = null;
    const heapAfter = (n: number) => {
      for (let i = 0; i < n; i++) last = step();
      gc();
      return process.memoryUsage().heapUsed;
    };
    heapAfter(1000); // warm up
    const early = heapAfter(1000);
    const late = heapAfter(8000);
    expect(last!.requiresGrad).toBe(true); // each iteration did record a graph
    // One iteration's graph holds ~100 KB; 8000 kept graphs would be ~800 MB.
    expect(late - early).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('inputs are never changed by an op', () => {
  test('every op leaves its inputs as they were', () => {
    const a = tensor(
      [
        [1, -2],
        [3, 0],
      ],
      { requiresGrad: true },
    );
    const b = tensor([0.5, -1], { requiresGrad: true });
    const before = [a.data.slice(), b.data.slice()];
    const out = sum(exp(mul(add(matmul(a, b), b), leakyRelu(a.reshape([4]).slice(0, 0, 2)))));
    out.backward();
    expect(a.data).toEqual(before[0]);
    expect(b.data).toEqual(before[1]);
  });
});
