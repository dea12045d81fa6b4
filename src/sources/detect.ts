/**
 * Input format detection, by content first (mitmproxy's io layer and libwbxml both sniff the
 * bytes rather than trust a name). The file extension is only a tie-breaker.
 *
 * Detection order (first match wins), on the first bytes of the input:
 *  1. pcap / pcapng magic number (the four pcap magics in either byte order, the pcapng Section
 *     Header Block type 0x0A0D0D0A; `isCapture` of the capture reader): `capture`.
 *  2. A Package 0 notification (DM Notification 1.2 §6.2: 16-byte digest, version 11 or 12 in
 *     10 bits, the 27 future-use bits zero, a server identifier of printable ASCII that fits),
 *     bare or in the WAP push wrapper of the spec's example: `notification`. Checked before WBXML
 *     because a digest may begin with a byte 0x00–0x03.
 *  2b. A WBXML header (WBXML 1.3 §5.3: version 0x00–0x03, then mb_u_int32 public id, charset and
 *     string-table length that parse within the head): `wbxml`. Plain text never starts with a
 *     control byte 0x00–0x03, so this cannot take a text log.
 *  3. After an optional BOM and white space, `<`: skip the XML declaration, processing
 *     instructions, comments and a DOCTYPE; if the first element's local name is `SyncML`: `xml`.
 *     Any other XML document (an event-log export, say) is read as a text `log`, where escaped
 *     or embedded SyncML is looked for.
 *  4. After an optional BOM and white space, `{` and a `"log"` key within the head: `har`
 *     (HAR 1.2 is `{"log": {"entries": [...]}}`); a `{` with a `.har` extension also goes to the
 *     HAR reader, so that a malformed HAR gets a JSON error with its line and column.
 *  5. Otherwise: a text `log` (logcat, syslog, server logs), UTF-8 or UTF-16 by BOM.
 * Tie-breakers by extension: an input whose head is inconclusive (an XML document cut before
 * its first element, a binary file with a bad WBXML header) goes by `.xml`, `.wbxml`, `.har`,
 * `.pcap`/`.pcapng`.
 */
import { isCapture } from './capture.js';
import { wapPushWrapperLength } from '../notification/package0.js';
import { textEncodingOf } from './stream.js';

export type InputFormat = 'capture' | 'notification' | 'wbxml' | 'xml' | 'har' | 'log';

/** How many bytes detection looks at. */
export const DETECT_BYTES = 64 * 1024;

/** Extensions that can decide when the content does not. */
const BY_EXTENSION = {
  '.pcap': 'capture',
  '.pcapng': 'capture',
  '.cap': 'capture',
  '.wbxml': 'wbxml',
  '.xml': 'xml',
  '.har': 'har',
  '.log': 'log',
  '.txt': 'log',
} as const satisfies Record<string, InputFormat>;

/** File extensions read from a folder (lower case). */
export const FOLDER_EXTENSIONS: readonly string[] = ['.xml', '.wbxml', '.har', '.pcap', '.pcapng', '.log', '.txt'];

export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

function formatByExtension(name: string): InputFormat | undefined {
  return (BY_EXTENSION as Record<string, InputFormat>)[extensionOf(name)];
}

/** Reads an mb_u_int32 (WBXML 1.3 §5.1) at `at`; undefined if it runs past the head or over 5 bytes. */
function mbUint(head: Uint8Array, at: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (at + i >= head.length) return undefined;
    const b = head[at + i]!;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return undefined;
}

/** True when the head is a plausible WBXML 1.1–1.3 header followed by a tag token (WBXML 1.3 §5.3). */
export function looksLikeWbxml(head: Uint8Array): boolean {
  if (head.length < 5 || head[0]! > 0x03) return false;
  const publicId = mbUint(head, 1);
  if (!publicId) return false;
  let at = publicId.next;
  if (publicId.value === 0) {
    const index = mbUint(head, at);
    if (!index) return false;
    at = index.next;
  }
  const charset = mbUint(head, at);
  if (!charset) return false;
  const strtbl = mbUint(head, charset.next);
  if (!strtbl) return false;
  const body = strtbl.next + strtbl.value;
  // The body must start with a tag or a SWITCH_PAGE (0x00) within reach; PIs (0x43) are allowed too.
  // A string table running past the head is plausible only when the head is full.
  if (body >= head.length) return head.length >= DETECT_BYTES;
  const t = head[body]!;
  return t === 0x00 || t === 0x43 || (t & 0x3f) >= 0x05;
}

/**
 * True when the whole input (`head` holds all of it: a trigger is a few dozen bytes) is a
 * Package 0 notification by the layout of DM Notification 1.2 §6.2. Strict on purpose: version
 * 11 (or 12, seen in the field), future-use bits zero, a non-zero session id, and a server
 * identifier of printable ASCII within the input.
 */
export function looksLikeNotification(head: Uint8Array, complete: boolean): boolean {
  if (!complete || head.length > 4096) return false;
  const b = head.subarray(wapPushWrapperLength(head) ?? 0);
  if (b.length < 25) return false;
  const version = (b[16]! << 2) | (b[17]! >> 6);
  const futureUse = ((b[17]! & 0x07) << 24) | (b[18]! << 16) | (b[19]! << 8) | b[20]!;
  const sessionId = (b[21]! << 8) | b[22]!;
  const n = b[23]!;
  if ((version !== 11 && version !== 12) || futureUse !== 0 || sessionId === 0 || n === 0 || 24 + n > b.length)
    return false;
  for (let i = 24; i < 24 + n; i++) if (b[i]! < 0x20 || b[i]! > 0x7e) return false;
  return true;
}

/** Decodes the head as text by its BOM (never fails: bad bytes become U+FFFD). */
function headText(head: Uint8Array): string {
  const enc = textEncodingOf(head);
  return new TextDecoder(enc).decode(head);
}

/**
 * The local name of the first element of an XML document, skipping the declaration, PIs,
 * comments and a DOCTYPE; undefined if the head ends before it.
 */
export function firstElementName(text: string): string | undefined {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return undefined;
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return undefined;
      i = end + 3;
    } else if (text.startsWith('<!', lt)) {
      // DOCTYPE, possibly with an internal subset in [...].
      let depth = 0;
      let j = lt + 2;
      for (; j < n; j++) {
        const c = text[j];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      if (j >= n) return undefined;
      i = j + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 200));
      if (!m) return '';
      const name = m[1]!;
      return name.slice(name.indexOf(':') + 1);
    }
  }
  return undefined;
}

/** Detects the format of an input from its first bytes (see the order above); `name` breaks ties. */
export function detectFormat(head: Uint8Array, name = '', complete = false): InputFormat {
  const ext = formatByExtension(name);
  if (isCapture(head)) return 'capture';
  if (looksLikeNotification(head, complete)) return 'notification';
  if (looksLikeWbxml(head)) return 'wbxml';
  const text = headText(head);
  const start = text.search(/[^\s\uFEFF]/);
  const first = start < 0 ? '' : text[start];
  if (first === '<') {
    const root = firstElementName(text.slice(start));
    if (root === 'SyncML') return 'xml';
    if (root === undefined && ext === 'xml') return 'xml';
    return 'log';
  }
  if (first === '{' && (ext === 'har' || /"log"\s*:/.test(text))) return 'har';
  if (ext === 'capture' || ext === 'wbxml') return ext; // Bad magic / header: let that reader say so.
  return 'log';
}
