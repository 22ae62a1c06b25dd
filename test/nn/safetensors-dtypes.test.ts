/**
 * Safetensors dtypes: F32, F16, BF16, I64 and I32 read and widened to float64 exactly as PyTorch's
 * `.double()` does (special values included), and F32 written byte for byte as the reference writer
 * writes PyTorch's `.float()`. Fixtures: scripts/fixtures/gen_safetensors_dtypes.py.
 */
import { tensor } from '@tapegrad/core';
import { SafetensorsError, decodeSafetensors, encodeSafetensors } from '@tapegrad/nn';
import { describe, expect, it } from 'vitest';
import { fixture, fixtureBytes } from './helpers.js';

type Value = number | string;
const doc = fixture<{
  tensors: Record<string, { dtype: string; shape: number[]; values: Value[] }>;
  f32Source: { b: Value[]; w: Value[]; wShape: number[] };
}>('dtypes.json');
const num = (v: Value): number => (typeof v === 'number' ? v : v === '-0' ? -0 : Number(v));

describe('reading every dtype PyTorch saves', () => {
  const { stateDict } = decodeSafetensors(fixtureBytes('dtypes.safetensors'));

  it('has every tensor of the file, and the dtypes it covers', () => {
    expect([...stateDict.keys()].sort()).toEqual(Object.keys(doc.tensors).sort());
    expect(new Set(Object.values(doc.tensors).map((t) => t.dtype))).toEqual(new Set(['F64', 'F32', 'F16', 'BF16', 'I64', 'I32']));
  });

  it.each(Object.entries(doc.tensors))('%s: the values PyTorch widens it to, bit for bit', (name, t) => {
    const got = stateDict.get(name)!;
    expect([...got.shape]).toEqual(t.shape);
    t.values.forEach((v, i) => {
      const want = num(v);
      const ok = Number.isNaN(want) ? Number.isNaN(got.data[i]!) : Object.is(got.data[i], want);
      expect(ok, `${name}[${i}]: got ${got.data[i]}, want ${v}`).toBe(true);
    });
  });
});

describe('writing F32', () => {
  it("is byte for byte the reference writer's file of PyTorch's .float()", () => {
    const { b, w, wShape } = doc.f32Source;
    const sd = { b: tensor(b.map(num)), w: tensor(w.map(num)).reshape(wShape) };
    expect(encodeSafetensors(sd, { dtype: 'F32' })).toEqual(fixtureBytes('f32.safetensors'));
  });

  it('reads back as each value rounded to the nearest float32; F64 stays exact', () => {
    const values = [0.1, 1 / 3, -2, 1e-45, 1e39, -0];
    const f32 = decodeSafetensors(encodeSafetensors({ v: tensor(values) }, { dtype: 'F32' })).stateDict.get('v')!;
    expect(Array.from(f32.data)).toEqual(values.map((v) => Math.fround(v)));
    const f64 = decodeSafetensors(encodeSafetensors({ v: tensor(values) })).stateDict.get('v')!;
    expect(Array.from(f64.data)).toEqual(values);
  });

  it('refuses a dtype it does not write', () => {
    expect(() => encodeSafetensors({ v: tensor([1]) }, { dtype: 'BF16' as 'F32' })).toThrow(SafetensorsError);
  });
});
