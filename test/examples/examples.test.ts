/** Every example runs, and every ledger number it reports is what the ledger says it computes to. */
import { Report, examples } from '@tapegrad/examples';
import { describe, expect, test } from 'vitest';
import { LEDGER } from './ledger.js';

const report = new Report();
const printed: string[] = [];
for (const e of examples) e.run(report, (s) => printed.push(s));

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

describe('the run', () => {
  test('every example prints', () => {
    expect(printed.join('\n').length).toBeGreaterThan(100);
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
