import type { DataSource } from 'typeorm';
import { EvaluationRun } from '@llm-eval/models';
import { decodeText, dialectOf, runTextCondition } from '@llm-eval/storage';
import { FILLER_NOUNS } from '../query/filler-words';

/** Values stored in the database that give plain words a meaning in a query. */
export interface Vocabulary {
  /** Metric names ("accuracy above 0.9"). */
  metrics: string[];
  /** Model names, or undefined when there are too many to list (model words then match exactly as written). */
  models?: string[];
  /** Tags ("nightly runs"). */
  tags: string[];
  /** Project ids ("demo project", "runs in summarize"), or undefined when there are too many to list. */
  projects?: string[];
  /** Creators ("user@example.com"), or undefined when there are too many to list. */
  creators?: string[];
  /** Filler words ("eval") stored runs have in their name, description or dataset: a query of only those searches them. */
  fillerWordsInText: string[];
}

/** More distinct values than this are not listed; a query then reads words without them. @internal */
export const MAX_VOCABULARY_VALUES = 10_000;
const TTL_MS = 60_000;
/** Most project scopes whose vocabulary is kept at once. */
const MAX_SCOPES = 256;

/**
 * The metric names, model names, tags, projects and creators a database holds, read with index-backed DISTINCT queries
 * (and which filler words its runs' text has, one indexed text search each), and kept for a minute, so parsing a query
 * never waits on them twice in a row. @internal
 */
export class StoredVocabulary {
  /** Per project scope ('' for every run): a scoped caller's words mean only what its own runs hold. */
  private readonly cached = new Map<string, { at: number; vocabulary: Promise<Vocabulary> }>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The vocabulary of every run, or only of the runs of `projectIds` (so whether a word is understood never tells
   * a scoped caller what another project's runs hold); read again when older than a minute.
   */
  get(projectIds?: readonly string[]): Promise<Vocabulary> {
    const key = projectIds ? JSON.stringify([...projectIds].sort()) : '';
    const hit = this.cached.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.vocabulary;
    const vocabulary = this.read(projectIds);
    // Scopes are few (one per token's project list); an unbounded number would mean a bug, so stay bounded anyway.
    if (this.cached.size >= MAX_SCOPES) this.cached.clear();
    this.cached.set(key, { at: Date.now(), vocabulary });
    vocabulary.catch(() => {
      if (this.cached.get(key)?.vocabulary === vocabulary) this.cached.delete(key);
    });
    return vocabulary;
  }

  /** The vocabulary read again now (and cached): before saying that no run has a value, as a minute-old one may not. */
  fresh(projectIds?: readonly string[]): Promise<Vocabulary> {
    this.cached.delete(projectIds ? JSON.stringify([...projectIds].sort()) : '');
    return this.get(projectIds);
  }

  private async read(projectIds?: readonly string[]): Promise<Vocabulary> {
    if (projectIds !== undefined && projectIds.length === 0) {
      return { metrics: [], models: [], tags: [], projects: [], creators: [], fillerWordsInText: [] };
    }
    const d = dialectOf(this.dataSource);
    const params = projectIds ? [...projectIds] : [];
    const inScope = projectIds ? `"r"."project_id" IN (${params.map((_, i) => d.param(i + 1)).join(', ')})` : '';
    const limit = `LIMIT ${MAX_VOCABULARY_VALUES + 1}`;
    const listed = (column: 'model_name' | 'project_id' | 'created_by') =>
      this.distinct(
        `SELECT DISTINCT "${column}" AS "v" FROM "evaluation_runs" "r" WHERE "${column}" IS NOT NULL${inScope ? ` AND ${inScope}` : ''} ORDER BY "${column}" ${limit}`,
        params,
      );
    const [metrics, models, tags, projects, creators, fillerWordsInText] = await Promise.all([
      projectIds
        ? this.distinct(
            `SELECT DISTINCT "m"."metric_name" AS "v" FROM "run_metrics" "m" JOIN "evaluation_runs" "r" ON "r"."id" = "m"."run_id" WHERE ${inScope} ORDER BY "v" ${limit}`,
            params,
          )
        : this.distinct(`SELECT DISTINCT "metric_name" AS "v" FROM "run_metrics" ORDER BY "metric_name" ${limit}`),
      listed('model_name'),
      projectIds
        ? this.distinct(
            `SELECT DISTINCT "t"."tag" AS "v" FROM "run_tags" "t" JOIN "evaluation_runs" "r" ON "r"."id" = "t"."run_id" WHERE ${inScope} ORDER BY "v" ${limit}`,
            params,
          )
        : this.distinct(`SELECT DISTINCT "tag" AS "v" FROM "run_tags" ORDER BY "tag" ${limit}`),
      listed('project_id'),
      listed('created_by'),
      this.fillerWordsInText(projectIds),
    ]);
    return {
      metrics: metrics.slice(0, MAX_VOCABULARY_VALUES),
      ...(models.length > MAX_VOCABULARY_VALUES ? {} : { models }),
      tags: tags.slice(0, MAX_VOCABULARY_VALUES),
      ...(projects.length > MAX_VOCABULARY_VALUES ? {} : { projects }),
      ...(creators.length > MAX_VOCABULARY_VALUES ? {} : { creators }),
      fillerWordsInText,
    };
  }

  /** The filler words some run in scope has in its text, each found as the text search finds it (through its index). */
  private async fillerWordsInText(projectIds?: readonly string[]): Promise<string[]> {
    const dialect = dialectOf(this.dataSource);
    const found = await Promise.all(
      FILLER_NOUNS.map(async (word) => {
        const { sql, params } = runTextCondition(dialect, word, 'filler');
        const qb = this.dataSource.getRepository(EvaluationRun).createQueryBuilder('r').select('1', 'found').where(sql, params).limit(1);
        if (projectIds) qb.andWhere('"r"."project_id" IN (:...scope)', { scope: [...projectIds] });
        return (await qb.getRawOne()) ? [word] : [];
      }),
    );
    return found.flat();
  }

  /**
   * Raw rows skip the entity hooks that decode stored text: without decoding, a name with NUL or U+FDD0 was listed in
   * its stored form, and the word the user typed never matched it.
   */
  private async distinct(sql: string, params: unknown[] = []): Promise<string[]> {
    const rows: Array<{ v: string }> = await this.dataSource.query(sql, params);
    return rows.map((r) => decodeText(r.v));
  }
}
