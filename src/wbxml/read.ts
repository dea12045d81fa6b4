/**
 * WBXML reader: bytes → element tree (src/model/tree.ts), tolerant, never throwing.
 *
 * Follows the WAP WBXML 1.3 note (WAP-192-WBXML, W3C NOTE-wbxml-19990624 for 1.1) for the document
 * layout (§5.3), mb_u_int32 (§5.1), global tokens (§5.8.4) and tag/attribute code spaces (§5.8.1–5.8.3),
 * with the field tolerances of libwbxml and Wireshark (docs/dm-facts.md §1.1–1.3, §1.9, §1.10).
 *
 * Every defect becomes a Problem (`wbxml-*`) whose message starts with the byte offset; the
 * reader decodes as far as the bytes go. Speed matters (bench/codec-wbxml.mjs): one pass over the
 * bytes, no per-byte allocation, ASCII strings built without TextDecoder.
 */
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type { Element, Opaque, Text } from '../model/tree.js';
import { problem, quoted, type Problem } from '../model/problem.js';
import type { CodeAt, ProblemCode, SeverityOf } from '../model/problem-codes.js';
import type { WbxmlHeader } from '../syncml/types.js';
import { languageByFpi, languageByPublicId, PUBLIC_ID, SYNCML12, type Language } from './codepages/index.js';
import { SYNCML_NAMESPACES } from './codepages/syncml.js';

/** Global tokens (WBXML 1.3 §7.1, libwbxml `wbxml_internals.h`, docs/dm-facts.md §1.3). */
export const TOKEN = {
  SWITCH_PAGE: 0x00,
  END: 0x01,
  ENTITY: 0x02,
  STR_I: 0x03,
  LITERAL: 0x04,
  EXT_I_0: 0x40,
  EXT_I_1: 0x41,
  EXT_I_2: 0x42,
  PI: 0x43,
  LITERAL_C: 0x44,
  EXT_T_0: 0x80,
  EXT_T_1: 0x81,
  EXT_T_2: 0x82,
  STR_T: 0x83,
  LITERAL_A: 0x84,
  EXT_0: 0xc0,
  EXT_1: 0xc1,
  EXT_2: 0xc2,
  OPAQUE: 0xc3,
  LITERAL_AC: 0xc4,
} as const;

/** Tag byte bits (WBXML 1.3 §5.8.2). */
const TAG_MASK = 0x3f;
const WITH_CONTENT = 0x40;
const WITH_ATTRS = 0x80;

/** IANA MIBenum → WHATWG encoding label, for the charsets a WBXML document may name (WBXML 1.3 §5.6). */
export const CHARSETS: Readonly<Record<number, string>> = {
  3: 'us-ascii',
  4: 'iso-8859-1',
  5: 'iso-8859-2',
  6: 'iso-8859-3',
  7: 'iso-8859-4',
  8: 'iso-8859-5',
  9: 'iso-8859-6',
  10: 'iso-8859-7',
  11: 'iso-8859-8',
  12: 'iso-8859-9',
  17: 'shift_jis',
  18: 'euc-jp',
  36: 'euc-kr',
  106: 'utf-8',
  109: 'iso-8859-13',
  111: 'iso-8859-15',
  113: 'gbk',
  114: 'gb18030',
  1013: 'utf-16be',
  1014: 'utf-16le',
  1015: 'utf-16',
  2025: 'gb2312',
  2026: 'big5',
  2084: 'koi8-r',
  2252: 'windows-1252',
};

/** MIBenums whose strings end with a two-byte NUL (WBXML 1.3 §5.8.4.1: terminated "per charset"). */
const WIDE_CHARSETS = new Set([1013, 1014, 1015]);

/** Options of {@link readWbxml}. */
export interface ReadWbxmlOptions {
  /** Deepest element nesting decoded (root = 1). Deeper subtrees are skipped with an error. Default 64. */
  maxDepth?: number;
  /** Largest document accepted, in bytes. Default 32 MiB. */
  maxSize?: number;
  /**
   * Most text one document decodes to beyond its own size, in characters (README "Limits"). Text comes from
   * the bytes or from string-table references, which can repeat one string without end: a 62 kB document
   * gave 4.4 MB of text. Past the budget text is dropped, said once (`wbxml-text-budget`). Default 1 MiB.
   */
  maxExtraText?: number;
  /** Stop when the root's first SyncHdr child ends (src/xml/read.ts ReadXmlOptions.stopAfterHeader). */
  stopAfterHeader?: boolean;
}

/** What {@link readWbxml} returns: as much tree as the bytes gave, and every problem met. */
export interface ReadWbxmlResult {
  root?: Element;
  header?: WbxmlHeader;
  /** Name of the language whose code pages decoded the body (`SyncML 1.2`, `DM DDF 1.2`, ...). */
  language?: string;
  problems: Problem[];
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_SIZE = 32 * 1024 * 1024;
export const DEFAULT_MAX_EXTRA_TEXT = 1024 * 1024;

/** Largest number of per-token warnings kept for one document; the rest are counted in one problem. */
const MAX_TOKEN_WARNINGS = 100;

/** Media types whose OPAQUE Data holds a complete WBXML document (libwbxml `wbxml_tree.c`, docs/dm-facts.md §1.10). */
const EMBEDDED_WBXML_TYPES = new Set(['application/vnd.syncml-devinf+wbxml', 'application/vnd.syncml.dmtnds+wbxml']);

/** `0x1d`-style offsets, as in every problem message. */
export function hex(n: number): string {
  const s = n.toString(16);
  return s.length % 2 === 1 ? `0x0${s}` : `0x${s}`;
}

/** Name given to a tag token no code page defines (Wireshark style). */
export function unknownTagName(token: number): string {
  return `Tag_0x${(token & TAG_MASK).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Thrown inside the reader only, to unwind when the bytes end or cannot be resynchronised; caught in readWbxml. */

/**
 * An element name as a problem message shows it: as is when it is a plain name, else quoted with
 * every control character escaped and cut to 64 characters. A literal tag's name comes from the
 * document's string table and can hold anything, newlines too (fuzz wbxml, seed 12, iteration
 * 297,866), and a problem is one line.
 */
export function shownName(name: string): string {
  return /^[A-Za-z0-9_.:-]{1,64}$/.test(name) ? name : shownValue(name);
}

/** An attribute value as a problem message shows it: quoted, control characters escaped, cut to 64 characters. */
function shownValue(value: string): string {
  const cut = value.length > 64 ? `${value.slice(0, 64)}…` : value;
  return quoted(cut);
}

class Stop {
  constructor(readonly problem: Problem) {}
}

const UTF8 = new TextDecoder('utf-8');
const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true });

class Reader {
  readonly problems: Problem[] = [];
  pos = 0;
  /** ReadWbxmlOptions.stopAfterHeader. */
  stopAfterHeader = false;
  readonly len: number;
  /** String table bounds in `buf` (strtbl[i] = buf[strStart + i]). */
  strStart = 0;
  strLen = -1;
  strCache: Map<number, string> | undefined;
  /** Current tag page and attribute page: plain state, not tied to nesting (docs/dm-facts.md §1.9). */
  tagPage = 0;
  attrPage = 0;
  lang: Language = SYNCML12;
  names: ReadonlyArray<string | undefined> | undefined;
  ns = '';
  /** Charset: 0 → fast UTF-8/ASCII path; otherwise a TextDecoder. */
  decoder: TextDecoder = UTF8;
  utf8 = true;
  latin1 = false;
  wide = false;
  tokenWarnings = 0;
  droppedWarnings = 0;
  /** Open elements, innermost last. */
  readonly stack: Element[] = [];
  /** The Text that adjacent string tokens join (reset by every element, END and OPAQUE). */
  lastText: Text | undefined;
  /** Depth of skipped subtree when deeper than maxDepth. */
  skip = 0;
  /** OPAQUE nodes that may hold an embedded document: the node, where its data starts, and Command/Item/Data above it. */
  opaques: { node: Opaque; dataStart: number; depth: number; ancestors: Element[] }[] | undefined;

  /** Characters of text (element text and attribute values) still allowed; past it text is dropped, said once. */
  textBudget: number;
  textCut = false;

  constructor(
    readonly buf: Uint8Array,
    readonly maxDepth: number,
    readonly maxExtraText = DEFAULT_MAX_EXTRA_TEXT,
  ) {
    this.len = buf.length;
    this.textBudget = buf.length + maxExtraText;
  }

  /** Spends `n` characters of the text budget; false (after one error) once it is spent. */
  spendText(n: number, offset: number): boolean {
    if (this.textCut) return false;
    this.textBudget -= n;
    if (this.textBudget >= 0) return true;
    this.textCut = true;
    this.add(
      'error',
      'wbxml-text-budget',
      offset,
      `the document decodes to more text than its size (${this.len} bytes) + ${this.maxExtraText} characters (maxExtraText: string-table references repeat strings); the text from here on is dropped`,
    );
    return false;
  }

  add<C extends ProblemCode>(severity: SeverityOf<C>, code: C, offset: number, message: string): void {
    this.problems.push(problem(severity, code, message, { offset }));
  }

  /** Per-token warnings are capped so a hostile document cannot flood the report; the rest are counted. */
  tokenWarning(code: CodeAt<'warning'>, offset: number, message: string): void {
    if (this.tokenWarnings++ < MAX_TOKEN_WARNINGS) this.add('warning', code, offset, message);
    else this.droppedWarnings++;
  }

  stop(code: CodeAt<'error'>, offset: number, message: string): never {
    throw new Stop(problem('error', code, message, { offset }));
  }

  truncated(offset: number, what: string): never {
    const open = this.stack.map((e) => shownName(e.name)).join('/');
    this.stop('wbxml-truncated', offset, `document ends inside ${what}${open ? ` (open elements: ${open})` : ''}`);
  }

  u8(what: string): number {
    if (this.pos >= this.len) this.truncated(this.pos, what);
    return this.buf[this.pos++]!;
  }

  /** mb_u_int32 (WBXML 1.3 §5.1): big-endian base-128, at most 5 bytes, at most 32 bits (docs/dm-facts.md §1.2). */
  mb(what: string): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos < this.len) {
      const b = buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    const start = pos;
    let value = 0;
    for (let i = 0; ; i++) {
      if (pos >= this.len) {
        this.pos = pos;
        this.truncated(start, `an mb_u_int32 (${what})`);
      }
      const b = buf[pos++]!;
      if (i === 4) {
        if (b & 0x80) this.stop('wbxml-mb-overflow', start, `mb_u_int32 (${what}) longer than 5 bytes`);
        if (value >= 0x2000000) this.stop('wbxml-mb-overflow', start, `mb_u_int32 (${what}) exceeds 32 bits`);
      }
      value = value * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    this.pos = pos;
    return value;
  }

  /** Latin-1 view of the whole document, made on first use: ASCII strings are cut from it (a V8 slice, no per-byte work). */
  all: string | undefined;

  /**
   * Decode bytes [start, end) in the document charset. `hi` is the OR of those bytes when the
   * caller already scanned them (-1: not known).
   */
  decode(start: number, end: number, hi = -1): string {
    const buf = this.buf;
    if (this.utf8 || this.latin1) {
      if (start === end) return '';
      if (hi < 0) {
        hi = 0;
        for (let i = start; i < end; i++) hi |= buf[i]!;
      }
      if (hi < 0x80 || this.latin1) {
        const all = (this.all ??= Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1'));
        return all.slice(start, end);
      }
    }
    if (this.utf8) {
      // Non-ASCII UTF-8: decode strictly first so that malformed bytes are reported, not silently replaced.
      try {
        return UTF8_FATAL.decode(buf.subarray(start, end));
      } catch {
        this.tokenWarning(
          'wbxml-bad-utf8',
          start,
          `malformed UTF-8 in a ${end - start}-byte string; bad bytes shown as U+FFFD`,
        );
      }
    }
    return this.decoder.decode(buf.subarray(start, end));
  }

  /** Index of the terminating NUL (one byte, or two aligned bytes for UTF-16) at or after `from`, before `limit`; -1 if none. */
  findNul(from: number, limit: number): number {
    const buf = this.buf;
    if (!this.wide) {
      const i = buf.indexOf(0, from);
      return i < 0 || i >= limit ? -1 : i;
    }
    for (let i = from; i + 1 < limit; i += 2) if (buf[i] === 0 && buf[i + 1] === 0) return i;
    return -1;
  }

  /** STR_I / EXT_I / PI inline string (WBXML 1.3 §5.8.4.1). */
  inlineString(tokenOffset: number, what: string): string {
    const start = this.pos;
    if (!this.wide) {
      // One pass: find the NUL and OR the bytes (ASCII check) together.
      const buf = this.buf;
      const len = this.len;
      let hi = 0;
      let i = start;
      for (; i < len; i++) {
        const b = buf[i]!;
        if (b === 0) break;
        hi |= b;
      }
      if (i >= len) this.truncated(tokenOffset, `${what} (no terminating NUL)`);
      this.pos = i + 1;
      return this.decode(start, i, hi);
    }
    const end = this.findNul(start, this.len);
    if (end < 0) this.truncated(tokenOffset, `${what} (no terminating NUL)`);
    this.pos = end + (this.wide ? 2 : 1);
    return this.decode(start, end);
  }

  /** A string-table reference (STR_T, LITERAL, EXT_T, literal public id). Undefined (after an error) when out of range. */
  tableString(index: number, tokenOffset: number, what: string): string | undefined {
    if (index >= this.strLen || index < 0) {
      this.add(
        'error',
        'wbxml-strtbl-out-of-range',
        tokenOffset,
        this.strLen <= 0
          ? `${what} refers to string-table index ${index}, but the document has no string table`
          : `${what} refers to string-table index ${index}, outside the ${this.strLen}-byte string table`,
      );
      return undefined;
    }
    const cache = (this.strCache ??= new Map());
    let s = cache.get(index);
    if (s === undefined) {
      const start = this.strStart + index;
      const limit = this.strStart + this.strLen;
      const nul = this.findNul(start, limit);
      // An unterminated last string runs to the end of the table (reported once, in the header).
      s = this.decode(start, nul < 0 ? limit : nul);
      cache.set(index, s);
    }
    return s;
  }

  setCharset(charset: number, offset: number): void {
    if (charset === 0 || charset === 106) return; // 0 = unknown: UTF-8 (WBXML 1.3 §5.6; docs/dm-facts.md §1.1)
    if (charset === 3) return; // US-ASCII is a subset of UTF-8
    if (charset === 4) {
      this.utf8 = false;
      this.latin1 = true;
      return;
    }
    const label = CHARSETS[charset];
    let decoder: TextDecoder | undefined;
    if (label !== undefined) {
      try {
        decoder = new TextDecoder(label);
      } catch {
        decoder = undefined;
      }
    }
    if (decoder === undefined) {
      this.add(
        'warning',
        'wbxml-charset-unsupported',
        offset,
        `charset MIBenum ${charset}${label ? ` (${label})` : ''} is not supported here; strings decoded as UTF-8`,
      );
      return;
    }
    this.utf8 = false;
    this.decoder = decoder;
    this.wide = WIDE_CHARSETS.has(charset);
  }

  selectPage(page: number): void {
    this.tagPage = page;
    this.names = this.lang.tagNames[page];
    this.ns = this.lang.pageNamespace[page] ?? '';
  }

  /** Append text to the open element, joining adjacent string tokens into one Text (as libwbxml does). */
  addText(value: string, offset: number): void {
    if (this.skip > 0 || !this.spendText(value.length, offset)) return;
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      this.add('error', 'wbxml-content-outside-root', offset, 'text outside the root element ignored');
      return;
    }
    const last = this.lastText;
    if (last !== undefined) last.value += value;
    else parent.children.push((this.lastText = { kind: 'text', value, pos: { offset } }));
  }

  /** Attribute list after a tag with the 0x80 bit, up to its END (WBXML 1.3 §5.8.3). */
  attributes(el: Element | undefined, tagOffset: number): void {
    let name: string | undefined;
    let value = '';
    const attrs: Record<string, string> = {};
    let any = false;
    const flush = (): void => {
      if (name === undefined) return;
      if (name === 'xmlns') {
        // Nokia quirk (docs/dm-facts.md §1.3, §10 D12): the namespace as a LITERAL attribute. The code page already gives it.
        if (el && value !== '' && value !== el.namespace)
          this.add(
            'warning',
            'wbxml-xmlns-attribute',
            tagOffset,
            `${shownName(el.name)} carries an xmlns attribute ${shownValue(value)} that differs from its code-page namespace "${el.namespace}"; the code page wins`,
          );
      } else {
        attrs[name] = value;
        any = true;
      }
      name = undefined;
      value = '';
    };
    for (;;) {
      const off = this.pos;
      const b = this.u8('an attribute list');
      switch (b) {
        case TOKEN.END:
          flush();
          if (el && any) el.attributes = attrs;
          return;
        case TOKEN.SWITCH_PAGE:
          this.attrPage = this.u8('SWITCH_PAGE');
          continue;
        case TOKEN.ENTITY:
          value += this.entity(off);
          continue;
        case TOKEN.STR_I:
          value += this.inlineString(off, 'STR_I');
          continue;
        case TOKEN.STR_T: {
          const t = this.tableString(this.mb('STR_T index'), off, 'STR_T') ?? '';
          if (this.spendText(t.length, off)) value += t;
          continue;
        }
        case TOKEN.OPAQUE: {
          // WBXML 1.3 allows OPAQUE as an attribute value; keep it as UTF-8 text.
          const n = this.mb('OPAQUE length');
          if (this.pos + n > this.len) this.truncated(off, `OPAQUE data of ${n} bytes`);
          value += new TextDecoder().decode(this.buf.subarray(this.pos, this.pos + n));
          this.pos += n;
          continue;
        }
        case TOKEN.LITERAL: {
          flush();
          const index = this.mb('LITERAL index');
          if (this.strLen <= 0 && index === 0) {
            // libwbxml maps this index to `xmlns` when there is no string table (Nokia, docs/dm-facts.md §1.3).
            name = 'xmlns';
            this.add(
              'info',
              'wbxml-nokia-xmlns',
              off,
              'LITERAL attribute name at index 0 with no string table (Nokia quirk): read as xmlns',
            );
          } else name = this.tableString(index, off, 'LITERAL attribute name') ?? `attr_literal_${index}`;
          continue;
        }
        case TOKEN.EXT_I_0:
        case TOKEN.EXT_I_1:
        case TOKEN.EXT_I_2:
          value += this.inlineString(off, 'EXT_I');
          this.tokenWarning(
            'wbxml-extension-token',
            off,
            `extension token ${hex(b)} in an attribute value (no meaning in this language); its string kept as text`,
          );
          continue;
        case TOKEN.EXT_T_0:
        case TOKEN.EXT_T_1:
        case TOKEN.EXT_T_2:
          value += this.tableString(this.mb('EXT_T index'), off, 'EXT_T') ?? '';
          this.tokenWarning(
            'wbxml-extension-token',
            off,
            `extension token ${hex(b)} in an attribute value (no meaning in this language); its string kept as text`,
          );
          continue;
        case TOKEN.EXT_0:
        case TOKEN.EXT_1:
        case TOKEN.EXT_2:
          this.tokenWarning('wbxml-extension-token', off, `extension token ${hex(b)} in an attribute value ignored`);
          continue;
        default:
          if (b < 0x80) {
            // ATTRSTART: no SyncML DTD defines attribute tokens.
            flush();
            name = `Attr_0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
            this.tokenWarning(
              'wbxml-unknown-attribute',
              off,
              `unknown attribute start token ${hex(b)} on attribute page ${this.attrPage}`,
            );
          } else {
            this.tokenWarning(
              'wbxml-unknown-attribute',
              off,
              `unknown attribute value token ${hex(b)} on attribute page ${this.attrPage} ignored`,
            );
          }
      }
    }
  }

  entity(off: number): string {
    const code = this.mb('ENTITY code');
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      this.add('error', 'wbxml-bad-entity', off, `ENTITY ${code} is not a Unicode scalar value; ignored`);
      return '';
    }
    return String.fromCodePoint(code);
  }

  /** PI (WBXML 1.3 §5.8.4.5): read and dropped; the element tree has no place for it. */
  pi(off: number): void {
    this.attributes(undefined, off);
    this.add('info', 'wbxml-pi-skipped', off, 'processing instruction skipped');
  }

  /** Open an element (tag or literal) at `off`. */
  element(name: string, namespace: string, off: number, hasAttrs: boolean, hasContent: boolean): void {
    this.lastText = undefined;
    const depth = this.stack.length;
    if (this.skip > 0 || depth >= this.maxDepth) {
      if (this.skip === 0)
        this.add(
          'error',
          'wbxml-too-deep',
          off,
          `element ${shownName(name)} is nested deeper than ${this.maxDepth} levels; its subtree is skipped`,
        );
      if (hasAttrs) this.attributes(undefined, off);
      if (hasContent) this.skip++;
      return;
    }
    const el: Element = { kind: 'element', name, namespace, children: [], pos: { offset: off } };
    if (hasAttrs) this.attributes(el, off);
    if (depth > 0) this.stack[depth - 1]!.children.push(el);
    else {
      this.root = el;
      if (!hasContent) this.rootClosed = true;
    }
    if (hasContent) this.stack.push(el);
  }

  root: Element | undefined;
  rootClosed = false;

  /** END (WBXML 1.3 §5.8.4.7); true when reading stops here (stopAfterHeader, the root's first SyncHdr ended). */
  end(off: number): boolean {
    const stack = this.stack;
    if (this.skip > 0) this.skip--;
    else if (stack.length === 0) this.add('error', 'wbxml-unexpected-end', off, 'END with no open element ignored');
    else {
      const closed = stack.pop()!;
      this.lastText = undefined;
      if (stack.length === 0) this.rootClosed = true;
      else if (this.stopAfterHeader && stack.length === 1 && closed.name === 'SyncHdr') return true;
    }
    return false;
  }

  body(): void {
    const buf = this.buf;
    const len = this.len;
    const stack = this.stack;
    while (this.pos < len) {
      const off = this.pos;
      const b = buf[this.pos++]!;
      if (this.rootClosed && b !== TOKEN.PI && b !== TOKEN.SWITCH_PAGE) {
        this.add(
          'warning',
          'wbxml-trailing-bytes',
          off,
          `${len - off} bytes after the end of the root element ignored`,
        );
        this.pos = len;
        return;
      }
      const id = b & TAG_MASK;
      if (id >= 0x05) {
        // A tag token on the current page (WBXML 1.3 §5.8.2): every global token has low bits 0–4.
        let name = this.names?.[id];
        if (name === undefined) {
          name = unknownTagName(id);
          this.tokenWarning(
            'wbxml-unknown-token',
            off,
            `unknown tag token ${hex(b)} on code page ${this.tagPage} of ${this.lang.name}: shown as ${name}`,
          );
        }
        if (!this.beforeElement(off)) return;
        this.element(name, this.ns, off, (b & WITH_ATTRS) !== 0, (b & WITH_CONTENT) !== 0);
        continue;
      }
      switch (b) {
        case TOKEN.SWITCH_PAGE: {
          const page = this.u8('SWITCH_PAGE');
          this.selectPage(page);
          if (this.names === undefined)
            this.tokenWarning(
              'wbxml-unknown-page',
              off,
              `SWITCH_PAGE to code page ${page}, which ${this.lang.name} does not define`,
            );
          continue;
        }
        case TOKEN.END:
          if (this.end(off)) return;
          continue;
        case TOKEN.STR_I:
          this.addText(this.inlineString(off, 'STR_I'), off);
          continue;
        case TOKEN.STR_T: {
          const s = this.tableString(this.mb('STR_T index'), off, 'STR_T');
          if (s !== undefined) this.addText(s, off);
          continue;
        }
        case TOKEN.ENTITY:
          this.addText(this.entity(off), off);
          continue;
        case TOKEN.OPAQUE:
          this.opaque(off);
          continue;
        case TOKEN.PI:
          this.pi(off);
          continue;
        case TOKEN.LITERAL:
        case TOKEN.LITERAL_A:
        case TOKEN.LITERAL_C:
        case TOKEN.LITERAL_AC: {
          const index = this.mb('LITERAL index');
          const name = this.tableString(index, off, 'LITERAL tag name') ?? `Literal_${index}`;
          if (!this.beforeElement(off)) return;
          this.element(name, this.ns, off, (b & WITH_ATTRS) !== 0, (b & WITH_CONTENT) !== 0);
          continue;
        }
        case TOKEN.EXT_I_0:
        case TOKEN.EXT_I_1:
        case TOKEN.EXT_I_2: {
          const s = this.inlineString(off, 'EXT_I');
          this.tokenWarning(
            'wbxml-extension-token',
            off,
            `extension token ${hex(b)} (no meaning in ${this.lang.name}); its string kept as text`,
          );
          this.addText(s, off);
          continue;
        }
        case TOKEN.EXT_T_0:
        case TOKEN.EXT_T_1:
        case TOKEN.EXT_T_2: {
          const s = this.tableString(this.mb('EXT_T index'), off, 'EXT_T');
          this.tokenWarning(
            'wbxml-extension-token',
            off,
            `extension token ${hex(b)} (no meaning in ${this.lang.name}); its string kept as text`,
          );
          if (s !== undefined) this.addText(s, off);
          continue;
        }
        case TOKEN.EXT_0:
        case TOKEN.EXT_1:
        case TOKEN.EXT_2:
          this.tokenWarning(
            'wbxml-extension-token',
            off,
            `extension token ${hex(b)} (no meaning in ${this.lang.name}) ignored`,
          );
          continue;
      }
    }
    if (stack.length > 0 || this.skip > 0) this.truncated(len, 'element content');
    if (this.root === undefined) this.stop('wbxml-no-root', len, 'the document has no root element');
  }

  /** A second root element is not decoded (guard; rootClosed normally catches it first). */
  beforeElement(off: number): boolean {
    if (this.root !== undefined && this.stack.length === 0 && this.skip === 0) {
      this.add(
        'warning',
        'wbxml-trailing-bytes',
        off,
        `${this.len - off} bytes after the end of the root element ignored`,
      );
      this.pos = this.len;
      return false;
    }
    return true;
  }

  opaque(off: number): void {
    const n = this.mb('OPAQUE length');
    const start = this.pos;
    if (n > this.len - start) this.truncated(off, `OPAQUE data of ${n} bytes (${this.len - start} left)`);
    this.pos = start + n;
    if (this.skip > 0) return;
    const stack = this.stack;
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      this.add('error', 'wbxml-content-outside-root', off, 'OPAQUE outside the root element ignored');
      return;
    }
    const node: Opaque = { kind: 'opaque', bytes: this.buf.slice(start, start + n), pos: { offset: off } };
    parent.children.push(node);
    this.lastText = undefined;
    // A version byte 0x00–0x03 may start an embedded WBXML document (checked after the whole tree is read).
    if (n >= 4 && this.buf[start]! <= 0x03 && stack.length >= 2)
      (this.opaques ??= []).push({ node, dataStart: start, depth: stack.length, ancestors: stack.slice(-3) });
  }
}

/** Meta/Type (MetInf Type) of an element, if any. */
function metaType(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (c.kind !== 'element' || c.name !== 'Meta') continue;
    for (const t of c.children) {
      if (t.kind === 'element' && t.name === 'Type') {
        let s = '';
        for (const x of t.children) if (x.kind === 'text') s += x.value;
        return s.trim();
      }
    }
  }
  return undefined;
}

/** Decode OPAQUE nodes that hold a whole WBXML document (DevInf, TNDS) into `document` (docs/dm-facts.md §1.10 form 3). */
function decodeEmbedded(r: Reader, maxDepth: number): void {
  for (const { node, dataStart, depth, ancestors } of r.opaques ?? []) {
    const data = ancestors[ancestors.length - 1];
    const item = ancestors[ancestors.length - 2];
    const command = ancestors.length >= 3 ? ancestors[0] : undefined;
    if (data?.name !== 'Data') continue;
    const type = metaType(item) ?? metaType(command);
    const hinted = type !== undefined && EMBEDDED_WBXML_TYPES.has(type);
    const budget = maxDepth - depth;
    if (budget < 1) {
      if (hinted)
        r.add(
          'error',
          'wbxml-too-deep',
          node.pos.offset!,
          `embedded WBXML document not decoded: nesting limit of ${maxDepth} reached`,
        );
      continue;
    }
    const inner = readWbxml(node.bytes, { maxDepth: budget });
    const known = inner.language !== undefined && !inner.problems.some((p) => p.code === 'wbxml-unknown-public-id');
    const clean = inner.root !== undefined && !inner.problems.some((p) => p.severity === 'error');
    if (!hinted && !(known && clean)) continue; // plain binary data that merely starts like WBXML
    if (inner.root) node.document = inner.root;
    else
      r.add(
        'warning',
        'wbxml-embedded-undecodable',
        node.pos.offset!,
        `Data with Meta/Type ${type} holds no decodable WBXML document; kept as bytes`,
      );
    for (const p of inner.problems) {
      // Offsets are moved into the outer document.
      const offset = p.offset === undefined ? undefined : dataStart + p.offset;
      r.problems.push({
        ...p,
        message: `in the WBXML document embedded at offset ${hex(dataStart)}: ${p.message}`,
        ...(offset === undefined ? {} : { offset }),
      });
    }
  }
}

/** After a fallback to SyncML 1.2 tables, name page 0 after VerDTD (docs/dm-facts.md §1.4: the content decides). */
function renameByVerDtd(root: Element, from: string): void {
  if (root.name !== 'SyncML') return;
  const hdr = root.children.find((c): c is Element => c.kind === 'element' && c.name === 'SyncHdr');
  const ver = hdr?.children.find((c): c is Element => c.kind === 'element' && c.name === 'VerDTD');
  const v = ver?.children
    .map((c) => (c.kind === 'text' ? c.value : ''))
    .join('')
    .trim();
  const to = v === '1.1' || v === '1.0' ? SYNCML_NAMESPACES[v] : undefined;
  if (!to || to === from) return;
  const walk = (el: Element): void => {
    if (el.namespace === from) el.namespace = to;
    for (const c of el.children) if (c.kind === 'element') walk(c);
  };
  walk(root);
}

/**
 * Decode a WBXML document into the element tree. Never throws: every defect is a Problem with its
 * byte offset, and whatever could be decoded is returned.
 */
export function readWbxml(bytes: Uint8Array, opts: ReadWbxmlOptions = {}): ReadWbxmlResult {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxSize = opts.maxSize ?? DEFAULT_MAX_SIZE;
  const r = new Reader(bytes, maxDepth, opts.maxExtraText);
  if (opts.stopAfterHeader) r.stopAfterHeader = true;
  const result: ReadWbxmlResult = { problems: r.problems };
  if (bytes.length > maxSize) {
    r.add(
      'error',
      'wbxml-too-large',
      0,
      `document of ${bytes.length} bytes exceeds the ${maxSize}-byte limit; not decoded`,
    );
    return result;
  }
  let fallback = false;
  try {
    // Header (WBXML 1.3 §5.3): version publicid [charset] strtbl.
    if (bytes.length === 0) r.stop('wbxml-empty', 0, 'empty document');
    const version = r.u8('the version byte');
    if (version > 0x0f)
      r.stop(
        'wbxml-not-wbxml',
        0,
        `version byte ${hex(version)} is not a WBXML version (1.0–1.3 are 0x00–0x03): not a WBXML document`,
      );
    if (version > 0x03)
      r.add(
        'warning',
        'wbxml-unknown-version',
        0,
        `WBXML version ${(version >> 4) + 1}.${version & 0x0f} is not 1.0–1.3; read as 1.3`,
      );
    const pidOffset = r.pos;
    const publicIdNum = r.mb('the public id');
    let literalIndex = -1;
    if (publicIdNum === 0) literalIndex = r.mb('the public id string-table index');
    const charsetOffset = r.pos;
    // WBXML 1.0 has no charset field (docs/dm-facts.md §1.1).
    const charset = version === 0 ? 0 : r.mb('the charset');
    const header: WbxmlHeader = { version, publicId: publicIdNum, charset };
    result.header = header;
    r.setCharset(charset, charsetOffset);
    const lenOffset = r.pos;
    const strLen = r.mb('the string-table length');
    r.strStart = r.pos;
    if (strLen > r.len - r.pos)
      r.truncated(r.strStart, `the string table (${strLen} bytes declared, ${r.len - r.pos} present)`);
    r.strLen = strLen;
    r.pos += strLen;
    if (strLen > 0) {
      const last = bytes[r.strStart + strLen - 1];
      const wideOk = !r.wide || (strLen >= 2 && bytes[r.strStart + strLen - 2] === 0);
      if (last !== 0 || !wideOk)
        r.add(
          'warning',
          'wbxml-strtbl-unterminated',
          lenOffset,
          `string table (${strLen} bytes from offset ${hex(r.strStart)}) is not NUL-terminated; its last string read to the end of the table`,
        );
    }
    // Language: numeric public id, else the FPI literal; else SyncML 1.2 (the content of a DM message implies it).
    let lang: Language | undefined;
    if (literalIndex >= 0) {
      const fpi = r.tableString(literalIndex, pidOffset, 'the public id');
      if (fpi !== undefined) {
        header.publicIdLiteral = fpi;
        lang = languageByFpi(fpi);
        if (!lang)
          r.add(
            'warning',
            'wbxml-unknown-public-id',
            pidOffset,
            `unknown public id "${fpi}"; decoding with the SyncML 1.2 code pages`,
          );
      }
    } else {
      lang = languageByPublicId(publicIdNum);
      if (!lang)
        r.add(
          'warning',
          'wbxml-unknown-public-id',
          pidOffset,
          publicIdNum === PUBLIC_ID.Unknown
            ? 'public id 0x01 (unknown/missing); decoding with the SyncML 1.2 code pages'
            : `unknown public id ${hex(publicIdNum)}; decoding with the SyncML 1.2 code pages`,
        );
    }
    if (!lang) fallback = true;
    r.lang = lang ?? SYNCML12;
    result.language = r.lang.name;
    r.selectPage(0);
    r.body();
  } catch (e) {
    if (e instanceof Stop) r.problems.push(e.problem);
    else
      r.add('error', 'wbxml-internal-error', r.pos, `decoder failure: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (r.droppedWarnings > 0)
    r.problems.push(problem('warning', 'wbxml-more-warnings', `${r.droppedWarnings} more token warnings not listed`));
  if (r.root) {
    result.root = r.root;
    if (fallback) renameByVerDtd(r.root, SYNCML12.pageNamespace[0]!);
    if (r.opaques) decodeEmbedded(r, maxDepth);
  }
  return result;
}
