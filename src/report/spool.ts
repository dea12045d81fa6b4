/**
 * Text a report writes later than it learns it (README "What streams"): a JUnit testsuite's
 * testcases, which follow a start tag that carries their counts, and lint json's `sessions`
 * member, which follows `findings`. Kept in memory up to `memoryLimit` bytes, then in a temporary
 * file, so a report's memory does not grow with the run. The file is unlinked as soon as it is
 * open (its descriptor keeps it readable), so nothing is left behind by a run that is killed.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** A byte range of a spool, [start, end). */
export type SpoolRange = readonly [start: number, end: number];

/** Read back in pieces of this many bytes. */
const PIECE = 1 << 20;

export class Spool {
  /** The spool while it is in memory: `size` bytes of it are used. */
  private memory = Buffer.alloc(0);
  private fd: number | undefined;
  /** Set when the file could not be unlinked while open (removed at `close`). */
  private dir: string | undefined;
  private size = 0;

  /** `memoryLimit`: bytes kept in memory before the spool moves to a file (default 4 MiB). */
  constructor(private readonly memoryLimit = 4 * 1024 * 1024) {}

  /** Bytes appended so far. */
  get length(): number {
    return this.size;
  }

  /** Whether the spool has moved to a file. */
  get onDisk(): boolean {
    return this.fd !== undefined;
  }

  /** Appends `text` (UTF-8); its range in the spool. */
  append(text: string): SpoolRange {
    const bytes = Buffer.from(text, 'utf8');
    const start = this.size;
    this.size += bytes.length;
    if (this.fd === undefined && this.size <= this.memoryLimit) {
      if (this.size > this.memory.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.size, this.memory.length * 2, 4096));
        this.memory.copy(grown, 0, 0, start);
        this.memory = grown;
      }
      bytes.copy(this.memory, start);
    } else {
      if (this.fd === undefined) this.toFile(start);
      writeAll(this.fd!, bytes, start);
    }
    return [start, this.size];
  }

  /**
   * Writes the text in `range` (default: all of it) to `write`, read back in pieces of about
   * 1 MiB that end at a line end: a caller that rewrites what it is given (lint's redaction of
   * secrets) sees no line split in two.
   */
  copy(write: (text: string) => void, range: SpoolRange = [0, this.size]): void {
    const [start, end] = range;
    if (end <= start) return;
    if (this.fd === undefined) {
      write(this.memory.toString('utf8', start, end));
      return;
    }
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(Math.min(PIECE, end - start));
    let carry = '';
    for (let at = start; at < end;) {
      const n = readSync(this.fd, buf, 0, Math.min(buf.length, end - at), at);
      if (n === 0) throw new Error(`spool file ended at byte ${at} of ${end}`);
      at += n;
      const text = carry + decoder.write(buf.subarray(0, n));
      const cut = text.lastIndexOf('\n') + 1;
      if (cut > 0 || text.length > 16 * PIECE) {
        const upTo = cut > 0 ? cut : text.length;
        write(text.slice(0, upTo));
        carry = text.slice(upTo);
      } else carry = text;
    }
    const rest = carry + decoder.end();
    if (rest) write(rest);
  }

  /** Closes and removes the file, if any; the spool is empty again. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.fd = undefined;
    this.dir = undefined;
    this.memory = Buffer.alloc(0);
    this.size = 0;
  }

  /** Moves the first `used` bytes (the memory's) to a new file. */
  private toFile(used: number): void {
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-spool-'));
    const file = path.join(dir, 'spool');
    this.fd = openSync(file, 'w+', 0o600);
    try {
      unlinkSync(file);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      this.dir = dir; // a system that cannot unlink an open file: removed at close
    }
    writeAll(this.fd, this.memory.subarray(0, used), 0);
    this.memory = Buffer.alloc(0);
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}
