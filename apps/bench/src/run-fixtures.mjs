// Realistic evaluation runs spread over projects, statuses, datasets, models and a year of creation times.
import { randomUUID } from 'node:crypto';
import { pick, seededRandom } from './random.mjs';

export const PROJECT_COUNT = 20;
const KINDS = ['nightly', 'ci', 'adhoc', 'regression', 'sweep', 'canary'];
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'llama-3-70b', 'mistral-large', 'gemini-1.5-pro', 'qwen2-72b'];
const DATASETS = [
  'qa-capitals', 'math-gsm8k', 'code-humaneval', 'summarize-cnn', 'toxicity-check', 'translate-de-en', 'mmlu-physics',
  'rag-support-faq',
];
const USERS = ['alice', 'bob', 'carol', 'dave', 'ci-bot'];
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Weighted run status: mostly completed, some failed/cancelled, a few still running. */
function status(random) {
  const r = random();
  if (r < 0.72) return 'completed';
  if (r < 0.87) return 'failed';
  if (r < 0.95) return 'cancelled';
  return 'running';
}

/** 'YYYY-MM-DD HH:MM:SS.SSS' in UTC, the format TypeORM writes SQLite datetime columns in. */
export function sqliteDatetime(date) {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Project ids `project-0` .. `project-19`. */
export function projectIds() {
  return Array.from({ length: PROJECT_COUNT }, (_, i) => `project-${i}`);
}

/**
 * `count` runs as plain objects with snake_case fields (Date values for timestamps). About 1 in 1,000 has the rare
 * word "hotfix" in its description; every dataset name is also part of the run name ("... qa-capitals run 123").
 */
export function makeRuns(count, { seed = 7, now = Date.now() } = {}) {
  const random = seededRandom(seed);
  const runs = new Array(count);
  for (let i = 0; i < count; i++) {
    const model = pick(random, MODELS);
    const dataset = pick(random, DATASETS);
    const kind = pick(random, KINDS);
    const createdAt = new Date(now - Math.floor(random() * YEAR_MS));
    const duration = Math.round(random() * 3600 * 100) / 100;
    const total = 50 + Math.floor(random() * 950);
    const failed = Math.floor(total * random() * 0.1);
    const successful = total - failed;
    const hotfix = random() < 0.001;
    runs[i] = {
      id: randomUUID(),
      run_key: i + 1, // items name their run by it; seeding numbers the runs after those a database holds
      name: `${kind} ${model} ${dataset} run ${i}`,
      description: hotfix ? `Re-run after the tokenizer hotfix on ${dataset}` : `Scheduled ${kind} evaluation of ${model}`,
      status: status(random),
      project_id: `project-${Math.floor(random() * PROJECT_COUNT)}`,
      dataset_name: dataset,
      model_name: model,
      model_version: `2024-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`,
      task_type: 'qa',
      metrics_used: '["accuracy","exact_match"]',
      tags: '[]',
      created_by: pick(random, USERS),
      created_at: createdAt,
      updated_at: new Date(createdAt.getTime() + duration * 1000),
      duration_seconds: duration,
      total_items: total,
      successful_items: successful,
      failed_items: failed,
      success_rate: successful / total,
      avg_response_time: Math.round((0.3 + random() * 2) * 1000) / 1000,
      total_tokens: total * 120,
      total_cost: Math.round(total * 120 * 0.000002 * 1e6) / 1e6,
    };
  }
  return runs;
}

/** Columns of the seeded evaluation_runs rows, in the order of runRow. */
export const RUN_COLUMNS = [
  'id', 'run_key', 'name', 'description', 'status', 'project_id', 'dataset_name', 'model_name', 'model_version', 'task_type',
  'metrics_used', 'tags', 'created_by', 'created_at', 'updated_at', 'duration_seconds', 'total_items',
  'successful_items', 'failed_items', 'success_rate', 'avg_response_time', 'total_tokens', 'total_cost',
];

/** A run as bound parameters in RUN_COLUMNS order; `timestamp` converts the Date fields for the driver. */
export function runRow(run, timestamp) {
  return RUN_COLUMNS.map((c) => (run[c] instanceof Date ? timestamp(run[c]) : run[c]));
}
