import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initializeDatabase } from '@llm-eval/storage';
import { DATABASE_KINDS, useEmptyDatabase } from '@llm-eval/test-databases';
import { migrateFromEvaluationResult, parseExportText, RunExportChunks, type EvaluationExport } from '../src';

// Importing a Python export recomputes metric_stats and success_rate from the items (the stored statistics are the
// items'), but said nothing when the file's own said otherwise (a mean of 0.9 where the items give 0.5 became 0.5 without
// a word), dropped keys llm-eval does not write ("median"), and exported even agreeing values otherwise than the file
// wrote them (0.9266666666666666 came back as 0.9266666666666667: the recomputation sums in another order).

const SAMPLE = path.join(__dirname, 'fixtures', 'python-export-sample.json');
const sampleText = () => readFileSync(SAMPLE, 'utf8');

describe.each(DATABASE_KINDS)('the statistics a Python export states, imported and exported again, on %s', (kind) => {
  const database = useEmptyDatabase(kind);

  async function roundTrip(text: string) {
    const warnings: string[] = [];
    const data = parseExportText(text, { format: 'json', name: 'run.json' });
    const runId = await migrateFromEvaluationResult(data, { databaseUrl: database.url, allowDuplicate: true, onWarning: (w) => warnings.push(w) });
    const db = await initializeDatabase({ url: database.url });
    try {
      const run = await db.runs.requireRun(runId);
      const firstPage = await db.runs.listItems(runId, { limit: 1000 });
      let out = '';
      for await (const chunk of new RunExportChunks('json', { runs: db.runs, run, firstPage }).chunks()) out += chunk.toString();
      return { run, warnings, exported: JSON.parse(out) as EvaluationExport & Record<string, any> };
    } finally {
      await db.close();
    }
  }

  it('exports the values the file wrote where the items agree within floating-point noise, and warns of nothing', async () => {
    const { warnings, exported, run } = await roundTrip(sampleText());
    expect(warnings).toEqual([]);
    const file = JSON.parse(sampleText());
    expect(exported.metric_stats).toEqual(file.metric_stats);
    expect(exported.metric_stats.answer_relevancy!.mean).toBe(0.9266666666666666);
    expect(exported.metric_stats.answer_relevancy!.std).toBe(0.04509249752822893);
    expect(exported.success_rate).toBe(0.8);
    // The stored statistics are the items' own.
    expect(run.metrics.find((m) => m.metricName === 'answer_relevancy')!.mean).toBeCloseTo(0.9266666666666666, 12);
    // The kept values are the import's bookkeeping, not the run's configuration; only those the items give otherwise.
    expect(exported.llm_eval!.config).toBeUndefined();
    expect(run.config!.importedStatistics).toEqual({ metric_stats: { answer_relevancy: { mean: 0.9266666666666666, std: 0.04509249752822893 } } });
  });

  it('warns, once for the file, of each statistic the items disagree with, naming the metric, the stat and both values; exports the stored ones', async () => {
    const file = JSON.parse(sampleText());
    file.metric_stats.exact_match.mean = 0.9;
    file.metric_stats.contains.max = 0.5;
    file.success_rate = 0.9;
    const { warnings, exported, run } = await roundTrip(JSON.stringify(file));
    expect(warnings).toEqual([
      'the export\'s statistics disagree with its items, and llm-eval stores (and exports) the statistics of the items: ' +
        '"success_rate" is 0.9 in the export, stored 0.8; metric_stats.exact_match.mean is 0.9 in the export, stored 0.5; ' +
        'metric_stats.contains.max is 0.5 in the export, stored 1',
    ]);
    expect(run.successRate).toBe(0.8);
    expect(exported.success_rate).toBe(0.8);
    expect(exported.metric_stats.exact_match!.mean).toBe(0.5);
    expect(exported.metric_stats.contains!.max).toBe(1);
  });

  it('keeps the keys llm-eval does not compute ("median", …) and exports them back', async () => {
    const file = JSON.parse(sampleText());
    file.metric_stats.exact_match.median = 0.5;
    file.metric_stats.exact_match.histogram = { bins: [2, 2] };
    const { warnings, exported } = await roundTrip(JSON.stringify(file));
    expect(warnings).toEqual([]);
    expect(exported.metric_stats.exact_match).toEqual({ ...file.metric_stats.exact_match });
    expect(Object.keys(exported.metric_stats.exact_match!)).toEqual(['mean', 'std', 'min', 'max', 'success_rate', 'median', 'histogram']);
  });

  it('exports what it wrote the same way when that is imported again', async () => {
    const file = JSON.parse(sampleText());
    file.metric_stats.exact_match.median = 0.5;
    const first = await roundTrip(JSON.stringify(file));
    const second = await roundTrip(JSON.stringify(first.exported));
    expect(second.warnings).toEqual([]);
    expect(second.exported.metric_stats).toEqual(file.metric_stats);
    expect(second.exported.success_rate).toBe(0.8);
  });

  it("leaves a run's own config key of that name alone when the run was not imported", async () => {
    const db = await initializeDatabase({ url: database.url });
    try {
      const mine = { note: 'my own key', success_rate: 1, metric_stats: { exact_match: { median: 42 } } };
      const { id } = await db.runs.importRun(
        { name: 'own key', status: 'completed', metricsUsed: ['exact_match'], config: { temperature: 0.3, importedStatistics: mine } },
        [{ itemId: 'a', status: 'completed', scores: { exact_match: 0 } }],
      );
      const run = await db.runs.requireRun(id);
      const firstPage = await db.runs.listItems(id, { limit: 10 });
      let out = '';
      for await (const chunk of new RunExportChunks('json', { runs: db.runs, run, firstPage }).chunks()) out += chunk.toString();
      const exported = JSON.parse(out) as EvaluationExport & Record<string, any>;
      expect(exported.llm_eval!.config).toEqual({ temperature: 0.3, importedStatistics: mine });
      expect(exported.metric_stats.exact_match).not.toHaveProperty('median');
      expect(exported.metric_stats.exact_match!.mean).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('names the metrics of metric_stats the run does not have, which are not exported', async () => {
    const file = JSON.parse(sampleText());
    file.metric_stats.bleu = { mean: 0.4, std: 0.1, min: 0.3, max: 0.5, success_rate: 1 };
    const { warnings, exported } = await roundTrip(JSON.stringify(file));
    expect(warnings).toEqual(['"metric_stats" has statistics of "bleu", which the run does not have (not in "metrics", no item scored), so they are not exported']);
    expect(Object.keys(exported.metric_stats)).toEqual(['exact_match', 'contains', 'answer_relevancy']);
  });
});
