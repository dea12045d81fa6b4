/**
 * Every .wbxml of the shared AOSP corpus decodes; the known-defective ones give exactly their
 * problems (fixtures/corpus/README.md, docs/dm-facts.md §1.4, §1.10).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpus } from '../helpers.js';
import { readWbxml } from '../../src/wbxml/read.js';
import { languageByName } from '../../src/wbxml/codepages/index.js';
import { child, childElements, NS, textOf, type Element, type Opaque } from '../../src/model/tree.js';

const dir = path.join(corpus, 'aosp-omadm');
const files = ['dm11', 'dm12'].flatMap((d) =>
  readdirSync(path.join(dir, d))
    .filter((f) => f.endsWith('.wbxml'))
    .map((f) => `${d}/${f}`),
);

/** What each file must give: language (from its public id), VerDTD (from its content), problem codes. */
const expected: Record<string, { language: string; verDTD: string; problems: string[]; literal?: string }> = {
  'dm11/testadd.wbxml': { language: 'SyncML 1.1', verDTD: '1.1', problems: [] },
  'dm11/testdelete.wbxml': { language: 'SyncML 1.1', verDTD: '1.1', problems: [] },
  // Public id 0x1201 with VerDTD 1.1: a mismatch for the SyncML layer, not a codec problem.
  'dm11/testget.wbxml': { language: 'SyncML 1.2', verDTD: '1.1', problems: [] },
  'dm11/testreplace.wbxml': { language: 'SyncML 1.1', verDTD: '1.1', problems: [] },
  // Literal SyncML 1.1 FPI in a string table without its NUL, VerDTD 1.2.
  'dm12/testadd.wbxml': {
    language: 'SyncML 1.1',
    verDTD: '1.2',
    problems: ['wbxml-strtbl-unterminated'],
    literal: '-//SYNCML//DTD SyncML 1.1//EN',
  },
  'dm12/testdelete.wbxml': {
    language: 'SyncML 1.1',
    verDTD: '1.2',
    problems: ['wbxml-strtbl-unterminated'],
    literal: '-//SYNCML//DTD SyncML 1.1//EN',
  },
  'dm12/testget.wbxml': {
    language: 'SyncML 1.1',
    verDTD: '1.2',
    problems: ['wbxml-strtbl-unterminated'],
    literal: '-//SYNCML//DTD SyncML 1.1//EN',
  },
  'dm12/testreplace.wbxml': {
    language: 'SyncML 1.2',
    verDTD: '1.2',
    problems: ['wbxml-strtbl-unterminated'],
    literal: '-//SYNCML//DTD SyncML 1.2//EN',
  },
};

describe('aosp-omadm corpus (.wbxml)', () => {
  it('has an expectation for every .wbxml file in the corpus', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const f of files) {
    it(`decodes ${f}`, () => {
      const r = readWbxml(readFileSync(path.join(dir, f)));
      const e = expected[f]!;
      expect(r.problems.map((p) => p.code)).toEqual(e.problems);
      expect(r.language).toBe(e.language);
      expect(r.header?.publicIdLiteral).toBe(e.literal);
      const root = r.root!;
      expect(root.name).toBe('SyncML');
      expect(textOf(child(child(root, 'SyncHdr')!, 'VerDTD')!)).toBe(e.verDTD);
      expect(child(child(root, 'SyncBody')!, 'Final')).toBeDefined();
    });
  }

  it('reports the dm12 unterminated string table at the length field', () => {
    const r = readWbxml(readFileSync(path.join(dir, 'dm12/testget.wbxml')));
    expect(r.problems[0]).toMatchObject({ severity: 'warning', offset: 4 });
    expect(r.problems[0]!.message).toBe(
      'string table (29 bytes from offset 0x05) is not NUL-terminated; its last string read to the end of the table',
    );
  });

  it('decodes the MetInf page of dm11/testget.wbxml Cred (SWITCH_PAGE 1 inside Meta)', () => {
    const root = readWbxml(readFileSync(path.join(dir, 'dm11/testget.wbxml'))).root!;
    const meta = child(child(child(root, 'SyncHdr')!, 'Cred')!, 'Meta')!;
    expect(childElements(meta).map((e) => [e.name, e.namespace, textOf(e)])).toEqual([
      ['Format', NS.MetInf, 'b64'],
      ['Type', NS.MetInf, 'syncml:auth-basic'],
    ]);
    expect(meta.namespace).toBe(NS.SyncML12);
  });

  it('keeps the dm11/testreplace.wbxml leaf values as OPAQUE bytes with their CR LF and spaces', () => {
    const root = readWbxml(readFileSync(path.join(dir, 'dm11/testreplace.wbxml'))).root!;
    const replace = child(child(root, 'SyncBody')!, 'Replace')!;
    const items = childElements(replace, 'Item');
    const values = items.map((i) => {
      const data = child(i, 'Data')!;
      expect(data.children.map((c) => c.kind)).toEqual(['opaque']);
      return Buffer.from((data.children[0] as Opaque).bytes).toString('utf8');
    });
    expect(values[0]).toBe('\r\n     000000011234564\r\n    ');
    expect(values.map((v) => v.trim())).toContain('A780');
    expect(items.length).toBe(values.length);
  });

  it('never throws on corpus files cut at every length or with bytes flipped, and says where each problem is', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (const f of files) {
      const good = readFileSync(path.join(dir, f));
      for (let cut = 0; cut < good.length; cut += 7) {
        const r = readWbxml(good.subarray(0, cut));
        expect(r.problems.some((p) => p.severity === 'error')).toBe(true);
      }
      for (let i = 0; i < 200; i++) {
        const bad = Uint8Array.from(good);
        for (let k = 0; k < 3; k++) bad[rnd(bad.length)] = rnd(256);
        const r = readWbxml(bad);
        for (const p of r.problems) expect(p.offset !== undefined || /more token warnings/.test(p.message)).toBe(true);
      }
    }
  });

  it('gives every element a byte offset that points at its tag token', () => {
    for (const f of files) {
      const bytes = readFileSync(path.join(dir, f));
      const r = readWbxml(bytes);
      const lang = languageByName(r.language!)!;
      const walk = (e: Element): void => {
        const off = e.pos.offset!;
        // The tag byte's low 6 bits are the element's token on its namespace's page.
        expect(bytes[off]! & 0x3f, `${f} ${e.name} at ${off}`).toBe(lang.tokens.get(e.namespace)!.byName.get(e.name));
        for (const c of e.children) if (c.kind === 'element') walk(c);
      };
      walk(r.root!);
    }
  });
});
