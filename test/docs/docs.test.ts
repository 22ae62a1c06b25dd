/**
 * The API reference: `pnpm run docs` (TypeDoc, configured in typedoc.json; plain `pnpm docs` is
 * pnpm's own command for opening a package's homepage) builds it from the doc comments into
 * docs/api, and fails on an exported name, member or field without one. Two checks here:
 *
 * - TypeDoc itself, with `--emit none`: it converts both packages and runs its validation
 *   (`notDocumented`, `notExported`, `invalidLink`) with warnings as errors, so an undocumented
 *   export, a reference to an unexported type or a broken `{@link}` fails this test.
 * - A walk over the exports with the TypeScript compiler API, for what TypeDoc lets pass: it
 *   copies a comment from an implemented interface or a base class, so a class or method with no
 *   comment of its own can still pass its check; and it does not ask for examples. Here every
 *   exported declaration and every public member needs its own `/** … *\/` comment, and every
 *   exported function and class an `@example`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY_POINTS = ['packages/core/src/index.ts', 'packages/nn/src/index.ts'].map((p) => `${ROOT}${p}`);

test('TypeDoc builds the reference with no warning (every export documented, every link valid)', { timeout: 120_000 }, () => {
  const typedoc = `${ROOT}node_modules/typedoc/bin/typedoc`;
  let output = '';
  try {
    output = execFileSync(process.execPath, [typedoc, '--emit', 'none', '--logLevel', 'Warn'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    output = `${stdout ?? ''}${stderr ?? ''}`;
    expect.fail(`typedoc failed:\n${output}`);
  }
  expect(output).not.toMatch(/warning|error/i);
});

/** The exports and public members without a doc comment of their own; the functions and classes without an example. */
function undocumented(): { missing: string[]; noExample: string[]; checked: Record<string, number> } {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    baseUrl: ROOT,
    paths: { '@tapegrad/core': ['packages/core/src/index.ts'] },
  };
  const program = ts.createProgram(ENTRY_POINTS, options);
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  const noExample: string[] = [];
  const checked: Record<string, number> = {};
  const seen = new Set<ts.Node>();

  const docs = (node: ts.Node): readonly ts.JSDoc[] => {
    // A `const f = …` is commented on its statement; the JSDoc nodes hang on the statement.
    const host = ts.isVariableDeclaration(node) ? node.parent.parent : node;
    // NOTE: `jsDoc` is the compiler's own record of the `/** … */` comments attached to a node;
    // the public getJSDocCommentsAndTags would also count a parameter as documented by its
    // function's @param tag.
    return (host as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  };
  const hasExample = (node: ts.Node) => docs(node).some((d) => d.tags?.some((t) => t.tagName.text === 'example'));
  const isPublic = (m: ts.Node) => {
    const flags = ts.getCombinedModifierFlags(m as ts.Declaration);
    return (
      !(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && !(m as ts.NamedDeclaration).name?.getText().startsWith('#')
    );
  };
  const expectDoc = (label: string, nodes: readonly ts.Node[], example: boolean) => {
    if (nodes.length === 0 || nodes.some((n) => seen.has(n))) return;
    for (const n of nodes) seen.add(n);
    // Overloads: one comment (on any signature) documents the name.
    if (!nodes.some((n) => docs(n).length > 0)) missing.push(label);
    else if (example && !nodes.some(hasExample)) noExample.push(label);
  };

  for (const entry of ENTRY_POINTS) {
    const pkg = entry.includes('/core/') ? '@tapegrad/core' : '@tapegrad/nn';
    const sourceFile = program.getSourceFile(entry);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    if (!moduleSymbol) throw new Error(`docs test: cannot read the exports of ${entry}`);
    const exports = checker.getExportsOfModule(moduleSymbol);
    checked[pkg] = exports.length;
    for (const exported of exports) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = symbol.declarations ?? [];
      const isFunction = decls.some(
        (d) =>
          ts.isFunctionDeclaration(d) || (ts.isVariableDeclaration(d) && d.initializer !== undefined && ts.isArrowFunction(d.initializer)),
      );
      const isClass = decls.some(ts.isClassDeclaration);
      expectDoc(`${pkg} ${exported.name}`, decls, isFunction || isClass);
      for (const decl of decls) {
        if (!ts.isClassDeclaration(decl) && !ts.isInterfaceDeclaration(decl)) continue;
        // Members by name, so that overloads and get/set pairs are grouped; a getter and its
        // setter each need a comment, as TypeDoc shows both.
        const byName = new Map<string, ts.Node[]>();
        for (const member of decl.members) {
          if (ts.isIndexSignatureDeclaration(member) || ts.isClassStaticBlockDeclaration(member) || !isPublic(member)) continue;
          if (ts.isConstructorDeclaration(member)) {
            for (const p of member.parameters) {
              if (ts.getModifiers(p)?.length) expectDoc(`${pkg} ${exported.name}.${p.name.getText()}`, [p], false);
            }
          }
          const name = ts.isConstructorDeclaration(member) ? 'constructor' : (member.name?.getText() ?? '?');
          const key = ts.isSetAccessorDeclaration(member) ? `set ${name}` : name;
          byName.set(key, [...(byName.get(key) ?? []), member]);
        }
        for (const [name, members] of byName) {
          // A constructor with no parameters to explain needs no comment of its own.
          if (name === 'constructor' && members.every((m) => (m as ts.ConstructorDeclaration).parameters.length === 0)) continue;
          expectDoc(`${pkg} ${exported.name}.${name}`, members, false);
        }
      }
    }
  }
  return { missing, noExample, checked };
}

test('every export and public member has its own doc comment; every function and class an example', { timeout: 60_000 }, () => {
  const { missing, noExample, checked } = undocumented();
  expect(missing, 'without a doc comment of their own').toEqual([]);
  expect(noExample, 'functions and classes without an @example').toEqual([]);
  expect(checked['@tapegrad/core']).toBeGreaterThan(90);
  expect(checked['@tapegrad/nn']).toBeGreaterThan(60);
});
