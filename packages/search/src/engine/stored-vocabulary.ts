import type { DataSource } from 'typeorm';

/** Values stored in the database that give plain words a meaning in a query. */
export interface Vocabulary {
  /** Metric names ("accuracy above 0.9"). */
  metrics: string[];
  /** Model names, or undefined when there are too many to list (model words then match exactly as written). */
  models?: string[];
  /** Tags ("nightly runs"). */
  tags: string[];
}

/** More distinct values than this are not listed; a query then reads words without them. */
const MAX_VALUES = 10_000;
const TTL_MS = 60_000;

/**
 * The metric names, model names and tags a database holds, read with three index-backed DISTINCT queries and
 * kept for a minute, so parsing a query never waits on them twice in a row. @internal
 */
export class StoredVocabulary {
  private cached: { at: number; vocabulary: Promise<Vocabulary> } | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /** The vocabulary, read again when older than a minute. */
  get(): Promise<Vocabulary> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.vocabulary;
    const vocabulary = this.read();
    this.cached = { at: Date.now(), vocabulary };
    vocabulary.catch(() => {
      if (this.cached?.vocabulary === vocabulary) this.cached = undefined;
    });
    return vocabulary;
  }

  private async read(): Promise<Vocabulary> {
    const [metrics, models, tags] = await Promise.all([
      this.distinct(`SELECT DISTINCT "metric_name" AS "v" FROM "run_metrics" ORDER BY "metric_name" LIMIT ${MAX_VALUES + 1}`),
      this.distinct(
        `SELECT DISTINCT "model_name" AS "v" FROM "evaluation_runs" WHERE "model_name" IS NOT NULL ORDER BY "model_name" LIMIT ${MAX_VALUES + 1}`,
      ),
      this.distinct(`SELECT DISTINCT "tag" AS "v" FROM "run_tags" ORDER BY "tag" LIMIT ${MAX_VALUES + 1}`),
    ]);
    return {
      metrics: metrics.slice(0, MAX_VALUES),
      ...(models.length > MAX_VALUES ? {} : { models }),
      tags: tags.slice(0, MAX_VALUES),
    };
  }

  private async distinct(sql: string): Promise<string[]> {
    const rows: Array<{ v: string }> = await this.dataSource.query(sql);
    return rows.map((r) => r.v);
  }
}
