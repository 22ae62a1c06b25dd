#!/usr/bin/env node
/**
 * Runs the examples: all of them (`pnpm examples`), one (`pnpm example <name>`), the list
 * (`pnpm example --list`), or every number as one JSON document (`--json`). `--no-timing` skips
 * the compute-cost measurement; `--out-dir=<dir>` writes the figures elsewhere than
 * `packages/examples/out/`. See `run.ts`.
 */
import { main } from './run.js';

process.exitCode = main(
  process.argv.slice(2),
  (s) => console.log(s),
  (s) => console.error(s),
);
