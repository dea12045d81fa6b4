import { describe, expect, it } from 'vitest';
import {
  decodeNotification,
  encodeNotification,
  encodeTrigger,
  notificationDigest,
  verifyNotification,
  wapPushWrapperLength,
} from '../../src/notification/package0.js';
import { nonceCandidates, resyncNonces } from '../../src/auth/md5.js';

const origin = { input: 'test' };
// DM Notification 1.2.1 appendix example header (docs/dm-facts.md §7.1).
const specHeader = Buffer.concat([Buffer.from('02D00000001234' + '12', 'hex'), Buffer.from('com.mgmtsrv.manage')]);
const digest16 = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const specPdu = Buffer.concat([digest16, specHeader]);

describe('Package 0 decode', () => {
  it('decodes the spec example header', () => {
    const r = decodeNotification(specPdu, origin);
    expect(r.problems).toEqual([]);
    expect(r.notification).toMatchObject({
      digest: '00112233445566778899aabbccddeeff',
      version: 11,
      uiMode: 'background',
      initiator: 'client',
      sessionId: 0x1234,
      sessionIdHex: '1234',
      serverId: 'com.mgmtsrv.manage',
      origin,
    });
    expect(r.notification!.vendor.length).toBe(0);
    expect(Buffer.from(r.trigger!).equals(specHeader)).toBe(true);
  });
  it('encodes the same header bytes from the fields', () => {
    const t = encodeTrigger({
      uiMode: 'background',
      initiator: 'client',
      sessionId: 0x1234,
      serverId: 'com.mgmtsrv.manage',
    });
    expect(Buffer.from(t).toString('hex')).toBe(specHeader.toString('hex'));
  });
  it('prints the session id as uppercase hex without leading zeros and keeps vendor bytes', () => {
    const pdu = encodeNotification(
      {
        uiMode: 'user-interaction',
        initiator: 'server',
        sessionId: 0x00ab,
        serverId: 'srv',
        vendor: Buffer.from([1, 2, 3]),
      },
      { digest: digest16 },
    );
    const n = decodeNotification(pdu, origin).notification!;
    expect(n.sessionIdHex).toBe('AB');
    expect(n.uiMode).toBe('user-interaction');
    expect(n.initiator).toBe('server');
    expect([...n.vendor]).toEqual([1, 2, 3]);
  });
  it('warns on a version other than 11', () => {
    const pdu = encodeNotification(
      { version: 12, uiMode: 'informative', initiator: 'client', sessionId: 1, serverId: 's' },
      { digest: digest16 },
    );
    const r = decodeNotification(pdu, origin);
    expect(r.notification?.version).toBe(12);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'pkg0-version', offset: 16 })]);
  });
  it('reports non-zero future-use bits as an error at offset 17', () => {
    const pdu = encodeNotification(
      { uiMode: 'background', initiator: 'client', sessionId: 1, serverId: 's', futureUse: 0x100 },
      { digest: digest16 },
    );
    const r = decodeNotification(pdu, origin);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'error', code: 'pkg0-future-use', offset: 17 })]);
    expect(r.notification).toBeDefined();
  });
  it('reports a PDU shorter than 24 bytes with the offset where it ends', () => {
    const r = decodeNotification(specPdu.subarray(0, 20), origin);
    expect(r.notification).toBeUndefined();
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'error', code: 'pkg0-short', offset: 20 })]);
  });
  it('reports a server id cut short', () => {
    const r = decodeNotification(specPdu.subarray(0, specPdu.length - 3), origin);
    expect(r.notification).toBeUndefined();
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'pkg0-cut', offset: specPdu.length - 3 }),
    ]);
    expect(r.problems[0]!.message).toMatch(/length is 18 but only 15/);
  });
  it('reports session id 0 and an empty server id', () => {
    const pdu = encodeNotification(
      { uiMode: 'background', initiator: 'client', sessionId: 0, serverId: '' },
      { digest: digest16 },
    );
    const codes = decodeNotification(pdu, origin).problems.map((p) => p.code);
    expect(codes).toEqual(['pkg0-session-id-zero', 'pkg0-empty-server-id']);
  });
  it('accepts the WAP push wrapper of the app2.jpeg example and offsets problems past it', () => {
    const wrapper = Buffer.from('0605040B84C002' + '010603C4AF87', 'hex');
    const pdu = Buffer.concat([wrapper, specPdu]);
    expect(wapPushWrapperLength(pdu)).toBe(13);
    const r = decodeNotification(pdu, origin);
    expect(r.wrapperLength).toBe(13);
    expect(r.notification?.serverId).toBe('com.mgmtsrv.manage');
    expect(r.problems.map((p) => p.code)).toEqual(['pkg0-wap-push']);
    const cut = decodeNotification(pdu.subarray(0, 13 + 30), origin);
    expect(cut.problems.find((p) => p.code === 'pkg0-cut')?.offset).toBe(43);
  });
  it('does not take a raw PDU for a wrapped one', () => {
    expect(wapPushWrapperLength(specPdu)).toBeUndefined();
    // A wrapper to another port is not a DM notification.
    expect(
      wapPushWrapperLength(Buffer.concat([Buffer.from('0605040B85C002010603C4AF87', 'hex'), specPdu])),
    ).toBeUndefined();
  });
});

describe('Package 0 digest', () => {
  const fields = {
    uiMode: 'background',
    initiator: 'server',
    sessionId: 0x1234,
    serverId: 'com.mgmtsrv.manage',
  } as const;
  const nonceB64 = Buffer.from('srv-nonce-0001').toString('base64');
  it('round-trips: encode with a password and nonce, verify with the decoded NextNonce', () => {
    const pdu = encodeNotification(fields, { password: 'srvsecret', nonce: Buffer.from('srv-nonce-0001') });
    const r = verifyNotification(pdu, 'srvsecret', nonceCandidates(nonceB64));
    expect(r.ok).toBe(true);
    expect(r.matched?.kind).toBe('decoded');
    expect(verifyNotification(pdu, 'other', nonceCandidates(nonceB64)).ok).toBe(false);
  });
  it('matches the formula MD5(B64(MD5(id:pw)):nonce:B64(MD5(trigger)))', async () => {
    const { createHash } = await import('node:crypto');
    const h = (b: string | Buffer) => createHash('md5').update(b).digest();
    const trigger = encodeTrigger(fields);
    const want = h(
      `${h('com.mgmtsrv.manage:srvsecret').toString('base64')}:N:${h(Buffer.from(trigger)).toString('base64')}`,
    );
    expect(
      Buffer.from(notificationDigest('com.mgmtsrv.manage', 'srvsecret', Buffer.from('N'), trigger)).equals(want),
    ).toBe(true);
  });
  it('detects a changed trigger byte', () => {
    const pdu = Buffer.from(
      encodeNotification(fields, { password: 'srvsecret', nonce: Buffer.from('srv-nonce-0001') }),
    );
    pdu.writeUInt8(pdu.readUInt8(22) ^ 1, 22);
    expect(verifyNotification(pdu, 'srvsecret', nonceCandidates(nonceB64)).ok).toBe(false);
  });
  it('falls back to each resync nonce encoding', () => {
    for (const c of resyncNonces()) {
      const pdu = encodeNotification(fields, { password: 'srvsecret', nonce: c.bytes });
      expect(verifyNotification(pdu, 'srvsecret', nonceCandidates(nonceB64)).matched?.kind).toBe(c.kind);
    }
  });
});
