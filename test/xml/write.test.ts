import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readXml } from '../../src/xml/read.js';
import { writeXml } from '../../src/xml/write.js';
import { element, NS, text, textOf } from '../../src/model/tree.js';
import type { Element, Node } from '../../src/model/tree.js';
import { corpus, fixtures } from '../helpers.js';

const aosp = path.join(corpus, 'aosp-omadm');
const inputs = [
  ...['dm11', 'dm12'].flatMap((d) =>
    readdirSync(path.join(aosp, d))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => path.join(aosp, d, f)),
  ),
  ...[1, 2, 3, 4].map((n) => path.join(fixtures, 'xml', `libdmclient-pkg${n}.xml`)),
  path.join(fixtures, 'xml', 'wbxml2xml-dm11-testreplace.xml'),
];

/** The tree without positions (they differ between two renderings of the same content). */
function strip(n: Node): unknown {
  if (n.kind === 'element')
    return { name: n.name, namespace: n.namespace, attributes: n.attributes, children: n.children.map(strip) };
  if (n.kind === 'text') return { text: n.value, cdata: n.cdata === true };
  return { bytes: [...n.bytes] };
}

describe('read → write → read gives the same tree', () => {
  test.each(
    inputs.flatMap(
      (f) =>
        [
          [path.basename(path.dirname(f)) + '/' + path.basename(f), f, false],
          [path.basename(path.dirname(f)) + '/' + path.basename(f), f, true],
        ] as const,
    ),
  )('%s (pretty %s)', (_name, file, pretty) => {
    const first = readXml(readFileSync(file));
    expect(first.root).toBeDefined();
    const xml = writeXml(first.root!, { pretty });
    const second = readXml(xml);
    expect(second.problems).toEqual([]);
    expect(strip(second.root!)).toEqual(strip(first.root!));
  });
});

describe('output form', () => {
  const doc = element('SyncML', NS.SyncML12, [
    element('SyncHdr', NS.SyncML12, [element('SessionID', NS.SyncML12, [text('0001')])]),
    element('SyncBody', NS.SyncML12, [
      element('Status', NS.SyncML12, [
        element('Chal', NS.SyncML12, [
          element('Meta', NS.SyncML12, [element('Type', NS.MetInf, [text('syncml:auth-md5')])]),
        ]),
      ]),
      element('Final', NS.SyncML12),
    ]),
  ]);

  test('compact, with declaration, xmlns where the namespace changes', () => {
    expect(writeXml(doc)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><SessionID>0001</SessionID></SyncHdr>' +
        '<SyncBody><Status><Chal><Meta><Type xmlns="syncml:metinf">syncml:auth-md5</Type></Meta></Chal></Status><Final/></SyncBody></SyncML>',
    );
  });

  test('pretty, custom indent, no declaration', () => {
    expect(writeXml(doc, { pretty: true, declaration: false, indent: '\t' })).toBe(
      [
        '<SyncML xmlns="SYNCML:SYNCML1.2">',
        '\t<SyncHdr>',
        '\t\t<SessionID>0001</SessionID>',
        '\t</SyncHdr>',
        '\t<SyncBody>',
        '\t\t<Status>',
        '\t\t\t<Chal>',
        '\t\t\t\t<Meta>',
        '\t\t\t\t\t<Type xmlns="syncml:metinf">syncml:auth-md5</Type>',
        '\t\t\t\t</Meta>',
        '\t\t\t</Chal>',
        '\t\t</Status>',
        '\t\t<Final/>',
        '\t</SyncBody>',
        '</SyncML>',
        '',
      ].join('\n'),
    );
  });

  test('an element back in the parent namespace gets its xmlns again', () => {
    const e = element('Data', NS.SyncML12, [
      element('MgmtTree', NS.DMDDF12, [element('VerDTD', NS.DMDDF12, [text('1.2')])]),
      element('X', NS.SyncML12),
    ]);
    const root = element('SyncML', NS.SyncML12, [e]);
    expect(writeXml(root, { declaration: false })).toBe(
      '<SyncML xmlns="SYNCML:SYNCML1.2"><Data><MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD></MgmtTree><X/></Data></SyncML>',
    );
  });

  test('no namespace under a namespaced parent: xmlns=""', () => {
    const root = element('a', 'urn:x', [element('b', '')]);
    expect(writeXml(root, { declaration: false })).toBe('<a xmlns="urn:x"><b xmlns=""/></a>');
    expect(readXml(writeXml(root)).root!.children[0]).toMatchObject({ name: 'b', namespace: '' });
  });

  test('the namespace spelling sent is kept when it names the same namespace', () => {
    const r = readXml('<SyncML xmlns="syncml:SyncML1.2"><SyncHdr/></SyncML>');
    expect(writeXml(r.root!, { declaration: false })).toBe('<SyncML xmlns="syncml:SyncML1.2"><SyncHdr/></SyncML>');
  });

  test('a prefixed element is written unprefixed in the same namespace', () => {
    const r = readXml('<Meta xmlns="SYNCML:SYNCML1.2"><m:Type xmlns:m="syncml:metinf">b64</m:Type></Meta>');
    const again = readXml(writeXml(r.root!));
    expect(again.problems).toEqual([]);
    expect(again.root!.children[0]).toMatchObject({ name: 'Type', namespace: NS.MetInf });
  });
});

describe('escaping', () => {
  test('text: & < > and CR; quotes stay', () => {
    const root = element('Data', '', [text('a & b < c > d "q" \'s\'\r\n')]);
    const xml = writeXml(root, { declaration: false });
    expect(xml).toBe('<Data>a &amp; b &lt; c &gt; d "q" \'s\'&#13;\n</Data>');
    expect(readXml(xml).root!.children).toEqual([expect.objectContaining({ value: 'a & b < c > d "q" \'s\'\r\n' })]);
  });

  test('attributes: quotes, &, <, whitespace kept', () => {
    const root: Element = { ...element('a', ''), attributes: { v: 'x"y\'&<z>\t\n\r' } };
    const xml = writeXml(root, { declaration: false });
    expect(xml).toBe('<a v="x&quot;y\'&amp;&lt;z&gt;&#9;&#10;&#13;"/>');
    expect(readXml(xml).root!.attributes).toEqual({ v: 'x"y\'&<z>\t\n\r' });
  });

  test('characters XML 1.0 cannot carry: references by default, U+FFFD for reports', () => {
    const bad = 'a\u0001b\uD800c\uFFFEd\uDC00e\uD83D\uDE00f';
    const root: Element = { ...element('a', '', [text(bad)]), attributes: { v: bad } };
    expect(writeXml(root, { declaration: false })).toBe(
      `<a v="a&#1;b\uD800c\uFFFEd\uDC00e\uD83D\uDE00f">a&#1;b\uD800c\uFFFEd\uDC00e\uD83D\uDE00f</a>`,
    );
    // A surrogate pair (the emoji) is one character and stays.
    const clean = 'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uD83D\uDE00f';
    expect(writeXml(root, { declaration: false, invalidChars: 'replace' })).toBe(`<a v="${clean}">${clean}</a>`);
  });

  test('CDATA kept as CDATA, ]]> split, read back as one', () => {
    const root = element('Data', '', [{ kind: 'text', value: '<a>]]>&</a>', cdata: true, pos: {} }]);
    const xml = writeXml(root, { declaration: false });
    expect(xml).toBe('<Data><![CDATA[<a>]]]]><![CDATA[>&</a>]]></Data>');
    expect(readXml(xml).root!.children).toEqual([{ kind: 'text', value: '<a>]]>&</a>', cdata: true, pos: {} }]);
  });

  test('what we write is read by libwbxml (expat) with the same content', () => {
    const root = element('SyncML', NS.SyncML12, [
      element('Data', NS.SyncML12, [text('a & b < c > d "q"')]),
      element('Data', NS.SyncML12, [{ kind: 'text', value: 'x]]>y<&', cdata: true, pos: {} }]),
      element('Meta', NS.SyncML12, [element('Type', NS.MetInf, [text('t')])]),
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-xml-'));
    writeFileSync(path.join(dir, 'out.xml'), writeXml(root, { pretty: true }));
    execFileSync('xml2wbxml', ['-v', '1.2', '-o', path.join(dir, 'out.wbxml'), path.join(dir, 'out.xml')], {
      stdio: 'pipe',
    });
    execFileSync('wbxml2xml', ['-o', path.join(dir, 'back.xml'), path.join(dir, 'out.wbxml')], { stdio: 'pipe' });
    const back = readXml(readFileSync(path.join(dir, 'back.xml')));
    expect(back.problems).toEqual([]);
    expect(back.root!.children.map((c) => c.kind === 'element' && [c.name, c.namespace, textOf(c)])).toEqual([
      ['Data', NS.SyncML12, 'a & b < c > d "q"'],
      ['Data', NS.SyncML12, 'x]]>y<&'],
      ['Meta', NS.SyncML12, ''],
    ]);
  });
});

describe('OPAQUE content', () => {
  const opaque = (bytes: number[] | string, document?: Element): Node => ({
    kind: 'opaque',
    bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes),
    pos: {},
    ...(document ? { document } : {}),
  });

  test('printable UTF-8 (the dm11/testreplace CR LF padding included) is written as text', () => {
    const root = element('Data', NS.SyncML12, [opaque('\r\n     A780 & <x>\r\n    ')]);
    const xml = writeXml(root, { declaration: false });
    expect(xml).toBe('<Data xmlns="SYNCML:SYNCML1.2">&#13;\n     A780 &amp; &lt;x&gt;&#13;\n    </Data>');
  });

  test('binary is written as base64', () => {
    const root = element('Data', NS.SyncML12, [opaque([0x00, 0x01, 0xff, 0x10])]);
    expect(writeXml(root, { declaration: false })).toBe('<Data xmlns="SYNCML:SYNCML1.2">AAH/EA==</Data>');
  });

  test('UTF-8 with a control character is base64', () => {
    const root = element('Data', '', [opaque('ab\x07c')]);
    expect(writeXml(root, { declaration: false })).toBe(`<Data>${Buffer.from('ab\x07c').toString('base64')}</Data>`);
  });

  test('NextNonce OPAQUE is always base64, as libwbxml writes it', () => {
    const root = element('NextNonce', NS.MetInf, [opaque('Nonce')]);
    expect(writeXml(root, { declaration: false })).toBe('<NextNonce xmlns="syncml:metinf">Tm9uY2U=</NextNonce>');
  });

  test('an embedded document is written as nested elements inside Data', () => {
    const doc = element('MgmtTree', NS.DMDDF12, [element('VerDTD', NS.DMDDF12, [text('1.2')])]);
    const root = element('Data', NS.SyncML12, [opaque([0x02, 0x00], doc)]);
    expect(writeXml(root, { declaration: false })).toBe(
      '<Data xmlns="SYNCML:SYNCML1.2"><MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD></MgmtTree></Data>',
    );
    expect(writeXml(root, { declaration: false, pretty: true })).toBe(
      '<Data xmlns="SYNCML:SYNCML1.2">\n  <MgmtTree xmlns="syncml:dmddf1.2">\n    <VerDTD>1.2</VerDTD>\n  </MgmtTree>\n</Data>\n',
    );
  });
});

describe('mixed content is not reindented', () => {
  test('pretty keeps text beside elements byte for byte', () => {
    const r = readXml('<a><b>x<c>y</c> z</b><d/></a>');
    const xml = writeXml(r.root!, { pretty: true, declaration: false });
    expect(xml).toBe('<a>\n  <b>x<c>y</c> z</b>\n  <d/>\n</a>\n');
    expect(strip(readXml(xml).root!)).toEqual(strip(r.root!));
  });
});
