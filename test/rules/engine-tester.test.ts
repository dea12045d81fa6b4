/** The RuleTester itself (test/rules/tester.ts): what it refuses and what it compares. */
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/rules/types.js';
import { chal, devInfo, hdrStatus, pkg1, pkg2, status } from './msgs.js';
import {
  buildSession,
  checkTests,
  compareFindings,
  lastAssembly,
  libdmclientInput,
  runRule,
  type SessionInput,
} from './tester.js';

const reportFirstClient: Rule = {
  id: 'first-client',
  section: '8.3',
  scr: ['DM-PRO-Session-C-002'],
  side: 'client',
  severity: 'error',
  description: 'test rule',
  explanation: 'reports the first client message, for the tester tests',
  check(ctx) {
    const m = ctx.session.messages.find((x) => x.direction === 'client');
    if (m)
      ctx.report({
        message: `client message ${m.index} at ${m.message.syncml?.body[0]?.path}`,
        messageIndex: m.index,
        path: m.message.syncml?.body[0]?.path ?? '',
      });
  },
};

const real = libdmclientInput();

describe('RuleTester', () => {
  it('refuses a duplicate case, valid or invalid', () => {
    expect(() => checkTests(reportFirstClient, { valid: [real, real], invalid: [] })).toThrow(/duplicate test case/);
    expect(() =>
      checkTests(reportFirstClient, {
        valid: [{ session: real, name: 'a' }],
        invalid: [{ session: real, errors: [{ message: 'x' }] }],
      }),
    ).toThrow(/duplicate test case/);
    expect(() =>
      checkTests(reportFirstClient, {
        valid: [real],
        invalid: [{ session: real.slice(0, 2), errors: [{ message: 'x' }] }],
      }),
    ).not.toThrow();
  });

  it('refuses an invalid case that expects nothing', () => {
    expect(() => checkTests(reportFirstClient, { valid: [], invalid: [{ session: real, errors: [] }] })).toThrow(
      /must expect at least one finding/,
    );
  });

  it('compares the exact set of findings: a missing, an extra or a different field is reported', () => {
    const findings = runRule(reportFirstClient, real);
    expect(
      compareFindings(findings, [
        {
          message: 'client message 0',
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=1]',
          side: 'client',
          severity: 'error',
          scr: ['DM-PRO-Session-C-002'],
        },
      ]),
    ).toEqual([]);
    expect(compareFindings(findings, [{ message: /^client message \d/ }])).toEqual([]);
    expect(compareFindings(findings, [])[0]).toMatch(/^expected 0 finding\(s\), got 1/);
    expect(compareFindings(findings, [{ message: 'client' }, { message: 'client' }])[0]).toMatch(
      /^expected 2 finding\(s\), got 1/,
    );
    expect(compareFindings(findings, [{ messageIndex: 2 }])[0]).toMatch(/messageIndex 0 ≠ 2/);
    expect(compareFindings(findings, [{ path: 'SyncBody/Replace[CmdID=2]' }])[0]).toMatch(
      /path SyncBody\/Alert\[CmdID=1\] ≠ SyncBody\/Replace/,
    );
    expect(compareFindings(findings, [{ side: 'server' }])[0]).toMatch(/side client ≠ server/);
    expect(compareFindings(findings, [{ message: 'nope' }])[0]).toMatch(/does not match nope/);
  });

  it('turns a rule that throws into a test failure naming the rule', () => {
    const boom: Rule = {
      ...reportFirstClient,
      id: 'boom',
      check: () => {
        throw new Error('kaput');
      },
    };
    expect(() => runRule(boom, real)).toThrow('rule boom threw: kaput');
  });
});

describe('buildSession', () => {
  it('assembles a well-formed session with the real assembler (HTTP-paired), keeping origins', () => {
    const s = buildSession(real);
    expect(lastAssembly).toBe('assembler');
    expect([s.id, s.packages, s.outcome]).toEqual(['DMCtest/1', [1, 2, 3, 4], 'completed']);
    expect(s.messages.map((m) => [m.direction, m.message.origin.frame])).toEqual([
      ['client', 4],
      ['server', 6],
      ['client', 8],
      ['server', 9],
    ]);
  });

  it('keeps a case the assembler would split (a SessionID that changes) as one session, in the given order', () => {
    const changed: SessionInput = real.map((m, i) =>
      typeof m === 'string' || i < 2
        ? m
        : { ...m, xml: m.xml.replace('<SessionID>1</SessionID>', '<SessionID>2</SessionID>') },
    );
    const s = buildSession(changed);
    expect(lastAssembly).toBe('local');
    expect(s.messages.map((m) => m.message.syncml?.hdr.sessionID)).toEqual(['1', '1', '2', '2']);
    expect(s.packages).toEqual([1, 2, 3, 4]);
  });

  it('assembles a Package 1 resent after a 407 without Alert 1200/1201 with the real assembler, as an auth retry of Package 1', () => {
    const s = buildSession([
      pkg1(),
      pkg2({
        cmds: [
          hdrStatus('1', '1', '407', 'client', chal()),
          status('2', '1', '1', 'Alert', '407'),
          status('3', '1', '2', 'Replace', '407'),
        ],
      }),
      pkg1({ msgID: '2', cmds: [hdrStatus('1', '1', '200', 'server'), devInfo('2')] }),
      pkg2({ msgID: '2' }),
    ]);
    expect(lastAssembly).toBe('assembler');
    expect(s.packages).toEqual([1, 2, 1, 2]);
    expect(s.messages.map((m) => [m.package, m.authRetry])).toEqual([
      [1, false],
      [2, false],
      [1, true],
      [2, false],
    ]);
  });

  it('alternates client and server unless a message says its direction', () => {
    const bodies = real.map((m) => (typeof m === 'string' ? m : m.xml));
    expect(buildSession(bodies).messages.map((m) => m.direction)).toEqual(['client', 'server', 'client', 'server']);
  });
});
