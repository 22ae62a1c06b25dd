/**
 * The lab's Vite configuration. `base: './'` makes every asset path relative, so the built site
 * (`pnpm lab:build`, into packages/lab/dist) works from any static file server and any folder.
 * The workspace packages are resolved as a user's project resolves them: through their links in
 * node_modules and their `exports`, to their build (`pnpm build` makes it first).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
