import type { ExportedItem, ExportHead, ExportRunBlock } from './build-export';
import { openObject, PrettyContainer } from './pretty-json';
import { headFloatsMarked, itemFloatsMarked, writeFloats } from './python-floats';

/** The text one item adds to each of the four item sections of a JSON export ('' where it adds nothing). */
export interface ItemSectionTexts {
  results: string;
  errors: string;
  order: string;
  failures: string;
}

/**
 * A JSON export written one item at a time, with the bytes formatExport prints (JSON.stringify(doc, null, 2)): the
 * head, `results`, `errors`, then `llm_eval` with `item_order` and `failures`. Each item adds text to up to four
 * sections that come one after another in the document; a writer keeps the later ones aside (in files) until the
 * earlier ones are out, then joins them with the texts between (`opening`, `afterResults`, …).
 *
 * Byte-identical to formatExport unless item ids look like array indexes ("7", "12") out of ascending order:
 * JavaScript objects list such keys first in numeric order, so there the one-shot text orders `results` and `errors`
 * numerically and this one in item order — the same JSON document (`llm_eval.item_order` keeps the item order).
 */
export class JsonExportSections {
  private readonly results = new PrettyContainer(1, 'object');
  private readonly errors = new PrettyContainer(1, 'object');
  private readonly order = new PrettyContainer(2, 'array');
  private readonly failures = new PrettyContainer(2, 'object');

  /** How many items were added. */
  get size(): number {
    return this.order.size;
  }

  /** The texts of one item's members. */
  add(entry: ExportedItem): ItemSectionTexts {
    const order = this.order.member(entry.id);
    if (entry.ok) return { results: writeFloats(this.results.member(itemFloatsMarked(entry.ok), entry.id)), errors: '', order, failures: '' };
    const failures = writeFloats(this.failures.member(itemFloatsMarked(entry.failed), entry.id));
    return { results: '', errors: this.errors.member(entry.error, entry.id), order, failures };
  }

  /** The document up to the first member of `results`. */
  opening(head: ExportHead): string {
    return `${writeFloats(openObject(headFloatsMarked(head), 0))},\n  "results": ${this.results.open()}`;
  }

  /** After the last member of `results`, up to the first of `errors`. */
  afterResults(): string {
    return `${this.results.close()},\n  "errors": ${this.errors.open()}`;
  }

  /** After `errors`, the run fields of `llm_eval`, up to the first member of `item_order`. */
  afterErrors(runBlock: ExportRunBlock): string {
    return `${this.errors.close()},\n  "llm_eval": ${openObject(runBlock, 1)},\n    "item_order": ${this.order.open()}`;
  }

  /** After `item_order`, up to the first member of `failures`. */
  afterOrder(): string {
    return `${this.order.close()},\n    "failures": ${this.failures.open()}`;
  }

  /** The end of the document, after the last member of `failures`. */
  closing(): string {
    return `${this.failures.close()}\n  }\n}\n`;
  }
}
