/**
 * Issue 5, Done-when: on the real libdmclient session (fixtures/corpus/captures/libdmclient-xml-auth.pcapng,
 * Intel's libdmclient test client against a scripted server) the findings are exactly the real
 * defects of that session, and nothing else. The whole pipeline runs: readInputs → messagesOf →
 * assembleSessions → lintSession with every registered rule.
 *
 * The session, read message by message (bodies exported with `tshark --export-objects http`):
 * - Package 1 (frame 4, client): basic credentials (funambol/funambol), MaxMsgSize 16384, Alert 1201,
 *   the DevInfo Replace with 13 Items (leaves and interior nodes, Source LocURI and Data each), Final.
 *   Sent with Content-Type `application/vnd.syncml+xml` — the SyncML DS type, not the DM type
 *   DM RepPro requires (`application/vnd.syncml.dm+xml`).                                   → DEFECT 1
 * - Package 2 (frame 6, server, `application/vnd.syncml.dm+xml`): MD5 server credentials (computed
 *   with the empty stored nonce, no Chal preceded them: allowed when pre-configured, §9), 212 for
 *   the client's basic credentials (they were sent: fine), Status 200 for the Alert and the Replace
 *   with correct MsgRef/CmdRef/Cmd, a Get of two nodes and a Replace of ./DevInfo/Lang, Final.
 * - Package 3 (frame 8, client): again `application/vnd.syncml+xml`                     → DEFECT 1 again
 *   and its body starts with a newline before the XML declaration (XML 1.0 §2.8; strict parsers
 *   refuse it; the codec recovers and warns)                                                → DEFECT 2
 *   Otherwise correct: 212 for the server's MD5 credentials with a Chal carrying the NextNonce for
 *   the next session (§9 allows a Chal with 212), one Status per Get Item told apart by TargetRef,
 *   Results after those statuses with Source LocURI and Meta per Item, 425 (permission denied) for
 *   the Replace of the read-only DevInfo node — a legitimate answer, not a defect. No Cred: 212
 *   authenticated the client for the session.
 * - Package 4 (frame 9, server): Status 200 for the SyncHdr, no Status for the Results (correct:
 *   none is sent for 200), Final: the session ends.
 * Not reported: the requests carry no User-Agent header and `Accept: *\/*`; the requirement for
 * them comes from the DM 1.3 HTTP binding text (docs/dm-facts.md §2), not from DM 1.2 as given here.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { corpus } from '../helpers.js';
import { readInputs } from '../../src/sources/index.js';
import { messagesOf } from '../../src/sources/messages.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext } from '../../src/sources/types.js';
import { assembleSessions } from '../../src/session/assemble.js';
import { lintSession } from '../../src/rules/engine.js';
import { rules } from '../../src/rules/index.js';
import { parseCredentials } from '../../src/auth/credentials.js';
import type { Finding } from '../../src/rules/types.js';
import type { Session } from '../../src/session/types.js';

const capture = path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng');

async function lint(
  credentials?: unknown,
): Promise<{ sessions: Session[]; findings: Finding[]; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  const sessions: Session[] = [];
  const findings: Finding[] = [];
  const crashes: string[] = [];
  for await (const s of assembleSessions(messagesOf(readInputs([capture], ctx), ctx), {
    report: (p) => ctx.report(p),
  })) {
    sessions.push(s);
    findings.push(
      ...lintSession(s, {
        rules,
        ...(credentials !== undefined ? { credentials } : {}),
        onCrash: (c) => crashes.push(`${c.rule}: ${c.error}`),
      }),
    );
  }
  expect(crashes).toEqual([]);
  return { sessions, findings, problems };
}

/** The real defects, in ladder order: rule, severity, side, message index, frame, message text. */
const DEFECTS = [
  [
    'dm-content-type',
    'error',
    'client',
    0,
    4,
    'Package 1 (MsgID 1) is sent as application/vnd.syncml+xml (the SyncML DS type); a DM message is labelled application/vnd.syncml.dm+xml',
  ],
  ['syncml-decode', 'warning', 'client', 2, 8, /whitespace character\(s\) before the XML declaration/],
  [
    'dm-content-type',
    'error',
    'client',
    2,
    8,
    'Package 3 (MsgID 2) is sent as application/vnd.syncml+xml (the SyncML DS type); a DM message is labelled application/vnd.syncml.dm+xml',
  ],
] as const;

describe('libdmclient-xml-auth.pcapng: exactly the real defects', () => {
  it('reads one complete session of four packages', async () => {
    const { sessions, problems } = await lint();
    expect(problems).toEqual([]);
    expect(sessions.map((s) => [s.id, s.packages, s.outcome])).toEqual([['DMCtest/1', [1, 2, 3, 4], 'completed']]);
  });

  it('finds the Content-Type of both client requests and the whitespace before Package 3, nothing else', async () => {
    const { findings } = await lint();
    expect(findings).toHaveLength(DEFECTS.length);
    findings.forEach((f, i) => {
      const [rule, severity, side, messageIndex, frame, message] = DEFECTS[i]!;
      expect([f.rule, f.severity, f.side, f.location.messageIndex, f.location.frame, f.session]).toEqual([
        rule,
        severity,
        side,
        messageIndex,
        frame,
        'DMCtest/1',
      ]);
      if (typeof message === 'string') expect(f.message).toBe(message);
      else expect(f.message).toMatch(message);
      expect(f.location.input).toBe(capture);
    });
  });

  it("finds the same with the test client's accounts given: the basic and MD5 credentials verify", async () => {
    // The libdmclient test account: client funambol/funambol, server funambol/srvpwd (test/auth/capture.test.ts).
    const { credentials } = parseCredentials(
      JSON.stringify({
        devices: { DMCtest: { user: 'funambol', password: 'funambol' } },
        servers: { '*': { user: 'funambol', password: 'srvpwd' } },
      }),
      'creds.json',
    );
    const { findings } = await lint(credentials);
    expect(findings.map((f) => f.rule)).toEqual(DEFECTS.map((d) => d[0]));
  });

  it('reports a wrong server password as an auth-verify error naming the side', async () => {
    const { credentials } = parseCredentials(
      JSON.stringify({ devices: {}, servers: { '*': { user: 'funambol', password: 'funambol' } } }),
      'creds.json',
    );
    const { findings } = await lint(credentials);
    const v = findings.filter((f) => f.rule === 'auth-verify');
    expect(v.map((f) => [f.side, f.location.messageIndex, f.location.path, f.message])).toEqual([
      [
        'server',
        1,
        'SyncHdr/Cred/Data',
        `the server's MD5 digest in Package 2 (MsgID 1) does not verify for user "funambol" with ` +
          `the configured password; tried an empty nonce (no Chal before it and none configured), ` +
          `the resynchronisation nonce 0x00000000`,
      ],
    ]);
    expect(v[0]!.message).not.toContain('funambol:funambol');
  });
});
