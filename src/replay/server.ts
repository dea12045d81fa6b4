/**
 * Replay as the server (`dmtrace replay TRACE --as server --listen 127.0.0.1:PORT`): an HTTP(S)
 * server that answers each device with the recorded server messages (server-session.ts), several
 * devices at once, each with its own state keyed by device id + SessionID.
 *
 * Hostile or broken requests never stop it: a body over `maxBody` → 413, a Content-Type that is
 * not SyncML → 415, a body that does not decode to a SyncML message → 400, other methods → 405;
 * each gets one line on the log and the server keeps serving. Slow clients are cut by
 * server.requestTimeout / headersTimeout.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Credentials } from '../auth/credentials.js';
import type { Encoding } from '../syncml/types.js';
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
  /** Time a request may take to arrive, headers and body (ms). */
  timeoutMs: number;
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** One line per event (refused request, session end). */
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
}

const SYNCML_TYPE = /(syncml|wbxml|xml|octet-stream)/i;

export async function startReplayServer(rec: Recording, opts: ServerReplayOptions): Promise<ReplayServer> {
  const log = opts.log ?? (() => {});
  const sessions = new Map<string, ServerSession>();
  const maxSessions = opts.maxSessions ?? 10_000;
  const ended: ReplayResult[] = [];
  const keepEnded = opts.keepEnded ?? 100;
  let endedCount = 0;
  let refused = 0;
  let baseUrl = '';

  const refuse = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    code: number,
    why: string,
    close = false,
  ): void => {
    refused++;
    log(
      `${code} ${req.method ?? '?'} ${req.url ?? ''} from ${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}: ${why}`,
    );
    if (res.headersSent) return;
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (code === 405) headers.Allow = 'POST';
    if (close) headers.Connection = 'close';
    res.writeHead(code, headers);
    res.end(`${why}\n`);
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (req.method !== 'POST') {
      refuse(req, res, 405, `method ${req.method} not allowed (DM messages are POSTed)`);
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > opts.maxBody) {
      refuse(req, res, 413, `body of ${declared} bytes is over the limit of ${opts.maxBody}`, true);
      req.resume();
      return;
    }
    const contentType = req.headers['content-type'];
    if (contentType !== undefined && !SYNCML_TYPE.test(contentType)) {
      refuse(req, res, 415, `Content-Type ${contentType} is not a SyncML DM type`);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (d: Buffer) => {
      if (over) return;
      size += d.length;
      if (size > opts.maxBody) {
        over = true;
        chunks.length = 0;
        refuse(req, res, 413, `body over the limit of ${opts.maxBody} bytes`, true);
        return;
      }
      chunks.push(d);
    });
    req.on('error', () => {});
    req.on('end', () => {
      if (over) return;
      try {
        respond(req, res, new Uint8Array(Buffer.concat(chunks)), contentType);
      } catch (e) {
        log(`500 ${req.url ?? ''}: internal error: ${(e as Error).message}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('internal error\n');
        }
      }
    });
  };

  const idleMs = opts.idleMs ?? opts.timeoutMs;
  /**
   * A device silent for longer than the timeout mid-session has failed it: the session ends with
   * a line saying which package the device did not send (and --once gets its result).
   */
  const sweep = (): void => {
    const now = Date.now();
    for (const [k, st] of sessions) {
      if (now - st.lastActivity < idleMs) continue;
      sessions.delete(k);
      st.result.outcome = 'failed';
      st.result.failure = `the device ${st.device} did not send ${st.expectedNext()} within ${idleMs} ms`;
      log(st.result.failure);
      endedCount++;
      if (ended.length < keepEnded) ended.push(st.result);
      opts.onSessionEnd?.(st.result);
    }
  };
  const sweeper = setInterval(sweep, Math.max(20, Math.min(1000, Math.floor(idleMs / 4))));
  sweeper.unref();

  const respond = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Uint8Array,
    contentType: string | undefined,
  ): void => {
    if (body.length === 0) {
      refuse(req, res, 400, 'empty body: not a SyncML message');
      return;
    }
    const dec = decodeBody(body, contentType);
    // A document the reader had to cut short or repair at error level (truncated WBXML, XML that
    // is not well-formed) is refused whole: answering half a message would invent the rest.
    const broken = dec.problems.find((x) => x.severity === 'error');
    if (!isSyncML(dec.root) || broken) {
      const p = broken ?? dec.problems[0];
      const where = p
        ? p.offset !== undefined
          ? ` at offset ${p.offset}`
          : p.line !== undefined
            ? ` at line ${p.line}`
            : ''
        : '';
      refuse(
        req,
        res,
        400,
        `not a SyncML message (${dec.encoding})${p ? `: ${p.message}${where}` : dec.root ? `: root element is ${(dec.root as { name: string }).name}` : ''}`,
      );
      return;
    }
    const root = dec.root!;
    const device = sourceOf(root) ?? `${req.socket.remoteAddress}`;
    const sid = sessionIdOf(root) ?? '';
    const key = `${device}\u0000${sid}`;
    let s = sessions.get(key);
    if (s && s.startsOver(root)) {
      // The device started the same session again (Package 1, MsgID 1): the old state is abandoned.
      log(`${device} SessionID ${sid}: Package 1 again, session restarted`);
      sessions.delete(key);
      s = undefined;
    }
    if (!s) {
      if (sessions.size >= maxSessions) {
        const oldest = sessions.keys().next().value;
        if (oldest !== undefined) sessions.delete(oldest);
      }
      s = new ServerSession(rec, device, sid, {
        ...(opts.credentials ? { credentials: opts.credentials } : {}),
        ...(opts.encoding ? { encoding: opts.encoding } : {}),
        baseUrl,
      });
      sessions.set(key, s);
    }
    const headers: Array<[string, string]> = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const t0 = performance.now();
    const a = s.answer(root, body, headers, contentType, dec.encoding);
    s.result.roundTrips.push(performance.now() - t0);
    const out: Record<string, string | number> = { 'Content-Length': a.body.length };
    for (const [k, v] of a.headers) out[k] = v;
    res.writeHead(200, out);
    res.end(a.body);
    if (a.done) {
      sessions.delete(key);
      endedCount++;
      if (ended.length < keepEnded) ended.push(s.result);
      opts.onSessionEnd?.(s.result);
    }
  };

  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key, noDelay: true }, handler)
    : http.createServer({ noDelay: true }, handler);
  // Slow clients (docs/architecture.md "Limits against hostile input"): the whole request and its headers must arrive in time.
  server.requestTimeout = opts.timeoutMs;
  server.headersTimeout = opts.timeoutMs;
  server.keepAliveTimeout = Math.min(5000, opts.timeoutMs);
  (server as http.Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.max(
    50,
    Math.min(1000, Math.floor(opts.timeoutMs / 4)),
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const code = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    refused++;
    log(
      `${code} from ${(socket as unknown as { remoteAddress?: string }).remoteAddress ?? '?'}: ` +
        `${err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request not received in time' : `bad HTTP request (${err.code ?? err.message})`}`,
    );
    if (socket.writable)
      socket.end(
        `HTTP/1.1 ${code} ${code === 408 ? 'Request Timeout' : 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
    else socket.destroy();
  });
  server.on('tlsClientError', (err) => log(`TLS handshake failed: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  baseUrl = `${opts.tls ? 'https' : 'http'}://${host}:${addr.port}/`;
  return {
    url: baseUrl,
    port: addr.port,
    ended,
    endedCount: () => endedCount,
    get refused() {
      return refused;
    },
    open: () => sessions.size,
    unfinished: () => [...sessions.values()].map((x) => x.result),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
