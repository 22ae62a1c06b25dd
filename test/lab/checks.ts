/**
 * Reading the lab's page back: the numbers it ties to the ledger, the curves it plots (from the
 * SVG's path, through the mapping the chart writes on the `<svg>`), and the controls it offers.
 * Shared by the production-build tests and the dev-server test.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { ROOT } from './browser.js';

/**
 * id → value, as `pnpm examples --json` prints them: the command line's JSON path (every example,
 * no timing), run on the packages' build in a child process, figures written to `outDir`.
 */
export async function expectedLedger(outDir: string): Promise<Map<string, unknown>> {
  const cli = join(ROOT, 'packages/examples/dist/cli.js');
  const { stdout } = await promisify(execFile)(process.execPath, [cli, '--json', '--no-timing', `--out-dir=${outDir}`], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const doc = JSON.parse(stdout) as { numbers: Record<string, { value: unknown }> };
  return new Map(Object.entries(doc.numbers).map(([id, rec]) => [id, rec.value]));
}

/** A number of the page tied to the ledger: its id, its `data-value`, and the text a reader sees. */
export interface Tied {
  id: string;
  value: string;
  text: string;
}

/** Every `[data-ledger-id]` of the page, in document order. */
export async function ledgerOnPage(page: Page): Promise<Tied[]> {
  return page.$$eval('[data-ledger-id]', (els) =>
    els.map((e) => ({ id: e.getAttribute('data-ledger-id') ?? '', value: e.getAttribute('data-value') ?? '', text: e.textContent ?? '' })),
  );
}

/**
 * The numbers written in `text` (`−0.0300`, `1.000e−9`, `50 and 14`), each with half a unit of its
 * last printed digit: how far the exact value may be from what is printed.
 */
export function shownNumbers(text: string): { value: number; tol: number }[] {
  return [...text.replace(/−/g, '-').matchAll(/-?\d+(?:\.(\d+))?(?:e([-+]?\d+))?/g)].map((m) => {
    const exp = m[2] === undefined ? 0 : Number(m[2]);
    return { value: Number(m[0]), tol: 0.5 * 10 ** (exp - (m[1]?.length ?? 0)) * (1 + 1e-9) };
  });
}

/** True when `a` and `b` agree to 1e-12 relative (0 only with 0), element by element for arrays. */
export function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  }
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => close(x, b[i]));
}

/**
 * The page's ledger numbers that are unknown to the ledger, differ from it, or are printed as
 * another number than their `data-value`: one line each.
 */
export function ledgerMismatches(found: readonly Tied[], expected: ReadonlyMap<string, unknown>): string[] {
  const bad: string[] = [];
  for (const { id, value, text } of found) {
    if (!expected.has(id)) {
      bad.push(`${id}: not an id of pnpm examples --json`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      bad.push(`${id}: data-value ${JSON.stringify(value)} is not a number`);
      continue;
    }
    if (!close(parsed, expected.get(id))) bad.push(`${id}: page ${value}, examples ${JSON.stringify(expected.get(id))}`);
    const values = Array.isArray(parsed) ? (parsed as number[]) : [parsed as number];
    const shown = shownNumbers(text);
    if (shown.length !== values.length || shown.some((n, i) => !(Math.abs(n.value - values[i]!) <= n.tol))) {
      bad.push(`${id}: printed ${JSON.stringify(text)}, data-value ${value}`);
    }
  }
  return bad;
}

/** Moves a range control to `target` with the keyboard (Home, then arrow keys), as a reader would. */
export async function slideTo(page: Page, control: string, target: number): Promise<void> {
  const input = page.locator(`[data-control="${control}"]`);
  await input.focus();
  const { min, step } = await input.evaluate((el) => ({
    min: Number((el as HTMLInputElement).min),
    step: Number((el as HTMLInputElement).step),
  }));
  await page.keyboard.press('Home');
  const presses = Math.round((target - min) / step);
  for (let i = 0; i < presses; i++) await page.keyboard.press('ArrowRight');
}

/** One plotted series, read back: the points of its SVG path mapped to data coordinates. */
export async function plotted(page: Page, scope: string, series: string): Promise<[number, number][]> {
  return page.$eval(`${scope} path[data-series="${series}"]`, (path) => {
    const svg = path.closest('svg')!;
    const n = (k: string) => Number(svg.getAttribute(`data-${k}`));
    const [x0, x1, y0, y1, left, top, width, height] = ['x0', 'x1', 'y0', 'y1', 'left', 'top', 'width', 'height'].map(n) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const log = svg.getAttribute('data-log-y') === 'true';
    return [...(path.getAttribute('d') ?? '').matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => {
      const x = x0 + ((Number(m[1]) - left) / width) * (x1 - x0);
      const y = y0 + ((top + height - Number(m[2])) / height) * (y1 - y0);
      return [x, log ? 10 ** y : y] as [number, number];
    });
  });
}

/** The exact values of one series in a figure's numbers table: [x, value] per row. */
export async function tabled(page: Page, scope: string, series: string): Promise<[number, number][]> {
  return page.$$eval(`${scope} td[data-series="${series}"]`, (tds) =>
    tds.map((td) => [Number(td.getAttribute('data-x')), Number(td.getAttribute('data-value'))] as [number, number]),
  );
}

/** A number the page shows in `selector`'s `data-value`. */
export async function numberAt(page: Page, selector: string): Promise<number> {
  return Number(await page.locator(selector).first().getAttribute('data-value'));
}
