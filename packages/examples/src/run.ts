/**
 * What the command line does, as a function: `main(args, out)` runs the examples named in `args`
 * (all by default), or lists them (`--list`), and writes either their tables and the summary line,
 * or one JSON document of every number (`--json`). `--no-timing` skips the compute-cost
 * measurement. Returns the exit code.
 */
import { examples } from './index.js';
import { Report } from './report.js';

export function main(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  const args = argv.filter((a) => a !== '--one');
  const json = args.includes('--json');
  const timing = !args.includes('--no-timing');
  const names = args.filter((a) => !a.startsWith('--'));

  if (args.includes('--list')) {
    for (const e of examples) out(`${e.name.padEnd(12)} ${e.summary}`);
    return 0;
  }
  const unknown = names.filter((n) => !examples.some((e) => e.name === n));
  if (unknown.length > 0) {
    err(`no example named "${unknown[0]}"; the examples are: ${examples.map((x) => x.name).join(', ')}`);
    return 2;
  }
  const chosen = names.length === 0 ? examples : names.map((n) => examples.find((e) => e.name === n)!);

  const report = new Report();
  const print = json ? () => {} : out;
  for (const e of chosen) {
    print(`\n== ${e.name}: ${e.summary}\n`);
    e.run(report, print, { timing });
  }
  out(json ? JSON.stringify(report, null, 2) : `\n${report.summary()}`);
  return 0;
}
