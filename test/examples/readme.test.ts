/** The README's excerpts of the examples' output are real: every line is printed by a run. */
import { readFileSync } from 'node:fs';
import { Report, examples } from '@tapegrad/examples';
import { expect, test } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## The examples'), readme.indexOf('## Layout'));
const excerpts = [...section.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd().split('\n'));

test("every line of every excerpt appears in the examples' output", () => {
  const report = new Report();
  const lines: string[] = [];
  for (const e of examples) {
    const run = e.run({ timing: false });
    report.addAll(run.ledger);
    run.print((s) => lines.push(...s.split('\n')), {}); // no figure is written; the excerpts quote none of their paths
  }
  lines.push(report.summary());
  const printed = new Set(lines.map((l) => l.trimEnd()));
  expect(excerpts.length).toBeGreaterThanOrEqual(8);
  for (const block of excerpts) for (const line of block) expect(printed, line).toContain(line.trimEnd());
});
