import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index.ts') => fileURLToPath(new URL(`./packages/${pkg}/src/${entry}`, import.meta.url));

// The suite runs once per backend, each a vitest project named after it: the whole suite on 'js',
// the reference kernels, and the op, gradient, property and fixture tests on every other backend.
const BACKENDS = ['js', 'wasm'];
const PER_BACKEND = ['test/core/**/*.test.ts', 'test/nn/**/*.test.ts', 'test/properties/**/*.test.ts'];

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
    projects: BACKENDS.map((name, i) => ({
      extends: true,
      test: {
        name,
        include: i === 0 ? ['test/**/*.test.ts'] : PER_BACKEND,
        // The reruns on other backends share each worker's modules between files (no per-file
        // reload): the suite stays within its time budget, and the first run keeps every file apart.
        isolate: i === 0,
        env: { TAPEGRAD_BACKEND: name },
        setupFiles: ['test/setup/backend.ts'],
      },
    })),
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 30_000,
  },
});
