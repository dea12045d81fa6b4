import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readXml } from '../../src/xml/read.js';
import { child, childElements, NS, textOf } from '../../src/model/tree.js';
import type { Element } from '../../src/model/tree.js';
import { corpus, fixtures } from '../helpers.js';

const aosp = path.join(corpus, 'aosp-omadm');
const corpusXml = ['dm11', 'dm12'].flatMap((d) =>
  readdirSync(path.join(aosp, d))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => `${d}/${f}`),
);

/** The corpus files with an unescaped `&` in Data (corpus README: "Eight alert files"). */
const withAmpersand = [
  'dm11/testalertconfirm.xml',
  'dm11/testalertmultiplechoice.xml',
  'dm11/testalertsinglechoice.xml',
  'dm11/testalerttextinput.xml',
  'dm12/testalertconfirm.xml',
  'dm12/testalertmultiplechoice.xml',
  'dm12/testalertsinglechoice.xml',
  'dm12/testalerttextinput.xml',
];

/** Follows a path of child names from `el`. */
function at(el: Element, ...names: string[]): Element {
  let cur = el;
  for (const n of names) {
    const next = child(cur, n);
    if (!next) throw new Error(`no ${n} under ${cur.name}`);
    cur = next;
  }
  return cur;
}

describe('readXml on the aosp corpus', () => {
  test('the corpus has the 19 XML files this test expects', () => {
    expect(corpusXml).toHaveLength(19);
  });

  test.each(corpusXml)('%s decodes to a SyncML tree', (f) => {
    const r = readXml(readFileSync(path.join(aosp, f)));
    expect(r.root?.name).toBe('SyncML');
    expect(r.root?.namespace).toBe(f.startsWith('dm11') ? NS.SyncML11 : NS.SyncML12);
    expect(childElements(r.root!).map((e) => e.name)).toEqual(['SyncHdr', 'SyncBody']);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const amp = r.problems.filter((p) => p.code === 'xml-unescaped-ampersand');
    expect(amp).toHaveLength(withAmpersand.includes(f) ? 1 : 0);
    expect(r.problems).toHaveLength(amp.length);
  });

  test('the ampersand repair keeps the text and reports where the & was', () => {
    const r = readXml(readFileSync(path.join(aosp, 'dm12/testalertconfirm.xml')));
    const items = childElements(at(r.root!, 'SyncBody', 'Alert'), 'Item');
    expect(textOf(at(items[0]!, 'Data'))).toBe('MAXDT=15&DR=1');
    expect(textOf(at(items[1]!, 'Data'))).toBe('Testing Confirmation Alert');
    // line 24 is "\t<Item><Data>MAXDT=15&DR=1</Data></Item>": the & is column 22
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'xml-unescaped-ampersand', line: 24, column: 22 }),
    ]);
    // the repair (4 characters inserted) does not shift the columns of what follows on that line
    expect(items[0]!.pos).toEqual({ line: 24, column: 2 });
    expect(child(items[0]!, 'Data')!.pos).toEqual({ line: 24, column: 8 });
  });

  test('four bare & on one line: one warning naming all of them, all text kept', () => {
    const r = readXml(readFileSync(path.join(aosp, 'dm11/testalerttextinput.xml')));
    const amp = r.problems.filter((p) => p.code === 'xml-unescaped-ampersand');
    expect(amp).toHaveLength(1);
    expect(amp[0]!.message).toContain('4 in all');
    const data = childElements(at(r.root!, 'SyncBody', 'Alert'), 'Item').map((i) => textOf(at(i, 'Data')));
    expect(data[0]).toBe('MAXDT=20&DR=hello+andy!&MAXLEN=30&IT=I&ET=P');
  });

  test('the unrepaired & would have swallowed the document in saxes: the rest is there', () => {
    const r = readXml(readFileSync(path.join(aosp, 'dm11/testalertsinglechoice.xml')));
    const body = at(r.root!, 'SyncBody');
    expect(childElements(body).map((e) => e.name)).toEqual(['Alert', 'Final']);
  });
});

describe('readXml on the libdmclient capture bodies', () => {
  const pkg = (n: number) => readFileSync(path.join(fixtures, 'xml', `libdmclient-pkg${n}.xml`));

  test('Package 3 starts with a newline before the XML declaration: stripped with a warning', () => {
    const r = readXml(pkg(3));
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'xml-whitespace-before-declaration', line: 2, column: 1 }),
    ]);
    expect(r.root?.name).toBe('SyncML');
    // positions are those of the file as sent: the root is on line 2, after the 38-character declaration
    expect(r.root!.pos).toEqual({ line: 2, column: 39 });
    const statuses = childElements(at(r.root!, 'SyncBody'), 'Status');
    expect(statuses).toHaveLength(4);
    expect(textOf(at(statuses[0]!, 'Chal', 'Meta', 'NextNonce'))).toBe('T3M3dFd6QXNJT2c9');
  });

  test.each([1, 2, 4])('Package %i reads without problems', (n) => {
    const r = readXml(pkg(n));
    expect(r.problems).toEqual([]);
    expect(textOf(at(r.root!, 'SyncHdr', 'VerDTD'))).toBe('1.2');
  });

  test('positions of a pretty-printed message are 1-based line and column', () => {
    const r = readXml(pkg(2));
    expect(r.root!.pos).toEqual({ line: 2, column: 1 });
    expect(at(r.root!, 'SyncHdr').pos).toEqual({ line: 3, column: 2 });
    expect(at(r.root!, 'SyncHdr', 'VerDTD').pos).toEqual({ line: 4, column: 3 });
  });

  test('indentation between elements is dropped, leaf text kept as sent', () => {
    const r = readXml(pkg(2));
    const hdr = at(r.root!, 'SyncHdr');
    expect(hdr.children.every((c) => c.kind === 'element')).toBe(true);
    expect(textOf(at(hdr, 'Target', 'LocURI'))).toBe('DMCtest');
  });
});

describe('values stay strings', () => {
  test('SessionID 0001 stays 0001', () => {
    const r = readXml(
      '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><SessionID>0001</SessionID><MsgID>007</MsgID></SyncHdr></SyncML>',
    );
    expect(textOf(at(r.root!, 'SyncHdr', 'SessionID'))).toBe('0001');
    expect(textOf(at(r.root!, 'SyncHdr', 'MsgID'))).toBe('007');
  });

  test('predefined entities and character references are expanded', () => {
    const r = readXml('<a>&lt;x&gt; &amp; &quot;&apos; &#65;&#x42;</a>');
    expect(textOf(r.root!)).toBe('<x> & "\' AB');
    expect(r.problems).toEqual([]);
  });

  test('a UTF-8 BOM is accepted and not counted as a column', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>é</a>'),
    ]);
    const r = readXml(bytes);
    expect(r.problems).toEqual([]);
    expect(textOf(r.root!)).toBe('é');
    expect(r.root!.pos).toEqual({ line: 1, column: 39 });
  });

  test('a declared ISO-8859-1 document is decoded as such', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>', 'latin1');
    const r = readXml(bytes);
    expect(textOf(r.root!)).toBe('é');
    expect(r.problems).toEqual([]);
  });

  test('invalid UTF-8 is an error with its line, the rest decoded', () => {
    const bytes = Buffer.concat([Buffer.from('<a>\n<b>'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('</b></a>')]);
    const r = readXml(bytes);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'xml-invalid-utf8', line: 2, column: 4 })]);
    expect(textOf(at(r.root!, 'b'))).toBe('\uFFFD\uFFFDA');
  });
});

describe('namespaces', () => {
  test('SyncML namespace in any case is normalized, the spelling sent kept as the xmlns attribute', () => {
    const r = readXml('<SyncML xmlns="syncml:syncml1.2"><SyncHdr/></SyncML>');
    expect(r.root!.namespace).toBe(NS.SyncML12);
    expect(r.root!.attributes).toEqual({ xmlns: 'syncml:syncml1.2' });
    expect(at(r.root!, 'SyncHdr').namespace).toBe(NS.SyncML12);
    expect(at(r.root!, 'SyncHdr').attributes).toBeUndefined();
  });

  test('MetInf children: default namespace, inherited, prefixed and any case', () => {
    const r = readXml(`<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><Meta>
      <MaxMsgSize xmlns='syncml:metinf'>16384</MaxMsgSize>
      <m:MaxObjSize xmlns:m="SYNCML:METINF">1000</m:MaxObjSize>
      <MetInf xmlns="syncml:metinf"><Type>text/plain</Type></MetInf>
      <Format>chr</Format>
    </Meta></SyncHdr></SyncML>`);
    expect(r.problems).toEqual([]);
    const meta = at(r.root!, 'SyncHdr', 'Meta');
    const kids = childElements(meta);
    expect(kids.map((k) => [k.name, k.namespace])).toEqual([
      ['MaxMsgSize', NS.MetInf],
      ['MaxObjSize', NS.MetInf],
      ['MetInf', NS.MetInf],
      ['Format', NS.SyncML12],
    ]);
    expect(kids[1]!.attributes).toEqual({ 'xmlns:m': 'SYNCML:METINF' });
    expect(at(kids[2]!, 'Type').namespace).toBe(NS.MetInf);
  });

  test('an unbound prefix is a problem, the element kept without namespace', () => {
    const r = readXml('<a><x:b>1</x:b></a>');
    expect(r.problems.some((p) => p.code === 'xml-not-well-formed' && /prefix/.test(p.message))).toBe(true);
    expect(childElements(r.root!)[0]!.name).toBe('b');
  });

  test.each([
    [
      'with a DOCTYPE',
      '<?xml version="1.0"?>\n<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.2//EN" ' +
        '"http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd">\n<SyncML ' +
        'xmlns="SYNCML:SYNCML1.2"><SyncHdr/></SyncML>',
    ],
    ['without a DOCTYPE', '<?xml version="1.0"?>\n<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr/></SyncML>'],
  ])('%s', (_name, xml) => {
    const r = readXml(xml);
    expect(r.problems).toEqual([]);
    expect(r.root!.namespace).toBe(NS.SyncML12);
    expect(r.root!.pos.line).toBe(xml.split('\n').length);
  });

  test('wbxml2xml output (DOCTYPE, SyncML 1.1) reads cleanly', () => {
    const r = readXml(readFileSync(path.join(fixtures, 'xml', 'wbxml2xml-dm11-testreplace.xml')));
    expect(r.problems).toEqual([]);
    expect(r.root!.namespace).toBe(NS.SyncML11);
    const data = at(childElements(at(r.root!, 'SyncBody'), 'Replace')[0]!, 'Item', 'Data');
    expect(data.children[0]).toMatchObject({ kind: 'text', cdata: true });
    expect(textOf(data).trim()).toBe('000000011234564');
  });
});

describe('entities are never expanded', () => {
  test('billion laughs: a problem, no expansion', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>`;
    const r = readXml(lol);
    expect(r.problems.map((p) => p.code)).toEqual(['xml-entity-declaration', 'xml-undefined-entity']);
    expect(r.problems[1]).toMatchObject({ severity: 'error', line: 8 });
    expect(textOf(r.root!)).toBe('&lol3;');
  });

  test('an external entity is not fetched nor expanded', () => {
    const r = readXml('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>');
    expect(r.problems.map((p) => p.code)).toEqual(['xml-entity-declaration', 'xml-undefined-entity']);
    expect(textOf(r.root!)).toBe('&x;');
  });
});

describe('not well-formed XML', () => {
  test('mismatched close tag: line and column, tree as far as it goes', () => {
    const r = readXml('<SyncML>\n  <SyncHdr>\n    <VerDTD>1.2</VerProto>\n  </SyncHdr>\n</SyncML>');
    expect(r.problems[0]).toMatchObject({ severity: 'error', code: 'xml-not-well-formed', line: 3, column: 26 });
    expect(textOf(at(r.root!, 'SyncHdr', 'VerDTD'))).toBe('1.2');
  });

  test('truncated document: open elements are closed, problem at the end', () => {
    const r = readXml('<SyncML><SyncHdr><VerDTD>1.2</VerDTD><MsgID>1');
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.every((p) => p.code === 'xml-not-well-formed' && p.line === 1)).toBe(true);
    expect(r.problems.map((p) => p.message).join(' ')).toMatch(/unclosed tag: MsgID/);
    expect(textOf(at(r.root!, 'SyncHdr', 'MsgID'))).toBe('1');
  });

  test('empty input: one error, no root', () => {
    const r = readXml('');
    expect(r.root).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.severity).toBe('error');
  });

  test('not XML at all', () => {
    const r = readXml(new Uint8Array([0x02, 0x00, 0x00, 0x6a, 0x00]));
    expect(r.root).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ severity: 'error', line: 1 });
  });

  test('an error flood is capped', () => {
    const r = readXml(`<a>${'</b>'.repeat(500)}</a>`);
    expect(r.problems.length).toBeLessThanOrEqual(20);
    expect(r.problems[r.problems.length - 1]!.code).toBe('xml-too-many-errors');
  });

  test('a bare & inside CDATA or a comment is not touched', () => {
    const r = readXml('<a><!-- a & b --><b><![CDATA[x & y]]></b></a>');
    expect(r.problems).toEqual([]);
    expect(textOf(at(r.root!, 'b'))).toBe('x & y');
  });

  test('a bare & in an attribute is repaired too', () => {
    const r = readXml('<a href="x?a=1&b=2"/>');
    expect(r.root!.attributes).toEqual({ href: 'x?a=1&b=2' });
    expect(r.problems).toEqual([expect.objectContaining({ code: 'xml-unescaped-ampersand', line: 1, column: 15 })]);
  });
});

describe('limits', () => {
  const nested = (n: number) => `${'<e>'.repeat(n)}x${'</e>'.repeat(n)}`;

  test('default depth limit 64: 64 levels pass, 65 do not', () => {
    expect(readXml(nested(64)).problems).toEqual([]);
    const r = readXml(nested(65));
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'xml-too-deep', line: 1, column: 193 }),
    ]);
    let depth = 0;
    for (let e: Element | undefined = r.root; e; e = childElements(e)[0]) depth++;
    expect(depth).toBe(64);
  });

  test('maxDepth option: reading stops at the limit, what came before is kept', () => {
    const r = readXml('<a><y>before</y><b><c><d/></c></b><z>after</z></a>', { maxDepth: 2 });
    expect(r.problems).toEqual([expect.objectContaining({ code: 'xml-too-deep', line: 1, column: 20 })]);
    expect(childElements(r.root!).map((e) => e.name)).toEqual(['y', 'b']);
    expect(textOf(at(r.root!, 'y'))).toBe('before');
    expect(childElements(at(r.root!, 'b'))).toEqual([]);
  });

  test('100 000 levels: no stack overflow, one problem', () => {
    const r = readXml(nested(100_000));
    expect(r.problems.map((p) => p.code)).toEqual(['xml-too-deep']);
  });
});

describe('CDATA', () => {
  test('CDATA is kept and marked; adjacent sections merge', () => {
    const r = readXml('<Data><![CDATA[<MgmtTree>]]]]><![CDATA[>]]></Data>');
    expect(r.root!.children).toEqual([{ kind: 'text', value: '<MgmtTree>]]>', cdata: true, pos: {} }]);
  });

  test('text and CDATA side by side stay separate nodes in order', () => {
    const r = readXml('<Data>a<![CDATA[&b]]>c</Data>');
    expect(r.root!.children.map((c) => c.kind === 'text' && [c.value, c.cdata === true])).toEqual([
      ['a', false],
      ['&b', true],
      ['c', false],
    ]);
  });

  test('whitespace-only CDATA beside elements is kept (it is content, not indentation)', () => {
    const r = readXml('<a><![CDATA[ ]]><b/></a>');
    expect(r.root!.children.map((c) => c.kind)).toEqual(['text', 'element']);
  });
});
