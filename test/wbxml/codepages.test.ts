import { describe, expect, it } from 'vitest';
import {
  LANGUAGES,
  languageByFpi,
  languageByName,
  languageByPublicId,
  languageByRootNamespace,
  PUBLIC_ID,
} from '../../src/wbxml/codepages/index.js';
import { NS } from '../../src/model/tree.js';

describe('code-page registry', () => {
  it('maps every registered public id and FPI to its language', () => {
    expect(languageByPublicId(0x1201)?.name).toBe('SyncML 1.2');
    expect(languageByPublicId(0x0fd3)?.name).toBe('SyncML 1.1');
    expect(languageByPublicId(0x0fd1)?.name).toBe('SyncML 1.0');
    expect(languageByPublicId(0x1203)?.name).toBe('DevInf 1.2');
    expect(languageByPublicId(0x0fd4)?.name).toBe('DevInf 1.1');
    expect(languageByPublicId(0x1202)?.name).toBe('MetInf 1.2');
    expect(languageByPublicId(PUBLIC_ID.Unknown)).toBeUndefined();
    expect(languageByFpi('-//SYNCML//DTD SyncML 1.1//EN')?.name).toBe('SyncML 1.1');
    expect(languageByFpi('-//OMA//DTD-DM-DDF 1.2//EN')?.name).toBe('DM DDF 1.2');
    // Both spellings of the MetInf FPI (docs/dm-facts.md §1.4 [U]).
    expect(languageByFpi('-//SYNCML//DTD MetaInf 1.2//EN')?.name).toBe('MetInf 1.2');
    expect(languageByFpi('-//SYNCML//DTD MetInf 1.2//EN')?.name).toBe('MetInf 1.2');
    expect(languageByFpi('-//SYNCML//DTD SyncML 9.9//EN')).toBeUndefined();
  });

  it('gives SyncML 1.2 the SyncML, MetInf and DM DDF namespaces on pages 0, 1 and 2', () => {
    const l = languageByName('SyncML 1.2')!;
    expect(l.pageNamespace[0]).toBe(NS.SyncML12);
    expect(l.pageNamespace[1]).toBe(NS.MetInf);
    expect(l.pageNamespace[2]).toBe(NS.DMDDF12);
    expect(l.tagNames[0]![0x2d]).toBe('SyncML');
    expect(l.tagNames[0]![0x3c]).toBe('Correlator');
    expect(l.tagNames[0]![0x30]).toBeUndefined(); // reserved
    expect(l.tagNames[1]![0x16]).toBe('FieldLevel');
    expect(l.tagNames[1]![0x1a]).toBe('IDPair'); // device extension (Wireshark)
    expect(l.tagNames[2]![0x20]).toBe('MgmtTree');
  });

  it('stops the SyncML 1.1 page 0 at 0x34 MoreData and 1.0 at 0x32 VerProto', () => {
    const t11 = languageByName('SyncML 1.1')!.tagNames[0]!;
    expect(t11[0x34]).toBe('MoreData');
    expect(t11[0x35]).toBeUndefined();
    expect(languageByName('SyncML 1.1')!.tagNames[1]![0x16]).toBeUndefined(); // FieldLevel is 1.2
    const t10 = languageByName('SyncML 1.0')!.tagNames[0]!;
    expect(t10[0x32]).toBe('VerProto');
    expect(t10[0x33]).toBeUndefined();
  });

  it('renames DevInf 0x1C: Size in 1.1, MaxSize in 1.2', () => {
    expect(languageByName('DevInf 1.1')!.tagNames[0]![0x1c]).toBe('Size');
    expect(languageByName('DevInf 1.2')!.tagNames[0]![0x1c]).toBe('MaxSize');
    expect(languageByName('DevInf 1.2')!.tagNames[0]![0x2f]).toBeUndefined();
  });

  it('derives reverse maps that invert every table row, with no duplicate token or name on a page', () => {
    for (const lang of LANGUAGES) {
      for (const [key, page] of Object.entries(lang.pages)) {
        const idx = Number(key);
        const tokens = new Set(page.tags.map(([t]) => t));
        const names = new Set(page.tags.map(([, n]) => n));
        expect(tokens.size, `${lang.name} page ${idx} tokens`).toBe(page.tags.length);
        expect(names.size, `${lang.name} page ${idx} names`).toBe(page.tags.length);
        const rev = lang.tokens.get(page.namespace)!;
        expect(rev.page).toBe(idx);
        for (const [token, name] of page.tags) {
          expect(token).toBeGreaterThanOrEqual(0x05);
          expect(token).toBeLessThanOrEqual(0x3f);
          expect(rev.byName.get(name)).toBe(token);
          expect(lang.tagNames[idx]![token]).toBe(name);
        }
      }
    }
  });

  it('finds the writer language from the root namespace, SyncML case-insensitively', () => {
    expect(languageByRootNamespace('SYNCML:SYNCML1.2')?.name).toBe('SyncML 1.2');
    expect(languageByRootNamespace('syncml:syncml1.1')?.name).toBe('SyncML 1.1');
    expect(languageByRootNamespace('syncml:devinf')?.name).toBe('DevInf 1.2');
    expect(languageByRootNamespace('syncml:dmddf1.2')?.name).toBe('DM DDF 1.2');
    expect(languageByRootNamespace('urn:other')).toBeUndefined();
  });
});
