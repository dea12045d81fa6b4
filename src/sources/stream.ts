/**
 * Small async-iterable helpers shared by the input readers: look at the first bytes without losing
 * them, read a whole (bounded) input, count bytes for the summary and the progress line, and split
 * text into lines in bounded memory.
 */
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import type { ReadContext } from './types.js';

/** The first `want` bytes of a stream (fewer if it is shorter) and the whole stream, head included. */
export async function peek(
  stream: AsyncIterable<Uint8Array>,
  want: number,
): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array>; complete: boolean }> {
  const it = stream[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < want) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    buffered.push(r.value);
    have += r.value.length;
  }
  const head = concat(buffered, Math.min(have, want));
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      yield* buffered;
      buffered.length = 0;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      if (!done) await it.return?.();
    }
  }
  return { head, all: all(), complete: done && have <= want };
}

/** Concatenates chunks, keeping at most `limit` bytes. */
export function concat(chunks: Uint8Array[], limit = Infinity): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  total = Math.min(total, limit);
  if (chunks.length === 1 && chunks[0]!.length === total) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    if (at >= total) break;
    const n = Math.min(c.length, total - at);
    out.set(n === c.length ? c : c.subarray(0, n), at);
    at += n;
  }
  return out;
}

/**
 * Reads a whole stream into memory unless it grows beyond `limit` bytes; then stops reading and
 * returns `tooLarge` with what was seen so far counted in `read`.
 */
export async function readAll(
  stream: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<{ bytes: Uint8Array; tooLarge: false } | { tooLarge: true; read: number }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const c of stream) {
    total += c.length;
    if (total > limit) return { tooLarge: true, read: total };
    chunks.push(c);
  }
  return { bytes: concat(chunks), tooLarge: false };
}

/** How often the progress callback is called at most (bytes between calls). */
const PROGRESS_STEP = 1 << 20;

/**
 * Passes a stream through, adding its bytes to `ctx.summary.bytes` and calling `ctx.progress`
 * every megabyte and once at the end. `handOver()` stops counting and takes back what was
 * counted, for a reader that counts its input itself (the capture reader does).
 */
export function counted(
  stream: AsyncIterable<Uint8Array>,
  input: string,
  total: number | undefined,
  ctx: ReadContext,
): { stream: AsyncIterable<Uint8Array>; handOver(): void } {
  let read = 0;
  let on = true;
  async function* gen(): AsyncGenerator<Uint8Array> {
    let next = PROGRESS_STEP;
    for await (const c of stream) {
      if (on) {
        read += c.length;
        ctx.summary.bytes += c.length;
        if (ctx.progress && read >= next) {
          ctx.progress(input, read, total);
          next = read + PROGRESS_STEP;
        }
      }
      yield c;
    }
    if (on) ctx.progress?.(input, read, total);
  }
  return {
    stream: gen(),
    handOver() {
      if (!on) return;
      on = false;
      ctx.summary.bytes -= read;
    },
  };
}

/** Text encodings a log may come in, told by its byte order mark (UTF-8 otherwise). */
export function textEncodingOf(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** One line of text and its 1-based number. `cut` is set when the line was longer than allowed and only its start is kept. */
export interface Line {
  text: string;
  number: number;
  cut?: boolean;
}

/**
 * Splits a byte stream into lines (LF, CRLF or lone CR), decoding it as `encoding` (the BOM is
 * dropped), and yields them in batches (one per input chunk: an await per line would cost more
 * than the splitting). Memory stays bounded: a line longer than `maxLine` characters is cut to
 * `maxLine` and flagged, the rest of it skipped up to the next line end. (node:readline would keep
 * the whole line, however long, in memory.)
 */
export async function* lineBatches(
  stream: AsyncIterable<Uint8Array>,
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be',
  maxLine: number,
): AsyncGenerator<Line[]> {
  // StringDecoder is several times faster than TextDecoder for UTF-8 in Node; it keeps the BOM.
  const sd = encoding === 'utf-16be' ? undefined : new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le');
  const td = encoding === 'utf-16be' ? new TextDecoder('utf-16be') : undefined;
  let first = true;
  let carry = '';
  let cut = false;
  let number = 0;
  let pendingCR = false;
  const emit = (batch: Line[], piece: string): void => {
    const text = cut ? carry : carry + piece;
    const wasCut = cut || text.length > maxLine;
    batch.push(wasCut ? { text: text.slice(0, maxLine), number: ++number, cut: true } : { text, number: ++number });
    carry = '';
    cut = false;
  };
  const split = (s: string): Line[] => {
    const batch: Line[] = [];
    if (first && s.length > 0) {
      first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    let start = 0;
    if (pendingCR && s.charCodeAt(0) === 10) start = 1; // The LF of a CRLF split across chunks.
    if (s.length > 0) pendingCR = false;
    if (s.indexOf('\r', start) < 0) {
      // Fast path: LF only.
      for (let nl = s.indexOf('\n', start); nl >= 0; nl = s.indexOf('\n', start)) {
        emit(batch, s.slice(start, nl));
        start = nl + 1;
      }
    } else {
      for (let i = start; i < s.length; i++) {
        const ch = s.charCodeAt(i);
        if (ch !== 10 && ch !== 13) continue;
        emit(batch, s.slice(start, i));
        if (ch === 13) {
          if (i + 1 < s.length) {
            if (s.charCodeAt(i + 1) === 10) i++;
          } else pendingCR = true;
        }
        start = i + 1;
      }
    }
    if (start < s.length && !cut) {
      carry += s.slice(start);
      if (carry.length > maxLine) {
        carry = carry.slice(0, maxLine);
        cut = true;
      }
    }
    return batch;
  };
  for await (const chunk of stream) {
    const batch = split(
      sd
        ? sd.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        : td!.decode(chunk, { stream: true }),
    );
    if (batch.length > 0) yield batch;
  }
  const last = split(sd ? sd.end() : td!.decode());
  if (carry !== '' || cut)
    last.push(cut ? { text: carry, number: ++number, cut: true } : { text: carry, number: ++number });
  if (last.length > 0) yield last;
}
