import path from 'node:path';
import { InvalidDatabaseUrlError } from '../errors';
import { quotedTextMasker, type QuotedKind } from './quoted-text-masker';
import { redactUrl } from './redact-url';

export { redactUrl } from './redact-url';

/** The environment variable that selects the database. */
export const DATABASE_URL_ENV = 'LLM_EVAL_DATABASE_URL';
/** Used when neither an explicit URL nor the environment variable is given. */
export const DEFAULT_DATABASE_URL = 'sqlite:///./llm_eval_runs.db';

/** A parsed SQLite location. */
export interface SqliteConfig {
  type: 'sqlite';
  /** Absolute file path, or `:memory:`. */
  database: string;
  /** The URL with any secret removed, safe to print. */
  redactedUrl: string;
  busyTimeoutMs: number;
}

/** A parsed PostgreSQL location with pool settings. */
export interface PostgresConfig {
  type: 'postgres';
  host: string;
  port: number;
  username?: string;
  password?: string;
  database: string;
  schema?: string;
  poolSize: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  statementTimeoutMs?: number;
  ssl: false | { rejectUnauthorized: boolean };
  applicationName: string;
  redactedUrl: string;
}

/** Either database configuration. */
export type DatabaseConfig = SqliteConfig | PostgresConfig;

const POSTGRES_PARAMS = new Set([
  'pool_size',
  'poolSize',
  'max',
  'connect_timeout',
  'idle_timeout',
  'statement_timeout',
  'sslmode',
  'ssl',
  'schema',
  'application_name',
]);

/** The database URL in force: the explicit one, else `LLM_EVAL_DATABASE_URL`, else the SQLite default. */
export function resolveDatabaseUrl(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined && explicit.trim() !== '') return explicit.trim();
  const fromEnv = env[DATABASE_URL_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  return DEFAULT_DATABASE_URL;
}

/** Where the URL came from, as the user would recognise it: `--database-url`, `LLM_EVAL_DATABASE_URL`, …. */
export type DatabaseUrlSource = string;

/** Names the origin of the URL that resolveDatabaseUrl would pick, for error messages. */
export function describeUrlSource(explicit?: string, explicitSource?: string, env: NodeJS.ProcessEnv = process.env): DatabaseUrlSource {
  if (explicit !== undefined && explicit.trim() !== '') return explicitSource ?? 'the url option';
  const fromEnv = env[DATABASE_URL_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return DATABASE_URL_ENV;
  return 'the default database URL';
}

/** Text of the user's URL that a reason quotes (see failFrom). */
class Quoted {
  constructor(
    readonly text: string,
    readonly kind: QuotedKind,
  ) {}
}

/** Marks `text`, taken from the user's URL, as quoted in a reason. */
function quoted(text: string): Quoted {
  return new Quoted(text, 'text');
}

/**
 * Marks a query parameter's name or value, as decoded from the user's URL, as quoted in a reason: what follows a
 * secret-looking name in it is masked whatever separates them (`unknown query parameter "password ***"`).
 */
function quotedParameter(text: string): Quoted {
  return new Quoted(text, 'parameter');
}

/** Why a URL is refused: our fixed text, and the pieces of the URL it quotes, marked with quoted() or quotedParameter(). */
type Reason = string | ReadonlyArray<string | Quoted>;

/** The reason of a password that a `#`, `?`, `/` or `@` in it cuts short, so that its tail is read as another part. */
const PASSWORD_ENDS_EARLY = 'the password holds a character that ends it early (#, ?, / or @); percent-encode it';

/** The reason of a user info whose `@` before the host was percent-encoded with the rest (`bob%3Apw%40host`). */
const ENCODED_AT =
  'the "@" before the host is percent-encoded (%40), so the user name and password are read as the host; write that "@" ' +
  '(and the ":" between user name and password) as they are, and percent-encode only the characters inside them';

/** The URL after `scheme://`, up to its end. */
function afterScheme(url: string): string {
  return url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
}

/** True when the URL's user info (up to its last `@`) writes a password: a `:` with something after it. */
function writesPassword(url: string): boolean {
  const after = afterScheme(url);
  const userInfo = after.slice(0, Math.max(0, after.lastIndexOf('@')));
  const colon = userInfo.indexOf(':');
  return colon >= 0 && colon < userInfo.length - 1;
}

/** True when the authority has no `@` but a percent-encoded one: the user info was encoded whole. */
function encodesUserInfoEnd(url: string): boolean {
  const after = afterScheme(url);
  return !after.includes('@') && /%40/i.test(after.split(/[/?#]/)[0]!);
}

function failFrom(url: string, reason: Reason, source: DatabaseUrlSource = `the url option or ${DATABASE_URL_ENV}`): never {
  // A piece quoted from the URL may hold the password (in any spelling), or be a piece of one that a parser cut up:
  // that is masked, and nothing else, so a quoted value reads as typed. The fixed text is never masked, so no word of
  // it or of the hints is garbled.
  const mask = quotedTextMasker(url);
  const safeReason = (typeof reason === 'string' ? [reason] : reason)
    .map((part) => (typeof part === 'string' ? part : mask(part.text, part.kind)))
    .join('');
  throw new InvalidDatabaseUrlError(
    `Invalid database URL "${redactUrl(url)}" (from ${source}): ${safeReason}. ` +
      `Use sqlite:///relative/path.db, sqlite:////absolute/path.db, sqlite::memory: or postgresql://user:password@host:5432/dbname ` +
      `(percent-encode @ : / ? # in the password as %40 %3A %2F %3F %23).`,
  );
}

/**
 * Parses a database URL. Relative SQLite paths resolve against `cwd`.
 * Throws InvalidDatabaseUrlError naming `source` (where the URL came from); never echoes a password.
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd(), source?: DatabaseUrlSource): DatabaseConfig {
  const trimmed = url.trim();
  const fail = (bad: string, reason: Reason): never => failFrom(bad, reason, source);
  if (trimmed === 'sqlite::memory:' || trimmed === 'sqlite:///:memory:') {
    return { type: 'sqlite', database: ':memory:', redactedUrl: 'sqlite::memory:', busyTimeoutMs: 5000 };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (!scheme && /^[a-z][a-z0-9+.-]*\/\//i.test(trimmed)) fail(trimmed, 'the scheme is missing its ":" (write postgresql://…)');
  if (!scheme) fail(trimmed, 'it has no scheme');
  if (scheme === 'sqlite') return parseSqlite(trimmed, cwd, fail);
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgres(trimmed, fail);
  return fail(trimmed, ['unsupported scheme "', quoted(`${scheme}:`), '" (supported: sqlite:, postgres:, postgresql:)']);
}

type Fail = (url: string, reason: Reason) => never;

function intParam(fail: Fail, url: string, name: string, value: string | null, fallback: number, min = 0): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(url, [`query parameter ${name}=`, quotedParameter(value), ` must be a whole number >= ${min}`]);
  return n;
}

function parseSqlite(url: string, cwd: string, fail: Fail): SqliteConfig {
  const match = /^sqlite:\/\/\/(.*)$/i.exec(url);
  if (!match) fail(url, 'a SQLite URL needs three slashes before the path');
  const [rest = '', query = ''] = match[1]!.split('?', 2);
  if (rest === '' || rest === '/') fail(url, 'the SQLite file path is empty');
  const params = new URLSearchParams(query);
  for (const key of params.keys()) {
    if (key !== 'busy_timeout') fail(url, ['unknown query parameter "', quotedParameter(key), '" (SQLite accepts busy_timeout)']);
  }
  const busyTimeoutMs = intParam(fail, url, 'busy_timeout', params.get('busy_timeout'), 5000);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    fail(url, 'the path has an invalid %-escape');
  }
  // sqlite:////abs/path -> "/abs/path"; sqlite:///rel/path -> "rel/path"
  const database = path.isAbsolute(decoded) ? path.normalize(decoded) : path.resolve(cwd, decoded);
  return { type: 'sqlite', database, redactedUrl: redactUrl(url), busyTimeoutMs };
}

function decodePart(fail: Fail, url: string, part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail(url, 'it has an invalid %-escape');
  }
}

/** The URL's authority (user info, host and port): after `scheme://`, up to the first `/`, `?` or `#`. */
function authorityOf(url: string): { authority: string; rest: string } {
  const afterScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const end = afterScheme.search(/[/?#]/);
  return end < 0 ? { authority: afterScheme, rest: '' } : { authority: afterScheme.slice(0, end), rest: afterScheme.slice(end) };
}

/**
 * Whether a password holding an unencoded `#`, `?` or `/` (or `@` before one) was cut short by it: a password was
 * started (`user:…@` or `user:x`, not `host:5432`) and an `@` comes after the authority, so that a parser reads the
 * password's tail as the path, query or fragment and its last piece as the host. 'query' when that `@` is in the
 * query, where it may as well belong to a parameter's value.
 */
function passwordCutShort(url: string): 'query' | 'elsewhere' | undefined {
  const { authority, rest } = authorityOf(url);
  const at = rest.lastIndexOf('@');
  const startsPassword = /^[^@]*:/.test(authority) && (authority.includes('@') || !/:\d*$/.test(authority));
  if (at < 0 || !startsPassword) return undefined;
  const query = rest.indexOf('?');
  const hash = rest.indexOf('#');
  return query >= 0 && query < at && (hash < 0 || hash > at) ? 'query' : 'elsewhere';
}

/** The port written after the host, when it is all digits (`[::1]:99999`, `host:0`). */
function writtenPort(url: string): string | undefined {
  const { authority } = authorityOf(url);
  return /^(?:\[[^\]]*\]|[^:]*):(\d+)$/.exec(authority.slice(authority.lastIndexOf('@') + 1))?.[1];
}

const PORT_OUT_OF_RANGE = (port: string): Reason => ['the port ', quoted(port), ' is out of range (1–65535)'];

function parsePostgres(url: string, failWith: Fail): PostgresConfig {
  // postgresql:/host/db or postgresql:host/db: the host and password would be read as a path.
  if (!/^[a-z]+:\/\//i.test(url.trim())) failWith(url, 'the scheme must be followed by two slashes (postgresql://user:password@host:5432/dbname)');
  const cutShort = passwordCutShort(url);
  if (cutShort === 'elsewhere') failWith(url, PASSWORD_ENDS_EARLY);
  if (encodesUserInfoEnd(url)) failWith(url, ENCODED_AT);
  // An `@` in the query may be a parameter's; but if the URL is wrong in any way, the password is the likelier cause.
  const fail: Fail = cutShort === 'query' ? (bad) => failWith(bad, PASSWORD_ENDS_EARLY) : failWith;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const port = writtenPort(url);
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) fail(url, PORT_OUT_OF_RANGE(port));
    fail(url, 'it is not a well-formed URL');
  }
  if (parsed.password === '' && writesPassword(url)) fail(url, PASSWORD_ENDS_EARLY);
  if (parsed.port !== '' && Number(parsed.port) === 0) fail(url, PORT_OUT_OF_RANGE(writtenPort(url) ?? parsed.port));
  const database = decodePart(fail, url, parsed.pathname.replace(/^\//, ''));
  if (!database) fail(url, 'the database name is missing (…/dbname)');
  if (!parsed.hostname) fail(url, 'the host is missing');
  for (const key of parsed.searchParams.keys()) {
    if (!POSTGRES_PARAMS.has(key)) {
      fail(url, ['unknown query parameter "', quotedParameter(key), `" (accepted: ${[...POSTGRES_PARAMS].join(', ')})`]);
    }
  }
  const q = parsed.searchParams;
  const port = parsed.port ? Number(parsed.port) : 5432;
  const sslmode = (q.get('sslmode') ?? (q.get('ssl') === 'true' ? 'require' : 'disable')).toLowerCase();
  const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
  if (!sslModes.includes(sslmode)) fail(url, `sslmode must be one of ${sslModes.join(', ')}`);
  const ssl =
    sslmode === 'disable' || sslmode === 'allow' || sslmode === 'prefer'
      ? (false as const)
      : { rejectUnauthorized: sslmode !== 'require' };
  const statement = q.get('statement_timeout');
  return {
    type: 'postgres',
    // An IPv6 literal is written in brackets ([::1]); the driver wants the address without them (with them it was
    // looked up by name: "getaddrinfo ENOTFOUND [::1]").
    host: decodePart(fail, url, parsed.hostname.replace(/^\[(.*)\]$/, '$1')),
    port,
    username: parsed.username ? decodePart(fail, url, parsed.username) : undefined,
    password: parsed.password ? decodePart(fail, url, parsed.password) : undefined,
    database,
    schema: q.get('schema') ?? undefined,
    poolSize: intParam(fail, url, 'pool_size', q.get('pool_size') ?? q.get('poolSize') ?? q.get('max'), 10, 1),
    connectTimeoutMs: intParam(fail, url, 'connect_timeout', q.get('connect_timeout'), 10) * 1000,
    idleTimeoutMs: intParam(fail, url, 'idle_timeout', q.get('idle_timeout'), 30) * 1000,
    statementTimeoutMs: statement === null ? undefined : intParam(fail, url, 'statement_timeout', statement, 0),
    ssl,
    applicationName: q.get('application_name') ?? 'llm-eval',
    redactedUrl: redactUrl(url),
  };
}
