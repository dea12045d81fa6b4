/**
 * Reader unit tests on byte fixtures, commented field by field (mqtt-packet style).
 * Tokens: WBXML 1.3 §7.1 / docs/dm-facts.md §1.3; SyncML tags: docs/dm-facts.md §1.5–1.7.
 */
import { describe, expect, it } from 'vitest';
import { readWbxml } from '../../src/wbxml/read.js';
import { NS, type Element, type Opaque, type Text } from '../../src/model/tree.js';
import { bytes, elements, raw, shape, str } from './bytes.js';

/** Header of a WBXML 1.2 SyncML 1.2 document, UTF-8, no string table. */
const HDR12 = [
  0x02, //       version 1.2
  0xa4,
  0x01, // public id 0x1201 (mb_u_int32) = SyncML 1.2
  0x6a, //       charset 106 = UTF-8
  0x00, //       string table length 0
];

const codes = (r: { problems: { code: string }[] }): string[] => r.problems.map((p) => p.code);

describe('readWbxml: headers', () => {
  it('reads a minimal SyncML 1.2 document with numeric public id, its namespace and token offsets', () => {
    const doc = bytes(
      HDR12,
      0x6d, //       0x05: SyncML (0x2D | content)
      0x6c, //       0x06: SyncHdr (0x2C | content)
      0x71, //       0x07: VerDTD (0x31 | content)
      0x03,
      str('1.2'), // STR_I "1.2"
      0x01, //       END VerDTD
      0x01, //       END SyncHdr
      0x6b, //       SyncBody
      0x12, //       Final (empty: no content bit)
      0x01, //       END SyncBody
      0x01, //       END SyncML
    );
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(r.header).toEqual({ version: 2, publicId: 0x1201, charset: 106 });
    expect(r.language).toBe('SyncML 1.2');
    expect(shape(r.root)).toBe('SyncML(SyncHdr(VerDTD("1.2")),SyncBody(Final))');
    const all = elements(r.root!);
    expect(all.map((e) => e.namespace)).toEqual(Array(5).fill(NS.SyncML12));
    expect(all.map((e) => e.pos.offset)).toEqual([0x05, 0x06, 0x07, 0x0f, 0x10]);
    expect((all[2]!.children[0] as Text).pos.offset).toBe(0x08);
  });

  it('reads a WBXML 1.0 header, which has no charset field', () => {
    const doc = bytes(
      0x00, //       version 1.0
      0x9f,
      0x53, // public id 0x0FD3 = SyncML 1.1
      0x00, //       string table length 0 (no charset before it in 1.0)
      0x6d,
      0x12,
      0x01, // <SyncML><Final/></SyncML>
    );
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(r.header).toEqual({ version: 0, publicId: 0x0fd3, charset: 0 });
    expect(r.root?.namespace).toBe(NS.SyncML11);
    expect(shape(r.root)).toBe('SyncML(Final)');
  });

  it('reads a WBXML 1.3 header and a SyncML 1.0 public id', () => {
    const r = readWbxml(bytes(0x03, 0x9f, 0x51, 0x6a, 0x00, 0x2d));
    expect(r.problems).toEqual([]);
    expect(r.header?.version).toBe(3);
    expect(r.root).toMatchObject({ name: 'SyncML', namespace: NS.SyncML10 });
  });

  it('reads a literal public id from the string table (the dm12 corpus form, here NUL-terminated)', () => {
    const fpi = '-//SYNCML//DTD SyncML 1.2//EN';
    const doc = bytes(
      0x02, //       version 1.2
      0x00,
      0x00, // public id 0 → literal at string-table index 0
      0x6a, //       UTF-8
      fpi.length + 1,
      str(fpi), // string table: length 30, the FPI + NUL
      0x2d, //       <SyncML/>
    );
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(r.header).toEqual({ version: 2, publicId: 0, publicIdLiteral: fpi, charset: 106 });
    expect(r.root).toMatchObject({ name: 'SyncML', namespace: NS.SyncML12 });
  });

  it('reads a standalone DM DDF (TNDS) document, literal FPI, starting with SWITCH_PAGE 2 (as xml2wbxml writes it)', () => {
    const fpi = '-//OMA//DTD-DM-DDF 1.2//EN';
    const doc = bytes(
      0x02,
      0x00,
      0x00,
      0x6a, //  version 1.2, literal public id at index 0, UTF-8
      fpi.length + 1,
      str(fpi), // string table
      0x00,
      0x02, //              SWITCH_PAGE 2 (DM DDF)
      0x60, //                    MgmtTree (0x20 | content)
      0x77,
      0x03,
      str('1.2'),
      0x01, // VerDTD (0x37) "1.2"
      0x64, //                    Node
      0x66,
      0x03,
      str('a'),
      0x01, // NodeName "a"
      0x01,
      0x01, //              END Node, END MgmtTree
    );
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(r.language).toBe('DM DDF 1.2');
    expect(shape(r.root)).toBe('MgmtTree(VerDTD("1.2"),Node(NodeName("a")))');
    expect(elements(r.root!).every((e) => e.namespace === NS.DMDDF12)).toBe(true);
  });
});

describe('readWbxml: charsets', () => {
  const doc = (charset: number[], text: number[]): Uint8Array =>
    bytes(0x02, 0xa4, 0x01, charset, 0x00, 0x4f /* Data */, 0x03, text, 0x01);

  it('decodes UTF-8 when the charset is 0 (unknown)', () => {
    const r = readWbxml(doc([0x00], str('Grüße €')));
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Data("Grüße €")');
  });

  it('reports malformed UTF-8 with the offset of the string', () => {
    const r = readWbxml(doc([0x6a], [0x61, 0xc3, 0x28, 0x00])); // C3 28: invalid continuation
    expect(codes(r)).toEqual(['wbxml-bad-utf8']);
    expect(r.problems[0]!.message).toBe('malformed UTF-8 in a 3-byte string; bad bytes shown as U+FFFD');
    expect(shape(r.root)).toBe('Data("a\uFFFD(")');
  });

  it('decodes ISO-8859-1 (MIBenum 4)', () => {
    const r = readWbxml(doc([0x04], [0x63, 0x61, 0x66, 0xe9, 0x00]));
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Data("café")');
  });

  it('decodes UTF-16LE (MIBenum 1014) with a two-byte NUL terminator', () => {
    const r = readWbxml(doc([0x87, 0x76], [...Buffer.from('hé', 'utf16le'), 0x00, 0x00]));
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Data("hé")');
  });

  it('decodes Shift_JIS (MIBenum 17) through TextDecoder', () => {
    const r = readWbxml(doc([0x11], [0x93, 0xfa, 0x96, 0x7b, 0x00])); // 日本
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Data("日本")');
  });

  it('says so when a charset is not supported, and decodes as UTF-8', () => {
    const r = readWbxml(doc([0xce, 0x0f], str('abc'))); // MIBenum 9999
    expect(codes(r)).toEqual(['wbxml-charset-unsupported']);
    expect(r.problems[0]!.message).toBe('charset MIBenum 9999 is not supported here; strings decoded as UTF-8');
    expect(shape(r.root)).toBe('Data("abc")');
  });
});

describe('readWbxml: global tokens', () => {
  it('joins adjacent STR_T and STR_I (and ENTITY) into one Text, as libwbxml does', () => {
    const doc = bytes(
      0x02,
      0xa4,
      0x01,
      0x6a,
      0x06,
      str('./Dev'), //   string table: "./Dev\0" (6 bytes)
      0x57, //                 LocURI (0x17 | content)
      0x83,
      0x00, //           STR_T index 0 → "./Dev"
      0x03,
      str('Info'), //    STR_I "Info"
      0x02,
      0x2f, //           ENTITY 0x2F '/'
      0x83,
      0x02, //           STR_T index 2 → "Dev"
      0x01, //                 END
    );
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(r.root!.children).toHaveLength(1);
    expect(r.root!.children[0]).toEqual({ kind: 'text', value: './DevInfo/Dev', pos: { offset: 0x0c } });
  });

  it('keeps the tag page as plain state: END closes Meta while page 1 is current (docs/dm-facts.md §1.9)', () => {
    // Bytes of AOSP dm11/testget.wbxml inside Cred: <Cred><Meta> SWITCH 1 <Format>b64</Format><Type>…</Type></Meta> SWITCH 0 <Data>…
    const doc = bytes(
      HDR12,
      0x4e, //                 Cred
      0x5a, //                 Meta (page 0)
      0x00,
      0x01, //           SWITCH_PAGE 1 (MetInf)
      0x47,
      0x03,
      str('b64'),
      0x01, //               Format
      0x53,
      0x03,
      str('syncml:auth-basic'),
      0x01, // Type
      0x01, //                 END Meta, still on page 1
      0x00,
      0x00, //           SWITCH_PAGE 0
      0x4f,
      0x03,
      str('x'),
      0x01, // Data
      0x01, //                 END Cred
    );
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Cred(Meta(Format("b64"),Type("syncml:auth-basic")),Data("x"))');
    const [cred, meta, format, type, data] = elements(r.root!);
    expect([cred, meta, format, type, data].map((e) => e!.namespace)).toEqual([
      NS.SyncML12,
      NS.SyncML12,
      NS.MetInf,
      NS.MetInf,
      NS.SyncML12,
    ]);
  });

  it('decodes the device-specific MetInf extensions 0x17-0x1A (as Wireshark does)', () => {
    const r = readWbxml(bytes(HDR12, 0x5a, 0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x01));
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Meta(FP,ID,IDContainer,IDPair)');
  });

  it('reads LITERAL, LITERAL_C, LITERAL_A and LITERAL_AC tags from the string table', () => {
    const doc = bytes(
      0x02,
      0xa4,
      0x01,
      0x6a,
      0x0a,
      str('Foo'),
      str('attr'), // string table: "Foo\0attr\0" (9 bytes) + padding
      0x00, //                 padding byte in the table (length 10)
      0x44,
      0x00, //           LITERAL_C index 0: <Foo> with content
      0x04,
      0x00, //           LITERAL index 0: <Foo/>
      0x84,
      0x00, //           LITERAL_A index 0: <Foo attr=…/>
      0x04,
      0x04, //             attribute: LITERAL name at index 4 "attr"
      0x03,
      str('v'), //         value STR_I "v"
      0x01, //                   END of attributes
      0xc4,
      0x00, //           LITERAL_AC index 0
      0x04,
      0x04,
      0x83,
      0x00,
      0x01, // attr = STR_T index 0 ("Foo"), END of attributes
      0x03,
      str('t'),
      0x01, //   content "t", END
      0x01, //                 END outer Foo
    );
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Foo(Foo,Foo[attr=v],Foo[attr=Foo]("t"))');
    expect(r.root!.namespace).toBe(NS.SyncML12); // the current page's namespace
  });

  it('reads the Nokia quirk: a LITERAL xmlns attribute at index 0 with no string table (docs/dm-facts.md §1.3, §10 D12)', () => {
    const doc = bytes(
      HDR12, //                no string table
      0xed, //                 SyncML (0x2D | content | attributes)
      0x04,
      0x00, //           LITERAL attribute name, index 0 (no table: libwbxml reads xmlns)
      0x03,
      str('SYNCML:SYNCML1.2'), // value STR_I
      0x01, //                 END of attributes
      0x12, //                 Final
      0x01, //                 END SyncML
    );
    const r = readWbxml(doc);
    expect(codes(r)).toEqual(['wbxml-nokia-xmlns']);
    expect(r.problems[0]).toMatchObject({ severity: 'info', offset: 0x06 });
    expect(r.root!.attributes).toBeUndefined();
    expect(shape(r.root)).toBe('SyncML(Final)');
  });

  it('keeps EXT_I/EXT_T strings as text and warns about every extension token', () => {
    const doc = bytes(
      0x02,
      0xa4,
      0x01,
      0x6a,
      0x02,
      str('e'),
      0x4f, //                 Data
      0x40,
      str('a'), //       EXT_I_0 "a"
      0x81,
      0x00, //           EXT_T_1 index 0 "e"
      0xc2, //                 EXT_2
      0x01,
    );
    const r = readWbxml(doc);
    expect(codes(r)).toEqual(['wbxml-extension-token', 'wbxml-extension-token', 'wbxml-extension-token']);
    expect(r.problems.map((p) => p.offset)).toEqual([0x08, 0x0b, 0x0d]);
    expect(shape(r.root)).toBe('Data("ae")');
  });

  it('skips a processing instruction before the root with an info problem', () => {
    const doc = bytes(HDR12, 0x43, 0x04, 0x00, 0x01, 0x2d); // PI (LITERAL attrStart index 0 … END), then <SyncML/>
    const r = readWbxml(doc);
    expect(r.problems.map((p) => [p.code, p.offset])).toEqual([
      ['wbxml-nokia-xmlns', 0x06],
      ['wbxml-pi-skipped', 0x05],
    ]);
    expect(shape(r.root)).toBe('SyncML');
  });

  it('reads OPAQUE as bytes (dm11/testreplace form: text with CR LF) without joining it to text', () => {
    const doc = bytes(HDR12, 0x4f, 0x03, str('a'), 0xc3, 0x05, raw('\r\n x '), 0x03, str('b'), 0x01);
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Data("a",opaque[0d0a207820],"b")');
    expect((r.root!.children[1] as Opaque).pos.offset).toBe(0x09);
  });

  it('reads multi-byte mb_u_int32 values (a 200-byte OPAQUE: length 0x81 0x48)', () => {
    const data = Array.from({ length: 200 }, (_, i) => i & 0xff);
    const r = readWbxml(bytes(HDR12, 0x4f, 0xc3, 0x81, 0x48, data, 0x01));
    expect(r.problems).toEqual([]);
    expect((r.root!.children[0] as Opaque).bytes).toEqual(Uint8Array.from(data));
  });

  it('reads an ENTITY beyond the BMP', () => {
    const r = readWbxml(bytes(HDR12, 0x4f, 0x02, 0x87, 0xec, 0x00, 0x01)); // U+1F600 = mb 87 EC 00
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Data("😀")');
  });

  it('accepts SWITCH_PAGE in a WBXML 1.1 document without complaint (SyncML needs it, docs/dm-facts.md §1.3)', () => {
    const r = readWbxml(bytes(0x01, 0xa4, 0x01, 0x6a, 0x00, 0x5a, 0x00, 0x01, 0x53, 0x03, str('t'), 0x01, 0x01));
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Meta(Type("t"))');
  });
});

describe('readWbxml: embedded documents in OPAQUE', () => {
  /** A DevInf 1.2 document as xml2wbxml -v 1.2 writes <DevInf><VerDTD>1.2</VerDTD><Man>x</Man></DevInf>. */
  const devinf = [
    0x02,
    0xa4,
    0x03,
    0x6a,
    0x00, // version 1.2, public id 0x1203 DevInf 1.2, UTF-8, no string table
    0x4a, //                          DevInf (0x0A | content)
    0x65,
    0x03,
    ...str('1.2'),
    0x01, // VerDTD (0x25)
    0x51,
    0x03,
    ...str('x'),
    0x01, //   Man (0x11)
    0x01,
  ];

  it('decodes a DevInf document in Data when the sibling Meta/Type names application/vnd.syncml-devinf+wbxml', () => {
    const doc = bytes(
      HDR12,
      0x54, //                 Item
      0x5a,
      0x00,
      0x01, //     Meta, SWITCH_PAGE 1
      0x53,
      0x03,
      str('application/vnd.syncml-devinf+wbxml'),
      0x01, // Type
      0x01,
      0x00,
      0x00, //     END Meta, SWITCH_PAGE 0
      0x4f, //                 Data
      0xc3,
      devinf.length,
      devinf, // OPAQUE: the DevInf document
      0x01,
      0x01,
    );
    const r = readWbxml(doc);
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe(
      'Item(Meta(Type("application/vnd.syncml-devinf+wbxml")),Data(opaque{DevInf(VerDTD("1.2"),Man("x"))}))',
    );
    const opaque = (r.root!.children[1] as Element).children[0] as Opaque;
    expect(opaque.document!.namespace).toBe(NS.DevInf);
    expect(opaque.bytes).toEqual(Uint8Array.from(devinf));
  });

  it('decodes an embedded document without a type hint when it parses cleanly with a known public id', () => {
    const r = readWbxml(bytes(HDR12, 0x54, 0x4f, 0xc3, devinf.length, devinf, 0x01, 0x01));
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Item(Data(opaque{DevInf(VerDTD("1.2"),Man("x"))}))');
  });

  it('leaves binary Data that merely starts like WBXML as bytes, without problems', () => {
    const bin = [0x02, 0x99, 0x99, 0x01, 0xff, 0xfe];
    const r = readWbxml(bytes(HDR12, 0x54, 0x4f, 0xc3, bin.length, bin, 0x01, 0x01));
    expect(r.problems).toEqual([]);
    expect(shape(r.root)).toBe('Item(Data(opaque[029999 01fffe]))'.replace(' ', ''));
  });

  it('reports a hinted embedded document that does not decode, with the offset moved into the outer document', () => {
    const broken = devinf.slice(0, 11); // cut inside VerDTD's STR_I (before its NUL)
    const doc = bytes(
      HDR12,
      0x54,
      0x5a,
      0x00,
      0x01,
      0x53,
      0x03,
      str('application/vnd.syncml-devinf+wbxml'),
      0x01,
      0x01,
      0x00,
      0x00,
      0x4f,
      0xc3,
      broken.length,
      broken,
      0x01,
      0x01,
    );
    const r = readWbxml(doc);
    expect(codes(r)).toEqual(['wbxml-truncated']);
    const dataStart = doc.length - 2 - broken.length;
    expect(r.problems[0]!.offset).toBe(dataStart + 7);
    expect(r.problems[0]!.message).toMatch(
      /^in the WBXML document embedded at offset 0x[0-9a-f]+: document ends inside STR_I/,
    );
    // What could be decoded is attached.
    expect(shape(((r.root!.children[1] as Element).children[0] as Opaque).document)).toBe('DevInf(VerDTD)');
  });
});

describe('readWbxml: tolerance and bad input (one problem each, with its offset)', () => {
  it('names unknown tag tokens Tag_0xNN (Wireshark style) and warns with the offset', () => {
    const r = readWbxml(bytes(HDR12, 0x6d, 0x3f, 0x70, 0x03, str('x'), 0x01, 0x01)); // 0x3F unknown, 0x30 reserved
    expect(shape(r.root)).toBe('SyncML(Tag_0x3F,Tag_0x30("x"))');
    expect(codes(r)).toEqual(['wbxml-unknown-token', 'wbxml-unknown-token']);
    expect(r.problems[0]!.message).toBe('unknown tag token 0x3f on code page 0 of SyncML 1.2: shown as Tag_0x3F');
    expect(r.problems[1]!.offset).toBe(0x07);
  });

  it('does not know SyncML 1.2 tokens (0x35+) in a SyncML 1.1 document', () => {
    const r = readWbxml(bytes(0x02, 0x9f, 0x53, 0x6a, 0x00, 0x7c, 0x01)); // Correlator token in 1.1
    expect(shape(r.root)).toBe('Tag_0x3C');
    expect(codes(r)).toEqual(['wbxml-unknown-token']);
  });

  it('warns about SWITCH_PAGE to a page the language does not define', () => {
    const r = readWbxml(bytes(HDR12, 0x6d, 0x00, 0x07, 0x05, 0x00, 0x00, 0x12, 0x01));
    expect(codes(r)).toEqual(['wbxml-unknown-page', 'wbxml-unknown-token']);
    expect(r.problems[0]!.offset).toBe(0x06);
    expect(shape(r.root)).toBe('SyncML(Tag_0x05,Final)');
    expect((r.root!.children[0] as Element).namespace).toBe('');
  });

  it('falls back to the SyncML 1.2 tables for an unknown public id, with a warning', () => {
    const r = readWbxml(bytes(0x02, 0x85, 0x00, 0x6a, 0x00, 0x6d, 0x12, 0x01)); // public id 0x280
    expect(codes(r)).toEqual(['wbxml-unknown-public-id']);
    expect(r.problems[0]).toMatchObject({
      severity: 'warning',
      offset: 1,
      message: 'unknown public id 0x0280; decoding with the SyncML 1.2 code pages',
    });
    expect(r.root).toMatchObject({ name: 'SyncML', namespace: NS.SyncML12 });
  });

  it('after the fallback, names page 0 after VerDTD when it says 1.1', () => {
    const r = readWbxml(bytes(0x02, 0x01, 0x6a, 0x00, 0x6d, 0x6c, 0x71, 0x03, str('1.1'), 0x01, 0x01, 0x01)); // public id 0x01 unknown
    expect(codes(r)).toEqual(['wbxml-unknown-public-id']);
    expect(r.problems[0]!.message).toContain('public id 0x01 (unknown/missing)');
    expect(elements(r.root!).map((e) => e.namespace)).toEqual([NS.SyncML11, NS.SyncML11, NS.SyncML11]);
  });

  it('reports an unknown literal FPI and falls back', () => {
    const fpi = '-//ACME//DTD Foo//EN';
    const r = readWbxml(bytes(0x02, 0x00, 0x00, 0x6a, fpi.length + 1, str(fpi), 0x2d));
    expect(codes(r)).toEqual(['wbxml-unknown-public-id']);
    expect(r.header?.publicIdLiteral).toBe(fpi);
    expect(shape(r.root)).toBe('SyncML');
  });

  it('reads a string table that is not NUL-terminated, with a warning (the dm12 corpus defect)', () => {
    const fpi = '-//SYNCML//DTD SyncML 1.1//EN';
    const doc = bytes(
      0x02,
      0x00,
      0x00,
      0x6a, // literal public id at index 0
      0x1d,
      raw(fpi), //         string table: 29 bytes, no NUL
      0x6d,
      0x12,
      0x01,
    );
    const r = readWbxml(doc);
    expect(codes(r)).toEqual(['wbxml-strtbl-unterminated']);
    expect(r.problems[0]!.message).toBe(
      'string table (29 bytes from offset 0x05) is not NUL-terminated; its last string read to the end of the table',
    );
    expect(r.header?.publicIdLiteral).toBe(fpi);
    expect(r.language).toBe('SyncML 1.1');
  });

  it('reports a string-table reference out of range and keeps going', () => {
    const doc = bytes(0x02, 0xa4, 0x01, 0x6a, 0x02, str('a'), 0x6d, 0x4f, 0x83, 0x09, 0x01, 0x12, 0x01);
    const r = readWbxml(doc);
    expect(codes(r)).toEqual(['wbxml-strtbl-out-of-range']);
    expect(r.problems[0]).toMatchObject({ severity: 'error', offset: 0x09 });
    expect(r.problems[0]!.message).toBe('STR_T refers to string-table index 9, outside the 2-byte string table');
    expect(shape(r.root)).toBe('SyncML(Data,Final)');
  });

  it('reports a LITERAL reference with no string table at all', () => {
    const r = readWbxml(bytes(HDR12, 0x6d, 0x04, 0x03, 0x01));
    expect(codes(r)).toEqual(['wbxml-strtbl-out-of-range']);
    expect(r.problems[0]!.message).toContain('no string table');
    expect(shape(r.root)).toBe('SyncML(Literal_3)');
  });

  it('returns what was decoded from a truncated document, with an error at the end offset', () => {
    const doc = bytes(HDR12, 0x6d, 0x6c, 0x71, 0x03, str('1.2'), 0x01);
    const r = readWbxml(doc);
    expect(codes(r)).toEqual(['wbxml-truncated']);
    expect(r.problems[0]).toMatchObject({ severity: 'error', offset: doc.length });
    expect(r.problems[0]!.message).toBe('document ends inside element content (open elements: SyncML/SyncHdr)');
    expect(shape(r.root)).toBe('SyncML(SyncHdr(VerDTD("1.2")))');
  });

  it('reports a document cut inside an inline string at the STR_I token', () => {
    const r = readWbxml(bytes(HDR12, 0x4f, 0x03, raw('abc')));
    expect(codes(r)).toEqual(['wbxml-truncated']);
    expect(r.problems[0]!.message).toBe('document ends inside STR_I (no terminating NUL) (open elements: Data)');
    expect(shape(r.root)).toBe('Data');
  });

  it('reports a document cut inside OPAQUE data', () => {
    const r = readWbxml(bytes(HDR12, 0x4f, 0xc3, 0x10, 1, 2, 3));
    expect(codes(r)).toEqual(['wbxml-truncated']);
    expect(r.problems[0]!.message).toContain('document ends inside OPAQUE data of 16 bytes (3 left)');
  });

  it('reports a document cut inside the header', () => {
    const r = readWbxml(bytes(0x02, 0xa4));
    expect(codes(r)).toEqual(['wbxml-truncated']);
    expect(r.problems[0]!.message).toBe('document ends inside an mb_u_int32 (the public id)');
    expect(r.root).toBeUndefined();
  });

  it('reports a string table longer than the document', () => {
    const r = readWbxml(bytes(0x02, 0xa4, 0x01, 0x6a, 0x20, raw('abc')));
    expect(codes(r)).toEqual(['wbxml-truncated']);
    expect(r.problems[0]!.message).toContain('the string table (32 bytes declared, 3 present)');
  });

  it('rejects an mb_u_int32 longer than 5 bytes', () => {
    const r = readWbxml(bytes(HDR12, 0x4f, 0xc3, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x01));
    expect(codes(r)).toEqual(['wbxml-mb-overflow']);
    expect(r.problems[0]!.message).toBe('mb_u_int32 (OPAQUE length) longer than 5 bytes');
  });

  it('rejects an mb_u_int32 over 32 bits', () => {
    const r = readWbxml(bytes(HDR12, 0x4f, 0xc3, 0x9f, 0xff, 0xff, 0xff, 0x7f, 0x01)); // 0x1FFFFFFFFF
    expect(codes(r)).toEqual(['wbxml-mb-overflow']);
    expect(r.problems[0]!.message).toBe('mb_u_int32 (OPAQUE length) exceeds 32 bits');
  });

  it('accepts the largest 32-bit mb_u_int32 (as an OPAQUE length that is then too long)', () => {
    const r = readWbxml(bytes(HDR12, 0x4f, 0xc3, 0x8f, 0xff, 0xff, 0xff, 0x7f));
    expect(codes(r)).toEqual(['wbxml-truncated']);
    expect(r.problems[0]!.message).toContain('OPAQUE data of 4294967295 bytes');
  });

  it('stops descending at the depth limit with one error, and decodes the rest', () => {
    const doc = bytes(HDR12, 0x6d, 0x6b, 0x54, 0x54, 0x03, str('deep'), 0x01, 0x01, 0x12, 0x01, 0x01);
    // SyncML > SyncBody > Item > Item("deep"), Final; maxDepth 3 cuts the inner Item.
    const r = readWbxml(doc, { maxDepth: 3 });
    expect(codes(r)).toEqual(['wbxml-too-deep']);
    expect(r.problems[0]!.message).toBe('element Item is nested deeper than 3 levels; its subtree is skipped');
    expect(shape(r.root)).toBe('SyncML(SyncBody(Item,Final))');
  });

  it('guards the default depth limit of 64 against hostile nesting', () => {
    const n = 10000;
    const doc = bytes(HDR12, Array(n).fill(0x54), Array(n).fill(0x01));
    const r = readWbxml(doc);
    expect(codes(r)).toEqual(['wbxml-too-deep']);
    let depth = 0;
    for (let e: Element | undefined = r.root; e; e = e.children[0] as Element | undefined) depth++;
    expect(depth).toBe(64);
  });

  it('refuses a document over maxSize', () => {
    const r = readWbxml(bytes(HDR12, 0x2d), { maxSize: 4 });
    expect(codes(r)).toEqual(['wbxml-too-large']);
    expect(r.root).toBeUndefined();
  });

  it('refuses empty input and non-WBXML input (XML text)', () => {
    expect(codes(readWbxml(new Uint8Array(0)))).toEqual(['wbxml-empty']);
    const r = readWbxml(Buffer.from('<SyncML/>'));
    expect(codes(r)).toEqual(['wbxml-not-wbxml']);
    expect(r.problems[0]!.message).toContain('version byte 0x3c');
  });

  it('warns about an unknown WBXML version and reads on', () => {
    const r = readWbxml(bytes(0x05, 0xa4, 0x01, 0x6a, 0x00, 0x2d));
    expect(codes(r)).toEqual(['wbxml-unknown-version']);
    expect(shape(r.root)).toBe('SyncML');
  });

  it('reports bytes after the root element (empty root, and root closed by END), allowing a trailing PI', () => {
    const r = readWbxml(bytes(HDR12, 0x2d, 0x12, 0x12));
    expect(codes(r)).toEqual(['wbxml-trailing-bytes']);
    expect(r.problems[0]).toMatchObject({
      severity: 'warning',
      message: '2 bytes after the end of the root element ignored',
    });
    const r2 = readWbxml(bytes(HDR12, 0x6d, 0x12, 0x01, 0x43, 0x04, 0x00, 0x01, 0x03, str('junk')));
    expect(codes(r2)).toEqual(['wbxml-nokia-xmlns', 'wbxml-pi-skipped', 'wbxml-trailing-bytes']);
    expect(r2.problems[2]!.offset).toBe(0x0c);
    expect(shape(r2.root)).toBe('SyncML(Final)');
  });

  it('reports a document with no root element', () => {
    const r = readWbxml(bytes(HDR12, 0x00, 0x01));
    expect(codes(r)).toEqual(['wbxml-no-root']);
  });

  it('reports END and text before any element', () => {
    const r = readWbxml(bytes(HDR12, 0x01, 0x03, str('x'), 0x2d));
    expect(codes(r)).toEqual(['wbxml-unexpected-end', 'wbxml-content-outside-root']);
    expect(r.problems.map((p) => p.offset)).toEqual([0x05, 0x06]);
    expect(shape(r.root)).toBe('SyncML');
  });

  it('reports an ENTITY that is not a Unicode scalar value', () => {
    const r = readWbxml(bytes(HDR12, 0x4f, 0x02, 0x83, 0xb0, 0x00, 0x01)); // 0xD800
    expect(codes(r)).toEqual(['wbxml-bad-entity']);
    expect(r.problems[0]!.offset).toBe(0x06);
  });

  it('caps per-token warnings at 100 and counts the rest in one problem', () => {
    const r = readWbxml(bytes(HDR12, 0x6d, Array(150).fill(0x3f), 0x01));
    expect(r.problems).toHaveLength(101);
    expect(r.problems[100]).toMatchObject({
      code: 'wbxml-more-warnings',
      message: '50 more token warnings not listed',
    });
    expect(r.root!.children).toHaveLength(150);
  });

  it('never throws on random bytes after a valid header', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 2000; i++) {
      const body = Array.from({ length: 1 + (rnd() % 64) }, rnd);
      const r = readWbxml(bytes(HDR12, body));
      expect(Array.isArray(r.problems)).toBe(true);
      expect(r.problems.every((p) => p.offset !== undefined || /more token warnings/.test(p.message))).toBe(true);
    }
  });
});
