/**
 * @tapegrad/examples: every number of the post on Leaky ReLU and PReLU, computed by autodiff.
 *
 * Each example's numbers and series come from pure functions (deterministic from their arguments,
 * the post's values by default; no printing, no files, no clock), its ledger from a function of
 * their result (ledger id → value, the post's value, a status), and its figures as plot data.
 * Nothing exported here imports a `node:` module, so a web page can import it as it is; the
 * command line (`cli.ts`, `run.ts`) and the figure writer (`write.ts`) are Node-only and apart.
 *
 * @example
 * import { chainDeltas, chainLedger, forwardTable, plot, forwardFigure, forwardCurves } from '@tapegrad/examples';
 *
 * forwardTable().dleaky; // [0.01, 0.01, 0.01, 1, 1, 1]: LeakyReLU'(z) at the six anchors, by backward
 * chainLedger(chainDeltas())['chain.relu'].value; // 0: ReLU's δ at layer 1
 * const svg = plot(forwardFigure(forwardCurves()).plot); // an SVG document, as a string
 *
 * @module @tapegrad/examples
 */
export { type Example, type ExampleRun, type RunOptions, examples } from './examples.js';
export { Report, type Ledger, type NumberRecord, type RecordOptions, type Status, agrees, mark, record, table } from './report.js';
export { type Figure, type PlotOptions, type Series, plot } from './plot.js';
export * from './figures.js';
export { ANCHORS, type ForwardCurves, type ForwardTable, forwardCurves, forwardLedger, forwardTable } from './forward.js';
export { type ChainOptions, type ChainResult, type LayerDeltas, chainDeltas, chainLedger, layerDeltas } from './chain.js';
export { type PreluCurves, type PreluOptions, type PreluResult, preluCurves, preluExample, preluLedger } from './prelu.js';
export { type Reading, X, Y, churnNetwork, literalLoss, trainChurn } from './churn.js';
export {
  ALPHAS,
  AT,
  READINGS,
  type SensitivityOptions,
  type SensitivityResult,
  negativeShare,
  orderAt,
  sensitivityLedger,
  sensitivitySweep,
  spreadAt,
} from './sensitivity.js';
export { type ComparisonTable, comparisonLedger, comparisonTable } from './comparison.js';
export { type Cost, measureCost } from './cost.js';
export { mlp, nonlinearity } from './linearity.js';
export {
  type ActivationCurves,
  type ActivationOptions,
  type LimitationsOptions,
  type LimitationsResult,
  activationCurves,
  limitations,
  limitationsLedger,
} from './limitations.js';
export {
  type LayerStats,
  type Q1Result,
  type Q2Result,
  type Q2Training,
  type Q3Result,
  type Q4Result,
  type Q5Result,
  type QuestionsResult,
  q1,
  q2,
  q2Training,
  q3,
  q3Deltas,
  q4,
  q5,
  questions,
  questionsLedger,
} from './questions.js';
export { type DeadOptions, type DeadResult, type DeadTrace, deadLedger, deadUnit, trainDeadUnit } from './dead.js';
export type { FigurePaths, Print } from './text/format.js';
export { printChain } from './text/chain.js';
export { printComparison } from './text/comparison.js';
export { printDead } from './text/dead.js';
export { printForward } from './text/forward.js';
export { printLimitations } from './text/limitations.js';
export { printPrelu } from './text/prelu.js';
export { printQuestions } from './text/questions.js';
export { printSensitivity } from './text/sensitivity.js';
