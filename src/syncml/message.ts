/**
 * One SyncML DM message from its bytes: which encoding, is it SyncML at all, decode it into tree and
 * model, and which side sent it.
 *
 * Detection order (as libwbxml and Wireshark do it, content before labels): the bytes themselves
 * (WBXML: a version byte 0x00–0x03 followed by a plausible public id; XML: an optional BOM and
 * whitespace, then `<`), then the Content-Type (`…+wbxml`, `…+xml`) only when the bytes say
 * neither. A Content-Type that contradicts the bytes is reported, the bytes win.
 */
import { readWbxml } from '../wbxml/read.js';
import { languageByFpi, languageByPublicId } from '../wbxml/codepages/index.js';
import { readXml } from '../xml/read.js';
import { problem } from '../model/problem.js';
import type { Problem, Severity } from '../model/problem.js';
import { DEFAULT_DECODE_LIMITS } from '../model/limits.js';
import type { Direction, HttpPart, Origin } from '../model/exchange.js';
import { buildSyncML, compactSyncML } from './model.js';
import { compactTree } from '../model/tree.js';
import type { Command, Encoding, Message, SyncML } from './types.js';

/** Reads an mb_u_int32 (WBXML 1.3 §5.1) at `pos`; undefined when truncated or over 5 bytes. */
function mbAt(bytes: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const b = bytes[pos + i];
    if (b === undefined) return undefined;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return undefined;
}

/**
 * Public ids a WBXML document may plausibly carry: 0 (FPI in the string table follows), 1
 * (unknown), the WAP-registered small ids (0x02–0x7F), and the SyncML/OMA ranges (0x0FD0–0x0FFF,
 * 0x1100–0x12FF), which hold every id dmtrace knows.
 */
function plausiblePublicId(id: number): boolean {
  return (
    id <= 0x7f ||
    (id >= 0x0fd0 && id <= 0x0fff) ||
    (id >= 0x1100 && id <= 0x12ff) ||
    languageByPublicId(id) !== undefined
  );
}

interface WbxmlPrefix {
  version: number;
  publicId: number;
  /** The FPI when the public id is a string-table literal and it could be read. */
  fpi?: string;
  /** Offset of the first body byte. */
  body: number;
}

/** Parses just enough of a WBXML header to recognise it; undefined when it is not one. */
function wbxmlPrefix(bytes: Uint8Array): WbxmlPrefix | undefined {
  const version = bytes[0];
  if (version === undefined || version > 0x03) return undefined;
  const pid = mbAt(bytes, 1);
  if (!pid || !plausiblePublicId(pid.value)) return undefined;
  let pos = pid.next;
  let index = -1;
  if (pid.value === 0) {
    const idx = mbAt(bytes, pos);
    if (!idx) return undefined;
    index = idx.value;
    pos = idx.next;
  }
  if (version > 0) {
    const charset = mbAt(bytes, pos);
    if (!charset) return undefined;
    pos = charset.next;
  }
  const len = mbAt(bytes, pos);
  if (!len) return undefined;
  const strStart = len.next;
  const body = strStart + len.value;
  const prefix: WbxmlPrefix = { version, publicId: pid.value, body };
  // The FPI is read only as far as the bytes go: a short document may declare a string table
  // (and an index into it) that it does not hold.
  const from = strStart + index;
  if (index >= 0 && index < len.value && from < bytes.length) {
    let end = from;
    const stop = Math.min(body, bytes.length);
    while (end < stop && bytes[end] !== 0) end++;
    prefix.fpi = Buffer.from(bytes.buffer, bytes.byteOffset + from, end - from).toString('latin1');
  }
  return prefix;
}

/** Index of the first byte after a BOM and whitespace (UTF-8 only; UTF-16 BOMs end at 2). */
function xmlStart(bytes: Uint8Array): number | undefined {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  else if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) return 2;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c ? i : undefined;
}

/** The encoding a Content-Type names, if any (`application/vnd.syncml.dm+wbxml; charset=…`). */
export function encodingOfContentType(contentType: string | undefined): Encoding | undefined {
  if (!contentType) return undefined;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type.endsWith('+wbxml') || type.endsWith('/wbxml') || type === 'application/vnd.wap.wbxml') return 'wbxml';
  if (type.endsWith('+xml') || type.endsWith('/xml')) return 'xml';
  return undefined;
}

/** XML or WBXML, by content first, then by Content-Type; undefined when neither. */
export function detectEncoding(bytes: Uint8Array, contentType?: string): Encoding | undefined {
  if (xmlStart(bytes) !== undefined) return 'xml';
  if (wbxmlPrefix(bytes)) return 'wbxml';
  return encodingOfContentType(contentType);
}

const SYNCML_PUBLIC_IDS: ReadonlySet<number> = new Set([0x0fd1, 0x0fd3, 0x1201]);

/** Local name of the root element of an XML document, found without parsing it all. */
function xmlRootName(bytes: Uint8Array): string | undefined {
  const start = xmlStart(bytes);
  if (start === undefined) return undefined;
  // the prolog is short: declaration, comments, DOCTYPE, PIs
  const utf16 = bytes[0] === 0xfe ? 'utf-16be' : bytes[0] === 0xff ? 'utf-16le' : undefined;
  const head = new TextDecoder(utf16 ?? 'utf-8').decode(bytes.subarray(start, start + 4096)).replace(/^[\s]+/, '');
  // Past the end of `token` searched from `from`, or -1 when the head does not hold it. (An unclosed
  // `<?` after the first characters once sent this loop back to the same `<` for ever: fuzz pcapng,
  // seed 12, iteration 344,797.)
  const past = (token: string, from: number) => {
    const j = head.indexOf(token, from);
    return j === -1 ? -1 : j + token.length;
  };
  let i = 0;
  for (;;) {
    i = head.indexOf('<', i);
    if (i === -1) return undefined;
    if (head.startsWith('<?', i)) i = past('?>', i + 2);
    else if (head.startsWith('<!--', i)) i = past('-->', i + 4);
    else if (head.startsWith('<!', i)) {
      // DOCTYPE, possibly with an internal subset
      const bracket = head.indexOf('[', i);
      const gt = head.indexOf('>', i);
      i = bracket !== -1 && (gt === -1 || bracket < gt) ? past(']', bracket) : gt === -1 ? -1 : gt + 1;
    } else {
      const m = /^<([^\s/>]+)/.exec(head.slice(i, i + 256));
      if (!m) return undefined;
      const name = m[1]!;
      return name.slice(name.indexOf(':') + 1);
    }
    if (i === -1) return undefined;
  }
}

/**
 * Recognisably SyncML: WBXML with a SyncML public id or FPI, or (unknown id) whose first tag is
 * SyncML on page 0 (0x2D, with content 0x6D); XML whose root element is SyncML.
 */
export function isSyncML(bytes: Uint8Array, contentType?: string): boolean {
  const enc = detectEncoding(bytes, contentType);
  if (enc === 'xml') return xmlRootName(bytes) === 'SyncML';
  if (enc !== 'wbxml') return false;
  const w = wbxmlPrefix(bytes);
  if (!w) return false;
  if (SYNCML_PUBLIC_IDS.has(w.publicId)) return true;
  if (w.fpi !== undefined) {
    const lang = languageByFpi(w.fpi);
    if (lang) return lang.name.startsWith('SyncML');
    if (/\/\/DTD SyncML /i.test(w.fpi)) return true;
  }
  // skip a SWITCH_PAGE 0 and PIs are rare: look at the first tag token (SyncML = 0x2D on page 0)
  let pos = w.body;
  if (bytes[pos] === 0x00 && bytes[pos + 1] === 0x00) pos += 2;
  const tag = bytes[pos];
  return tag !== undefined && (tag & 0x3f) === 0x2d;
}

const URL_RE = /^https?:\/\//i;
/** Device identifiers as DevInfo/DevId carries them (docs/dm-facts.md §9: a URN such as `IMEI:…`). */
const DEVICE_ID_RE = /^(?:IMEI|IMSI|MEID|ESN|MAC|UUID|urn):/i;

const CLIENT_ALERTS: ReadonlySet<string> = new Set(['1200', '1201', '1224', '1226']);
const SERVER_ALERTS: ReadonlySet<string> = new Set(['1100', '1101', '1102', '1103', '1104']);
/** Commands only a DM server sends (docs/dm-facts.md §3.3: a client sends Replace, Results, Alert, Status only). */
const SERVER_COMMANDS: ReadonlySet<string> = new Set(['Add', 'Atomic', 'Copy', 'Delete', 'Exec', 'Get', 'Sequence']);

function bodyEvidence(cmds: readonly Command[], seen: { client: boolean; server: boolean }): void {
  for (const c of cmds) {
    if (c.name === 'Results') seen.client = true;
    else if (c.name === 'Alert' && c.data !== undefined) {
      if (CLIENT_ALERTS.has(c.data)) seen.client = true;
      else if (SERVER_ALERTS.has(c.data)) seen.server = true;
    } else if (SERVER_COMMANDS.has(c.name)) seen.server = true;
  }
}

/**
 * Which side sent a message, from the message alone: the commands first (Alert 1200/1201/1224/1226
 * and Results come from the client; Get/Add/Delete/Exec/Copy/Atomic/Sequence and UI alerts from the
 * server), then the header (docs/dm-facts.md §3.2: a client's Source is its device id, its Target the server
 * URL; a server's the reverse). Undefined when nothing tells.
 */
export function inferDirection(syncml: SyncML): Direction | undefined {
  const seen = { client: false, server: false };
  bodyEvidence(syncml.body, seen);
  if (seen.client !== seen.server) return seen.client ? 'client' : 'server';
  const target = syncml.hdr.target?.locURI ?? '';
  const source = syncml.hdr.source?.locURI ?? '';
  const targetUrl = URL_RE.test(target);
  const sourceUrl = URL_RE.test(source);
  if (targetUrl && !sourceUrl) return 'client';
  if (sourceUrl && !targetUrl) return 'server';
  const targetDevice = DEVICE_ID_RE.test(target);
  const sourceDevice = DEVICE_ID_RE.test(source);
  if (sourceDevice && !targetDevice) return 'client';
  if (targetDevice && !sourceDevice) return 'server';
  return undefined;
}

export interface DecodeMessageOptions {
  origin: Origin;
  contentType?: string;
  /** Known direction (e.g. from HTTP request/response); otherwise taken from `http` or inferred. */
  direction?: Direction;
  http?: HttpPart;
  /** Nesting limit for both readers (default 64). */
  maxDepth?: number;
  /** Most problems listed for the message (default 100, src/model/limits.ts); the rest are counted in one. */
  maxProblems?: number;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/**
 * Keeps the first `max` problems of a message and counts the rest in one `syncml-too-many-problems`
 * problem at the worst severity among them, placed where the first of them was (README "Limits":
 * a message of 300 unknown elements lists 100, then "200 more"). In place.
 */
export function capProblems(problems: Problem[], max: number): void {
  if (problems.length <= max) return;
  const rest = problems.splice(max);
  let worst: Severity = 'info';
  const byCode = new Map<string, number>();
  for (const p of rest) {
    if (SEVERITY_RANK[p.severity] > SEVERITY_RANK[worst]) worst = p.severity;
    byCode.set(p.code, (byCode.get(p.code) ?? 0) + 1);
  }
  const first = rest[0]!;
  const kinds = [...byCode]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([code, n]) => `${code} ×${n}`)
    .join(', ');
  const where: Omit<Problem, 'severity' | 'code' | 'message'> = {};
  for (const k of ['offset', 'line', 'column', 'path'] as const)
    if (first[k] !== undefined) where[k] = first[k] as never;
  problems.push(
    problem(
      worst,
      'syncml-too-many-problems',
      `${rest.length} more problems in this message are not listed (maxProblems ${max}): ${kinds}${byCode.size > 5 ? ', …' : ''}`,
      where,
    ),
  );
}

function firstBytes(bytes: Uint8Array): string {
  const head = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length === 0 ? 'the body is empty' : `first bytes ${head}${bytes.length > 8 ? ' …' : ''}`;
}

/**
 * The SyncHdr of a message, read without the rest (README "--jobs": which device a message is of,
 * before a worker decides to decode it): the readers stop where the root's first SyncHdr ends, so
 * this is the header decodeMessage gives for the same bytes and limits. Undefined where
 * decodeMessage would give no SyncML (not XML or WBXML, no SyncML root) or could not say.
 */
export function peekHeader(
  bytes: Uint8Array,
  opts: { contentType?: string; maxDepth?: number } = {},
): SyncML['hdr'] | undefined {
  try {
    const detected = detectEncoding(bytes, opts.contentType);
    if (detected === undefined) return undefined;
    const readOpts = { stopAfterHeader: true, ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}) };
    const root = detected === 'wbxml' ? readWbxml(bytes, readOpts).root : readXml(bytes, readOpts).root;
    return root ? buildSyncML(root).syncml?.hdr : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes one message: the right reader, the model, all problems. Never throws. */
export function decodeMessage(bytes: Uint8Array, opts: DecodeMessageOptions): Message {
  const problems: Problem[] = [];
  const contentType = opts.contentType ?? opts.http?.contentType;
  const declared = encodingOfContentType(contentType);
  const detected = detectEncoding(bytes, contentType);
  const msg: Message = { raw: bytes, encoding: detected ?? declared ?? 'xml', problems, origin: opts.origin };
  if (opts.http) msg.http = opts.http;
  const direction = opts.direction ?? opts.http?.direction;
  if (direction) msg.direction = direction;

  try {
    if (detected === undefined) {
      problems.push(
        problem(
          'error',
          'syncml-unknown-encoding',
          `neither XML nor WBXML (${firstBytes(bytes)}${contentType ? `; Content-Type ${contentType}` : ''})`,
          { offset: 0 },
        ),
      );
      return msg;
    }
    if (declared !== undefined && declared !== detected) {
      problems.push(
        problem(
          'warning',
          'syncml-content-type-mismatch',
          `Content-Type ${contentType} says ${declared.toUpperCase()} but the body is ${detected.toUpperCase()}; read as ${detected.toUpperCase()}`,
          { offset: 0 },
        ),
      );
    }
    const readOpts = opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {};
    if (detected === 'wbxml') {
      const r = readWbxml(bytes, readOpts);
      for (const p of r.problems) problems.push(p);
      if (r.header) msg.wbxml = r.header;
      if (r.root) msg.tree = r.root;
    } else {
      const r = readXml(bytes, readOpts);
      for (const p of r.problems) problems.push(p);
      if (r.root) msg.tree = r.root;
    }
    if (msg.tree) {
      // A message is kept for its session's life: its arrays get exactly the room they use.
      compactTree(msg.tree);
      const m = buildSyncML(msg.tree);
      for (const p of m.problems) problems.push(p);
      if (m.syncml) {
        compactSyncML(m.syncml);
        msg.syncml = m.syncml;
        if (!msg.direction) {
          const inferred = inferDirection(m.syncml);
          if (inferred) msg.direction = inferred;
        }
      }
    }
  } catch (e) {
    // the readers and the model do not throw; this keeps a bug in them from ending the whole run
    problems.push(problem('error', 'syncml-internal-error', `decoding failed unexpectedly: ${(e as Error).message}`));
  }
  capProblems(problems, opts.maxProblems ?? DEFAULT_DECODE_LIMITS.maxProblems);
  if (problems.length > 0) msg.problems = problems.slice();
  return msg;
}
