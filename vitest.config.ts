import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests import the packages by name and run against their TypeScript sources, so `pnpm test`
// needs no build; `pnpm typecheck` (run first by `pnpm test`) builds and checks the same code.
export default defineConfig({
  resolve: {
    alias: {
      '@tapegrad/core': src('core'),
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
