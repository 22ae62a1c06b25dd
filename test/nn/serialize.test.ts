import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Tensor, tensor, zeros, defaultRng } from '@tapegrad/core';
import {
  LeakyReLU,
  Linear,
  PReLU,
  SafetensorsError,
  Sequential,
  Sigmoid,
  StateDictFormatError,
  decodeSafetensors,
  encodeSafetensors,
  stateDictFromJSON,
  stateDictToJSON,
  type StateDict,
} from '@tapegrad/nn';
import { loadJSON, loadSafetensors, readSafetensors, saveJSON, saveSafetensors } from '@tapegrad/nn/node';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, fixtureBytes, toTensor, type TensorRecord } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tapegrad-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const initial = fixture<{ initial: Record<string, TensorRecord> }>('mlp.json').initial;
const mlpState = (): StateDict => new Map(Object.entries(initial).map(([k, v]) => [k, toTensor(v)]));

/** Bit-exact equality of two state dicts, in any order. */
function expectSameState(a: StateDict, b: StateDict): void {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [k, t] of a) {
    const u = b.get(k)!;
    expect(u.shape, k).toEqual(t.shape);
    expect(new Uint8Array(u.data.buffer, u.data.byteOffset, u.data.byteLength), k).toEqual(
      new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
    );
  }
}

const awkward = (): StateDict =>
  new Map<string, Tensor>([
    [
      '10.weight',
      tensor([
        [1.5, -0.1],
        [1e-310, 2 ** 60],
      ]),
    ],
    ['2.weight', tensor([NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE])],
    ['scalar', tensor(Math.PI)],
    ['empty', zeros([0, 3])],
    ['ünïcode', tensor([1])],
  ]);

describe('JSON', () => {
  it('round-trips every float64 exactly, including NaN, ±Infinity and −0, keeping the order', () => {
    const sd = awkward();
    const back = stateDictFromJSON(stateDictToJSON(sd));
    expect([...back.keys()]).toEqual([...sd.keys()]);
    expect(Object.is(back.get('2.weight')!.data[3], -0)).toBe(true);
    expectSameState(sd, back);
  });

  it('saves atomically and loads into a model', () => {
    const path = join(dir, 'model.json');
    saveJSON(path, mlpState());
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const model = makeModel();
    model.loadStateDict(loadJSON(path));
    expectSameState(model.stateDict(), mlpState());
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('tapegrad.stateDict');
  });

  it('rejects malformed documents, saying what is wrong', () => {
    const good = JSON.parse(stateDictToJSON(new Map([['w', tensor([1, 2])]])));
    const bad = (patch: (d: typeof good) => void) => {
      const d = structuredClone(good);
      patch(d);
      return () => stateDictFromJSON(JSON.stringify(d));
    };
    expect(() => stateDictFromJSON('{')).toThrow(StateDictFormatError);
    expect(bad((d) => (d.format = 'other'))).toThrow(/not a tapegrad state dict/);
    expect(bad((d) => (d.version = 2))).toThrow(/unsupported version 2/);
    expect(bad((d) => (d.tensors[0].data = [1]))).toThrow(
      /tensors\[0\] \("w"\).data must be a list of 2 values for shape \[2\], got 1 values/,
    );
    expect(bad((d) => (d.tensors[0].data = [1, 'x']))).toThrow(/data\[1\] is "x"/);
    expect(bad((d) => (d.tensors[0].shape = [-2]))).toThrow(/shape must be a list of non-negative integers/);
    expect(bad((d) => d.tensors.push(d.tensors[0]))).toThrow(/repeats the name "w"/);
  });
});

function makeModel(): Sequential {
  const rng = defaultRng(5);
  return new Sequential(
    new Linear(4, 8, { generator: rng }),
    new PReLU({ numParameters: 8 }),
    new Linear(8, 8, { generator: rng }),
    new LeakyReLU(),
    new Linear(8, 1, { generator: rng }),
    new Sigmoid(),
  );
}

describe('safetensors', () => {
  it("writes the same bytes as the fixture script's reference-layout Python writer", () => {
    expect(encodeSafetensors(mlpState())).toEqual(fixtureBytes('mlp.safetensors'));
    expect(encodeSafetensors(mlpState(), { metadata: { source: 'gen_nn_fixtures.py', format: 'pt' } })).toEqual(
      fixtureBytes('mlp-metadata.safetensors'),
    );
  });

  it('lays out the header as the reference does: sorted names, contiguous offsets, space padding to 8', () => {
    const bytes = encodeSafetensors(
      new Map([
        ['b', tensor([1])],
        ['a', tensor([[1, 2]])],
      ]),
      { metadata: {} },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(n % 8).toBe(0);
    expect(header.trimEnd()).toBe(
      '{"__metadata__":{},"a":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}}',
    );
    expect(bytes.length).toBe(8 + n + 24);
    expect(new DataView(bytes.buffer).getFloat64(8 + n + 8, true)).toBe(2);
  });

  it('reads the file PyTorch-side Python wrote, with PyTorch state_dict names, into our model', () => {
    const { stateDict, metadata } = readSafetensors(new URL('../fixtures/nn/mlp-metadata.safetensors', import.meta.url).pathname);
    expect(metadata).toEqual({ format: 'pt', source: 'gen_nn_fixtures.py' });
    expectSameState(stateDict, mlpState());
    const model = makeModel();
    model.loadStateDict(stateDict);
    expectSameState(model.stateDict(), mlpState());
  });

  it('round-trips through a file, atomically, and through bytes', () => {
    const path = join(dir, 'model.safetensors');
    saveSafetensors(path, awkward());
    saveSafetensors(path, mlpState()); // replaces the first file
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    expectSameState(loadSafetensors(path), mlpState());
    const back = decodeSafetensors(encodeSafetensors(awkward())).stateDict;
    expectSameState(back, awkward());
    expect(() => saveSafetensors(join(dir, 'missing-dir', 'x.safetensors'), mlpState())).toThrow(/ENOENT/);
  });

  describe('rejects corrupt or hostile files with a clear error', () => {
    const valid = encodeSafetensors(new Map([['w', tensor([1, 2])]]));
    /** A file from a header string and a number of data bytes. */
    const file = (header: string, dataBytes: number, claimedLength?: bigint): Uint8Array => {
      const h = new TextEncoder().encode(header);
      const out = new Uint8Array(8 + h.length + dataBytes);
      new DataView(out.buffer).setBigUint64(0, claimedLength ?? BigInt(h.length), true);
      out.set(h, 8);
      return out;
    };
    const rejects = (bytes: Uint8Array, message: RegExp) => {
      expect(() => decodeSafetensors(bytes)).toThrow(SafetensorsError);
      expect(() => decodeSafetensors(bytes)).toThrow(message);
      const path = join(dir, 'bad.safetensors');
      writeFileSync(path, bytes);
      expect(() => loadSafetensors(path)).toThrow(message);
    };
    const w = (info: string) => `{"w":${info}}`;

    it('truncated: no length, a cut header, cut data', () => {
      rejects(valid.subarray(0, 5), /the file has 5 bytes, fewer than the 8 that hold the header's length/);
      rejects(valid.subarray(0, 20), /the header claims \d+ bytes but only 12 follow the length; the file is truncated/);
      rejects(valid.subarray(0, valid.length - 3), /tensor "w": data_offsets \[0, 16\] reach past the 13 data bytes of the file/);
    });

    it('oversized header lengths, refused before anything is allocated', () => {
      rejects(file('{}', 0, 2n ** 63n), /the header claims 9223372036854775808 bytes, more than the limit of 100000000/);
      rejects(file('{}', 0, 100_000_001n), /more than the limit/);
      rejects(file('{}', 0, 1000n), /the header claims 1000 bytes but only 2 follow the length/);
    });

    it('a header that claims more data than the file holds', () => {
      const t0 = performance.now();
      rejects(
        file(w('{"dtype":"F64","shape":[1000000000],"data_offsets":[0,8000000000]}'), 16),
        /data_offsets \[0, 8000000000\] reach past the 16 data bytes of the file/,
      );
      expect(performance.now() - t0).toBeLessThan(1000);
      rejects(
        file(w('{"dtype":"F64","shape":[9007199254740991,9007199254740991],"data_offsets":[0,16]}'), 16),
        /more elements than can be counted|span 16/,
      );
    });

    it('wrong dtype, and shape × dtype ≠ the byte range', () => {
      rejects(
        file(w('{"dtype":"U8","shape":[2],"data_offsets":[0,2]}'), 2),
        /tensor "w" has dtype U8, which is not supported: the dtypes read are F64, F32, F16, BF16, I64, I32/,
      );
      rejects(
        file(w('{"dtype":"F32","shape":[3],"data_offsets":[0,8]}'), 8),
        /shape \[3\] × 4 bytes \(F32\) = 12 bytes, but data_offsets \[0, 8\] span 8/,
      );
      rejects(
        file(w('{"dtype":"F64","shape":[3],"data_offsets":[0,16]}'), 16),
        /shape \[3\] × 8 bytes \(F64\) = 24 bytes, but data_offsets \[0, 16\] span 16/,
      );
    });

    it('offsets with gaps, overlaps or in reverse', () => {
      const two = (a: string, b: string) =>
        `{"a":{"dtype":"F64","shape":[1],"data_offsets":${a}},"b":{"dtype":"F64","shape":[1],"data_offsets":${b}}}`;
      rejects(file(two('[0,8]', '[16,24]'), 24), /tensor "b": data_offsets begin at 16, expected 8/);
      rejects(file(two('[0,8]', '[0,8]'), 8), /begin at 0, expected 8/);
      rejects(file(w('{"dtype":"F64","shape":[0],"data_offsets":[8,0]}'), 8), /end before they begin/);
      rejects(file(w('{"dtype":"F64","shape":[1],"data_offsets":[0,8]}'), 16), /the tensors cover 8 data bytes but the file has 16/);
    });

    it('headers that are not a JSON object of well-formed entries', () => {
      rejects(file('not json', 0), /must be a JSON object starting with "\{"/);
      rejects(file('{"w": ', 0), /the header is not valid JSON/);
      rejects(file('[1]     ', 0), /starting with "\{"/);
      rejects(file(w('{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}'), 8), /"shape" must be a list of non-negative integers/);
      rejects(file(w('{"dtype":"F64","shape":[1],"data_offsets":[0]}'), 8), /"data_offsets" must be \[begin, end\]/);
      rejects(file(w('{"dtype":"F64","shape":[1.5],"data_offsets":[0,8]}'), 8), /"shape" must be a list of non-negative integers/);
      rejects(file(w('7'), 0), /tensor "w": expected \{"dtype", "shape", "data_offsets"\}/);
      rejects(file('{"__metadata__":{"a":1}}', 0), /"__metadata__" must be an object of string values/);
      const invalidUtf8 = file('{"\u00ff":1}', 0);
      invalidUtf8[10] = 0xff;
      rejects(invalidUtf8, /not valid UTF-8/);
    });

    it('refuses to write a tensor named __metadata__', () => {
      expect(() => encodeSafetensors(new Map([['__metadata__', tensor([1])]]))).toThrow(/"__metadata__" is reserved/);
    });
  });
});
