/**
 * HAR 1.2 (W3C Web Performance "HTTP Archive (HAR) format", Jan Odvarko's spec 1.2) → exchanges.
 *
 * Read: `log.entries[i].request` (method, url, headers, postData.text) and `.response` (status,
 * statusText, headers, content.text). Bodies:
 *  - `content.encoding: "base64"` (HAR 1.2 §content) is decoded; so is a request's
 *    `postData._encoding: "base64"` (the custom field dmtrace's export writes, HAR 1.2 having no
 *    encoding in postData) and `postData.encoding: "base64"`, which Charles and others write.
 *  - Text bodies are UTF-8 encoded back to bytes, except a WBXML-typed body stored as text whose
 *    characters all fit in a byte (tools that decoded the bytes as Latin-1): those characters are
 *    the bytes.
 * `startedDateTime` gives the request time; the response time is `startedDateTime + time` (the
 * entry's total elapsed time, HAR 1.2 §entries). `serverIPAddress` gives the addresses.
 * Fields starting with `_` (custom fields, HAR 1.2 §custom fields, e.g. dmtrace export's
 * `_dmtrace`) are ignored. The whole file is parsed at once, so it is bounded by
 * `ctx.limits.maxHarSize` (default 256 MiB).
 */
import { problem } from '../model/problem.js';
import type { CodeAt } from '../model/problem-codes.js';
import type { InputSource } from './files.js';
import { readAll } from './stream.js';
import type { Exchange, HttpPart, Origin } from '../model/exchange.js';
import type { ReadContext } from './types.js';

/** Default bound on a HAR file, parsed whole. */
export const DEFAULT_MAX_HAR_SIZE = 256 * 1024 * 1024;

interface HarHeader {
  name?: unknown;
  value?: unknown;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 1-based line and column of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where a JSON.parse error happened: V8 says `at position N` (and newer V8 also `(line L column C)`);
 * "Unexpected end of JSON input" means the end of the text.
 */
function jsonErrorPosition(message: string, text: string): { line: number; column: number } | undefined {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineColumn(text, Number(pos[1]));
  if (/end of JSON input/i.test(message)) return lineColumn(text, text.length);
  // Node 20's V8 names no position for an unexpected token, only the text around it:
  // `Unexpected token 'x', ..."<10 chars before><x><10 after>"... is not valid JSON`.
  const ctx = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (ctx) {
    const [, token, before, snippet] = ctx as unknown as [string, string, string | undefined, string];
    const start = before ? text.indexOf(snippet) : 0;
    const guess = before ? start + JSON_CONTEXT_CHARS : snippet.indexOf(token);
    if (start >= 0 && text[guess] === token) return lineColumn(text, guess);
    const any = start >= 0 ? text.indexOf(token, start) : -1;
    if (any >= 0) return lineColumn(text, any);
  }
  return undefined;
}

/** Characters V8 shows on each side of an unexpected JSON token (v8 JsonParser kMaxContextCharacters). */
const JSON_CONTEXT_CHARS = 10;

function headersOf(v: unknown): Array<[string, string]> {
  if (!Array.isArray(v)) return [];
  const out: Array<[string, string]> = [];
  for (const h of v as HarHeader[]) {
    if (isObject(h) && typeof h.name === 'string')
      out.push([h.name, typeof h.value === 'string' ? h.value : String(h.value ?? '')]);
  }
  return out;
}

function header(headers: Array<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === lower) return v;
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** Turns a HAR body (`text` + optional `encoding`) back into bytes; see the file comment. */
function bodyBytes(
  text: string,
  encoding: unknown,
  contentType: string | undefined,
): { bytes: Uint8Array; problem?: string } {
  if (typeof encoding === 'string' && encoding.toLowerCase() === 'base64') {
    if (!BASE64.test(text))
      return {
        bytes: Buffer.from(text, 'base64'),
        problem: 'body marked base64 holds characters outside the base64 alphabet',
      };
    return { bytes: Buffer.from(text, 'base64') };
  }
  if (typeof encoding === 'string' && encoding !== '') {
    return { bytes: Buffer.from(text, 'utf8'), problem: `unknown body encoding "${encoding}", read as text` };
  }
  if (contentType && /wbxml/i.test(contentType)) {
    if (/^[\u0000-\u00ff]*$/.test(text)) return { bytes: Buffer.from(text, 'latin1') };
    return {
      bytes: Buffer.from(text, 'utf8'),
      problem: 'binary (WBXML) body stored as text: some bytes were lost by the tool that wrote the HAR',
    };
  }
  return { bytes: Buffer.from(text, 'utf8') };
}

/** `host[:port]/path` from a request URL (absolute as HAR requires; a relative one gives undefined). */
export function serverOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return undefined;
  }
}

function address(ip: unknown, url: string | undefined): string | undefined {
  if (typeof ip !== 'string' || ip === '') return undefined;
  let port = '';
  if (url) {
    try {
      const u = new URL(url);
      port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
    } catch {
      /* no port */
    }
  }
  const host = ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
  return port ? `${host}:${port}` : host;
}

/**
 * Reads a HAR file and yields one exchange per entry that has a request (an entry without one is
 * reported with its number). Each entry with a request counts as an HTTP exchange in the summary.
 */
export async function* readHar(src: InputSource, ctx: ReadContext): AsyncGenerator<Exchange> {
  const entries = await harEntries(src, ctx);
  if (!entries) return;
  for (let i = 0; i < entries.length; i++) {
    const e: unknown = entries[i];
    if (!isObject(e) || !isObject(e.request)) {
      ctx.report({
        input: src.name,
        entry: i,
        ...problem('error', 'har-entry-without-request', 'entry without a request object; skipped'),
      });
      continue;
    }
    ctx.summary.httpExchanges++;
    yield harExchange(new HarEntry(src.name, i, e, e.request, ctx));
  }
}

/** `log.entries` of the file, or undefined with one problem (too large, not JSON, not a HAR). */
async function harEntries(src: InputSource, ctx: ReadContext): Promise<unknown[] | undefined> {
  const input = src.name;
  const limit = ctx.limits.maxHarSize ?? DEFAULT_MAX_HAR_SIZE;
  const r = await readAll(src.stream, limit);
  if (r.tooLarge) {
    ctx.report({
      input,
      ...problem('error', 'har-too-large', `HAR larger than the ${limit}-byte limit (maxHarSize); skipped`),
    });
    return undefined;
  }
  const text = new TextDecoder('utf-8').decode(r.bytes);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const where = jsonErrorPosition(msg, text);
    // One line: V8 quotes the text around the error, newlines and all.
    ctx.report({
      input,
      ...problem('error', 'har-malformed-json', `not valid JSON: ${msg.replace(/\s+/g, ' ')}`, where ?? {}),
    });
    return undefined;
  }
  const log = isObject(doc) ? doc.log : undefined;
  const entries = isObject(log) ? log.entries : undefined;
  if (!Array.isArray(entries)) {
    ctx.report({ input, ...problem('error', 'har-no-entries', 'not a HAR file: no log.entries array') });
    return undefined;
  }
  return entries;
}

/** One `log.entries[i]` with a request, and what every part of it needs: time, addresses, a reporter. */
class HarEntry {
  readonly time: number | undefined;
  readonly url: string | undefined;
  readonly serverAddr: string | undefined;

  constructor(
    readonly input: string,
    readonly index: number,
    readonly e: Json,
    readonly request: Json,
    readonly ctx: ReadContext,
  ) {
    const started = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
    this.time = Number.isFinite(started) ? started : undefined;
    this.url = typeof request.url === 'string' ? request.url : undefined;
    this.serverAddr = address(e.serverIPAddress, this.url);
  }

  say(code: CodeAt<'warning'>, message: string): void {
    this.ctx.report({ input: this.input, entry: this.index, ...problem('warning', code, message) });
  }
}

function harExchange(h: HarEntry): Exchange {
  const server = h.url ? serverOf(h.url) : undefined;
  const ex: Exchange = { id: 0, request: harRequest(h), ...(server !== undefined ? { server } : {}) };
  const response = isObject(h.e.response) ? harResponse(h, h.e.response) : undefined;
  // A HAR of an aborted request has status 0 and no content: keep only the request.
  if (response && (response.statusCode !== undefined || response.body.length > 0)) ex.response = response;
  for (const part of [ex.request, ex.response]) {
    if (part && part.body.length > h.ctx.limits.maxBodySize) {
      h.say(
        'body-too-large',
        `${part.direction === 'client' ? 'request' : 'response'} body of ${part.body.length} bytes exceeds the ${h.ctx.limits.maxBodySize}-byte limit (maxBodySize); dropped`,
      );
      part.body = new Uint8Array(0);
    }
  }
  return ex;
}

/** HAR 1.2 §request: method, url, headers, postData (text with mimeType; `_encoding` for base64). */
function harRequest(h: HarEntry): HttpPart {
  const req = h.request;
  const reqHeaders = headersOf(req.headers);
  const post = isObject(req.postData) ? req.postData : undefined;
  const reqType =
    header(reqHeaders, 'content-type') ??
    (post && typeof post.mimeType === 'string' && post.mimeType !== '' ? post.mimeType : undefined);
  const origin: Origin = {
    input: h.input,
    entry: h.index,
    ...(h.time !== undefined ? { time: h.time } : {}),
    ...(h.serverAddr ? { dst: h.serverAddr } : {}),
  };
  const request: HttpPart = {
    direction: 'client',
    ...(typeof req.method === 'string' ? { method: req.method } : {}),
    ...(h.url !== undefined ? { url: h.url } : {}),
    headers: reqHeaders,
    ...(reqType !== undefined ? { contentType: reqType } : {}),
    body: new Uint8Array(0),
    origin,
  };
  if (post && typeof post.text === 'string') {
    const b = bodyBytes(post.text, post._encoding ?? post.encoding, reqType);
    request.body = b.bytes;
    if (b.problem) h.say('har-body-encoding', `request body: ${b.problem}`);
  } else if (isDmType(reqType) && Number(req.bodySize) > 0) {
    // A DM body the HAR declares but does not hold is counted undecodable: every DM body is a message or counted.
    h.ctx.summary.undecodable++;
    h.say('har-body-missing', `request body (${String(req.bodySize)} bytes, ${reqType}) not saved in the HAR`);
  }
  return request;
}

/** HAR 1.2 §response: status, statusText, headers, content (text, encoding, size); time is start + `time`. */
function harResponse(h: HarEntry, res: Json): HttpPart {
  const resHeaders = headersOf(res.headers);
  const content = isObject(res.content) ? res.content : undefined;
  const resType =
    header(resHeaders, 'content-type') ??
    (content && typeof content.mimeType === 'string' && content.mimeType !== '' ? content.mimeType : undefined);
  const elapsed = typeof h.e.time === 'number' && Number.isFinite(h.e.time) && h.e.time >= 0 ? h.e.time : 0;
  const response: HttpPart = {
    direction: 'server',
    ...(typeof res.status === 'number' && res.status > 0 ? { statusCode: res.status } : {}),
    ...(typeof res.statusText === 'string' ? { statusText: res.statusText } : {}),
    headers: resHeaders,
    ...(resType !== undefined ? { contentType: resType } : {}),
    body: new Uint8Array(0),
    origin: {
      input: h.input,
      entry: h.index,
      ...(h.time !== undefined ? { time: h.time + elapsed } : {}),
      ...(h.serverAddr ? { src: h.serverAddr } : {}),
    },
  };
  if (content && typeof content.text === 'string') {
    const b = bodyBytes(content.text, content.encoding, resType);
    response.body = b.bytes;
    if (b.problem) h.say('har-body-encoding', `response body: ${b.problem}`);
    // HAR 1.2 §content: size is the length of the returned content (decoded). A claim beyond
    // maxBodySize that the text does not hold is hostile or cut by the tool that wrote the
    // HAR: said, and what is there is read (nothing is allocated for the claim).
    const size = Number(content.size);
    const max = h.ctx.limits.maxBodySize;
    if (typeof content.size === 'number' && size > max && size > b.bytes.length) {
      h.say(
        'har-body-cut',
        `response body: content.size claims ${size} bytes (over the ${max}-byte limit, maxBodySize) but the HAR holds ${b.bytes.length}; read what is there`,
      );
    }
  } else if (isDmType(resType) && content && Number(content.size) > 0) {
    h.ctx.summary.undecodable++;
    h.say('har-body-missing', `response body (${String(content.size)} bytes, ${resType}) not saved in the HAR`);
  }
  return response;
}

function isDmType(contentType: string | undefined): boolean {
  return !!contentType && /^application\/vnd\.syncml/i.test(contentType.trim());
}
