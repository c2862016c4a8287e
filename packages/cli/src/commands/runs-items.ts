import type { CommandModule } from 'yargs';
import type { ItemRecord } from '@llm-eval/storage';
import type { GlobalOptions } from '../global-options';
import { redactSecrets } from '../access/redact-secrets';
import { withExistingDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { numeric } from '../numeric-option';
import { colors } from '../output/color';
import { seconds } from '../output/format';
import { compactScores, itemIdText, oneLine } from '../output/item-cells';
import { note, print, printJson } from '../output/print';
import { printUnderstood, withQueryCaret } from '../output/query-notes';
import { renderTable } from '../output/table';
import { search } from '../libraries';
import { queryWords } from '../query-words';
import { moreHint } from '../output/more-hint';

interface Args extends GlobalOptions {
  run: string;
  query?: string[];
  limit: number;
  cursor?: string;
}

const HEAD = ['id', 'status', 'output', 'expected', 'scores', 'time', 'error'];

/** The item's own error, else why its metrics errored ("broken: Error: key missing"; --json: scores.<metric>.error). */
function errorCell(item: ItemRecord): string {
  if (item.errorMessage || item.errorType) return oneLine([item.errorType, item.errorMessage].filter(Boolean).join(': '), 40);
  const metricErrors = Object.entries(item.scores).flatMap(([metric, score]) =>
    typeof score === 'object' && score !== null ? [`${metric}: ${score.error}`] : [],
  );
  return metricErrors.length ? oneLine(metricErrors.join('; '), 60) : '–';
}

/** `llm-eval runs items <run> [query..]` */
export const runsItemsCommand: CommandModule<GlobalOptions, Args> = {
  command: 'items <run> [query..]',
  describe: 'Items of a run, optionally filtered by an item query ("failed", "exact_match < 0.5", "slowest 10")',
  builder: (y) =>
    y
      .positional('run', { type: 'string', demandOption: true, describe: 'Run id, unique id prefix, unique run name, latest or latest~N' })
      .positional('query', { type: 'string', array: true, describe: 'Item query words (joined by spaces); a word that starts with "-" goes after --' })
      .option('limit', { ...numeric('--limit', { integer: true, min: 1, max: 1000 }), default: 20, describe: 'Page size (1–1000); a limit in the query ("slowest 5") caps every page' })
      .option('cursor', { type: 'string', describe: 'nextCursor of the previous page' })
      .example('$0 runs items latest failed items', 'the failures of the newest run')
      .example('$0 runs items 3f2a9c exact_match below 0.5 slowest 10', '')
      .example('$0 runs items latest --json | jq ".items[].itemId"', '')
      .epilogue('--json prints { items, total, nextCursor, explanation, warnings }; items are stored item records (a metric that errored on an item has scores.<metric> = { error }).'),
  handler: handle<Args>(async (argv) => {
    if (!Number.isInteger(argv.limit) || argv.limit < 1 || argv.limit > 1000) {
      throw new CliError(`--limit must be a whole number from 1 to 1000, not ${argv.limit}.`, 2);
    }
    const query = queryWords(argv, 2).join(' ');
    await withExistingDatabase(argv, async (db) => {
      const { RunSearchEngine } = search();
      const engine = new RunSearchEngine(db);
      // The engine resolves the reference with the same resolver as every other command.
      const page = await withQueryCaret(() => engine.searchItems(argv.run, query, { limit: argv.limit, cursor: argv.cursor }));
      if (argv.json) {
        return printJson({
          items: page.items,
          total: page.total,
          nextCursor: page.nextCursor,
          // The query's words as understood: a token pasted into the query is cut to its prefix, as the text output cuts it.
          explanation: redactSecrets(page.explanation),
          warnings: page.warnings.map(redactSecrets),
        });
      }
      const c = colors(argv.color);
      printUnderstood(page.explanation, page.warnings);
      if (page.items.length === 0) return print(page.total === 0 ? 'No items match.' : 'No more items.');
      const status = (s: string) => (s === 'completed' ? c.green(s) : s === 'failed' ? c.red(s) : c.gray(s));
      const rows = page.items.map((item) => [
        itemIdText(item.itemId, 24),
        status(item.status),
        oneLine(item.actualOutput, 40),
        oneLine(item.expectedOutput, 30),
        compactScores(item.scores),
        seconds(item.responseTime),
        errorCell(item),
      ]);
      print(renderTable(HEAD, rows, { color: c.isColorSupported }));
      print(`${page.items.length} of ${page.total} item(s).`);
      if (page.nextCursor) note(moreHint(page.nextCursor, argv.cursor));
    });
  }),
};
