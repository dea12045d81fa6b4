/**
 * WBXML writer: element tree → bytes (WBXML 1.3 §5; docs/dm-facts.md §1.1–1.10).
 *
 * - Public id: SyncML 1.2 (0x1201) by default; from the root namespace otherwise (SyncML 1.1 →
 *   0x0FD3, DevInf → 0x1203, ...); DM DDF has no numeric id and is named by its FPI in the string table.
 * - UTF-8 (MIBenum 106); WBXML version 1.2 unless asked otherwise.
 * - SWITCH_PAGE whenever an element's namespace lives on another page (MetInf children → page 1,
 *   DM DDF → page 2); the page is plain state, as in the reader.
 * - Elements with names no code page has are written as LITERAL via the string table; `Tag_0xNN`
 *   (what the reader names unknown tokens) is written back as that token.
 * - DevInf and DM DDF (TNDS) subtrees inside a SyncML document, and Opaque nodes with a decoded
 *   `document`, are written as OPAQUE holding a nested WBXML document (docs/dm-facts.md §1.10 form 3), and
 *   MetInf Type `application/vnd.syncml-devinf+xml` / `…dmtnds+xml` becomes `…+wbxml`, as libwbxml does.
 */
import { NS, type Element, type Node } from '../model/tree.js';
import { languageByPublicId, languageByRootNamespace, SYNCML12, type Language } from './codepages/index.js';
import { TOKEN } from './read.js';

/** Options of {@link writeWbxml}. */
export interface WriteWbxmlOptions {
  /** Numeric public id to write. Default: from the root namespace (SyncML 1.2 = 0x1201 when unknown). */
  publicId?: number;
  /** Put strings used more than once in the string table and refer to them with STR_T. Default false. */
  stringTable?: boolean;
  /** Write the text of `Data` elements as OPAQUE instead of STR_I. Default false. */
  opaqueData?: boolean;
  /** WBXML version byte (0x00–0x03 = 1.0–1.3, as in WbxmlHeader.version). Default 0x02 (WBXML 1.2). */
  version?: number;
  /**
   * Keep whitespace-only text between elements (indentation of an XML source). Default false:
   * dropped, as libwbxml's xml2wbxml does without -k. Whitespace that is an element's only
   * content is always kept.
   */
  keepWhitespace?: boolean;
}

/** Whitespace-only text (XML S production). */
const BLANK = /^[ \t\r\n]*$/;

const NO_ATTRS: [string, string][] = [];

/** Strings shorter than this are never put in the string table (an STR_T reference would not be shorter). */
const MIN_TABLE_STRING = 3;

/** Growable byte buffer. */
class Out {
  buf: Uint8Array;
  len = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  /** mb_u_int32 (WBXML 1.3 §5.1). */
  mb(v: number): void {
    if (v < 0x80) {
      this.byte(v);
      return;
    }
    const tmp: number[] = [];
    do {
      tmp.push(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    this.ensure(tmp.length);
    for (let i = tmp.length - 1; i >= 0; i--) this.buf[this.len++] = tmp[i]! | (i > 0 ? 0x80 : 0);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Inline string: UTF-8 bytes and the NUL terminator (no U+0000 inside; the caller splits on it). */
  strI(s: string): void {
    const n = s.length;
    this.ensure(n * 3 + 2);
    const buf = this.buf;
    let len = this.len;
    buf[len++] = TOKEN.STR_I;
    let i = 0;
    // ASCII directly; the first non-ASCII character hands the rest to TextEncoder.
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[len++] = c;
    }
    if (i < n) len += utf8.encodeInto(i === 0 ? s : s.slice(i), buf.subarray(len)).written;
    buf[len++] = 0;
    this.len = len;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const utf8 = new TextEncoder();

/** Bytes an mb_u_int32 takes. */
function mbLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** The string table being built: strings by byte offset. */
class StringTable {
  readonly offsets = new Map<string, number>();
  readonly parts: Uint8Array[] = [];
  size = 0;

  add(s: string): number {
    let off = this.offsets.get(s);
    if (off === undefined) {
      off = this.size;
      const b = utf8.encode(s);
      this.parts.push(b, new Uint8Array(1));
      this.size += b.length + 1;
      this.offsets.set(s, off);
    }
    return off;
  }
}

/**
 * Sub-DTD documents written inside a SyncML document as OPAQUE holding a nested WBXML document,
 * as libwbxml does (docs/dm-facts.md §1.10 form 3), rather than inline on page 2.
 */
const EMBEDDED_NAMESPACES = new Set<string>([NS.DevInf, NS.DMDDF12]);

/** Media types rewritten in MetInf Type when encoding, as libwbxml's encoder does (docs/dm-facts.md §1.10). */
const XML_TO_WBXML_TYPE: Readonly<Record<string, string>> = {
  'application/vnd.syncml-devinf+xml': 'application/vnd.syncml-devinf+wbxml',
  'application/vnd.syncml.dmtnds+xml': 'application/vnd.syncml.dmtnds+wbxml',
};

/** SyncML namespaces of any version (matched case-insensitively, docs/dm-facts.md §1.4). */
const SYNCML_NS = /^syncml:syncml1\.[0-9]$/i;

/** Reverse of the reader's `Tag_0xNN`. */
const UNKNOWN_TAG = /^Tag_0x([0-9A-Fa-f]{2})$/;

/** Body buffer reused across calls (taken while in use, so a nested writeWbxml call gets its own). */
let scratch: Out | undefined;

class Writer {
  readonly out: Out;
  page = 0;
  /** Strings worth a table entry (used twice or more), when the string table is on. */
  readonly shared = new Set<string>();

  constructor(
    readonly lang: Language,
    readonly table: StringTable,
    readonly opts: WriteWbxmlOptions,
  ) {
    this.out = scratch ?? new Out(4096);
    scratch = undefined;
    this.out.len = 0;
  }

  /** Hand the body buffer back for the next call (not if it grew huge). */
  release(): void {
    if (this.out.buf.length <= 1 << 20) scratch = this.out;
  }

  /** Last namespace looked up and its page (consecutive elements mostly share one). */
  lastNs = '\u0000';
  lastByNs: { readonly page: number; readonly byName: ReadonlyMap<string, number> } | undefined;

  /** Page and token for an element packed as `page << 8 | token`, or -1 (→ LITERAL). */
  token(el: Element): number {
    let byNs = this.lastByNs;
    if (el.namespace !== this.lastNs) {
      byNs = this.lang.tokens.get(el.namespace) ?? this.lang.tokens.get(el.namespace.toUpperCase());
      this.lastNs = el.namespace;
      this.lastByNs = byNs;
    }
    if (byNs) {
      const t = byNs.byName.get(el.name);
      if (t !== undefined) return (byNs.page << 8) | t;
      const m = UNKNOWN_TAG.exec(el.name);
      if (m) return (byNs.page << 8) | (parseInt(m[1]!, 16) & 0x3f);
      return -1;
    }
    if (el.namespace === '' || SYNCML_NS.test(el.namespace)) {
      // No namespace (a tree built by hand) or another SyncML version's: the current page first, then every page in order.
      const cur = this.lang.tagNames[this.page];
      const here = cur?.indexOf(el.name) ?? -1;
      if (here >= 0) return (this.page << 8) | here;
      for (const { page, byName } of this.lang.tokens.values()) {
        const t = byName.get(el.name);
        if (t !== undefined) return (page << 8) | t;
      }
    }
    return -1;
  }

  switchTo(page: number): void {
    if (page === this.page) return;
    this.out.byte(TOKEN.SWITCH_PAGE);
    this.out.byte(page);
    this.page = page;
  }

  string(s: string): void {
    const out = this.out;
    if (this.shared.has(s)) {
      out.byte(TOKEN.STR_T);
      out.mb(this.table.add(s));
      return;
    }
    if (s.indexOf('\u0000') < 0) {
      out.strI(s);
      return;
    }
    // STR_I cannot hold U+0000 (it terminates the string): write it as ENTITY 0.
    const parts = s.split('\u0000');
    parts.forEach((p, i) => {
      if (i > 0) {
        out.byte(TOKEN.ENTITY);
        out.byte(0);
      }
      if (p === '' && parts.length > 1) return; // an empty string alone is kept: <Data></Data> stays STR_I ""
      out.strI(p);
    });
  }

  opaque(bytes: Uint8Array): void {
    this.out.byte(TOKEN.OPAQUE);
    this.out.mb(bytes.length);
    this.out.bytes(bytes);
  }

  element(el: Element): void {
    const out = this.out;
    if (EMBEDDED_NAMESPACES.has(el.namespace) && this.lang.pageNamespace[this.lang.rootPage] !== el.namespace) {
      // A document of another language (DevInf in Data): nested WBXML in OPAQUE.
      this.opaque(writeWbxml(el, { ...this.opts, publicId: undefined }));
      return;
    }
    const t = this.token(el);
    const attrs = el.attributes ? Object.entries(el.attributes) : NO_ATTRS;
    const hasContent = el.children.length > 0;
    const flags = (hasContent ? 0x40 : 0) | (attrs.length > 0 ? 0x80 : 0);
    if (t >= 0) {
      this.switchTo(t >> 8);
      out.byte((t & 0x3f) | flags);
    } else {
      out.byte(TOKEN.LITERAL | flags);
      out.mb(this.table.add(el.name));
    }
    if (attrs.length > 0) {
      for (const [name, value] of attrs) {
        out.byte(TOKEN.LITERAL);
        out.mb(this.table.add(name));
        if (value !== '') this.string(value);
      }
      out.byte(TOKEN.END);
    }
    if (!hasContent) return;
    const only = el.children.length === 1 ? el.children[0] : undefined;
    if (el.name === 'Type' && el.namespace === NS.MetInf && only?.kind === 'text') {
      const wb = XML_TO_WBXML_TYPE[only.value.trim()];
      if (wb !== undefined) {
        this.string(wb);
        out.byte(TOKEN.END);
        return;
      }
    }
    const asOpaque = this.opts.opaqueData === true && el.name === 'Data' && el.children.every((c) => c.kind === 'text');
    if (asOpaque) {
      let s = '';
      for (const c of el.children) if (c.kind === 'text') s += c.value;
      this.opaque(utf8.encode(s));
    } else if (this.opts.keepWhitespace || !el.children.some((c) => c.kind === 'element')) {
      for (const c of el.children) this.node(c);
    } else {
      // Element content: indentation between the elements is not data.
      for (const c of el.children) if (c.kind !== 'text' || !BLANK.test(c.value)) this.node(c);
    }
    out.byte(TOKEN.END);
  }

  node(n: Node): void {
    if (n.kind === 'element') this.element(n);
    else if (n.kind === 'text') this.string(n.value);
    else if (n.document) this.opaque(writeWbxml(n.document, { ...this.opts, publicId: undefined }));
    else this.opaque(n.bytes);
  }
}

/** Count text values to choose the string-table entries (used at least twice). */
function repeatedStrings(root: Element): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  const walk = (el: Element): void => {
    for (const c of el.children) {
      if (c.kind === 'element') walk(c);
      else if (c.kind === 'text' && c.value.length >= MIN_TABLE_STRING && !c.value.includes('\u0000')) {
        if (seen.has(c.value)) twice.add(c.value);
        else seen.add(c.value);
      }
    }
  };
  walk(root);
  return twice;
}

/** The language a tree is written in: the public id asked for, else the root namespace, else SyncML 1.2. */
function chooseLanguage(root: Element, publicId: number | undefined): Language {
  if (publicId !== undefined) {
    const l = languageByPublicId(publicId);
    if (l) return l;
  }
  return languageByRootNamespace(root.namespace) ?? SYNCML12;
}

/**
 * Encode an element tree as a WBXML document (UTF-8). Never throws for any tree: names no code
 * page knows become LITERALs.
 */
export function writeWbxml(root: Element, opts: WriteWbxmlOptions = {}): Uint8Array {
  const lang = chooseLanguage(root, opts.publicId);
  const table = new StringTable();
  const w = new Writer(lang, table, opts);
  // The FPI goes first in the string table when the language has no numeric id (DM DDF).
  const publicId = opts.publicId ?? lang.publicId;
  const fpiIndex = publicId === 0 ? table.add(lang.fpis[0]!) : -1;
  if (opts.stringTable) for (const s of repeatedStrings(root)) w.shared.add(s);
  // Body first (it fills the string table), header after.
  w.page = 0;
  if (lang.rootPage !== 0) w.switchTo(lang.rootPage);
  w.element(root);
  const body = w.out;
  const version = opts.version ?? 0x02;
  const size =
    1 +
    mbLength(publicId) +
    (publicId === 0 ? mbLength(fpiIndex) : 0) +
    (version !== 0x00 ? 1 : 0) +
    mbLength(table.size) +
    table.size +
    body.len;
  const out = new Out(size);
  out.byte(version);
  out.mb(publicId);
  if (publicId === 0) out.mb(fpiIndex);
  if (version !== 0x00) out.mb(106); // UTF-8 (one byte: 0x6A); WBXML 1.0 has no charset field
  out.mb(table.size);
  for (const p of table.parts) out.bytes(p);
  out.bytes(body.buf.subarray(0, body.len));
  w.release();
  return out.len === out.buf.length ? out.buf : out.result();
}
