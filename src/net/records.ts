/**
 * Splits a byte stream that arrives in chunks of any size into length-prefixed records (pcap
 * records, pcapng blocks) without holding more than one record plus one chunk in memory.
 * Records that lie wholly inside a chunk are handed out as views of that chunk (no copy); only a
 * record that straddles two chunks is assembled in a small buffer.
 */

import { copyBytes } from './frame.js';

/** What a record format tells the splitter. */
export interface RecordFormat {
  /** Bytes needed before `lengthAt` can tell a record's length. */
  readonly headerSize: number;
  /** Total length of the record starting at `pos` (at least `headerSize` bytes are there), or a string saying why the bytes cannot be a record. */
  lengthAt(buf: Uint8Array, pos: number): number | string;
  /** One whole record: `buf[pos, pos + len)`, starting at byte `fileOffset` of the input. Views are valid only during the call. */
  record(buf: Uint8Array, pos: number, len: number, fileOffset: number): void;
}

export type SplitEnd =
  | { kind: 'ok' }
  /** The input ended inside a record: it starts at `offset` and needs `needs` bytes (undefined if not even its header is there), `have` are present. */
  | { kind: 'cut'; offset: number; needs: number | undefined; have: number }
  /** Bytes that cannot be a record at `offset`: the rest is ignored. */
  | { kind: 'bogus'; offset: number; reason: string };

export class RecordSplitter {
  private left: Uint8Array | undefined;
  /** File offset of the next byte not yet handed out as part of a record. */
  private offset = 0;
  private failed: SplitEnd | undefined;

  constructor(private readonly format: RecordFormat) {}

  /** True once bogus bytes stopped the splitter; later chunks are ignored. */
  get stopped(): boolean {
    return this.failed !== undefined;
  }

  push(chunk: Uint8Array): void {
    if (this.failed) return;
    let pos = 0;
    while (this.left) {
      const left = this.left;
      let need = this.format.headerSize;
      if (left.length >= need) {
        const n = this.format.lengthAt(left, 0);
        if (typeof n === 'string') return this.fail(n);
        need = n;
      }
      const take = Math.min(need - left.length, chunk.length - pos);
      const joined = new Uint8Array(left.length + take);
      joined.set(left, 0);
      joined.set(chunk.subarray(pos, pos + take), left.length);
      pos += take;
      this.left = joined;
      if (joined.length < need) {
        if (pos >= chunk.length) return;
        continue; // header now complete: learn the record length
      }
      if (need === this.format.headerSize && joined.length === need) {
        // We only knew the header size; ask for the real length.
        const n = this.format.lengthAt(joined, 0);
        if (typeof n === 'string') return this.fail(n);
        if (n > joined.length) {
          if (pos >= chunk.length) return;
          continue;
        }
      }
      this.left = undefined;
      this.format.record(joined, 0, joined.length, this.offset);
      this.offset += joined.length;
    }
    const f = this.format;
    const end = chunk.length;
    while (pos < end) {
      if (end - pos < f.headerSize) break;
      const n = f.lengthAt(chunk, pos);
      if (typeof n === 'string') return this.fail(n);
      if (end - pos < n) break;
      f.record(chunk, pos, n, this.offset);
      this.offset += n;
      pos += n;
    }
    if (pos < end) this.left = copyBytes(chunk.subarray(pos));
  }

  /** Call at end of input: says whether the input ended between records. */
  end(): SplitEnd {
    if (this.failed) return this.failed;
    const left = this.left;
    if (!left || left.length === 0) return { kind: 'ok' };
    let needs: number | undefined;
    if (left.length >= this.format.headerSize) {
      const n = this.format.lengthAt(left, 0);
      if (typeof n === 'string') return { kind: 'bogus', offset: this.offset, reason: n };
      needs = n;
    }
    return { kind: 'cut', offset: this.offset, needs, have: left.length };
  }

  private fail(reason: string): void {
    this.failed = { kind: 'bogus', offset: this.offset, reason };
    this.left = undefined;
  }
}
