/** Writer tests: exact bytes for small trees (commented field by field), and read ∘ write round trips. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus } from '../helpers.js';
import { readWbxml } from '../../src/wbxml/read.js';
import { writeWbxml } from '../../src/wbxml/write.js';
import { element, NS, text, type Element, type Opaque } from '../../src/model/tree.js';
import { bytes, raw, shape, str } from './bytes.js';
import { canon } from './canon.js';

const S = (name: string, children: (Element | ReturnType<typeof text> | Opaque)[] = []): Element =>
  element(name, NS.SyncML12, children);
const M = (name: string, value: string): Element => element(name, NS.MetInf, [text(value)]);

describe('writeWbxml: bytes', () => {
  it('writes a SyncML 1.2 header (public id 0x1201, UTF-8, empty string table) and tag tokens', () => {
    const out = writeWbxml(S('SyncML', [S('SyncHdr', [S('VerDTD', [text('1.2')])]), S('SyncBody', [S('Final')])]));
    expect(out).toEqual(
      bytes(
        0x02, //       WBXML 1.2
        0xa4,
        0x01, // public id 0x1201
        0x6a, //       UTF-8
        0x00, //       string table length 0
        0x6d, //       SyncML with content
        0x6c, //       SyncHdr
        0x71,
        0x03,
        str('1.2'),
        0x01, // VerDTD STR_I "1.2" END
        0x01, //       END SyncHdr
        0x6b,
        0x12,
        0x01, // SyncBody, Final (empty), END
        0x01, //       END SyncML
      ),
    );
  });

  it('uses the SyncML 1.1 public id 0x0FD3 when the root namespace says 1.1', () => {
    const out = writeWbxml(element('SyncML', NS.SyncML11));
    expect(out).toEqual(bytes(0x02, 0x9f, 0x53, 0x6a, 0x00, 0x2d));
  });

  it('switches to page 1 for MetInf children and back to 0 only before the next page-0 tag (docs/dm-facts.md §1.9 bytes)', () => {
    const cred = S('Cred', [S('Meta', [M('Format', 'b64'), M('Type', 'syncml:auth-basic')]), S('Data', [text('x')])]);
    expect(writeWbxml(cred)).toEqual(
      bytes(
        0x02,
        0xa4,
        0x01,
        0x6a,
        0x00,
        0x4e, //                 Cred
        0x5a, //                 Meta
        0x00,
        0x01, //           SWITCH_PAGE 1
        0x47,
        0x03,
        str('b64'),
        0x01, //               Format
        0x53,
        0x03,
        str('syncml:auth-basic'),
        0x01, // Type
        0x01, //                 END Meta (page 1 still current)
        0x00,
        0x00, //           SWITCH_PAGE 0
        0x4f,
        0x03,
        str('x'),
        0x01, // Data
        0x01, //                 END Cred
      ),
    );
  });

  it('writes a standalone DM DDF document exactly as xml2wbxml -v 1.2 does (literal FPI, SWITCH_PAGE 2)', () => {
    const D = (name: string, children: (Element | ReturnType<typeof text>)[] = []): Element =>
      element(name, NS.DMDDF12, children);
    const tree = D('MgmtTree', [D('VerDTD', [text('1.2')]), D('Node', [D('NodeName', [text('a')])])]);
    const fpi = '-//OMA//DTD-DM-DDF 1.2//EN';
    // Bytes of `xml2wbxml -v 1.2` for <MgmtTree><VerDTD>1.2</VerDTD><Node><NodeName>a</NodeName></Node></MgmtTree>
    // with the DM DDF 1.2 DOCTYPE (run on this machine, libwbxml 0.11.8).
    expect(writeWbxml(tree)).toEqual(
      bytes(
        0x02,
        0x00,
        0x00,
        0x6a, // WBXML 1.2, literal public id at index 0, UTF-8
        0x1b,
        str(fpi), //        string table: the FPI
        0x00,
        0x02, //            SWITCH_PAGE 2
        0x60,
        0x77,
        0x03,
        str('1.2'),
        0x01,
        0x64,
        0x66,
        0x03,
        str('a'),
        0x01,
        0x01,
        0x01,
      ),
    );
  });

  it('writes names no code page has as LITERAL via the string table, attributes as LITERAL + STR_I', () => {
    const el = S('SyncML', [S('Foo')]);
    el.children.push({ ...S('Bar', [text('v')]), attributes: { a: 'b' } });
    const out = writeWbxml(el);
    expect(out).toEqual(
      bytes(
        0x02,
        0xa4,
        0x01,
        0x6a,
        0x0a,
        str('Foo'),
        str('Bar'),
        str('a'), // string table (10 bytes)
        0x6d, //                 SyncML
        0x04,
        0x00, //           LITERAL index 0 (Foo), empty
        0xc4,
        0x04, //           LITERAL_AC index 4 (Bar)
        0x04,
        0x08,
        0x03,
        str('b'),
        0x01, // attribute a="b", END of attributes
        0x03,
        str('v'),
        0x01, // content, END Bar
        0x01, //                 END SyncML
      ),
    );
    expect(shape(readWbxml(out).root)).toBe('SyncML(Foo,Bar[a=b]("v"))');
  });

  it('writes the device-specific MetInf extensions on page 1 (as the reader reads them)', () => {
    const meta = S(
      'Meta',
      ['FP', 'ID', 'IDContainer', 'IDPair'].map((n) => element(n, NS.MetInf)),
    );
    const out = writeWbxml(meta);
    expect(out).toEqual(bytes(0x02, 0xa4, 0x01, 0x6a, 0x00, 0x5a, 0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x01));
    expect(shape(readWbxml(out).root)).toBe('Meta(FP,ID,IDContainer,IDPair)');
  });

  it('writes repeated strings as STR_T when the string table is on', () => {
    const tree = S('Item', [
      S('Target', [S('LocURI', [text('./DevInfo/Man')])]),
      S('Source', [S('LocURI', [text('./DevInfo/Man')])]),
    ]);
    const out = writeWbxml(tree, { stringTable: true });
    expect(out).toEqual(
      bytes(
        0x02,
        0xa4,
        0x01,
        0x6a,
        0x0e,
        str('./DevInfo/Man'), // string table: 14 bytes
        0x54,
        0x6e,
        0x57,
        0x83,
        0x00,
        0x01,
        0x01, // Item, Target, LocURI STR_T 0, END, END
        0x67,
        0x57,
        0x83,
        0x00,
        0x01,
        0x01, //       Source, LocURI STR_T 0, END, END
        0x01,
      ),
    );
    expect(shape(readWbxml(out).root)).toBe(shape(tree));
  });

  it('drops indentation between elements (as xml2wbxml does without -k) unless keepWhitespace is set', () => {
    const tree = S('Item', [text('\n  '), S('Data', [text(' ')]), text('\n')]);
    // The blank Data content is the element's only content: always kept.
    expect(writeWbxml(tree)).toEqual(bytes(0x02, 0xa4, 0x01, 0x6a, 0x00, 0x54, 0x4f, 0x03, str(' '), 0x01, 0x01));
    expect(writeWbxml(tree, { keepWhitespace: true })).toEqual(
      bytes(0x02, 0xa4, 0x01, 0x6a, 0x00, 0x54, 0x03, str('\n  '), 0x4f, 0x03, str(' '), 0x01, 0x03, str('\n'), 0x01),
    );
  });

  it('writes Data text as OPAQUE when asked', () => {
    const out = writeWbxml(S('Data', [text('héllo')]), { opaqueData: true });
    expect(out).toEqual(bytes(0x02, 0xa4, 0x01, 0x6a, 0x00, 0x4f, 0xc3, 0x06, raw('héllo'), 0x01));
  });

  it('writes U+0000 in text as ENTITY 0 (STR_I cannot hold it)', () => {
    const out = writeWbxml(S('Data', [text('a\u0000b')]));
    expect(out).toEqual(bytes(0x02, 0xa4, 0x01, 0x6a, 0x00, 0x4f, 0x03, str('a'), 0x02, 0x00, 0x03, str('b'), 0x01));
    expect(shape(readWbxml(out).root)).toBe('Data("a\\u0000b")');
  });

  it('writes a WBXML 1.0 header without charset, and a public id that is asked for', () => {
    expect(writeWbxml(S('SyncML'), { version: 0x00 })).toEqual(bytes(0x00, 0xa4, 0x01, 0x00, 0x2d));
    expect(writeWbxml(S('SyncML'), { publicId: 0x0fd3 })).toEqual(bytes(0x02, 0x9f, 0x53, 0x6a, 0x00, 0x2d));
  });

  it("writes Tag_0xNN (the reader's name for an unknown token) back as that token", () => {
    const r = readWbxml(bytes(0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x3f, 0x12, 0x01));
    expect(shape(r.root)).toBe('SyncML(Tag_0x3F,Final)');
    expect(writeWbxml(r.root!)).toEqual(bytes(0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x3f, 0x12, 0x01));
  });

  it('resolves elements without a namespace by name (tree built by hand)', () => {
    const tree = element('Meta', '', [element('MaxMsgSize', '', [text('1')])]);
    expect(writeWbxml(tree)).toEqual(
      bytes(0x02, 0xa4, 0x01, 0x6a, 0x00, 0x5a, 0x00, 0x01, 0x4c, 0x03, str('1'), 0x01, 0x01),
    );
  });

  it('re-encodes an embedded document as nested WBXML and rewrites Type +xml to +wbxml', () => {
    const devinf = element('DevInf', NS.DevInf, [element('Man', NS.DevInf, [text('x')])]);
    const item = S('Item', [S('Meta', [M('Type', 'application/vnd.syncml-devinf+xml')]), S('Data', [devinf])]);
    const out = writeWbxml(item);
    const nested = [0x02, 0xa4, 0x03, 0x6a, 0x00, 0x4a, 0x51, 0x03, ...str('x'), 0x01, 0x01];
    expect(out).toEqual(
      bytes(
        0x02,
        0xa4,
        0x01,
        0x6a,
        0x00,
        0x54,
        0x5a,
        0x00,
        0x01, // Item, Meta, SWITCH_PAGE 1
        0x53,
        0x03,
        str('application/vnd.syncml-devinf+wbxml'),
        0x01,
        0x01, // Type (rewritten), END Meta
        0x00,
        0x00,
        0x4f, //     SWITCH_PAGE 0, Data
        0xc3,
        nested.length,
        nested, // OPAQUE: DevInf 1.2 document
        0x01,
        0x01,
      ),
    );
    // Read back: the Opaque carries the decoded document; writing that tree again gives the same bytes.
    const back = readWbxml(out);
    expect(back.problems).toEqual([]);
    expect(shape(back.root)).toBe(
      'Item(Meta(Type("application/vnd.syncml-devinf+wbxml")),Data(opaque{DevInf(Man("x"))}))',
    );
    expect(writeWbxml(back.root!)).toEqual(out);
  });
});

describe('writeWbxml ∘ readWbxml round trip on the corpus', () => {
  const dir = path.join(corpus, 'aosp-omadm');
  const files = ['dm11', 'dm12'].flatMap((d) =>
    readdirSync(path.join(dir, d))
      .filter((f) => f.endsWith('.wbxml'))
      .map((f) => `${d}/${f}`),
  );
  for (const f of files) {
    it(`${f}: same tree after write and read, with and without string table and OPAQUE Data`, () => {
      const first = readWbxml(readFileSync(path.join(dir, f))).root!;
      for (const opts of [{}, { stringTable: true }, { opaqueData: true }]) {
        const again = readWbxml(writeWbxml(first, opts));
        expect(again.problems).toEqual([]);
        expect(canon(again.root!)).toBe(canon(first));
      }
      // OPAQUE values (dm11/testreplace) stay OPAQUE with the same bytes.
      expect(shape(readWbxml(writeWbxml(first)).root)).toBe(shape(first));
    });
  }
});
