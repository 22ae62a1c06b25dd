/**
 * The packages in a browser page, bundled and served by Vite as a user's project would have them:
 * the page in fixture/ imports '@tapegrad/core' and '@tapegrad/nn' by name, and Vite resolves them
 * through the workspace's links and the packages' `exports` to their build (made first, with the
 * same `tsc -b` as scripts/check-packages.mjs), not through the alias the other tests use.
 *
 * Neither the production bundle nor any module the dev server serves to the page may import a
 * Node module (`node:fs`, or a bare `fs`), load Vite's `__vite-browser-external` stand-in for one,
 * or make Vite warn about a module "externalized for browser compatibility": in a browser, such an
 * import leaves the page blank. The bundle is also run (with a stand-in for `document`) to show
 * that the page computes what it prints.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type InlineConfig, type Logger, build, createLogger, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixture', import.meta.url));
const SCRATCH = mkdtempSync(join(tmpdir(), 'tapegrad-browser-'));
const NODE_BUILTINS = new Set(builtinModules);

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core', 'packages/nn'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}, 60_000);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** A logger that prints nothing and keeps every warning and error Vite reports in `messages`. */
function recordingLogger(messages: string[]): Logger {
  const base = createLogger('warn', { allowClearScreen: false });
  const keep = (msg: string) => void messages.push(msg);
  return { ...base, info: () => {}, warn: keep, warnOnce: keep, error: keep };
}

/** What the page and Vite share in both modes: the fixture, no config file, a scratch cache. */
const common = (messages: string[]): InlineConfig => ({
  root: FIXTURE,
  configFile: false,
  logLevel: 'warn',
  customLogger: recordingLogger(messages),
  cacheDir: join(SCRATCH, 'vite-cache'),
});

/** The specifiers a module's code imports (static, dynamic, re-exports, `require`). */
function specifiers(code: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
  return [...code.matchAll(re)].map((m) => m[2]!);
}

/** Why a module must not reach a page, if it must not: a Node import, or Vite's browser stand-in. */
function problems(id: string, code: string): string[] {
  const found: string[] = [];
  if (id.includes('__vite-browser-external')) found.push(`${id} is Vite's stand-in for a Node module`);
  for (const spec of specifiers(code)) {
    const bare = spec.replace(/^\/@id\//, '');
    if (bare.startsWith('node:') || NODE_BUILTINS.has(bare)) found.push(`${id} imports ${spec}`);
    if (spec.includes('__vite-browser-external')) found.push(`${id} imports ${spec}`);
  }
  return found;
}

/** The messages that say a module was externalized for browser compatibility. */
const externalized = (messages: string[]) => messages.filter((m) => /externali[sz]ed|browser compatibility|browser-external/i.test(m));

describe('a Vite page that imports @tapegrad/core and @tapegrad/nn', () => {
  test('builds for production with no Node module and no warning about one, and runs', { timeout: 30_000 }, async () => {
    const messages: string[] = [];
    const result = await build({
      ...common(messages),
      build: {
        write: false,
        minify: false,
        // One chunk, nothing to preload: no polyfill that would need a real `document`.
        modulePreload: { polyfill: false },
        rolldownOptions: { onwarn: (warning) => void messages.push(warning.message) },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
    const chunks = outputs.flatMap((o) => (o.type === 'chunk' ? [o] : []));
    expect(chunks.length).toBeGreaterThan(0);
    const found = chunks.flatMap((c) => [...c.moduleIds.flatMap((id) => problems(id, '')), ...problems(c.fileName, c.code)]);
    expect(found, 'Node modules in the bundle').toEqual([]);
    expect(externalized(messages), 'warnings about externalized modules').toEqual([]);
    // The bundle resolved the packages through their `exports`, to their build (the entry files
    // themselves are re-exports, which the bundler leaves out of the module list).
    const ids = chunks.flatMap((c) => c.moduleIds);
    expect(ids.some((id) => id.includes('/packages/nn/dist/'))).toBe(true);
    expect(ids.some((id) => id.includes('/packages/core/dist/'))).toBe(true);

    // The page's one chunk, run against a stand-in for the element it writes to.
    const entry = chunks.find((c) => c.isEntry)!;
    const file = join(SCRATCH, 'page.mjs');
    writeFileSync(file, entry.code);
    const out = { textContent: '' };
    const page = globalThis as { document?: unknown };
    page.document = { querySelector: (selector: string) => (selector === '#out' ? out : null) };
    try {
      await import(pathToFileURL(file).href);
    } finally {
      delete page.document;
    }
    expect(out.textContent).toMatch(/^loss -?\d/);
    // Linear's weight and bias, PReLU's weight: three tensors each way.
    expect(out.textContent).toMatch(/safetensors: \d+ bytes, 3 tensors; JSON: 3 tensors$/);
  });

  test('is served by the dev server with no Node module in any module the page loads', { timeout: 30_000 }, async () => {
    const messages: string[] = [];
    const server = await createServer({
      ...common(messages),
      // The packages are linked workspace sources, which Vite never pre-bundles; no discovery
      // keeps the optimizer from scanning in the background while the server closes.
      optimizeDeps: { noDiscovery: true, include: [] },
      server: { middlewareMode: true, hmr: false, ws: false },
    });
    try {
      const html = await server.transformIndexHtml('/index.html', readFileSync(join(FIXTURE, 'index.html'), 'utf8'));
      const entries = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
      expect(entries).toContain('/main.ts');
      // Every module the page loads: the entries, then what each imports, as the browser would ask.
      const graph = server.environments.client.moduleGraph;
      const seen = new Set<string>();
      const queue = [...entries];
      const found: string[] = [];
      while (queue.length > 0) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        if (url.includes('__vite-browser-external')) {
          found.push(`${url} is Vite's stand-in for a Node module`);
          continue;
        }
        const result = await server.transformRequest(url);
        expect(result, `the dev server serves ${url}`).not.toBeNull();
        found.push(...problems(url, result!.code));
        const node = await graph.getModuleByUrl(url);
        for (const dep of node?.importedModules ?? []) queue.push(dep.url);
      }
      expect(found, 'Node modules served to the page').toEqual([]);
      expect(externalized(messages), 'warnings about externalized modules').toEqual([]);
      // The page's modules came from the packages' build, through their `exports`.
      expect([...seen].some((u) => u.endsWith('/packages/nn/dist/index.js'))).toBe(true);
      expect([...seen].some((u) => u.endsWith('/packages/core/dist/index.js'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
