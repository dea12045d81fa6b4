import { describe, expect, it } from 'vitest';
import { lintSession, lintStream, lintExitCode, syncmlDecode, type RuleCrash } from '../../src/rules/engine.js';
import { rules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/types.js';
import type { Session } from '../../src/session/types.js';
import { newSummary } from '../../src/model/exchange.js';
import { buildSession, checkRuleMeta, libdmclientInput } from './tester.js';

/** Test rules: report what they are told, so the engine's bookkeeping is what is under test. */
function fakeRule(over: Partial<Rule> & Pick<Rule, 'id'>): Rule {
  return {
    section: '8.5',
    scr: ['DM-PRO-C-008'],
    side: 'client',
    severity: 'error',
    description: 'test rule',
    explanation: 'a rule used by the engine tests to report fixed findings',
    messages: { text: '{{text}}' },
    check() {},
    ...over,
  };
}

/** Reports on every message whose direction matches, with the path of its first command. */
const perMessage = fakeRule({
  id: 'per-message',
  side: 'both',
  check(ctx) {
    for (const m of ctx.session.messages) {
      const first = m.message.syncml?.body[0];
      ctx.report({
        messageId: 'text',
        data: { text: `message ${m.index} starts with ${first?.name}` },
        messageIndex: m.index,
        ...(first ? { path: first.path } : {}),
      });
    }
  },
});

describe('registry', () => {
  it('has unique ids', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('every rule declares itself fully (kebab-case id, section, known SCR items, one-line description)', () => {
    for (const r of rules) expect([r.id, checkRuleMeta(r)]).toEqual([r.id, []]);
  });
  it('includes the built-in decode rule', () => {
    expect(rules.map((r) => r.id)).toContain('syncml-decode');
  });
});

describe('lintSession', () => {
  const session = buildSession(libdmclientInput());

  it('fills in rule, section, scr, side, severity, session and location from the message origin', () => {
    const findings = lintSession(session, { rules: [perMessage] });
    expect(findings).toHaveLength(4);
    expect(findings[1]).toEqual({
      rule: 'per-message',
      severity: 'error',
      section: '8.5',
      scr: ['DM-PRO-C-008'],
      side: 'server',
      session: 'DMCtest/1',
      message: 'message 1 starts with Status',
      messageId: 'text',
      data: { text: 'message 1 starts with Status' },
      location: {
        input: 'fixtures/lint/libdmclient-xml-auth.pcapng',
        frame: 6,
        offset: 3792,
        messageIndex: 1,
        path: 'SyncBody/Status[CmdID=1]',
      },
    });
    // side of a `both` rule comes from the message's direction
    expect(findings.map((f) => f.side)).toEqual(['client', 'server', 'client', 'server']);
    expect(findings[0]!.location.path).toBe('SyncBody/Alert[CmdID=1]');
  });

  it('lets a report override side, severity and SCR items', () => {
    const r = fakeRule({
      id: 'override',
      check(ctx) {
        ctx.report({
          messageId: 'text',
          data: { text: 'a' },
          messageIndex: 0,
          side: 'server',
          severity: 'warning',
          scr: ['DM-PRO-S-008'],
        });
        ctx.report({ messageId: 'text', data: { text: 'b' } });
      },
    });
    const [b, a] = lintSession(session, { rules: [r] }); // the session-level report sorts first
    expect([a!.side, a!.severity, a!.scr]).toEqual(['server', 'warning', ['DM-PRO-S-008']]);
    // a session-level report: the rule's defaults, the session's first input, no message index
    expect([b!.side, b!.severity, b!.scr, b!.location]).toEqual([
      'client',
      'error',
      ['DM-PRO-C-008'],
      { input: 'fixtures/lint/libdmclient-xml-auth.pcapng' },
    ]);
  });

  it('orders findings by message index, session-level first, then in rule order', () => {
    const late = fakeRule({
      id: 'late',
      check: (ctx) => ctx.report({ messageId: 'text', data: { text: 'late' }, messageIndex: 3 }),
    });
    const early = fakeRule({
      id: 'early',
      check: (ctx) => {
        ctx.report({ messageId: 'text', data: { text: 'early-1' }, messageIndex: 1 });
        ctx.report({ messageId: 'text', data: { text: 'whole' } });
      },
    });
    expect(lintSession(session, { rules: [late, early] }).map((f) => f.message)).toEqual(['whole', 'early-1', 'late']);
  });

  it('applies the configuration: off skips the rule, warn/error force the severity of every finding', () => {
    const mixed = fakeRule({
      id: 'mixed',
      check: (ctx) => {
        ctx.report({ messageId: 'text', data: { text: 'e' } });
        ctx.report({ messageId: 'text', data: { text: 'w' }, severity: 'warning' });
      },
    });
    expect(lintSession(session, { rules: [mixed], config: { rules: { mixed: 'off' } } })).toEqual([]);
    expect(
      lintSession(session, { rules: [mixed], config: { rules: { mixed: 'warn' } } }).map((f) => f.severity),
    ).toEqual(['warning', 'warning']);
    expect(
      lintSession(session, { rules: [mixed], config: { rules: { mixed: 'error' } } }).map((f) => f.severity),
    ).toEqual(['error', 'error']);
    expect(lintSession(session, { rules: [mixed], config: { rules: {} } }).map((f) => f.severity)).toEqual([
      'error',
      'warning',
    ]);
  });

  it('passes credentials to rules', () => {
    let seen: unknown;
    const r = fakeRule({ id: 'creds', check: (ctx) => void (seen = ctx.credentials) });
    lintSession(session, { rules: [r], credentials: { devices: {} } });
    expect(seen).toEqual({ devices: {} });
  });

  it('reports a rule that throws through onCrash and keeps running the others', () => {
    const crashes: RuleCrash[] = [];
    const boom = fakeRule({
      id: 'boom',
      check: () => {
        throw new Error('kaput');
      },
    });
    const findings = lintSession(session, { rules: [boom, perMessage], onCrash: (c) => crashes.push(c) });
    expect(crashes).toEqual([{ rule: 'boom', session: 'DMCtest/1', error: 'kaput' }]);
    expect(findings).toHaveLength(4);
  });
});

describe('syncml-decode (built-in)', () => {
  it("reports the real client's Package 3 (whitespace before the XML declaration) at that message", () => {
    const findings = lintSession(buildSession(libdmclientInput()), { rules: [syncmlDecode] });
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.rule).toBe('syncml-decode');
      expect(f.side).toBe('client');
      expect(f.location.messageIndex).toBe(2);
      expect(f.location.frame).toBe(8);
      expect(f.scr).toEqual(['DM-PRO-C-009']);
    }
  });

  it('gives a line in the input for a message read from a log (origin line + line in the message - 1)', () => {
    const broken = '<SyncML xmlns="SYNCML:SYNCML1.2">\n<SyncHdr>\n</SyncBody>\n</SyncML>';
    const s = buildSession([{ xml: broken, direction: 'server', origin: { input: 'dm.log', line: 40 } }]);
    const [f] = lintSession(s, { rules: [syncmlDecode] });
    expect(f!.location.line).toBe(42);
    expect(f!.side).toBe('server');
    expect(f!.scr).toEqual([]);
    expect(f!.message).toContain('line 3');
  });

  it('is silent on messages that decode cleanly', () => {
    const s = buildSession(libdmclientInput().filter((_, i) => i !== 2));
    expect(lintSession(s, { rules: [syncmlDecode] })).toEqual([]);
  });
});

describe('lintStream', () => {
  async function* gen(sessions: Session[]) {
    for (const s of sessions) yield s;
  }
  const warnOnServer = fakeRule({
    id: 'warn-server',
    side: 'server',
    severity: 'warning',
    check: (ctx) => ctx.report({ messageId: 'text', data: { text: 'w' }, messageIndex: 1 }),
  });
  const errOnClient = fakeRule({
    id: 'err-client',
    check: (ctx) => ctx.report({ messageId: 'text', data: { text: 'e' }, messageIndex: 0 }),
  });

  it('lints sessions as they come and sums findings, sessions, messages and the read summary', async () => {
    const read = newSummary();
    read.inputs = 1;
    read.undecodable = 2;
    read.dmMessages = 8;
    const sessions = [buildSession(libdmclientInput()), buildSession(libdmclientInput().slice(0, 2))];
    const result = await lintStream(gen(sessions), {
      rules: [warnOnServer, errOnClient],
      summary: read,
      inputs: ['a.pcapng'],
    });
    expect(result.sessions.map((s) => [s.id, s.messages.length, s.input])).toEqual([
      ['DMCtest/1', 4, 'fixtures/lint/libdmclient-xml-auth.pcapng'],
      ['DMCtest/1', 2, 'fixtures/lint/libdmclient-xml-auth.pcapng'],
    ]);
    expect(result.summary).toMatchObject({
      inputs: 1,
      sessions: 2,
      messages: 6,
      errors: 2,
      warnings: 2,
      infos: 0,
      undecodable: 2,
      dmMessages: 8,
    });
    expect(result.inputs).toEqual(['a.pcapng']);
    expect(lintExitCode(result)).toBe(1);
  });

  it('--quiet keeps errors only; --max-warnings decides the exit code when there are only warnings', async () => {
    const quiet = await lintStream([buildSession(libdmclientInput())], {
      rules: [warnOnServer, errOnClient],
      quiet: true,
    });
    expect(quiet.findings.map((f) => f.rule)).toEqual(['err-client']);
    const warnOnly = await lintStream([buildSession(libdmclientInput())], { rules: [warnOnServer] });
    expect(warnOnly.summary.warnings).toBe(1);
    expect(lintExitCode(warnOnly)).toBe(0);
    expect(lintExitCode(warnOnly, 1)).toBe(0);
    expect(lintExitCode(warnOnly, 0)).toBe(1);
  });

  it('records rule crashes in the result', async () => {
    const boom = fakeRule({
      id: 'boom',
      check: () => {
        throw new Error('kaput');
      },
    });
    const result = await lintStream([buildSession(libdmclientInput())], { rules: [boom] });
    expect(result.crashes).toEqual([{ rule: 'boom', session: 'DMCtest/1', error: 'kaput' }]);
  });
});

describe('cross-session memory (RuleContext.memory)', () => {
  /** Reports, for each session, how many earlier sessions of its device and server it remembers. */
  const counting: Rule = {
    id: 'count-earlier',
    section: '9',
    scr: [],
    side: 'client',
    severity: 'info',
    description: 'test rule',
    explanation: 'counts earlier sessions of the same device and server through the memory',
    messages: { text: '{{text}}' },
    check(ctx) {
      const n = ctx.memory?.get<number>() ?? 0;
      ctx.report({ messageId: 'text', data: { text: ctx.memory ? `earlier ${n}` : 'no memory' } });
      ctx.memory?.set(n + 1);
    },
  };
  const session = (device: string) => {
    const s = buildSession(libdmclientInput());
    return { ...s, device, id: `${device}/1` } as Session;
  };

  it('lintStream gives each rule its own memory per device and server, across the sessions of the run', async () => {
    const r = await lintStream([session('A'), session('B'), session('A'), session('A')], { rules: [counting] });
    expect(r.findings.map((f) => `${f.session} ${f.message}`)).toEqual([
      'A/1 earlier 0',
      'B/1 earlier 0',
      'A/1 earlier 1',
      'A/1 earlier 2',
    ]);
    // A new run starts with an empty memory.
    const again = await lintStream([session('A')], { rules: [counting] });
    expect(again.findings.map((f) => f.message)).toEqual(['earlier 0']);
  });

  it('lintSession alone gives no memory', () => {
    expect(lintSession(session('A'), { rules: [counting] }).map((f) => f.message)).toEqual(['no memory']);
  });
});
