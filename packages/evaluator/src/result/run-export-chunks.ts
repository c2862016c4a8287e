import type { ItemPage, ItemRecord, RunRepository, RunWithMetrics } from '@llm-eval/storage';
import { exportCsvHeader, exportCsvRow, exportJsonlItemLine, exportJsonlRunLine, type ExportFormat } from './export-files';
import { JsonExportSections } from './json-export-sections';
import { SpoolDirectory } from './spool-directory';
import { storedRunExportParts, type StoredRunExportParts } from './stored-run-export';

/** Items read per query: storage's largest page. */
export const EXPORT_PAGE_SIZE = 1000;

/** What a streamed export reads: the run, and its first page of items (read before any byte is written). */
export interface RunExportSource {
  runs: Pick<RunRepository, 'listItems'>;
  run: RunWithMetrics;
  firstPage: ItemPage;
  pageSize?: number;
}

/** How a streamed export keeps its temporary files. */
export interface RunExportOptions {
  /**
   * Called with the JSON export's spool directory once it exists; returns what to call once it is deleted (so a
   * caller can delete it also when the process ends mid-export, e.g. on Ctrl-C).
   */
  onSpoolDirectory?: (dir: string) => () => void;
}

/**
 * A stored run's export as text chunks, read page by page: at most two pages of items are held at once, whatever the
 * size of the run. The bytes are formatExport's (the evaluator's one builder, storedRunExportParts and its JSONL/CSV
 * line functions), so `llm-eval runs export` and the API's export write the same file. The one difference: JSON
 * lists `results` and `errors` in item order where formatExport, for item ids that look like array indexes ("7",
 * "12") out of ascending order, lists them numerically, as JavaScript orders such keys — the same JSON document.
 *
 * The export holds the items the first page counted: a running run that gains items meanwhile is exported as it was
 * when the export started. `items` counts the items written so far.
 */
export class RunExportChunks {
  items = 0;

  constructor(
    private readonly format: ExportFormat,
    private readonly source: RunExportSource,
    private readonly options: RunExportOptions = {},
  ) {}

  /** The export's text, chunk by chunk. Stopping early (return or throw) deletes its temporary files. */
  chunks(): AsyncGenerator<string | Buffer> {
    const parts = storedRunExportParts(this.source.run);
    if (this.format === 'csv') return this.csvChunks(parts);
    if (this.format === 'jsonl') return this.jsonlChunks(parts);
    return this.jsonChunks(parts);
  }

  /** The run's items a page at a time, the next page read while the current one is written; at most `firstPage.total`. */
  private async *itemPages(): AsyncGenerator<ItemRecord[]> {
    const { runs, run, firstPage, pageSize = EXPORT_PAGE_SIZE } = this.source;
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

  private async *jsonlChunks(parts: StoredRunExportParts): AsyncGenerator<string> {
    yield exportJsonlRunLine(parts.head(this.source.firstPage.total), parts.runBlock());
    for await (const items of this.itemPages()) {
      let text = '';
      for (const item of items) text += exportJsonlItemLine(parts.item(item));
      this.items += items.length;
      yield text;
    }
  }

  private async *csvChunks(parts: StoredRunExportParts): AsyncGenerator<string> {
    const metrics = this.source.run.metricsUsed;
    yield exportCsvHeader(metrics);
    for await (const items of this.itemPages()) {
      let text = '';
      for (const item of items) text += exportCsvRow(parts.item(item), metrics);
      this.items += items.length;
      yield text;
    }
  }

  /**
   * JSON as formatExport prints it (JsonExportSections): one pass over the items writes `results` straight out and
   * spools the other three sections to temporary files (one read of the run, one consistent set of items in every
   * section), written after it.
   */
  private async *jsonChunks(parts: StoredRunExportParts): AsyncGenerator<string | Buffer> {
    const spool = await SpoolDirectory.create(this.options.onSpoolDirectory);
    try {
      const errorsFile = spool.file('errors');
      const orderFile = spool.file('item_order');
      const failuresFile = spool.file('failures');
      const sections = new JsonExportSections();

      yield sections.opening(parts.head(this.source.firstPage.total));
      for await (const items of this.itemPages()) {
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
        this.items += items.length;
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
}
