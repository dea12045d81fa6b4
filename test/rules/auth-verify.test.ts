import { describe as suite, expect, it } from 'vitest';
import rule from '../../src/rules/auth-verify.js';
import { lintSession } from '../../src/rules/engine.js';
import { parseCredentials } from '../../src/auth/credentials.js';
import { computeHmac, formatHmacHeader } from '../../src/auth/hmac.js';
import { md5DigestDs11 } from '../../src/auth/md5.js';
import { basicCred, md5Cred, okSession, pkg1, pkg2 } from './msgs.js';
import { credentials, digest, md5Round, NONCE1, PASSWORD, USER } from './auth.js';
import { buildSession, ruleTester } from './tester.js';

const creds = (user: string, password: string) =>
  parseCredentials(JSON.stringify({ devices: { '*': { user, password } } }), 'creds.json').credentials;
const b64 = (s: string) => Buffer.from(s).toString('base64');

ruleTester.run(rule, {
  valid: [
    { name: 'silent without --credentials', session: md5Round({ retryCred: md5Cred(digest(NONCE1, 'wrong')) }) },
    {
      name: 'the libdmclient account funambol/funambol',
      session: okSession(),
      credentials: creds('funambol', 'funambol'),
    },
    { name: 'MD5 round verifies', session: md5Round(), credentials: credentials() },
  ],
  invalid: [
    {
      name: 'basic: wrong password (never printed)',
      session: [pkg1({ hdr: { extra: basicCred(b64('funambol:guess')) } }), pkg2()],
      credentials: creds('funambol', 'funambol'),
      errors: [
        {
          messageId: 'basicWrongPassword',
          data: { who: "the client's", msg: 'Package 1 (MsgID 1)', user: 'funambol' },
          messageIndex: 0,
          path: 'SyncHdr/Cred/Data',
          side: 'client',
        },
      ],
    },
    {
      name: 'basic: another user',
      session: [pkg1({ hdr: { extra: basicCred(b64('admin:funambol')) } }), pkg2()],
      credentials: creds('funambol', 'funambol'),
      errors: [
        {
          messageId: 'basicWrongUser',
          data: { who: "the client's", msg: 'Package 1 (MsgID 1)', user: 'admin', configured: 'funambol' },
        },
      ],
    },
    {
      name: 'MD5 with a wrong password: says which nonces were tried',
      session: md5Round({ retryCred: md5Cred(digest(NONCE1, 'wrong')) }),
      credentials: credentials(),
      errors: [
        {
          messageId: 'md5Mismatch',
          data: {
            who: "the client's",
            msg: 'Package 1 (MsgID 2)',
            user: 'dmclient',
            tried: 'the nonce from the Chal in Package 2 (MsgID 1), the resynchronisation nonce 0x00000000',
          },
          messageIndex: 2,
          path: 'SyncHdr/Cred/Data',
          side: 'client',
        },
      ],
    },
    {
      name: 'MD5 computed with the DS 1.1 formula',
      session: md5Round({
        retryCred: md5Cred(md5DigestDs11(USER, PASSWORD, Buffer.from(NONCE1, 'base64')).toString()),
      }),
      credentials: credentials(),
      errors: [
        {
          messageId: 'md5Ds11',
          data: {
            who: "the client's",
            msg: 'Package 1 (MsgID 2)',
            user: 'dmclient',
            nonce: 'the nonce from the Chal in Package 2 (MsgID 1)',
          },
          messageIndex: 2,
        },
      ],
    },
  ],
});

suite('auth-verify: secrets stay out of messages', () => {
  it('never prints the password, the nonce or the digest', () => {
    const s = buildSession(md5Round({ retryCred: md5Cred(digest(NONCE1, 'wrong')) }));
    const f = lintSession(s, { rules: [rule], credentials: credentials() });
    expect(f).toHaveLength(1);
    for (const secret of [PASSWORD, NONCE1, Buffer.from(NONCE1, 'base64').toString(), digest(NONCE1, 'wrong')])
      expect(f[0]!.message).not.toContain(secret);
  });
});

// x-syncml-hmac lives in the HTTP header: the XML tester cannot carry it, so it is set on the messages here.
suite('auth-verify: HMAC', () => {
  const withHmac = (mac: (body: Uint8Array) => string, username = USER) => {
    const s = buildSession(
      md5Round({
        retryCred: null,
        challenge: `<Chal><Meta><Format xmlns='syncml:metinf'>b64</Format><Type xmlns='syncml:metinf'>syncml:auth-MAC</Type><NextNonce xmlns='syncml:metinf'>${NONCE1}</NextNonce></Meta></Chal>`,
      }),
    );
    const m = s.messages[2]!;
    m.message.http = {
      direction: 'client',
      method: 'POST',
      url: '/funambol/dm',
      headers: [['x-syncml-hmac', formatHmacHeader(username, mac(m.message.raw))]],
      body: m.message.raw,
      origin: { input: 't' },
    };
    return lintSession(s, { rules: [rule], credentials: credentials() });
  };
  it('verifies a MAC over the body with the Chal nonce', () => {
    expect(withHmac((b) => computeHmac(USER, PASSWORD, Buffer.from(NONCE1, 'base64'), b))).toEqual([]);
  });
  it('reports a MAC computed over another body', () => {
    const f = withHmac(() =>
      computeHmac(USER, PASSWORD, Buffer.from(NONCE1, 'base64'), new TextEncoder().encode('<SyncML/>')),
    );
    expect(f.map((x) => x.message)).toEqual([
      `the client's HMAC in Package 1 (MsgID 2) does not verify for user "${USER}" with the ` +
        `configured password over the body as sent; tried the nonce from the Chal in Package 2 ` +
        `(MsgID 1), the resynchronisation nonce 0x00000000`,
    ]);
    expect(f[0]!.location.messageIndex).toBe(2);
  });
});
