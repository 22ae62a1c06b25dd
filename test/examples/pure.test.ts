/**
 * The examples' pure functions, called directly (no report, no printing, no files): their results
 * against the ledger's values (ledger.ts), the same for the same arguments, plain data a web page
 * can take as is, and their arguments honoured.
 */
import {
  ANCHORS,
  chainDeltas,
  chainLedger,
  comparisonLedger,
  comparisonTable,
  deadLedger,
  deadUnit,
  forwardCurves,
  forwardLedger,
  forwardTable,
  limitations,
  limitationsLedger,
  preluExample,
  preluLedger,
  q1,
  q2,
  q3,
  q5,
  questions,
  questionsLedger,
  sensitivityLedger,
  sensitivitySweep,
  trainChurn,
} from '@tapegrad/examples';
import { describe, expect, test } from 'vitest';
import { LEDGER } from './ledger.js';

/** `value` is what the ledger says `id` computes to: bit for bit, or within its tolerance. */
function expectLedger(id: string, value: number): void {
  const expected = LEDGER[id];
  expect(expected, `${id} is in the ledger`).toBeDefined();
  if (expected!.tol === 0) expect(value, id).toBe(expected!.value);
  else expect(Math.abs(value - expected!.value), id).toBeLessThanOrEqual(expected!.tol);
}

/** Survives a JSON round trip unchanged: numbers, strings, arrays and records only. */
function expectPlain(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

describe('forward: Table 1', () => {
  const t = forwardTable();
  test('ReLU, Leaky ReLU and its gradient by backward, at every anchor', () => {
    expect(t.z).toEqual([...ANCHORS]);
    ANCHORS.forEach((z, i) => {
      expectLedger(`t1.relu[${z}]`, t.relu[i]!);
      expectLedger(`t1.leaky[${z}]`, t.leaky[i]!);
      expectLedger(`t1.dleaky[${z}]`, t.dleaky[i]!);
    });
    expectLedger('alpha.default', t.alpha);
    expectLedger('grad.z=-1', t.dleaky[ANCHORS.indexOf(-1)]!);
  });
  test('deterministic, plain, and α and the anchors are arguments', () => {
    expect(forwardTable()).toEqual(t);
    expectPlain(t);
    expect(forwardTable([-2, 2], 0.2)).toEqual({ alpha: 0.2, z: [-2, 2], relu: [0, 2], leaky: [-0.4, 2], dleaky: [0.2, 1] });
    const c = forwardCurves(0.1, -1, 1, 5);
    expect(c.z).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(c.dleaky).toEqual([0.1, 0.1, 0.1, 1, 1]);
  });
});

describe('chain: δ per layer', () => {
  const c = chainDeltas();
  test("the post's δ₃, δ₂, δ₁ one, two and three hops below the top; ReLU's 0", () => {
    expectLedger('chain.factor', c.factor);
    expectLedger('chain.d3', c.leaky.delta[3]!);
    expectLedger('chain.d2', c.leaky.delta[2]!);
    expectLedger('chain.d1', c.leaky.delta[1]!);
    expectLedger('chain.relu', c.relu.delta[0]!);
    expect(c.leaky.z.every((z) => z < 0) && c.relu.z.every((z) => z < 0)).toBe(true);
  });
  test('deterministic, plain, and the weight, α and depth are arguments', () => {
    expect(chainDeltas()).toEqual(c);
    expectPlain(c);
    const d = chainDeltas({ weight: 0.5, alpha: 0.5, layers: 3 });
    expect(d.factor).toBe(0.25);
    expect(d.leaky.delta).toEqual([0.0625, 0.25, 1]);
  });
});

describe('prelu: Table 2, both gradients, one SGD step', () => {
  const r = preluExample();
  test('every cell against the ledger', () => {
    expectLedger('alpha.prelu_init', r.initAlpha);
    ANCHORS.forEach((z, i) => {
      expectLedger(`t2.leaky[${z}]`, r.leaky[i]!);
      expectLedger(`t2.prelu25[${z}]`, r.prelu1[i]!);
      expectLedger(`t2.prelu50[${z}]`, r.prelu2[i]!);
      expectLedger(`prelu.dz[${z}]`, r.dz[i]!);
      expectLedger(`prelu.dalpha[${z}]`, r.dalpha[i]!);
    });
    expectLedger('prelu.dalpha.sum', r.step.grad);
    expectLedger('prelu.step', r.step.after);
  });
  test('deterministic, plain, and the learning rate is an argument', () => {
    expect(preluExample()).toEqual(r);
    expectPlain(r);
    expect(preluExample({ lr: 0.01 }).step.after).toBe(0.25 - 0.01 * -4);
  });
});

describe('sensitivity: the churn sweep', () => {
  const r = sensitivitySweep({ longEpochs: 500 });
  test("both readings' Loss@10, @50, @200 against the post's own code", () => {
    for (const reading of ['logits', 'literal'] as const) {
      r.alphas.forEach((alpha, j) => {
        for (const k of [10, 50, 200]) expectLedger(`sens.${reading}.loss@${k}[${alpha}]`, r.losses[reading][j]![k - 1]!);
      });
    }
    expect(r.maxDiff).toBeGreaterThan(3.0e-9);
    expect(r.maxDiff).toBeLessThan(3.3e-9);
  });
  test('plain data; the epochs and the seed are arguments', () => {
    expectPlain(r);
    expect(r.long.marks).toEqual([200, 500]);
    expect(r.long.losses[1]!.slice(0, 200)).toEqual(r.losses.logits[1]);
    expect(trainChurn(0.01, 'logits', 10)).toEqual(r.losses.logits[1]!.slice(0, 10));
    expect(trainChurn(0.01, 'logits', 10, 0.1, 7)).not.toEqual(trainChurn(0.01, 'logits', 10));
  });
});

describe('comparison, limitations, questions, dead', () => {
  test('comparison: parameter counts from the modules, the gradient at z = −1', () => {
    const t = comparisonTable();
    expectLedger('cmp.params.relu', t.params[0]!);
    expectLedger('cmp.params.leaky', t.params[1]!);
    expectLedger('cmp.params.prelu', t.params[2]!);
    expect(t.slope).toEqual([0, 0.01, 0.25]);
    expect(comparisonTable(8).params[2]).toBe(8);
  });

  test('limitations: the kink, 512 parameters, an affine network at α = 1', () => {
    const r = limitations();
    expectLedger('lim.kink.left', r.kink.left);
    expectLedger('lim.kink.right', r.kink.right);
    expect(r.secondDerivatives.leaky.every((v) => v === 0)).toBe(true);
    expectLedger('lim.params512', r.preluParams);
    expectLedger('lim.linear[1]', r.linearity.scores.at(-1)!);
    r.secondDerivatives.z.forEach((z, i) => {
      if (z < 0) expect(r.secondDerivatives.elu[i]!).toBeCloseTo(Math.exp(z), 15);
    });
    expectPlain(r);
  });

  test('questions: Q1, Q2, Q3 and Q5 against the ledger', () => {
    const a1 = q1();
    expectLedger('q1.grad_z', a1.gradZ);
    expectLedger('q1.grad_w', a1.gradW);
    expectLedger('q1.delta_w', a1.deltaW);
    const a2 = q2();
    expectLedger('q2.params', a2.params);
    expect([a2.learned.filter((a) => a <= 0.2).length, a2.learned.filter((a) => a > 0.2).length]).toEqual([50, 14]);
    expect(q2()).toEqual(a2);
    const a3 = q3();
    expectLedger('q3.factor', a3.factor);
    expectLedger('q3.relu', a3.relu[1]!);
    expectLedger('q3.leaky', a3.leaky[1]!);
    expectLedger('q3.leaky.fourHops', a3.leaky[0]!);
    expectLedger('q5.linearity', q5([1]).scores[0]!);
    expect(q3(0.5, 0.5, 2).leaky).toEqual([0.0625, 0.25, 1]);
  });

  test('dead: ReLU never gets a gradient; Leaky ReLU revives', () => {
    const r = deadUnit();
    expect(r.relu.gradB.every((g) => g === 0)).toBe(true);
    expect(r.relu.firstFire).toBeNull();
    expect(r.leaky.firstFire).toBeGreaterThan(0);
    expect(deadUnit()).toEqual(r);
    expect(deadUnit({ steps: 5 }).leaky.loss).toEqual(r.leaky.loss.slice(0, 5));
    expectPlain(r);
  });
});

test("the ledger functions record every ledger id, each with the ledger's status", () => {
  const ledgers = {
    ...forwardLedger(forwardTable()),
    ...chainLedger(chainDeltas()),
    ...preluLedger(preluExample()),
    ...sensitivityLedger(sensitivitySweep({ longEpochs: 500 })),
    ...comparisonLedger(comparisonTable(), null),
    ...limitationsLedger(limitations()),
    ...questionsLedger(questions()),
    ...deadLedger(deadUnit()),
  };
  for (const [id, expected] of Object.entries(LEDGER)) {
    expect(ledgers[id], id).toBeDefined();
    expect(ledgers[id]!.status, id).toBe(expected.status);
    expectLedger(id, ledgers[id]!.value as number);
  }
});
