/**
 * The device side checks the live server's credentials (DM Security §5): SyncHdr Cred (basic, MD5
 * over the nonce the device issued) and the x-syncml-hmac header of server responses. A mismatch
 * is a divergence naming the side, the message and the nonce used, never a secret; --strict fails.
 * The live server is the replay server on 127.0.0.1, port 0.
 */
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { corpus, fixtures, runCli } from '../helpers.js';
import { credentialsFrom, expectNoDivergence, recordingFrom, withMessage, withReplayServer } from './helpers.js';
import { replayAsClient } from '../../src/replay/client.js';
import { renderReport, replayFailed, reportReplay, type ReplayReport } from '../../src/replay/report.js';
import type { Recording } from '../../src/replay/recording.js';
import type { Credentials } from '../../src/auth/credentials.js';
import { childAt, cloneTree, credOf } from '../../src/replay/dm.js';
import { md5Digest } from '../../src/auth/md5.js';
import { encodeBasic } from '../../src/auth/basic.js';
import { computeHmac } from '../../src/auth/hmac.js';
import { nonceBytes } from '../../src/replay/rewrite.js';
import type { Element } from '../../src/model/tree.js';

const LIBDMCLIENT = path.join(corpus, 'captures/libdmclient-xml-auth.pcapng');
const LIBDMCLIENT_CREDS = path.join(fixtures, 'replay/libdmclient-credentials.json');

/** The replay server with `serverCreds` serving `rec`; the device side replaying it with `clientCreds`. */
async function pair(
  rec: Recording,
  serverCreds: Credentials,
  clientCreds: Credentials,
): Promise<{ client: ReplayReport; server: ReplayReport | undefined }> {
  return withReplayServer(rec, { credentials: serverCreds }, async (srv, ended) => {
    const res = await replayAsClient(rec, {
      url: `${srv.url}funambol/dm`,
      timeoutMs: 10_000,
      credentials: clientCreds,
    });
    return { client: reportReplay(rec, res, { input: 'live', server: 'client' }), server: ended[0] };
  });
}

/** Credentials with the server entry `*` replaced. */
async function withServerEntry(entry: { user?: string; password: string; nonce?: string }): Promise<Credentials> {
  const c = await credentialsFrom(LIBDMCLIENT_CREDS);
  c.servers.set('*', entry);
  return c;
}

/** The recording with the server's Package 2 Cred copied into Package 4 (index 3): signed over the nonce the device issued in Package 3. */
function pkg4WithCred(rec: Recording): Recording {
  const cred = childAt(rec.messages[1]!.tree, 'SyncHdr', 'Cred')!;
  return withMessage(rec, 3, (t) => {
    const hdr = childAt(t, 'SyncHdr')!;
    hdr.children.push(cloneTree(cred));
  });
}

const SECRETS = ['srvpwd', 'not-srvpwd', 'funambol:'];

function expectNoSecrets(r: ReplayReport): void {
  const text = renderReport(r);
  for (const s of SECRETS) expect(text).not.toContain(s);
  for (const m of r.result.live) {
    const c = credOf(m.tree);
    if (c && c.data.length > 4) expect(text).not.toContain(c.data);
  }
}

describe('SyncHdr Cred of the live server', () => {
  test('the real capture: the server MD5 Cred in Package 2 verifies (stored empty server nonce); no divergence', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const { client, server } = await pair(rec, creds, creds);
    expectNoDivergence(client, server);
    // The Cred checked is the MD5 digest of funambol:srvpwd over the empty nonce (computed here independently).
    const pkg2 = client.result.live[1]!;
    expect(credOf(pkg2.tree)).toEqual({
      type: 'syncml:auth-md5',
      data: md5Digest('funambol', 'srvpwd', new Uint8Array(0)),
    });
    expect(client.result.info.join('\n')).not.toMatch(/server's credentials are not verified/);
  });

  test('a wrong server password: a divergence naming the side, the message and the nonce; --strict fails; no secret printed', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const wrong = await withServerEntry({ user: 'funambol', password: 'not-srvpwd', nonce: '' });
    const { client } = await pair(rec, creds, wrong);
    expect(client.result.outcome).toBe('completed');
    expect(client.comparison.notes).toEqual([
      `the live server's credentials in server msg 1 (the answer to Package 1 (client msg 1)): ` +
        `its SyncHdr Cred syncml:auth-md5 does not verify with the server entry "*" of the ` +
        `credentials and an empty nonce (none stored, none issued)`,
    ]);
    expect(client.comparison.divergent).toBe(true);
    expect(replayFailed(client, true)).toBe(true);
    expect(replayFailed(client, false)).toBe(false);
    expectNoSecrets(client);
  });

  test('a different stored server nonce on the two sides: the mismatch names the stored nonce, not its value', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const serverSide = await withServerEntry({
      user: 'funambol',
      password: 'srvpwd',
      nonce: Buffer.from('server-side-nonce').toString('base64'),
    });
    const deviceSide = await withServerEntry({
      user: 'funambol',
      password: 'srvpwd',
      nonce: Buffer.from('device-side-nonce').toString('base64'),
    });
    const { client } = await pair(rec, serverSide, deviceSide);
    expect(client.comparison.notes).toEqual([
      `the live server's credentials in server msg 1 (the answer to Package 1 (client msg 1)): ` +
        `its SyncHdr Cred syncml:auth-md5 does not verify with the server entry "*" of the ` +
        `credentials and the stored server nonce of the credentials`,
    ]);
    expect(renderReport(client)).not.toContain(Buffer.from('device-side-nonce').toString('base64'));
    expect(renderReport(client)).not.toContain('device-side-nonce');
  });

  test('a server Cred after the device challenged the server: checked over the nonce the device issued (Package 3 Chal)', async () => {
    const rec = pkg4WithCred(await recordingFrom(LIBDMCLIENT));
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const { client, server } = await pair(rec, creds, creds);
    expectNoDivergence(client, server);
    // The live Package 4 Cred is the digest over the nonce of the Chal the device sent in Package 3.
    const pkg3 = client.result.live[2]!;
    const chal = childAt(pkg3.tree, 'SyncBody', 'Status', 'Chal', 'Meta', 'NextNonce');
    const nonce = (chal?.children[0] as { value: string }).value;
    expect(credOf(client.result.live[3]!.tree)!.data).toBe(md5Digest('funambol', 'srvpwd', nonceBytes(nonce)));

    const wrong = await withServerEntry({ user: 'funambol', password: 'not-srvpwd', nonce: '' });
    const bad = await pair(rec, creds, wrong);
    expect(bad.client.comparison.notes).toContain(
      `the live server's credentials in server msg 2 (the answer to Package 3 (client msg 2)): ` +
        `its SyncHdr Cred syncml:auth-md5 does not verify with the server entry "*" of the ` +
        `credentials and the nonce the device issued in Package 3 (client msg 2)`,
    );
    expectNoSecrets(bad.client);
  });

  test('a live server that leaves out the Cred the recording has: reported', async () => {
    const withCred = pkg4WithCred(await recordingFrom(LIBDMCLIENT));
    const plain = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const client = await withReplayServer(plain, { credentials: creds }, async (srv) =>
      reportReplay(
        withCred,
        await replayAsClient(withCred, { url: `${srv.url}funambol/dm`, timeoutMs: 10_000, credentials: creds }),
        { input: 'l', server: 'c' },
      ),
    );
    expect(client.comparison.notes).toEqual([
      'the live server sent no credentials in Package 4 (server msg 2) where the recording has SyncHdr Cred syncml:auth-md5',
    ]);
  });

  test('a basic server Cred: the mismatch does not name a nonce (basic uses none)', async () => {
    const base = await recordingFrom(LIBDMCLIENT);
    const rec = withMessage(base, 1, (t) => {
      const cred = childAt(t, 'SyncHdr', 'Cred')!;
      const type = childAt(cred, 'Meta', 'Type')!;
      type.children = [{ kind: 'text', value: 'syncml:auth-basic', pos: {} }];
    });
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const ok = await pair(rec, creds, creds);
    expectNoDivergence(ok.client);
    expect(credOf(ok.client.result.live[1]!.tree)).toEqual({
      type: 'syncml:auth-basic',
      data: encodeBasic('funambol', 'srvpwd'),
    });
    const bad = await pair(rec, creds, await withServerEntry({ user: 'funambol', password: 'not-srvpwd' }));
    expect(bad.client.comparison.notes).toEqual([
      `the live server's credentials in server msg 1 (the answer to Package 1 (client msg 1)): its SyncHdr Cred syncml:auth-basic does not verify with the server entry "*" of the credentials`,
    ]);
    expectNoSecrets(bad.client);
  });

  test('without server credentials the device side says it did not verify them, and reports nothing', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const noServer = await credentialsFrom(LIBDMCLIENT_CREDS);
    noServer.servers.clear();
    const { client } = await pair(rec, creds, noServer);
    expect(client.comparison.notes).toEqual([]);
    expect(client.result.info).toContain(
      `the live server's credentials are not verified: no server credentials (--credentials or DMTRACE_SERVER_*)`,
    );
  });
});

describe('x-syncml-hmac of the live server', () => {
  /** The recording with the server authenticating by HMAC on its responses instead of a Cred. */
  function hmacServer(base: Recording): Recording {
    const messages = base.messages.map((m) => ({ ...m, tree: cloneTree(m.tree), headers: [...m.headers] }));
    for (const m of messages.filter((x) => x.direction === 'server')) {
      const hdr = childAt(m.tree, 'SyncHdr')!;
      hdr.children = hdr.children.filter((c) => !(c.kind === 'element' && (c as Element).name === 'Cred'));
      m.headers.push(['x-syncml-hmac', 'algorithm=MD5, username="funambol", mac=recorded==']);
    }
    return { ...base, messages };
  }

  test('recomputed by the server side, verified by the device side over the body as received; a wrong password is reported', async () => {
    const rec = hmacServer(await recordingFrom(LIBDMCLIENT));
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const { client, server } = await pair(rec, creds, creds);
    expectNoDivergence(client, server);
    // Package 4 answers Package 3, whose Chal carries the device's nonce: the MAC is over that nonce (computed here independently).
    const pkg4 = client.result.live[3]!;
    const chal = childAt(client.result.live[2]!.tree, 'SyncBody', 'Status', 'Chal', 'Meta', 'NextNonce');
    const nonce = nonceBytes((chal?.children[0] as { value: string }).value);
    const header = pkg4.headers.find(([k]) => k.toLowerCase() === 'x-syncml-hmac')![1];
    expect(header).toBe(
      `algorithm=MD5, username="funambol", mac=${computeHmac('funambol', 'srvpwd', nonce, pkg4.raw)}`,
    );

    const bad = await pair(rec, creds, await withServerEntry({ user: 'funambol', password: 'not-srvpwd', nonce: '' }));
    expect(bad.client.comparison.notes).toEqual([
      `the live server's credentials in server msg 1 (the answer to Package 1 (client msg 1)): ` +
        `its x-syncml-hmac header does not verify with the server entry "*" of the credentials and ` +
        `an empty nonce (none stored, none issued)`,
      `the live server's credentials in server msg 2 (the answer to Package 3 (client msg 2)): ` +
        `its x-syncml-hmac header does not verify with the server entry "*" of the credentials and ` +
        `the nonce the device issued in Package 3 (client msg 2)`,
    ]);
    expectNoSecrets(bad.client);
  });
});

describe('dmtrace replay --as client --strict', () => {
  test('a server whose credentials do not verify: exit 0 without --strict, 1 with it; the line on stdout', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const serverCreds = await withServerEntry({ user: 'funambol', password: 'other-server-password', nonce: '' });
    serverCreds.devices.set('*', { user: 'funambol', password: 'funambol' });
    await withReplayServer(rec, { credentials: serverCreds }, async (srv) => {
      const url = `${srv.url}funambol/dm`;
      const lax = await runCli([
        'replay',
        LIBDMCLIENT,
        '--as',
        'client',
        '--server',
        url,
        '--credentials',
        LIBDMCLIENT_CREDS,
      ]);
      expect(lax.code, lax.stderr).toBe(0);
      expect(lax.stdout).toContain(
        `! the live server's credentials in server msg 1 (the answer to Package 1 (client msg 1)): its SyncHdr Cred syncml:auth-md5 does not verify`,
      );
      const strict = await runCli([
        'replay',
        LIBDMCLIENT,
        '--as',
        'client',
        '--server',
        url,
        '--credentials',
        LIBDMCLIENT_CREDS,
        '--strict',
      ]);
      expect(strict.code).toBe(1);
      for (const s of ['srvpwd', 'other-server-password']) expect(strict.stdout + strict.stderr).not.toContain(s);
    });
  });
});
