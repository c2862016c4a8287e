import type { CreateRunInput, Database, ItemInput } from '@llm-eval/storage';
import type { FinalRunState, RecorderBackend } from './recorder-backend';

/**
 * The database side of a recorded run, shared by the in-thread backend and the worker thread.
 * @internal
 */
export class RunWriter implements RecorderBackend {
  private db: Database | undefined;
  private runId: string | undefined;

  /** With `shared`, databases stay open for the next run (the worker does this; it lives as long as the process). */
  constructor(private readonly shared?: Map<string, Promise<Database>>) {}

  private async open(databaseUrl: string | undefined): Promise<Database> {
    const { initializeDatabase } = await import('@llm-eval/storage');
    // A writer appends; it needs little page cache (SQLite's default 16 MiB instead of the 64 MiB readers get).
    const open = () => initializeDatabase({ url: databaseUrl, sqliteCacheMiB: 16 });
    if (!this.shared) return open();
    const key = databaseUrl ?? '';
    let db = this.shared.get(key);
    if (!db) {
      db = open();
      this.shared.set(key, db);
      db.catch(() => this.shared!.delete(key));
    }
    return db;
  }

  async start(databaseUrl: string | undefined, run: CreateRunInput): Promise<string> {
    this.db = await this.open(databaseUrl);
    const created = await this.db.runs.createRun(run);
    this.runId = created.id;
    return created.id;
  }

  async write(items: ItemInput[]): Promise<void> {
    await this.db!.runs.addItems(this.runId!, items);
  }

  async finish(final: FinalRunState, ok: boolean): Promise<void> {
    try {
      if (ok) {
        await this.db!.runs.computeRunMetrics(this.runId!);
        await this.db!.runs.updateRun(this.runId!, final);
      } else {
        await this.db!.runs.updateRun(this.runId!, { ...final, status: 'failed' }).catch(() => undefined);
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (!this.shared) await this.db?.close().catch(() => undefined);
    this.db = undefined;
  }
}
