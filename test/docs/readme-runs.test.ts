/**
 * The README's runnable examples (each `ts run` block) run, and print what the `text` block after
 * them says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runBlock } from './run-block.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const runs = [...readme.matchAll(/```ts run\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g)].map((m) => ({ code: m[1]!, output: m[2]! }));

test('the README has runnable examples', () => {
  expect(runs.length).toBeGreaterThanOrEqual(1);
});

test.each(runs.map((r, i) => [i + 1, r] as const))('README example %i prints what the README says', async (_, r) => {
  expect(await runBlock(root, r.code)).toBe(r.output.trimEnd());
});
