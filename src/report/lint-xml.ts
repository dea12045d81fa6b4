/**
 * A tiny XML writer for the reporters (JUnit): elements with escaped attributes and text, never
 * string concatenation of unescaped values. Characters XML 1.0 cannot carry at all (control
 * characters other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF) become U+FFFD.
 */

/** Replaces characters outside the XML 1.0 Char production (XML 1.0 §2.2) with U+FFFD. */
function xmlChars(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

export function escapeText(s: string): string {
  return xmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** An element to write: name, attributes (undefined values left out), children or text. */
export interface XmlNode {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: XmlNode[];
  text?: string;
}

const NAME = /^[A-Za-z_][\w.-]*$/;

/** Writes a document with an XML declaration, indented two spaces per level. */
export function writeXml(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (n: XmlNode, depth: number) => {
    if (!NAME.test(n.name)) throw new Error(`bad XML element name ${JSON.stringify(n.name)}`);
    const pad = '  '.repeat(depth);
    const attrs = Object.entries(n.attrs ?? {})
      .filter((e): e is [string, string | number] => e[1] !== undefined)
      .map(([k, v]) => {
        if (!NAME.test(k)) throw new Error(`bad XML attribute name ${JSON.stringify(k)}`);
        return ` ${k}="${escapeAttr(String(v))}"`;
      })
      .join('');
    const kids = n.children ?? [];
    if (!kids.length && n.text === undefined) out.push(`${pad}<${n.name}${attrs}/>`);
    else if (!kids.length) out.push(`${pad}<${n.name}${attrs}>${escapeText(n.text!)}</${n.name}>`);
    else {
      out.push(`${pad}<${n.name}${attrs}>`);
      for (const k of kids) write(k, depth + 1);
      out.push(`${pad}</${n.name}>`);
    }
  };
  write(root, 0);
  return out.join('\n') + '\n';
}
