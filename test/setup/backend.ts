/**
 * Runs every test file of a vitest project on the backend the project names (vitest.config.ts sets
 * TAPEGRAD_BACKEND per project): the kernels behind every op are that backend's.
 */
import { getBackend, setBackend } from '@tapegrad/core';

setBackend(process.env.TAPEGRAD_BACKEND ?? 'js');
if (getBackend() !== (process.env.TAPEGRAD_BACKEND ?? 'js')) throw new Error('the test backend could not be selected');
