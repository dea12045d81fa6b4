/**
 * Package numbering by content, a SessionID changed mid-session and authentication rounds (issue
 * 10 items 2-4), on real loopback captures with one planted defect each (fixtures/sessions/assembly/,
 * made by its make.mjs and fixtures/tools/capture-session.mjs; the WBXML copies encoded by libwbxml's
 * xml2wbxml). The whole `dmtrace sessions` and `dmtrace lint` pipeline runs.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, runCli } from '../helpers.js';

const capture = (name: string) => path.join(fixtures, 'sessions', 'assembly', `${name}.pcapng`);

interface Out {
  sessions: Array<{
    id: string;
    packages: number[];
    outcome: string;
    messages: Array<{ package?: number; packageEvidence?: string; nextMessageRequest: boolean }>;
  }>;
  findings: Array<{
    rule: string;
    messageId: string;
    severity: string;
    section: string;
    scr: string[];
    side: string;
    location: { messageIndex?: number };
  }>;
}

async function lint(name: string): Promise<Out> {
  const r = await runCli(['lint', capture(name), '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Out;
}

/** Per session, `package:packageEvidence` of each message, from `dmtrace sessions --format json`. */
async function evidence(name: string): Promise<string[][]> {
  const r = await runCli(['sessions', capture(name), '--format', 'json']);
  const j = JSON.parse(r.stdout) as Pick<Out, 'sessions'>;
  return j.sessions.map((s) => s.messages.map((m) => `${m.package}:${m.packageEvidence}`));
}
const cite = (o: Out) =>
  o.findings
    .filter((f) => f.severity === 'error')
    .map((f) => [f.rule, f.messageId, f.section, f.scr, f.side, f.location.messageIndex]);

describe('packages numbered by what the messages carry', () => {
  it.each(['pkg1-no-final', 'pkg1-no-final-wbxml'])(
    '%s: Package 1 without Final answered by Packages 2 and 3 is 1 2 3 4, the client missed Final (§8.3)',
    async (name) => {
      const o = await lint(name);
      expect(o.sessions.map((s) => [s.packages, s.outcome])).toEqual([[[1, 2, 3, 4], 'completed']]);
      expect(await evidence(name)).toEqual([
        ['1:alert-1201', '2:answers-package', '3:answers-commands', '4:answers-package'],
      ]);
      // Blamed on the client, not on the server for a missing Alert 1222.
      expect(cite(o)).toEqual([
        ['pkg-final-evidence', 'missingFinal', '8.3', ['DM-PRO-Session-C-002', 'DM-PRO-Mul-C-001'], 'client', 0],
      ]);
    },
  );

  it('a package with Final in its first message, pulled on with Alert 1222, is numbered once; the server is at fault (§8.4)', async () => {
    const o = await lint('final-mid-package');
    expect(o.sessions.map((s) => s.packages)).toEqual([[1, 2, 3, 4]]);
    expect(await evidence('final-mid-package')).toEqual([
      ['1:alert-1201', '2:answers-package', '2:alert-1222', '2:after-1222', '3:answers-commands', '4:answers-package'],
    ]);
    expect(cite(o)).toEqual([
      ['pkg-final-evidence', 'earlyFinal', '8.4', ['DM-PRO-Session-S-002', 'DM-PRO-Mul-S-001'], 'server', 1],
    ]);
  });

  it('the sessions JSON carries the evidence of every message', async () => {
    const r = await runCli(['sessions', capture('final-mid-package'), '--format', 'json']);
    const j = JSON.parse(r.stdout) as Out;
    expect(j.sessions[0]!.messages.map((m) => m.nextMessageRequest)).toEqual([false, false, true, false, false, false]);
    expect(j.sessions[0]!.messages.map((m) => m.packageEvidence)).toEqual([
      'alert-1201',
      'answers-package',
      'alert-1222',
      'after-1222',
      'answers-commands',
      'answers-package',
    ]);
  });
});

describe('a SessionID changed mid-session', () => {
  it.each(['sessionid-change', 'sessionid-change-wbxml'])(
    '%s: one session, the error at the message where it changed',
    async (name) => {
      const o = await lint(name);
      expect(o.sessions.map((s) => [s.id, s.packages, s.outcome])).toEqual([
        ['IMEI:356938035643861/61', [1, 2, 3, 4], 'completed'],
      ]);
      // The server answering with the changed SessionID is not reported again.
      expect(cite(o)).toEqual([
        ['hdr-sessionid-constant', 'sessionIdChanged', '8.5', ['DM-PRO-C-008', 'DM-PRO-C-009'], 'client', 2],
      ]);
    },
  );
});

describe('authentication rounds of one session (Chapter 9)', () => {
  it('credentials sent again after a Package 2 with no server Cred and no commands', async () => {
    const o = await lint('auth-empty-pkg2');
    expect(o.sessions.map((s) => [s.id, s.packages, s.outcome])).toEqual([
      ['IMEI:356938035643861/64', [1, 2, 3, 4], 'completed'],
    ]);
    expect(cite(o)).toEqual([
      [
        'auth-no-challenge-after-empty-pkg2',
        'challengeAfterEmptyPkg2',
        '9',
        ['DM-PRO-C-005', 'DM-PRO-C-009'],
        'client',
        2,
      ],
    ]);
  });

  it('a 401 without a Chal and the retry that follows it', async () => {
    const o = await lint('auth-401-no-chal');
    expect(o.sessions.map((s) => [s.id, s.packages, s.outcome])).toEqual([
      ['IMEI:356938035643861/65', [1, 2, 1, 2, 3, 4], 'completed'],
    ]);
    expect((await evidence('auth-401-no-chal'))[0]![2]).toBe('1:alert-1201');
    expect(cite(o)).toEqual([['auth-chal-with-401-407', 'noChal', '9', ['DM-PRO-S-010'], 'server', 1]]);
  });
});
