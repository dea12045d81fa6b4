/**
 * auth-next-session-nonce on real bytes: two consecutive sessions of one device captured on
 * loopback (fixtures/sessions/next-session-nonce*.pcapng, made by
 * fixtures/sessions/next-session-nonce/make.mjs with src/auth/md5.ts and
 * fixtures/tools/capture-session.mjs). The whole `dmtrace lint` pipeline runs, so the engine's
 * cross-session memory carries the NextNonce from the first session to the second.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fixtures, runCli } from '../helpers.js';

const creds = path.join(fixtures, 'sessions', 'credentials.json');
const lint = async (name: string, withCreds = true) => {
  const r = await runCli([
    'lint',
    path.join(fixtures, 'sessions', `${name}.pcapng`),
    '--format',
    'json',
    '--rule',
    'auth-next-session-nonce=error',
    ...(withCreds ? ['--credentials', creds] : []),
  ]);
  const out = JSON.parse(r.stdout) as {
    findings: Array<{
      rule: string;
      message: string;
      side: string;
      session: string;
      location: { frame?: number; messageIndex?: number; path?: string };
    }>;
    sessions: Array<{ id: string; packages: number[] }>;
  };
  return { ...out, mine: out.findings.filter((f) => f.rule === 'auth-next-session-nonce'), stdout: r.stdout };
};

describe('auth-next-session-nonce on two captured sessions of one device', () => {
  it("is silent when the second session starts with the NextNonce of the first session's 212 Chal", async () => {
    const r = await lint('next-session-nonce');
    expect(r.sessions.map((s) => [s.id, s.packages])).toEqual([
      ['IMEI:356938035643811/31', [1, 2, 3, 4]],
      ['IMEI:356938035643811/32', [1, 2]],
    ]);
    expect(r.mine).toEqual([]);
  });

  it('reports the device that reuses the old nonce: which session, which message, which nonce', async () => {
    const r = await lint('next-session-nonce-reused');
    expect(r.sessions.map((s) => [s.id, s.packages])).toEqual([
      ['IMEI:356938035643829/31', [1, 2, 3, 4]],
      ['IMEI:356938035643829/32', [1, 2, 1, 2]],
    ]);
    expect(
      r.mine.map((f) => [f.session, f.side, f.location.messageIndex, f.location.frame, f.location.path, f.message]),
    ).toEqual([
      [
        'IMEI:356938035643829/32',
        'client',
        0,
        10, // the third POST in `tshark -r next-session-nonce-reused.pcapng -Y http.request`
        'SyncHdr/Cred/Data',
        "the client's first MD5 digest in Package 1 (MsgID 1) is not computed with the NextNonce of the Chal " +
          'in Package 2 (MsgID 1) of session IMEI:356938035643829/31, which the next session must use; it ' +
          'repeats its last digest of the previous session, so the old nonce was reused: it was computed with ' +
          'the nonce stored in the credentials file',
      ],
    ]);
    // No secret in the report.
    for (const secret of ['client-secret', 'Y2xpZW50LW5vbmNlLTAwMDE=', 'ZG10cmFjZS1uZXh0LTAwMzE='])
      expect(r.stdout).not.toContain(secret);
  });

  it('without credentials the same reuse is not provable (the first digest used a nonce from outside the trace): silent', async () => {
    const r = await lint('next-session-nonce-reused', false);
    expect(r.mine).toEqual([]);
  });
});
