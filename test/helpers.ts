/** Shared test helpers: reading fixtures, comparing tensors, and calling an op by its fixture name. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@tapegrad/core';
import { Tensor } from '@tapegrad/core';
import { expect } from 'vitest';

export function readFixture<T>(relative: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${relative}`, import.meta.url)), 'utf8')) as T;
}

export interface FixtureTensor {
  shape: number[];
  data: (number | string)[];
  requiresGrad?: boolean;
}

/** A fixture number: JSON has no NaN or ±Infinity, so the scripts write them as strings. */
export function num(v: number | string): number {
  return typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v);
}

export function fromFixture(t: FixtureTensor, requiresGrad = t.requiresGrad ?? false): Tensor {
  return new Tensor(Float64Array.from(t.data, num), t.shape, { requiresGrad });
}

/**
 * Asserts `actual` has the expected shape and values: |a − e| ≤ atol + rtol·|e| for each value
 * (NaN matches NaN). The failure names the first index that differs.
 */
export function expectTensorClose(
  actual: Tensor,
  expected: FixtureTensor | Tensor,
  { rtol = 1e-12, atol = 1e-14, what = 'tensor' } = {},
): void {
  const shape = expected instanceof Tensor ? [...expected.shape] : expected.shape;
  const values = expected instanceof Tensor ? Array.from(expected.data) : expected.data.map(num);
  expect([...actual.shape], `${what}: shape`).toEqual(shape);
  for (let i = 0; i < values.length; i++) {
    const a = actual.data[i]!;
    const e = values[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) expect.fail(`${what}: element ${i} is ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
  }
}

type Attrs = Record<string, unknown>;
type OpCall = (inputs: Tensor[], attrs: Attrs) => Tensor;
const axes = (a: Attrs) => (a.axes ?? undefined) as number | number[] | undefined;

/** Every op of the fixtures, called by its name with the fixture's attributes. */
export const OPS: Record<string, OpCall> = {
  add: ([a, b]) => core.add(a!, b!),
  sub: ([a, b]) => core.sub(a!, b!),
  mul: ([a, b]) => core.mul(a!, b!),
  div: ([a, b]) => core.div(a!, b!),
  pow: ([a, b]) => core.pow(a!, b!),
  maximum: ([a, b]) => core.maximum(a!, b!),
  minimum: ([a, b]) => core.minimum(a!, b!),
  eq: ([a, b]) => core.eq(a!, b!),
  ne: ([a, b]) => core.ne(a!, b!),
  lt: ([a, b]) => core.lt(a!, b!),
  le: ([a, b]) => core.le(a!, b!),
  gt: ([a, b]) => core.gt(a!, b!),
  ge: ([a, b]) => core.ge(a!, b!),
  where: ([c, a, b]) => core.where(c!, a!, b!),
  neg: ([x]) => core.neg(x!),
  exp: ([x]) => core.exp(x!),
  log: ([x]) => core.log(x!),
  log1p: ([x]) => core.log1p(x!),
  sqrt: ([x]) => core.sqrt(x!),
  abs: ([x]) => core.abs(x!),
  tanh: ([x]) => core.tanh(x!),
  sigmoid: ([x]) => core.sigmoid(x!),
  sin: ([x]) => core.sin(x!),
  cos: ([x]) => core.cos(x!),
  indexSelect: ([x, index], a) => core.indexSelect(x!, a.axis as number, index!),
  gather: ([x, index], a) => core.gather(x!, a.axis as number, index!),
  maskedSelect: ([x, mask]) => core.maskedSelect(x!, mask!),
  argmax: ([x], a) => core.argmax(x!, a.axis as number | undefined, a.keepdims as boolean | undefined),
  argmin: ([x], a) => core.argmin(x!, a.axis as number | undefined, a.keepdims as boolean | undefined),
  clip: ([x], a) => core.clip(x!, a.min as number | null, a.max as number | null),
  relu: ([x]) => core.relu(x!),
  leakyRelu: ([x], a) => core.leakyRelu(x!, a.negativeSlope as number | undefined),
  prelu: ([x, w]) => core.prelu(x!, w!),
  elu: ([x], a) => core.elu(x!, a.alpha as number | undefined),
  sum: ([x], a) => core.sum(x!, axes(a), a.keepdims as boolean | undefined),
  mean: ([x], a) => core.mean(x!, axes(a), a.keepdims as boolean | undefined),
  max: ([x], a) => core.max(x!, axes(a), a.keepdims as boolean | undefined),
  min: ([x], a) => core.min(x!, axes(a), a.keepdims as boolean | undefined),
  logSumExp: ([x], a) => core.logSumExp(x!, axes(a), a.keepdims as boolean | undefined),
  softmax: ([x], a) => core.softmax(x!, a.axis as number | undefined),
  logSoftmax: ([x], a) => core.logSoftmax(x!, a.axis as number | undefined),
  matmul: ([a, b]) => core.matmul(a!, b!),
  transpose: ([x], a) => core.transpose(x!, a.axis0 as number, a.axis1 as number),
  permute: ([x], a) => core.permute(x!, a.axes as number[]),
  reshape: ([x], a) => core.reshape(x!, a.shape as number[]),
  flatten: ([x], a) => core.flatten(x!, a.startAxis as number | undefined, a.endAxis as number | undefined),
  squeeze: ([x], a) => core.squeeze(x!, axes(a)),
  unsqueeze: ([x], a) => core.unsqueeze(x!, a.axis as number),
  broadcastTo: ([x], a) => core.broadcastTo(x!, a.shape as number[]),
  concat: (xs, a) => core.concat(xs, a.axis as number | undefined),
  stack: (xs, a) => core.stack(xs, a.axis as number | undefined),
  slice: ([x], a) => core.slice(x!, a.axis as number, a.start as number | null, a.stop as number | null, a.step as number | undefined),
  select: ([x], a) => core.select(x!, a.axis as number, a.index as number),
};

export interface OpCase {
  name: string;
  op: string;
  inputs: FixtureTensor[];
  attrs: Attrs;
  output?: FixtureTensor;
  gradOutput?: FixtureTensor | null;
  grads?: (FixtureTensor | null)[];
  grad2?: { v: (FixtureTensor | null)[]; grads: (FixtureTensor | null)[] };
  error?: string | null;
}

export const opCases = (): OpCase[] => readFixture<{ cases: OpCase[] }>('core-ops.json').cases;
