import { MAX_RECORDED_DEPTH, toSafeValue, truncateText, type CutFlag } from './safe-value';

/**
 * A value of an item was recorded cut (longer than `config.maxValueChars`, or nested deeper than storage keeps): told
 * once per run, at the first one.
 */
export interface ValueCutWarning {
  code: 'value-cut';
  /** One line that says what was cut and how to keep it whole. */
  message: string;
  /** The item whose value was cut first. */
  itemId: string;
  /** Which of its values: `input`, `expected`, `metadata`, `output`, `task metadata`, `error` or `reason (<metric>)`. */
  field: string;
  /** config.maxValueChars. */
  limit: number;
  /** Why it was cut: `length` past config.maxValueChars, `depth` nested deeper than {@link MAX_RECORDED_DEPTH} levels. */
  reason: 'length' | 'depth';
}

/**
 * Records a run's values with toSafeValue and counts the ones it cut, telling `report` about the first: a stored copy
 * that no longer matches the dataset must not go unnoticed. Shared by the run's items; every call is synchronous, so
 * the flag set by one value is read before another is recorded. A value that is not cut costs no allocation.
 * @internal
 */
export class ValueCuts implements CutFlag {
  /** Set by toSafeValue while one value is recorded. */
  cut = false;
  /** Set by toSafeValue while one value is recorded when (part of) it was nested too deep. */
  tooDeep = false;
  /** Set by toSafeValue while one value is recorded when (part of) it was too long. */
  tooLong = false;
  /** Values recorded cut so far, whatever the reason. */
  count = 0;
  /** Of {@link count}, the values cut only for their depth (nested deeper than {@link MAX_RECORDED_DEPTH} levels). */
  deepCount = 0;
  /** Values recorded cut per item id, not yet taken (takeOf); kept only when asked for (item runners of the queue). */
  byItem: Map<string, number> | undefined;

  constructor(
    readonly limit: number,
    private readonly report?: (warning: ValueCutWarning) => void,
  ) {}

  /** `value` as toSafeValue records it, `depth` levels down in what is stored. */
  value(value: unknown, itemId: string, field: string, depth = 0): unknown {
    this.begin();
    const safe = toSafeValue(value, this.limit, depth, this);
    if (this.cut) this.noteCut(itemId, field);
    return safe;
  }

  /**
   * `value` cut only past {@link MAX_RECORDED_DEPTH} levels, never for its length: for what must travel whole to
   * another process (a queued item's input, to the worker whose task reads it), where deeper nesting would overflow
   * the stack of whatever serialises it. Counted and reported as {@link value} is.
   */
  nesting(value: unknown, itemId: string, field: string): unknown {
    this.begin();
    const safe = toSafeValue(value, Number.POSITIVE_INFINITY, 0, this);
    if (this.cut) this.noteCut(itemId, field);
    return safe;
  }

  /** A metric's reason cut to the limit, as truncateText cuts it (the field's name is built only when it is cut). */
  reason(text: string, itemId: string, metric: string): string {
    if (text.length <= this.limit) return text;
    this.begin();
    this.tooLong = true;
    this.noteCut(itemId, `reason (${metric})`);
    return truncateText(text, this.limit);
  }

  /** Starts watching a value recorded by other means (toSafeValue given this as its flag); see {@link end}. */
  begin(): void {
    this.cut = false;
    this.tooDeep = false;
    this.tooLong = false;
  }

  /** Counts the value watched since {@link begin} if it was cut. */
  end(itemId: string, field: string): void {
    if (this.cut) this.noteCut(itemId, field);
  }

  /** The values recorded cut for `itemId` since it was last taken, forgotten once taken (0 unless byItem is kept). */
  takeOf(itemId: string): number {
    const n = this.byItem?.get(itemId) ?? 0;
    if (n) this.byItem!.delete(itemId);
    return n;
  }

  /** Counts one value cut (why, from the flags toSafeValue set), reporting the run's first. */
  noteCut(itemId: string, field: string): void {
    const deep = this.tooDeep && !this.tooLong;
    this.count++;
    if (deep) this.deepCount++;
    if (this.byItem) this.byItem.set(itemId, (this.byItem.get(itemId) ?? 0) + 1);
    if (this.count > 1 || !this.report) return;
    const later = 'Later cut values are counted, not reported.';
    const what = `item ${JSON.stringify(itemId)}: its ${field}`;
    if (deep) {
      this.report({
        code: 'value-cut',
        message:
          `${what} is nested deeper than ${MAX_RECORDED_DEPTH} levels (kept to that depth) and is recorded cut, with a marker where the deeper levels were; ` +
          `the stored run and its export do not hold it whole. No setting keeps deeper values: storage holds ${MAX_RECORDED_DEPTH} levels at most. ${later}`,
        itemId,
        field,
        limit: this.limit,
        reason: 'depth',
      });
      return;
    }
    const limit = this.limit.toLocaleString('en-US');
    this.report({
      code: 'value-cut',
      message:
        `${what} is longer than ${limit} characters (maxValueChars) and is recorded cut, with a marker; ` +
        'the stored run and its export do not hold it whole. Raise the limit (--max-value-chars, config.maxValueChars) to keep such values whole. ' +
        later,
      itemId,
      field,
      limit: this.limit,
      reason: 'length',
    });
  }
}
