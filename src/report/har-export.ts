/**
 * `dmtrace export --session ID -o FILE.har`: one session as HAR 1.2 (Jan Odvarko's HTTP Archive
 * 1.2), the normalized trace that replay and other tools read and that dmtrace reads back to the
 * same session (src/sources/har.ts).
 *
 * - One entry per HTTP exchange: the client's message as `request.postData`, the server's as
 *   `response.content`. Messages that came without HTTP (files, logs) are paired the same way:
 *   a client message with the server message that answers it.
 * - XML bodies as text; WBXML (and any body that is not UTF-8 text) as base64: in a response
 *   with `content.encoding: "base64"` (HAR 1.2 §content); in a request, where HAR 1.2's postData
 *   has no encoding field, with the custom field `_encoding: "base64"` (HAR 1.2 "custom fields"
 *   start with an underscore), so HAR 1.2 validators accept the file.
 * - Beside each body, a custom field (HAR 1.2 "custom fields", ignored by readers)
 *   `_dmtrace: { package, msgId, direction, xml? }` — `xml` is the decoded message of a WBXML body.
 * - `startedDateTime` is the request's capture time; `time` the time to the response.
 * - A Package 0 notification tied to the session comes first, as a POST of its bytes
 *   (`application/vnd.syncml.notification`, re-encoded from its fields and digest; a WAP push
 *   wrapper it came in is not kept) to the address it was sent to, answered 200.
 */
import type { HttpPart } from '../model/exchange.js';
import type { Session, SessionMessage } from '../session/types.js';
import { writeXml } from '../xml/write.js';
import { encodeNotification } from '../notification/package0.js';
import type { Notification } from '../session/types.js';

export interface HarNameValue {
  name: string;
  value: string;
}

/** What `_dmtrace` holds beside a body. */
export interface HarDmtrace {
  direction: 'client' | 'server';
  package?: number;
  msgId?: string;
  /** `notification` for a Package 0 body. */
  encoding: 'xml' | 'wbxml' | 'notification';
  /** The decoded message as XML, for WBXML bodies. */
  xml?: string;
}

export interface HarBody {
  mimeType: string;
  text: string;
  encoding?: 'base64';
  _dmtrace?: HarDmtrace;
}

/** HAR 1.2 `postData`: no `encoding` field, so a base64 body says so in `_encoding`. */
export interface HarPostData {
  mimeType: string;
  text: string;
  _encoding?: 'base64';
  _dmtrace?: HarDmtrace;
}

function postData(b: HarBody): HarPostData {
  const { encoding, ...rest } = b;
  return encoding ? { ...rest, _encoding: encoding } : rest;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: HarPostData;
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: HarNameValue[];
    content: HarBody & { size: number };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  serverIPAddress?: string;
  connection?: string;
  comment?: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: HarEntry[];
    comment?: string;
  };
}

const MIME = { xml: 'application/vnd.syncml.dm+xml', wbxml: 'application/vnd.syncml.dm+wbxml' } as const;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function body(
  part: { body: Uint8Array; contentType?: string } | undefined,
  m: SessionMessage | undefined,
): HarBody | undefined {
  if (!part && !m) return undefined;
  const bytes = part?.body ?? m!.message.raw;
  const enc = m?.message.encoding;
  const mimeType = part?.contentType ?? (enc ? MIME[enc] : 'application/octet-stream');
  let text: string | undefined;
  if (enc !== 'wbxml' && !/wbxml/i.test(mimeType)) {
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      text = undefined;
    }
  }
  const out: HarBody =
    text !== undefined
      ? { mimeType, text }
      : { mimeType, text: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
  if (m) {
    const d: HarDmtrace = { direction: m.direction, encoding: m.message.encoding };
    if (m.package !== undefined) d.package = m.package;
    const id = m.message.syncml?.hdr.msgID;
    if (id !== undefined) d.msgId = id;
    if (m.message.encoding === 'wbxml' && m.message.tree) d.xml = writeXml(m.message.tree, { pretty: true });
    out._dmtrace = d;
  }
  return out;
}

function headers(part: HttpPart | undefined, fallbackType: string | undefined): HarNameValue[] {
  if (part) return part.headers.map(([name, value]) => ({ name, value }));
  return fallbackType ? [{ name: 'Content-Type', value: fallbackType }] : [];
}

function requestUrl(s: Session, req: HttpPart | undefined, server: string | undefined): string {
  const url = req?.url;
  if (url && /^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  const hostHeader = req?.headers.find(([k]) => k.toLowerCase() === 'host')?.[1];
  const base = server ?? s.server;
  const host = hostHeader ?? base.split('/')[0] ?? 'localhost';
  const path = url ?? `/${base.split('/').slice(1).join('/')}`;
  return `http://${host}${path.startsWith('/') ? path : `/${path}`}`;
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

const NOTIFICATION_TYPE = 'application/vnd.syncml.notification';

/** Package 0 as an entry: its bytes POSTed to where it went (DM Notification 1.2 over HTTP). */
function notificationEntry(n: Notification): HarEntry {
  const bytes = encodeNotification(
    {
      version: n.version,
      uiMode: n.uiMode,
      initiator: n.initiator,
      sessionId: n.sessionId,
      serverId: n.serverId,
      vendor: n.vendor,
    },
    { digest: Buffer.from(n.digest, 'hex') },
  );
  const url = `http://${n.origin.dst ?? 'device'}/`;
  return {
    startedDateTime: new Date(n.origin.time ?? 0).toISOString(),
    time: 0,
    request: {
      method: 'POST',
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'Content-Type', value: NOTIFICATION_TYPE }],
      queryString: [],
      postData: {
        mimeType: NOTIFICATION_TYPE,
        text: Buffer.from(bytes).toString('base64'),
        _encoding: 'base64',
        _dmtrace: { direction: 'server', encoding: 'notification', package: 0 },
      },
      headersSize: -1,
      bodySize: bytes.length,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown', text: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
  };
}

/** The session as a HAR document. */
export function sessionToHar(
  s: Session,
  creator: { name: string; version: string } = { name: 'dmtrace', version: '0' },
): Har {
  const entries: HarEntry[] = [];
  if (s.notification) entries.push(notificationEntry(s.notification));
  const used = new Set<number>();
  const answerOf = new Map<number, SessionMessage>();
  for (const m of s.messages)
    if (m.direction === 'server' && m.answers !== undefined && !answerOf.has(m.answers)) answerOf.set(m.answers, m);

  for (const m of s.messages) {
    if (used.has(m.index)) continue;
    let client: SessionMessage | undefined;
    let server: SessionMessage | undefined;
    if (m.direction === 'client') {
      client = m;
      server = answerOf.get(m.index);
    } else server = m;
    if (client) used.add(client.index);
    if (server) used.add(server.index);
    const ex = client?.exchange ?? server?.exchange;
    const req = ex && !ex.lone ? ex.request : undefined;
    const res = ex && !ex.lone ? ex.response : undefined;
    const url = requestUrl(s, req, ex?.server);
    const t0 = req?.origin.time ?? client?.message.origin.time ?? server?.message.origin.time;
    const t1 = res?.origin.time ?? server?.message.origin.time;
    const elapsed = t0 !== undefined && t1 !== undefined && t1 >= t0 ? t1 - t0 : 0;
    const reqBody = body(
      req ??
        (client
          ? { body: client.message.raw, contentType: client.message.http?.contentType ?? MIME[client.message.encoding] }
          : undefined),
      client,
    );
    const resBody = body(
      res ??
        (server
          ? { body: server.message.raw, contentType: server.message.http?.contentType ?? MIME[server.message.encoding] }
          : undefined),
      server,
    );
    const status = res?.statusCode ?? (server ? 200 : 0);
    const entry: HarEntry = {
      startedDateTime: new Date(t0 ?? 0).toISOString(),
      time: elapsed,
      request: {
        method: req?.method ?? 'POST',
        url,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: headers(req, reqBody?.mimeType),
        queryString: queryOf(url),
        ...(reqBody ? { postData: postData(reqBody) } : {}),
        headersSize: -1,
        bodySize: req?.body.length ?? client?.message.raw.length ?? 0,
      },
      response: {
        status,
        statusText: res?.statusText ?? (status === 200 ? 'OK' : ''),
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: headers(res, resBody?.mimeType),
        content: {
          size: resBody ? (res?.body.length ?? server?.message.raw.length ?? 0) : 0,
          ...(resBody ?? { mimeType: 'x-unknown', text: '' }),
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: res?.body.length ?? server?.message.raw.length ?? (resBody ? 0 : -1),
      },
      cache: {},
      timings: { send: 0, wait: elapsed, receive: 0 },
    };
    const dst = req?.origin.dst;
    if (dst) entry.serverIPAddress = dst.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^([^:[\]]+):\d+$/, '$1');
    if (ex?.connection) entry.connection = ex.connection;
    entries.push(entry);
  }
  return {
    log: {
      version: '1.2',
      creator,
      pages: [],
      entries,
      comment: `dmtrace session ${s.id} (device ${s.device}, server ${s.server}, SessionID ${s.sessionId}), packages ${s.packages.join(',')}, ${s.outcome}`,
    },
  };
}

export function renderHar(s: Session, creator?: { name: string; version: string }): string {
  return `${JSON.stringify(sessionToHar(s, creator), null, 2)}\n`;
}
