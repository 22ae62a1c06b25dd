/**
 * `pnpm examples --json`: one JSON document, `{ numbers: { <id>: { value, post, status } } }`,
 * with every ledger id (ledger.md's "The JSON form"). The figures go to a scratch folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { main } from '../../packages/examples/src/run.js';
import { LEDGER } from './ledger.js';

const outDir = mkdtempSync(join(tmpdir(), 'tapegrad-examples-json-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const lines: string[] = [];
const code = main(
  ['--json', '--no-timing'],
  (s) => lines.push(s),
  (s) => lines.push(s),
  { outDir },
);
const doc = JSON.parse(lines.join('\n')) as { numbers: Record<string, { value: unknown; post: unknown; status: string }> };

test('prints one JSON document and exits 0', () => {
  expect(code).toBe(0);
  expect(Object.keys(doc)).toEqual(['numbers']);
});

test('every ledger id is there, with value, post and status', () => {
  for (const id of Object.keys(LEDGER)) {
    const rec = doc.numbers[id];
    expect(rec, id).toBeDefined();
    expect(rec!.status, id).toBe(LEDGER[id]!.status);
    expect(rec, id).toHaveProperty('post');
  }
  // The ledger's families that the table above names only as patterns.
  for (const prefix of [
    't1.relu[',
    't1.leaky[',
    't1.dleaky[',
    't2.prelu25[',
    'prelu.dalpha[',
    'sens.logits.loss@10[',
    'sens.literal.loss@200[',
  ]) {
    expect(Object.keys(doc.numbers).filter((id) => id.startsWith(prefix)).length, prefix).toBeGreaterThanOrEqual(4);
  }
  for (const id of ['anchors', 'he2015', 'cmp.cost', 'lim.kink', 'lim.linear', 'q2.split', 'q4.dead_fraction', 'q5.linearity']) {
    expect(doc.numbers[id], id).toBeDefined();
  }
});

test('values are at full precision: the churn losses round-trip exactly', () => {
  const v = doc.numbers['sens.logits.loss@200[0.01]']!.value as number;
  expect(Math.abs(v - 0.6336650410859213)).toBeLessThan(1e-13);
});

test('an unknown example name is refused with the list', () => {
  const err: string[] = [];
  expect(
    main(
      ['nope'],
      () => {},
      (s) => err.push(s),
      { outDir },
    ),
  ).toBe(2);
  expect(err[0]).toContain('the examples are: forward, chain');
});
