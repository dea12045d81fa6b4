/**
 * Auth on real bytes: Intel libdmclient's test client (fixtures/corpus/captures), bodies taken
 * out of the pcapng by tshark, the reference dissector.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBasic } from '../../src/auth/basic.js';
import { nonceCandidates, verifyMd5 } from '../../src/auth/md5.js';
import { corpus } from '../helpers.js';
import { tsharkHttp } from './tshark.js';

/** Cred Meta Type and Data from a SyncHdr (first Cred in the message). */
function cred(xml: string): { type?: string; data?: string } {
  const c = /<Cred>([\s\S]*?)<\/Cred>/.exec(xml)?.[1] ?? '';
  return { type: /<Type[^>]*>([^<]*)<\/Type>/.exec(c)?.[1], data: /<Data>([^<]*)<\/Data>/.exec(c)?.[1] };
}

const file = path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng');

describe('libdmclient capture credentials', () => {
  const msgs = tsharkHttp(file);
  const bodies = msgs.map((m) => m.body.toString('utf8'));
  it('has the four messages of the session', () => {
    expect(msgs.map((m) => m.kind)).toEqual(['request', 'response', 'request', 'response']);
    expect(bodies.every((b) => b.includes('<SyncML'))).toBe(true);
  });
  it('Package 1 carries a basic credential that decodes to user:password', () => {
    const c = cred(bodies[0]!);
    expect(c.type).toBe('syncml:auth-basic');
    const d = decodeBasic(c.data!);
    expect(d.ok).toBe(true);
    // The libdmclient test client's account: user "funambol", password "funambol".
    expect(d.ok && d.user).toBe('funambol');
    expect(d.ok && d.password).toBe('funambol');
  });
  it('Package 2 carries an MD5 server credential that verifies with the empty initial nonce', () => {
    const c = cred(bodies[1]!);
    expect(c.type).toBe('syncml:auth-md5');
    expect(c.data).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    // No Chal preceded it, so the server used its stored (empty) nonce. User "funambol" and
    // password "srvpwd" were found by trying obvious candidates; the digest matches exactly.
    const r = verifyMd5(c.data!, 'funambol', 'srvpwd', [{ kind: 'given', bytes: new Uint8Array(0) }]);
    expect(r.ok).toBe(true);
    expect(verifyMd5(c.data!, 'funambol', 'funambol', [{ kind: 'given', bytes: new Uint8Array(0) }]).ok).toBe(false);
  });
  it('the client answers the server credential with 212 and a Chal carrying a b64 NextNonce', () => {
    const p3 = bodies[2]!;
    const hdrStatus = /<Status>(?:(?!<\/Status>)[\s\S])*?<Cmd>SyncHdr<\/Cmd>[\s\S]*?<\/Status>/.exec(p3)![0];
    expect(hdrStatus).toMatch(/<Data>212<\/Data>/);
    const nn = /<NextNonce[^>]*>([^<]*)<\/NextNonce>/.exec(hdrStatus)![1]!;
    expect(nonceCandidates(nn)[0]!.kind).toBe('decoded');
  });
});
