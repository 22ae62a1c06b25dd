/**
 * The bad-input sweep: every public function, constructor and argument-taking method of core and
 * nn, called with wrong inputs (wrong types, NaN and ±∞ where they are not allowed, ragged arrays,
 * empty shapes, negative or fractional sizes, axes out of range, mismatched shapes, a module given
 * the wrong feature size, state dicts with missing, extra or wrong-shaped entries, truncated or
 * hostile files). Each must raise its named error, with a message that names the function, what
 * it got and what it expected, and leave every argument as it was.
 *
 * The tables are in core-cases.ts and nn-cases.ts; a new export without a row (or an entry in the
 * commented allow-lists there) fails the coverage test below.
 */
import { rmSync } from 'node:fs';
import * as core from '@tapegrad/core';
import * as nn from '@tapegrad/nn';
import * as nnNode from '@tapegrad/nn/node';
import { afterAll, describe, expect, test } from 'vitest';
import { CORE_ALLOWED, CORE_CASES } from './core-cases.js';
import { NN_ALLOWED, NN_CASES, SCRATCH } from './nn-cases.js';
import { runRow, type BadInput } from './sweep.js';

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

function sweep(name: string, rows: BadInput[]): void {
  describe(`${name}: bad input raises a named error and changes nothing`, () => {
    const ready = rows.filter((r) => !r.knownGap);
    test.each(ready.map((r) => [`${r.api} · ${r.what}`, r] as const))('%s', (_, row) => runRow(row));
    const gaps = rows.filter((r) => r.knownGap);
    // NOTE: a known gap runs as an expected failure: once it is fixed this test fails, and the
    // row should lose its knownGap.
    for (const row of gaps) test.fails(`known gap: ${row.api} · ${row.what} (${row.knownGap})`, () => runRow(row));
  });
}

sweep('@tapegrad/core', CORE_CASES);
sweep('@tapegrad/nn', NN_CASES);

describe('every export has rows in the sweep', () => {
  test.each([
    ['@tapegrad/core', core as Record<string, unknown>, CORE_CASES, CORE_ALLOWED],
    // nn's rows cover both of its entries: the main one and the Node one (files).
    ['@tapegrad/nn', { ...nn, ...nnNode } as Record<string, unknown>, NN_CASES, NN_ALLOWED],
  ] as const)('%s', (_, exports, rows, allowed) => {
    const swept = new Set(rows.map((r) => r.api));
    const names = Object.keys(exports);
    const missing = names.filter((n) => !swept.has(n) && !(n in allowed));
    expect(missing, 'exports with neither a bad-input row nor an allow-list entry').toEqual([]);
    // The tables and allow-lists name real exports only, and no export is in both.
    expect(
      [...swept].filter((n) => !names.includes(n)),
      'rows for names that are not exported',
    ).toEqual([]);
    expect(
      Object.keys(allowed).filter((n) => !names.includes(n)),
      'allow-list entries that are not exported',
    ).toEqual([]);
    expect(
      Object.keys(allowed).filter((n) => swept.has(n)),
      'allow-listed names that have rows',
    ).toEqual([]);
    // Only constants are allowed not to be functions.
    for (const n of names) if (typeof exports[n] !== 'function') expect(allowed[n], `${n} is not a function`).toBe('a constant');
  });

  test('the sweep’s size', () => {
    const count = (rows: BadInput[]) => ({
      rows: rows.length,
      knownGaps: rows.filter((r) => r.knownGap).length,
      apis: new Set(rows.map((r) => r.api)).size,
    });
    // Printed for the record; the numbers only grow as exports and rows are added.
    console.log(`bad-input sweep: core ${JSON.stringify(count(CORE_CASES))}, nn ${JSON.stringify(count(NN_CASES))}`);
    expect(CORE_CASES.length + NN_CASES.length).toBeGreaterThan(400);
  });
});
