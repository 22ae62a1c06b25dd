/**
 * A state dict in a JSON file: `stateDictToJSON` and `stateDictFromJSON` (in the main entry) on a
 * path. The format is described in serialize/json.ts.
 */
import { readFileSync } from 'node:fs';
import type { StateDict, StateDictLike } from '../module.js';
import { fromJSON, toJSON } from '../serialize/json.js';
import { utf8Encode } from '../serialize/utf8.js';
import { checkPath, withFile, writeFileAtomic } from './files.js';

/**
 * Writes the state dict to `path` as JSON (`stateDictToJSON`), atomically: a temporary file, then
 * a rename, so that a crash never leaves a half-written file.
 *
 * @example
 * const model = new Linear(2, 1);
 * saveJSON('linear.json', model.stateDict());
 * model.loadStateDict(loadJSON('linear.json')); // { missingKeys: [], unexpectedKeys: [] }
 */
export function saveJSON(path: string, stateDict: StateDictLike): void {
  checkPath('saveJSON', path);
  const bytes = utf8Encode(toJSON('saveJSON', stateDict));
  withFile('saveJSON', path, 'write', () => writeFileAtomic(path, bytes));
}

/**
 * Reads a state dict written by `saveJSON` (`stateDictFromJSON` on the file's text).
 *
 * @throws StateDictFormatError for a malformed document.
 *
 * @example
 * saveJSON('w.json', { w: tensor([1, 2]) });
 * loadJSON('w.json').get('w')?.toArray(); // [1, 2]
 */
export function loadJSON(path: string): StateDict {
  checkPath('loadJSON', path);
  const text = withFile('loadJSON', path, 'read', () => readFileSync(path, 'utf8'));
  return fromJSON(`loadJSON(${JSON.stringify(path)})`, text);
}
