/**
 * Replay as the server (`dmtrace replay TRACE --as server --listen 127.0.0.1:PORT`): an HTTP(S)
 * server that answers each device with the recorded server messages (server-session.ts), several
 * devices at once, each with its own state keyed by device id + SessionID.
 *
 * Hostile or broken requests never stop it (docs/replay.md "When the device misbehaves"): a body
 * over `maxBody` → 413, a Content-Type that is not SyncML → 415, a body that does not decode to a
 * whole SyncML message → 400, other methods → 405, bytes that are not HTTP → 400, headers over
 * node's 16 KiB → 431, a request (headers and body) not in within `timeoutMs` → 408. A peer that
 * goes away mid-request or fails the TLS handshake is counted as dropped. Each event is one log
 * line naming the peer, and the server keeps serving pipelined, keep-alive and HTTP/1.0 requests.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Credentials } from '../auth/credentials.js';
import type { Encoding } from '../syncml/types.js';
import type { Element } from '../model/tree.js';
import { decodeBody, isSyncML, sessionIdOf, sourceOf } from './dm.js';
import type { Recording } from './recording.js';
import type { ReplayResult } from './live.js';
import { ServerSession } from './server-session.js';

export interface ServerReplayOptions {
  host: string;
  port: number;
  credentials?: Credentials;
  encoding?: Encoding;
  /** Largest request body accepted (bytes); larger → 413. */
  maxBody: number;
  /** Time a request may take to arrive, headers and body, and a TLS handshake may take (ms). */
  timeoutMs: number;
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** One line per event (refused request, dropped connection, session end). */
  log?: (line: string) => void;
  /** Called when a device's session ends (its recording played out, an abort). */
  onSessionEnd?: (r: ReplayResult) => void;
  /** Sessions kept open at once; beyond it the least recently started is dropped. Default 10 000. */
  maxSessions?: number;
  /** Ended sessions kept in ReplayServer.ended (memory stays bounded on a long run). Default 100. */
  keepEnded?: number;
  /** A device silent this long (ms) mid-session has failed it (default: timeoutMs). */
  idleMs?: number;
}

export interface ReplayServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Sessions still open. */
  open(): number;
  /** What the open sessions hold so far (a device that gave up mid-session). */
  unfinished(): ReplayResult[];
  /** The first sessions that ended (at most `keepEnded`; onSessionEnd sees every one). */
  ended: ReplayResult[];
  /** How many sessions ended. */
  endedCount(): number;
  /** Requests refused (4xx) so far. */
  refused: number;
  /** Connections dropped so far: the peer went away mid-request, or its TLS handshake failed. */
  dropped: number;
}

const SYNCML_TYPE = /(syncml|wbxml|xml|octet-stream)/i;
/** How long a refused connection may go on sending before it is cut (a lingering close, RFC 9112 §9.6). */
const LINGER_MS = 2000;
export const UNKNOWN_PEER = 'a peer gone before its address could be read';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * What a clientError from node's HTTP parser means for the peer: an HTTP status to answer with, or
 * 'dropped' when the peer is already gone (it closed or reset the connection mid-request).
 */
export function clientErrorStatus(err: NodeJS.ErrnoException): { status: number; why: string } | 'dropped' {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, why: 'request not received in time' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, why: 'request headers over the 16 KiB limit' };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'HPE_INVALID_EOF_STATE':
      return 'dropped';
    default:
      return { status: 400, why: `bad HTTP request (${err.code ?? err.message})` };
  }
}

/** A failed TLS handshake in a few words. */
export function tlsReason(err: NodeJS.ErrnoException, timeoutMs: number): string {
  const said = `${err.code ?? ''} ${err.message}`;
  if (err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') return `TLS handshake not completed within ${timeoutMs} ms`;
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || /socket hang up|disconnected/i.test(said))
    return 'the peer closed the connection during the TLS handshake';
  if (/http[ _]request/i.test(said)) return 'not TLS (plain HTTP sent to the HTTPS port?)';
  if (/wrong[ _]version[ _]number|unknown[ _]protocol/i.test(said)) return `not TLS (${err.code ?? err.message})`;
  return `TLS handshake failed (${err.code ?? err.message})`;
}

/** "address:port" of a socket, or what was read when it connected. */
function peerOf(socket: Socket, known: WeakMap<object, string>): string {
  if (socket.remoteAddress !== undefined) return `${socket.remoteAddress}:${socket.remotePort ?? '?'}`;
  const parent = (socket as Socket & { _parent?: Socket })._parent;
  return known.get(socket) ?? (parent ? known.get(parent) : undefined) ?? UNKNOWN_PEER;
}

/**
 * End the connection after the answer is written, but keep reading (and discarding) what the peer
 * still sends for up to LINGER_MS: closing at once would reset the connection and the peer could
 * lose the answer (RFC 9112 §9.6).
 */
function lingeringClose(socket: Socket): void {
  socket.end();
  socket.resume();
  const t = setTimeout(() => socket.destroy(), LINGER_MS);
  t.unref();
  socket.once('close', () => clearTimeout(t));
}

/** Why a decoded body is not a whole SyncML message, with the first place the reader gave. */
function notSyncML(dec: ReturnType<typeof decodeBody>): string {
  // A document the reader had to cut short or repair at error level (truncated WBXML, XML that is
  // not well-formed) is refused whole: answering half a message would invent the rest.
  const p = dec.problems.find((x) => x.severity === 'error') ?? dec.problems[0];
  if (p) {
    const where = p.offset !== undefined ? ` at offset ${p.offset}` : p.line !== undefined ? ` at line ${p.line}` : '';
    return `not a SyncML message (${dec.encoding}): ${p.message}${where}`;
  }
  return `not a SyncML message (${dec.encoding})${dec.root ? `: root element is ${dec.root.name}` : ''}`;
}

class ReplayHttpServer {
  readonly sessions = new Map<string, ServerSession>();
  readonly ended: ReplayResult[] = [];
  endedCount = 0;
  refused = 0;
  dropped = 0;
  baseUrl = '';
  private readonly log: (line: string) => void;
  private readonly maxSessions: number;
  private readonly keepEnded: number;
  readonly idleMs: number;
  /** Connections already counted as refused or dropped: a connection is dropped at most once. */
  private readonly accounted = new WeakSet<object>();
  /** TLS connections whose handshake completed: an error before that is a failed handshake. */
  private readonly secured = new WeakSet<object>();
  /** Peer addresses read when each connection opened (a reset socket forgets its own). */
  private readonly peers = new WeakMap<object, string>();

  constructor(
    private readonly rec: Recording,
    private readonly opts: ServerReplayOptions,
  ) {
    this.log = opts.log ?? (() => {});
    this.maxSessions = opts.maxSessions ?? 10_000;
    this.keepEnded = opts.keepEnded ?? 100;
    this.idleMs = opts.idleMs ?? opts.timeoutMs;
  }

  readonly handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    // A peer that goes away before its request is whole: nothing to answer, counted once.
    req.on('error', () =>
      this.drop(req.socket, `${req.method ?? '?'} ${req.url ?? ''}: the peer went away mid-request`),
    );
    const contentType = this.checkRequest(req, res);
    if (contentType === false) {
      req.resume();
      return;
    }
    this.readBody(req, res, contentType);
  };

  /** Method, declared size and Content-Type; false when the request was refused. */
  private checkRequest(req: http.IncomingMessage, res: http.ServerResponse): string | undefined | false {
    if (req.method !== 'POST') {
      this.refuse(req, res, 405, `method ${req.method} not allowed (DM messages are POSTed)`);
      return false;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.opts.maxBody) {
      this.refuse(req, res, 413, `body of ${declared} bytes is over the limit of ${this.opts.maxBody}`, true);
      return false;
    }
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && !SYNCML_TYPE.test(contentType)) {
      this.refuse(req, res, 415, `Content-Type ${contentType} is not a SyncML DM type`);
      return false;
    }
    return contentType;
  }

  /** The body, at most maxBody bytes (a chunked body past it → 413), then the answer. */
  private readBody(req: http.IncomingMessage, res: http.ServerResponse, contentType: string | undefined): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (d: Buffer) => {
      if (over) return;
      size += d.length;
      if (size > this.opts.maxBody) {
        over = true;
        chunks.length = 0;
        this.refuse(req, res, 413, `body over the limit of ${this.opts.maxBody} bytes`, true);
        return;
      }
      chunks.push(d);
    });
    req.on('end', () => {
      if (over) return;
      try {
        this.respond(req, res, new Uint8Array(Buffer.concat(chunks)), contentType);
      } catch (e) {
        this.log(`500 ${req.url ?? ''} from ${this.peer(req.socket)}: internal error: ${(e as Error).message}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('internal error\n');
        }
      }
    });
  }

  private peer(socket: Socket): string {
    return peerOf(socket, this.peers);
  }

  /** An HTTP error with the reason as its body and one log line; `close` ends the connection. */
  private refuse(req: http.IncomingMessage, res: http.ServerResponse, code: number, why: string, close = false): void {
    this.refused++;
    this.accounted.add(req.socket);
    this.log(`${code} ${req.method ?? '?'} ${req.url ?? ''} from ${this.peer(req.socket)}: ${why}`);
    if (res.headersSent) return;
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (code === 405) headers.Allow = 'POST';
    if (close) {
      headers.Connection = 'close';
      // node would destroy the socket as soon as the answer is written; a peer still sending its
      // oversize body would then get a reset instead of the 413.
      const socket = req.socket;
      socket.destroySoon = () => lingeringClose(socket);
    }
    res.writeHead(code, headers);
    res.end(`${why}\n`);
  }

  /** One line and one count for a connection the peer abandoned (not if it was already refused). */
  private drop(socket: object, why: string, peer = this.peer(socket as Socket)): void {
    if (this.accounted.has(socket)) return;
    this.accounted.add(socket);
    this.dropped++;
    this.log(`dropped ${peer}: ${why}`);
  }

  private respond(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Uint8Array,
    contentType: string | undefined,
  ): void {
    if (body.length === 0) {
      this.refuse(req, res, 400, 'empty body: not a SyncML message');
      return;
    }
    const dec = decodeBody(body, contentType);
    if (!isSyncML(dec.root) || dec.problems.some((x) => x.severity === 'error')) {
      this.refuse(req, res, 400, notSyncML(dec));
      return;
    }
    const root = dec.root;
    const { key, session } = this.sessionFor(root, req);
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const t0 = performance.now();
    const a = session.answer(root, body, headers, contentType, dec.encoding);
    session.result.roundTrips.push(performance.now() - t0);
    const out: Record<string, string | number> = { 'Content-Length': a.body.length };
    for (const [k, v] of a.headers) out[k] = v;
    res.writeHead(200, out);
    res.end(a.body);
    if (a.done) this.endSession(key, session);
  }

  /** The device's session (device id + SessionID), started anew on Package 1 MsgID 1. */
  private sessionFor(root: Element, req: http.IncomingMessage): { key: string; session: ServerSession } {
    const device = sourceOf(root) ?? `${req.socket.remoteAddress}`;
    const sid = sessionIdOf(root) ?? '';
    const key = `${device}\u0000${sid}`;
    let s = this.sessions.get(key);
    if (s && s.startsOver(root)) {
      // The device started the same session again (Package 1, MsgID 1): the old state is abandoned.
      this.log(`${device} SessionID ${sid}: Package 1 again, session restarted`);
      this.sessions.delete(key);
      s = undefined;
    }
    if (!s) {
      if (this.sessions.size >= this.maxSessions) {
        const oldest = this.sessions.keys().next().value;
        if (oldest !== undefined) this.sessions.delete(oldest);
      }
      s = new ServerSession(this.rec, device, sid, {
        ...(this.opts.credentials ? { credentials: this.opts.credentials } : {}),
        ...(this.opts.encoding ? { encoding: this.opts.encoding } : {}),
        baseUrl: this.baseUrl,
      });
      this.sessions.set(key, s);
    }
    return { key, session: s };
  }

  private endSession(key: string, s: ServerSession): void {
    this.sessions.delete(key);
    this.endedCount++;
    if (this.ended.length < this.keepEnded) this.ended.push(s.result);
    this.opts.onSessionEnd?.(s.result);
  }

  /**
   * A device silent for longer than idleMs mid-session has failed it: the session ends with a line
   * saying which package the device did not send (and --once gets its result).
   */
  readonly sweep = (): void => {
    const now = Date.now();
    for (const [k, st] of this.sessions) {
      if (now - st.lastActivity < this.idleMs) continue;
      st.result.outcome = 'failed';
      st.result.failure = `the device ${st.device} did not send ${st.expectedNext()} within ${this.idleMs} ms`;
      this.log(st.result.failure);
      this.endSession(k, st);
    }
  };

  /** Every connection's peer address, read while it is known. */
  readonly onConnection = (socket: Socket): void => {
    if (socket.remoteAddress !== undefined)
      this.peers.set(socket, `${socket.remoteAddress}:${socket.remotePort ?? '?'}`);
  };

  readonly onSecureConnection = (socket: Socket): void => {
    this.secured.add(socket);
  };

  /**
   * Bytes node's HTTP parser rejected, a slow request, a peer gone mid-headers; on HTTPS also a
   * failed handshake (node's https server passes tlsClientError on as clientError).
   */
  readonly onClientError = (err: NodeJS.ErrnoException, socket: Socket): void => {
    const verdict = this.opts.tls && !this.secured.has(socket) ? 'handshake' : clientErrorStatus(err);
    if (verdict === 'handshake' || verdict === 'dropped') {
      this.drop(
        socket,
        verdict === 'handshake' ? tlsReason(err, this.opts.timeoutMs) : `the peer went away mid-request (${err.code})`,
      );
      socket.destroy();
      return;
    }
    this.refused++;
    this.accounted.add(socket);
    this.log(`${verdict.status} from ${this.peer(socket)}: ${verdict.why}`);
    if (socket.writable && !socket.destroyed) {
      socket.write(
        `HTTP/1.1 ${verdict.status} ${REASON[verdict.status] ?? 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      lingeringClose(socket);
    } else socket.destroy();
  };
}

export async function startReplayServer(rec: Recording, opts: ServerReplayOptions): Promise<ReplayServer> {
  const s = new ReplayHttpServer(rec, opts);
  const sweeper = setInterval(s.sweep, Math.max(20, Math.min(1000, Math.floor(s.idleMs / 4))));
  sweeper.unref();
  // requireHostHeader off: node would answer a request without Host with a 400 of its own that no
  // log line or count sees; a device that leaves Host out is served (or refused) like any other.
  const server = opts.tls
    ? https.createServer(
        {
          cert: opts.tls.cert,
          key: opts.tls.key,
          noDelay: true,
          requireHostHeader: false,
          handshakeTimeout: opts.timeoutMs,
        },
        s.handle,
      )
    : http.createServer({ noDelay: true, requireHostHeader: false }, s.handle);
  // Slow clients (docs/architecture.md "Limits against hostile input"): the whole request and its headers must arrive in time.
  server.requestTimeout = opts.timeoutMs;
  server.headersTimeout = opts.timeoutMs;
  server.keepAliveTimeout = Math.min(5000, opts.timeoutMs);
  (server as http.Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.max(
    50,
    Math.min(1000, Math.floor(opts.timeoutMs / 4)),
  );
  server.on('connection', s.onConnection);
  server.on('clientError', s.onClientError);
  if (opts.tls) server.on('secureConnection', s.onSecureConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  s.baseUrl = `${opts.tls ? 'https' : 'http'}://${host}:${addr.port}/`;
  return {
    url: s.baseUrl,
    port: addr.port,
    ended: s.ended,
    endedCount: () => s.endedCount,
    get refused() {
      return s.refused;
    },
    get dropped() {
      return s.dropped;
    },
    open: () => s.sessions.size,
    unfinished: () => [...s.sessions.values()].map((x) => x.result),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
