import {
  exportCsvHeader,
  exportCsvRow,
  exportJsonlItemLine,
  exportJsonlRunLine,
  storedRunExportParts,
  type ExportFormat,
  type StoredRunExportParts,
} from '@llm-eval/evaluator';
import type { ItemPage, ItemRecord, RunRepository, RunWithMetrics } from '@llm-eval/storage';
import { openObject, PrettyContainer } from './pretty-json';
import { SpoolDirectory } from './spool-file';

/** Items read per query: storage's largest page. */
export const EXPORT_PAGE_SIZE = 1000;

/** What a streamed export reads: the run, and its first page of items (read before any byte is sent). */
export interface RunExportSource {
  runs: Pick<RunRepository, 'listItems'>;
  run: RunWithMetrics;
  firstPage: ItemPage;
  pageSize?: number;
}

/**
 * A stored run's export as text chunks, the same bytes `llm-eval runs export` writes (the evaluator's one builder,
 * storedRunExportParts + its JSONL/CSV line functions, in the layout of formatExport), but read page by page: at
 * most two pages of items are held at once, whatever the size of the run.
 *
 * The document's item count comes first in every format, so the export holds the items the first page counted: a
 * running run that gains items meanwhile is exported as it was when the export started.
 */
export function runExportChunks(format: ExportFormat, source: RunExportSource): AsyncGenerator<string | Buffer> {
  const parts = storedRunExportParts(source.run);
  if (format === 'csv') return csvChunks(parts, source);
  if (format === 'jsonl') return jsonlChunks(parts, source);
  return jsonChunks(parts, source);
}

/** The run's items a page at a time, the next page read while the current one is written; at most `firstPage.total`. */
async function* itemPages({ runs, run, firstPage, pageSize = EXPORT_PAGE_SIZE }: RunExportSource): AsyncGenerator<ItemRecord[]> {
  let left = firstPage.total;
  let page: ItemPage | null = firstPage;
  while (page && left > 0) {
    const cursor: string | null = page.nextCursor;
    const next: Promise<ItemPage> | null = cursor && left > page.items.length ? runs.listItems(run.id, { limit: pageSize, cursor }) : null;
    // An unhandled rejection must not escape if the consumer stops before awaiting it.
    next?.catch(() => undefined);
    const items = page.items.length > left ? page.items.slice(0, left) : page.items;
    left -= items.length;
    if (items.length) yield items;
    page = next ? await next : null;
  }
}

async function* jsonlChunks(parts: StoredRunExportParts, source: RunExportSource): AsyncGenerator<string> {
  yield exportJsonlRunLine(parts.head(source.firstPage.total), parts.runBlock());
  for await (const items of itemPages(source)) {
    let text = '';
    for (const item of items) text += exportJsonlItemLine(parts.item(item));
    yield text;
  }
}

async function* csvChunks(parts: StoredRunExportParts, source: RunExportSource): AsyncGenerator<string> {
  const metrics = source.run.metricsUsed;
  yield exportCsvHeader(metrics);
  for await (const items of itemPages(source)) {
    let text = '';
    for (const item of items) text += exportCsvRow(parts.item(item), metrics);
    yield text;
  }
}

/**
 * JSON as formatExport prints it (JSON.stringify(doc, null, 2)): head, `results`, `errors`, then `llm_eval` with
 * `item_order` and `failures`. One pass over the items writes `results` straight out and spools the other three
 * sections to temporary files (one read of the run, one consistent set of items in every section), sent after it.
 *
 * Byte-identical to formatExport unless item ids look like array indexes ("7", "12") out of ascending order:
 * JavaScript objects list such keys first in numeric order, so there the one-shot text orders `results` and
 * `errors` numerically and this one in run order — the same JSON document (members of an object have no order;
 * `llm_eval.item_order` keeps the run order in both).
 */
async function* jsonChunks(parts: StoredRunExportParts, source: RunExportSource): AsyncGenerator<string | Buffer> {
  const spool = await SpoolDirectory.create();
  try {
    const errorsFile = spool.file('errors');
    const orderFile = spool.file('item_order');
    const failuresFile = spool.file('failures');
    const results = new PrettyContainer(1, 'object');
    const errors = new PrettyContainer(1, 'object');
    const order = new PrettyContainer(2, 'array');
    const failures = new PrettyContainer(2, 'object');

    yield `${openObject(parts.head(source.firstPage.total), 0)},\n  "results": ${results.open()}`;
    for await (const items of itemPages(source)) {
      let resultsText = '';
      let errorsText = '';
      let orderText = '';
      let failuresText = '';
      for (const item of items) {
        const entry = parts.item(item);
        orderText += order.member(entry.id);
        if (entry.ok) resultsText += results.member(entry.ok, entry.id);
        else {
          errorsText += errors.member(entry.error, entry.id);
          failuresText += failures.member(entry.failed, entry.id);
        }
      }
      await Promise.all([errorsFile.write(errorsText), orderFile.write(orderText), failuresFile.write(failuresText)]);
      if (resultsText) yield resultsText;
    }
    yield `${results.close()},\n  "errors": ${errors.open()}`;
    yield* errorsFile.read();
    yield `${errors.close()},\n  "llm_eval": ${openObject(parts.runBlock(), 1)},\n    "item_order": ${order.open()}`;
    yield* orderFile.read();
    yield `${order.close()},\n    "failures": ${failures.open()}`;
    yield* failuresFile.read();
    yield `${failures.close()}\n  }\n}\n`;
  } finally {
    await spool.remove();
  }
}
