import { describe, expect, it } from 'vitest';
import { decodeBasic, encodeBasic, verifyBasic } from '../../src/auth/basic.js';
import { md5Digest, md5DigestDs11, nonceCandidates, resyncNonces, verifyMd5 } from '../../src/auth/md5.js';
import { computeHmac, formatHmacHeader, parseHmacHeader, verifyHmac } from '../../src/auth/hmac.js';

// Vectors: docs/dm-facts.md §6.1 (spec examples in DM Protocol §9 / RepPro 4.1.1, recomputed locally).
const nonce = Buffer.from('Nonce');

describe('basic (syncml:auth-basic)', () => {
  it('encodes the spec example', () => {
    expect(encodeBasic('Bruce2', 'OhBehave')).toBe('QnJ1Y2UyOk9oQmVoYXZl');
  });
  it('decodes the spec example and verifies it', () => {
    expect(decodeBasic('QnJ1Y2UyOk9oQmVoYXZl')).toEqual({ ok: true, user: 'Bruce2', password: 'OhBehave' });
    expect(verifyBasic('QnJ1Y2UyOk9oQmVoYXZl', 'Bruce2', 'OhBehave')).toBe(true);
    expect(verifyBasic('QnJ1Y2UyOk9oQmVoYXZl', 'Bruce2', 'other')).toBe(false);
  });
  it('keeps ":" inside the password and tolerates line breaks in the base64', () => {
    const enc = encodeBasic('u', 'a:b:c');
    expect(decodeBasic(enc.slice(0, 4) + '\n ' + enc.slice(4))).toEqual({ ok: true, user: 'u', password: 'a:b:c' });
  });
  it('refuses bad input without echoing it', () => {
    const r1 = decodeBasic('not base64!!');
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.reason).not.toContain('base64!!');
    const r2 = decodeBasic(Buffer.from('nocolonsecret').toString('base64'));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.reason).not.toContain('nocolonsecret');
    expect(decodeBasic('').ok).toBe(false);
  });
});

describe('md5 (syncml:auth-md5)', () => {
  it('computes the spec example with the nonce as raw octets', () => {
    expect(md5Digest('Bruce2', 'OhBehave', nonce)).toBe('Zz6EivR3yeaaENcRN6lpAQ==');
  });
  it('computes the DS 1.1 variant differently', () => {
    expect(md5DigestDs11('Bruce2', 'OhBehave', nonce)).toBe('UmkqAAZhiQvXXhfaf/u+OQ==');
  });
  it('verifies against the decoded NextNonce first', () => {
    const cands = nonceCandidates(Buffer.from('Nonce').toString('base64'));
    const r = verifyMd5('Zz6EivR3yeaaENcRN6lpAQ==', 'Bruce2', 'OhBehave', cands);
    expect(r.ok).toBe(true);
    expect(r.matched?.kind).toBe('decoded');
  });
  it('reports a match on the raw NextNonce text', () => {
    // NextNonce text "Tm9uY2U=" hashed as text rather than decoded.
    const cred = md5Digest('Bruce2', 'OhBehave', Buffer.from('Tm9uY2U='));
    const r = verifyMd5(cred, 'Bruce2', 'OhBehave', nonceCandidates('Tm9uY2U='));
    expect(r).toMatchObject({ ok: true, matched: { kind: 'raw-text' } });
  });
  it('finds each encoding of the resync nonce 0x00000000', () => {
    for (const c of resyncNonces()) {
      const cred = md5Digest('dev', 'pw', c.bytes);
      expect(verifyMd5(cred, 'dev', 'pw', nonceCandidates('AQID')).matched?.kind).toBe(c.kind);
    }
  });
  it('flags the DS 1.1 formula and rejects a wrong password', () => {
    const r = verifyMd5('UmkqAAZhiQvXXhfaf/u+OQ==', 'Bruce2', 'OhBehave', [{ kind: 'given', bytes: nonce }]);
    expect(r).toMatchObject({ ok: false, ds11: true });
    expect(verifyMd5('Zz6EivR3yeaaENcRN6lpAQ==', 'Bruce2', 'wrong', nonceCandidates('Tm9uY2U=')).ok).toBe(false);
  });
});

describe('hmac (x-syncml-hmac)', () => {
  const body = Buffer.from("<SyncML xmlns='SYNCML:SYNCML1.2'></SyncML>");
  it('computes the self-computed example of docs/dm-facts.md §6.1', () => {
    expect(computeHmac('Bruce2', 'OhBehave', nonce, body)).toBe('6AZk96DG6F0jSIaEpbK4Ng==');
  });
  it('formats and parses back', () => {
    const v = formatHmacHeader('Bruce2', '6AZk96DG6F0jSIaEpbK4Ng==');
    expect(v).toBe('algorithm=MD5, username="Bruce2", mac=6AZk96DG6F0jSIaEpbK4Ng==');
    expect(parseHmacHeader(v)).toEqual({
      ok: true,
      header: { algorithm: 'MD5', username: 'Bruce2', mac: '6AZk96DG6F0jSIaEpbK4Ng==' },
      warnings: [],
    });
  });
  it('parses any order, spaces, quoting, and defaults the algorithm', () => {
    const r = parseHmacHeader(' mac = "6AZk96DG6F0jSIaEpbK4Ng==" ,USERNAME=Bruce2');
    expect(r).toEqual({
      ok: true,
      header: { algorithm: 'MD5', username: 'Bruce2', mac: '6AZk96DG6F0jSIaEpbK4Ng==' },
      warnings: [],
    });
  });
  it('verifies a body and rejects a changed one', () => {
    const r = parseHmacHeader(formatHmacHeader('Bruce2', computeHmac('Bruce2', 'OhBehave', nonce, body)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(verifyHmac(r.header, 'OhBehave', body, [{ kind: 'given', bytes: nonce }]).ok).toBe(true);
    expect(
      verifyHmac(r.header, 'OhBehave', Buffer.concat([body, Buffer.from(' ')]), [{ kind: 'given', bytes: nonce }]).ok,
    ).toBe(false);
  });
  it('reports bad header syntax by parameter name, not value', () => {
    const cases: Array<[string, RegExp]> = [
      ['algorithm=MD5, username="Bruce2"', /missing mac/],
      ['algorithm=MD5, mac=abc', /missing username/],
      ['username "Bruce2", mac=abc', /"username" has no "="/],
      ['username="Bruce2, mac=abc', /unterminated/],
      ['username="Bruce2" mac=abc', /expected ","/],
    ];
    for (const [v, re] of cases) {
      const r = parseHmacHeader(v);
      expect(r.ok, v).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(re);
        expect(r.reason).not.toContain('abc');
      }
    }
  });
  it('warns on unknown parameters and non-MD5 algorithms', () => {
    const r = parseHmacHeader('algorithm=SHA1, username=u, mac=m, foo=1');
    expect(r.ok && r.warnings).toEqual(['unknown parameter "foo"', 'algorithm "SHA1" is not MD5']);
  });
});
