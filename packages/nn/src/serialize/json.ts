/**
 * A state dict as JSON: readable, diffable, exact.
 *
 * Format (version 1):
 *
 *   { "format": "tapegrad.stateDict", "version": 1,
 *     "tensors": [ { "name": "0.weight", "shape": [4, 2], "data": [0.25, -0.5, ...] }, ... ] }
 *
 * `tensors` is a list, in the state dict's order (an object would reorder integer-like names).
 * `data` is row-major. Every float64 round-trips exactly: finite values are written as JavaScript
 * prints them (the shortest string that reads back to the same double), and the values JSON has
 * no number for are strings: `"NaN"`, `"Infinity"`, `"-Infinity"`, and `"-0"` (JSON's `-0` would
 * read back as 0 in some parsers).
 *
 * This file only turns a state dict into text and back; `saveJSON` and `loadJSON`, which write and
 * read a file, are in the Node entry (node/json.ts).
 */
import { Tensor, TapegradError, describeValue } from '@tapegrad/core';
import type { StateDict, StateDictLike } from '../module.js';

/**
 * A JSON state-dict document that is malformed or not one; also a state dict to write that holds
 * something other than tensors by name.
 *
 * @example
 * try { stateDictFromJSON('{"format": "other"}'); } catch (e) { console.log(String(e)); }
 * // StateDictFormatError: stateDictFromJSON: not a tapegrad state dict (expected "format": "tapegrad.stateDict")
 */
export class StateDictFormatError extends TapegradError {}

const FORMAT = 'tapegrad.stateDict';
const SPECIAL: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/**
 * The state dict (a `Map` or an object of tensors by name) as a JSON string, one tensor per line,
 * in the format above: every float64 round-trips exactly, NaN, ±Infinity and −0 included.
 *
 * @example
 * console.log(stateDictToJSON({ w: tensor([[0.5, -0]]) }));
 * // {
 * //   "format": "tapegrad.stateDict",
 * //   "version": 1,
 * //   "tensors": [
 * //     {"name":"w","shape":[1,2],"data":[0.5,"-0"]}
 * //   ]
 * // }
 */
export function stateDictToJSON(stateDict: StateDictLike): string {
  return toJSON('stateDictToJSON', stateDict);
}

/** `stateDictToJSON`, with the function name its errors give (`saveJSON` passes its own). */
export function toJSON(who: string, stateDict: StateDictLike): string {
  const entries = entriesOf(who, stateDict);
  const lines = entries.map(([name, t]) => {
    const data = Array.from(t.data, (v) => (Number.isFinite(v) && !Object.is(v, -0) ? v : String(Object.is(v, -0) ? '-0' : v)));
    return `    ${JSON.stringify({ name, shape: t.shape, data })}`;
  });
  return `{\n  "format": "${FORMAT}",\n  "version": 1,\n  "tensors": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/**
 * Reads a state dict back from `stateDictToJSON`'s output, checking every field; the tensors come
 * back in the document's order, as new leaves.
 *
 * @throws StateDictFormatError naming the first field at fault.
 *
 * @example
 * const sd = stateDictFromJSON(stateDictToJSON({ w: tensor([1, NaN]) }));
 * sd.get('w')?.toArray(); // [1, NaN]
 */
export function stateDictFromJSON(text: string): StateDict {
  return fromJSON('stateDictFromJSON', text);
}

/** `stateDictFromJSON`, with the function name its errors give (`loadJSON` passes its own). */
export function fromJSON(who: string, text: string): StateDict {
  if (typeof text !== 'string') throw new StateDictFormatError(`${who}: expected a string, got ${describeValue(text)}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StateDictFormatError(`${who}: not valid JSON: ${(e as Error).message}`);
  }
  const d = doc as { format?: unknown; version?: unknown; tensors?: unknown };
  if (d === null || typeof d !== 'object' || d.format !== FORMAT) {
    throw new StateDictFormatError(`${who}: not a tapegrad state dict (expected "format": "${FORMAT}")`);
  }
  if (d.version !== 1)
    throw new StateDictFormatError(`${who}: unsupported version ${describeValue(d.version)}; this reader knows version 1`);
  if (!Array.isArray(d.tensors)) throw new StateDictFormatError(`${who}: "tensors" must be a list`);
  const out: StateDict = new Map();
  d.tensors.forEach((entry: unknown, i: number) => {
    const e = entry as { name?: unknown; shape?: unknown; data?: unknown };
    const where = `tensors[${i}]`;
    if (e === null || typeof e !== 'object') throw new StateDictFormatError(`${who}: ${where} must be an object`);
    if (typeof e.name !== 'string') throw new StateDictFormatError(`${who}: ${where}.name must be a string, got ${describeValue(e.name)}`);
    if (out.has(e.name))
      throw new StateDictFormatError(`${who}: ${where} repeats the name ${JSON.stringify(e.name)}; each name must appear once`);
    out.set(e.name, tensorFromRecord(who, `${where} (${JSON.stringify(e.name)})`, e));
  });
  return out;
}

/**
 * A tensor from its JSON record, `{ shape, data }` as `stateDictToJSON` and `Tensor.toJSON` write
 * it (NaN, ±Infinity and −0 as strings), checked; `label` says which record in errors.
 */
export function tensorFromRecord(who: string, label: string, e: { shape?: unknown; data?: unknown }): Tensor {
  if (!Array.isArray(e.shape) || e.shape.some((s) => typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0)) {
    throw new StateDictFormatError(`${who}: ${label}.shape must be a list of non-negative integers, got ${describeValue(e.shape)}`);
  }
  const size = (e.shape as number[]).reduce((a, b) => a * b, 1);
  if (!Array.isArray(e.data) || e.data.length !== size) {
    throw new StateDictFormatError(
      `${who}: ${label}.data must be a list of ${size} values for shape [${(e.shape as number[]).join(',')}], got ${Array.isArray(e.data) ? `${e.data.length} values` : describeValue(e.data)}`,
    );
  }
  const data = new Float64Array(size);
  (e.data as unknown[]).forEach((v, k) => {
    if (typeof v === 'number') data[k] = v;
    else if (typeof v === 'string' && v in SPECIAL) data[k] = SPECIAL[v]!;
    else
      throw new StateDictFormatError(
        `${who}: ${label}.data[${k}] is ${describeValue(v)}; expected a number or one of "NaN", "Infinity", "-Infinity", "-0"`,
      );
  });
  return new Tensor(data, e.shape as number[]);
}

/** The entries of a state dict, checked: string names, tensor values. */
export function entriesOf(who: string, stateDict: StateDictLike): [string, Tensor][] {
  if (stateDict === null || typeof stateDict !== 'object' || Array.isArray(stateDict)) {
    throw new StateDictFormatError(
      `${who}: expected a state dict (a Map or an object of tensors by name), got ${describeValue(stateDict)}`,
    );
  }
  const entries = stateDict instanceof Map ? [...stateDict.entries()] : Object.entries(stateDict as Record<string, Tensor>);
  for (const [name, t] of entries) {
    if (typeof name !== 'string') throw new StateDictFormatError(`${who}: every name must be a string, got ${describeValue(name)}`);
    if (!(t instanceof Tensor)) throw new StateDictFormatError(`${who}: ${JSON.stringify(name)} is ${describeValue(t)}, not a Tensor`);
  }
  return entries as [string, Tensor][];
}
