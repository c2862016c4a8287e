import {
  exportCsvHeader,
  exportCsvRow,
  exportJsonlItemLine,
  exportJsonlRunLine,
  JsonExportSections,
  storedRunExportParts,
  type ExportFormat,
  type StoredRunExportParts,
} from '@llm-eval/evaluator';
import type { ItemPage, ItemRecord, RunRepository, RunWithMetrics } from '@llm-eval/storage';
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
 * JSON as formatExport prints it (the evaluator's JsonExportSections): one pass over the items writes `results`
 * straight out and spools the other three sections to temporary files (one read of the run, one consistent set of
 * items in every section), sent after it.
 */
async function* jsonChunks(parts: StoredRunExportParts, source: RunExportSource): AsyncGenerator<string | Buffer> {
  const spool = await SpoolDirectory.create();
  try {
    const errorsFile = spool.file('errors');
    const orderFile = spool.file('item_order');
    const failuresFile = spool.file('failures');
    const sections = new JsonExportSections();

    yield sections.opening(parts.head(source.firstPage.total));
    for await (const items of itemPages(source)) {
      let resultsText = '';
      let errorsText = '';
      let orderText = '';
      let failuresText = '';
      for (const item of items) {
        const texts = sections.add(parts.item(item));
        resultsText += texts.results;
        errorsText += texts.errors;
        orderText += texts.order;
        failuresText += texts.failures;
      }
      await Promise.all([errorsFile.write(errorsText), orderFile.write(orderText), failuresFile.write(failuresText)]);
      if (resultsText) yield resultsText;
    }
    yield sections.afterResults();
    yield* errorsFile.read();
    yield sections.afterErrors(parts.runBlock());
    yield* orderFile.read();
    yield sections.afterOrder();
    yield* failuresFile.read();
    yield sections.closing();
  } finally {
    await spool.remove();
  }
}
