/**
 * The one element tree that both encodings decode into (docs/architecture.md "One tree, two encodings").
 *
 * XML (src/xml) and WBXML (src/wbxml) readers produce it; the XML and WBXML writers take it;
 * the SyncML model (src/syncml) is built from it and serialized back to it. Every value stays a
 * string (SessionID `0001` is not the number 1); opaque WBXML bytes stay bytes.
 */

/** Where a node came from: a byte offset for WBXML, a line and column (1-based) for XML. */
export interface Position {
  /** Byte offset in the decoded document (WBXML token offset; XML: not set). */
  offset?: number;
  /** 1-based line (XML). */
  line?: number;
  /** 1-based column (XML). */
  column?: number;
}

/** Well-known namespaces: the XML namespace names, which WBXML code pages map to. */
export const NS = {
  SyncML12: 'SYNCML:SYNCML1.2',
  SyncML11: 'SYNCML:SYNCML1.1',
  SyncML10: 'SYNCML:SYNCML1.0',
  MetInf: 'syncml:metinf',
  DevInf: 'syncml:devinf',
  DMDDF12: 'syncml:dmddf1.2',
} as const;

export interface Element {
  kind: 'element';
  /** Local name as in the DTD (`SyncHdr`, `LocURI`); unknown WBXML tokens are `Tag_0xNN` (as Wireshark shows them). */
  name: string;
  /** Namespace name (see NS); '' when none is known. */
  namespace: string;
  /** Attributes (rare in SyncML: only XML documents and the Nokia WBXML quirk carry them). */
  attributes?: Record<string, string>;
  /** Children in document order. */
  children: Node[];
  pos: Position;
}

export interface Text {
  kind: 'text';
  value: string;
  /** True when the XML source wrapped it in a CDATA section. */
  cdata?: boolean;
  pos: Position;
}

/** WBXML OPAQUE content: raw bytes. When they hold a whole WBXML document (DevInf, TNDS), `document` is its root. */
export interface Opaque {
  kind: 'opaque';
  bytes: Uint8Array;
  document?: Element;
  pos: Position;
}

export type Node = Element | Text | Opaque;

export function element(name: string, namespace: string, children: Node[] = [], pos: Position = {}): Element {
  return { kind: 'element', name, namespace, children, pos };
}

export function text(value: string, pos: Position = {}): Text {
  return { kind: 'text', value, pos };
}

/** Child elements of `el` (optionally only those named `name`). */
export function childElements(el: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (const c of el.children) if (c.kind === 'element' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

/** First child element named `name`. */
export function child(el: Element, name: string): Element | undefined {
  for (const c of el.children) if (c.kind === 'element' && c.name === name) return c;
  return undefined;
}

const utf8 = new TextDecoder('utf-8');

/** Text content of an element: text children joined, opaque bytes read as UTF-8. */
export function textOf(el: Element): string {
  let s = '';
  for (const c of el.children) {
    if (c.kind === 'text') s += c.value;
    else if (c.kind === 'opaque' && !c.document) s += utf8.decode(c.bytes);
  }
  return s;
}

/**
 * Gives every `children` array of a decoded tree exactly the room it uses. An array built with
 * push has space for 16 more entries in V8 (about 150 bytes for one text child), and a decoded
 * message lives as long as its session: on DM messages this is about a quarter of a message's heap
 * (README "What streams"). In place: elements referenced elsewhere (the model's `element`) stay the same objects.
 */
export function compactTree(root: Element): void {
  const stack: Element[] = [root];
  for (let el = stack.pop(); el !== undefined; el = stack.pop()) {
    if (el.children.length > 0) el.children = el.children.slice();
    for (const c of el.children) {
      if (c.kind === 'element') stack.push(c);
      else if (c.kind === 'opaque' && c.document) stack.push(c.document);
    }
  }
}
