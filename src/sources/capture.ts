/**
 * Captures (pcap, pcapng) to HTTP exchanges: file records → frames → link layer and IP → TCP
 * reassembly → HTTP/1.1 messages, paired per connection (FIFO, so keep-alive and pipelining
 * pair correctly). Everything is push-based and driven chunk by chunk from the input's async
 * iterable; exchanges completed while a chunk was processed are yielded before the next chunk is
 * read, so memory holds one chunk, the open connections' partial messages, and no more.
 */
import type { Exchange, HttpPart } from '../model/exchange.js';
import type { InputProblem } from '../model/problem.js';
import type { ReadContext } from './types.js';
import type { Frame, ReaderIssue } from '../net/frame.js';
import { PcapReader, isPcap } from './pcap.js';
import { PcapngReader, isPcapng } from './pcapng.js';
import { IpDecoder } from '../net/ip.js';
import { TcpReassembler, type ConnSink, type SegmentAt, type TcpConn } from '../net/tcp.js';
import { HttpParser, decodeContent, type HttpMessage, type Role } from '../net/http.js';

/** Sniffs the first bytes of an input: pcap (any of its four magics), pcapng (a section header block), or neither. */
export function isCapture(head: Uint8Array): 'pcap' | 'pcapng' | undefined {
  if (isPcapng(head)) return 'pcapng';
  if (isPcap(head)) return 'pcap';
  return undefined;
}

export interface CaptureSource {
  name: string;
  stream: AsyncIterable<Uint8Array>;
  /** Total size in bytes if known (for progress). */
  size?: number;
}

/** Reads every HTTP exchange of a capture (DM or not), counting and reporting as it goes. Never throws for bad input. */
/** The largest time a Date holds, in ms from the epoch either way (ECMAScript §21.4.1.1). */
const MAX_TIME_MS = 8.64e15;

export async function* readCapture(src: CaptureSource, ctx: ReadContext): AsyncIterable<Exchange> {
  const s = ctx.summary;
  const input = src.name;
  const out: Exchange[] = [];
  let exchangeNo = 0;
  let last: SegmentAt = { frame: 0, offset: 0 };
  const report = (p: Omit<InputProblem, 'input'>): void => ctx.report({ ...p, input });
  const issue = (i: ReaderIssue, severity: InputProblem['severity'] = 'error'): void =>
    report({ severity, code: i.code, message: i.message, offset: i.offset, frame: i.frame });

  const ip = new IpDecoder();
  const tcp = new TcpReassembler((conn) => {
    s.tcpStreams++;
    return new HttpConn(conn, input, ctx, report, (e) => {
      e.id = ++exchangeNo;
      s.httpExchanges++;
      out.push(e);
    });
  });
  let badTimes = 0;
  const onFrame = (f: Frame): void => {
    s.packets++;
    // A timestamp no Date can hold (ECMAScript §21.4.1.1: ±8.64e15 ms; a damaged pcapng
    // timestamp or if_tsresol / if_tsoffset) is dropped: the frame has no time, said once per input.
    if (f.time !== undefined && !(Math.abs(f.time) <= MAX_TIME_MS)) {
      if (badTimes++ === 0)
        report({
          severity: 'warning',
          code: 'capture-bad-timestamp',
          message: `frame time ${f.time} ms is not a date; this frame and any other such are read without a time`,
          offset: f.offset,
          frame: f.no,
        });
      f = { ...f };
      delete f.time;
    }
    last = { frame: f.no, offset: f.offset, time: f.time };
    const pkt = ip.decode(f);
    if (pkt && pkt.proto === 6) tcp.segment(pkt, last);
  };

  let reader: PcapReader | PcapngReader | undefined;
  let head: Uint8Array | undefined;
  let read = 0;
  let garbage = false;
  for await (const chunk0 of src.stream) {
    let chunk = chunk0;
    s.bytes += chunk.length;
    read += chunk.length;
    if (garbage) continue;
    if (!reader) {
      head = head ? Buffer.concat([head, chunk]) : chunk;
      if (head.length < 4) continue;
      const kind = isCapture(head);
      if (!kind) {
        garbage = true;
        report({
          severity: 'error',
          code: 'capture-unknown-format',
          message: `not a pcap or pcapng capture (first bytes ${Buffer.from(head.subarray(0, 4)).toString('hex')})`,
          offset: 0,
        });
        continue;
      }
      reader =
        kind === 'pcap'
          ? new PcapReader(onFrame)
          : new PcapngReader(
              onFrame,
              (type, offset) => {
                s.unknownBlocks++;
                report({
                  severity: 'info',
                  code: 'pcapng-unknown-block',
                  message: `unknown block type 0x${type.toString(16)} at byte offset ${offset} skipped`,
                  offset,
                });
              },
              (i) => issue(i, 'warning'),
            );
      chunk = head;
      head = undefined;
    }
    reader.push(chunk);
    ctx.progress?.(input, read, src.size);
    if (out.length) yield* out.splice(0);
  }
  if (!reader) {
    if (!garbage)
      report({
        severity: 'error',
        code: 'capture-too-short',
        message: `${read} bytes are too few for a capture file`,
        offset: 0,
      });
    return;
  }
  const end = reader.end();
  if (end) issue(end);
  tcp.end(last);
  for (const [lt, n] of ip.unknownLinks)
    report({
      severity: 'warning',
      code: 'capture-unknown-link-type',
      message: `${n} frames with link type ${lt}, which dmtrace cannot decode, were skipped`,
      offset: 0,
    });
  if (ip.fragmentsDropped)
    report({
      severity: 'warning',
      code: 'ip-fragments-dropped',
      message: `${ip.fragmentsDropped} fragmented IP datagrams could not be reassembled (too many pending at once)`,
    });
  yield* out.splice(0);
}

/** Requests waiting for their responses on one connection (pipelining depth seen in practice is a handful). */
const MAX_WAITING = 256;

interface Waiting {
  part?: HttpPart;
  method?: string;
}

/** One TCP connection seen as HTTP: two parsers and the FIFO that pairs requests with responses. */
class HttpConn implements ConnSink {
  private parsers: [HttpParser, HttpParser];
  private roles: [Role | undefined, Role | undefined] = [undefined, undefined];
  private waiting: Waiting[] = [];
  private ignored = false;
  private readonly name: string;

  constructor(
    private readonly conn: TcpConn,
    private readonly input: string,
    private readonly ctx: ReadContext,
    private readonly report: (p: Omit<InputProblem, 'input'>) => void,
    private readonly emit: (e: Exchange) => void,
  ) {
    const mk = (side: 0 | 1): HttpParser =>
      new HttpParser(
        {
          role: (r) => this.setRole(side, r),
          message: (m, at) => this.message(side, m, at),
          lost: (reason, at, started) => this.lost(side, reason, at, started),
          responseToHead: () => this.waiting[0]?.method === 'HEAD',
        },
        ctx.limits.maxBodySize,
      );
    this.parsers = [mk(0), mk(1)];
    this.name = `tcp ${conn.addr[0]} → ${conn.addr[1]} #${conn.id}`;
  }

  data(side: 0 | 1, bytes: Uint8Array, at: SegmentAt): void {
    if (!this.ignored) this.parsers[side].push(bytes, at);
  }

  gap(side: 0 | 1, missing: number, at: SegmentAt, why: 'lost' | 'truncated'): void {
    this.ctx.summary.gaps++;
    const dir = `${this.conn.addr[side]} → ${this.conn.addr[side ^ 1]}`;
    const message =
      why === 'truncated'
        ? `frame ${at.frame} was cut by the snap length: ${missing} bytes of TCP payload ${dir} were not captured`
        : `${missing} bytes of TCP payload ${dir} were not captured before frame ${at.frame} (lost segment)`;
    this.report({
      severity: 'warning',
      code: why === 'truncated' ? 'packet-truncated' : 'tcp-gap',
      message,
      frame: at.frame,
      offset: at.offset,
    });
    if (!this.ignored) this.parsers[side].gap(missing, at);
  }

  fin(side: 0 | 1, at: SegmentAt): void {
    if (!this.ignored) this.parsers[side].end(at);
  }

  close(at: SegmentAt): void {
    if (!this.ignored) {
      this.parsers[0].end(at);
      this.parsers[1].end(at);
    }
    for (const w of this.waiting.splice(0)) if (w.part) this.emit(this.exchange(w.part, undefined));
  }

  private setRole(side: 0 | 1, r: Role): void {
    this.roles[side] = r;
    if (r === 'tls') {
      // Counted once per connection; its content cannot be read.
      if (!this.ignored) this.ctx.summary.tlsConnections++;
      this.ignored = true;
    }
  }

  private part(side: 0 | 1, m: HttpMessage, at: SegmentAt): HttpPart {
    const get = (n: string): string | undefined => m.headers.find(([k]) => k.toLowerCase() === n)?.[1];
    const dec = decodeContent(m.body, get('content-encoding'), this.ctx.limits.maxBodySize);
    if (dec.error)
      this.report({
        severity: 'warning',
        code: 'http-content-encoding',
        message: `${m.kind} completed in frame ${at.frame}: ${dec.error}`,
        frame: at.frame,
        offset: at.offset,
      });
    if (m.bodyCut)
      this.report({
        severity: 'warning',
        code: 'http-body-too-large',
        message: `${m.kind} completed in frame ${at.frame}: body longer than the ${this.ctx.limits.maxBodySize}-byte limit, ${m.bodyCut} bytes dropped`,
        frame: at.frame,
        offset: at.offset,
      });
    const p: HttpPart = {
      direction: m.kind === 'request' ? 'client' : 'server',
      headers: m.headers,
      body: dec.body,
      origin: {
        input: this.input,
        frame: at.frame,
        offset: at.offset,
        time: at.time,
        src: this.conn.addr[side],
        dst: this.conn.addr[side ^ 1],
      },
    };
    if (m.kind === 'request') {
      p.method = m.method;
      p.url = m.url;
    } else {
      p.statusCode = m.statusCode;
      p.statusText = m.statusText;
    }
    const ct = get('content-type');
    if (ct !== undefined) p.contentType = ct;
    return p;
  }

  private message(side: 0 | 1, m: HttpMessage, at: SegmentAt): void {
    if (m.kind === 'request') {
      this.waiting.push({ part: this.part(side, m, at), method: m.method });
      // Bounded: a capture that holds only the client's side would otherwise queue every request.
      if (this.waiting.length > MAX_WAITING) this.emit(this.exchange(this.waiting.shift()!.part, undefined));
      return;
    }
    const code = m.statusCode!;
    // Interim responses (100 Continue, 102, 103) precede the final one (RFC 9110 section 15.2).
    if (code >= 100 && code < 200 && code !== 101) return;
    // A placeholder (a request lost to a gap) has no part: the response comes alone.
    const w = this.waiting.shift();
    this.emit(this.exchange(w?.part, this.part(side, m, at)));
    // The connection switched protocols, or became a tunnel (RFC 9110 sections 15.2.2 and 9.3.6): no more HTTP/1.1 on it.
    if (code === 101 || (w?.method === 'CONNECT' && code < 300)) this.ignored = true;
  }

  private lost(side: 0 | 1, reason: string, at: SegmentAt, started: boolean): void {
    const role = this.roles[side] ?? 'message';
    this.report({
      severity: 'warning',
      code: 'http-message-lost',
      message: `an HTTP ${role} on ${this.name} could not be read: ${reason}; resuming at the next message`,
      frame: at.frame,
      offset: at.offset,
    });
    if (!started) return;
    // Keep the pairing in step: a lost request still gets its response; a lost response releases its request.
    if (role === 'request') this.waiting.push({});
    else if (role === 'response') {
      const w = this.waiting.shift();
      if (w?.part) this.emit(this.exchange(w.part, undefined));
    }
  }

  private exchange(request: HttpPart | undefined, response: HttpPart | undefined): Exchange {
    const e: Exchange = { id: 0, connection: this.name };
    if (request) {
      e.request = request;
      e.server = serverOf(request);
    }
    if (response) e.response = response;
    return e;
  }
}

/** `host[:port]path` from the Host header and the request target (absolute-form wins, RFC 9112 section 3.2.2); the query is left out. */
export function serverOf(req: HttpPart): string {
  const url = req.url ?? '/';
  const abs = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)([^?#]*)/i.exec(url);
  if (abs) return `${abs[1]}${abs[2] || '/'}`;
  const host = req.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? req.origin.dst ?? '';
  return `${host}${url.split(/[?#]/)[0]}`;
}
