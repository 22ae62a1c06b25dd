/** The examples, one per section of the post, in the post's order. */
import type { Report } from './report.js';
import * as forward from './forward.js';
import * as chain from './chain.js';
import * as prelu from './prelu.js';
import * as sensitivity from './sensitivity.js';

export interface Example {
  name: string;
  summary: string;
  run(report: Report, print: (s: string) => void): void;
}

export const examples: readonly Example[] = [forward, chain, prelu, sensitivity];
export { Report } from './report.js';
