import { EvaluationRun } from '@llm-eval/models';
import { dialectOf, runColumnsSql, runRecordFromRow, toRunRecord, type RunRecord, type RunRow } from '../src';
import { DATABASE_KINDS, useMigratedDatabase } from './databases';

// Text neither database holds as it is (NUL, lone surrogates), the encoding's escape character, and emoji.
const HOSTILE = [
  'nul\u0000inside',
  'lone \uD800 high',
  'lone \uDC00 low',
  'escape \uFDD0 and \uFDD00000',
  'emoji 😀 pair',
  "'; DROP TABLE evaluation_runs; --",
];

describe.each(DATABASE_KINDS)('runs read as raw rows on %s', (kind) => {
  const handle = useMigratedDatabase(kind);

  it('build the same records, key for key and in the same key order, as the entity path', async () => {
    const runs = handle.db.runs;
    await runs.createRun({ name: 'minimal' });
    await runs.createRun({
      name: `hostile ${HOSTILE[0]}`,
      description: HOSTILE.join(' | '),
      status: 'completed',
      projectId: 'rows',
      datasetName: `data ${HOSTILE[1]}`,
      modelName: `model ${HOSTILE[3]}`,
      modelVersion: HOSTILE[4],
      taskType: 'qa',
      metricsUsed: ['accuracy', `m ${HOSTILE[2]}`],
      metricConfigs: { accuracy: { pattern: HOSTILE[3] } },
      config: { [HOSTILE[0]!]: HOSTILE, nested: { n: 1.5, big: 2 ** 53, none: null } },
      environment: { note: HOSTILE[4], list: [] },
      tags: HOSTILE.map((t, i) => `tag${i} ${t}`),
      createdBy: `user ${HOSTILE[5]}`,
      createdAt: new Date('2025-01-02T03:04:05.678Z'),
      startedAt: new Date('2025-01-02T03:04:05.000Z'),
      completedAt: new Date('2025-01-02T03:05:06.789Z'),
      durationSeconds: 61.789,
      totalItems: 10,
      successfulItems: 7,
      failedItems: 3,
      successRate: 0.7,
      avgResponseTime: 0.25,
      minResponseTime: 0.001,
      maxResponseTime: 1.5,
      totalTokens: 1234,
      totalCost: 0.0042,
      statusReason: `reason ${HOSTILE[1]}`,
    });
    // A running run whose writer went silent long ago reads as abandoned on both paths.
    await runs.createRun({
      name: 'silent writer',
      status: 'running',
      writerHost: 'another-host.invalid',
      writerPid: 4242,
      heartbeatAt: new Date('2020-01-01T00:00:00.000Z'),
    });
    await runs.createRun({ name: 'live writer', status: 'running', writerHost: 'another-host.invalid', writerPid: 1, heartbeatAt: new Date() });

    const dataSource = handle.db.dataSource;
    const dialect = dialectOf(dataSource);
    const entities = await dataSource.getRepository(EvaluationRun).find({ order: { name: 'ASC' } });
    const rows: RunRow[] = await dataSource.query(
      `SELECT ${runColumnsSql(dialect, 'r')} FROM "evaluation_runs" "r" ORDER BY "r"."name" ASC`,
    );
    expect(rows).toHaveLength(4);
    const now = new Date();
    const fromRows = rows.map((row) => runRecordFromRow(row, dialect, now));
    const fromEntities: RunRecord[] = entities.map(toRunRecord);
    expect(fromRows).toStrictEqual(fromEntities);
    fromRows.forEach((record, i) => expect(Object.keys(record)).toEqual(Object.keys(fromEntities[i]!)));
    expect(fromRows.map((r) => r.status)).toEqual(['completed', 'running', 'running', 'abandoned']);
    const hostile = fromRows[0]!;
    expect(hostile.description).toBe(HOSTILE.join(' | '));
    expect(hostile.createdAt).toEqual(new Date('2025-01-02T03:04:05.678Z'));
    expect(hostile.config).toEqual({ [HOSTILE[0]!]: HOSTILE, nested: { n: 1.5, big: 2 ** 53, none: null } });
  });
});
