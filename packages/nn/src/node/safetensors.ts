/**
 * A state dict in a safetensors file: `encodeSafetensors` (in the main entry) to a path, and a
 * reader that validates the header before it reads the data. The format is described in
 * serialize/safetensors.ts.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { StateDict, StateDictLike } from '../module.js';
import {
  SafetensorsError,
  encode,
  headerLength,
  parseHeader,
  toStateDict,
  type SafetensorsContents,
  type SafetensorsOptions,
} from '../serialize/safetensors.js';
import { checkPath, withFile, writeFileAtomic } from './files.js';

/**
 * Writes `stateDict` to `path` as safetensors (`encodeSafetensors`), atomically: a temporary file,
 * then a rename.
 *
 * @example
 * const model = new Linear(2, 1);
 * saveSafetensors('linear.safetensors', model.stateDict(), { metadata: { format: 'pt' } });
 * [...loadSafetensors('linear.safetensors').keys()]; // ['bias', 'weight']
 */
export function saveSafetensors(path: string, stateDict: StateDictLike, options: SafetensorsOptions = {}): void {
  checkPath('saveSafetensors', path);
  const bytes = encode('saveSafetensors', stateDict, options);
  withFile('saveSafetensors', path, 'write', () => writeFileAtomic(path, bytes));
}

/**
 * Reads a safetensors file: the header first (and validated), then the data, which the checked
 * header has shown to be exactly what remains of the file. Returns the tensors and the metadata.
 *
 * @throws SafetensorsError for a malformed file, a dtype it does not read, or an integer beyond 2^53.
 *
 * @example
 * saveSafetensors('w.safetensors', { w: tensor([1, 2]) }, { metadata: { step: '10' } });
 * readSafetensors('w.safetensors').metadata; // { step: '10' }
 */
export function readSafetensors(path: string): SafetensorsContents {
  return readFile('readSafetensors', path);
}

function readFile(fn: string, path: string): SafetensorsContents {
  checkPath(fn, path);
  const who = `${fn}(${JSON.stringify(path)})`;
  return withFile(fn, path, 'read', () => {
    const fd = openSync(path, 'r');
    try {
      const fileSize = fstatSync(fd).size;
      const head = readExactly(who, fd, 0, Math.min(8, fileSize));
      const n = headerLength(who, head, fileSize);
      const { entries, metadata } = parseHeader(who, readExactly(who, fd, 8, n), fileSize - 8 - n);
      const data = readExactly(who, fd, 8 + n, fileSize - 8 - n);
      return { stateDict: toStateDict(who, entries, data), metadata };
    } finally {
      closeSync(fd);
    }
  });
}

/**
 * The tensors of a safetensors file, by name: `readSafetensors(path).stateDict`.
 *
 * @example
 * const model = new Linear(2, 1);
 * saveSafetensors('model.safetensors', model.stateDict());
 * model.loadStateDict(loadSafetensors('model.safetensors')); // { missingKeys: [], unexpectedKeys: [] }
 */
export function loadSafetensors(path: string): StateDict {
  return readFile('loadSafetensors', path).stateDict;
}

function readExactly(who: string, fd: number, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const k = readSync(fd, buf, got, length - got, position + got);
    if (k === 0)
      throw new SafetensorsError(`${who}: the file ended after ${position + got} bytes; it changed while being read, and must not`);
    got += k;
  }
  return buf;
}
