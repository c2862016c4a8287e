import type { CommandModule } from 'yargs';
import type { FilterNode, RunSort } from '@llm-eval/search';
import type { GlobalOptions } from '../global-options';
import { redactDeep, redactSecrets } from '../access/redact-secrets';
import { withExistingDatabase } from '../database';
import { CliError } from '../errors';
import { handle } from '../handle';
import { numeric } from '../numeric-option';
import { colors } from '../output/color';
import { note, print, printJson } from '../output/print';
import { printUnderstood, withQueryCaret } from '../output/query-notes';
import { queryWords } from '../query-words';
import { runHead, runRow, statusColor } from '../output/run-rows';
import { RUN_DURATION_JSON_NOTE, runJson } from '../output/run-json';
import { renderTable } from '../output/table';
import { search } from '../libraries';
import { TIME_ZONE_HELP, useTimeZone } from '../time-zone';
import { moreHint } from '../output/more-hint';

interface Args extends GlobalOptions {
  query?: string[];
  project?: string;
  limit?: number;
  cursor?: string;
  explain?: boolean;
  tz?: string;
}

/** Whether the filter has a date condition ("today", "since monday"): the only part of a query the zone changes. */
function readsTime(node: FilterNode | null | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'time') return true;
  if (node.kind === 'and' || node.kind === 'or') return node.children.some(readsTime);
  return node.kind === 'not' && readsTime(node.child);
}

function sortText(sort: RunSort): string {
  const field = sort.field === 'metric' ? `metric ${sort.metric}` : sort.field;
  return `${field} ${sort.direction}`;
}

/** `llm-eval runs search <query..>` */
export const runsSearchCommand: CommandModule<GlobalOptions, Args> = {
  command: 'search [query..]',
  describe: 'Search runs in plain words ("failed gpt-4 runs last week", "accuracy above 0.9 top 5")',
  builder: (y) =>
    y
      .positional('query', { type: 'string', array: true, describe: 'Query words (joined by spaces); a word that starts with "-" goes after --: llm-eval runs search -- -tag:wip failed' })
      .option('project', { type: 'string', describe: 'Only runs of this project' })
      .option('limit', { ...numeric('--limit', { integer: true, min: 1, max: 1000 }), describe: 'Page size, 1–1000 (default: the query\'s "top N", else 50); "top N" caps every page' })
      .option('cursor', { type: 'string', describe: 'nextCursor of the previous page' })
      .option('explain', { type: 'boolean', describe: 'Also print the parsed filter tree, sort and limit' })
      .option('tz', { type: 'string', describe: TIME_ZONE_HELP.replace('dates like 2026-11-01 and of "today"', '"today", "last week", "on Nov 3" …') })
      .example('$0 runs search failed runs on squad since monday', '')
      .example('$0 runs search "accuracy > 0.8 and model:gpt-4o" --explain', 'see how the query was parsed')
      .example('$0 runs search slow runs last week --json | jq .total', '')
      .example('$0 runs search failed runs today --tz Asia/Beirut', '"today" in Beirut (TZ=Asia/Beirut works too)')
      .epilogue(`--json prints { runs, total, nextCursor, filter, sort, explanation, warnings }; ${RUN_DURATION_JSON_NOTE}.`),
  handler: handle<Args>(async (argv) => {
    if (argv.limit !== undefined && (!Number.isInteger(argv.limit) || argv.limit < 1 || argv.limit > 1000)) {
      throw new CliError(`--limit must be a whole number from 1 to 1000, not ${argv.limit}.`, 2);
    }
    const query = queryWords(argv, 2).join(' ').trim();
    if (!query) throw new CliError('Give a query, e.g. llm-eval runs search failed runs last week', 2);
    // Only a query that names a date or a time reads the zone (a $TZ Node cannot read is worth a warning then).
    const timeZone = useTimeZone(argv.tz, { needed: false });
    await withExistingDatabase(argv, async (db) => {
      const { RunSearchEngine, parseQuery } = search();
      const engine = new RunSearchEngine(db);
      const result = await withQueryCaret(() =>
        engine.searchRuns({ query, projectId: argv.project, limit: argv.limit, cursor: argv.cursor, timeZone }),
      );
      if (readsTime(result.filter)) useTimeZone(argv.tz);
      if (argv.json) {
        return printJson({
          runs: result.runs.map(runJson),
          total: result.total,
          nextCursor: result.nextCursor,
          // The query's words as understood: a token pasted into the query is cut to its prefix, as the API cuts it.
          filter: redactDeep(result.filter),
          sort: redactDeep(result.sort),
          explanation: redactSecrets(result.explanation),
          warnings: result.warnings.map(redactSecrets),
        });
      }
      printUnderstood(result.explanation, result.warnings);
      if (argv.explain) {
        // The query's own limit caps the search; the page size is --limit, else that limit, else 50.
        const queryLimit = parseQuery(query, { timeZone }).limit;
        print('Filter tree:');
        print(JSON.stringify(redactDeep(result.filter), null, 2).replace(/^/gm, '  '));
        print(`Sort:  ${redactSecrets(sortText(result.sort))}`);
        print(`Limit: ${queryLimit === undefined ? 'none' : `${queryLimit} (from the query)`}`);
        print(`Page:  ${Math.min(argv.limit ?? queryLimit ?? 50, queryLimit ?? Infinity)}${argv.limit === undefined && queryLimit === undefined ? ' (default)' : ''}`);
        print(`Zone:  ${timeZone}`);
        print();
      }
      const c = colors(argv.color);
      if (result.runs.length === 0) return print(result.total === 0 ? 'No runs match.' : 'No more runs.');
      print(renderTable(runHead(timeZone), result.runs.map((r) => runRow(r, statusColor(c), timeZone)), { color: c.isColorSupported }));
      print(`${result.runs.length} of ${result.total} run(s).`);
      if (result.nextCursor) note(moreHint(result.nextCursor, argv.cursor));
    });
  }),
};
