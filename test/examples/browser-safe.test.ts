/**
 * What `@tapegrad/examples` exports can run in a browser: nothing reachable from its entry point
 * (src/index.ts), through its own modules and into the workspace packages it imports, imports a
 * Node module or touches Node's globals. The Node-only modules (the command line, the figure
 * writer) are not reachable from it. Read from the sources, every import counted (type-only too).
 */
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'packages/examples/src');
const WORKSPACE: Readonly<Record<string, string>> = {
  '@tapegrad/core': join(ROOT, 'packages/core/src/index.ts'),
  '@tapegrad/nn': join(ROOT, 'packages/nn/src/index.ts'),
  '@tapegrad/examples': join(SRC, 'index.ts'),
};
const NODE_ONLY = ['cli.ts', 'run.ts', 'write.ts'].map((f) => join(SRC, f));

/** The module specifiers of `source`'s imports and re-exports (static and dynamic), comments left out. */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = [
    ...code.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1]!);
}

/** A relative specifier as the packages write it (`./x.js`) → the source file, `x.ts` or `x/index.ts`. */
function resolveRelative(from: string, spec: string): string {
  const base = join(dirname(from), spec).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {}
  }
  throw new Error(`${relative(ROOT, from)}: cannot resolve '${spec}'`);
}

/** Every file reachable from `entry`, with the chain that reached it; every Node module imported, with its chain. */
function crawl(entry: string): { files: Map<string, string[]>; builtins: string[]; unknown: string[] } {
  const files = new Map<string, string[]>([[entry, [entry]]]);
  const builtins: string[] = [];
  const unknown: string[] = [];
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const chain = files.get(file)!;
    const show = (end: string) => [...chain.map((f) => relative(ROOT, f)), end].join(' → ');
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      let target: string | undefined;
      if (spec.startsWith('.')) target = resolveRelative(file, spec);
      else if (spec in WORKSPACE) target = WORKSPACE[spec];
      else if (spec.startsWith('node:') || isBuiltin(spec)) builtins.push(show(spec));
      else unknown.push(show(spec));
      if (target !== undefined && !files.has(target)) {
        files.set(target, [...chain, target]);
        queue.push(target);
      }
    }
  }
  return { files, builtins, unknown };
}

const graph = crawl(join(SRC, 'index.ts'));
const examplesFiles = [...graph.files.keys()].filter((f) => f.startsWith(SRC));

test('the checker sees what it should: the compute modules, and the Node modules of the writer', () => {
  for (const f of ['forward', 'chain', 'prelu', 'sensitivity', 'churn', 'comparison', 'limitations', 'linearity', 'questions', 'dead']) {
    expect(examplesFiles, f).toContain(join(SRC, `${f}.ts`));
  }
  expect(graph.files.has(WORKSPACE['@tapegrad/core']!)).toBe(true);
  expect(graph.files.has(WORKSPACE['@tapegrad/nn']!)).toBe(true);
  expect(crawl(join(SRC, 'write.ts')).builtins.length).toBeGreaterThan(0);
});

test('no Node module is reachable from the entry point, in examples or in the packages it imports', () => {
  expect(graph.builtins).toEqual([]);
  expect(graph.unknown).toEqual([]);
});

test('the command line and the figure writer are not reachable from the entry point', () => {
  for (const f of NODE_ONLY) expect(graph.files.get(f), relative(ROOT, f)).toBeUndefined();
});

test("the examples' modules reachable from the entry point use no Node global", () => {
  for (const f of examplesFiles) {
    const code = readFileSync(f, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    expect(code, relative(ROOT, f)).not.toMatch(/\b(?:process\.|Buffer\b|__dirname|__filename|require\()|import\.meta/);
  }
});
