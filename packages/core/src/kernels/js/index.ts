/**
 * The reference backend: every kernel as a plain TypeScript loop over `Float64Array`s. It is the
 * one to read, and the one every other backend's results are checked against.
 */
import type { Backend } from '../backend.js';
import * as activations from './activations.js';
import { noteAllocations, release, releaseNotedSince } from './alloc.js';
import * as elementwise from './elementwise.js';
import * as indexing from './indexing.js';
import * as layout from './layout.js';
import { matmul } from './matmul.js';
import * as reduce from './reduce.js';

/** The kernels written in TypeScript, registered as `'js'`. */
export const jsBackend: Backend = {
  name: 'js',
  unary: elementwise.unary,
  clip: elementwise.clip,
  binary: elementwise.binary,
  where: elementwise.where,
  broadcast: elementwise.broadcast,
  sigmoidBackward: elementwise.sigmoidBackward,
  tanhBackward: elementwise.tanhBackward,
  accumulate: elementwise.accumulate,
  relu: activations.relu,
  leakyRelu: activations.leakyRelu,
  prelu: activations.prelu,
  elu: activations.elu,
  reluBackward: activations.reluBackward,
  leakyReluBackward: activations.leakyReluBackward,
  eluBackward: activations.eluBackward,
  preluBackward: activations.preluBackward,
  sum: reduce.sum,
  max: reduce.max,
  min: reduce.min,
  permute: layout.permute,
  slice: layout.slice,
  unslice: layout.unslice,
  concat: layout.concat,
  indexSelect: indexing.indexSelect,
  indexAdd: indexing.indexAdd,
  gather: indexing.gather,
  scatterAdd: indexing.scatterAdd,
  maskedSelect: indexing.maskedSelect,
  maskedScatter: indexing.maskedScatter,
  argmax: indexing.argmax,
  argmin: indexing.argmin,
  matmul,
  release,
  noteAllocations,
  releaseNotedSince,
};
