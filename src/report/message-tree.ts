/**
 * `dmtrace decode --format tree`: the element tree indented, one node a line, with where each
 * element came from (WBXML byte offset or XML line:column) — the view to read next to a hex dump.
 */
import type { Element, Node } from '../model/tree.js';

function where(n: Node): string {
  const p = n.pos;
  if (p.line !== undefined) return `  @${p.line}:${p.column ?? 0}`;
  if (p.offset !== undefined) return `  @0x${p.offset.toString(16)}`;
  return '';
}

function quote(s: string): string {
  return JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);
}

export function renderTree(root: Element, opts: { positions?: boolean } = {}): string {
  const lines: string[] = [];
  const showPos = opts.positions !== false;
  const walk = (el: Element, depth: number, parentNs: string) => {
    const pad = '  '.repeat(depth);
    const ns = el.namespace && el.namespace !== parentNs ? ` [${el.namespace}]` : '';
    const only = el.children.length === 1 ? el.children[0] : undefined;
    if (only && only.kind === 'text') {
      lines.push(
        `${pad}${el.name}${ns} = ${quote(only.value)}${only.cdata ? ' (CDATA)' : ''}${showPos ? where(el) : ''}`,
      );
      return;
    }
    lines.push(`${pad}${el.name}${ns}${showPos ? where(el) : ''}`);
    for (const c of el.children) {
      if (c.kind === 'element') walk(c, depth + 1, el.namespace);
      else if (c.kind === 'text') {
        if (c.value.trim()) lines.push(`${pad}  ${quote(c.value)}${c.cdata ? ' (CDATA)' : ''}`);
      } else {
        lines.push(`${pad}  opaque ${c.bytes.length} bytes${showPos ? where(c) : ''}`);
        if (c.document) walk(c.document, depth + 2, '');
      }
    }
  };
  walk(root, 0, '');
  return lines.join('\n');
}
