import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);

// The libraries are loaded lazily and as CommonJS: TypeORM's CommonJS entry loads in about half the time of its
// ES-module wrapper (≈120 ms against ≈200 ms here), and loading every @llm-eval package through one module system
// keeps a single copy of the entity classes, which TypeORM's metadata needs.

/** @llm-eval/storage */
export const storage = () => requireCjs('@llm-eval/storage') as typeof import('@llm-eval/storage');
/** @llm-eval/search */
export const search = () => requireCjs('@llm-eval/search') as typeof import('@llm-eval/search');
/** @llm-eval/evaluator */
export const evaluator = () => requireCjs('@llm-eval/evaluator') as typeof import('@llm-eval/evaluator');
/** @llm-eval/server (Fastify and every route: only `llm-eval serve` loads it) */
export const server = () => requireCjs('@llm-eval/server') as typeof import('@llm-eval/server');
/** @llm-eval/web (where the built dashboard's files are: only `llm-eval serve` loads it) */
export const web = () => requireCjs('@llm-eval/web') as typeof import('@llm-eval/web');
/** @llm-eval/queue (BullMQ and a Redis client: only worker, evaluate --queue, queue status and runs cancel --queue load it) */
export const queue = () => requireCjs('@llm-eval/queue') as typeof import('@llm-eval/queue');
