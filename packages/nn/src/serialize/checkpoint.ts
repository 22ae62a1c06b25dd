/**
 * A training checkpoint in one safetensors file: the model's tensors and the optimizer's (its
 * moments, its momentum buffers) as tensors, and everything else (the optimizer's hyperparameters
 * and step counts, the scheduler's state, a random generator's exact state, your own values) as
 * JSON in the file's metadata. A run resumed from it continues bit for bit as the run that saved it.
 *
 *   tensors    "model.<name>" for each entry of the model's state dict, and "optimizer.<k>" (and
 *              "scheduler.<k>") for the tensors of the optimizer's (scheduler's) state dict
 *   metadata   "format": "tapegrad.checkpoint", "version": "1", and per part given: "optimizer" and
 *              "scheduler" (their state dicts as JSON, each tensor replaced by {"$tensor": name}),
 *              "generator" (the bit generator's state, its 128-bit integers as decimal strings),
 *              "extra" (the other values, as JSON)
 *
 * This file works on bytes in memory; `saveCheckpoint` and `loadCheckpoint`, which write and read a
 * file (atomically), are in the Node entry.
 */
import { type Generator, Tensor, describeValue } from '@tapegrad/core';
import type { Module } from '../module.js';
import { StateDictError } from '../state-dict.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** Something with a state dict to save and restore: an optimizer or a scheduler. */
export interface Stateful {
  /** The state, as plain values and tensors. */
  stateDict(): object;
  /** Restores what `stateDict()` returned. */
  loadStateDict(stateDict: never): void;
}

/**
 * What a checkpoint holds: any of a model, an optimizer, a scheduler and a random generator, and
 * any other values you add (numbers, strings, booleans, null, arrays and objects of those: an epoch,
 * the losses so far).
 *
 * @example
 * const parts: CheckpointParts = { model, optimizer: opt, scheduler, generator: rng, epoch: 2 };
 */
export interface CheckpointParts {
  /** The model: its state dict, parameters and buffers. */
  model?: Module<never[], unknown>;
  /** The optimizer: its state (moments, step counts) and its parameter groups' hyperparameters. */
  optimizer?: Stateful;
  /** A learning-rate scheduler. */
  scheduler?: Stateful;
  /** The generator your run draws from (shuffling, dropout, initialisation): its exact state. */
  generator?: Generator;
  /** Your own values, saved as JSON. */
  [extra: string]: unknown;
}

const FORMAT = 'tapegrad.checkpoint';
const PARTS = ['model', 'optimizer', 'scheduler', 'generator'] as const;

/**
 * The bytes of a checkpoint of `parts` (see `CheckpointParts`): a safetensors file, with the
 * tensors as F64 and the rest as JSON in its metadata.
 *
 * @example
 * const bytes = encodeCheckpoint({ model, optimizer: opt, epoch: 3 });
 * decodeCheckpoint(bytes, { model, optimizer: opt }).epoch; // 3
 */
export function encodeCheckpoint(parts: CheckpointParts): Uint8Array {
  return encode('encodeCheckpoint', parts);
}

/** `encodeCheckpoint`, with the function name its errors give (`saveCheckpoint` passes its own). */
export function encode(who: string, parts: CheckpointParts): Uint8Array {
  if (parts === null || typeof parts !== 'object')
    throw new StateDictError(`${who}: expected an object of parts, got ${describeValue(parts)}`);
  const tensors = new Map<string, Tensor>();
  const metadata: Record<string, string> = { format: FORMAT, version: '1' };
  const { model, optimizer, scheduler, generator, ...extra } = parts;
  if (model !== undefined) {
    if (typeof (model as { stateDict?: unknown }).stateDict !== 'function') {
      throw new StateDictError(`${who}: model must be a Module, got ${describeValue(model)}`);
    }
    for (const [name, t] of model.stateDict()) tensors.set(`model.${name}`, t);
    metadata.model = JSON.stringify([...model.stateDict().keys()]);
  }
  for (const [key, part] of [
    ['optimizer', optimizer],
    ['scheduler', scheduler],
  ] as const) {
    if (part === undefined) continue;
    if (part === null || typeof part.stateDict !== 'function' || typeof part.loadStateDict !== 'function') {
      throw new StateDictError(`${who}: ${key} must have stateDict() and loadStateDict(), got ${describeValue(part)}`);
    }
    let n = 0;
    metadata[key] = JSON.stringify(part.stateDict(), (_, v) => {
      if (!(v instanceof Tensor)) return v;
      const name = `${key}.${n++}`;
      tensors.set(name, v);
      return { $tensor: name };
    });
  }
  if (generator !== undefined) {
    const state = bitGeneratorOf(who, generator).state;
    metadata.generator = JSON.stringify({ ...state, state: String(state.state), inc: String(state.inc) });
  }
  metadata.extra = jsonOf(who, extra);
  return encodeSafetensors(tensors, { metadata });
}

/**
 * Restores a checkpoint into `into`: the model's state dict (strictly: the same names and shapes),
 * the optimizer's and the scheduler's state, and the generator's state, for each part you give
 * (each must be in the file). Returns the other values saved in it.
 *
 * @throws StateDictError if the bytes are not a checkpoint, or a part you give is not in it.
 *
 * @example
 * const { epoch } = decodeCheckpoint(bytes, { model, optimizer: opt, generator: rng }); // now continue from epoch
 */
export function decodeCheckpoint(bytes: Uint8Array, into: CheckpointParts): Record<string, unknown> {
  return decode('decodeCheckpoint', bytes, into);
}

/** `decodeCheckpoint`, with the function name its errors give (`loadCheckpoint` passes its own). */
export function decode(who: string, bytes: Uint8Array, into: CheckpointParts): Record<string, unknown> {
  if (into === null || typeof into !== 'object')
    throw new StateDictError(`${who}: expected an object of parts, got ${describeValue(into)}`);
  if (!(bytes instanceof Uint8Array))
    throw new StateDictError(`${who}: expected the bytes of a checkpoint (a Uint8Array), got ${describeValue(bytes)}`);
  const { stateDict, metadata } = decodeSafetensors(bytes);
  if (metadata?.format !== FORMAT) {
    throw new StateDictError(
      `${who}: not a tapegrad checkpoint (its metadata has no "format": "${FORMAT}"); a plain state dict loads with loadSafetensors`,
    );
  }
  const missing = PARTS.filter((p) => into[p] !== undefined && metadata[p] === undefined);
  if (missing.length > 0) {
    throw new StateDictError(
      `${who}: the checkpoint has no ${missing.join(', ')}; it holds ${PARTS.filter((p) => metadata[p] !== undefined).join(', ') || 'only extra values'}`,
    );
  }
  const { model, optimizer, scheduler, generator } = into;
  if (model !== undefined) {
    const names = JSON.parse(metadata.model!) as string[];
    model.loadStateDict(new Map(names.map((n) => [n, stateDict.get(`model.${n}`)!])));
  }
  for (const [key, part] of [
    ['optimizer', optimizer],
    ['scheduler', scheduler],
  ] as const) {
    if (part === undefined) continue;
    const state = JSON.parse(metadata[key]!, (_, v) => {
      if (v !== null && typeof v === 'object' && typeof v.$tensor === 'string') return stateDict.get(v.$tensor);
      return v;
    });
    part.loadStateDict(state as never);
  }
  if (generator !== undefined) {
    const s = JSON.parse(metadata.generator!) as { state: string; inc: string; hasUint32: boolean; uinteger: number };
    bitGeneratorOf(who, generator).state = { ...s, state: BigInt(s.state), inc: BigInt(s.inc) };
  }
  return JSON.parse(metadata.extra ?? '{}') as Record<string, unknown>;
}

function bitGeneratorOf(who: string, g: Generator): Generator['bitGenerator'] {
  const bits = (g as { bitGenerator?: unknown } | null)?.bitGenerator as Generator['bitGenerator'] | undefined;
  if (bits === undefined || bits === null || typeof bits !== 'object' || !('state' in bits)) {
    throw new StateDictError(`${who}: generator must be a Generator of @tapegrad/core (defaultRng(seed)), got ${describeValue(g)}`);
  }
  return bits;
}

/** The extra values as JSON, checked to come back as they went in. */
function jsonOf(who: string, extra: Record<string, unknown>): string {
  const check = (v: unknown, path: string): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0))
        throw new StateDictError(`${who}: ${path} is ${v}, which JSON cannot hold exactly; store it as a string`);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => check(x, `${path}[${i}]`));
      return;
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, x] of Object.entries(v as object)) check(x, `${path}.${k}`);
      return;
    }
    throw new StateDictError(
      `${who}: ${path} is ${describeValue(v)}; extra values must be numbers, strings, booleans, null, or arrays and plain objects of those`,
    );
  };
  for (const [k, v] of Object.entries(extra)) check(v, k);
  return JSON.stringify(extra);
}
