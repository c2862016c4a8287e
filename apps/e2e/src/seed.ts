import { initializeDatabase, type ItemInput } from '@llm-eval/storage';

/** The runs every dashboard test can count on (tests that change data make their own runs). */
export const SEED = {
  baseline: 'alpha-baseline',
  candidate: 'alpha-candidate',
  beta: 'beta-nightly',
  failed: 'alpha-broken',
  /** Items of the baseline/candidate pair. */
  pairItems: 120,
  /** Items whose f1 the candidate makes worse (q-000 … q-014): the regressions. */
  regressed: 15,
  /** Items whose f1 the candidate makes better (q-015 … q-074). */
  improved: 60,
} as const;

const DAY = 86_400_000;
const pad = (i: number) => String(i).padStart(3, '0');

function pairItems(candidate: boolean): ItemInput[] {
  return Array.from({ length: SEED.pairItems }, (_, i) => {
    const base = 0.5 + ((i * 37) % 40) / 100; // 0.50 … 0.89
    const f1 = !candidate ? base : i < SEED.regressed ? base - 0.3 : i < SEED.regressed + SEED.improved ? Math.min(1, base + 0.1) : base;
    const failed = i % 40 === 39;
    const answer = `The capital of country ${i} is City ${i}.`;
    const scores: ItemInput['scores'] = failed ? {} : { exact_match: !(candidate && i < SEED.regressed), f1: Number(f1.toFixed(3)) };
    return {
      itemId: `q-${pad(i)}`,
      input: { question: `What is the capital of country ${i}?`, context: { region: i % 2 ? 'north' : 'south' } },
      expectedOutput: `City ${i}`,
      actualOutput: failed ? null : candidate && i < SEED.regressed ? `I think the capital of country ${i} is Town ${i + 1}.` : answer,
      status: failed ? ('failed' as const) : ('completed' as const),
      errorMessage: failed ? 'model timed out after 30 s' : null,
      errorType: failed ? 'TimeoutError' : null,
      responseTime: 0.2 + ((i * 13) % 50) / 25,
      tokensUsed: 40 + (i % 17),
      cost: 0.0004,
      scores,
    };
  });
}

/** Fills a fresh database with the seed runs (two projects, a comparable pair, a failed run) on several days. */
export async function seedDatabase(url: string): Promise<void> {
  const db = await initializeDatabase({ url });
  try {
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
    const common = { datasetName: 'capitals-120', metricsUsed: ['exact_match', 'f1'], status: 'completed' as const };
    await db.runs.importRun(
      {
        ...common,
        name: SEED.baseline,
        projectId: 'alpha',
        modelName: 'gpt-4o',
        tags: ['baseline', 'nightly'],
        description: 'The production prompt',
        config: { temperature: 0, prompt: 'Answer with the city only.' },
        environment: { node: '20.20.2', host: 'ci-1' },
        createdAt: at(3),
        startedAt: at(3),
        completedAt: new Date(at(3).getTime() + 95_000),
        durationSeconds: 95,
      },
      pairItems(false),
    );
    await db.runs.importRun(
      {
        ...common,
        name: SEED.candidate,
        projectId: 'alpha',
        modelName: 'gpt-4o-mini',
        tags: ['candidate'],
        createdAt: at(1),
        startedAt: at(1),
        completedAt: new Date(at(1).getTime() + 61_000),
        durationSeconds: 61,
      },
      pairItems(true),
    );
    await db.runs.importRun(
      {
        name: SEED.beta,
        projectId: 'beta',
        datasetName: 'summaries-30',
        modelName: 'claude-sonnet',
        metricsUsed: ['rouge_l'],
        status: 'completed',
        tags: ['nightly'],
        createdAt: at(2),
        startedAt: at(2),
        completedAt: new Date(at(2).getTime() + 30_000),
        durationSeconds: 30,
      },
      Array.from({ length: 30 }, (_, i) => ({
        itemId: `s-${pad(i)}`,
        input: `Summarise document ${i}`,
        actualOutput: `Summary ${i}`,
        expectedOutput: `Reference summary ${i}`,
        status: 'completed' as const,
        responseTime: 1 + i / 10,
        scores: { rouge_l: 0.3 + (i % 10) / 20 },
      })),
    );
    await db.runs.importRun(
      {
        name: SEED.failed,
        projectId: 'alpha',
        datasetName: 'capitals-120',
        modelName: 'gpt-4o',
        metricsUsed: ['exact_match'],
        status: 'failed',
        createdAt: at(5),
        startedAt: at(5),
        completedAt: new Date(at(5).getTime() + 5_000),
        durationSeconds: 5,
      },
      Array.from({ length: 5 }, (_, i) => ({
        itemId: `q-${pad(i)}`,
        input: { question: `q${i}` },
        status: 'failed' as const,
        errorMessage: 'rate limited (429)',
        errorType: 'RateLimitError',
        scores: {},
      })),
    );
  } finally {
    await db.close();
  }
}
