/**
 * What the command line does, as a function (Node only: it writes the figures). `main(args, out,
 * err)` runs the examples named in `args` (all by default), or lists them (`--list`), and writes
 * either their reports and the summary line, or one JSON document of every number (`--json`).
 * `--no-timing` skips the compute-cost measurement; `--out-dir=<dir>` (or `options.outDir`) says
 * where the figures go, `packages/examples/out/` by default. Returns the exit code.
 */
import { examples } from './examples.js';
import { Report } from './report.js';
import { DEFAULT_OUT_DIR, writeFigures } from './write.js';

/** Where `main` writes; the `--out-dir=<dir>` argument wins over `outDir`. */
export interface MainOptions {
  /** The figures' folder (default `DEFAULT_OUT_DIR`, the committed `packages/examples/out/`). */
  outDir?: string;
}

/**
 * Runs the command line `argv` (without `node` and the script), printing to `out` and `err`;
 * returns the exit code (0, or 2 for an unknown example).
 *
 * @example
 * main(['chain', '--no-timing', `--out-dir=${mkdtempSync(join(tmpdir(), 'ex-'))}`], console.log, console.error); // 0
 */
export function main(argv: readonly string[], out: (line: string) => void, err: (line: string) => void, options: MainOptions = {}): number {
  const args = argv.filter((a) => a !== '--one');
  const json = args.includes('--json');
  const timing = !args.includes('--no-timing');
  const outArg = args.find((a) => a.startsWith('--out-dir='));
  const outDir = outArg?.slice('--out-dir='.length) ?? options.outDir ?? DEFAULT_OUT_DIR;
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
    const run = e.run({ timing });
    report.addAll(run.ledger);
    const paths = writeFigures(outDir, run.figures);
    print(`\n== ${e.name}: ${e.summary}\n`);
    run.print(print, paths);
  }
  out(json ? JSON.stringify(report, null, 2) : `\n${report.summary()}`);
  return 0;
}
