import type { CommandModule } from 'yargs';
import type { GlobalOptions } from '../global-options';
import { redactSecrets } from '../access/redact-secrets';
import { withExistingDatabase } from '../database';
import { handle } from '../handle';
import { colors } from '../output/color';
import { day } from '../output/format';
import { compactValue } from '../output/format';
import { lineChart } from '../output/line-chart';
import { print, printJson } from '../output/print';
import { parseWhen } from './parse-when';
import { search } from '../libraries';
import { CliError } from '../errors';
import { useTimeZone, withTimeZoneOption } from '../time-zone';

interface Args extends GlobalOptions {
  metric: string;
  project?: string;
  dataset?: string;
  model?: string;
  since: string;
  bucket: 'day' | 'week';
  tz?: string;
}

/** `llm-eval runs trend <metric>` */
export const runsTrendCommand: CommandModule<GlobalOptions, Args> = {
  command: 'trend <metric>',
  describe: "Chart a metric's mean over completed runs per day or week (success_rate works too)",
  builder: (y) =>
    withTimeZoneOption(y)
      .positional('metric', { type: 'string', demandOption: true, describe: 'Metric name, or success_rate' })
      .option('project', { type: 'string', describe: 'Project id' })
      .option('dataset', { type: 'string', describe: 'Dataset name' })
      .option('model', { type: 'string', describe: 'Model name' })
      .option('since', { type: 'string', default: '30d', describe: 'From this past date or age (2026-11-01, today, yesterday, an ISO time, 30d, 12w, 6mo)' })
      .option('bucket', { type: 'string', choices: ['day', 'week'] as const, default: 'day' as const, describe: 'Bucket size (days of the --tz zone; weeks start Monday)' })
      .example('$0 runs trend exact_match --project demo --since 12w --bucket week', '')
      .example('$0 runs trend success_rate --model gpt-4o-mini --json', '')
      .epilogue('--json prints { metric, bucket, points: [{ bucket, mean, min, max, runs }], warnings } (bucket = its first day, a date of the --tz zone; warnings: a metric no run has, with the closest stored name).'),
  handler: handle<Args>(async (argv) => {
    if (argv.metric.trim() === '') throw new CliError(`runs trend needs a metric name (or success_rate); ${JSON.stringify(argv.metric)} names none (e.g. llm-eval runs trend exact_match).`, 2);
    const zone = useTimeZone(argv.tz);
    const since = parseWhen(argv.since, 'since', 'lower-bound');
    const { points, warnings } = await withExistingDatabase(argv, async (db) => {
      const { RunSearchEngine } = search();
      const engine = new RunSearchEngine(db);
      const trend = await engine.getMetricTrend({
        metric: argv.metric,
        projectId: argv.project,
        datasetName: argv.dataset,
        modelName: argv.model,
        since,
        bucket: argv.bucket,
        timeZone: zone,
      });
      // Only an empty trend can be a misspelt metric's: a stored metric always has runs somewhere.
      return { points: trend, warnings: trend.length === 0 ? await engine.trendMetricWarnings(argv.metric) : [] };
    });
    // The metric and the notes quoting it repeat what was typed: a token pasted as the metric is cut to its prefix, as
    // the API's /trends cuts it.
    const metric = redactSecrets(argv.metric);
    if (argv.json) {
      return printJson({
        metric,
        bucket: argv.bucket,
        points: points.map((p) => ({ bucket: day(p.bucket), mean: p.mean, min: p.min, max: p.max, runs: p.runs })),
        warnings: warnings.map(redactSecrets),
      });
    }
    if (points.length === 0) {
      // A metric no run has is a typo, not an empty range: say so, with the stored spelling it is closest to.
      if (warnings.length > 0) return warnings.forEach((warning) => print(`Note: ${redactSecrets(warning)}`));
      return print(`No completed runs with ${metric} in that range.`);
    }
    const c = colors(argv.color);
    const runs = points.reduce((n, p) => n + p.runs, 0);
    const scope = redactSecrets(
      [argv.project && `project ${argv.project}`, argv.dataset && `dataset ${argv.dataset}`, argv.model && `model ${argv.model}`].filter(Boolean).join(', '),
    );
    print(c.bold(`${metric}: ${argv.bucket === 'day' ? 'daily' : 'weekly'} mean of completed runs${scope ? ` (${scope})` : ''}`));
    // The buckets are dates of the zone already (as UTC midnights); `since` is an instant, shown as the zone's date.
    print(c.gray(`${points.length} ${argv.bucket}(s) of ${zone}, ${runs} run(s) since ${day(since, zone)}`));
    print();
    print(await lineChart(points.map((p) => ({ label: day(p.bucket), value: p.mean })), { height: 10 }));
    print();
    const means = points.map((p) => p.mean);
    const last = points[points.length - 1]!;
    print(`min ${compactValue(Math.min(...means))}   max ${compactValue(Math.max(...means))}   last ${compactValue(last.mean)} (${day(last.bucket)}, ${last.runs} run(s))`);
  }),
};
