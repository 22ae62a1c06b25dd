/**
 * A state dict as safetensors, the format of Hugging Face's `safetensors` library:
 *
 *   8 bytes    N, the header's length, an unsigned 64-bit little-endian integer
 *   N bytes    the header: UTF-8 JSON, padded with spaces to a multiple of 8
 *   the rest   the tensors' bytes, back to back; each row-major, little-endian
 *
 * The header maps each name to `{"dtype":"F64","shape":[4,2],"data_offsets":[begin,end]}` (byte
 * offsets into the data, which starts right after the header), plus an optional
 * `"__metadata__"` of string values.
 *
 * Writing is byte-for-byte what the reference (Rust) writer produces for float64 tensors, so that
 * a file is the same whichever library wrote it: tensors sorted by name (bytewise), data offsets
 * contiguous in that order, compact JSON with keys in the order `__metadata__` (first, if any),
 * then the tensors, each with `dtype`, `shape`, `data_offsets`. One choice is ours: the metadata's
 * keys are sorted (the reference writer keeps them in a hash map, in no fixed order).
 *
 * Reading takes F64 as it is and widens F32, F16, BF16, I64 and I32 to float64 exactly (every value
 * of those types is a float64, except integers beyond 2⁵³, which are refused rather than rounded):
 * PyTorch saves float32 by default, and its BatchNorm counts batches in int64. Writing is F64, or
 * F32 on request (`{ dtype: 'F32' }`, each value rounded to the nearest float32, as `.float()` does),
 * for PyTorch's default dtype. Reading validates the whole header (length within bounds, JSON,
 * dtypes, shapes, offsets contiguous and inside the file, shape × item size = the byte range)
 * before it allocates anything for the data, so a corrupt or hostile header cannot make it allocate
 * more than the file holds.
 *
 * This file works on bytes in memory; the functions that write and read a file are in the Node
 * entry (node/safetensors.ts), on top of the exported parts here.
 */
import { Tensor, TapegradError, describeValue } from '@tapegrad/core';
import type { StateDict, StateDictLike } from '../module.js';
import { checkKeys } from '../util.js';
import { entriesOf } from './json.js';
import { utf8Decode, utf8Encode } from './utf8.js';

/**
 * A safetensors file that is malformed, or holds something this reader does not load (a dtype
 * it does not know, or an integer beyond 2⁵³).
 *
 * @example
 * try { decodeSafetensors(new Uint8Array(4)); } catch (e) { console.log(e instanceof SafetensorsError); } // true
 */
export class SafetensorsError extends TapegradError {}

/** The largest header accepted, as the reference implementation: 100 MB. */
export const MAX_HEADER_SIZE = 100_000_000;

/**
 * The dtypes read, with the bytes of one value. F64 is written by default and F32 on request.
 *
 * @example
 * const dtype: SafetensorsDtype = 'BF16';
 */
export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32';
const ITEM_BYTES: Readonly<Record<SafetensorsDtype, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4 };
const isDtype = (d: string): d is SafetensorsDtype => Object.hasOwn(ITEM_BYTES, d);

/**
 * Options of `encodeSafetensors` and `saveSafetensors`.
 *
 * @example
 * const bytes = encodeSafetensors({ w: zeros([2]) }, { metadata: { format: 'pt' } });
 * decodeSafetensors(bytes).metadata; // { format: 'pt' }
 */
export interface SafetensorsOptions {
  /** Free-form string metadata, stored under `__metadata__` (PyTorch's tools write `{ format: 'pt' }`). */
  metadata?: Readonly<Record<string, string>>;
  /**
   * The dtype of every tensor in the file: `'F64'` (the default, exact) or `'F32'` (PyTorch's
   * default dtype; each value rounded to the nearest float32, beyond its range to ±∞).
   */
  dtype?: 'F64' | 'F32';
}

/** A decoded file: the tensors by name, in file order, and the metadata (`null` if the file has none). */
export interface SafetensorsContents {
  /** The tensors by name, as new leaves, in the order of their data in the file. */
  stateDict: StateDict;
  /** The `__metadata__` strings, or `null` if the file has none. */
  metadata: Record<string, string> | null;
}

// ---- writing -------------------------------------------------------------------------------

/**
 * The bytes of a safetensors file holding `stateDict` (a `Map` or an object of tensors by name),
 * every tensor as F64 (or F32 with `{ dtype: 'F32' }`), sorted by name: byte for byte what the
 * reference writer produces.
 *
 * @example
 * const bytes = encodeSafetensors({ w: tensor([1, 2]) });
 * bytes.length; // 80: 8 (the header's length) + 56 (the JSON header, padded to a multiple of 8) + 16 (two float64)
 */
export function encodeSafetensors(stateDict: StateDictLike, options: SafetensorsOptions = {}): Uint8Array {
  return encode('encodeSafetensors', stateDict, options);
}

/** `encodeSafetensors`, with the function name its errors give (`saveSafetensors` passes its own). */
export function encode(who: string, stateDict: StateDictLike, options: SafetensorsOptions): Uint8Array {
  checkKeys(who, options, ['metadata', 'dtype']);
  const dtype = options.dtype ?? 'F64';
  if (dtype !== 'F64' && dtype !== 'F32') throw new SafetensorsError(`${who}: dtype must be "F64" or "F32", got ${describeValue(dtype)}`);
  const item = ITEM_BYTES[dtype];
  const entries = entriesOf(who, stateDict).sort(([a], [b]) => compareBytes(utf8Encode(a), utf8Encode(b)));
  const parts: string[] = [];
  if (options.metadata !== undefined) parts.push(`"__metadata__":${metadataJSON(who, options.metadata)}`);
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new SafetensorsError(`${who}: "__metadata__" is reserved and cannot name a tensor`);
    const end = offset + t.size * item;
    parts.push(`${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const header = utf8Encode(`{${parts.join(',')}}`);
  const padded = header.length + ((8 - (header.length % 8)) % 8);
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  out.set(header, 8);
  out.fill(0x20, 8 + header.length, 8 + padded); // spaces
  let pos = 8 + padded;
  for (const [, t] of entries) {
    if (dtype === 'F64') for (let i = 0; i < t.size; i++, pos += 8) view.setFloat64(pos, t.data[i]!, true);
    else for (let i = 0; i < t.size; i++, pos += 4) view.setFloat32(pos, t.data[i]!, true);
  }
  return out;
}

function metadataJSON(who: string, metadata: Readonly<Record<string, string>>): string {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new SafetensorsError(`${who}: metadata must be an object of strings, got ${describeValue(metadata)}`);
  }
  const keys = Object.keys(metadata).sort();
  for (const k of keys) {
    if (typeof metadata[k] !== 'string')
      throw new SafetensorsError(`${who}: metadata[${JSON.stringify(k)}] must be a string, got ${describeValue(metadata[k])}`);
  }
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

// ---- reading -------------------------------------------------------------------------------

/** One tensor's entry in a validated header. */
export interface Entry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Decodes a safetensors file held in memory, validating the whole header first.
 *
 * @throws SafetensorsError for a malformed file, a dtype it does not read, or an integer beyond 2^53.
 *
 * @example
 * const { stateDict, metadata } = decodeSafetensors(encodeSafetensors({ w: tensor([1, 2]) }));
 * stateDict.get('w')?.toArray(); // [1, 2]
 * metadata;                      // null
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) throw new SafetensorsError(`decodeSafetensors: expected a Uint8Array, got ${describeValue(bytes)}`);
  const n = headerLength('decodeSafetensors', bytes.subarray(0, 8), bytes.length);
  const { entries, metadata } = parseHeader('decodeSafetensors', bytes.subarray(8, 8 + n), bytes.length - 8 - n);
  return { stateDict: toStateDict('decodeSafetensors', entries, bytes.subarray(8 + n)), metadata };
}

/** N from the first 8 bytes, checked against the limit and the file's size. */
export function headerLength(who: string, head: Uint8Array, fileSize: number): number {
  if (head.length < 8) {
    throw new SafetensorsError(
      `${who}: the file has ${fileSize} bytes, fewer than the 8 that hold the header's length; it is truncated or not safetensors`,
    );
  }
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_SIZE)) {
    throw new SafetensorsError(
      `${who}: the header claims ${n} bytes, more than the limit of ${MAX_HEADER_SIZE}; the file is corrupt or not safetensors`,
    );
  }
  if (8n + n > BigInt(fileSize)) {
    throw new SafetensorsError(`${who}: the header claims ${n} bytes but only ${fileSize - 8} follow the length; the file is truncated`);
  }
  return Number(n);
}

/** Parses and validates the header; `dataLength` is the number of bytes after it. */
export function parseHeader(
  who: string,
  raw: Uint8Array,
  dataLength: number,
): { entries: Entry[]; metadata: Record<string, string> | null } {
  const fail = (msg: string): never => {
    throw new SafetensorsError(`${who}: ${msg}`);
  };
  let text = '';
  try {
    text = utf8Decode(raw);
  } catch {
    fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{'))
    fail(`the header must be a JSON object starting with "{", it starts with ${JSON.stringify(text.slice(0, 16))}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail('the header must be a JSON object');
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(doc as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info) || Object.values(info).some((v) => typeof v !== 'string')) {
        fail('"__metadata__" must be an object of string values');
      }
      metadata = { ...(info as Record<string, string>) };
      continue;
    }
    const label = `tensor ${JSON.stringify(name)}`;
    const e = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (e === null || typeof e !== 'object' || Array.isArray(e))
      fail(`${label}: expected {"dtype", "shape", "data_offsets"}, got ${describeValue(e)}`);
    if (typeof e!.dtype !== 'string') fail(`${label}: "dtype" must be a string, got ${describeValue(e!.dtype)}`);
    const dtype = e!.dtype as string;
    if (!isDtype(dtype)) {
      fail(
        `${label} has dtype ${dtype}, which is not supported: the dtypes read are ${Object.keys(ITEM_BYTES).join(', ')} (each widened to float64 exactly)`,
      );
    }
    const item = ITEM_BYTES[dtype as SafetensorsDtype];
    const shape = e!.shape;
    if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)) {
      fail(`${label}: "shape" must be a list of non-negative integers, got ${describeValue(shape)}`);
    }
    const offs = e!.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || offs.some((o) => typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0)) {
      fail(`${label}: "data_offsets" must be [begin, end] with non-negative integers, got ${describeValue(offs)}`);
    }
    const [begin, end] = offs as [number, number];
    if (end < begin) fail(`${label}: data_offsets [${begin}, ${end}] end before they begin; end must be >= begin`);
    if (end > dataLength)
      fail(
        `${label}: data_offsets [${begin}, ${end}] reach past the ${dataLength} data bytes of the file; the file is truncated or the offsets are wrong`,
      );
    let count = 1;
    for (const d of shape as number[]) {
      count *= d;
      if (count > Number.MAX_SAFE_INTEGER)
        fail(`${label}: shape ${describeValue(shape)} has more elements than can be counted; it must have at most 2^53 - 1`);
    }
    if (count * item !== end - begin) {
      fail(
        `${label}: shape [${(shape as number[]).join(',')}] × ${item} bytes (${dtype}) = ${count * item} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}; they must be equal`,
      );
    }
    entries.push({ name, dtype: dtype as SafetensorsDtype, shape: [...(shape as number[])], begin, end });
  }
  // As the reference: the byte ranges, in offset order, tile the data exactly, with no gap or overlap.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of entries) {
    if (e.begin !== at)
      fail(
        `tensor ${JSON.stringify(e.name)}: data_offsets begin at ${e.begin}, expected ${at} (the tensors' bytes must be contiguous, without gaps or overlaps)`,
      );
    at = e.end;
  }
  if (at !== dataLength) fail(`the tensors cover ${at} data bytes but the file has ${dataLength} after the header; they must be equal`);
  return { entries, metadata };
}

/** The tensors of a validated header, read from `data` (the bytes after the header), as new leaves. */
export function toStateDict(who: string, entries: readonly Entry[], data: Uint8Array): StateDict {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: StateDict = new Map();
  for (const e of entries) out.set(e.name, new Tensor(readValues(who, e, view), e.shape));
  return out;
}

/** The values of one entry, widened to float64 exactly. */
function readValues(who: string, e: Entry, view: DataView): Float64Array {
  const item = ITEM_BYTES[e.dtype];
  const values = new Float64Array((e.end - e.begin) / item);
  for (let i = 0, pos = e.begin; i < values.length; i++, pos += item) {
    switch (e.dtype) {
      case 'F64':
        values[i] = view.getFloat64(pos, true);
        break;
      case 'F32':
        values[i] = view.getFloat32(pos, true);
        break;
      case 'F16':
        values[i] = halfToNumber(view.getUint16(pos, true));
        break;
      case 'BF16':
        // a bfloat16 is the upper half of a float32
        BF16_SCRATCH.setUint32(0, view.getUint16(pos, true) << 16, true);
        values[i] = BF16_SCRATCH.getFloat32(0, true);
        break;
      case 'I64': {
        const v = view.getBigInt64(pos, true);
        if (v > 2n ** 53n || v < -(2n ** 53n)) {
          throw new SafetensorsError(
            `${who}: tensor ${JSON.stringify(e.name)}: the I64 value ${v} at index ${i} is beyond ±2^53, where float64 cannot hold every integer; it must be within ±2^53`,
          );
        }
        values[i] = Number(v);
        break;
      }
      case 'I32':
        values[i] = view.getInt32(pos, true);
        break;
    }
  }
  return values;
}

const BF16_SCRATCH = new DataView(new ArrayBuffer(4));

/** An IEEE 754 half-precision value (its 16 bits) as a number: exact, subnormals, ±0, ±∞ and NaN included. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}
