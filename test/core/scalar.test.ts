/** The scalar engine: micrograd-style values on the same tape, with the same gradients as tensors. */
import { type Scalar, scalar, tensor, tapeOf, gradients, type Tensor } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';

/** One expression, written once, evaluated by either engine (both have the same method names). */
interface Value<V> {
  add(o: V | number): V;
  sub(o: V | number): V;
  mul(o: V | number): V;
  div(o: V | number): V;
  pow(o: V | number): V;
  exp(): V;
  log(): V;
  tanh(): V;
  sigmoid(): V;
  relu(): V;
  leakyRelu(a?: number): V;
  elu(a?: number): V;
  prelu(a: V): V;
  abs(): V;
  sqrt(): V;
  neg(): V;
  log1p(): V;
  maximum(o: V | number): V;
  minimum(o: V | number): V;
  clip(lo: number | null, hi: number | null): V;
}

function expression<V extends Value<V>>(x: V, y: V, alpha: V): V {
  const h = x.mul(y).add(x.pow(2)).leakyRelu(0.1);
  const k = y.sub(x).div(x.abs().add(1)).tanh().mul(h.sigmoid());
  const m = k.prelu(alpha).add(x.elu(0.7)).sub(y.exp().log1p().sqrt().neg());
  return m
    .maximum(x.relu())
    .add(m.minimum(y.clip(-0.5, 0.5)))
    .add(x.mul(x).add(1).log());
}

describe('scalar and tensor engines agree', () => {
  test.each([
    [0.7, -1.3, 0.25],
    [-2.1, 0.4, 0.1],
    [1.5, 2.5, 0.5],
    [-0.3, -0.8, 0.3],
  ])('gradients of the same expression at x=%f, y=%f, α=%f are identical', (xv, yv, av) => {
    const [xs, ys, as] = [scalar(xv), scalar(yv), scalar(av)];
    const out = expression<Scalar>(xs, ys, as);
    out.backward();

    const [xt, yt, at] = [xv, yv, av].map((v) => tensor(v, { requiresGrad: true })) as [Tensor, Tensor, Tensor];
    const outT = expression<Tensor>(xt, yt, at);
    const [gx, gy, ga] = gradients(outT, [xt, yt, at]);

    expect(out.data).toBe(outT.item());
    expect(xs.grad).toBe(gx!.item());
    expect(ys.grad).toBe(gy!.item());
    expect(as.grad).toBe(ga!.item());
    expect(xs.grad).not.toBe(0);
  });
});

describe('Scalar', () => {
  test("the kinks: ReLU'(0) = 0, LeakyReLU'(0) = α, PReLU at 0: ∂z = α, ∂α = 0", () => {
    const z = scalar(0);
    z.relu().backward();
    expect(z.grad).toBe(0);
    const z2 = scalar(0);
    z2.leakyRelu().backward();
    expect(z2.grad).toBe(0.01);
    const z3 = scalar(0);
    const alpha = scalar(0.25);
    z3.prelu(alpha).backward();
    expect([z3.grad, alpha.grad]).toEqual([0.25, 0]);
  });

  test('backward twice on a retained graph accumulates on leaves only (intermediates are recomputed)', () => {
    const x = scalar(2);
    const h = x.mul(x);
    const y = h.mul(3);
    y.backward({ retainGraph: true });
    y.backward();
    expect(x.grad).toBe(24); // 2 × (6x)
    expect(h.grad).toBe(3); // not 6: an intermediate's gradient is this pass's
  });

  test('a freed graph cannot be replayed', () => {
    const x = scalar(2);
    const y = x.mul(x);
    y.backward();
    expect(() => y.backward()).toThrow(/freed/);
  });

  test('records onto the same tape as tensors', () => {
    const z = scalar(-1, { name: 'z' });
    const a = z.leakyRelu().mul(2);
    expect(tapeOf(a).toString()).toBe(
      ['z  = leaf data=-1', 'x1 = const data=2', '%0 = leakyRelu(z; negativeSlope=0.01)  data=-0.01', '%1 = mul(%0, x1)  data=-0.02'].join(
        '\n',
      ),
    );
  });

  test('refuses a non-number', () => {
    expect(() => scalar('1' as unknown as number)).toThrow('scalar: data must be a number, got "1"');
    expect(() => scalar(1).add({} as unknown as number)).toThrow(/expected a Scalar or a number/);
  });
});
