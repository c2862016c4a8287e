import { buildExport, exportItem, exportRunBlock, type ExportItemSource, type ExportRunSource } from './build-export';

const RUN: ExportRunSource = {
  id: '5b0e7c1e-3f0a-4c55-9a57-0f1b8d7e2a10',
  name: 'stored',
  status: 'cancelled',
  statusReason: 'test cancel',
  datasetName: 'geo',
  createdAt: new Date('2026-11-03T09:00:00.017Z'),
  startedAt: new Date('2026-11-03T09:00:01.001Z'),
  completedAt: null,
  startTime: new Date('2026-11-03T09:00:01.001Z'),
  endTime: new Date('2026-11-03T09:00:03.211Z'),
  durationSeconds: 2.21,
  successRate: 0.5,
  metricNames: ['exact_match'],
  metricStats: {},
};

const ITEM: ExportItemSource = {
  itemId: 'q1',
  status: 'completed',
  input: 'in',
  expected: 'out',
  output: 'out',
  errorType: null,
  errorMessage: null,
  responseTime: 0.456,
  tokensUsed: null,
  cost: null,
  scores: { exact_match: 1 },
  metadata: null,
  startedAt: new Date('2026-11-03T09:00:01.001Z'),
  completedAt: new Date('2026-11-03T09:00:01.457Z'),
  sequenceNumber: 4,
  traceId: 'trace-1',
};

describe('exportRunBlock', () => {
  it("keeps a stored run's status reason and its own timestamps, null where it has none", () => {
    expect(exportRunBlock(RUN)).toMatchObject({
      status: 'cancelled',
      status_reason: 'test cancel',
      created_at: '2026-11-03T09:00:00.017+00:00',
      started_at: '2026-11-03T09:00:01.001+00:00',
      completed_at: null,
    });
  });

  it('writes no timestamps for a source without its own (an in-memory result) and no empty reason', () => {
    const { createdAt: _c, startedAt: _s, completedAt: _e, ...inMemory } = RUN;
    const block = exportRunBlock({ ...inMemory, statusReason: null });
    for (const key of ['created_at', 'started_at', 'completed_at', 'status_reason']) expect(block).not.toHaveProperty(key);
  });

  it("leaves the Python format's fields as they were: start_time and end_time stay timestamps", () => {
    const doc = buildExport(RUN, [ITEM]);
    expect(doc).toMatchObject({ start_time: '2026-11-03T09:00:01.001+00:00', end_time: '2026-11-03T09:00:03.211+00:00', duration: 2.21 });
    expect(Object.keys(doc)).toEqual(['dataset_name', 'run_name', 'start_time', 'end_time', 'duration', 'total_items', 'success_rate', 'metrics', 'metric_stats', 'results', 'errors', 'llm_eval']);
  });
});

describe('exportItem', () => {
  it('adds completion time (milliseconds), sequence number and trace id after the Python fields of a result', () => {
    const { ok } = exportItem(ITEM);
    expect(Object.keys(ok!).slice(0, 4)).toEqual(['output', 'scores', 'success', 'time']);
    expect(ok).toMatchObject({ started_at: '2026-11-03T09:00:01.001+00:00', completed_at: '2026-11-03T09:00:01.457+00:00', sequence_number: 4, trace_id: 'trace-1' });
    expect(ok).not.toHaveProperty('error_type');
  });

  it("keeps a failed item's output, scores, usage, reasons, attempts, times and trace id in its failure details", () => {
    const failed = exportItem({
      ...ITEM,
      status: 'failed',
      errorType: 'TypeError',
      errorMessage: 'no answer',
      tokensUsed: 7,
      cost: 0.0003,
      scores: { judge: { error: 'timed out' } },
      metadata: { kind: 'x', attempts: 3, metric_reasons: { judge: 'why' } },
    });
    expect(failed.error).toBe('TypeError: no answer');
    expect(failed.failed).toMatchObject({
      output: 'out',
      scores: { judge: { error: 'timed out' } },
      tokens_used: 7,
      cost: 0.0003,
      metadata: { kind: 'x' },
      reasons: { judge: 'why' },
      attempts: 3,
      completed_at: '2026-11-03T09:00:01.457+00:00',
      sequence_number: 4,
      trace_id: 'trace-1',
    });
  });

  it("keeps metadata under the evaluator's keys that is not the evaluator's (attempts 0, reasons as a list) in the metadata", () => {
    const { ok } = exportItem({ ...ITEM, metadata: { attempts: 0, metric_reasons: ['a'] } });
    expect(ok).toMatchObject({ metadata: { attempts: 0, metric_reasons: ['a'] } });
    expect(ok).not.toHaveProperty('attempts');
    expect(ok).not.toHaveProperty('reasons');
  });
});
