/**
 * What the lab's browser tests stand on: a headless Chromium, the lab built for production and
 * served from 127.0.0.1 by a small static server, the lab on Vite's dev server, and the page's
 * problems (console errors, uncaught exceptions, failed requests) collected as they happen.
 *
 * The browser is the Chromium that `@sparticuz/chromium` ships, compressed, inside its npm package:
 * `pnpm install` brings it, nothing is downloaded at run time, and `executablePath()` unpacks it
 * once (into the system's temporary folder). Playwright drives it; each launch gets a fresh profile.
 */
import { createReadStream, statSync } from 'node:fs';
import { type Server, createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Chromium from '@sparticuz/chromium';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type ViteDevServer, build, createLogger, createServer } from 'vite';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const LAB = join(ROOT, 'packages/lab');

/**
 * Flags for a headless Chromium on a machine with no network but the loopback and no display:
 * no sandbox (tests run as root in a container), no GPU, and none of the background fetches
 * (component updates, sync, field trials) that would fail, and log errors, without a network.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
];

/** Launches the packaged Chromium headless (Playwright gives each launch a new temporary profile). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await Chromium.executablePath();
  return chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: 60_000 });
}

/** A quiet Vite logger that keeps every warning and error it is given. */
function recordingLogger(messages: string[]) {
  const base = createLogger('warn', { allowClearScreen: false });
  const keep = (msg: string) => void messages.push(msg);
  return { ...base, info: () => {}, warn: keep, warnOnce: keep, error: keep };
}

/** Builds the lab for production into `outDir` with its own vite.config.ts; returns Vite's warnings. */
export async function buildLab(outDir: string, cacheDir: string): Promise<string[]> {
  const messages: string[] = [];
  await build({
    root: LAB,
    configFile: join(LAB, 'vite.config.ts'),
    cacheDir,
    logLevel: 'warn',
    customLogger: recordingLogger(messages),
    build: { outDir, emptyOutDir: true },
  });
  return messages;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** A served site: its address and how to stop it. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves the files under `dir` (GET only; `/` is index.html) on 127.0.0.1, on a free port. */
export async function serveStatic(dir: string): Promise<Served> {
  const root = normalize(dir);
  const server: Server = createHttpServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
async function freePort(): Promise<number> {
  const probe = createHttpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts the lab on Vite's dev server (workspace packages through their links), on 127.0.0.1, as
 * `pnpm lab` does: its client in the page connects back over a WebSocket on the same port.
 */
export async function serveDev(cacheDir: string): Promise<Served & { server: ViteDevServer; messages: string[] }> {
  const messages: string[] = [];
  const port = await freePort();
  const server = await createServer({
    root: LAB,
    configFile: join(LAB, 'vite.config.ts'),
    cacheDir,
    logLevel: 'warn',
    customLogger: recordingLogger(messages),
    // The packages are linked workspace builds, which Vite never pre-bundles; no discovery keeps the
    // optimizer from scanning in the background while the server closes.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port, strictPort: true, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null;
  if (!address) throw new Error('the dev server did not start');
  return { server, messages, url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

/** What went wrong in a page: console errors, uncaught exceptions, failed or refused requests. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** Opens `url` in `page` and waits until every section has mounted; an uncaught error fails it at once. */
export async function openLab(page: Page, url: string): Promise<void> {
  let fail: (e: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = (e) => reject(new Error(`the lab threw while loading: ${e.message}`));
  });
  failed.catch(() => {}); // handled by the race below; an error after it is watchProblems' to report
  page.on('pageerror', fail);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await Promise.race([page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 }), failed]);
  } finally {
    page.off('pageerror', fail);
  }
}
