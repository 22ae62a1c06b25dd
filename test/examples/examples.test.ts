/** Every example runs, and every ledger number it reports is what the ledger says it computes to. */
import { Report, examples } from '@tapegrad/examples';
import { describe, expect, test } from 'vitest';
import { LEDGER } from './ledger.js';

// Nothing is written: the figures stay data, and the report is told where they would go.
const report = new Report();
const printed: string[] = [];
const figureNames: string[] = [];
for (const e of examples) {
  const run = e.run({ timing: false });
  report.addAll(run.ledger);
  figureNames.push(...run.figures.map((f) => f.name));
  run.print((s) => printed.push(s), Object.fromEntries(run.figures.map((f) => [f.name, `out/${f.name}.svg`])));
}

describe('the ledger', () => {
  test.each(Object.keys(LEDGER))('%s', (id) => {
    const expected = LEDGER[id]!;
    const rec = report.numbers.get(id);
    expect(rec, `${id} is reported`).toBeDefined();
    expect(typeof rec!.value).toBe('number');
    const value = rec!.value as number;
    if (expected.tol === 0) expect(value).toBe(expected.value);
    else expect(Math.abs(value - expected.value)).toBeLessThanOrEqual(expected.tol);
    expect(rec!.status).toBe(expected.status);
    if (expected.post !== undefined) expect(rec!.post).toBe(expected.post);
  });
});

describe('claims the examples demonstrate', () => {
  const value = (id: string) => report.numbers.get(id)!.value as number;

  test("ELU'' = α·eᶻ below 0, by double backward", () => {
    for (const z of [-2, -1, -0.5]) expect(value(`lim.d2.elu[${z}]`)).toBeCloseTo(Math.exp(z), 15);
  });

  test('the departure from linearity falls to 0 as α → 1', () => {
    const alphas = [0.3, 0.5, 0.7, 0.9, 0.99, 1];
    const scores = alphas.map((a) => value(`lim.linear[${a}]`));
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThan(scores[i - 1]!);
  });

  test('Q2: the learned α split is 50 channels near 0.01 and 14 near 0.4', () => {
    expect(report.numbers.get('q2.split')!.value).toEqual([50, 14]);
  });

  test('Q4: the diagnostic finds at least the 80% of layer 3 that was pushed below zero', () => {
    expect(value('q4.dead_fraction')).toBeGreaterThanOrEqual(0.8);
  });

  test('a dead ReLU unit gets exactly zero gradient; the Leaky ReLU unit fires within the run', () => {
    expect(value('dead.relu.gradient')).toBe(0);
    expect(value('dead.leaky.revives')).toBeGreaterThan(0);
  });

  test('the two readings of the churn loss differ by about 3e-9, as the ledger says', () => {
    expect(value('sens.readings.maxDiff')).toBeGreaterThan(3.0e-9);
    expect(value('sens.readings.maxDiff')).toBeLessThan(3.3e-9);
  });
});

describe('the run', () => {
  test('every example prints', () => {
    expect(printed.join('\n').length).toBeGreaterThan(100);
  });

  test('the figures are the eight the README shows, each printed where it was written', () => {
    expect(figureNames).toEqual([
      'leaky-relu',
      'chain-delta',
      'prelu',
      'sensitivity-loss',
      'activations',
      'linearity',
      'prelu-alpha',
      'dead-unit',
    ]);
    const text = printed.join('\n');
    for (const name of figureNames) expect(text).toContain(`out/${name}.svg`);
  });

  test('the JSON form has a value, a post value and a status for every id', () => {
    const json = JSON.parse(JSON.stringify(report)) as { numbers: Record<string, { value: unknown; post: unknown; status: string }> };
    for (const [id, rec] of Object.entries(json.numbers)) {
      expect(['ok', 'erratum', 'convention', 'claim', 'citation'], id).toContain(rec.status);
      expect(rec, id).toHaveProperty('value');
      expect(rec, id).toHaveProperty('post');
    }
  });
});
