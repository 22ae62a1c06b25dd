/**
 * Runs every test file of a vitest project on the backend the project names (vitest.config.ts sets
 * TAPEGRAD_BACKEND per project): the kernels behind every op are that backend's.
 *
 * Every array backward releases as dead is filled with NaN first: a value read after its release
 * (a gradient or a temporary that was still in use) turns the test that reads it red.
 */
import { getBackend, setBackend } from '@tapegrad/core';
import { poisonReleased } from '../../packages/core/src/kernels/js/alloc.js';

setBackend(process.env.TAPEGRAD_BACKEND ?? 'js');
if (getBackend() !== (process.env.TAPEGRAD_BACKEND ?? 'js')) throw new Error('the test backend could not be selected');
poisonReleased(true);
