/**
 * Canonical content of an element tree, for the differential tests against libwbxml: element
 * namespace + name + nesting, text with whitespace collapsed and trimmed (whitespace-only text
 * dropped), adjacent text (and OPAQUE read as UTF-8) joined, attributes sorted.
 */
import type { Element, Node } from '../../src/model/tree.js';

const utf8 = new TextDecoder();

function flat(children: Node[]): (Element | string)[] {
  const out: (Element | string)[] = [];
  let text: string | undefined;
  const flush = (): void => {
    if (text === undefined) return;
    const t = text.replace(/\s+/g, ' ').trim();
    if (t !== '') out.push(t);
    text = undefined;
  };
  for (const c of children) {
    if (c.kind === 'element') {
      flush();
      out.push(c);
    } else if (c.kind === 'opaque' && c.document) {
      flush();
      out.push(c.document);
    } else {
      text = (text ?? '') + (c.kind === 'text' ? c.value : utf8.decode(c.bytes));
    }
  }
  flush();
  return out;
}

/** One line per element/text, indented by depth: `{ns}Name [a=b]` / `"text"`. */
export function canon(el: Element, opts: { namespaces?: boolean } = {}): string {
  const lines: string[] = [];
  const walk = (e: Element, ind: string): void => {
    const attrs = e.attributes
      ? ' [' +
        Object.keys(e.attributes)
          .sort()
          .map((k) => `${k}=${e.attributes![k]}`)
          .join(' ') +
        ']'
      : '';
    lines.push(`${ind}${opts.namespaces === false ? '' : `{${e.namespace}}`}${e.name}${attrs}`);
    for (const c of flat(e.children)) {
      if (typeof c === 'string') lines.push(`${ind}  ${JSON.stringify(c)}`);
      else walk(c, ind + '  ');
    }
  };
  walk(el, '');
  return lines.join('\n');
}
