/** The RuleTester itself (test/rules/tester.ts): what it refuses and what it compares. */
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/rules/types.js';
import { defineRule } from '../../src/rules/util/define.js';
import { chal, devInfo, hdrStatus, pkg1, pkg2, status } from './msgs.js';
import {
  buildSession,
  checkRuleMeta,
  checkTests,
  compareFindings,
  lastAssembly,
  libdmclientInput,
  runRule,
  type SessionInput,
} from './tester.js';

const firstClientMessages = {
  firstClient: 'client message {{index}} at {{path}}',
  never: 'a message this rule never reports',
} as const;

const reportFirstClient = defineRule({
  id: 'first-client',
  section: '8.3',
  scr: ['DM-PRO-Session-C-002'],
  side: 'client',
  severity: 'error',
  description: 'test rule',
  explanation: 'reports the first client message, for the tester tests',
  messages: firstClientMessages,
  check(ctx) {
    const m = ctx.session.messages.find((x) => x.direction === 'client');
    if (m)
      ctx.report({
        messageId: 'firstClient',
        data: { index: m.index, path: m.message.syncml?.body[0]?.path ?? '' },
        messageIndex: m.index,
        path: m.message.syncml?.body[0]?.path ?? '',
      });
  },
});

const real = libdmclientInput();

describe('RuleTester', () => {
  it('refuses a duplicate case, valid or invalid', () => {
    expect(() => checkTests(reportFirstClient, { valid: [real, real], invalid: [] })).toThrow(/duplicate test case/);
    expect(() =>
      checkTests(reportFirstClient, {
        valid: [{ session: real, name: 'a' }],
        invalid: [{ session: real, errors: [{ messageId: 'firstClient' }] }],
      }),
    ).toThrow(/duplicate test case/);
    expect(() =>
      checkTests(reportFirstClient, {
        valid: [real],
        invalid: [{ session: real.slice(0, 2), errors: [{ messageId: 'firstClient' }] }],
      }),
    ).not.toThrow();
  });

  it('refuses an invalid case that expects nothing', () => {
    expect(() => checkTests(reportFirstClient, { valid: [], invalid: [{ session: real, errors: [] }] })).toThrow(
      /must expect at least one finding/,
    );
  });

  it('refuses an expected message id the rule does not declare, and data for a placeholder the message lacks', () => {
    expect(() =>
      checkTests(reportFirstClient, {
        valid: [],
        // @ts-expect-error: 'firstclient' is not one of the rule's message ids (a type error, and refused at run time)
        invalid: [{ session: real, errors: [{ messageId: 'firstclient' }] }],
      }),
    ).toThrow("invalid messageId 'firstclient'; the rule's messages are 'firstClient', 'never'");
    expect(() =>
      checkTests(reportFirstClient, {
        valid: [],
        invalid: [{ session: real, errors: [{ messageId: 'firstClient', data: { index: 0, where: 'x' } }] }],
      }),
    ).toThrow('data where for message firstClient, which has no such placeholder (it has index, path)');
  });

  it('compares the exact set of findings: a missing, an extra or a different field is reported', () => {
    const findings = runRule(reportFirstClient, real);
    expect(findings.map((f) => [f.messageId, f.data, f.message])).toEqual([
      ['firstClient', { index: '0', path: 'SyncBody/Alert[CmdID=1]' }, 'client message 0 at SyncBody/Alert[CmdID=1]'],
    ]);
    expect(
      compareFindings(findings, [
        {
          messageId: 'firstClient',
          data: { index: 0, path: 'SyncBody/Alert[CmdID=1]' },
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=1]',
          side: 'client',
          severity: 'error',
          section: '8.3',
          scr: ['DM-PRO-Session-C-002'],
        },
      ]),
    ).toEqual([]);
    expect(compareFindings(findings, [{ messageId: 'firstClient' }])).toEqual([]);
    expect(compareFindings(findings, [])[0]).toMatch(/^expected 0 finding\(s\), got 1/);
    expect(compareFindings(findings, [{ messageId: 'firstClient' }, { messageId: 'firstClient' }])[0]).toMatch(
      /^expected 2 finding\(s\), got 1/,
    );
    expect(compareFindings(findings, [{ messageId: 'never' }])[0]).toMatch(/messageId firstClient ≠ never$/);
    // data is compared whole: a wrong value, a missing or an extra placeholder
    expect(
      compareFindings(findings, [{ messageId: 'firstClient', data: { index: 1, path: 'SyncBody/Alert[CmdID=1]' } }])[0],
    ).toMatch(/data index: "0" ≠ "1"$/);
    expect(compareFindings(findings, [{ messageId: 'firstClient', data: { index: 0 } }])[0]).toMatch(
      /data path: "SyncBody\/Alert\[CmdID=1\]" ≠ undefined$/,
    );
    expect(compareFindings(findings, [{ messageId: 'firstClient', messageIndex: 2 }])[0]).toMatch(/messageIndex 0 ≠ 2/);
    expect(compareFindings(findings, [{ messageId: 'firstClient', path: 'SyncBody/Replace[CmdID=2]' }])[0]).toMatch(
      /path SyncBody\/Alert\[CmdID=1\] ≠ SyncBody\/Replace/,
    );
    expect(compareFindings(findings, [{ messageId: 'firstClient', side: 'server' }])[0]).toMatch(
      /side client ≠ server/,
    );
    expect(compareFindings(findings, [{ messageId: 'firstClient', section: '8.5' }])[0]).toMatch(/section 8\.3 ≠ 8\.5/);
  });

  it('turns a rule that throws, or a message left with a placeholder, into a test failure naming the rule', () => {
    const boom: Rule = {
      ...(reportFirstClient as unknown as Rule),
      id: 'boom',
      check: () => {
        throw new Error('kaput');
      },
    };
    expect(() => runRule(boom, real)).toThrow('rule boom threw: kaput');
    const unfilled = defineRule({
      ...reportFirstClient,
      id: 'unfilled',
      check(ctx) {
        // A cast around the types, as a JavaScript rule could do: the data lacks `path`.
        ctx.report({ messageId: 'firstClient', data: { index: 0 } } as unknown as Parameters<typeof ctx.report>[0]);
      },
    });
    expect(() => runRule(unfilled, real)).toThrow(
      "rule unfilled: message firstClient has an unsubstituted placeholder 'path': client message 0 at {{path}}",
    );
  });

  it("checks the rule's messages: camelCase ids, one line each, well-formed placeholders", () => {
    expect(checkRuleMeta(reportFirstClient as unknown as Rule)).toEqual([]);
    const bad = { ...(reportFirstClient as unknown as Rule), messages: { 'Bad-id': 'x {{a}', two: 'a\nb' } };
    expect(checkRuleMeta(bad)).toEqual([
      "message id 'Bad-id' is not camelCase",
      'message Bad-id has a malformed placeholder: x {{a}',
      'message two must be one non-empty line',
    ]);
    expect(checkRuleMeta({ ...bad, messages: {} })).toEqual(['declares no messages']);
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
