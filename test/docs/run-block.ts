/**
 * Runs a documentation page's example (a `ts run` block) as a module of its own and returns what it
 * printed with console.log. It runs from a scratch folder under docs/, so `../` imports resolve as
 * they would from the page; vitest compiles it and resolves the packages to their sources.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function runBlock(root: string, code: string): Promise<string> {
  const dir = mkdtempSync(join(root, 'docs', '.run-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, code.replace(/from '\.\.\//g, "from '../../"));
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  return printed.join('\n');
}
