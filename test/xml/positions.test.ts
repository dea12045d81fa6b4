/**
 * An element's position is that of the `<` of its start tag (1-based line and column), whatever
 * follows its name: a space, a tab, a line end, attributes over several lines. Each document is
 * read both ways (src/xml/read.ts "Speed"): as given (the fast path where the document is in its
 * subset) and with a comment appended after the root (outside that subset: saxes reads it).
 */
import { describe, expect, test } from 'vitest';
import { readXml } from '../../src/xml/read.js';
import type { Element } from '../../src/model/tree.js';

/** name → pos of every element, in document order. */
function positions(root: Element | undefined): Array<[string, number | undefined, number | undefined]> {
  const out: Array<[string, number | undefined, number | undefined]> = [];
  const walk = (el: Element): void => {
    out.push([el.name, el.pos.line, el.pos.column]);
    for (const c of el.children) if (c.kind === 'element') walk(c);
  };
  if (root) walk(root);
  return out;
}

const cases: Array<[string, string, Array<[string, number, number]>]> = [
  ['newline directly after the root name', '<a\n x="1"/>', [['a', 1, 1]]],
  [
    'newline directly after a child name',
    '<r>\n  <a\n x="1"/></r>',
    [
      ['r', 1, 1],
      ['a', 2, 3],
    ],
  ],
  [
    'newline after the name, then ">"',
    '<r><a\n><b\n/></a></r>',
    [
      ['r', 1, 1],
      ['a', 1, 4],
      ['b', 2, 2],
    ],
  ],
  [
    'attributes on several lines',
    '<r>\n  <Item a="1"\n        b="2"\n        c="3">\n    <Data\n      d="4"/>\n  </Item>\n</r>',
    [
      ['r', 1, 1],
      ['Item', 2, 3],
      ['Data', 5, 5],
    ],
  ],
  [
    'tabs before and after the name (a tab is one column)',
    '<r>\n\t\t<a\tx="1"\n\ty="2"/>\t<b\t/>\n</r>',
    [
      ['r', 1, 1],
      ['a', 2, 3],
      ['b', 3, 10],
    ],
  ],
  [
    'a newline inside an attribute value',
    '<r><a x="1\n2"/><b\n/></r>',
    [
      ['r', 1, 1],
      ['a', 1, 4],
      ['b', 2, 5],
    ],
  ],
  [
    'after an XML declaration',
    '<?xml version="1.0"?><SyncML\n xmlns="SYNCML:SYNCML1.2"><SyncHdr\n/></SyncML>',
    [
      ['SyncML', 1, 22],
      ['SyncHdr', 2, 27],
    ],
  ],
];

describe('an element is at the "<" of its start tag, on both paths', () => {
  test.each(cases)('%s', (_name, doc, expected) => {
    for (const text of [doc, `${doc}<!-- -->`]) {
      const r = readXml(text);
      expect(r.problems).toEqual([]);
      expect(positions(r.root)).toEqual(expected);
    }
  });
});

describe('saxes-only inputs', () => {
  test('CR LF and a lone CR after the name: the "<" on the line before', () => {
    const r = readXml('<r>\r\n  <a\r\n x="1"/>\r  <b\r/></r>');
    expect(r.problems).toEqual([]);
    expect(positions(r.root)).toEqual([
      ['r', 1, 1],
      ['a', 2, 3],
      ['b', 4, 3],
    ]);
  });

  test('a character outside the BMP counts as one column, before the tag and in its name', () => {
    const r = readXml('<r>\u{1F600}<a\n/><\u{10000}b\n/></r>');
    expect(r.problems).toEqual([]);
    expect(positions(r.root)).toEqual([
      ['r', 1, 1],
      ['a', 1, 5],
      ['\u{10000}b', 2, 3],
    ]);
  });

  test('a repaired "&" before the tag on its line: the column of the input as given', () => {
    const r = readXml('<r>\nx&y <a\n/></r>');
    expect(r.problems).toEqual([expect.objectContaining({ code: 'xml-unescaped-ampersand', line: 2, column: 2 })]);
    expect(positions(r.root)).toEqual([
      ['r', 1, 1],
      ['a', 2, 5],
    ]);
  });

  test('whitespace stripped before the declaration: positions of the input as given', () => {
    const r = readXml('\n  <?xml version="1.0"?><a\n/>');
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'xml-whitespace-before-declaration', line: 2, column: 3 }),
    ]);
    expect(positions(r.root)).toEqual([['a', 2, 24]]);
  });

  test('too deep at a tag whose name ends the line: the error at its "<"', () => {
    const r = readXml('<a><b\n><c\n/></b></a>', { maxDepth: 2 });
    expect(r.problems).toEqual([expect.objectContaining({ code: 'xml-too-deep', line: 2, column: 2 })]);
  });
});
