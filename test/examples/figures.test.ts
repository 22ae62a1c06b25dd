/**
 * The figures: written where the caller says (here a scratch folder, never the committed
 * packages/examples/out/), and byte for byte the committed ones, so `pnpm examples` leaves
 * `git status` clean.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { main } from '../../packages/examples/src/run.js';
import { DEFAULT_OUT_DIR } from '../../packages/examples/src/write.js';

const COMMITTED = fileURLToPath(new URL('../../packages/examples/out', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tapegrad-examples-figures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const committed = readdirSync(COMMITTED).filter((f) => f.endsWith('.svg'));
const mtimes = () => committed.map((f) => statSync(join(COMMITTED, f)).mtimeMs);
const before = mtimes();
const lines: string[] = [];
const code = main(
  ['--no-timing', `--out-dir=${scratch}`],
  (s) => lines.push(s),
  (s) => lines.push(s),
);

test('the default folder is the committed one', () => {
  expect(DEFAULT_OUT_DIR.replace(/\/$/, '')).toBe(COMMITTED.replace(/\/$/, ''));
});

test('every figure goes to the folder given, and the report prints that path', () => {
  expect(code).toBe(0);
  expect(readdirSync(scratch).sort()).toEqual([...committed].sort());
  const figureLines = lines
    .join('\n')
    .split('\n')
    .filter((l) => /Figures?: /.test(l));
  expect(figureLines.length).toBe(7); // limitations prints its two figures on one line
  for (const l of figureLines) expect(l).toContain('tapegrad-examples-figures-');
});

test.each(committed)('%s is byte for byte the committed figure', (name) => {
  expect(readFileSync(join(scratch, name), 'utf8')).toBe(readFileSync(join(COMMITTED, name), 'utf8'));
});

test('the committed figures were not touched', () => {
  expect(mtimes()).toEqual(before);
});

test('options.outDir does the same as --out-dir', () => {
  const dir = join(scratch, 'one');
  expect(
    main(
      ['chain', '--no-timing'],
      () => {},
      () => {},
      { outDir: dir },
    ),
  ).toBe(0);
  expect(readdirSync(dir)).toEqual(['chain-delta.svg']);
});
