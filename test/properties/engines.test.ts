/**
 * The scalar engine (plain-arithmetic gradient rules) and the tensor engine (gradient rules
 * written with tensor ops) agree on random expression trees of depth ≤ 6 over three variables:
 * the same value and the same gradient for every variable, up to rounding (NaN and ±∞ where
 * both have them).
 */
import fc from 'fast-check';
import { type Scalar, type Tensor, scalar, tensor } from '@tapegrad/core';
import { describe, expect, test } from 'vitest';
import { SEED, params } from './arbitraries.js';

const UNARY = ['neg', 'exp', 'log', 'log1p', 'sqrt', 'abs', 'tanh', 'sigmoid', 'relu'] as const;
const BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'prelu'] as const;
type Unary = (typeof UNARY)[number];
type Binary = (typeof BINARY)[number];

type Expr =
  | { kind: 'var'; index: number }
  | { kind: 'const'; value: number }
  | { kind: 'unary'; op: Unary; arg: Expr }
  | { kind: 'leakyRelu'; slope: number; arg: Expr }
  | { kind: 'elu'; alpha: number; arg: Expr }
  | { kind: 'clip'; min: number | null; max: number | null; arg: Expr }
  | { kind: 'binary'; op: Binary; a: Expr; b: Expr };

/** What both engines' values offer, so that one evaluator serves both. */
interface Value<V> {
  neg(): V;
  exp(): V;
  log(): V;
  log1p(): V;
  sqrt(): V;
  abs(): V;
  tanh(): V;
  sigmoid(): V;
  relu(): V;
  leakyRelu(slope: number): V;
  elu(alpha: number): V;
  clip(min: number | null, max: number | null): V;
  add(o: V): V;
  sub(o: V): V;
  mul(o: V): V;
  div(o: V): V;
  pow(o: V): V;
  maximum(o: V): V;
  minimum(o: V): V;
  prelu(o: V): V;
}

const MAX_DEPTH = 6;
const small = fc.integer({ min: -300, max: 300 }).map((k) => k / 100);

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: MAX_DEPTH, depthIdentifier: 'expr' },
    // leaves first: at the depth limit oneof takes the first arbitrary
    fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 2 }).map((index): Expr => ({ kind: 'var', index })) },
      { weight: 1, arbitrary: small.map((value): Expr => ({ kind: 'const', value })) },
    ),
    fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...UNARY), arg: tie('expr') }),
    fc.record({ kind: fc.constant('leakyRelu' as const), slope: small, arg: tie('expr') }),
    fc.record({ kind: fc.constant('elu' as const), alpha: small.map(Math.abs), arg: tie('expr') }),
    fc.record({
      kind: fc.constant('clip' as const),
      min: fc.constantFrom(-1, -0.5, null),
      max: fc.constantFrom(0.5, 2, null),
      arg: tie('expr'),
    }),
    fc.record({ kind: fc.constant('binary' as const), op: fc.constantFrom(...BINARY), a: tie('expr'), b: tie('expr') }),
  ),
}));

/** Depth in ops: a leaf is 0. */
function depth(e: Expr): number {
  // An explicit stack, as the library's own graph walks.
  let max = 0;
  const stack: [Expr, number][] = [[e, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    max = Math.max(max, d);
    if (node.kind === 'binary') stack.push([node.a, d + 1], [node.b, d + 1]);
    else if (node.kind !== 'var' && node.kind !== 'const') stack.push([node.arg, d + 1]);
  }
  return max;
}

function evaluate<V extends Value<V>>(e: Expr, vars: readonly V[], constant: (v: number) => V): V {
  switch (e.kind) {
    case 'var':
      return vars[e.index]!;
    case 'const':
      return constant(e.value);
    case 'unary':
      return evaluate(e.arg, vars, constant)[e.op]();
    case 'leakyRelu':
      return evaluate(e.arg, vars, constant).leakyRelu(e.slope);
    case 'elu':
      return evaluate(e.arg, vars, constant).elu(e.alpha);
    case 'clip':
      return evaluate(e.arg, vars, constant).clip(e.min, e.max);
    case 'binary':
      return evaluate(e.a, vars, constant)[e.op](evaluate(e.b, vars, constant));
  }
}

/** Equal up to rounding, relative to the larger magnitude; NaN only with NaN, ∞ only with the same ∞. */
function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('scalar and tensor engines agree on random expressions', () => {
  test(`value and every gradient, depth ≤ ${MAX_DEPTH} (seed ${SEED})`, () => {
    fc.assert(
      fc.property(expr, fc.tuple(small, small, small), (e, xs) => {
        expect(depth(e)).toBeLessThanOrEqual(MAX_DEPTH);
        const sVars = xs.map((v) => scalar(v));
        const tVars = xs.map((v) => tensor(v, { requiresGrad: true }));
        const s = evaluate<Scalar>(e, sVars, (v) => scalar(v, { requiresGrad: false }));
        const t = evaluate<Tensor>(e, tVars, (v) => tensor(v));
        expect(close(s.data, t.item()), `value: scalar ${s.data}, tensor ${t.item()}`).toBe(true);
        if (!Number.isFinite(s.data)) return; // a gradient through ±∞ or NaN is not worth comparing
        expect(s.requiresGrad).toBe(t.requiresGrad);
        if (!s.requiresGrad) return; // a constant expression: no gradient to compare
        s.backward();
        t.backward();
        xs.forEach((_, i) => {
          const [gs, gt] = [sVars[i]!.grad, tVars[i]!.grad?.item() ?? 0];
          expect(close(gs, gt), `d/dx${i}: scalar ${gs}, tensor ${gt}`).toBe(true);
        });
      }),
      params(2000),
    );
  });
});
