import type { ExportFormat, StoredRunExportParts } from '@llm-eval/evaluator';
import type { ItemPage, ItemRecord, RunRepository, RunWithMetrics } from '@llm-eval/storage';
import { evaluator } from '../libraries';
import { SpoolDirectory } from './export-spool';
import { formatRunExport } from './run-export';

/** Items read per query: storage's largest page. */
export const EXPORT_PAGE_SIZE = 1000;

/** What an export reads: the run, and its first page of items (read before the output is opened). */
export interface RunExportSource {
  runs: Pick<RunRepository, 'listItems'>;
  run: RunWithMetrics;
  firstPage: ItemPage;
  pageSize?: number;
}

/**
 * A stored run's export as text chunks, read page by page: the bytes formatRunExport gives for all of the run's
 * items (the evaluator's one builder, in its streaming pieces), with at most two pages of items in memory. JSON's
 * later sections wait in spool files. `items` counts the items written so far.
 *
 * JSONL's first line counts the items, so it holds the items the first page counted (a running run that gains items
 * meanwhile is exported as it was when the export started); JSON and CSV hold every item read, as before.
 */
export class RunExportChunks {
  items = 0;

  constructor(
    private readonly format: ExportFormat,
    private readonly source: RunExportSource,
  ) {}

  /** The export's text, chunk by chunk. */
  chunks(): AsyncGenerator<string | Buffer> {
    const parts = evaluator().storedRunExportParts(this.source.run);
    if (this.format === 'csv') return this.csvChunks(parts);
    if (this.format === 'jsonl') return this.jsonlChunks(parts);
    return this.jsonChunks(parts);
  }

  /** The run's items a page at a time, the next page read while the current one is written; at most `limit`. */
  private async *itemPages(limit = Infinity): AsyncGenerator<ItemRecord[]> {
    const { runs, run, firstPage, pageSize = EXPORT_PAGE_SIZE } = this.source;
    let left = limit;
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
    const { exportJsonlRunLine, exportJsonlItemLine } = evaluator();
    const total = this.source.firstPage.total;
    yield exportJsonlRunLine(parts.head(total), parts.runBlock());
    for await (const items of this.itemPages(total)) {
      let text = '';
      for (const item of items) text += exportJsonlItemLine(parts.item(item));
      this.items += items.length;
      yield text;
    }
  }

  private async *csvChunks(parts: StoredRunExportParts): AsyncGenerator<string> {
    const { exportCsvHeader, exportCsvRow } = evaluator();
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
   * JSON as formatExport prints it (the evaluator's JsonExportSections): one pass over the items spools the four
   * sections, then the document is sent with them in order. The head counts the items, so nothing is sent before
   * the pass ends. Should item ids that look like array indexes ("7", "12") come out of ascending order, JSON.stringify
   * would have listed them first in numeric order: that rare run is formatted the one-shot way instead, to keep its bytes.
   */
  private async *jsonChunks(parts: StoredRunExportParts): AsyncGenerator<string | Buffer> {
    const spool = await SpoolDirectory.create();
    try {
      const resultsFile = spool.file('results');
      const errorsFile = spool.file('errors');
      const orderFile = spool.file('item_order');
      const failuresFile = spool.file('failures');
      const sections = new (evaluator().JsonExportSections)();
      const results = new KeyOrder();
      const errors = new KeyOrder();

      for await (const items of this.itemPages()) {
        let resultsText = '';
        let errorsText = '';
        let orderText = '';
        let failuresText = '';
        for (const item of items) {
          const entry = parts.item(item);
          (entry.ok ? results : errors).add(entry.id);
          const texts = sections.add(entry);
          resultsText += texts.results;
          errorsText += texts.errors;
          orderText += texts.order;
          failuresText += texts.failures;
        }
        this.items += items.length;
        await Promise.all([resultsFile.write(resultsText), errorsFile.write(errorsText), orderFile.write(orderText), failuresFile.write(failuresText)]);
      }
      if (results.reordered || errors.reordered) {
        yield await this.oneShotJson();
        return;
      }
      yield sections.opening(parts.head(sections.size));
      yield* resultsFile.read();
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

  /** The whole JSON text at once from every item, read again (memory grows with the run, as it did before streaming). */
  private async oneShotJson(): Promise<string> {
    const { runs, run, pageSize = EXPORT_PAGE_SIZE } = this.source;
    const items: ItemRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await runs.listItems(run.id, { limit: pageSize, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    this.items = items.length;
    return formatRunExport('json', run, items);
  }
}

/** Whether an object's keys, set in this order, would be listed in another: array indexes go first, ascending. */
class KeyOrder {
  reordered = false;
  private lastIndex = -1;
  private sawName = false;

  add(key: string): void {
    if (this.reordered) return;
    if (!ARRAY_INDEX.test(key) || Number(key) >= 2 ** 32 - 1) {
      this.sawName = true;
      return;
    }
    const index = Number(key);
    if (this.sawName || index < this.lastIndex) this.reordered = true;
    this.lastIndex = index;
  }
}

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;
