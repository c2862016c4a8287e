import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, closeSync, createWriteStream, lstatSync, openSync, realpathSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors';
import { statOf } from '../file-stat';
import { removeOnExit } from './remove-on-exit';

/** Where an export's chunks go: written in order, then committed (the file is in place) or aborted (nothing left). */
export interface ExportDestination {
  write(chunk: string | Buffer): Promise<void>;
  commit(): Promise<void>;
  abort(): void;
}

/** Standard output. A closed pipe ends the process quietly (bin.ts), as it did when the text was written at once. */
export function stdoutDestination(): ExportDestination {
  return {
    write: async (chunk) => {
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    },
    commit: async () => undefined,
    abort: () => undefined,
  };
}

/**
 * The file of `-o`. A regular file (new or replaced) is written beside its final path and renamed into place when
 * complete, so an export that fails midway leaves the file as it was (or no file), never a part of one; a replaced
 * file keeps its permissions. Anything else (/dev/stdout, a FIFO), or a file in a folder we may not create files in,
 * is written directly. Errors say `Cannot write <file>: …`, as before.
 */
export function openFileDestination(file: string): ExportDestination {
  try {
    return new FileDestination(file);
  } catch (cause) {
    throw cannotWrite(file, cause);
  }
}

const cannotWrite = (file: string, cause: unknown) => new CliError(`Cannot write ${file}: ${(cause as Error).message}`);

class FileDestination implements ExportDestination {
  private stream: WriteStream | undefined;
  /** The file beside the target that is renamed onto it, while that is how it is written. */
  private temp: { path: string; target: string; mode: number | undefined; release: () => void } | undefined;

  constructor(private readonly file: string) {
    const stat = statOf(file);
    const direct = stat !== undefined ? !stat.isFile() : isSymbolicLink(file);
    if (direct) return;
    if (stat) probeWritable(file);
    const target = stat ? realpathSync(file) : file;
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    this.temp = { path: temp, target, mode: stat ? Number(stat.mode & 0o7777n) : undefined, release: removeOnExit(temp) };
  }

  async write(chunk: string | Buffer): Promise<void> {
    try {
      const stream = (this.stream ??= await this.open());
      if (stream.errored) throw stream.errored;
      if (!stream.write(chunk)) await once(stream, 'drain');
    } catch (cause) {
      this.abort();
      throw cannotWrite(this.file, cause);
    }
  }

  async commit(): Promise<void> {
    try {
      const stream = (this.stream ??= await this.open());
      const closed = once(stream, 'close');
      stream.end();
      await closed;
      if (stream.errored) throw stream.errored;
      if (this.temp) {
        if (this.temp.mode !== undefined) chmodSync(this.temp.path, this.temp.mode);
        renameSync(this.temp.path, this.temp.target);
        this.temp.release();
        this.temp = undefined;
      }
    } catch (cause) {
      this.abort();
      throw cannotWrite(this.file, cause);
    }
  }

  abort(): void {
    this.stream?.destroy();
    if (!this.temp) return;
    rmSync(this.temp.path, { force: true });
    this.temp.release();
    this.temp = undefined;
  }

  /** Opens the file on the first chunk, as writeFile created it only once the export was ready. */
  private async open(): Promise<WriteStream> {
    if (this.temp) {
      try {
        return await openStream(this.temp.path, 'wx');
      } catch (cause) {
        if (!['EACCES', 'EPERM', 'EROFS'].includes((cause as NodeJS.ErrnoException).code ?? '')) throw cause;
        this.abort();
      }
    }
    return openStream(this.file, 'w');
  }
}

async function openStream(file: string, flags: string): Promise<WriteStream> {
  const stream = createWriteStream(file, { flags });
  // Errors after opening surface on the next write or on close; this keeps them from being unhandled 'error's.
  stream.on('error', () => undefined);
  await once(stream, 'ready'); // rejects with the error when the file cannot be opened
  return stream;
}

/** Throws what writing over `file` would (EACCES for a read-only file), without changing it. */
function probeWritable(file: string): void {
  closeSync(openSync(file, 'a'));
}

function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
