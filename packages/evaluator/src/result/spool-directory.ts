import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportError } from '../errors';

/**
 * Text held on disk instead of in memory until its place in an export comes: a JSON export writes `results` while it
 * reads the items, but `errors`, `item_order` and `failures` come after it in the document, so their parts wait here.
 * Writes wait for 'drain', so a fast reader never piles text up in a file stream's buffer.
 */
export class SpoolDirectory {
  private readonly files: SpoolFile[] = [];

  private constructor(
    private readonly dir: string,
    private readonly release: () => void,
  ) {}

  /**
   * A fresh private directory under the OS temp dir. `onCreated` learns its path and returns what to call once it is
   * deleted (the CLI uses it to delete the directory also when the process is signalled mid-export).
   */
  static async create(onCreated?: (dir: string) => () => void): Promise<SpoolDirectory> {
    let dir: string;
    try {
      dir = await mkdtemp(join(tmpdir(), 'llm-eval-export-'));
    } catch (cause) {
      throw new ExportError(`Cannot create the JSON export's temporary files in ${tmpdir()} (TMPDIR): ${(cause as Error).message}`, { cause });
    }
    return new SpoolDirectory(dir, onCreated?.(dir) ?? (() => undefined));
  }

  /** A new file in the directory. */
  file(name: string): SpoolFile {
    const file = new SpoolFile(join(this.dir, name));
    this.files.push(file);
    return file;
  }

  /** Closes every file and deletes the directory (also after an error or an export stopped midway). */
  async remove(): Promise<void> {
    await Promise.allSettled(this.files.map((f) => f.close()));
    await rm(this.dir, { recursive: true, force: true });
    this.release();
  }
}

/** One spooled text: append while reading, then read back once as Buffers. */
export class SpoolFile {
  private readonly stream: WriteStream;
  private closed = false;

  constructor(private readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    // An error (disk full) surfaces on the next write or close; this keeps it from being an unhandled 'error'.
    this.stream.on('error', () => undefined);
  }

  /** Appends text, waiting while the stream's buffer is full. */
  async write(text: string): Promise<void> {
    if (text === '') return;
    if (this.stream.errored) throw this.stream.errored;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Finishes writing and yields the file's bytes in chunks. */
  async *read(): AsyncGenerator<Buffer> {
    await this.close();
    for await (const chunk of createReadStream(this.path)) yield chunk as Buffer;
  }

  /** Flushes and closes the file (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.stream.destroyed) return;
    const finished = once(this.stream, 'close');
    this.stream.end();
    await finished;
    if (this.stream.errored) throw this.stream.errored;
  }
}
