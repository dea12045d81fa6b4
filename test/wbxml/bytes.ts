/** Helpers to write WBXML byte fixtures field by field in the tests. */
import type { Element, Node } from '../../src/model/tree.js';

/** UTF-8 bytes of `s` followed by the NUL terminator (an inline string, STR_I). */
export function str(s: string): number[] {
  return [...Buffer.from(s, 'utf8'), 0x00];
}

/** UTF-8 bytes of `s` without terminator. */
export function raw(s: string): number[] {
  return [...Buffer.from(s, 'utf8')];
}

/** Concatenate byte groups into one document. */
export function bytes(...parts: (number | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flat());
}

/** Compact view of a tree for assertions: `Name(child,child)` with text in quotes. */
export function shape(n: Node | undefined): string {
  if (n === undefined) return '<none>';
  if (n.kind === 'text') return JSON.stringify(n.value);
  if (n.kind === 'opaque')
    return n.document ? `opaque{${shape(n.document)}}` : `opaque[${Buffer.from(n.bytes).toString('hex')}]`;
  const attrs = n.attributes
    ? `[${Object.entries(n.attributes)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}]`
    : '';
  return n.children.length ? `${n.name}${attrs}(${n.children.map(shape).join(',')})` : `${n.name}${attrs}`;
}

/** Every element of the tree in document order. */
export function elements(root: Element): Element[] {
  const out: Element[] = [];
  const walk = (e: Element): void => {
    out.push(e);
    for (const c of e.children) if (c.kind === 'element') walk(c);
  };
  walk(root);
  return out;
}
