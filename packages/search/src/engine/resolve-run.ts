import type { DataSource } from 'typeorm';
import { dialectOf, encodeText, type SqlDialect } from '@llm-eval/storage';
import { RunReferenceError } from '../errors';
import { idPrefixOf, MIN_ID_PREFIX_DIGITS } from './run-id-prefix';

/**
 * Where a run reference is looked up: within one project (named in messages), and/or only among the runs of
 * `projectIds` — an access scope: a run outside it is answered exactly like a run that does not exist (the same
 * queries, the same message), and a run without a project is outside every list.
 */
export interface RunScope {
  projectId?: string;
  projectIds?: readonly string[];
}

interface Candidate {
  id: string;
  name: string;
  created_at: string | Date;
}

/** How many candidates an ambiguity error lists. */
const SHOWN = 5;
const FULL_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolves how a person names a run, the same way in every library function and command: `latest` / `latest~N` (the
 * N-th run before the newest), its id, a unique id prefix (at least 4 hex digits, like git), or a unique run name
 * (exact, else ignoring case; spaces around the reference count when a run is named with them, and a name stored with
 * spaces around it is found by the name alone when nothing else matches). Within a project when `projectId` is given. Returns the run id; throws
 * RunReferenceError when nothing matches, listing the candidates when more than one run does.
 */
export async function resolveRunReference(dataSource: DataSource, reference: string, within?: string | RunScope): Promise<string> {
  const scope: RunScope = typeof within === 'string' ? { projectId: within } : (within ?? {});
  const projectId = scope.projectId;
  const ref = reference.trim();
  if (ref === '') throw new RunReferenceError('The run reference is empty: give a run id, an id prefix, a run name, or latest / latest~N.');
  const lookup = new RunLookup(dataSource, scope);
  const latest = /^latest(?:~(\d{1,9}))?$/i.exec(ref);
  if (latest) return lookup.latest(ref, Number(latest[1] ?? 0));
  if (FULL_ID_RE.test(ref)) {
    const [exact] = await lookup.byIdPrefix(ref.toLowerCase().replace(/-/g, ''));
    if (exact?.id === ref.toLowerCase()) return exact.id;
  }
  const prefix = idPrefixOf(ref);
  // Spaces around a reference are the name's own when a run is named so (`--name ' sp '`). An exact name comes before
  // one in another case: the name with its spaces, then without them; then either in any case.
  const attempts: Array<[name: string, ignoreCase: boolean]> =
    reference === ref ? [[ref, false], [ref, true]] : [[reference, false], [ref, false], [reference, true], [ref, true]];
  let byName: Candidate[] = [];
  let bySpacedName = false;
  for (const [name, ignoreCase] of attempts) {
    byName = await lookup.byName(name, ignoreCase);
    if (byName.length > 0) {
      bySpacedName = name !== ref;
      break;
    }
  }
  const byId = bySpacedName || prefix === undefined ? [] : await lookup.byIdPrefix(prefix);
  // Last, a name stored with spaces around it, reached by the name alone.
  if (byName.length === 0 && byId.length === 0) byName = await lookup.byName(ref, true, true);
  const candidates = [...new Map([...byId, ...byName].map((c) => [c.id, c])).values()];
  if (candidates.length === 1) return candidates[0]!.id;
  const where = projectId ? ` in project ${projectId}` : '';
  if (candidates.length === 0) {
    const what =
      prefix !== undefined
        ? `No run id starts with "${ref}" and no run is named "${ref}"${where}.`
        : `No run is named "${ref}"${where}, and it is not a run id, an id prefix ` +
          `(${MIN_ID_PREFIX_DIGITS}+ hex digits; dashes do not count) or latest / latest~N.`;
    throw new RunReferenceError(`${what} List runs with \`llm-eval runs list\`.`);
  }
  const shown = candidates.slice(0, SHOWN).map(describe).join('; ');
  const more = candidates.length > SHOWN ? `; and more` : '';
  throw new RunReferenceError(`"${ref}" is ambiguous${where}: it matches ${shown}${more}. Use the full id or more of its characters.`);
}

function describe(c: Candidate): string {
  const created = c.created_at instanceof Date ? c.created_at.toISOString() : new Date(`${String(c.created_at).replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(String(c.created_at)) ? '' : 'Z'}`).toISOString();
  return `${c.id} "${c.name}" (created ${created.slice(0, 16).replace('T', ' ')} UTC)`;
}

/** The queries of run resolution, scoped to a project when one is given; values always bound. */
class RunLookup {
  private readonly d: SqlDialect;

  private readonly projectId?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runScope: RunScope,
  ) {
    this.d = dialectOf(dataSource);
    this.projectId = runScope.projectId;
  }

  /** `AND "project_id" = $n` (and `AND "project_id" IN (…)`) when scoped, numbering parameters from `n`. */
  private scope(n: number): { sql: string; params: string[] } {
    let sql = '';
    const params: string[] = [];
    if (this.projectId) {
      sql += ` AND "project_id" = ${this.d.param(n + params.length)}`;
      params.push(this.projectId);
    }
    const ids = this.runScope.projectIds;
    if (ids !== undefined) {
      if (ids.length === 0) sql += ' AND 1 = 0';
      else {
        sql += ` AND "project_id" IN (${ids.map((_, i) => this.d.param(n + params.length + i)).join(', ')})`;
        params.push(...ids);
      }
    }
    return { sql, params };
  }

  async latest(ref: string, offset: number): Promise<string> {
    const scope = this.scope(1);
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT "id" FROM "evaluation_runs" WHERE 1=1${scope.sql} ORDER BY "created_at" DESC, "id" DESC LIMIT 1 OFFSET ${offset}`,
      scope.params,
    );
    if (rows[0]) return rows[0].id;
    const [count] = await this.dataSource.query(`SELECT COUNT(*) AS "n" FROM "evaluation_runs" WHERE 1=1${scope.sql}`, scope.params);
    const n = Number(count?.n ?? 0);
    const where = this.projectId ? ` in project ${this.projectId}` : '';
    if (n === 0) throw new RunReferenceError(`There are no runs${where}, so there is no "${ref}".`);
    throw new RunReferenceError(
      `There is no "${ref}": ${n === 1 ? 'only 1 run exists' : `only ${n} runs exist`}${where}, so the oldest is latest~${n - 1}.`,
    );
  }

  /** Runs whose id starts with the hex digits (at most two: enough to tell unique from ambiguous, plus a few to list). */
  async byIdPrefix(hex: string): Promise<Candidate[]> {
    // The ids starting with a prefix form one range of the primary key, on both databases.
    const asUuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    const scope = this.scope(3);
    return this.dataSource.query(
      `SELECT "id", "name", "created_at" FROM "evaluation_runs" WHERE "id" BETWEEN ${this.d.param(1)} AND ${this.d.param(2)}${scope.sql} ORDER BY "id" LIMIT ${SHOWN + 1}`,
      [asUuid(hex.padEnd(32, '0')), asUuid(hex.padEnd(32, 'f')), ...scope.params],
    );
  }

  /**
   * Runs with exactly this name (IDX_runs_name_id), or, with `ignoreCase`, this name in any case; with `trimmed` as
   * well, names whose ASCII whitespace around them is not part of `name` (a scan: only when nothing else matched).
   */
  async byName(name: string, ignoreCase: boolean, trimmed = false): Promise<Candidate[]> {
    const stored = trimmed ? (this.d.kind === 'postgres' ? `BTRIM("name", E' \\t\\n\\r\\f\\x0B')` : `TRIM("name", ' ' || char(9, 10, 13, 12, 11))`) : '"name"';
    const column = ignoreCase ? this.d.lower(stored) : stored;
    const scope = this.scope(2);
    return this.dataSource.query(
      `SELECT "id", "name", "created_at" FROM "evaluation_runs" WHERE ${column} = ${ignoreCase ? this.d.lower(this.d.param(1)) : this.d.param(1)}${scope.sql} ORDER BY "created_at" DESC, "id" DESC LIMIT ${SHOWN + 1}`,
      // Names are stored with NUL and lone surrogates escaped (PostgreSQL refuses a raw NUL parameter).
      [encodeText(name), ...scope.params],
    );
  }
}
