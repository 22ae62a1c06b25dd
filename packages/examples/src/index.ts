/** The examples, one per section of the post, in the post's order. */
import type { Report } from './report.js';
import * as forward from './forward.js';
import * as chain from './chain.js';
import * as prelu from './prelu.js';
import * as sensitivity from './sensitivity.js';
import * as comparison from './comparison.js';
import * as limitations from './limitations.js';
import * as questions from './questions.js';
import * as dead from './dead.js';

export interface Example {
  name: string;
  summary: string;
  run(report: Report, print: (s: string) => void, options: RunOptions): void;
}

export const examples: readonly Example[] = [forward, chain, prelu, sensitivity, comparison, limitations, questions, dead];
export { Report } from './report.js';

/** Options every example receives. */
export interface RunOptions {
  /** Measure compute cost (example 5). The test suite turns it off: a timing is not an assertion. */
  timing: boolean;
}
export { main } from './run.js';
