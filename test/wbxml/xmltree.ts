/**
 * Minimal saxes → Element converter for the differential tests, so they do not depend on
 * src/xml (written in parallel). Strict XML with namespaces; CDATA kept; throws on bad XML
 * (test input only: the corpus files are repaired before they reach it).
 */
import { SaxesParser } from 'saxes';
import type { Element } from '../../src/model/tree.js';

/** Escape the `&` that the aosp alert files leave raw inside Data (`MAXDT=15&DR=1`). */
export function escapeBareAmpersands(xml: string): string {
  return xml.replace(/&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/g, '&amp;');
}

export function xmlToTree(xml: string): Element {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Element[] = [];
  let root: Element | undefined;
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (t) => {
    const el: Element = {
      kind: 'element',
      name: t.local,
      namespace: t.uri,
      children: [],
      pos: { line: parser.line, column: parser.column },
    };
    const attrs: Record<string, string> = {};
    let any = false;
    for (const a of Object.values(t.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[a.name] = a.value;
      any = true;
    }
    if (any) el.attributes = attrs;
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (value: string, cdata: boolean): void => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    parent.children.push(cdata ? { kind: 'text', value, cdata: true, pos: {} } : { kind: 'text', value, pos: {} });
  };
  parser.on('text', (t) => addText(t, false));
  parser.on('cdata', (t) => addText(t, true));
  parser.write(xml).close();
  if (error) throw error;
  if (!root) throw new Error('no root element');
  return root;
}
