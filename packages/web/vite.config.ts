import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard is served by `llm-eval serve` at /, next to the API at /api/v1: in development, `vite` proxies the
// API to a running `llm-eval serve` (LLM_EVAL_API, default http://127.0.0.1:3100).
const api = process.env.LLM_EVAL_API ?? 'http://127.0.0.1:3100';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    // No source maps in the published package: they would double its size for no user's benefit.
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': { target: api, ws: true } },
  },
});
