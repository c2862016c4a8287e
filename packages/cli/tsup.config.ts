import { defineConfig } from 'tsup';

// The CLI is an ESM program: `bin.js` starts it; command handlers import heavy modules lazily (split chunks),
// so `llm-eval --help` loads no database code.
export default defineConfig({
  entry: { bin: 'src/bin.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { cli: 'src/cli.ts' } },
  clean: true,
  sourcemap: true,
  splitting: true,
  target: 'node20',
  // tsconfig.build.json: without decorator metadata, which esbuild cannot emit (see tooling/tsconfig/build.json).
  tsconfig: 'tsconfig.build.json',
  // yargs is ~40 ES modules; loading them one by one was half of `llm-eval --help`. Bundled, it is one file.
  noExternal: ['yargs', 'cli-table3', '@colors/colors', 'is-fullwidth-code-point', 'yargs-parser', 'cliui', 'y18n', 'escalade', 'get-caller-file', 'string-width', 'strip-ansi', 'wrap-ansi', 'ansi-regex', 'ansi-styles', 'emoji-regex', 'eastasianwidth', 'picocolors'],
  banner: { js: "import { createRequire as __llmEvalCreateRequire } from 'node:module'; const require = __llmEvalCreateRequire(import.meta.url);" },
});
