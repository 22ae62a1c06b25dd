import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index.ts') => fileURLToPath(new URL(`./packages/${pkg}/src/${entry}`, import.meta.url));

// Tests import the packages by name and run against their TypeScript sources, so `pnpm test`
// needs no build; `pnpm typecheck` (run first by `pnpm test`) builds and checks the same code.
export default defineConfig({
  resolve: {
    alias: {
      '@tapegrad/core': src('core'),
      // Before '@tapegrad/nn', which would otherwise match its subpath.
      '@tapegrad/nn/node': src('nn', 'node/index.ts'),
      '@tapegrad/nn': src('nn'),
      '@tapegrad/examples': src('examples'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 30_000,
  },
});
