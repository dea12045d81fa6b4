/**
 * The tables of docs/dm-facts.md and the code's tables say the same: WBXML tokens (§1.5–§1.8),
 * public ids and FPIs (§1.4), content models (§3.1), alert codes (§4), status codes (§5). A fact
 * changed on one side only fails here.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGE_DEFS } from '../../src/wbxml/codepages/index.js';
import {
  METINF11_PAGE1,
  METINF12_PAGE1,
  SYNCML10_PAGE0,
  SYNCML11_PAGE0,
  SYNCML12_PAGE0,
} from '../../src/wbxml/codepages/syncml.js';
import { DMDDF12_PAGE } from '../../src/wbxml/codepages/dmddf.js';
import { DEVINF12_PAGE0 } from '../../src/wbxml/codepages/devinf.js';
import { CONTENT_MODELS } from '../../src/syncml/model.js';
import { ALERT_CODES, STATUS_CODES } from '../../src/syncml/codes.js';
import { readDoc, section, tableRows } from './markdown.js';

const facts = readDoc('dm-facts.md');

type Pair = [number, string];
const pairs = (rows: readonly (readonly [number, string])[]): Pair[] =>
  rows.map(([t, n]) => [t, n] as Pair).sort((a, b) => a[0] - b[0]);

/** Rows of a token table (`| 0x05 | Add | 1.0 |`): token, tag, the other cells. */
function tokenRows(num: string): Array<{ token: number; tag: string; rest: string[] }> {
  return tableRows(section(facts, num))
    .filter((r) => /^0x[0-9A-F]{2}$/.test(r[0] ?? ''))
    .map((r) => ({ token: parseInt(r[0]!, 16), tag: r[1]!, rest: r.slice(2) }));
}

/** The `Tokens:` paragraph of a section (`0x05 AccessType, 0x06 ACL, …`). */
function tokenList(num: string): Pair[] {
  const text = section(facts, num);
  const start = text.indexOf('Tokens:');
  if (start < 0) throw new Error(`§${num} has no Tokens: paragraph`);
  const end = text.indexOf('\n\n', start);
  const para = text.slice(start, end < 0 ? undefined : end);
  return [...para.matchAll(/0x([0-9A-F]{2})\s+([A-Za-z][\w-]*)/g)].map((m) => [parseInt(m[1]!, 16), m[2]!] as Pair);
}

describe('the tables of dm-facts.md against the code', () => {
  it('§1.5: SyncML page 0, with the version each token appeared in', () => {
    const rows = tokenRows('1.5');
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.map((r) => [r.token, r.tag])).toEqual(pairs(SYNCML12_PAGE0));
    const upTo = (v: string[]) => rows.filter((r) => v.includes(r.rest[0]!)).map((r) => [r.token, r.tag]);
    expect(upTo(['1.0'])).toEqual(pairs(SYNCML10_PAGE0));
    expect(upTo(['1.0', '1.1'])).toEqual(pairs(SYNCML11_PAGE0));
  });

  it('§1.6: MetInf page 1, FieldLevel only in 1.2', () => {
    const rows = tokenRows('1.6');
    expect(rows.map((r) => [r.token, r.tag])).toEqual(pairs(METINF12_PAGE1));
    const v11 = rows.filter((r) => !/1\.2 only/.test(r.rest[0] ?? '')).map((r) => [r.token, r.tag]);
    expect(v11).toEqual(pairs(METINF11_PAGE1));
  });

  it('§1.7 and §1.8: DM DDF 1.2 and DevInf 1.2', () => {
    expect(tokenList('1.7')).toEqual(pairs(DMDDF12_PAGE));
    expect(tokenList('1.8')).toEqual(pairs(DEVINF12_PAGE0));
  });

  it('§1.4: every language the codec knows, with its public id and FPIs', () => {
    const rows = tableRows(section(facts, '1.4')).slice(2);
    expect(rows.map((r) => r[0])).toEqual(LANGUAGE_DEFS.map((l) => l.name));
    for (const l of LANGUAGE_DEFS) {
      const row = rows.find((r) => r[0] === l.name)!;
      const id = l.publicId === 0 ? 'none' : `0x${l.publicId.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(row[1], l.name).toBe(id);
      for (const fpi of l.fpis) expect(row[2], l.name).toContain(`\`${fpi}\``);
    }
  });

  it('§3.1: the children of each element come in the order of the code’s content models', () => {
    const rows = tableRows(section(facts, '3.1')).slice(2);
    expect(rows.length).toBeGreaterThan(8);
    for (const [names, children] of rows) {
      const listed = children!
        .replace(/\(.*?\)/g, '')
        .replace(/then commands/, '')
        .split(',')
        .map((c) => c.trim().replace(/[?*+]$/, ''))
        .filter(Boolean);
      for (const name of names!.split(',').map((n) => n.trim())) {
        const model = (CONTENT_MODELS as Record<string, Record<string, string>>)[name];
        expect(model, name).toBeDefined();
        const keys = Object.keys(model!);
        const positions = listed.map((c) => keys.indexOf(c));
        expect(positions, `${name}: ${listed.join(', ')} vs ${keys.join(', ')}`).not.toContain(-1);
        expect(positions, name).toEqual([...positions].sort((a, b) => a - b));
      }
    }
  });

  it('§4: the alert codes, names and senders of src/syncml/codes.ts', () => {
    const rows = tableRows(section(facts, '4')).filter((r) => /^\d{4}$/.test(r[0] ?? ''));
    expect(rows.map((r) => [Number(r[0]), r[1], r[2]])).toEqual(ALERT_CODES.map((a) => [a.code, a.name, a.direction]));
  });

  it('§5: the status codes and names of src/syncml/codes.ts', () => {
    const rows = tableRows(section(facts, '5')).filter((r) => /^\d{3}$/.test(r[0] ?? ''));
    expect(rows.map((r) => [Number(r[0]), r[1]])).toEqual(STATUS_CODES.map((s) => [s.code, s.name]));
  });
});
