import { defineConfig } from 'tsup';

export default defineConfig({
  // limits.ts: `@llm-eval/storage/limits`, importing nothing, for code that must not load the database stack.
  entry: ['src/index.ts', 'src/limits.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // tsconfig.build.json: without decorator metadata, which esbuild cannot emit (see tooling/tsconfig/build.json).
  tsconfig: 'tsconfig.build.json',
  // __filename in the ESM build (the background checkpointer resolves the SQLite driver from here).
  shims: true,
});
