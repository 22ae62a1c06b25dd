/**
 * A small import-graph checker for the structure tests: it reads TypeScript sources, finds their
 * `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')` with regexes over the
 * source with comments and template text blanked out, resolves the specifiers the way the
 * packages do (`./x.js` is `./x.ts`, a directory is its `index.ts`, a workspace package name is
 * its `src/index.ts`), and builds the graph of value imports: `import type …`, `export type …` and
 * `import { type A, type B } …` (every name `type`-qualified) are recorded but carry no edge.
 *
 * Known limits, fine for this code base: a regex literal containing a quote or `//` can confuse
 * the comment stripper, an import statement written inside a plain string is taken as real, and
 * `import('…')` is a value import unless written as `typeof import('…')`.
 */
import { posix } from 'node:path';

/** Where a specifier points: a source file, a Node builtin, a package outside the graph, or nothing found. */
export type Resolution =
  | { kind: 'file'; path: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'package'; name: string }
  | { kind: 'missing' };

/** One import or re-export statement as written in a file. */
export interface ImportRef {
  /** The module specifier between the quotes. */
  specifier: string;
  /** True when the statement is erased at runtime for type-only purposes (see {@link parseImports}). */
  typeOnly: boolean;
  /** Which syntax it was written with. */
  form: 'import' | 'export' | 'side-effect' | 'dynamic';
}

/** One import statement of a file in the graph, with the file or module it resolves to. */
export interface ImportEdge extends ImportRef {
  from: string;
  target: Resolution;
}

/** The files reached by {@link crawl} and every import statement found in them. */
export interface ImportGraph {
  /** Every file read, entries first, in the order they were reached. */
  files: string[];
  /** Every import statement of those files, type-only ones included. */
  edges: ImportEdge[];
}

/** What the checker reads files through: the disk for the real tests, a map for the self-test. */
export interface SourceHost {
  /** The text of `file` (an absolute POSIX path), or `undefined` if there is no such file. */
  read(file: string): string | undefined;
  /** Whether `name` is a Node builtin module (`fs`, `node:fs`, `fs/promises`, …). */
  isBuiltin(name: string): boolean;
}

/**
 * Returns `source` with its comments and the literal text of its template strings replaced by
 * spaces (newlines kept), so that only code and ordinary string literals are left for the import
 * regexes. Code inside `${…}` of a template stays, so an `import('…')` there is still found.
 */
export function stripComments(source: string): string {
  const out: string[] = [];
  const blank = (text: string): string => text.replace(/[^\n]/g, ' ');
  /** For each open `${`, the brace depth of the code around it. */
  const holes: number[] = [];
  let depth = 0;
  let i = 0;
  let inTemplate = false;
  const n = source.length;
  while (i < n) {
    const ch = source[i]!;
    if (inTemplate) {
      if (ch === '\\') {
        out.push(blank(source.slice(i, i + 2)));
        i += 2;
      } else if (ch === '`') {
        out.push(' ');
        inTemplate = false;
        i += 1;
      } else if (ch === '$' && source[i + 1] === '{') {
        out.push('  ');
        holes.push(depth);
        inTemplate = false;
        i += 2;
      } else {
        out.push(ch === '\n' ? '\n' : ' ');
        i += 1;
      }
      continue;
    }
    const next = source[i + 1];
    if (ch === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      out.push(blank(source.slice(i, stop)));
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      out.push(blank(source.slice(i, stop)));
      i = stop;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n && source[j] !== ch && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      out.push(source.slice(i, j + 1));
      i = j + 1;
    } else if (ch === '`') {
      out.push(' ');
      inTemplate = true;
      i += 1;
    } else {
      if (ch === '{') depth += 1;
      if (ch === '}') {
        if (holes.length > 0 && holes[holes.length - 1] === depth) {
          holes.pop();
          inTemplate = true;
          out.push(' ');
          i += 1;
          continue;
        }
        depth -= 1;
      }
      out.push(ch);
      i += 1;
    }
  }
  return out.join('');
}

const NAME = '[A-Za-z_$][\\w$]*';
const SPEC = `(?<q>['"])(?<spec>[^'"\\n]+)\\k<q>`;
const NOT_AFTER = '(?<![\\w$.])';
const IMPORT_CLAUSE = `${NAME}\\s*,\\s*\\{[^}]*\\}|${NAME}\\s*,\\s*\\*\\s*as\\s+${NAME}|\\{[^}]*\\}|\\*\\s*as\\s+${NAME}|${NAME}`;
const IMPORT_FROM = new RegExp(`${NOT_AFTER}import\\s+(?<type>type\\s+)?(?<clause>${IMPORT_CLAUSE})\\s*from\\s*${SPEC}`, 'g');
const EXPORT_FROM = new RegExp(
  `${NOT_AFTER}export\\s+(?<type>type\\s+)?(?<clause>\\*(?:\\s*as\\s+${NAME})?|\\{[^}]*\\})\\s*from\\s*${SPEC}`,
  'g',
);
const SIDE_EFFECT = new RegExp(`${NOT_AFTER}import\\s*${SPEC}`, 'g');
const DYNAMIC = new RegExp(`${NOT_AFTER}import\\s*\\(\\s*${SPEC}\\s*[,)]`, 'g');

/**
 * Whether a clause such as `{ type A, type B as C }` names only types: true when it is a brace
 * list with at least one name and every name is `type`-qualified. A default import, a namespace
 * import or `{}` loads the module at runtime, so they are not type-only.
 */
export function namesOnlyTypes(clause: string): boolean {
  const trimmed = clause.trim();
  if (!trimmed.startsWith('{')) return false;
  const names = trimmed
    .slice(1, -1)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.length > 0 && names.every((name) => /^type\s+[A-Za-z_$]/.test(name));
}

/**
 * Every import and re-export in a TypeScript `source`, in source order, with whether it is
 * type-only: `import type …`, `export type …`, a brace list whose names are all `type`-qualified,
 * and `typeof import('…')`.
 */
export function parseImports(source: string): ImportRef[] {
  const code = stripComments(source);
  const found: { at: number; ref: ImportRef }[] = [];
  for (const m of code.matchAll(IMPORT_FROM)) {
    const g = m.groups!;
    const typeOnly = g.type !== undefined || namesOnlyTypes(g.clause!);
    found.push({ at: m.index, ref: { specifier: g.spec!, typeOnly, form: 'import' } });
  }
  for (const m of code.matchAll(EXPORT_FROM)) {
    const g = m.groups!;
    const typeOnly = g.type !== undefined || namesOnlyTypes(g.clause!);
    found.push({ at: m.index, ref: { specifier: g.spec!, typeOnly, form: 'export' } });
  }
  for (const m of code.matchAll(SIDE_EFFECT)) {
    found.push({ at: m.index, ref: { specifier: m.groups!.spec!, typeOnly: false, form: 'side-effect' } });
  }
  for (const m of code.matchAll(DYNAMIC)) {
    const typeOnly = /\btypeof\s*$/.test(code.slice(Math.max(0, m.index - 20), m.index));
    found.push({ at: m.index, ref: { specifier: m.groups!.spec!, typeOnly, form: 'dynamic' } });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.ref);
}

/**
 * Resolves `specifier` imported by `from` (an absolute POSIX path): `node:` names and Node
 * builtins to `builtin`; names in `aliases` (package name → absolute path of its entry file) to
 * that file; relative specifiers to the `.ts` file they compile from (`./x.js` → `./x.ts`,
 * `./x` → `./x.ts` or `./x/index.ts`); any other bare name to `package`.
 */
export function resolveSpecifier(
  from: string,
  specifier: string,
  host: SourceHost,
  aliases: Readonly<Record<string, string>> = {},
): Resolution {
  if (specifier.startsWith('node:') || host.isBuiltin(specifier)) return { kind: 'builtin', name: specifier };
  const alias = aliases[specifier];
  if (alias !== undefined) return { kind: 'file', path: alias };
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return { kind: 'package', name: specifier };
  const base = posix.resolve(posix.dirname(from), specifier);
  const candidates = /\.[mc]?js$/.test(base)
    ? [base.replace(/\.([mc]?)js$/, '.$1ts'), base]
    : /\.[mc]?tsx?$/.test(base)
      ? [base]
      : [`${base}.ts`, posix.join(base, 'index.ts')];
  for (const candidate of candidates) {
    if (host.read(candidate) !== undefined) return { kind: 'file', path: candidate };
  }
  return { kind: 'missing' };
}

/**
 * Reads `entries` and every file they reach through value imports (type-only imports are
 * recorded but not followed, since they are erased at runtime), resolving specifiers with
 * {@link resolveSpecifier}. A file that cannot be read is reported as a `missing` edge.
 */
export function crawl(entries: readonly string[], host: SourceHost, aliases: Readonly<Record<string, string>> = {}): ImportGraph {
  const seen = new Set<string>();
  const files: string[] = [];
  const edges: ImportEdge[] = [];
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = host.read(file);
    if (source === undefined) throw new Error(`import graph: cannot read ${file}`);
    files.push(file);
    for (const ref of parseImports(source)) {
      const target = resolveSpecifier(file, ref.specifier, host, aliases);
      edges.push({ ...ref, from: file, target });
      if (!ref.typeOnly && target.kind === 'file' && !seen.has(target.path)) queue.push(target.path);
    }
  }
  return { files, edges };
}

/** The value-import adjacency of `graph`: every file maps to the files it imports at runtime, sorted, without repeats. */
export function valueAdjacency(graph: ImportGraph): Map<string, string[]> {
  const adj = new Map<string, Set<string>>(graph.files.map((file) => [file, new Set<string>()]));
  for (const edge of graph.edges) {
    if (edge.typeOnly || edge.target.kind !== 'file') continue;
    let targets = adj.get(edge.from);
    if (targets === undefined) {
      targets = new Set();
      adj.set(edge.from, targets);
    }
    targets.add(edge.target.path);
  }
  return new Map([...adj].map(([file, targets]) => [file, [...targets].sort()]));
}

/**
 * The strongly connected components of `adj` (Tarjan's algorithm, iterative), each sorted, in
 * the order Tarjan completes them. A node with no path back to itself is a component of size 1.
 */
export function stronglyConnected(adj: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string, work: { node: string; next: number }[]): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    work.push({ node, next: 0 });
  };
  for (const root of adj.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [];
    visit(root, work);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const successors = adj.get(frame.node) ?? [];
      if (frame.next < successors.length) {
        const succ = successors[frame.next]!;
        frame.next += 1;
        if (!index.has(succ)) visit(succ, work);
        else if (onStack.has(succ)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(succ)!));
        continue;
      }
      work.pop();
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort());
      }
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
    }
  }
  return components;
}

/**
 * A shortest path from `start` to a node satisfying `isTarget` (breadth first, `start` itself
 * excluded unless reached again), staying inside `within` when given: `[start, …, target]`, or
 * `undefined` if there is none.
 */
export function findPath(
  adj: ReadonlyMap<string, readonly string[]>,
  start: string,
  isTarget: (node: string) => boolean,
  within?: ReadonlySet<string>,
): string[] | undefined {
  const parent = new Map<string, string>();
  const queue: string[] = [start];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const succ of adj.get(node) ?? []) {
      if (within !== undefined && !within.has(succ)) continue;
      if (isTarget(succ)) {
        const path = [succ];
        for (let at: string | undefined = node; at !== undefined; at = at === start ? undefined : parent.get(at)) path.push(at);
        return path.reverse();
      }
      if (visited.has(succ) || succ === start) continue;
      visited.add(succ);
      parent.set(succ, node);
      queue.push(succ);
    }
  }
  return undefined;
}

/** A shortest circle through `node` inside `component`, as `[node, …, node]`, or `undefined` if there is none. */
export function cycleThrough(
  adj: ReadonlyMap<string, readonly string[]>,
  node: string,
  component: readonly string[],
): string[] | undefined {
  return findPath(adj, node, (n) => n === node, new Set(component));
}

/** Every node of `adj` reachable from `start` through one or more edges. */
export function reachableFrom(adj: ReadonlyMap<string, readonly string[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...(adj.get(start) ?? [])];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (seen.has(node)) continue;
    seen.add(node);
    queue.push(...(adj.get(node) ?? []));
  }
  return seen;
}

/** `path` written as `a.ts → b.ts → a.ts`, each file shown through `label`. */
export function formatPath(path: readonly string[], label: (file: string) => string): string {
  return path.map(label).join(' → ');
}
