/**
 * The lab in a real browser: the production build served from 127.0.0.1 and loaded in headless
 * Chromium (see browser.ts), then once more from Vite's dev server. The page must load cleanly,
 * show exactly the ledger's numbers (`pnpm examples --json`, run here on the packages' build),
 * redraw the derivative the reader asks for, train PReLU's α, run the sweep the reader sets, and
 * walk the dead unit. Each section's screenshot goes to test-results/lab/, and the
 * timings the page measured (performance marks) to test-results/lab/timings.json: they are
 * reported, not asserted — speed targets live in benchmarks, and this machine is shared.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ALPHAS, AT, trainChurn } from '@tapegrad/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Served, buildLab, launchBrowser, openLab, ROOT, serveDev, serveStatic, watchProblems } from './browser.js';
import { expectedLedger, ledgerMismatches, ledgerOnPage, plotted, slideTo, tabled, numberAt } from './checks.js';

const SCRATCH = mkdtempSync(join(tmpdir(), 'tapegrad-lab-'));
const SITE = join(SCRATCH, 'site');
const OUT = join(ROOT, 'test-results/lab');
const SECTIONS = ['activations', 'tape', 'chain', 'prelu', 'sweep', 'dead'] as const;

let browser: Browser;
let site: Served;
let page: Page;
let problems: string[];
let expected: Map<string, unknown>;
/** Figures for timings.json, filled in as the tests measure them. */
const timings: Record<string, unknown> = {};

/** The durations (ms) of the page's `lab:<name>` measures, in order. */
const measures = (p: Page, name: string) => p.evaluate((n) => performance.getEntriesByName(`lab:${n}`).map((m) => m.duration), name);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round = (v: number) => Math.round(v * 10) / 10;

beforeAll(async () => {
  // The lab imports the packages through their `exports`, which point at their build.
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core', 'packages/nn', 'packages/examples'],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
  mkdirSync(OUT, { recursive: true });
  // The site, the ledger from the command line and the browser, side by side.
  let warnings: string[];
  [warnings, expected, browser, site] = await Promise.all([
    buildLab(SITE, join(SCRATCH, 'vite-cache')),
    expectedLedger(join(SCRATCH, 'figures')),
    launchBrowser(),
    serveStatic(SITE),
  ]);
  expect(warnings, 'Vite warnings while building the lab').toEqual([]);
  const assets = readdirSync(join(SITE, 'assets'));
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(SITE, 'assets', f)));
  timings.bundle = { jsBytes: js.reduce((n, b) => n + b.length, 0), jsGzipBytes: js.reduce((n, b) => n + gzipSync(b).length, 0) };
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  problems = watchProblems(page);
  await openLab(page, site.url);
}, 120_000);

afterAll(async () => {
  writeFileSync(join(OUT, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  console.log(`lab timings (ms): ${JSON.stringify(timings)}`);
  await browser?.close();
  await site?.close();
  rmSync(SCRATCH, { recursive: true, force: true });
});

describe('the lab, built for production and served from 127.0.0.1', () => {
  test('builds to a site with relative asset paths', () => {
    const html = readFileSync(join(SITE, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((r) => !r.startsWith('data:') && !r.startsWith('#'));
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r, 'an asset path relative to the page').toMatch(/^\.\//);
    expect(statSync(join(SITE, 'index.html')).size).toBeGreaterThan(0);
  });

  test('loads with every section, no console error and no failed request; screenshots', async () => {
    await page.waitForSelector('[data-ledger-id="sens.long.spread"]', { timeout: 60_000 });
    await page.screenshot({ path: join(OUT, 'overview.png') });
    for (const [i, id] of SECTIONS.entries()) {
      const section = page.locator(`#${id}`);
      expect(await section.locator('.body').innerHTML(), `section ${id} rendered`).not.toBe('');
      await section.screenshot({ path: join(OUT, `${i + 1}-${id}.png`) });
    }
    expect(problems).toEqual([]);
    timings.firstView = round(median(await measures(page, 'mount')));
    timings.backend = await page.getAttribute('body', 'data-backend');
  });

  test("every number tied to the ledger has the ledger's value, and the post's numbers are all there", async () => {
    const found = await ledgerOnPage(page);
    expect(ledgerMismatches(found, expected)).toEqual([]);
    const onPage = new Set(found.map((f) => f.id));
    const required = [...expected.keys()].filter(
      (id) =>
        /^(t1\.|t2\.|chain\.|prelu\.|sens\.(logits|literal)\.|dead\.)/.test(id) ||
        ['grad.z=-1', 'alpha.default', 'alpha.prelu_init', 'he2015'].includes(id),
    );
    expect(required.length).toBeGreaterThan(80);
    expect(required.filter((id) => !onPage.has(id))).toEqual([]);
  });

  test('every control is labelled, and every figure has its numbers as text', async () => {
    const unlabelled = await page.$$eval('[data-control]', (els) =>
      els
        .filter((e) => e instanceof HTMLInputElement || e instanceof HTMLSelectElement)
        .filter((e) => ((e as HTMLInputElement).labels?.length ?? 0) === 0 && !e.getAttribute('aria-label'))
        .map((e) => e.getAttribute('data-control')),
    );
    expect(unlabelled).toEqual([]);
    const figures = await page.$$eval('figure.fig', (fs) =>
      fs.map((f) => [!!f.querySelector('svg'), f.querySelectorAll('details td[data-value]').length]),
    );
    expect(figures.length).toBeGreaterThanOrEqual(8);
    for (const [svg, cells] of figures) {
      expect(svg).toBe(true);
      expect(cells).toBeGreaterThan(0);
    }
  });

  test("α to 0.2 by keyboard: Leaky ReLU's plotted derivative is 0.2 below 0 and 1 above", async () => {
    await slideTo(page, 'alpha', 0.2);
    expect(await page.locator('[data-control="alpha"]').inputValue()).toBe('0.2');
    const table = await tabled(page, '#activations', 'dleaky');
    expect(table.length).toBeGreaterThan(10);
    for (const [z, d] of table) expect(d, `LeakyReLU'(${z})`).toBe(z > 0 ? 1 : 0.2);
    // The curve as drawn: each path point mapped back through the chart's axes (to 0.01 px).
    const curve = await plotted(page, '#activations', 'dleaky');
    const below = curve.filter(([z]) => z < -1e-9);
    expect(below.length).toBeGreaterThan(50);
    for (const [, d] of below) expect(d).toBeCloseTo(0.2, 3);
    for (const [, d] of curve.filter(([z]) => z > 1e-9)) expect(d).toBeCloseTo(1, 3);
    // The kink takes α, and ReLU's derivative stays 0 below 0.
    expect(await numberAt(page, '#activations .kink .num >> nth=1')).toBe(0.2);
    for (const [z, d] of await tabled(page, '#activations', 'drelu')) expect(d).toBe(z > 0 ? 1 : 0);
    // α = 0.2 is no ledger number: nothing of the page's ties claims otherwise.
    expect(ledgerMismatches(await ledgerOnPage(page), expected)).toEqual([]);

    const byKeys = await measures(page, 'alpha-redraw');
    expect(byKeys.length).toBeGreaterThanOrEqual(19);
    // A change and the frame that shows it, as the reader sees it.
    const framed: number[] = [];
    for (const v of [0.3, 0.05, 0.5, 0.25, 0.2]) {
      framed.push(
        await page.evaluate(async (value) => {
          const input = document.querySelector<HTMLInputElement>('[data-control="alpha"]')!;
          const t0 = performance.now();
          input.value = String(value);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return performance.now() - t0;
        }, v),
      );
    }
    timings.alphaRedraw = { medianMs: round(median(byKeys)), maxMs: round(Math.max(...byKeys)), changes: byKeys.length };
    timings.alphaRedrawWithFrame = { medianMs: round(median(framed)), maxMs: round(Math.max(...framed)) };
    expect(problems).toEqual([]);
  });

  test('the tape: PReLU at z = −1, its entries, the walk backward and the tape of f′', async () => {
    const alpha = Number(await page.locator('[data-control="alpha"]').inputValue());
    await page.selectOption('[data-control="activation"]', 'prelu');
    await slideTo(page, 'z', -1);
    const lines = await page.locator('#tape ol.tape li').allTextContents();
    expect(lines.some((l) => /prelu\(z, α\)/.test(l))).toBe(true);
    expect(lines.some((l) => /sum\(%0/.test(l))).toBe(true);
    expect(await numberAt(page, '#tape [data-quantity="df"] .num')).toBe(alpha);
    expect(await numberAt(page, '#tape [data-quantity="f"] .num')).toBe(-alpha);
    // Walk backward: the seed, then sum, then prelu, which reads z and α.
    await page.click('[data-control="tape-next"]');
    await page.click('[data-control="tape-next"]');
    expect(await page.locator('#tape li.now').textContent()).toMatch(/prelu/);
    expect((await page.locator('#tape li.reads').allTextContents()).map((t) => t.split('=')[0]!.trim())).toEqual(['z', 'α']);
    expect(await page.locator('#tape pre[data-tape="derivative"]').textContent()).toMatch(/preluBackwardInput/);
    await page.selectOption('[data-control="activation"]', 'leaky');
    expect(problems).toEqual([]);
  });

  test("the chain: ReLU's zeros are exact, Leaky ReLU's δ falls by w·α per layer", async () => {
    await slideTo(page, 'depth', 8);
    const leaky = await tabled(page, '#chain', 'leaky');
    const zeros = await tabled(page, '#chain', 'zeros');
    expect(leaky).toHaveLength(8);
    expect(zeros.map(([k]) => k)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (let k = 0; k < 7; k++) expect(leaky[k]![1] / leaky[k + 1]![1]).toBeCloseTo(0.001, 12);
    await slideTo(page, 'depth', 5);
    expect(ledgerMismatches(await ledgerOnPage(page), expected)).toEqual([]);
  });

  test('PReLU: 50 steps lower the loss and move α; play trains to 400 steps without freezing the page', async () => {
    await page.click('[data-control="prelu-reset"]');
    const loss0 = await numberAt(page, '[data-prelu="loss"] .num');
    const alphas0 = (await tabled(page, '#prelu', 'alpha-signal')).map(([, a]) => a);
    expect(alphas0.every((a) => a === 0.25)).toBe(true);
    // Fifty presses of Step, in the page (one round trip to the browser, not fifty).
    await page.$eval('[data-control="prelu-step"]', (step) => {
      for (let i = 0; i < 50; i++) (step as HTMLButtonElement).click();
    });
    expect(await numberAt(page, '[data-prelu="steps"] .num')).toBe(50);
    const loss50 = await numberAt(page, '[data-prelu="loss"] .num');
    expect(loss50).toBeLessThan(loss0);
    const alphas50 = [...(await tabled(page, '#prelu', 'alpha-signal')), ...(await tabled(page, '#prelu', 'alpha-other'))].map(
      ([, a]) => a,
    );
    expect(alphas50.filter((a) => a !== 0.25).length).toBe(64);

    // Play: count the frames the page paints while it trains, and the longest gap between two.
    const run = await page.evaluate(async () => {
      const steps = () => Number(document.querySelector('[data-prelu="steps"] .num')?.getAttribute('data-value'));
      const t0 = performance.now();
      document.querySelector<HTMLButtonElement>('[data-control="prelu-play"]')!.click();
      let last = performance.now();
      let longest = 0;
      let frames = 0;
      while (steps() < 400 && performance.now() - t0 < 60_000) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        frames++;
      }
      return { ms: performance.now() - t0, frames, longest, steps: steps() };
    });
    expect(run.steps).toBe(400);
    expect(run.frames).toBeGreaterThan(5);
    timings.preluPlay = { steps: 350, ms: round(run.ms), frames: run.frames, longestFrameMs: round(run.longest) };
    expect(await page.locator('[data-ledger-id="q2.split"]').count()).toBe(1);
    await page.locator('#prelu').screenshot({ path: join(OUT, '4-prelu-trained.png') });
    expect(ledgerMismatches(await ledgerOnPage(page), expected)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("the sweep: the table's cells are the ledger's; the reader's settings are honoured", async () => {
    for (const reading of ['logits', 'literal']) {
      for (const alpha of ALPHAS) {
        for (const k of AT) {
          const id = `sens.${reading}.loss@${k}[${alpha}]`;
          const cell = page.locator(`#sweep [data-ledger-id="${id}"]`);
          expect(await cell.count(), id).toBe(1);
          const value = expected.get(id) as number;
          expect(Number(await cell.getAttribute('data-value'))).toBeCloseTo(value, 12);
          expect((await cell.textContent())?.replace('−', '-')).toBe(value.toFixed(4));
        }
      }
    }
    expect(await page.locator('#sweep .mark.erratum').count()).toBe(24);
    // The default sweep again, timed by the page.
    await page.click('[data-control="sweep-run"]');
    const sweeps = await measures(page, 'sweep');
    timings.sweep = {
      defaultMs: round(sweeps.at(-1)!),
      firstLoadMs: round(sweeps[0]!),
      runs: sweeps.length,
      alphas: ALPHAS.length,
      epochs: 200,
    };

    // Another seed, learning rate and epochs: other numbers, tied to no ledger id.
    await page.fill('[data-control="seed"]', '7');
    await page.fill('[data-control="lr"]', '0.5');
    await page.fill('[data-control="epochs"]', '300');
    await page.fill('[data-control="long-epochs"]', '0');
    await page.fill('[data-control="sweep-alphas"]', '0.05, 0.3');
    await page.click('[data-control="sweep-run"]');
    await page.waitForFunction(() => document.querySelectorAll('#sweep table.notes-last tbody tr').length === 4);
    expect(await page.locator('#sweep [data-ledger-id]').count()).toBe(0);
    const rows = await page.$$eval('#sweep table.notes-last', (tables) =>
      [...tables[0]!.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td .num')].map((n) => Number(n.getAttribute('data-value'))),
      ),
    );
    [0.05, 0.3].forEach((alpha, j) => {
      const losses = trainChurn(alpha, 'logits', 300, 0.5, 7);
      expect(rows[j]).toEqual(AT.map((k) => losses[k - 1]));
    });
    expect(await page.locator('#sweep figure').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  test('the dead unit, step by step: ReLU never fires, Leaky ReLU fires from the step the ledger names', async () => {
    const revives = await numberAt(page, '[data-ledger-id="dead.leaky.revives"]');
    await slideTo(page, 'dead-step', revives - 1);
    expect(await numberAt(page, '[data-dead="leaky-fired"] .num')).toBe(0);
    await page.click('[data-control="dead-next"]');
    expect(await page.locator('[data-control="dead-step"]').inputValue()).toBe(String(revives));
    expect(await numberAt(page, '[data-dead="leaky-fired"] .num')).toBeGreaterThan(0);
    expect(await numberAt(page, '[data-dead="relu-fired"] .num')).toBe(0);
    expect(await numberAt(page, '[data-dead="relu-grad"] .num')).toBe(0);
    const reluGrad = await tabled(page, '#dead', 'relu-grad');
    expect(reluGrad.length).toBeGreaterThan(10);
    expect(reluGrad.every(([, g]) => g === 0)).toBe(true);
    expect(problems).toEqual([]);
  });

  test('reads at 360 px wide: nothing wider than the screen', async () => {
    const narrow = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const narrowProblems = watchProblems(narrow);
    await openLab(narrow, site.url);
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await narrow.locator('#activations').screenshot({ path: join(OUT, 'narrow-activations.png') });
    await narrow.close();
    expect(narrowProblems).toEqual([]);
  });
});

describe("the lab on Vite's dev server", () => {
  let dev: Served | undefined;
  afterAll(async () => dev?.close());

  test('loads the workspace packages, shows the ledger, and redraws for α = 0.2', { timeout: 60_000 }, async () => {
    const started = await serveDev(join(SCRATCH, 'vite-cache-dev'));
    dev = started;
    const devPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const devProblems = watchProblems(devPage);
    await openLab(devPage, started.url);
    const found = await ledgerOnPage(devPage);
    expect(found.length).toBeGreaterThan(80);
    expect(ledgerMismatches(found, expected)).toEqual([]);
    await slideTo(devPage, 'alpha', 0.2);
    for (const [z, d] of await tabled(devPage, '#activations', 'dleaky')) expect(d).toBe(z > 0 ? 1 : 0.2);
    // The modules came from the workspace packages' build, through their links.
    const urls = await devPage.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    for (const pkg of ['core', 'nn', 'examples'])
      expect(
        urls.some((u) => u.includes(`/packages/${pkg}/dist/`)),
        pkg,
      ).toBe(true);
    await devPage.close();
    expect(devProblems).toEqual([]);
    expect(started.messages.filter((m) => /error/i.test(m))).toEqual([]);
  });
});
