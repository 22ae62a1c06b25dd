/**
 * @tapegrad/nn/node: state dicts saved to and loaded from files, for Node. The main entry,
 * `@tapegrad/nn`, imports no Node module, so that a page can use it; its codecs
 * (`stateDictToJSON`, `stateDictFromJSON`, `encodeSafetensors`, `decodeSafetensors`) turn a state
 * dict into a string or bytes and back, and the functions here write those to a path (atomically:
 * a temporary file, then a rename) and read them back.
 *
 * @example
 * import { Linear } from '@tapegrad/nn';
 * import { loadSafetensors, saveSafetensors } from '@tapegrad/nn/node';
 *
 * const model = new Linear(2, 1);
 * saveSafetensors('linear.safetensors', model.stateDict());
 * model.loadStateDict(loadSafetensors('linear.safetensors')); // { missingKeys: [], unexpectedKeys: [] }
 *
 * @module @tapegrad/nn/node
 */
export { saveJSON, loadJSON } from './json.js';
export { saveSafetensors, loadSafetensors, readSafetensors } from './safetensors.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint.js';
