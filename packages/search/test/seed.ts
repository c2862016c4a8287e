import type { Database, RunRecord } from '@llm-eval/storage';

/** Fixed "now" of every search test: Friday 2026-11-27 15:00 UTC. */
export const NOW = new Date('2026-11-27T15:00:00Z');
const DAY = 86_400_000;

/** What a seeded run looks like, so tests can compute expected answers with plain predicates. */
export interface SeedRun {
  name: string;
  project: string;
  dataset: string;
  model: string;
  status: 'completed' | 'failed' | 'running' | 'cancelled';
  daysAgo: number;
  /** 0, 0.2, … 1 (five items). */
  successRate: number;
  durationSeconds: number;
  avgResponseTime: number;
  tags: string[];
  accuracy: number;
  exactMatch: number;
}

const models = ['gpt-4o', 'llama-3-70b', 'claude-3-5-sonnet'];
const datasets = ['qa-capitals', 'gsm8k', 'summaries'];
const projects = ['demo', 'prod'];
const statuses = ['completed', 'completed', 'failed', 'completed', 'running', 'cancelled'] as const;

/** 36 runs spread over ~70 days with varied fields. */
export const SEED: SeedRun[] = Array.from({ length: 36 }, (_, i) => ({
  name: `${i % 4 === 0 ? 'nightly ' : ''}${models[i % 3]} on ${datasets[i % 3 === 0 ? 0 : (i >> 1) % 3]} #${i}`,
  project: projects[i % 2]!,
  dataset: datasets[i % 3 === 0 ? 0 : (i >> 1) % 3]!,
  model: models[i % 3]!,
  status: statuses[i % statuses.length]!,
  daysAgo: i * 2 + 0.25,
  successRate: (i % 6) / 5 > 1 ? 1 : (i % 6) / 5,
  durationSeconds: 10 + ((i * 37) % 400),
  avgResponseTime: 0.2 + ((i * 13) % 30) / 10,
  tags: i % 4 === 0 ? ['nightly'] : i % 5 === 0 ? ['adhoc', 'v2'] : ['v1'],
  accuracy: ((i * 7) % 11) / 10,
  exactMatch: ((i * 3) % 5) / 4,
}));

/** Stores the seed runs (each with five items producing its success rate, response time and metric means). */
export async function seed(db: Database): Promise<Array<RunRecord & { seed: SeedRun }>> {
  const out: Array<RunRecord & { seed: SeedRun }> = [];
  for (const s of SEED) {
    const passed = Math.round(s.successRate * 5);
    const created = new Date(NOW.getTime() - s.daysAgo * DAY);
    const run = await db.runs.importRun(
      {
        name: s.name,
        projectId: s.project,
        datasetName: s.dataset,
        modelName: s.model,
        status: s.status,
        createdAt: created,
        startedAt: created,
        durationSeconds: s.durationSeconds,
        tags: s.tags,
        metricsUsed: ['accuracy', 'exact_match'],
        createdBy: s.project === 'demo' ? 'ana@example.com' : 'bo@example.com',
      },
      Array.from({ length: 5 }, (_, k) => ({
        itemId: `q${k}`,
        status: k < passed ? ('completed' as const) : ('failed' as const),
        responseTime: s.avgResponseTime,
        scores: k < passed ? { accuracy: s.accuracy, exact_match: s.exactMatch } : ({} as Record<string, number>),
        actualOutput: k === 0 ? 'Paris is the capital' : `answer ${k}`,
        errorMessage: k < passed ? null : 'Request timeout after 30s',
      })),
    );
    out.push({ ...run, seed: s });
  }
  return out;
}
