/**
 * The examples, one per section of the post, in the post's order. Each ties an example's pure
 * functions (its numbers and series), its ledger, its figures (as data) and its terminal report;
 * `run.ts` writes the figures and prints, a web page can call the same functions and draw.
 */
import { chainDeltas, chainLedger } from './chain.js';
import { comparisonLedger, comparisonTable } from './comparison.js';
import { measureCost } from './cost.js';
import { deadLedger, deadUnit } from './dead.js';
import { chainFigure, deadFigure, forwardFigure, limitationsFigures, preluFigure, questionsFigure, sensitivityFigure } from './figures.js';
import { forwardCurves, forwardLedger, forwardTable } from './forward.js';
import { activationCurves, limitations, limitationsLedger } from './limitations.js';
import type { Figure } from './plot.js';
import { preluCurves, preluExample, preluLedger } from './prelu.js';
import { questions, questionsLedger } from './questions.js';
import type { Ledger } from './report.js';
import { sensitivityLedger, sensitivitySweep } from './sensitivity.js';
import { printChain } from './text/chain.js';
import { printComparison } from './text/comparison.js';
import { printDead } from './text/dead.js';
import type { FigurePaths, Print } from './text/format.js';
import { printForward } from './text/forward.js';
import { printLimitations } from './text/limitations.js';
import { printPrelu } from './text/prelu.js';
import { printQuestions } from './text/questions.js';
import { printSensitivity } from './text/sensitivity.js';

/** Options every example receives. */
export interface RunOptions {
  /** Measure compute cost (example 5). The test suite turns it off: a timing is not an assertion. */
  timing: boolean;
}

/** One example, computed: its numbers, its figures, and its terminal report. */
export interface ExampleRun {
  /** Every number under its ledger id, in the order the report prints them. */
  ledger: Ledger;
  /** The figures, as data; `plot` renders each, `writeFigures` saves them. */
  figures: readonly Figure[];
  /** Prints the report, given where each figure was written. */
  print(print: Print, figures: FigurePaths): void;
}

/** An example of the post: a name for the command line, a one-line summary, and how to run it. */
export interface Example {
  /** `pnpm example <name>`. */
  name: string;
  /** What it shows, in one line. */
  summary: string;
  /** Computes everything (no printing, no files); only `timing` reads the clock. */
  run(options: RunOptions): ExampleRun;
}

const forward: Example = {
  name: 'forward',
  summary: "Table 1: ReLU, Leaky ReLU and Leaky ReLU' at the six anchors, the gradient by autograd",
  run() {
    const t = forwardTable();
    const ledger = forwardLedger(t);
    return { ledger, figures: [forwardFigure(forwardCurves())], print: (p, f) => printForward(t, ledger, f, p) };
  },
};

const chain: Example = {
  name: 'chain',
  summary: 'The 5-layer chain with every z < 0: δ at every layer for ReLU and Leaky ReLU, by one backward pass',
  run() {
    const c = chainDeltas();
    const ledger = chainLedger(c);
    return { ledger, figures: [chainFigure(c)], print: (p, f) => printChain(c, ledger, f, p) };
  },
};

const prelu: Example = {
  name: 'prelu',
  summary: "Table 2 and PReLU's two gradients (∂a/∂z, ∂a/∂α) by autograd; one SGD step on a shared α",
  run() {
    const r = preluExample();
    const ledger = preluLedger(r);
    return { ledger, figures: [preluFigure(preluCurves())], print: (p, f) => printPrelu(r, ledger, f, p) };
  },
};

const sensitivity: Example = {
  name: 'sensitivity',
  summary: "The churn network's α sweep: the post's table beside what its own code computes, in two readings",
  run() {
    const r = sensitivitySweep();
    const ledger = sensitivityLedger(r);
    return { ledger, figures: [sensitivityFigure(r)], print: (p, f) => printSensitivity(r, ledger, f, p) };
  },
};

const comparison: Example = {
  name: 'comparison',
  summary: 'The side-by-side table: parameters from the modules, the gradient at z < 0 by autograd, compute cost measured',
  run(options) {
    const t = comparisonTable();
    const cost = options.timing ? measureCost() : null;
    return { ledger: comparisonLedger(t, cost), figures: [], print: (p) => printComparison(t, cost, p) };
  },
};

const limitationsExample: Example = {
  name: 'limitations',
  summary: 'The kink at 0 (one-sided slopes, second derivatives by double backward), 512 PReLU parameters, and α → 1',
  run() {
    const r = limitations();
    const ledger = limitationsLedger(r);
    return { ledger, figures: limitationsFigures(r, activationCurves()), print: (p, f) => printLimitations(r, ledger, f, p) };
  },
};

const questionsExample: Example = {
  name: 'questions',
  summary: 'The five questions: Q1 and Q3 by autograd, Q2 a learned α split, Q4 the dead-unit diagnostic, Q5 linearity from behaviour',
  run() {
    const r = questions();
    const ledger = questionsLedger(r);
    return { ledger, figures: [questionsFigure(r.q2)], print: (p, f) => printQuestions(r, ledger, f, p) };
  },
};

const dead: Example = {
  name: 'dead',
  summary: 'A dead unit: ReLU never recovers, Leaky ReLU revives once the inputs shift; the gradient over the steps',
  run() {
    const r = deadUnit();
    return { ledger: deadLedger(r), figures: [deadFigure(r)], print: (p, f) => printDead(r, f, p) };
  },
};

/**
 * Every example, in the post's order.
 *
 * @example
 * const run = examples[0].run({ timing: false });
 * run.ledger['grad.z=-1'].value; // 0.01
 * run.figures.map((f) => f.name); // ['leaky-relu']
 */
export const examples: readonly Example[] = [forward, chain, prelu, sensitivity, comparison, limitationsExample, questionsExample, dead];
