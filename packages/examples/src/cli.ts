#!/usr/bin/env node
/**
 * Runs the examples: all of them (`pnpm examples`), one (`pnpm example <name>`), the list
 * (`pnpm example --list`), or every number as one JSON document (`--json`). `--no-timing` skips
 * the compute-cost measurement.
 */
import { examples } from './index.js';
import { Report } from './report.js';

const args = process.argv.slice(2).filter((a) => a !== '--one');
const json = args.includes('--json');
const timing = !args.includes('--no-timing');
const names = args.filter((a) => !a.startsWith('--'));

if (args.includes('--list')) {
  for (const e of examples) console.log(`${e.name.padEnd(12)} ${e.summary}`);
  process.exit(0);
}

const chosen =
  names.length === 0
    ? examples
    : names.map((n) => {
        const e = examples.find((x) => x.name === n);
        if (!e) {
          console.error(`no example named "${n}"; the examples are: ${examples.map((x) => x.name).join(', ')}`);
          process.exit(2);
        }
        return e;
      });

const report = new Report();
const print = json ? () => {} : (s: string) => console.log(s);
for (const e of chosen) {
  print(`\n== ${e.name}: ${e.summary}\n`);
  e.run(report, print, { timing });
}
if (json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`\n${report.summary()}`);
}
