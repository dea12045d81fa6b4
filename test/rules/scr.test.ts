import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  evaluateScr,
  exprToString,
  itemsOf,
  parseRequirement,
  ScrCollector,
  ScrExpressionError,
  scrExitCode,
  type Truth,
} from '../../src/rules/scr.js';
import { scrClientItems, scrItems, scrServerItems, scrSource } from '../../src/rules/scr-data.js';
import { observations } from '../../src/rules/scr-observations.js';
import type { Finding } from '../../src/rules/types.js';
import { fixtures } from '../helpers.js';
import { buildSession, libdmclientInput } from './tester.js';

describe('SCR tables (src/rules/scr-data.ts)', () => {
  const spec = path.join(fixtures, 'spec', 'scr-dm-protocol-1.2.json');
  it('is the same data as fixtures/spec/scr-dm-protocol-1.2.json', () => {
    const json = JSON.parse(readFileSync(spec, 'utf8')) as { source: string; client: unknown[]; server: unknown[] };
    expect(scrSource).toBe(json.source);
    expect(scrClientItems).toEqual(json.client);
    expect(scrServerItems).toEqual(json.server);
  });
  it('has unique ids and every requirement parses into known items (SCR-DM-NOTI-S-001 is in another SCR)', () => {
    expect(scrItems.size).toBe(scrClientItems.length + scrServerItems.length);
    for (const item of scrItems.values()) {
      const e = parseRequirement(item.requirement);
      if (item.requirement.trim() === '') expect(e).toBeUndefined();
      for (const id of e ? itemsOf(e) : [])
        expect(scrItems.has(id) || id === 'SCR-DM-NOTI-S-001', `${item.id} names ${id}`).toBe(true);
    }
  });
  it('observations name only items of the tables, each at most once', () => {
    const ids = observations.map((o) => o.item);
    for (const id of ids) expect(scrItems.has(id), id).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('parseRequirement', () => {
  it('gives AND precedence over OR and honours parentheses', () => {
    expect(parseRequirement('A OR B AND C')).toEqual({
      kind: 'or',
      operands: [
        { kind: 'item', id: 'A' },
        {
          kind: 'and',
          operands: [
            { kind: 'item', id: 'B' },
            { kind: 'item', id: 'C' },
          ],
        },
      ],
    });
    expect(parseRequirement('(A OR B) AND C')).toEqual({
      kind: 'and',
      operands: [
        {
          kind: 'or',
          operands: [
            { kind: 'item', id: 'A' },
            { kind: 'item', id: 'B' },
          ],
        },
        { kind: 'item', id: 'C' },
      ],
    });
  });
  it('flattens chains, reads keywords in any case, and writes the expression back', () => {
    const src = scrItems.get('DM-PRO-C-007')!.requirement;
    const e = parseRequirement(src)!;
    expect(exprToString(e)).toBe(src);
    expect(itemsOf(e)).toHaveLength(6);
    expect(exprToString(parseRequirement('a and (b or c) or d')!)).toBe('a AND (b OR c) OR d');
    expect(parseRequirement('  ')).toBeUndefined();
  });
  it('refuses malformed expressions, saying where', () => {
    for (const [src, msg] of [
      ['A AND', /expected an item id or \( at end/],
      ['(A OR B', /expected \) at end/],
      ['A B', /unexpected at 2 \('B'\)/],
      ['A & B', /unexpected character "&" at 2/],
      ['AND A', /expected an item id or \( at 0 \('AND'\)/],
      [')', /at 0/],
    ] as const) {
      expect(() => parseRequirement(src), src).toThrow(ScrExpressionError);
      expect(() => parseRequirement(src), src).toThrow(msg);
    }
  });
});

describe('evaluate (Kleene logic)', () => {
  const v = (t: Record<string, Truth>) => (id: string) => t[id];
  it('AND is false with any false, unknown with an unknown and no false', () => {
    const e = parseRequirement('A AND B')!;
    expect(evaluate(e, v({ A: true, B: true }))).toBe(true);
    expect(evaluate(e, v({ A: false, B: undefined }))).toBe(false);
    expect(evaluate(e, v({ A: true, B: undefined }))).toBeUndefined();
  });
  it('OR is true with any true, unknown with an unknown and no true', () => {
    const e = parseRequirement('A OR B')!;
    expect(evaluate(e, v({ A: undefined, B: true }))).toBe(true);
    expect(evaluate(e, v({ A: false, B: undefined }))).toBeUndefined();
    expect(evaluate(e, v({ A: false, B: false }))).toBe(false);
  });
});

const finding = (scr: string[], severity: Finding['severity'], messageIndex: number, rule = 'test-rule'): Finding => ({
  rule,
  severity,
  section: '8',
  scr,
  side: 'client',
  session: 'DMCtest/1',
  message: `${rule} fired`,
  messageId: 'fired',
  data: {},
  location: { input: 'x.pcapng', frame: 8, messageIndex },
});

describe('SCR verdicts', () => {
  const session = buildSession(libdmclientInput());

  it('on the real libdmclient session: what it exercised passed, what it did not is not exercised', () => {
    const r = evaluateScr([{ session, findings: [] }]);
    const verdict = (id: string) => r.items.find((i) => i.id === id)!.verdict;
    // Package 1 with Alert 1201, Package 2 with Get/Replace, Package 3 answering them, credentials both ways.
    for (const id of [
      'DM-PRO-C-001',
      'DM-PRO-Session-C-002',
      'DM-PRO-Session-C-004',
      'DM-PRO-Session-C-005',
      'DM-PRO-C-005',
      'DM-PRO-C-006',
      'DM-PRO-C-008',
      'DM-PRO-S-001',
      'DM-PRO-S-006',
      'DM-PRO-S-008',
      'DM-PRO-S-010',
      'DM-PRO-Session-S-002',
    ]) {
      expect([id, verdict(id)]).toEqual([id, 'passed']);
    }
    for (const id of [
      'DM-PRO-Session-C-003',
      'DM-PRO-C-004',
      'DM-PRO-Abort-C-001',
      'DM-PRO-UI-S-001',
      'DM-PRO-GAlert-C-005',
      'DM-PRO-Mul-S-001',
    ]) {
      expect([id, verdict(id)]).toEqual([id, 'not-exercised']);
    }
    // Session-C-002 requires Session-C-003 OR Session-C-004: the 1201 satisfies it.
    const c002 = r.items.find((i) => i.id === 'DM-PRO-Session-C-002')!;
    expect([c002.requirementResult, c002.requirementDetail]).toEqual(['satisfied', 'DM-PRO-Session-C-004 passed']);
    const e = r.items.find((i) => i.id === 'DM-PRO-Session-C-004')!.evidence[0]!;
    expect(e).toMatchObject({ session: 'DMCtest/1', messageIndex: 0, frame: 4, note: 'client sent Alert 1201' });
    expect(r.summary.client!.failed).toBe(0);
    expect(scrExitCode(r)).toBe(0);
  });

  it('an error-level finding on a mandatory item fails it (exit 1); a warning does not', () => {
    const failed = evaluateScr([{ session, findings: [finding(['DM-PRO-C-008'], 'error', 2)] }]);
    const c008 = failed.items.find((i) => i.id === 'DM-PRO-C-008')!;
    expect(c008.verdict).toBe('failed');
    expect(c008.failures).toEqual([
      {
        session: 'DMCtest/1',
        messageIndex: 2,
        input: 'x.pcapng',
        frame: 8,
        note: 'test-rule fired',
        rule: 'test-rule',
        severity: 'error',
      },
    ]);
    expect(failed.summary.client!.mandatoryFailed).toBe(1);
    expect(scrExitCode(failed)).toBe(1);
    const warned = evaluateScr([{ session, findings: [finding(['DM-PRO-C-008'], 'warning', 2)] }]);
    expect(warned.items.find((i) => i.id === 'DM-PRO-C-008')!.verdict).toBe('passed');
    expect(scrExitCode(warned)).toBe(0);
  });

  it('a failed optional item does not change the exit code', () => {
    const r = evaluateScr([{ session, findings: [finding(['DM-PRO-C-010'], 'error', 0)] }]);
    expect(r.items.find((i) => i.id === 'DM-PRO-C-010')!.verdict).toBe('failed');
    expect(scrExitCode(r)).toBe(0);
  });

  it('a client seen chunking must satisfy the LO-C items DM-PRO-C-004 names', () => {
    // The client's Package 3 sends Results in two chunks (MoreData on the first).
    const input = libdmclientInput().slice(0, 2);
    const chunk = (more: boolean, msgID: string) =>
      `<SyncML ` +
      `xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>${msgID}` +
      `</MsgID><Target><LocURI>http://127.0.0.1:8080/funambol/dm</LocURI></Target><Source>` +
      `<LocURI>DMCtest</LocURI></Source></SyncHdr><SyncBody><Results><CmdID>2</CmdID><MsgRef>` +
      `1</MsgRef><CmdRef>4</CmdRef><Item><Source><LocURI>./DevInfo/Mod</LocURI></Source>` +
      `${more ? '<Meta><Size xmlns="syncml:metinf">8</Size></Meta>' : ''}` +
      `<Data>test</Data>${more ? '<MoreData/>' : ''}</Item></Results>${more ? '' : '<Final/>'}` +
      `</SyncBody></SyncML>`;
    const s = buildSession([...input, { xml: chunk(true, '2'), direction: 'client' }]);
    const ok = evaluateScr([{ session: s, findings: [] }]);
    const c004 = ok.items.find((i) => i.id === 'DM-PRO-C-004')!;
    expect(c004.verdict).toBe('passed');
    expect(c004.requirementResult).toBe('undetermined'); // e.g. LrgObj in DevDetail was never shown
    expect(c004.requirementDetail).toContain('DM-PRO-LO-C-004 not exercised');
    const bad = evaluateScr([{ session: s, findings: [finding(['DM-PRO-LO-C-003'], 'error', 2)] }]);
    const c004bad = bad.items.find((i) => i.id === 'DM-PRO-C-004')!;
    expect([c004bad.verdict, c004bad.requirementResult, c004bad.requirementDetail]).toEqual([
      'failed',
      'violated',
      'DM-PRO-LO-C-003 failed',
    ]);
    // Optional item: the exit code stays 0.
    expect(scrExitCode(bad)).toBe(0);
  });

  it('--side keeps one table; evidence is bounded while counts keep growing', () => {
    const c = new ScrCollector();
    for (let i = 0; i < 8; i++) c.add(session, [finding(['DM-PRO-S-008'], 'error', 1)]);
    const r = c.report('server');
    expect(r.items.every((i) => i.side === 'server')).toBe(true);
    expect(r.items).toHaveLength(scrServerItems.length);
    expect(r.summary.client).toBeUndefined();
    const s008 = r.items.find((i) => i.id === 'DM-PRO-S-008')!;
    expect([s008.errorCount, s008.failures.length, s008.exercisedSessions]).toEqual([8, 5, 8]);
    expect(r.sessions).toBe(8);
  });
});
