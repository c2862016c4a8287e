/** One cached response body, valid while the database version is unchanged and until it expires. */
interface Entry {
  version: string;
  expiresAt: number;
  body: string;
}

/** Limits of the response cache. */
export interface ResponseCacheLimits {
  /** How long a response may be reused at most, in milliseconds (it is also dropped by any database change). */
  ttlMs: number;
  maxEntries?: number;
  maxBytes?: number;
  /** Bodies larger than this are not cached. */
  maxEntryBytes?: number;
}

/**
 * Bodies of recent read responses, keyed by request. An entry is served only while the database version it was read
 * at is still current (so never after a write, see database-version.ts) and for at most `ttlMs`: a run's
 * running/abandoned state depends on its writer's liveness and relative dates on the clock, which no write announces.
 * Least recently used entries go first when the entry or byte limit is reached.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;

  constructor(private readonly limits: ResponseCacheLimits) {
    this.maxEntries = limits.maxEntries ?? 1000;
    this.maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
    this.maxEntryBytes = limits.maxEntryBytes ?? 2 * 1024 * 1024;
  }

  /** The cached body for `key` if it was read at `version` and has not expired. */
  get(key: string, version: string, now = Date.now()): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version || entry.expiresAt <= now) {
      this.remove(key, entry);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.body;
  }

  /** Keeps `body`, read at `version`. */
  set(key: string, version: string, body: string, now = Date.now()): void {
    const size = body.length * 2;
    if (size > this.maxEntryBytes) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, { version, expiresAt: now + this.limits.ttlMs, body });
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(k, e);
    }
  }

  /** How many responses are kept. */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.body.length * 2;
  }
}
