import { defineConfig } from 'tsup';

export default defineConfig({
  // The recorder worker is its own entry: the storage writes run on a worker thread from dist/recorder-worker.js.
  entry: { index: 'src/index.ts', 'recorder-worker': 'src/storage/recorder-worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // tsconfig.build.json: without decorator metadata, which esbuild cannot emit (see tooling/tsconfig/build.json).
  tsconfig: 'tsconfig.build.json',
  // __dirname in the ESM build (to find the worker script beside the bundle).
  shims: true,
});
