/**
 * auth-next-session-nonce: two (or three) consecutive sessions of the same device and server; the
 * later session's first MD5 digest is checked against the NextNonce of the previous session's last
 * Chal. Digests are computed with src/auth/md5.ts (test/rules/auth.ts `digest`).
 */
import { describe as suite, expect, it } from 'vitest';
import rule from '../../src/rules/auth-next-session-nonce.js';
import { md5Digest } from '../../src/auth/md5.js';
import { parseCredentials } from '../../src/auth/credentials.js';
import { LintMemory, lintSession } from '../../src/rules/engine.js';
import { alert, chal, devInfo, get, hdr, hdrStatus, md5Cred, msg, results, SERVER, status } from './msgs.js';
import { credentials, digest, md5Round, NONCE1, NONCE2, PASSWORD, USER } from './auth.js';
import { buildSession, ruleTester } from './tester.js';

const NONCE0 = Buffer.from('zeroth-nonce-16b').toString('base64');
const NONCE3 = Buffer.from('third-nonce-16by').toString('base64');
const MD5 = 'syncml:auth-md5';

/** A short session: Package 1 with an MD5 digest, Package 2 accepting it with 212 and a Chal giving the next session's nonce. */
function clientSession(sid: string, cred: string, next: string): string[] {
  return [
    msg(hdr('client', '1', { sessionID: sid, extra: md5Cred(cred) }), [alert('1', '1201'), devInfo('2')]),
    msg(hdr('server', '1', { sessionID: sid }), [
      hdrStatus('1', '1', '212', 'client', chal(MD5, next)),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
    ]),
  ];
}

const SERVER_PASSWORD = 'server-test-secret';
const sdigest = (nonceB64: string) => md5Digest(SERVER, SERVER_PASSWORD, Buffer.from(nonceB64, 'base64'));
const serverCreds = () =>
  parseCredentials(
    JSON.stringify({
      devices: { DMCtest: { user: USER, password: PASSWORD } },
      servers: { [SERVER]: { password: SERVER_PASSWORD } },
    }),
    'creds.json',
  ).credentials;

/** The server authenticates with MD5 in Package 2; the client accepts with 212 and a Chal for the next session. */
function serverSession(sid: string, cred: string, next: string): string[] {
  return [
    msg(hdr('client', '1', { sessionID: sid, extra: md5Cred(digest(NONCE1)) }), [alert('1', '1201'), devInfo('2')]),
    msg(hdr('server', '1', { sessionID: sid, extra: md5Cred(cred) }), [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      get('4', './DevInfo/Mod'),
    ]),
    msg(hdr('client', '2', { sessionID: sid }), [
      hdrStatus('1', '1', '212', 'server', chal(MD5, next)),
      status('2', '1', '4', 'Get', '200'),
      results('3', '1', '4', [['./DevInfo/Mod', 'test model']]),
    ]),
    msg(hdr('server', '2', { sessionID: sid }), [hdrStatus('1', '2', '200', 'client')]),
  ];
}

const zeroNonce = md5Digest(USER, PASSWORD, new Uint8Array(4));

ruleTester.run(rule, {
  valid: [
    {
      name: 'a first session: nothing to compare with',
      session: clientSession('1', digest(NONCE1), NONCE2),
      credentials: credentials(),
    },
    {
      name: 'the next session uses the NextNonce of the 212 Chal',
      before: [clientSession('1', digest(NONCE1), NONCE2)],
      session: clientSession('2', digest(NONCE2), NONCE3),
      credentials: credentials(),
    },
    {
      name: 'without credentials, a new digest',
      before: [clientSession('1', digest(NONCE1), NONCE2)],
      session: clientSession('2', digest(NONCE2), NONCE3),
    },
    {
      name: 'after a challenge round, the nonce of its last Chal',
      before: [md5Round()],
      session: clientSession('2', digest(NONCE2), NONCE3),
      credentials: credentials(),
    },
    {
      name: 'a challenge in the later session comes first: the in-session rule judges',
      before: [clientSession('1', digest(NONCE1), NONCE2)],
      session: md5Round(),
      credentials: credentials(),
    },
    {
      name: "the server uses the client's NextNonce",
      before: [serverSession('1', sdigest(NONCE0), NONCE1)],
      session: serverSession('2', sdigest(NONCE1), NONCE2),
      credentials: serverCreds(),
    },
  ],
  invalid: [
    {
      name: 'with credentials: an older NextNonce',
      before: [clientSession('1', digest(NONCE0), NONCE1), clientSession('2', digest(NONCE1), NONCE2)],
      session: clientSession('3', digest(NONCE1), NONCE3),
      credentials: credentials(),
      errors: [
        {
          messageId: 'notNextNonce',
          data: {
            side: 'client',
            firstMsg: 'Package 1 (MsgID 1)',
            where: 'the Chal in Package 2 (MsgID 1) of session DMCtest/2',
            reused: 'it repeats its last digest of the previous session, so the old nonce was reused: ',
            nonceUsed: 'it was computed with an older NextNonce (the Chal in Package 2 (MsgID 1) of session DMCtest/1)',
          },
          messageIndex: 0,
          path: 'SyncHdr/Cred/Data',
          side: 'client',
          scr: ['DM-PRO-C-009'],
        },
      ],
    },
    {
      name: 'with credentials: the resynchronisation nonce',
      before: [clientSession('1', digest(NONCE1), NONCE2)],
      session: clientSession('2', zeroNonce, NONCE3),
      credentials: credentials(),
      errors: [
        {
          messageId: 'notNextNonce',
          data: {
            side: 'client',
            firstMsg: 'Package 1 (MsgID 1)',
            where: 'the Chal in Package 2 (MsgID 1) of session DMCtest/1',
            reused: '',
            nonceUsed: 'it was computed with the resynchronisation nonce 0x00000000 (4 zero bytes)',
          },
          messageIndex: 0,
          side: 'client',
        },
      ],
    },
    {
      name: 'with credentials: no known nonce',
      before: [clientSession('1', digest(NONCE1), NONCE2)],
      session: clientSession('2', digest(NONCE2, 'another-password'), NONCE3),
      credentials: credentials(),
      errors: [
        {
          messageId: 'notNextNonce',
          data: {
            side: 'client',
            firstMsg: 'Package 1 (MsgID 1)',
            where: 'the Chal in Package 2 (MsgID 1) of session DMCtest/1',
            reused: '',
            nonceUsed: 'no known nonce matches it (another nonce, or other credentials)',
          },
          messageIndex: 0,
        },
      ],
    },
    {
      name: 'without credentials: the last digest of the previous session again',
      before: [clientSession('1', digest(NONCE0), NONCE1), clientSession('2', digest(NONCE1), NONCE2)],
      session: clientSession('3', digest(NONCE1), NONCE3),
      errors: [
        {
          messageId: 'oldNonceReused',
          data: {
            side: 'client',
            firstMsg: 'Package 1 (MsgID 1)',
            where: 'the Chal in Package 2 (MsgID 1) of session DMCtest/2',
          },
          messageIndex: 0,
          side: 'client',
        },
      ],
    },
    {
      name: 'the server reuses the nonce of the previous session',
      before: [serverSession('1', sdigest(NONCE0), NONCE1)],
      session: serverSession('2', sdigest(NONCE0), NONCE2),
      credentials: serverCreds(),
      errors: [
        {
          messageId: 'notNextNonce',
          data: {
            side: 'server',
            firstMsg: 'Package 2 (MsgID 1)',
            where: 'the Chal in Package 3 (MsgID 2) of session DMCtest/1',
            reused: 'it repeats its last digest of the previous session, so the old nonce was reused: ',
            nonceUsed: 'no known nonce matches it (another nonce, or other credentials)',
          },
          messageIndex: 1,
          side: 'server',
          scr: ['DM-PRO-S-010'],
        },
      ],
    },
  ],
});

suite('auth-next-session-nonce memory', () => {
  it('is silent when sessions are linted apart (no memory), and the engine bounds the pairs it remembers', () => {
    const later = buildSession(clientSession('2', digest(NONCE1), NONCE3));
    expect(lintSession(later, { rules: [rule], credentials: credentials() })).toEqual([]);
    const memory = new LintMemory(2, 1);
    for (const device of ['A', 'B', 'C']) {
      const s = buildSession(clientSession('1', digest(NONCE1), NONCE2).map((m) => m.replaceAll('DMCtest', device)));
      lintSession(s, { rules: [rule], memory });
    }
    expect(memory.size).toBe(2);
    // A was forgotten: its next session is not compared; C is.
    const again = (device: string) =>
      lintSession(
        buildSession(clientSession('2', digest(NONCE1), NONCE3).map((m) => m.replaceAll('DMCtest', device))),
        {
          rules: [rule],
          memory,
          credentials: parseCredentials(
            JSON.stringify({ devices: { '*': { user: USER, password: PASSWORD } } }),
            'c.json',
          ).credentials,
        },
      );
    expect(again('A')).toEqual([]);
    expect(again('C').map((f) => f.rule)).toEqual(['auth-next-session-nonce']);
  });

  it('keeps one device apart from another of the same server', () => {
    const memory = new LintMemory();
    lintSession(buildSession(clientSession('1', digest(NONCE1), NONCE2)), { rules: [rule], memory });
    const other = buildSession(clientSession('2', digest(NONCE1), NONCE3).map((m) => m.replaceAll('DMCtest', 'OTHER')));
    expect(
      lintSession(other, {
        rules: [rule],
        memory,
        credentials: parseCredentials(
          JSON.stringify({ devices: { '*': { user: USER, password: PASSWORD } } }),
          'c.json',
        ).credentials,
      }),
    ).toEqual([]);
  });
});
