/**
 * docs/walkthrough.md cannot go stale: each `ts run` block is run and its printed output compared
 * with the `text` block after it, and each block marked `<!-- from FILE -->` must appear, verbatim,
 * in FILE.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runBlock } from './run-block.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/walkthrough.md'), 'utf8');

const runs = [...doc.matchAll(/```ts run\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g)].map((m) => ({ code: m[1]!, output: m[2]! }));
const quotes = [...doc.matchAll(/<!-- from (\S+) -->\n```ts\n([\s\S]*?)```/g)].map((m) => ({ file: m[1]!, code: m[2]! }));

describe('docs/walkthrough.md', () => {
  test('has runnable examples and quoted source', () => {
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(quotes.length).toBeGreaterThanOrEqual(4);
  });

  test.each(quotes.map((q, i) => [i + 1, q.file, q] as const))('quote %i is still in %s', (_, file, q) => {
    expect(readFileSync(join(root, file), 'utf8')).toContain(q.code);
  });

  test.each(runs.map((r, i) => [i + 1, r] as const))('example %i prints what the page says', async (_, r) => {
    expect(await runBlock(root, r.code)).toBe(r.output.trimEnd());
  });
});
