/**
 * HTTP/1.1 message parsing on a reassembled TCP stream (RFC 9112), incremental: bytes arrive in
 * segment-sized pieces and a message is handed on when its last byte arrives, with the frame that
 * carried that byte.
 *
 * Our own parser rather than http-parser-js: that one is a push parser built for a live socket
 * that throws on malformed input and has no notion of lost bytes, while a capture needs to be told
 * "n bytes are missing here" (skip a known-length body, else resynchronise on the next line that
 * starts a request or a status line) and must never throw. Bodies are framed as section 6.3 says:
 * Transfer-Encoding chunked, else Content-Length, else (responses only) until the connection
 * closes; 1xx, 204 and 304 responses and responses to HEAD have no body (section 6.3 rule 1).
 */
import zlib from 'node:zlib';
import type { SegmentAt } from './tcp.js';
import { copyBytes } from './frame.js';

export interface HttpMessage {
  kind: 'request' | 'response';
  method?: string;
  url?: string;
  statusCode?: number;
  statusText?: string;
  headers: Array<[string, string]>;
  /** Body after Transfer-Encoding chunked is undone (Content-Encoding still applied). */
  body: Uint8Array;
  /** The body was longer than the limit; `body` holds only its start. */
  bodyCut?: number;
  /** Segment that carried the message's first byte. */
  start: SegmentAt;
}

export type Role = 'request' | 'response' | 'tls' | 'other';

/** Request methods that may start a message (RFC 9110 section 9 plus WebDAV/PATCH seen in the wild): used to detect a client and to resynchronise after a gap. */
export const METHODS = [
  'GET',
  'POST',
  'PUT',
  'HEAD',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'CONNECT',
  'TRACE',
  'PROPFIND',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
] as const;
const METHOD_PREFIXES = METHODS.map((m) => Buffer.from(`${m} `));
const STATUS_PREFIX = Buffer.from('HTTP/1.');

/** A TLS record header: handshake (22) with a 3.x version (RFC 8446 section 5.1). */
export function looksLikeTls(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x16 && b[1] === 0x03;
}

function startsWith(b: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > b.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[at + i] !== prefix[i]) return false;
  return true;
}

/** What the start of a stream looks like; undefined while too few bytes are there to tell. */
export function detectRole(b: Uint8Array): Role | undefined {
  if (b.length < 2) return undefined;
  if (looksLikeTls(b)) return 'tls';
  if (startsWith(b, 0, STATUS_PREFIX)) return 'response';
  if (METHOD_PREFIXES.some((m) => startsWith(b, 0, m))) return 'request';
  if (
    b.length < 8 &&
    (STATUS_PREFIX.subarray(0, b.length).equals(b) || METHOD_PREFIXES.some((m) => m.subarray(0, b.length).equals(b)))
  )
    return undefined;
  return 'other';
}

const EMPTY = new Uint8Array(0);

/** A growable byte buffer for header blocks. */
class ByteBuf {
  /** Allocated on first use: most connections in a capture never get this far (TLS, other protocols). */
  buf = EMPTY;
  len = 0;
  append(b: Uint8Array): void {
    if (this.len + b.length > this.buf.length) {
      let n = Math.max(this.buf.length * 2, 1024);
      while (n < this.len + b.length) n *= 2;
      const nb = new Uint8Array(n);
      nb.set(this.buf.subarray(0, this.len));
      this.buf = nb;
    }
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  reset(): void {
    this.len = 0;
    if (this.buf.length > 64 * 1024) this.buf = EMPTY;
  }
}

export const MAX_HEAD = 64 * 1024;
const MAX_LINE = 4096;

type State =
  'start' | 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer' | 'close' | 'resync' | 'ignore';

/** What the parser tells its connection. */
export interface ParserEvents {
  /** The role of this direction became known (from its first bytes). */
  role(r: Role): void;
  message(m: HttpMessage, end: SegmentAt): void;
  /** A message could not be read whole (a gap inside it, a bad header, the connection ended mid-message). `started` = a start line was seen. */
  lost(reason: string, at: SegmentAt, started: boolean): void;
  /** True when the next response has no body (it answers a HEAD). */
  responseToHead(): boolean;
}

/** One direction of an HTTP connection. */
export class HttpParser {
  role: Role | undefined;
  private state: State = 'start';
  private head = new ByteBuf();
  private line = '';
  private remaining = 0;
  private body: Uint8Array[] = [];
  private bodyLen = 0;
  private bodyCut = 0;
  private damaged: string | undefined;
  private msg: HttpMessage | undefined;
  private msgStart: SegmentAt | undefined;
  /** In resync: was the last byte seen a line feed. */
  private atLineStart = true;

  constructor(
    private readonly ev: ParserEvents,
    private readonly maxBody: number,
  ) {}

  push(b: Uint8Array, at: SegmentAt): void {
    let p = 0;
    const n = b.length;
    while (p < n) {
      switch (this.state) {
        case 'ignore':
          return;
        case 'start':
          while (p < n && (b[p] === 13 || b[p] === 10)) p++;
          if (p === n) return;
          this.state = 'head';
          this.msgStart = at;
          this.head.reset();
          break;
        case 'head': {
          const before = this.head.len;
          this.head.append(b.subarray(p));
          const h = this.head.buf;
          if (this.role === undefined) {
            const r = detectRole(h.subarray(0, this.head.len));
            if (r === undefined) return;
            this.role = r;
            this.ev.role(r);
            if (r === 'tls' || r === 'other') {
              this.state = 'ignore';
              return;
            }
          }
          let end = -1;
          for (let i = Math.max(0, before - 3); i + 3 < this.head.len; i++) {
            if (h[i] === 13 && h[i + 1] === 10 && h[i + 2] === 13 && h[i + 3] === 10) {
              end = i + 4;
              break;
            }
          }
          if (end < 0) {
            if (this.head.len > MAX_HEAD) this.fail(`header block longer than ${MAX_HEAD} bytes`, at);
            return;
          }
          p += end - before;
          this.parseHead(h.subarray(0, end), at);
          break;
        }
        case 'body':
        case 'chunk-data': {
          const take = Math.min(this.remaining, n - p);
          this.addBody(b.subarray(p, p + take));
          p += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            if (this.state === 'body') this.complete(at);
            else this.state = 'chunk-end';
          }
          break;
        }
        case 'chunk-size':
        case 'chunk-end':
        case 'trailer': {
          const nl = b.indexOf(10, p);
          const stop = nl < 0 ? n : nl;
          this.line += Buffer.from(b.buffer, b.byteOffset + p, stop - p).toString('latin1');
          p = nl < 0 ? n : nl + 1;
          if (this.line.length > MAX_LINE) return this.fail('chunk line too long', at);
          if (nl < 0) return;
          const line = this.line.replace(/\r$/, '');
          this.line = '';
          this.chunkLine(line, at);
          break;
        }
        case 'close':
          this.addBody(b.subarray(p));
          return;
        case 'resync': {
          const i = this.findStart(b, p);
          if (i < 0) {
            this.atLineStart = b[n - 1] === 10;
            return;
          }
          p = i;
          this.state = 'start';
          break;
        }
      }
    }
  }

  /** `missing` bytes of this direction were not captured. */
  gap(missing: number, at: SegmentAt): void {
    switch (this.state) {
      case 'ignore':
        return;
      case 'resync':
        this.atLineStart = true; // data after a hole starts a segment: a message may start there
        return;
      case 'body':
      case 'chunk-data':
        if (missing < this.remaining) {
          // The framing still holds: skip the lost body bytes, lose only this message.
          this.damaged ??= `${missing} bytes of its body were not captured (frame ${at.frame})`;
          this.remaining -= missing;
          return;
        }
        break;
      case 'close':
        this.damaged ??= `${missing} bytes of its body were not captured (frame ${at.frame})`;
        return;
      case 'start':
        this.state = 'resync';
        this.atLineStart = true;
        return;
    }
    this.fail(`${missing} bytes were not captured (frame ${at.frame})`, at);
    this.atLineStart = true;
  }

  /** The sender closed (FIN/RST or end of capture). */
  end(at: SegmentAt): void {
    if (this.state === 'close') return this.complete(at);
    if (this.state === 'start' || this.state === 'ignore' || this.state === 'resync') return;
    // Say how much was still owed: a Content-Length of 100 MB over a 500-byte body is worth seeing.
    const owed =
      this.state === 'body' || this.state === 'chunk-data'
        ? ` (${this.bodyLen + this.bodyCut} body bytes read, ${this.remaining} more declared)`
        : '';
    this.ev.lost(`the connection ended inside the message${owed}`, at, this.msg !== undefined || this.head.len > 0);
    this.reset('start');
  }

  private findStart(b: Uint8Array, p: number): number {
    const prefixes = this.role === 'response' ? [STATUS_PREFIX] : METHOD_PREFIXES;
    for (let i = p; i < b.length; i++) {
      if (i === p ? !this.atLineStart : b[i - 1] !== 10) continue;
      if (prefixes.some((x) => startsWith(b, i, x))) return i;
    }
    return -1;
  }

  private parseHead(h: Uint8Array, at: SegmentAt): void {
    const text = Buffer.from(h.buffer, h.byteOffset, h.length).toString('latin1');
    const lines = text.split('\n');
    const first = lines[0]!.endsWith('\r') ? lines[0]!.slice(0, -1) : lines[0]!;
    const headers: Array<[string, string]> = [];
    let te: string | undefined;
    let cl: string | undefined;
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.length <= 1) continue;
      if ((l[0] === ' ' || l[0] === '\t') && headers.length) {
        headers[headers.length - 1]![1] += ` ${l.trim()}`; // obsolete line folding (RFC 9112 section 5.2)
        continue;
      }
      const c = l.indexOf(':');
      if (c <= 0) continue;
      const name = l.slice(0, c).trim();
      const value = l.slice(c + 1).trim();
      headers.push([name, value]);
      if (name.length === 14 && name.toLowerCase() === 'content-length') cl ??= value;
      else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') te = value;
    }
    let msg: HttpMessage;
    if (this.role === 'response') {
      const m = /^HTTP\/\d\.\d\s+(\d{3})\s?(.*)$/.exec(first);
      if (!m) return this.fail(`not an HTTP status line: ${JSON.stringify(first.slice(0, 60))}`, at);
      msg = {
        kind: 'response',
        statusCode: Number(m[1]),
        statusText: m[2]!,
        headers,
        body: new Uint8Array(0),
        start: this.msgStart!,
      };
    } else {
      const m = /^([A-Z]+) (\S+) HTTP\/\d\.\d$/.exec(first);
      if (!m) return this.fail(`not an HTTP request line: ${JSON.stringify(first.slice(0, 60))}`, at);
      msg = { kind: 'request', method: m[1]!, url: m[2]!, headers, body: new Uint8Array(0), start: this.msgStart! };
    }
    this.msg = msg;
    this.body = [];
    this.bodyLen = 0;
    this.bodyCut = 0;
    const code = msg.statusCode ?? 0;
    if (
      msg.kind === 'response' &&
      ((code >= 100 && code < 200) || code === 204 || code === 304 || this.ev.responseToHead())
    )
      return this.complete(at);
    if (te && /(^|,)\s*chunked\s*$/i.test(te)) {
      this.state = 'chunk-size';
      return;
    }
    if (cl !== undefined) {
      if (!/^\d+$/.test(cl)) return this.fail(`bad Content-Length ${JSON.stringify(cl)}`, at);
      this.remaining = Number(cl);
      if (this.remaining === 0) return this.complete(at);
      this.state = 'body';
      return;
    }
    if (msg.kind === 'request') return this.complete(at);
    this.state = 'close';
  }

  private chunkLine(line: string, at: SegmentAt): void {
    if (this.state === 'chunk-end') {
      if (line !== '') return this.fail('chunk data not followed by CRLF', at);
      this.state = 'chunk-size';
      return;
    }
    if (this.state === 'trailer') {
      if (line === '') this.complete(at);
      return;
    }
    const m = /^\s*([0-9a-fA-F]+)\s*(;.*)?$/.exec(line);
    if (!m || m[1]!.length > 8) return this.fail(`bad chunk size line ${JSON.stringify(line.slice(0, 40))}`, at);
    const size = parseInt(m[1]!, 16);
    if (size === 0) this.state = 'trailer';
    else {
      this.remaining = size;
      this.state = 'chunk-data';
    }
  }

  private addBody(b: Uint8Array): void {
    if (!b.length) return;
    const room = this.maxBody - this.bodyLen;
    if (room <= 0) {
      this.bodyCut += b.length;
      return;
    }
    const keep = b.length <= room ? b : b.subarray(0, room);
    this.body.push(copyBytes(keep));
    this.bodyLen += keep.length;
    this.bodyCut += b.length - keep.length;
  }

  private complete(at: SegmentAt): void {
    const msg = this.msg!;
    if (this.damaged) {
      this.ev.lost(this.damaged, at, true);
    } else {
      msg.body = this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body);
      if (this.bodyCut) msg.bodyCut = this.bodyCut;
      this.ev.message(msg, at);
    }
    this.reset('start');
  }

  private fail(reason: string, at: SegmentAt): void {
    this.ev.lost(reason, at, this.msg !== undefined || this.head.len > 0);
    this.reset('resync');
    this.atLineStart = false;
  }

  private reset(s: State): void {
    this.state = s;
    this.msg = undefined;
    this.body = [];
    this.bodyLen = 0;
    this.damaged = undefined;
    this.line = '';
    this.head.reset();
  }
}

/** Content-Encoding decoders (RFC 9110 section 8.4.1): zlib with an output cap against decompression bombs. */
const DECODERS: Readonly<Record<string, (b: Uint8Array, max: number) => Buffer>> = {
  gzip: (b, max) => zlib.gunzipSync(b, { maxOutputLength: max }),
  'x-gzip': (b, max) => zlib.gunzipSync(b, { maxOutputLength: max }),
  // "deflate" means zlib-wrapped (RFC 9110 section 8.4.1.2), but some servers send raw deflate.
  deflate: (b, max) =>
    b.length >= 2 && ((b[0]! << 8) | b[1]!) % 31 === 0
      ? zlib.inflateSync(b, { maxOutputLength: max })
      : zlib.inflateRawSync(b, { maxOutputLength: max }),
  br: (b, max) => zlib.brotliDecompressSync(b, { maxOutputLength: max }),
};

/** Undoes Content-Encoding; returns the problem text instead of throwing. */
export function decodeContent(
  body: Uint8Array,
  encoding: string | undefined,
  max: number,
): { body: Uint8Array; error?: string } {
  if (!encoding || !body.length) return { body };
  let out = body;
  // Codings are listed in the order applied: undo from the last (RFC 9110 section 8.4).
  for (const c of encoding
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'identity')
    .reverse()) {
    const dec = DECODERS[c];
    if (!dec) return { body, error: `unknown Content-Encoding ${c}; body kept as sent` };
    try {
      out = dec(out, max);
    } catch (e) {
      const err = e as Error & { code?: string };
      const why =
        err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError
          ? `decoded body exceeds the ${max}-byte limit`
          : err.message;
      return { body, error: `cannot undo Content-Encoding ${c}: ${why}; body kept as sent` };
    }
  }
  return { body: out };
}
