/**
 * Element tree → XML text (compact or pretty), the inverse of src/xml/read.ts.
 *
 * - Escaping: `&`, `<`, `>` and CR in text (CR as `&#13;`, which XML would otherwise turn into
 *   LF); `&`, `<`, `>`, `"`, TAB, LF, CR in attribute values (always double-quoted). CDATA text is
 *   written as CDATA, a `]]>` inside it split over two sections (read.ts merges them back).
 *   Other C0 control characters cannot appear in XML 1.0 at all; they are written as character
 *   references so that nothing is lost silently (a strict reader reports them).
 * - Namespaces: elements are written unprefixed; `xmlns="…"` is emitted where an element's
 *   namespace differs from its parent's (`<Type xmlns="syncml:metinf">`), or where the tree kept an
 *   `xmlns` attribute as sent (its spelling is reused when it names the same namespace,
 *   case-insensitively). Other attributes, `xmlns:p` declarations included, are written as kept.
 * - OPAQUE (WBXML) content: bytes that are valid UTF-8 without control characters (TAB, LF, CR
 *   aside) are written as text, others as base64; NextNonce is always base64, as libwbxml does
 *   (docs/dm-facts.md §1.10). An embedded document is written as nested elements (inside Data).
 * - Pretty output indents elements that hold only elements; an element with text stays on one
 *   line, and mixed content is written compact so that no whitespace is added to its text.
 * - Reports (the JUnit lint format) ask for `invalidChars: 'replace'`: a character XML 1.0 cannot
 *   carry even as a reference (C0 controls but TAB, LF, CR; lone surrogates; U+FFFE, U+FFFF; XML
 *   1.0 §2.2 Char) becomes U+FFFD, as strict report readers reject the references.
 */
import type { Element, Node, Opaque } from '../model/tree.js';

export interface WriteXmlOptions {
  /** Indent nested elements, one per line (default false: compact). */
  pretty?: boolean;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>` (default true). */
  declaration?: boolean;
  /** Indent unit for pretty output (default two spaces). */
  indent?: string;
  /**
   * Characters outside XML 1.0 Char: written as character references, so nothing is lost
   * ('reference', the default, for DM messages), or replaced by U+FFFD ('replace', for reports).
   */
  invalidChars?: 'reference' | 'replace';
  /**
   * Pretty output of an element that goes `depth` levels down in a larger document (a report
   * written piece by piece): its children are indented from there, and no newline follows it.
   */
  depth?: number;
}

const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F]/;
const TEXT_SPECIAL_G = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F]/;
const ATTR_SPECIAL_G = /[&<>"\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeChar = (c: string): string => ESCAPES[c] ?? `&#${c.charCodeAt(0)};`;

/** Escapes text content. */
export function escapeText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_SPECIAL_G, escapeChar) : s;
}

/** Escapes an attribute value for double quotes. */
export function escapeAttribute(s: string): string {
  return ATTR_SPECIAL.test(s) ? s.replace(ATTR_SPECIAL_G, escapeChar) : s;
}

const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters outside the XML 1.0 Char production (XML 1.0 §2.2) with U+FFFD. */
export function replaceInvalidChars(s: string): string {
  return s.replace(NOT_XML_CHAR, '\uFFFD');
}

/** A CDATA section; `]]>` inside is split over two sections. */
function cdataSection(s: string): string {
  return `<![CDATA[${s.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

/** OPAQUE bytes as XML text: UTF-8 text when they are printable text, else base64. */
export function opaqueAsText(bytes: Uint8Array, base64Only = false): string {
  if (!base64Only) {
    try {
      const s = utf8Fatal.decode(bytes);
      if (!CONTROL.test(s)) return escapeText(s);
    } catch {
      // not UTF-8: base64 below
    }
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function hasElementContent(el: Element): boolean {
  for (const c of el.children) if (c.kind === 'element' || (c.kind === 'opaque' && c.document)) return true;
  return false;
}

function hasTextContent(el: Element): boolean {
  for (const c of el.children) if (c.kind === 'text' || (c.kind === 'opaque' && !c.document)) return true;
  return false;
}

/** Writes the tree as XML. */
export function writeXml(root: Element, opts: WriteXmlOptions = {}): string {
  const pretty = opts.pretty === true;
  const unit = opts.indent ?? '  ';
  const clean = opts.invalidChars === 'replace' ? replaceInvalidChars : (v: string) => v;
  const out: string[] = [];
  if (opts.declaration !== false)
    out.push(pretty ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '<?xml version="1.0" encoding="UTF-8"?>');

  const writeOpaque = (o: Opaque, parent: Element, parentNs: string, depth: number, indent: boolean): void => {
    if (o.document) writeElement(o.document, parentNs, depth, indent);
    else out.push(opaqueAsText(o.bytes, parent.name === 'NextNonce'));
  };

  const writeChild = (c: Node, parent: Element, depth: number, indent: boolean): void => {
    if (c.kind === 'element') writeElement(c, parent.namespace, depth, indent);
    else if (c.kind === 'text') out.push(c.cdata ? cdataSection(clean(c.value)) : escapeText(clean(c.value)));
    else writeOpaque(c, parent, parent.namespace, depth, indent);
  };

  const writeElement = (el: Element, parentNs: string, depth: number, indent: boolean): void => {
    let head = `<${el.name}`;
    const attrs = el.attributes;
    const sent = attrs?.xmlns;
    if (el.namespace !== parentNs || sent !== undefined) {
      const value = sent !== undefined && sent.toLowerCase() === el.namespace.toLowerCase() ? sent : el.namespace;
      head += ` xmlns="${escapeAttribute(value)}"`;
    }
    if (attrs) for (const k in attrs) if (k !== 'xmlns') head += ` ${k}="${escapeAttribute(clean(attrs[k]!))}"`;
    if (el.children.length === 0) {
      out.push(`${head}/>`);
      return;
    }
    out.push(`${head}>`);
    if (indent && hasElementContent(el) && !hasTextContent(el)) {
      const pad = unit.repeat(depth + 1);
      for (const c of el.children) {
        out.push(`\n${pad}`);
        writeChild(c, el, depth + 1, true);
      }
      out.push(`\n${unit.repeat(depth)}`);
    } else {
      // text only, or mixed content: nothing added between the children
      for (const c of el.children) writeChild(c, el, depth + 1, false);
    }
    out.push(`</${el.name}>`);
  };

  const depth = opts.depth ?? 0;
  writeElement(root, '', depth, pretty);
  if (pretty && depth === 0) out.push('\n');
  return out.join('');
}
