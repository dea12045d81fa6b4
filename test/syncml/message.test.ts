import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  decodeMessage,
  detectEncoding,
  encodingOfContentType,
  inferDirection,
  isSyncML,
} from '../../src/syncml/message.js';
import { buildSyncML } from '../../src/syncml/model.js';
import { readXml } from '../../src/xml/read.js';
import type { Command, SyncML } from '../../src/syncml/types.js';
import type { HttpPart } from '../../src/model/exchange.js';
import { corpus, fixtures } from '../helpers.js';

const aosp = path.join(corpus, 'aosp-omadm');
const all = ['dm11', 'dm12'].flatMap((d) => readdirSync(path.join(aosp, d)).map((f) => `${d}/${f}`));
const bytes = (f: string) => new Uint8Array(readFileSync(path.join(aosp, f)));
const pkg = (n: number) => new Uint8Array(readFileSync(path.join(fixtures, 'xml', `libdmclient-pkg${n}.xml`)));
const origin = { input: 'test' };
const enc = (s: string) => new TextEncoder().encode(s);

describe('detectEncoding', () => {
  test.each(all)('%s by content', (f) => {
    expect(detectEncoding(bytes(f))).toBe(f.endsWith('.wbxml') ? 'wbxml' : 'xml');
    // the content wins over a Content-Type that says otherwise
    expect(
      detectEncoding(
        bytes(f),
        f.endsWith('.wbxml') ? 'application/vnd.syncml.dm+xml' : 'application/vnd.syncml.dm+wbxml',
      ),
    ).toBe(f.endsWith('.wbxml') ? 'wbxml' : 'xml');
  });

  test('XML after a BOM, after whitespace, UTF-16', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x61, 0x2f, 0x3e]))).toBe('xml');
    expect(detectEncoding(pkg(3))).toBe('xml');
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).toBe('xml');
  });

  test('neither: the Content-Type decides, else undefined', () => {
    const junk = enc('HTTP/1.1 200 OK');
    expect(detectEncoding(junk)).toBeUndefined();
    expect(detectEncoding(junk, 'application/vnd.syncml.dm+wbxml')).toBe('wbxml');
    expect(detectEncoding(junk, 'application/vnd.syncml.dm+xml; charset="utf-8"')).toBe('xml');
    expect(detectEncoding(junk, 'text/html')).toBeUndefined();
    expect(detectEncoding(new Uint8Array(0))).toBeUndefined();
  });

  test('a version byte with an implausible public id is not WBXML', () => {
    expect(detectEncoding(new Uint8Array([0x03, 0xa4, 0x81, 0x01]))).toBeUndefined(); // public id 0x9081
    expect(detectEncoding(new Uint8Array([0x07, 0x01, 0x6a, 0x00]))).toBeUndefined(); // version 0x07
    expect(detectEncoding(new Uint8Array([0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d]))).toBe('wbxml');
  });

  test('Content-Type forms', () => {
    expect(
      [
        'application/vnd.syncml.dm+wbxml',
        'application/vnd.syncml+wbxml',
        'APPLICATION/VND.SYNCML.DM+XML;charset=utf-8',
        'text/xml',
        'application/octet-stream',
        undefined,
      ].map((t) => encodingOfContentType(t)),
    ).toEqual(['wbxml', 'wbxml', 'xml', 'xml', undefined, undefined]);
  });
});

describe('isSyncML', () => {
  test.each(all)('%s is SyncML', (f) => {
    expect(isSyncML(bytes(f))).toBe(true);
  });

  test.each([1, 2, 3, 4])('libdmclient Package %i is SyncML', (n) => {
    expect(isSyncML(pkg(n))).toBe(true);
  });

  test('a prefixed SyncML root after a DOCTYPE and a comment', () => {
    expect(
      isSyncML(
        enc(
          '<?xml version="1.0"?><!DOCTYPE s:SyncML [<!ENTITY x "y">]><!-- c --><s:SyncML xmlns:s="SYNCML:SYNCML1.2"/>',
        ),
      ),
    ).toBe(true);
  });

  test.each([
    ['DevInf XML', enc('<DevInf xmlns="syncml:devinf"/>')],
    ['HTML', enc('<!DOCTYPE html><html></html>')],
    ['WBXML DevInf 1.2 public id', new Uint8Array([0x02, 0xa4, 0x03, 0x6a, 0x00, 0x4a, 0x01])],
    ['WBXML unknown id, first tag not SyncML', new Uint8Array([0x03, 0x01, 0x6a, 0x00, 0x45, 0x01])],
    [
      'WBXML literal FPI of WML',
      new Uint8Array([0x03, 0x00, 0x00, 0x6a, 0x17, ...enc('-//WAPFORUM//DTD WML 1.1//EN'), 0x00, 0x7f, 0x01]),
    ],
    ['not XML nor WBXML', enc('hello')],
    ['empty', new Uint8Array(0)],
    // the first two once looped for ever on their unclosed prolog part (fuzz pcapng, seed 12)
    ['an unclosed processing instruction after an element', enc('<a><?xml version="1.0"')],
    ['an unclosed comment after a PI', enc('<?x?><!-- no end')],
    ['an unclosed DOCTYPE subset', enc('<!DOCTYPE SyncML [ <!ENTITY a "b"')],
  ])('%s is not', (_n, b) => {
    expect(isSyncML(b)).toBe(false);
  });

  test('WBXML with an unknown public id whose first tag is SyncML (0x6D)', () => {
    expect(isSyncML(new Uint8Array([0x03, 0x01, 0x6a, 0x00, 0x6d, 0x01]))).toBe(true);
  });
});

describe('decodeMessage', () => {
  test.each(all)('%s decodes to a model', (f) => {
    const m = decodeMessage(bytes(f), { origin: { input: f } });
    expect(m.encoding).toBe(f.endsWith('.wbxml') ? 'wbxml' : 'xml');
    expect(m.tree?.name).toBe('SyncML');
    expect(m.syncml).toBeDefined();
    expect(m.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(m.origin).toEqual({ input: f });
    expect(m.raw.length).toBe(bytes(f).length);
    if (f.endsWith('.wbxml')) expect(m.wbxml?.version).toBe(0x02);
    else expect(m.wbxml).toBeUndefined();
  });

  const targets = (c: Command) => c.items.map((i) => i.target?.locURI);

  test.each([
    ['dm12/testget.wbxml', 'Get', [['./DevDetail/URI/MaxDepth']]],
    ['dm12/testadd.wbxml', 'Add', [['./TestLeafNode']]],
    ['dm12/testdelete.wbxml', 'Delete', [['./TestLeafNode'], ['./TestLeaf']]],
  ] as const)('%s: VerDTD 1.2, %s with the expected targets, after the three statuses', (f, name, expected) => {
    const m = decodeMessage(bytes(f), { origin });
    const s = m.syncml!;
    expect(s.hdr).toMatchObject({
      verDTD: '1.2',
      verProto: 'DM/1.2',
      target: { locURI: '000000011234564' },
      source: { locURI: 'http://10.72.34.217:80/Manage' },
    });
    expect(s.body.slice(0, 3).map((c) => [c.name, c.cmdID, c.data])).toEqual([
      ['Status', '1', '212'],
      ['Status', '2', '200'],
      ['Status', '3', '200'],
    ]);
    const cmds = s.body.filter((c) => c.name === name);
    expect(cmds.map(targets)).toEqual(expected);
    expect(s.final).toBe(true);
    expect(m.direction).toBe('server');
    // the real-world defect of these files: the string table is not NUL-terminated (corpus README)
    expect(m.problems.map((p) => p.code)).toEqual(['wbxml-strtbl-unterminated']);
  });

  test('dm12/testreplace.wbxml: the client Package 1 (Alert 1201, Replace of DevInfo)', () => {
    const m = decodeMessage(bytes('dm12/testreplace.wbxml'), { origin });
    const s = m.syncml!;
    expect(s.hdr.verDTD).toBe('1.2');
    expect(s.body.map((c) => [c.name, c.data])).toEqual([
      ['Alert', '1201'],
      ['Replace', undefined],
    ]);
    const replace = s.body[1]!;
    expect(replace.items.map((i) => i.source?.locURI)).toEqual([
      './DevInfo/DevId',
      './DevInfo/DmV',
      './DevInfo/Lang',
      './DevInfo/Man',
      './DevInfo/Mod',
      './DevInfo/Bearer/GSM',
      './DevInfo/Sort',
      './DevInfo/Loc',
      './DevInfo/LangAuto',
    ]);
    // dm12 sends the leaf values as inline strings (dm11/testreplace.wbxml is the OPAQUE one)
    expect(replace.items[4]!.data).toEqual({ text: 'A780', opaque: false });
    expect(m.direction).toBe('client');
  });

  test.each(all.filter((f) => f.endsWith('.wbxml')))("%s: same model as from libwbxml's XML rendering", (f) => {
    const ours = decodeMessage(bytes(f), { origin }).syncml!;
    const xml = execFileSync('wbxml2xml', ['-o', '-', path.join(aosp, f)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString('utf8');
    const theirs = buildSyncML(readXml(xml.slice(xml.indexOf('<?xml'))).root!).syncml!;
    // OPAQUE comes back from libwbxml as CDATA with CR dropped: compare the Data text trimmed
    const view = (s: SyncML) =>
      JSON.parse(
        JSON.stringify(s, (k, v) => {
          if (k === 'element' || k === 'namespace' || k === 'bytes' || k === 'opaque' || k === 'cdata')
            return undefined;
          if (k === 'text' && typeof v === 'string') return v.trim();
          return v;
        }),
      );
    expect(view(ours)).toEqual(view(theirs));
  });

  test('not XML nor WBXML: one error with the first bytes, no tree, never throws', () => {
    const m = decodeMessage(enc('GET / HTTP/1.1\r\n'), { origin, contentType: 'text/plain' });
    expect(m.tree).toBeUndefined();
    expect(m.syncml).toBeUndefined();
    expect(m.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'syncml-unknown-encoding', offset: 0 }),
    ]);
    expect(m.problems[0]!.message).toContain('47 45 54 20');
  });

  test('Content-Type contradicting the bytes: a warning, the bytes win', () => {
    const m = decodeMessage(pkg(1), { origin, contentType: 'application/vnd.syncml.dm+wbxml' });
    expect(m.encoding).toBe('xml');
    expect(m.syncml).toBeDefined();
    expect(m.problems.map((p) => p.code)).toEqual(['syncml-content-type-mismatch']);
  });

  test('problems of every stage are concatenated in order', () => {
    const m = decodeMessage(pkg(3), { origin });
    expect(m.problems.map((p) => p.code)).toEqual(['xml-whitespace-before-declaration']);
    const broken = decodeMessage(enc('<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2'), { origin });
    expect(broken.problems.map((p) => p.code.split('-')[0])).toEqual([
      'xml',
      'xml',
      'xml',
      'syncml',
      'syncml',
      'syncml',
      'syncml',
      'syncml',
      'syncml',
    ]);
    expect(broken.syncml?.hdr.verDTD).toBe('1.2');
  });

  test('a non-SyncML document: the tree, no model, one error', () => {
    const m = decodeMessage(enc('<html><body/></html>'), { origin });
    expect(m.tree?.name).toBe('html');
    expect(m.syncml).toBeUndefined();
    expect(m.problems.map((p) => p.code)).toEqual(['syncml-not-syncml']);
  });

  test('direction: given, then from HTTP, then inferred', () => {
    const http: HttpPart = {
      direction: 'server',
      headers: [],
      body: pkg(1),
      origin,
      contentType: 'application/vnd.syncml+xml',
    };
    expect(decodeMessage(pkg(1), { origin }).direction).toBe('client');
    expect(decodeMessage(pkg(1), { origin, http }).direction).toBe('server');
    expect(decodeMessage(pkg(1), { origin, http, direction: 'client' }).direction).toBe('client');
    expect(decodeMessage(pkg(1), { origin, http }).http).toBe(http);
  });

  test('maxDepth reaches the reader', () => {
    const m = decodeMessage(pkg(1), { origin, maxDepth: 3 });
    expect(m.problems.map((p) => p.code)).toContain('xml-too-deep');
  });
});

describe('inferDirection', () => {
  const dir = (b: Uint8Array) => inferDirection(decodeMessage(b, { origin }).syncml!);

  test('the libdmclient session: packages 1 and 3 from the client, 2 and 4 from the server', () => {
    expect([1, 2, 3, 4].map((n) => dir(pkg(n)))).toEqual(['client', 'server', 'client', 'server']);
  });

  const hdr = (target: string, source: string, body = '') =>
    enc(
      `<SyncML ` +
        `xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>${target}` +
        `</LocURI></Target><Source><LocURI>${source}</LocURI></Source></SyncHdr><SyncBody>${body}` +
        `<Final/></SyncBody></SyncML>`,
    );

  test.each([
    ['device id in Source', hdr('mgmt', 'IMEI:493005100592800'), 'client'],
    ['device id in Target', hdr('urn:uuid:0f7d', 'mgmt'), 'server'],
    ['URL in Target', hdr('https://dm.example.com/dm', 'DMCtest'), 'client'],
    ['URL in Source', hdr('DMCtest', 'http://dm.example.com/dm'), 'server'],
    ['neither', hdr('a', 'b'), undefined],
    ['both URLs', hdr('http://a', 'http://b'), undefined],
    [
      'Alert 1201 beats the header',
      hdr('IMEI:1', 'http://x', '<Alert><CmdID>1</CmdID><Data>1201</Data></Alert>'),
      'client',
    ],
    [
      'Results',
      hdr(
        'a',
        'b',
        '<Results><CmdID>1</CmdID><CmdRef>2</CmdRef><Item><Source><LocURI>./a</LocURI></Source></Item></Results>',
      ),
      'client',
    ],
    ['Get', hdr('a', 'b', '<Get><CmdID>1</CmdID><Item><Target><LocURI>./a</LocURI></Target></Item></Get>'), 'server'],
    ['UI alert', hdr('a', 'b', '<Alert><CmdID>1</CmdID><Data>1100</Data></Alert>'), 'server'],
    [
      'Replace alone says nothing',
      hdr('a', 'b', '<Replace><CmdID>1</CmdID><Item><Target><LocURI>./a</LocURI></Target></Item></Replace>'),
      undefined,
    ],
  ] as const)('%s', (_n, b, expected) => {
    expect(dir(b)).toBe(expected);
  });
});
