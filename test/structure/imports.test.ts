/**
 * The import graph of @tapegrad/core's sources, checked against the layering the code is meant to
 * have: no import circle except the Tensor class's methods with the op functions they call,
 * kernels below tensors, the bit generator below tensors, the tape (recording and replay) below
 * tensors and op families, errors and shapes at the bottom, and nothing Node-only reachable from either
 * package's entry point. Only value imports count: type-only imports are erased at runtime.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  crawl,
  cycleThrough,
  findPath,
  formatPath,
  type ImportGraph,
  parseImports,
  reachableFrom,
  type SourceHost,
  stronglyConnected,
  valueAdjacency,
} from './import-graph.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const CORE_SRC = `${ROOT}/packages/core/src`;
const CORE_INDEX = `${CORE_SRC}/index.ts`;
const NN_INDEX = `${ROOT}/packages/nn/src/index.ts`;
const ALIASES: Readonly<Record<string, string>> = { '@tapegrad/core': CORE_INDEX };

/**
 * The files under random/ that wrap the bit generator's output in tensors (they import tensor.ts
 * or creation.ts, directly or through another), relative to packages/core/src: the `Generator`
 * and the folder's barrel that re-exports it. Every other file under random/ is the bit generator
 * or its distributions and must not reach tensor.ts.
 */
const TENSOR_WRAPPING_RANDOM = new Set(['random/generator.ts', 'random/index.ts']);

/** Files that may sit in the one permitted import circle: the Tensor class and the op families its methods call. */
const inAllowedCircle = (file: string): boolean => file === 'tensor.ts' || file.startsWith('ops/');

/** Reads files from disk; `undefined` for anything that is not a readable file. */
const diskHost: SourceHost = {
  read(file) {
    try {
      return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
  isBuiltin,
};

/** Every `.ts` source file under `dir` (not `.d.ts`), as absolute POSIX paths, sorted. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => posix.join(dir, name.split('\\').join('/')))
    .sort();
}

/** A path relative to packages/core/src, the way the rules name files. */
const core = (file: string): string => posix.relative(CORE_SRC, file);
/** A path relative to the repository root. */
const repo = (file: string): string => posix.relative(ROOT, file);

/** The graph of every source file of packages/core/src, keyed by paths relative to it. */
function coreGraph(): { graph: ImportGraph; adj: Map<string, string[]> } {
  const graph = crawl(sourceFiles(CORE_SRC), diskHost);
  const outside = graph.files.filter((file) => !file.startsWith(`${CORE_SRC}/`));
  if (outside.length > 0) throw new Error(`core imports files outside packages/core/src: ${outside.map(repo).join(', ')}`);
  const adj = new Map([...valueAdjacency(graph)].map(([file, targets]) => [core(file), targets.map(core)]));
  return { graph, adj };
}

/**
 * For each file in `files` and each file it imports that is, or leads to, a file satisfying
 * `forbidden`, a line `file → a.ts → … → target.ts` naming the shortest such chain, so that every
 * import to cut is listed. Files with no such chain give no line.
 */
function violations(adj: ReadonlyMap<string, readonly string[]>, files: readonly string[], forbidden: (file: string) => boolean): string[] {
  const lines: string[] = [];
  for (const file of files) {
    for (const next of adj.get(file) ?? []) {
      const rest = forbidden(next) ? [next] : findPath(adj, next, forbidden);
      if (rest !== undefined) lines.push(formatPath([file, ...rest], (f) => f));
    }
  }
  return lines;
}

describe('import graph of packages/core/src', () => {
  const { graph, adj } = coreGraph();
  const files = [...adj.keys()].sort();

  test('every import resolves to a file, a Node builtin or a package', () => {
    const missing = graph.edges.filter((edge) => edge.target.kind === 'missing').map((edge) => `${core(edge.from)}: '${edge.specifier}'`);
    expect(missing, `imports that resolve to no file:\n  ${missing.join('\n  ')}`).toEqual([]);
  });

  test('no import circle but the Tensor class with the op families', () => {
    const circles = stronglyConnected(adj).filter((c) => c.length > 1 || (adj.get(c[0]!) ?? []).includes(c[0]!));
    const permitted =
      circles.find((c) => c.length > 1 && c.every(inAllowedCircle) && c.includes('tensor.ts')) ??
      circles.find((c) => c.length > 1 && c.every(inAllowedCircle));
    const problems: string[] = [];
    for (const circle of circles) {
      if (circle === permitted) continue;
      const outsiders = circle.filter((file) => !inAllowedCircle(file));
      const through = outsiders.length > 0 ? outsiders : [circle[0]!];
      const cycles = [...new Set(through.map((file) => formatPath(cycleThrough(adj, file, circle)!, (f) => f)))];
      const why =
        outsiders.length > 0
          ? `${outsiders.join(', ')} ${outsiders.length === 1 ? 'is' : 'are'} in a circle (only tensor.ts and ops/ may be)`
          : 'a second circle (only one, of tensor.ts and ops/, is allowed)';
      problems.push(`circle of ${circle.length} file(s) [${circle.join(', ')}]: ${why}\n    ${cycles.join('\n    ')}`);
    }
    expect(problems, `import circles:\n  ${problems.join('\n  ')}`).toEqual([]);
  });

  test('kernels/ reaches neither tensor.ts, tape.ts nor ops/', () => {
    const kernels = files.filter((file) => file.startsWith('kernels/'));
    expect(kernels.length).toBeGreaterThan(0);
    const forbidden = (file: string): boolean => ['tensor.ts', 'tape.ts'].includes(file) || file.startsWith('ops/');
    const bad = violations(adj, kernels, forbidden);
    expect(bad, `kernels importing the tensor/tape/op layers:\n  ${bad.join('\n  ')}`).toEqual([]);
  });

  test('the bit generator and distributions under random/ do not reach tensor.ts', () => {
    const random = files.filter((file) => file.startsWith('random/'));
    for (const file of TENSOR_WRAPPING_RANDOM) expect(random, `TENSOR_WRAPPING_RANDOM names a file that is gone: ${file}`).toContain(file);
    const bitLayer = random.filter((file) => !TENSOR_WRAPPING_RANDOM.has(file));
    expect(bitLayer).toContain('random/pcg64.ts');
    const bad = violations(adj, bitLayer, (file) => file === 'tensor.ts');
    expect(bad, `random/ files below the Generator that reach tensor.ts:\n  ${bad.join('\n  ')}`).toEqual([]);
  });

  test('tape.ts reaches neither tensor.ts nor an op family (replay runs the rule a tape entry carries)', () => {
    expect(files).toContain('tape.ts');
    const bad = violations(adj, ['tape.ts'], (file) => file === 'tensor.ts' || file.startsWith('ops/'));
    expect(bad, `replay importing op families:\n  ${bad.join('\n  ')}`).toEqual([]);
  });

  test('errors.ts and shape.ts import nothing but each other', () => {
    const bottom = new Set(['errors.ts', 'shape.ts']);
    const bad: string[] = [];
    for (const file of bottom) {
      for (const target of adj.get(file) ?? []) if (!bottom.has(target)) bad.push(`${file} → ${target}`);
      for (const edge of graph.edges) {
        if (core(edge.from) === file && !edge.typeOnly && edge.target.kind !== 'file') bad.push(`${file} → '${edge.specifier}'`);
      }
    }
    expect(bad, `imports out of the bottom layer:\n  ${bad.join('\n  ')}`).toEqual([]);
  });
});

describe('browser-safe entry points', () => {
  /** Lines `entry → … → file imports 'spec'` for every Node builtin reachable from `entry`. */
  function nodeImports(entry: string): string[] {
    const graph = crawl([entry], diskHost, ALIASES);
    const adj = valueAdjacency(graph);
    const lines: string[] = [];
    for (const edge of graph.edges) {
      if (edge.typeOnly || edge.target.kind !== 'builtin') continue;
      const path = edge.from === entry ? [entry] : findPath(adj, entry, (file) => file === edge.from)!;
      lines.push(`${formatPath(path, repo)} imports '${edge.specifier}'`);
    }
    return lines;
  }

  test.each([
    ['@tapegrad/core', CORE_INDEX],
    ['@tapegrad/nn', NN_INDEX],
  ])('nothing reachable from %s imports a Node builtin', (_name, entry) => {
    const bad = nodeImports(entry);
    expect(bad, `Node builtins reachable from ${repo(entry)}:\n  ${bad.join('\n  ')}`).toEqual([]);
  });
});

describe('the checker itself', () => {
  /** A tiny project in memory: a circle a → b → c/index → a, a type-only edge back into it, a mixed-import circle d ↔ e. */
  const files: Record<string, string> = {
    '/m/a.ts': [
      "import { b } from './b.js';",
      "import type { T } from './t.js';",
      '/* import { z } from "./z.js"; */',
      "// export { y } from './y.js';",
      'const s = `import { w } from "./w.js"`;',
      'export const a = () => b + s;',
    ].join('\n'),
    '/m/b.ts': "import { c } from './c';\nexport const b = c;\n",
    '/m/c/index.ts': "export { a } from '../a.js';\nexport const c = 1;\n",
    '/m/t.ts': "import { a } from './a.js';\nexport type T = typeof a;\nexport const t = a;\n",
    '/m/d.ts':
      "import { type A, type B } from './t.js';\nimport { type C, e } from './e.js';\nexport type { D } from './a.js';\nexport const d = e;\n",
    '/m/e.ts':
      "import * as d from './d.js';\nimport { readFileSync } from 'node:fs';\nimport 'path';\nexport type C = 1;\nexport const e = () => d;\n",
    '/m/f.ts': "export const f = async () => import('./f.js');\nexport type G = typeof import('./a.js');\n",
  };
  const host: SourceHost = { read: (file) => files[file], isBuiltin };
  const graph = crawl(['/m/a.ts', '/m/d.ts', '/m/f.ts'], host);
  const adj = valueAdjacency(graph);

  test('parses value, type-only, re-export, side-effect and dynamic imports, ignoring comments and template text', () => {
    expect(parseImports(files['/m/a.ts']!)).toEqual([
      { specifier: './b.js', typeOnly: false, form: 'import' },
      { specifier: './t.js', typeOnly: true, form: 'import' },
    ]);
    expect(parseImports(files['/m/d.ts']!).map((ref) => [ref.specifier, ref.typeOnly])).toEqual([
      ['./t.js', true],
      ['./e.js', false],
      ['./a.js', true],
    ]);
    expect(parseImports(files['/m/e.ts']!).map((ref) => [ref.specifier, ref.form])).toEqual([
      ['./d.js', 'import'],
      ['node:fs', 'import'],
      ['path', 'side-effect'],
    ]);
    expect(parseImports(files['/m/f.ts']!).map((ref) => [ref.specifier, ref.typeOnly, ref.form])).toEqual([
      ['./f.js', false, 'dynamic'],
      ['./a.js', true, 'dynamic'],
    ]);
  });

  test('resolves .js to .ts and a directory to its index.ts, and follows only value imports', () => {
    expect(graph.edges.filter((edge) => edge.target.kind === 'missing')).toEqual([]);
    // t.ts is reached only through a type-only import, so it is never read
    expect(graph.files.sort()).toEqual(['/m/a.ts', '/m/b.ts', '/m/c/index.ts', '/m/d.ts', '/m/e.ts', '/m/f.ts']);
    expect(adj.get('/m/b.ts')).toEqual(['/m/c/index.ts']);
    expect(adj.get('/m/d.ts')).toEqual(['/m/e.ts']);
    expect(graph.edges.filter((edge) => edge.target.kind === 'builtin').map((edge) => edge.specifier)).toEqual(['node:fs', 'path']);
  });

  test('finds the circles, a self-import, and a concrete path around each', () => {
    const circles = stronglyConnected(adj).filter((c) => c.length > 1 || (adj.get(c[0]!) ?? []).includes(c[0]!));
    expect(circles.sort((x, y) => x[0]!.localeCompare(y[0]!))).toEqual([
      ['/m/a.ts', '/m/b.ts', '/m/c/index.ts'],
      ['/m/d.ts', '/m/e.ts'],
      ['/m/f.ts'],
    ]);
    const short = (file: string): string => posix.relative('/m', file);
    expect(formatPath(cycleThrough(adj, '/m/a.ts', circles[0]!)!, short)).toBe('a.ts → b.ts → c/index.ts → a.ts');
    expect(formatPath(cycleThrough(adj, '/m/e.ts', circles[1]!)!, short)).toBe('e.ts → d.ts → e.ts');
    expect(cycleThrough(adj, '/m/f.ts', circles[2]!)).toEqual(['/m/f.ts', '/m/f.ts']);
    // the type-only import d → a makes no edge: a does not reach d
    expect(reachableFrom(adj, '/m/a.ts').has('/m/d.ts')).toBe(false);
    expect(findPath(adj, '/m/d.ts', (file) => file === '/m/a.ts')).toBeUndefined();
  });
});
