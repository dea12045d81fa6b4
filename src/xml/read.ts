/**
 * XML → element tree (docs/architecture.md "One tree, two encodings").
 *
 * saxes parses strict XML 1.0 with namespaces and positions; this module turns its events into the
 * shared tree of src/model/tree.ts: document order kept, CDATA marked, every value a string, each element
 * with its 1-based line and column in the input as given. It never throws: what is not well-formed
 * is a Problem with its line and column, and the tree is decoded as far as it goes.
 *
 * Decisions:
 * - Namespaces are resolved (default, prefixed, inherited). The SyncML namespaces are compared
 *   case-insensitively and the element's `namespace` is the canonical spelling of src/model/tree.ts `NS`
 *   (`syncml:syncml1.2` → `SYNCML:SYNCML1.2`); the declarations themselves stay in `attributes`
 *   exactly as sent (`xmlns`, `xmlns:m`), so a rule can still see the spelling that was sent.
 * - Whitespace-only text beside child elements is dropped (it is indentation: WBXML has none);
 *   a leaf's text is kept as sent. Adjacent text of the same kind (text / CDATA) is merged, so a
 *   CDATA section split around `]]>` reads back as one. Comments and PIs are dropped.
 * - A DOCTYPE is accepted and never expanded: only the five predefined entities and character
 *   references are. An entity declaration is a warning, a reference to any other entity an error
 *   (left as its literal `&name;` text) — no billion laughs.
 * - Two field defects are repaired before parsing, each with a warning at its original position:
 *   an `&` that starts no valid reference (AOSP alert vectors: `MAXDT=15&DR=1`; saxes alone would
 *   swallow the rest of the document) is escaped; whitespace before the XML declaration
 *   (libdmclient's Package 3) is stripped. Reported positions are those of the input as given.
 * - Speed: a document in the plain well-formed subset DM messages use (no DOCTYPE, comments, PIs
 *   or prefixes; ASCII names; no CR) is read by a one-pass fast path (`readFast`); anything else
 *   by saxes without its namespace mode, namespaces resolved here with saxes's checks and messages
 *   (its namespace mode only for a colon in an entity or PI name). All paths give the same tree,
 *   problems and positions.
 * - Limits (src/model/limits.ts, README "Limits"): nesting deeper than `maxDepth` and more than
 *   `maxElements` elements are an error and reading stops there (the tree keeps what came
 *   before); a text longer than `maxTextLength` is cut there, said once; past the message's
 *   deadline (`maxMessageMs`, looked at between chunks of the input) reading stops.
 * - Steps: bytes to text (`decodeBytes`), the two repairs (`stripBeforeDeclaration`,
 *   `repairAmpersands`) and how positions map back (`positionMapper`), then `readFast`, else
 *   `SaxesReader`.
 */
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import { NS } from '../model/tree.js';
import type { Element, Text } from '../model/tree.js';
import { problem } from '../model/problem.js';
import type { Problem } from '../model/problem.js';
import { decodeLimits, DEFAULT_DECODE_LIMITS, now, type DecodeLimits } from '../model/limits.js';

/** The decode limits (src/model/limits.ts; defaults there) and, from decodeMessage, the message's deadline. */
export interface ReadXmlOptions extends Partial<DecodeLimits> {
  /** performance.now() past which reading stops (default: now + maxMessageMs). */
  deadline?: number;
  /**
   * Stop when the root's first SyncHdr child ends: the tree then holds the root and what came up
   * to there, the same nodes a whole read gives (src/syncml/peek.ts, which device a message is of).
   */
  stopAfterHeader?: boolean;
}

export interface ReadXmlResult {
  /** The root element, present whenever a start tag was read (even if the document is broken). */
  root?: Element;
  problems: Problem[];
}

/** Default nesting limit (src/model/limits.ts). */
export const DEFAULT_MAX_DEPTH = DEFAULT_DECODE_LIMITS.maxDepth;

/** Well-formedness errors reported per document before the rest are only counted. */
const MAX_ERRORS = 20;

/** saxes's error for the error handler, without the stack trace (which costs more than the parse). */
function plainError(message: string): Error {
  return { name: 'Error', message };
}

/** Namespace names compared case-insensitively, mapped to their canonical spelling. */
const CANONICAL_NS: ReadonlyMap<string, string> = new Map(Object.values(NS).map((v) => [v.toLowerCase(), v]));

function canonicalNamespace(uri: string | undefined): string {
  if (uri === undefined || uri === '') return '';
  if (uri === NS.SyncML12 || uri === NS.MetInf || uri === NS.SyncML11) return uri;
  return CANONICAL_NS.get(uri.toLowerCase()) ?? uri;
}

/** A valid reference after `&`: character reference or a name followed by `;` (XML 1.0 §4.1). */
const REFERENCE = /&(?:#[0-9]+;|#x[0-9a-fA-F]+;|[\p{L}_:][\p{L}\p{N}\p{M}._:\u00B7-]*;)/uy;

/** Whitespace before an XML declaration (XML 1.0 §2.8 requires the declaration at the very start). */
const WS_BEFORE_DECL = /^[ \t\r\n]+(?=<\?xml[ \t\r\n?])/;

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** Bytes → string: BOM first, then the declared encoding, else UTF-8 (XML 1.0 Appendix F). */
function decodeBytes(bytes: Uint8Array, problems: Problem[]): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe))) {
    return new TextDecoder(bytes[0] === 0xfe ? 'utf-16be' : 'utf-16le').decode(bytes);
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('latin1');
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      problems.push(
        problem(
          'warning',
          'xml-unsupported-encoding',
          `declared encoding "${declared}" is not supported; read as UTF-8`,
          { line: 1, column: 1 },
        ),
      );
    }
  }
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    const text = utf8Lenient.decode(bytes);
    const at = text.indexOf('\uFFFD');
    const { line, column } = lineColumnAt(text, at < 0 ? 0 : at);
    problems.push(
      problem('error', 'xml-invalid-utf8', 'bytes are not valid UTF-8; invalid sequences read as U+FFFD', {
        line,
        column,
      }),
    );
    return text;
  }
}

function lineColumnAt(s: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < index; i = s.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/**
 * Where `&` is literal: CDATA sections, comments and PIs, as [start, end) ranges in document
 * order (one forward scan, so that many bad `&` cost linear time).
 */
function literalSections(s: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = s.indexOf('<'); i !== -1;) {
    let close: string | undefined;
    if (s.startsWith('<![CDATA[', i)) close = ']]>';
    else if (s.startsWith('<!--', i)) close = '-->';
    else if (s.startsWith('<?', i)) close = '?>';
    if (close === undefined) {
      i = s.indexOf('<', i + 1);
      continue;
    }
    const end = s.indexOf(close, i + 2);
    const stop = end === -1 ? s.length : end + close.length;
    ranges.push([i, stop]);
    i = s.indexOf('<', stop);
  }
  return ranges;
}

/** One `&` escaped by the repair: its line and its column in the repaired text. */
interface Repair {
  line: number;
  column: number;
}

/**
 * Escapes each `&` that starts no valid reference. Returns the repaired text and, per repair,
 * where it was (to map saxes positions back to the input); adds one warning for the document.
 */
function repairAmpersands(
  s: string,
  lineShift: number,
  firstLineColShift: number,
  problems: Problem[],
): { text: string; repairs: Repair[] } {
  const repairs: Repair[] = [];
  let i = s.indexOf('&');
  if (i === -1) return { text: s, repairs };
  let out = '';
  let last = 0;
  // incremental line counting: positions only grow
  let line = 1;
  let lineStart = 0;
  let nl = s.indexOf('\n');
  let sameLine = 0;
  let lastRepairLine = 0;
  let first: { line: number; column: number } | undefined;
  let shown = '';
  const others: string[] = [];
  let literal: Array<[number, number]> | undefined;
  let r = 0;
  for (; i !== -1; i = s.indexOf('&', i + 1)) {
    REFERENCE.lastIndex = i;
    if (REFERENCE.test(s)) continue;
    literal ??= literalSections(s);
    while (r < literal.length && literal[r]![1] <= i) r++;
    if (r < literal.length && literal[r]![0] < i) continue; // inside CDATA, a comment or a PI
    while (nl !== -1 && nl < i) {
      line++;
      lineStart = nl + 1;
      nl = s.indexOf('\n', nl + 1);
    }
    const column = i - lineStart + 1;
    if (line !== lastRepairLine) sameLine = 0;
    lastRepairLine = line;
    repairs.push({ line, column: column + 4 * sameLine });
    sameLine++;
    if (first === undefined) {
      first = { line: line + lineShift, column: line === 1 ? column + firstLineColShift : column };
      shown = s.slice(Math.max(lineStart, i - 12), Math.min(s.length, i + 12)).replace(/\s+/g, ' ');
    } else if (others.length < 5) {
      others.push(`${line + lineShift}:${line === 1 ? column + firstLineColShift : column}`);
    }
    out += s.slice(last, i + 1) + 'amp;';
    last = i + 1;
  }
  if (repairs.length === 0 || first === undefined) return { text: s, repairs };
  // one warning per document, at the first occurrence (a hostile input gets no flood of problems)
  const more =
    repairs.length > 1
      ? `; ${repairs.length} in all, also at ${others.join(', ')}${repairs.length - 1 > others.length ? ', …' : ''}`
      : '';
  problems.push(
    problem('warning', 'xml-unescaped-ampersand', `unescaped "&" (in "${shown}") read as "&amp;"${more}`, first),
  );
  return { text: out + s.slice(last), repairs };
}

function isWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** Length in code points (saxes counts a surrogate pair as one column). */
function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/**
 * 1-based column of `s[index]` as saxes counts it: code points since the last line end (LF or
 * CR; in XML 1.1 also NEL and LS — XML 1.1 §2.11).
 */
function columnOf(s: string, index: number, xml11: boolean): number {
  let start = index;
  for (; start > 0; start--) {
    const c = s.charCodeAt(start - 1);
    if (c === 0x0a || c === 0x0d || (xml11 && (c === 0x85 || c === 0x2028))) break;
  }
  return codePointLength(s.slice(start, index)) + 1;
}

/** A namespace declaration: prefix ('' for the default namespace) and the URI as declared (trimmed). */
type Decl = [string, string];

/** Namespaces in XML 1.0 §3: the `xml` and `xmlns` prefixes are bound to these. */
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/**
 * Whether saxes's own namespace mode must read the document: a colon in an entity reference name
 * or a PI target is an error there only (Namespaces in XML 1.0 §6: such names are NCNames), with
 * a message at the colon that only saxes can place. Conservative (a colon after `&` before `;`,
 * or after `<?` before whitespace or `?`, anywhere); linear (each stretch is scanned once).
 */
function needsNamespaceMode(s: string): boolean {
  for (let i = s.indexOf('&'); i !== -1;) {
    let j = i + 1;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 0x3a) return true; // ':'
      if (c === 0x3b) break; // ';'
    }
    i = s.indexOf('&', j);
  }
  for (let i = s.indexOf('<?'); i !== -1;) {
    let j = i + 2;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 0x3a) return true;
      if (c === 0x3f || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) break; // '?' or whitespace
    }
    i = s.indexOf('<?', j);
  }
  return false;
}

/** Characters the fast path leaves to saxes: CR (line-end normalization), C0 controls, surrogates, U+FFFE/F. */
const FAST_BAIL = /[\x00-\x08\x0B-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** An XML declaration as saxes accepts it, in the forms the field sends (XML 1.0 §2.8). */
const XML_DECL =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.0\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*\?>/;

/** ASCII name characters: 1 may start a name, 2 may follow (XML 1.0 §2.3; no colon: the fast path has no prefixes). */
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) NAME_CHAR[c] = 1;
  else if (/[0-9.-]/.test(ch)) NAME_CHAR[c] = 2;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML 1.0 §2.2 Char. */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** Expands the predefined entities and character references of `t`; undefined for anything else. */
function expandReferences(t: string): string | undefined {
  let out = '';
  let last = 0;
  for (let a = t.indexOf('&'); a !== -1; a = t.indexOf('&', last)) {
    const semi = t.indexOf(';', a + 1);
    if (semi === -1) return undefined;
    const name = t.slice(a + 1, semi);
    let rep = PREDEFINED[name];
    if (rep === undefined) {
      // as saxes parses them: `#x` (lower-case x) and hex digits, or `#` and decimal digits
      let num = NaN;
      if (name[1] === 'x' && /^#x[0-9a-f]+$/i.test(name)) num = parseInt(name.slice(2), 16);
      else if (/^#[0-9]+$/.test(name)) num = parseInt(name.slice(1), 10);
      if (!isXmlChar(num)) return undefined;
      rep = String.fromCodePoint(num);
    }
    out += t.slice(last, a) + rep;
    last = semi + 1;
  }
  return out + t.slice(last);
}

function skipSpace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09) return i;
    i++;
  }
}

/** End of the ASCII name at `i` (i itself when there is none). */
function nameEnd(s: string, i: number): number {
  if (NAME_CHAR[s.charCodeAt(i)] !== 1) return i;
  let j = i + 1;
  while (NAME_CHAR[s.charCodeAt(j)]! > 0) j++;
  return j;
}

/** Adds text under `parent` as the saxes path does (see `readXml`). */
function addTextTo(parent: Element, value: string, cdata: boolean): void {
  const children = parent.children;
  const prev = children[children.length - 1];
  if (prev !== undefined && prev.kind === 'text' && (prev.cdata === true) === cdata) {
    prev.value += value;
    return;
  }
  // indentation after an element: dropped at once (closing the element drops what came before the first one)
  if (!cdata && prev !== undefined && prev.kind === 'element' && isWhitespace(value)) return;
  const node: Text = cdata ? { kind: 'text', value, cdata: true, pos: {} } : { kind: 'text', value, pos: {} };
  children.push(node);
}

/** Length of `el`'s last text once `adding` more characters are merged into it (an upper bound). */
function textLength(el: Element, adding: number): number {
  const last = el.children[el.children.length - 1];
  return adding + (last !== undefined && last.kind === 'text' ? last.value.length : 0);
}

/** Whether `el`'s last child is an element. */
function lastIsElement(el: Element): boolean {
  const ch = el.children;
  return ch.length > 0 && ch[ch.length - 1]!.kind === 'element';
}

/** On an end tag: drops whitespace-only text beside child elements, in place. */
function closeElement(el: Element): void {
  const ch = el.children;
  const n = ch.length;
  if (n < 2) return;
  let hasElement = false;
  for (let i = 0; i < n; i++)
    if (ch[i]!.kind === 'element') {
      hasElement = true;
      break;
    }
  if (!hasElement) return;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const c = ch[i]!;
    if (c.kind !== 'text' || c.cdata === true || !isWhitespace(c.value)) ch[w++] = c;
  }
  ch.length = w;
}

/** A start tag as `fastAttributes` leaves it (one per `readFast`, reused from tag to tag). */
interface FastTag {
  /** Just past the tag's `>`. */
  end: number;
  attributes: Record<string, string> | undefined;
  /** The parent's default namespace on entry; this element's on return. */
  namespace: string;
  selfClosing: boolean;
}

/**
 * Reads the attributes of the start tag whose name ends at `j`, through its `>` or `/>`, into
 * `tag`; false for anything outside the fast subset (prefixed or duplicate attributes, `<` in a
 * value, an unknown reference, the reserved namespaces).
 */
function fastAttributes(s: string, j: number, tag: FastTag): boolean {
  let c = s.charCodeAt(j);
  for (;;) {
    if (c === 0x3e || c === 0x2f) break;
    if (c !== 0x20 && c !== 0x0a && c !== 0x09) return false;
    j = skipSpace(s, j);
    c = s.charCodeAt(j);
    if (c === 0x3e || c === 0x2f) break;
    const ae = nameEnd(s, j);
    if (ae === j) return false;
    const an = s.slice(j, ae);
    j = skipSpace(s, ae);
    if (s.charCodeAt(j) !== 0x3d) return false;
    j = skipSpace(s, j + 1);
    const q = s.charCodeAt(j);
    if (q !== 0x22 && q !== 0x27) return false;
    const close = s.indexOf(q === 0x22 ? '"' : "'", j + 1);
    if (close === -1) return false;
    let v = s.slice(j + 1, close);
    if (v.includes('<')) return false;
    // attribute-value normalization (XML 1.0 §3.3.3): literal tab and newline read as space
    if (v.includes('\n') || v.includes('\t')) v = v.replace(/[\t\n]/g, ' ');
    if (v.includes('&')) {
      const x = expandReferences(v);
      if (x === undefined) return false;
      v = x;
    }
    const attributes = (tag.attributes ??= {});
    if (an in attributes) return false;
    attributes[an] = v;
    if (an === 'xmlns') {
      const uri = v.trim();
      if (uri === XMLNS_NAMESPACE || uri === XML_NAMESPACE) return false;
      tag.namespace = canonicalNamespace(uri);
    }
    j = close + 1;
    c = s.charCodeAt(j);
  }
  tag.selfClosing = false;
  if (c === 0x2f) {
    if (s.charCodeAt(j + 1) !== 0x3e) return false;
    tag.selfClosing = true;
    j++;
  }
  tag.end = j + 1;
  return true;
}

/** The end tag at `i` closes the top of `stack`: pops it and returns the index past `>`, or -1. */
function fastEndTag(s: string, i: number, stack: Element[]): number {
  const top = stack[stack.length - 1];
  if (top === undefined) return -1;
  const e = nameEnd(s, i + 2);
  if (e - i - 2 !== top.name.length || !s.startsWith(top.name, i + 2)) return -1;
  i = skipSpace(s, e);
  if (s.charCodeAt(i) !== 0x3e) return -1;
  stack.pop();
  closeElement(top);
  return i + 1;
}

/** Text `t` under `parent`; false when outside the subset (`]]>`, an unknown reference) or past `maxTextLength`. */
function fastText(t: string, parent: Element, maxTextLength: number): boolean {
  if (t.includes(']]>')) return false;
  if (t.includes('&')) {
    const x = expandReferences(t);
    if (x === undefined) return false;
    t = x;
  }
  if (textLength(parent, t.length) > maxTextLength) return false;
  addTextTo(parent, t, false);
  return true;
}

type Where = (line: number, column: number) => { line: number; column: number };

/**
 * The fast path: a well-formed document in the plain subset DM messages use — an optional XML 1.0
 * declaration, ASCII names without prefixes, `xmlns` defaults, quoted attributes, text with the
 * predefined entities and character references, CDATA — read in one pass with `indexOf`. Returns
 * undefined (and the caller reads with saxes, which reports what is wrong and where) as soon as
 * anything falls outside that subset: DOCTYPE, comments, PIs, prefixes, CR, non-ASCII names,
 * errors of any kind, nesting beyond `maxDepth`. What it returns is the tree saxes's path builds.
 */
function readFast(s: string, limits: ReadLimits, where: Where | undefined): Element | undefined {
  const { maxDepth, maxElements, maxTextLength, deadline } = limits;
  let elements = 0;
  if (FAST_BAIL.test(s)) return undefined;
  let i = 0;
  if (s.startsWith('<?xml')) {
    const m = XML_DECL.exec(s);
    if (m === null) return undefined;
    i = m[0].length;
  }
  i = skipSpace(s, i);
  if (s.charCodeAt(i) !== 0x3c) return undefined;
  // positions: line and column (1-based) of each start tag, newlines counted once
  let line = 1;
  let lineStart = 0;
  let nextNl = s.indexOf('\n');
  const stack: Element[] = [];
  const tag: FastTag = { end: 0, attributes: undefined, namespace: '', selfClosing: false };
  let root: Element | undefined;
  for (;;) {
    // here s[i] is '<'
    const c1 = s.charCodeAt(i + 1);
    if (c1 === 0x2f) {
      // end tag
      const closing = stack[stack.length - 1];
      i = fastEndTag(s, i, stack);
      if (i === -1) return undefined;
      if (stack.length === 0) break;
      if (limits.stopAfterHeader && stack.length === 1 && closing!.name === 'SyncHdr') return root;
    } else if (c1 === 0x21) {
      // only CDATA inside the root; comments, DOCTYPE and the rest go to saxes
      const top = stack[stack.length - 1];
      if (top === undefined || !s.startsWith('<![CDATA[', i)) return undefined;
      const e = s.indexOf(']]>', i + 9);
      if (e === -1) return undefined;
      if (textLength(top, e - i - 9) > maxTextLength) return undefined;
      addTextTo(top, s.slice(i + 9, e), true);
      i = e + 3;
    } else {
      // start tag
      if (root !== undefined && stack.length === 0) return undefined;
      const e = nameEnd(s, i + 1);
      if (e === i + 1) return undefined;
      const name = s.slice(i + 1, e);
      while (nextNl !== -1 && nextNl < i) {
        line++;
        lineStart = nextNl + 1;
        nextNl = s.indexOf('\n', nextNl + 1);
      }
      // an element's position is that of the `<` of its start tag (no surrogates here: FAST_BAIL)
      const column = i - lineStart + 1;
      const pos = where ? where(line, column) : { line, column };
      const parent = stack[stack.length - 1];
      tag.attributes = undefined;
      tag.namespace = parent === undefined ? '' : parent.namespace;
      if (!fastAttributes(s, e, tag)) return undefined;
      const { attributes, namespace, selfClosing } = tag;
      i = tag.end;
      // past a limit or the deadline: saxes reads it and says where
      if (stack.length >= maxDepth || ++elements > maxElements) return undefined;
      if (elements % CLOCK_EVERY === 0 && performance.now() > deadline) return undefined;
      const el: Element = { kind: 'element', name, namespace, children: [], pos };
      if (attributes) el.attributes = attributes;
      if (parent !== undefined) parent.children.push(el);
      else root = el;
      if (selfClosing) {
        if (stack.length === 0) break;
      } else {
        stack.push(el);
      }
    }
    // text up to the next markup
    const lt = s.indexOf('<', i);
    if (lt === -1) return undefined; // an element is still open
    // indentation that the saxes path drops (before a start tag: its parent will hold an element;
    // after an element) is skipped without making a string of it
    if (
      lt > i &&
      !(skipSpace(s, i) === lt && (NAME_CHAR[s.charCodeAt(lt + 1)] === 1 || lastIsElement(stack[stack.length - 1]!))) &&
      !fastText(s.slice(i, lt), stack[stack.length - 1]!, maxTextLength)
    )
      return undefined;
    i = lt;
  }
  // after the root: whitespace only
  return skipSpace(s, i) === s.length ? root : undefined;
}

/** What the saxes path needs of the document: the text it parses, how to place a position, the limits. */
interface SaxesInput {
  source: string;
  /** Positions in `source` → positions in the input as given (undefined: the same). */
  where: Where | undefined;
  limits: ReadLimits;
  problems: Problem[];
}

/** The limits readXml enforces, and the deadline of `maxMessageMs`. */
interface ReadLimits {
  maxDepth: number;
  maxElements: number;
  maxTextLength: number;
  /** performance.now() past which reading stops. */
  deadline: number;
  /** ReadXmlOptions.stopAfterHeader. */
  stopAfterHeader?: boolean;
}

/** Stops saxes from inside a handler at a limit (caught in `SaxesReader.run`). */
const STOP = new Error('limit');

/** Chunks saxes is fed at a time: the deadline is looked at between them. */
const SAXES_CHUNK = 256 * 1024;

/** Elements the fast path reads between looks at the clock. */
const CLOCK_EVERY = 1024;

/**
 * The saxes path: events → element tree, namespaces resolved by our own scope stack (saxes without
 * its namespace mode runs much faster) with the checks and messages of that mode, at the same
 * places. Only a document with a colon in an entity reference or a PI target (names whose check
 * depends on that mode) is left to saxes's namespace mode.
 */
class SaxesReader {
  readonly nsMode: boolean;
  readonly parser: SaxesParser;
  readonly stack: Element[] = [];
  /** Per open element: its default namespace (canonical spelling), inherited. */
  readonly defaults: string[] = [];
  /** Per open element: its own namespace declarations (`[prefix, uri]` in order), if any. */
  readonly scopes: Array<Decl[] | undefined> = [];
  /** The start tag being read: its attributes in document order (duplicates too), its declarations. */
  attrList: Array<[string, string]> | undefined;
  decls: Decl[] | undefined;
  root: Element | undefined;
  startLine = 1;
  startColumn = 1;
  errors = 0;
  elements = 0;
  textCut = false;

  constructor(readonly input: SaxesInput) {
    this.nsMode = needsNamespaceMode(input.source);
    this.parser = new SaxesParser({ xmlns: this.nsMode, position: true });
    // saxes makes an Error, stack trace and all, for each well-formedness error it reports, and a
    // broken message has one per character of text after its root: onError only reads the message.
    this.parser.makeError = plainError;
    this.listen();
  }

  /** saxes line/column → line/column of the input as given. */
  where(line: number, column: number): { line: number; column: number } {
    return this.input.where ? this.input.where(line, column) : { line, column };
  }

  here(): { line: number; column: number } {
    return this.where(this.parser.line, this.parser.column);
  }

  /** A well-formedness error as saxes words it; the first MAX_ERRORS - 1, then one that says more follow. */
  report(raw: string): void {
    const problems = this.input.problems;
    this.errors++;
    if (this.errors > MAX_ERRORS) return;
    const message = raw.replace(/\.$/, '');
    const pos = this.here();
    const prev = problems[problems.length - 1];
    if (prev && prev.message.endsWith(message) && prev.line === pos.line && prev.column === pos.column) {
      this.errors--; // saxes repeats some errors at the same place
      return;
    }
    if (this.errors === MAX_ERRORS) {
      problems.push(
        problem(
          'error',
          'xml-too-many-errors',
          `more well-formedness errors follow; only the first ${MAX_ERRORS - 1} are listed`,
          pos,
        ),
      );
    } else if (message === 'undefined entity') {
      problems.push(
        problem(
          'error',
          'xml-undefined-entity',
          'reference to an entity other than the five predefined ones: not expanded, kept as its literal text',
          pos,
        ),
      );
    } else {
      problems.push(problem('error', 'xml-not-well-formed', `not well-formed XML: ${message}`, pos));
    }
  }

  /** What saxes checks of a namespace declaration (its `nsPairCheck`; Namespaces in XML 1.0 §3). */
  checkDeclaration(prefix: string, uri: string): void {
    if (prefix === 'xml' && uri !== XML_NAMESPACE) this.report(`xml prefix must be bound to ${XML_NAMESPACE}.`);
    else if (prefix === 'xmlns' && uri !== XMLNS_NAMESPACE)
      this.report(`xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`);
    if (uri === XMLNS_NAMESPACE) {
      this.report(
        prefix === ''
          ? `the default namespace may not be set to ${uri}.`
          : `may not assign a prefix (even "xmlns") to the URI ${XMLNS_NAMESPACE}.`,
      );
    } else if (uri === XML_NAMESPACE && prefix !== 'xml') {
      this.report(
        prefix === ''
          ? `the default namespace may not be set to ${uri}.`
          : 'may not assign the xml namespace to another prefix.',
      );
    }
  }

  /** The URI bound to a (non-empty) prefix: this tag's declarations, then its ancestors'. */
  resolve(prefix: string): string | undefined {
    const decls = this.decls;
    if (decls !== undefined)
      for (let i = decls.length - 1; i >= 0; i--) if (decls[i]![0] === prefix) return decls[i]![1];
    for (let d = this.scopes.length - 1; d >= 0; d--) {
      const s = this.scopes[d];
      if (s !== undefined) for (let i = s.length - 1; i >= 0; i--) if (s[i]![0] === prefix) return s[i]![1];
    }
    return prefix === 'xml' ? XML_NAMESPACE : prefix === 'xmlns' ? XMLNS_NAMESPACE : undefined;
  }

  /** Text under the open element (outside the root saxes reports non-whitespace), cut at maxTextLength. */
  addText(value: string, cdata: boolean): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) return;
    const max = this.input.limits.maxTextLength;
    const last = parent.children[parent.children.length - 1];
    const have = last !== undefined && last.kind === 'text' && (last.cdata === true) === cdata ? last.value.length : 0;
    if (have + value.length > max) {
      if (!this.textCut) {
        this.textCut = true;
        this.input.problems.push(
          problem(
            'error',
            'xml-text-too-long',
            `the text of <${parent.name}> is longer than the limit of ${max} characters (maxTextLength); cut there`,
            parent.pos.line !== undefined ? { line: parent.pos.line, column: parent.pos.column ?? 1 } : this.here(),
          ),
        );
      }
      value = value.slice(0, Math.max(0, max - have));
      if (value === '') return;
    }
    addTextTo(parent, value, cdata);
  }

  /** Attaches a new element under the open one (or as the root) and opens it; stops past maxDepth / maxElements. */
  open(el: Element, defaultNs: string): void {
    const { maxDepth, maxElements } = this.input.limits;
    if (this.stack.length >= maxDepth)
      this.stop(
        'xml-too-deep',
        `element <${el.name}> nests deeper than the limit of ${maxDepth} levels (maxDepth); the rest of the document is not read`,
        el,
      );
    if (++this.elements > maxElements)
      this.stop(
        'xml-too-many-elements',
        `element <${el.name}> is one more than the limit of ${maxElements} elements (maxElements); the rest of the document is not read`,
        el,
      );
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) parent.children.push(el);
    else if (this.root === undefined) this.root = el;
    this.stack.push(el);
    this.defaults.push(defaultNs);
    this.scopes.push(this.decls);
    this.decls = undefined;
    this.attrList = undefined;
  }

  /** Stops reading here (hostile nesting would also cost quadratic time in namespace lookups). */
  stop(code: 'xml-too-deep' | 'xml-too-many-elements', message: string, el: Element): never {
    this.input.problems.push(problem('error', code, message, { line: el.pos.line!, column: el.pos.column! }));
    throw STOP;
  }

  /** An element's position is that of the `<` of its start tag. */
  onOpenTagStart(name: string): void {
    const parser = this.parser;
    // saxes has consumed "<name" and the character after it; its columns count code points.
    if (parser.column !== 0) {
      this.startLine = parser.line;
      this.startColumn = parser.column - codePointLength(name) - 1;
    } else {
      // that character was a line end (saxes is already on the next line): find the `<` in the
      // text from saxes's offset of that line end (its chunk's offset + its index in the chunk)
      const at = parser as unknown as { chunkPosition: number; prevI: number };
      const lt = at.chunkPosition + at.prevI - name.length - 1;
      this.startLine = parser.line - 1;
      this.startColumn = columnOf(
        this.input.source,
        lt,
        (parser as unknown as { currentXMLVersion: string }).currentXMLVersion === '1.1',
      );
    }
  }

  startPosition(): { line: number; column: number } {
    return this.where(this.startLine, this.startColumn);
  }

  /** saxes's namespace mode: it resolved the names. */
  onOpenTagNs(t: SaxesTagNS): void {
    const el: Element = {
      kind: 'element',
      name: t.local,
      namespace: canonicalNamespace(t.uri),
      children: [],
      pos: this.startPosition(),
    };
    const attrs = t.attributes;
    let attributes: Record<string, string> | undefined;
    for (const k in attrs) (attributes ??= {})[k] = attrs[k]!.value;
    if (attributes) el.attributes = attributes;
    this.open(el, '');
  }

  /** A qualified name as prefix and local part (saxes's `qname`), a malformed one reported. */
  splitName(name: string): [string, string] {
    const colon = name.indexOf(':');
    if (colon === -1) return ['', name];
    const prefix = name.slice(0, colon);
    const local = name.slice(colon + 1);
    if (prefix === '' || local === '' || local.includes(':')) this.report(`malformed name: ${name}.`);
    return [prefix, local];
  }

  /** saxes's `pushAttribNS`: each attribute as it closes (same place, same messages). */
  onAttribute(name: string, value: string): void {
    (this.attrList ??= []).push([name, value]);
    const [prefix, local] = this.splitName(name);
    if (prefix === 'xmlns') {
      const uri = value.trim();
      if (uri === '' && (this.parser as unknown as { currentXMLVersion: string }).currentXMLVersion === '1.0')
        this.report('invalid attempt to undefine prefix in XML 1.0');
      (this.decls ??= []).push([local, uri]);
      this.checkDeclaration(local, uri);
    } else if (name === 'xmlns') {
      const uri = value.trim();
      (this.decls ??= []).push(['', uri]);
      this.checkDeclaration('', uri);
    }
  }

  /** saxes's `processAttribsNS`: the element's and its attributes' namespaces, duplicates by expanded name. */
  onOpenTag(name: string): void {
    const pos = this.startPosition();
    const [prefix, local] = this.splitName(name);
    // the default namespace: this tag's last declaration of it, else the parent's
    let defaultNs = this.defaults.length === 0 ? '' : this.defaults[this.defaults.length - 1]!;
    const decls = this.decls;
    if (decls !== undefined) {
      for (let i = decls.length - 1; i >= 0; i--) {
        if (decls[i]![0] === '') {
          defaultNs = canonicalNamespace(decls[i]![1]);
          break;
        }
      }
    }
    let namespace = defaultNs;
    if (prefix !== '') {
      const uri = this.resolve(prefix) ?? '';
      if (prefix === 'xmlns') this.report('tags may not have "xmlns" as prefix.');
      if (uri === '') {
        this.report(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
        namespace = canonicalNamespace(prefix);
      } else {
        namespace = canonicalNamespace(uri);
      }
    }
    let attributes: Record<string, string> | undefined;
    if (this.attrList !== undefined) {
      const seen = new Set<string>();
      for (const [n, v] of this.attrList) {
        const c = n.indexOf(':');
        let expanded = n;
        if (c !== -1) {
          const p = n.slice(0, c);
          if (p !== '') {
            let uri = this.resolve(p);
            if (uri === undefined) {
              this.report(`unbound namespace prefix: ${JSON.stringify(p)}.`);
              uri = p;
            }
            expanded = `{${uri}}${n.slice(c + 1)}`;
          }
        }
        if (seen.has(expanded)) this.report(`duplicate attribute: ${expanded}.`);
        seen.add(expanded);
        (attributes ??= {})[n] = v;
      }
    }
    const el: Element = { kind: 'element', name: local, namespace, children: [], pos };
    if (attributes) el.attributes = attributes;
    this.open(el, defaultNs);
  }

  onCloseTag(): void {
    const el = this.stack.pop();
    if (el === undefined) return;
    this.defaults.pop();
    this.scopes.pop();
    closeElement(el);
    if (this.input.limits.stopAfterHeader && this.stack.length === 1 && el.name === 'SyncHdr') throw STOP;
  }

  onDoctype(d: string): void {
    if (/<!ENTITY/i.test(d)) {
      this.input.problems.push(
        problem(
          'warning',
          'xml-entity-declaration',
          'the DOCTYPE declares entities; they are not expanded (only the five predefined entities and character references are)',
          this.here(),
        ),
      );
    }
  }

  onError(e: Error): void {
    const message = e.message.replace(/^\d+:\d+: /, '');
    // without namespaces saxes compares attribute names as written; we report duplicates by
    // expanded name in the opentag handler, as its namespace mode does
    if (!this.nsMode && message.startsWith('duplicate attribute: ')) return;
    this.report(message);
  }

  listen(): void {
    const parser = this.parser;
    parser.on('opentagstart', (tag) => this.onOpenTagStart(tag.name));
    if (this.nsMode) parser.on('opentag', (tag) => this.onOpenTagNs(tag as SaxesTagNS));
    else {
      parser.on('attribute', (attr) => this.onAttribute(attr.name, attr.value));
      parser.on('opentag', (tag) => this.onOpenTag(tag.name));
    }
    parser.on('closetag', () => this.onCloseTag());
    parser.on('text', (t) => this.addText(t, false));
    parser.on('cdata', (t) => this.addText(t, true));
    parser.on('doctype', (d) => this.onDoctype(d));
    parser.on('error', (e) => this.onError(e));
  }

  /** Parses the document in chunks, looking at the clock between them; returns the root, if any. */
  run(): Element | undefined {
    const { source, limits, problems } = this.input;
    try {
      for (let i = 0; i < source.length; i += SAXES_CHUNK) {
        this.parser.write(source.slice(i, i + SAXES_CHUNK));
        if (performance.now() > limits.deadline && i + SAXES_CHUNK < source.length) {
          problems.push(
            problem(
              'error',
              'xml-time-limit',
              'reading this message takes longer than its time limit (maxMessageMs); the rest of it is not read',
              this.here(),
            ),
          );
          return this.root;
        }
      }
      this.parser.close();
    } catch (e) {
      // saxes reports through the error handler; this only guards against the unexpected
      if (e !== STOP)
        problems.push(
          problem('error', 'xml-not-well-formed', `XML parser stopped: ${(e as Error).message}`, this.here()),
        );
    }
    return this.root;
  }
}

/** (b) of the file comment: white space before the XML declaration stripped; how positions shift. */
function stripBeforeDeclaration(
  text: string,
  problems: Problem[],
): { text: string; lineShift: number; firstLineColShift: number } {
  const ws = WS_BEFORE_DECL.exec(text);
  if (!ws) return { text, lineShift: 0, firstLineColShift: 0 };
  const stripped = ws[0];
  const newlines = stripped.split('\n').length - 1;
  const firstLineColShift = newlines === 0 ? stripped.length : stripped.length - stripped.lastIndexOf('\n') - 1;
  problems.push(
    problem(
      'warning',
      'xml-whitespace-before-declaration',
      `${stripped.length} whitespace character(s) before the XML declaration removed (XML 1.0 §2.8: the declaration must come first)`,
      { line: 1 + newlines, column: 1 + firstLineColShift },
    ),
  );
  return { text: text.slice(stripped.length), lineShift: newlines, firstLineColShift };
}

/** Positions in the repaired text → positions in the input as given (undefined when they are the same). */
function positionMapper(lineShift: number, firstLineColShift: number, repairs: Repair[]): Where | undefined {
  if (lineShift === 0 && firstLineColShift === 0 && repairs.length === 0) return undefined;
  const repairsByLine = new Map<number, number[]>();
  for (const r of repairs) {
    const cols = repairsByLine.get(r.line);
    if (cols) cols.push(r.column);
    else repairsByLine.set(r.line, [r.column]);
  }
  return (line, column) => {
    let col = column;
    const cols = repairsByLine.get(line);
    if (cols) {
      // cols ascend: count those before `column` by binary search (each repair added 4 characters)
      let lo = 0;
      let hi = cols.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cols[mid]! < column) lo = mid + 1;
        else hi = mid;
      }
      col -= 4 * lo;
    }
    return { line: line + lineShift, column: line === 1 ? col + firstLineColShift : col };
  };
}

/** Reads an XML document into the element tree. Never throws. */
export function readXml(input: string | Uint8Array, opts: ReadXmlOptions = {}): ReadXmlResult {
  const problems: Problem[] = [];
  const l = decodeLimits(opts);
  const limits: ReadLimits = {
    maxDepth: l.maxDepth,
    maxElements: l.maxElements,
    maxTextLength: l.maxTextLength,
    deadline: opts.deadline ?? now() + l.maxMessageMs,
  };
  if (opts.stopAfterHeader) limits.stopAfterHeader = true;
  let text = typeof input === 'string' ? input : decodeBytes(input, problems);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM: accepted, not counted as a column
  const stripped = stripBeforeDeclaration(text, problems);
  const { text: source, repairs } = repairAmpersands(
    stripped.text,
    stripped.lineShift,
    stripped.firstLineColShift,
    problems,
  );
  const where = positionMapper(stripped.lineShift, stripped.firstLineColShift, repairs);
  // the fast path first (what it accepts has no names whose check depends on saxes's namespace mode)
  const fast = readFast(source, limits, where);
  if (fast !== undefined) return { root: fast, problems };
  const root = new SaxesReader({ source, where, limits, problems }).run();
  if (root === undefined && !problems.some((p) => p.severity === 'error')) {
    problems.push(problem('error', 'xml-no-root', 'no root element', { line: 1, column: 1 }));
  }
  return root === undefined ? { problems } : { root, problems };
}
