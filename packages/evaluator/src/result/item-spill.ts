import { closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ItemResult } from '../run/item-result';
import { exportHead, exportItem, exportRunBlock } from './build-export';
import type { EvaluationResult } from './evaluation-result';
import { JsonExportSections } from './json-export-sections';
import { itemResultSource, resultRunSource } from './result-export-source';
import { removeStaleSpills, spillPrefix } from './stale-spills';

/** Characters a section gathers in memory before they go to its file. */
const FLUSH_CHARS = 1 << 16;

const SECTIONS = ['results', 'errors', 'order', 'failures'] as const;
type Section = (typeof SECTIONS)[number];

interface SectionFile {
  path: string;
  fd: number;
  pending: string;
}

/**
 * Every finished item of a run that keeps none in memory (`keepItems: false`), written to temporary files as the
 * run goes, so the complete result can still be saved when storing the run fails: `saveAs` writes the same JSON
 * export `EvaluationResult.save` writes for a run that kept its items (items in the order they finished). Memory
 * stays flat: an item costs its export text, which goes to disk in 64 KiB writes.
 *
 * Feed it from `onProgress` (`event.type === 'item'`), then `saveAs` on a storage failure and `discard` in any case.
 * A write that fails (disk full) stops the spill; `saveAs` then rejects with that error, the run is not affected.
 */
export class ItemSpill {
  private readonly sections = new JsonExportSections();
  private readonly files: Record<Section, SectionFile>;
  private failure: Error | undefined;
  private closed = false;

  private constructor(private readonly dir: string) {
    const files = {} as Record<Section, SectionFile>;
    for (const name of SECTIONS) {
      const path = join(dir, name);
      files[name] = { path, fd: openSync(path, 'wx', 0o600), pending: '' };
    }
    this.files = files;
  }

  /**
   * Creates the spill's private directory (`llm-eval-spill-<pid>-…`) under `directory` (default: the OS temp dir),
   * first removing the spills there of processes killed before they could remove theirs.
   */
  static create(directory: string = tmpdir()): ItemSpill {
    removeStaleSpills(directory);
    const dir = mkdtempSync(join(directory, spillPrefix()));
    try {
      return new ItemSpill(dir);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The spill's directory (removed by `discard`). */
  get directory(): string {
    return this.dir;
  }

  /** Items written so far. */
  get size(): number {
    return this.sections.size;
  }

  /** Appends one finished item. Never throws: a failed write stops the spill and is reported by `saveAs`. */
  add(item: ItemResult): void {
    if (this.failure || this.closed) return;
    try {
      const texts = this.sections.add(exportItem(itemResultSource(item)));
      for (const name of SECTIONS) {
        const text = texts[name];
        if (text === '') continue;
        const file = this.files[name];
        file.pending += text;
        if (file.pending.length >= FLUSH_CHARS) this.flush(file);
      }
    } catch (error) {
      this.failure = error as Error;
    }
  }

  private flush(file: SectionFile): void {
    if (file.pending === '') return;
    const text = file.pending;
    file.pending = '';
    const bytes = Buffer.from(text, 'utf8');
    // A write may take fewer bytes than it was given: go on from where it stopped.
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(file.fd, bytes, offset);
  }

  /**
   * What a save of `result` writes, in order: text, or a spilled section to copy. Flushes every buffered item first and
   * throws (before any file is created) when the spill was discarded or could not be kept on disk.
   */
  private savePieces(result: EvaluationResult): Array<string | { copy: Section }> {
    if (this.closed) throw new Error('the item spill was discarded');
    if (!this.failure) {
      try {
        for (const name of SECTIONS) this.flush(this.files[name]);
      } catch (error) {
        this.failure = error as Error;
      }
    }
    if (this.failure) throw new Error(`the items could not be kept on disk (${this.failure.message})`, { cause: this.failure });
    const source = resultRunSource(result);
    return [
      this.sections.opening(exportHead(source, this.sections.size)),
      { copy: 'results' },
      this.sections.afterResults(),
      { copy: 'errors' },
      this.sections.afterErrors(exportRunBlock(source)),
      { copy: 'order' },
      this.sections.afterOrder(),
      { copy: 'failures' },
      this.sections.closing(),
    ];
  }

  /**
   * Writes `result` (the run these items belong to; it may have kept no items) with every spilled item to `path`,
   * as JSON in the export format (`llm-eval db migrate` imports it).
   */
  async saveAs(result: EvaluationResult, path: string): Promise<void> {
    const pieces = this.savePieces(result);
    const out = await open(path, 'w', 0o600);
    try {
      for (const piece of pieces) {
        if (typeof piece === 'string') await out.write(piece);
        else for await (const chunk of createReadStream(this.files[piece.copy].path)) await out.write(chunk as Buffer);
      }
    } finally {
      await out.close();
    }
  }

  /**
   * What `saveAs` writes, written synchronously: for a process that is ending now (a `process.exit()` in task code
   * runs only synchronous 'exit' listeners). Creates `path` (it must not exist) and throws as `saveAs` rejects.
   */
  saveAsSync(result: EvaluationResult, path: string): void {
    const pieces = this.savePieces(result);
    const out = openSync(path, 'w', 0o600);
    try {
      const write = (data: string | Buffer) => {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(out, bytes, offset);
      };
      // Copied a megabyte at a time: memory stays flat however many items were spilled.
      const chunk = Buffer.allocUnsafe(1 << 20);
      const copy = (name: Section) => {
        const from = openSync(this.files[name].path, 'r');
        try {
          for (let read = readSync(from, chunk); read > 0; read = readSync(from, chunk)) write(chunk.subarray(0, read));
        } finally {
          closeSync(from);
        }
      };
      for (const piece of pieces) {
        if (typeof piece === 'string') write(piece);
        else copy(piece.copy);
      }
    } finally {
      closeSync(out);
    }
  }

  /** Closes and deletes the spill's files (idempotent). */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    for (const name of SECTIONS) {
      try {
        closeSync(this.files[name].fd);
      } catch {
        // already closed
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
