import { defineConfig } from 'tsup';

// Only the Node entry (where the built dashboard is); the dashboard itself is built by Vite into dist/app.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  shims: true,
});
