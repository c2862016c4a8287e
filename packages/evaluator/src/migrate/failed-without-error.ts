import type { ItemInput } from '@llm-eval/storage';
import type { ExportedResult } from '../result/export-format';
import { quoteValue } from './safe-excerpt';

/**
 * Counts results marked `"success": false` that give no error (no `error_type`, no `error_message`): the Python
 * format puts failures in `errors` with their message, so such an entry is stored as a failed item without a
 * message. That changes the run's success rate from what the file says (Python counts every entry of `results`), so
 * the import says so, naming the item, rather than letting 0.8 become 0.6 without a word. The export writes such an
 * item back the same way (in `results`, `"success": false`).
 * @internal
 */
export class FailedWithoutError {
  private count = 0;
  private first: string | undefined;

  check(id: string, entry: ExportedResult): void {
    if (entry.success !== false || typeof entry.error_type === 'string' || typeof entry.error_message === 'string') return;
    this.count++;
    this.first ??= id;
  }

  /** One message for all of them (none when there are none), with the stored success rate beside the file's own. */
  warnings(fileSuccessRate: unknown, items: readonly ItemInput[]): string[] {
    if (this.count === 0) return [];
    const which =
      this.count === 1
        ? `item ${quoteValue(this.first)} is in "results" with "success": false and no error, so it is stored as a failed item without an error message`
        : `${this.count} items are in "results" with "success": false and no error (the first, item ${quoteValue(this.first)}), so they are stored as failed items without an error message`;
    const stored = items.filter((item) => item.status === 'completed').length / items.length;
    const rates =
      typeof fileSuccessRate === 'number' && round(fileSuccessRate) !== round(stored)
        ? `: the run's success rate is ${round(stored)}, where the export's "success_rate" says ${fileSuccessRate}`
        : '';
    return [`${which}; ${this.count === 1 ? 'it counts' : 'they count'} as failed${rates}`];
  }
}

/** A rate as a person reads it (0.6, not 0.6000000000000001). */
function round(rate: number): number {
  return Number(rate.toPrecision(12));
}
