/**
 * The session fixtures (fixtures/sessions/*.pcapng, made by fixtures/tools/capture-all.sh) carry
 * credentials that verify with the documented test-only pairs of fixtures/sessions/credentials.json.
 * Bodies come out of the captures through tshark, WBXML through libwbxml's wbxml2xml.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBasic } from '../../src/auth/basic.js';
import { deviceCredential, loadCredentials, serverCredential, type Credentials } from '../../src/auth/credentials.js';
import { nonceCandidates, verifyMd5 } from '../../src/auth/md5.js';
import { decodeNotification, verifyNotification } from '../../src/notification/package0.js';
import { fixtures } from '../helpers.js';
import { tsharkHttp, type TsharkHttp } from './tshark.js';

const dir = path.join(fixtures, 'sessions');
let creds: Credentials;
beforeAll(async () => {
  const load = await loadCredentials({ file: path.join(dir, 'credentials.json') });
  expect(load.problems).toEqual([]);
  creds = load.credentials;
});

const text = (m: TsharkHttp) => m.body.toString('utf8');
const one = (re: RegExp, s: string) => re.exec(s)?.[1];
const hdr = (xml: string) => one(/<SyncHdr>([\s\S]*?)<\/SyncHdr>/, xml) ?? '';
const credOf = (xml: string) => {
  const c = one(/<Cred>([\s\S]*?)<\/Cred>/, hdr(xml));
  return c === undefined ? undefined : { type: one(/<Type[^>]*>([^<]*)</, c), data: one(/<Data>([^<]*)</, c)! };
};
const device = (xml: string) => one(/<Source><LocURI>([^<]*)<\/LocURI><\/Source>/, hdr(xml))!;
const sessionId = (xml: string) => one(/<SessionID>([^<]*)<\/SessionID>/, xml);
/** The Status for the SyncHdr: its Data and the NextNonce of its Chal, if any. */
const hdrStatus = (xml: string) => {
  const s = /<Status>(?:(?!<\/Status>)[\s\S])*?<Cmd>SyncHdr<\/Cmd>[\s\S]*?<\/Status>/.exec(xml)?.[0] ?? '';
  return { data: one(/<Data>([^<]*)<\/Data>/, s), nextNonce: one(/<NextNonce[^>]*>([^<]*)</, s) };
};

function expectBasicClient(xml: string) {
  const c = credOf(xml);
  expect(c?.type).toBe('syncml:auth-basic');
  const want = deviceCredential(creds, device(xml))!;
  expect(decodeBasic(c!.data)).toEqual({ ok: true, user: want.user, password: want.credential.password });
}

describe.each(['multi-message', 'large-object', 'aborted-client', 'aborted-server', 'cut', 'three-devices'])(
  '%s.pcapng basic credentials',
  (name) => {
    it('every Package 1 carries the documented basic credential', () => {
      const reqs = tsharkHttp(path.join(dir, `${name}.pcapng`)).filter((m) => m.kind === 'request');
      const pkg1 = reqs.map(text).filter((x) => /<Data>120[01]<\/Data><\/Alert>/.test(x));
      expect(pkg1.length).toBe(name === 'three-devices' ? 3 : 1);
      pkg1.forEach(expectBasicClient);
    });
  },
);

describe('md5-challenge.pcapng', () => {
  const msgs = tsharkHttp(path.join(dir, 'md5-challenge.pcapng'));
  it('is three requests, each answered', () => {
    expect(msgs.map((m) => m.kind)).toEqual(['request', 'response', 'request', 'response', 'request', 'response']);
  });
  it('Package 1 has no credentials; the 407 challenge carries a b64 NextNonce; the resent Package 1 verifies with it', () => {
    const [p1, chal, p1again, ok] = msgs.map(text);
    expect(credOf(p1!)).toBeUndefined();
    const h = hdrStatus(chal!);
    expect(h.data).toBe('407');
    const c = credOf(p1again!)!;
    expect(c.type).toBe('syncml:auth-md5');
    expect(sessionId(p1again!)).toBe(sessionId(p1!));
    const dev = deviceCredential(creds, device(p1again!))!;
    const r = verifyMd5(c.data, dev.user, dev.credential.password, nonceCandidates(h.nextNonce));
    expect(r).toMatchObject({ ok: true, matched: { kind: 'decoded' } });
    // 212 with a fresh nonce for the next session.
    const h2 = hdrStatus(ok!);
    expect(h2.data).toBe('212');
    expect(h2.nextNonce).toBeDefined();
    expect(h2.nextNonce).not.toBe(h.nextNonce);
  });
});

describe('wbxml.pcapng', () => {
  const msgs = tsharkHttp(path.join(dir, 'wbxml.pcapng'));
  const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-wbxml-'));
  const xml = msgs.map((m, i) => {
    const f = path.join(tmp, `${i}.wbxml`);
    writeFileSync(f, m.body);
    return execFileSync('wbxml2xml', ['-o', '-', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  });
  it('carries WBXML 1.2 bodies of SyncML 1.2 with the wbxml content type', () => {
    for (const m of msgs) {
      expect(m.contentType).toBe('application/vnd.syncml.dm+wbxml');
      expect([...m.body.subarray(0, 3)]).toEqual([0x02, 0xa4, 0x01]);
    }
  });
  it('the resent Package 1 MD5 credential verifies with the challenge nonce', () => {
    const h = hdrStatus(xml[1]!.replace(/\n/g, ''));
    expect(h.data).toBe('407');
    const p1 = xml[2]!.replace(/\n/g, '');
    const c = credOf(p1)!;
    const dev = deviceCredential(creds, device(p1))!;
    expect(verifyMd5(c.data, dev.user, dev.credential.password, nonceCandidates(h.nextNonce)).ok).toBe(true);
  });
});

describe('pkg0.pcapng', () => {
  const msgs = tsharkHttp(path.join(dir, 'pkg0.pcapng'));
  const trigger = msgs[0]!;
  it('begins with the notification POSTed to the device, equal to pkg0/trigger.bin', () => {
    expect(trigger.kind).toBe('request');
    expect(trigger.contentType).toBe('application/vnd.syncml.notification');
    expect(trigger.body.equals(readFileSync(path.join(dir, 'pkg0', 'trigger.bin')))).toBe(true);
  });
  it('decodes cleanly and its digest verifies with the server password and stored nonce', () => {
    const d = decodeNotification(trigger.body, { input: 'pkg0.pcapng', frame: trigger.frame });
    expect(d.problems).toEqual([]);
    const n = d.notification!;
    expect(n).toMatchObject({
      version: 11,
      uiMode: 'background',
      initiator: 'server',
      serverId: 'dmtrace-test-server',
    });
    const srv = serverCredential(creds, n.serverId)!;
    expect(srv.id).toBe('dmtrace-test-server');
    const r = verifyNotification(trigger.body, srv.credential.password, nonceCandidates(srv.credential.nonce));
    expect(r).toMatchObject({ ok: true, matched: { kind: 'decoded' } });
    expect(verifyNotification(trigger.body, 'client-secret', nonceCandidates(srv.credential.nonce)).ok).toBe(false);
  });
  it('is followed by a Package 1 with Alert 1200 and SessionID = the trigger session id in hex', () => {
    const n = decodeNotification(trigger.body, { input: 'pkg0.pcapng' }).notification!;
    const p1 = text(msgs.find((m, i) => i > 0 && m.kind === 'request')!);
    expect(p1).toMatch(/<Alert><CmdID>1<\/CmdID><Data>1200<\/Data><\/Alert>/);
    expect(sessionId(p1)).toBe(n.sessionIdHex);
  });
  it('client and server MD5 credentials verify with the stored nonces', () => {
    const dm = msgs.filter((m) => m.contentType?.startsWith('application/vnd.syncml.dm'));
    const p1 = text(dm[0]!);
    const p2 = text(dm[1]!);
    const dev = deviceCredential(creds, device(p1))!;
    expect(
      verifyMd5(credOf(p1)!.data, dev.user, dev.credential.password, nonceCandidates(dev.credential.nonce)),
    ).toMatchObject({ ok: true, matched: { kind: 'decoded' } });
    const srv = serverCredential(creds, device(p2))!;
    expect(srv.user).toBe('dmtrace-test-server');
    expect(
      verifyMd5(credOf(p2)!.data, srv.user, srv.credential.password, nonceCandidates(srv.credential.nonce)).ok,
    ).toBe(true);
  });
});

describe('shape of the other captures', () => {
  it('cut.pcapng ends after the Package 3 request, its answer missing', () => {
    const msgs = tsharkHttp(path.join(dir, 'cut.pcapng'));
    expect(msgs.map((m) => m.kind)).toEqual(['request', 'response', 'request']);
  });
  it('three-devices.pcapng interleaves three devices with their own SessionIDs', () => {
    const reqs = tsharkHttp(path.join(dir, 'three-devices.pcapng'))
      .filter((m) => m.kind === 'request')
      .map(text);
    const keys = reqs.map((x) => `${device(x)}/${sessionId(x)}`);
    expect(new Set(keys).size).toBe(3);
    // Not grouped: some device's request comes between two requests of another device.
    const grouped = keys.every((k, i) => i === 0 || k === keys[i - 1] || !keys.slice(0, i - 1).includes(k));
    expect(grouped).toBe(false);
  });
  it("large-object.pcapng: three chunks whose total matches the first chunk's Meta Size", () => {
    const res = tsharkHttp(path.join(dir, 'large-object.pcapng'))
      .filter((m) => m.kind === 'response')
      .map(text);
    const chunks = res
      .map((x) => one(/<LocURI>\.\/DevDetail\/Ext\/Blob<\/LocURI><\/Target>[\s\S]*?<Data>([^<]*)<\/Data>/, x))
      .filter((d) => d !== undefined);
    expect(chunks).toHaveLength(3);
    const size = res.map((x) => one(/<Size[^>]*>(\d+)<\/Size>/, x)).filter((s) => s !== undefined);
    expect(size).toHaveLength(1);
    expect(chunks.join('').length).toBe(Number(size[0]));
  });
});
