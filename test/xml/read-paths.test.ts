/**
 * readXml has two ways to read (src/xml/read.ts "Speed"): a one-pass fast path for the plain
 * well-formed subset, and saxes (without its namespace mode, namespaces resolved by readXml) for
 * everything else. These tests hold both to the same tree and positions on real bytes, and hold
 * the namespace checks to saxes's own messages and places.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readXml } from '../../src/xml/read.js';
import { corpus, fixtures } from '../helpers.js';

const aosp = path.join(corpus, 'aosp-omadm');
const files = [
  ...['dm11', 'dm12'].flatMap((d) =>
    readdirSync(path.join(aosp, d))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => path.join(aosp, d, f)),
  ),
  ...readdirSync(path.join(fixtures, 'xml'))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => path.join(fixtures, 'xml', f)),
];

const brief = (r: ReturnType<typeof readXml>): Array<[string, string, number | undefined, number | undefined]> =>
  r.problems.map((p) => [p.code, p.message, p.line, p.column]);

describe('fast path and saxes path agree', () => {
  test.each(files.map((f) => [path.relative(path.join(fixtures, '..'), f).replace(/^\.\.\//, ''), f]))(
    '%s',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      // a comment after the root is outside the fast path's subset: that copy is read by saxes
      const viaSaxes = readXml(`${text}<!-- -->`);
      const r = readXml(text);
      expect(r.root).toBeDefined();
      expect(r.root).toEqual(viaSaxes.root);
      expect(brief(r)).toEqual(brief(viaSaxes));
    },
  );

  test('CDATA, references, attribute normalization and indentation read the same both ways', () => {
    const doc =
      '<?xml version="1.0" encoding="UTF-8"?>\n<SyncML xmlns="SYNCML:SYNCML1.2">\n  <SyncBody>\n    <Item a="x&#9;y\tz&lt;">\n' +
      '      <Data><![CDATA[<b>&amp;</b>]]>&amp;&#x41;&#66;<![CDATA[]]></Data>\n    </Item>\n    <Final/>\n  </SyncBody>\n</SyncML>\n';
    const r = readXml(doc);
    expect(r.problems).toEqual([]);
    expect(r.root).toEqual(readXml(`${doc}<!-- -->`).root);
    const item = (r.root!.children[0] as { children: unknown[] }).children[0] as {
      attributes: Record<string, string>;
      pos: unknown;
    };
    expect(item.attributes).toEqual({ a: 'x\ty z<' });
    expect(item.pos).toEqual({ line: 4, column: 5 });
  });
});

describe('whitespace the fast path skips is what the saxes path drops', () => {
  test.each([
    ['a whitespace-only leaf stays', '<r><Data> \n\t</Data></r>', [{ name: 'Data', text: [' \n\t'] }]],
    [
      'indentation before the first child and after the last',
      '<r>\n  <a/>\n  <b>x</b>\n</r>',
      [
        { name: 'a', text: [] },
        { name: 'b', text: ['x'] },
      ],
    ],
    [
      'whitespace after CDATA before a child goes, CDATA stays',
      '<r><a><![CDATA[ c ]]>  <b/> </a></r>',
      [{ name: 'a', text: [' c '] }],
    ],
    [
      'whitespace after text before an end tag is part of the text',
      '<r><a>x \n</a></r>',
      [{ name: 'a', text: ['x \n'] }],
    ],
  ])('%s', (_name, doc, expected) => {
    const r = readXml(doc);
    expect(r.problems).toEqual([]);
    expect(r.root).toEqual(readXml(`${doc}<!-- -->`).root);
    const kids = r.root!.children.filter((c) => c.kind === 'element') as Array<{
      name: string;
      children: Array<{ kind: string; value?: string }>;
    }>;
    expect(
      kids.map((k) => ({ name: k.name, text: k.children.filter((c) => c.kind === 'text').map((c) => c.value) })),
    ).toEqual(expected);
  });
});

describe('namespace checks without saxes namespace mode: same messages, same places', () => {
  test.each([
    [
      'duplicate by expanded name',
      '<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>',
      [['xml-not-well-formed', 'not well-formed XML: duplicate attribute: {u}x', 1, 44]],
    ],
    [
      'unbound attribute prefix',
      '<a q:x="1"/>',
      [['xml-not-well-formed', 'not well-formed XML: unbound namespace prefix: "q"', 1, 12]],
    ],
    [
      'malformed name',
      '<a:b:c xmlns:a="u"/>',
      [['xml-not-well-formed', 'not well-formed XML: malformed name: a:b:c', 1, 20]],
    ],
    [
      'xml prefix rebound',
      '<a xmlns:xml="foo"/>',
      [
        [
          'xml-not-well-formed',
          'not well-formed XML: xml prefix must be bound to http://www.w3.org/XML/1998/namespace',
          1,
          18,
        ],
      ],
    ],
    [
      'prefix undeclared in XML 1.0',
      '<a xmlns:p=""><p:b/></a>',
      [
        ['xml-not-well-formed', 'not well-formed XML: invalid attempt to undefine prefix in XML 1.0', 1, 13],
        ['xml-not-well-formed', 'not well-formed XML: unbound namespace prefix: "p"', 1, 20],
      ],
    ],
    [
      'colon in an entity name',
      '<a>&a:b;</a>',
      [['xml-not-well-formed', 'not well-formed XML: disallowed character in entity name', 1, 8]],
    ],
  ])('%s', (_name, doc, problems) => {
    expect(brief(readXml(doc))).toEqual(problems);
  });

  test('prefixes resolve through ancestors and a nearer declaration wins', () => {
    const r = readXml('<a xmlns:p="syncml:metinf"><b><p:c xmlns:p="SYNCML:SYNCML1.2"/><p:d/></b></a>');
    expect(r.problems).toEqual([]);
    const b = r.root!.children[0] as { children: Array<{ name: string; namespace: string }> };
    expect(b.children.map((c) => [c.name, c.namespace])).toEqual([
      ['c', 'SYNCML:SYNCML1.2'],
      ['d', 'syncml:metinf'],
    ]);
  });
});
