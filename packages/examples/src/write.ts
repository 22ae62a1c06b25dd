/**
 * Saving figures (Node only): each figure rendered by `plot` and written as `<outDir>/<name>.svg`.
 * The compute and text modules never import this file, so a web page can use them as they are.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, plot } from './plot.js';

/** Where `pnpm examples` puts the figures: the committed `packages/examples/out/`. */
export const DEFAULT_OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');

/**
 * Writes `svg` to `<outDir>/<name>.svg` (creating the folder) and returns the path relative to the
 * working directory, as the report prints it.
 *
 * @example
 * writeFigure(mkdtempSync(join(tmpdir(), 'fig-')), 'leaky-relu', svg); // '../../tmp/fig-x1/leaky-relu.svg'
 */
export function writeFigure(outDir: string, name: string, svg: string): string {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${name}.svg`);
  writeFileSync(path, svg);
  return relative(process.cwd(), path);
}

/**
 * Renders and writes every figure into `outDir`; returns figure name → the path written.
 *
 * @example
 * writeFigures(DEFAULT_OUT_DIR, forwardFigures(forwardCurves())); // { 'leaky-relu': 'packages/examples/out/leaky-relu.svg' }
 */
export function writeFigures(outDir: string, figures: readonly Figure[]): Record<string, string> {
  return Object.fromEntries(figures.map((f) => [f.name, writeFigure(outDir, f.name, plot(f.plot))]));
}
