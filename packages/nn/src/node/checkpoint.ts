/**
 * A training checkpoint in a file: `encodeCheckpoint` and `decodeCheckpoint` (in the main entry)
 * on a path, written atomically. The format is described in serialize/checkpoint.ts.
 */
import { readFileSync } from 'node:fs';
import { type CheckpointParts, decode, encode } from '../serialize/checkpoint.js';
import { checkPath, withFile, writeFileAtomic } from './files.js';

/**
 * Saves a model, an optimizer, a scheduler, a generator and your own values to one file, atomically
 * (a temporary file, then a rename: a crash never leaves a half-written checkpoint).
 *
 * @example
 * saveCheckpoint('run.ckpt', { model, optimizer: opt, scheduler, generator: rng, epoch });
 */
export function saveCheckpoint(path: string, parts: CheckpointParts): void {
  checkPath('saveCheckpoint', path);
  const bytes = encode('saveCheckpoint', parts);
  withFile('saveCheckpoint', path, 'write', () => writeFileAtomic(path, bytes));
}

/**
 * Restores a checkpoint saved by `saveCheckpoint` into the parts you give (each must be in the
 * file), and returns your own values saved with it. A run resumed this way continues bit for bit.
 *
 * @example
 * const { epoch } = loadCheckpoint('run.ckpt', { model, optimizer: opt, scheduler, generator: rng });
 */
export function loadCheckpoint(path: string, into: CheckpointParts): Record<string, unknown> {
  checkPath('loadCheckpoint', path);
  const bytes = withFile('loadCheckpoint', path, 'read', () => new Uint8Array(readFileSync(path)));
  return decode(`loadCheckpoint(${JSON.stringify(path)})`, bytes, into);
}
