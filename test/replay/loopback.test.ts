/**
 * Done-when tests of issue 6 over loopback HTTP: the server side replaying a real recording
 * against the client side replaying the same recording, and variants where one side diverges.
 * Every server listens on port 0 (the port is read back); no fixed ports.
 */
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { corpus, fixtures } from '../helpers.js';
import {
  credentialsFrom,
  expectNoDivergence,
  recordingFrom,
  sessionFrom,
  withMessage,
  withReplayServer,
} from './helpers.js';
import { lintSession } from '../../src/rules/engine.js';
import { rules } from '../../src/rules/index.js';
import { replayAsClient, type ClientReplayOptions } from '../../src/replay/client.js';
import type { ServerReplayOptions } from '../../src/replay/server.js';
import { reportReplay, renderReport, type ReplayReport } from '../../src/replay/report.js';
import type { Recording } from '../../src/replay/recording.js';
import type { Credentials } from '../../src/auth/credentials.js';
import {
  appendCommands,
  chalOf,
  childAt,
  cloneTree,
  commandsOf,
  credOf,
  hdrStatusOf,
  msgIdOf,
  sessionIdOf,
  targetOf,
  sourceOf,
  textAt,
} from '../../src/replay/dm.js';
import { readXml } from '../../src/xml/read.js';
import { md5Digest } from '../../src/auth/md5.js';
import { decodeBasic } from '../../src/auth/basic.js';
import { nonceBytes } from '../../src/replay/rewrite.js';
import type { Element } from '../../src/model/tree.js';

const LIBDMCLIENT = path.join(corpus, 'captures/libdmclient-xml-auth.pcapng');
const LIBDMCLIENT_CREDS = path.join(fixtures, 'replay/libdmclient-credentials.json');
const SESSIONS_CREDS = path.join(fixtures, 'sessions/credentials.json');

interface Pair {
  client: ReplayReport;
  server?: ReplayReport;
}

/** Serves `serverRec` on 127.0.0.1:0, replays `clientRec` against it, returns both sides' reports. */
async function pair(
  serverRec: Recording,
  clientRec: Recording,
  o: {
    serverCreds?: Credentials;
    clientCreds?: Credentials;
    server?: Partial<ServerReplayOptions>;
    client?: Partial<ClientReplayOptions>;
  } = {},
): Promise<Pair> {
  return withReplayServer(
    serverRec,
    { ...(o.serverCreds ? { credentials: o.serverCreds } : {}), ...o.server },
    async (srv, ended) => {
      const res = await replayAsClient(clientRec, {
        url: `${srv.url}dm`,
        timeoutMs: 10_000,
        ...(o.clientCreds ? { credentials: o.clientCreds } : {}),
        ...o.client,
      });
      const client = reportReplay(clientRec, res, { input: 'live', server: 'client' });
      return ended[0] ? { client, server: ended[0] } : { client };
    },
    { input: 'live', server: 'server' },
  );
}

function xmlCommand(xml: string): Element {
  return readXml(`<X xmlns="SYNCML:SYNCML1.2">${xml}</X>`).root!.children.find(
    (c): c is Element => c.kind === 'element',
  )!;
}

function diffLines(r: ReplayReport): string[] {
  return r.comparison.messages.flatMap((m) => m.diffs.map((d) => `${m.label}: ${d.text}`));
}

describe('libdmclient recording (real client capture) against itself', () => {
  test('server side and client side complete with no divergence; credentials, SessionID and references rewritten', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const { client, server } = await pair(rec, rec, {
      serverCreds: creds,
      clientCreds: creds,
      client: { sessionId: '42' },
    });
    expect(client.result.outcome, renderReport(client)).toBe('completed');
    expectNoDivergence(client, server);
    expect(client.result.live.map((m) => m.direction)).toEqual(['client', 'server', 'client', 'server']);
    expect(client.session?.packages).toEqual([1, 2, 3, 4]);
    // The live session is linted with the same rules: what fires on it fires on the recording too
    // (the Content-Type is kept as recorded, DS type and all).
    const recordedRules = new Set(lintSession(await sessionFrom(LIBDMCLIENT), { rules }).map((f) => f.rule));
    expect(client.findings.filter((f) => !recordedRules.has(f.rule))).toEqual([]);

    const [pkg1, pkg2, pkg3, pkg4] = client.result.live.map((m) => m.tree) as [Element, Element, Element, Element];
    // Basic client credential recomputed from the credentials file (funambol:funambol).
    const basic = decodeBasic(credOf(pkg1)!.data);
    expect(basic).toMatchObject({ ok: true, user: 'funambol', password: 'funambol' });
    // The server's MD5 credential recomputed for the nonce in force (empty: the client gave none yet).
    expect(credOf(pkg2)!.type).toBe('syncml:auth-md5');
    expect(credOf(pkg2)!.data).toBe(md5Digest('funambol', 'srvpwd', new Uint8Array()));
    // --session-id on the client side; the server answers in the device's session.
    for (const t of [pkg1, pkg2, pkg3, pkg4]) expect(sessionIdOf(t)).toBe('42');
    // The SyncHdr Status names the live headers (the live URL carries the loopback port, the recording :8080).
    const hdr2 = hdrStatusOf(pkg2)!;
    expect(textAt(hdr2, 'MsgRef')).toBe(msgIdOf(pkg1));
    expect(textAt(hdr2, 'TargetRef')).toBe(targetOf(pkg1));
    expect(targetOf(pkg1)).not.toContain(':8080');
    // Pkg3 statuses point at the live server's Get.
    const liveGet = commandsOf(pkg2).find((c) => c.name === 'Get')!;
    const getStatuses = commandsOf(pkg3).filter((c) => c.name === 'Status' && textAt(c, 'Cmd') === 'Get');
    expect(getStatuses).toHaveLength(2);
    for (const s of getStatuses) {
      expect(textAt(s, 'CmdRef')).toBe(textAt(liveGet, 'CmdID'));
      expect(textAt(s, 'MsgRef')).toBe(msgIdOf(pkg2));
    }
    // CmdIDs renumbered 1..n in every message.
    for (const t of [pkg1, pkg2, pkg3, pkg4])
      expect(commandsOf(t).map((c) => textAt(c, 'CmdID'))).toEqual(commandsOf(t).map((_, i) => String(i + 1)));
  });

  test('an extra Get from the server shows as live only, answered 404 from the device tree', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const serverRec = withMessage(rec, 1, (t) =>
      appendCommands(t, [
        xmlCommand('<Get><CmdID>6</CmdID><Item><Target><LocURI>./DevDetail/FwV</LocURI></Target></Item></Get>'),
      ]),
    );
    const { client, server } = await pair(serverRec, rec, { serverCreds: creds, clientCreds: creds });
    expect(client.result.outcome).toBe('completed');
    expect(diffLines(client)).toEqual([
      'Pkg2 server msg 1: + Get ./DevDetail/FwV (live only)',
      'Pkg3 client msg 2: + Status(Get ./DevDetail/FwV) 404 (live only)',
    ]);
    // The server side sees the device's extra answer to its extra Get.
    expect(diffLines(server!)).toEqual(['Pkg3 client msg 2: + Status(Get ./DevDetail/FwV) 404 (live only)']);
  });

  test('a Get for a node the recording shows is answered with its recorded value', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const serverRec = withMessage(rec, 1, (t) =>
      appendCommands(t, [
        xmlCommand('<Get><CmdID>6</CmdID><Item><Target><LocURI>./DevInfo/Man</LocURI></Target></Item></Get>'),
      ]),
    );
    const { client } = await pair(serverRec, rec, { serverCreds: creds, clientCreds: creds });
    expect(diffLines(client)).toEqual([
      'Pkg2 server msg 1: + Get ./DevInfo/Man (live only)',
      'Pkg3 client msg 2: + Status(Get ./DevInfo/Man) 200 (live only)',
      'Pkg3 client msg 2: + Results(./DevInfo/Man) "test manufacturer" (live only)',
    ]);
  });

  test('a changed command order shows as a move', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const serverRec = withMessage(rec, 1, (t) => {
      const body = childAt(t, 'SyncBody')!;
      const gi = body.children.findIndex((c) => c.kind === 'element' && c.name === 'Get');
      const ri = body.children.findIndex((c) => c.kind === 'element' && c.name === 'Replace');
      [body.children[gi], body.children[ri]] = [body.children[ri]!, body.children[gi]!];
    });
    const { client } = await pair(serverRec, rec, { serverCreds: creds, clientCreds: creds });
    const lines = diffLines(client);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Pkg2 server msg 1: ↕ (Get \.\/DevInfo\/Mod \.\/DevDetail\/SwV|Replace \.\/DevInfo\/Lang) moved \(recorded #\d, live #\d\)$/,
    );
  });

  test('a wrong basic credential: the server answers 401 with a Chal, the device gives up, both sides say so', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const wrong = await credentialsFrom(LIBDMCLIENT_CREDS);
    wrong.devices.set('DMCtest', { user: 'funambol', password: 'not-the-password' });
    const { client } = await pair(rec, rec, { serverCreds: creds, clientCreds: wrong });
    expect(client.result.outcome).toBe('failed');
    expect(client.result.failure).toMatch(/authentication failed/);
    const lines = diffLines(client);
    expect(lines).toContain(
      'Pkg2 server msg 1 (live only): + Status(SyncHdr) 401 + Chal syncml:auth-basic (live only)',
    );
    expect(client.comparison.notes.some((n) => /challenged Package 1/.test(n))).toBe(true);
    expect(renderReport(client)).not.toContain('not-the-password');
  });
});

describe('MD5 challenge with a fresh nonce (fixtures/sessions/md5-challenge.pcapng)', () => {
  test('the server issues a fresh nonce; the device digests with it; the server verifies; no divergence', async () => {
    const rec = await recordingFrom(path.join(fixtures, 'sessions/md5-challenge.pcapng'));
    const creds = await credentialsFrom(SESSIONS_CREDS);
    const { client, server } = await pair(rec, rec, { serverCreds: creds, clientCreds: creds });
    expectNoDivergence(client, server);
    expect(client.session?.packages).toEqual([1, 2, 1, 2, 3, 4]);
    const recordedNonce = chalOf(hdrStatusOf(rec.messages[1]!.tree)!)!.nextNonce;
    const liveNonce = chalOf(hdrStatusOf(client.result.live[1]!.tree)!)!.nextNonce!;
    expect(liveNonce).not.toBe(recordedNonce);
    expect(nonceBytes(liveNonce).length).toBe(16);
    const cred = credOf(client.result.live[2]!.tree)!;
    expect(cred.type).toBe('syncml:auth-md5');
    const dev = creds.devices.get('*')!;
    expect(cred.data).toBe(md5Digest(dev.user!, dev.password, nonceBytes(liveNonce)));
  });

  test('a wrong digest: 401 with a new Chal from the server, shown in both diffs and notes', async () => {
    const rec = await recordingFrom(path.join(fixtures, 'sessions/md5-challenge.pcapng'));
    const creds = await credentialsFrom(SESSIONS_CREDS);
    const wrong = await credentialsFrom(SESSIONS_CREDS);
    wrong.devices.set('*', { user: 'dmtrace-client', password: 'wrong' });
    await withReplayServer(rec, { credentials: creds }, async (srv) => {
      const res = await replayAsClient(rec, { url: `${srv.url}dm`, timeoutMs: 10_000, credentials: wrong });
      const client = reportReplay(rec, res, { input: 'l', server: 'c' });
      expect(client.result.outcome).toBe('failed');
      expect(diffLines(client)).toContain(
        'Pkg2 server msg 2 (live only): + Status(SyncHdr) 401 + Chal syncml:auth-md5 (live only)',
      );
      expect(srv.open()).toBe(1); // the device gave up mid-session
      const notes = srv.unfinished()[0]!.notes;
      expect(
        notes.filter((n) => /MD5 digest does not verify with the nonce this server issued: answered 401/.test(n)),
      ).toHaveLength(2);
      expect(notes.join('\n')).not.toContain('wrong');
    });
  });
});

describe('encodings', () => {
  test('WBXML recording (libwbxml-encoded messages) replays both ways with no divergence', async () => {
    const rec = await recordingFrom(path.join(fixtures, 'sessions/wbxml.pcapng'));
    const creds = await credentialsFrom(SESSIONS_CREDS);
    const { client, server } = await pair(rec, rec, { serverCreds: creds, clientCreds: creds });
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(server!.comparison.divergent).toBe(false);
    expect(new Set(client.result.live.map((m) => m.encoding))).toEqual(new Set(['wbxml']));
    expect(client.result.live.every((m) => /wbxml/.test(m.contentType))).toBe(true);
  });

  test('--encoding wbxml turns the XML recording into WBXML that libwbxml decodes', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const { client, server } = await pair(rec, rec, {
      serverCreds: creds,
      clientCreds: creds,
      client: { encoding: 'wbxml' },
      server: { encoding: 'wbxml' },
    });
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(server!.comparison.divergent).toBe(false);
    expect(client.result.live.map((m) => m.encoding)).toEqual(['wbxml', 'wbxml', 'wbxml', 'wbxml']);
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-replay-'));
    try {
      const input = path.join(dir, 'pkg2.wbxml');
      const output = path.join(dir, 'pkg2.xml');
      writeFileSync(input, client.result.live[1]!.raw);
      execFileSync('wbxml2xml', ['-o', output, input], { stdio: 'pipe' });
      const xml = readFileSync(output, 'utf8');
      expect(xml).toContain('<Get>');
      expect(xml).toContain('./DevDetail/SwV');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('multiple messages, large objects, aborts', () => {
  for (const name of ['multi-message', 'large-object', 'aborted-client', 'aborted-server', 'pkg0']) {
    test(`${name}: both sides replay with no divergence`, async () => {
      const rec = await recordingFrom(path.join(fixtures, `sessions/${name}.pcapng`));
      const creds = await credentialsFrom(SESSIONS_CREDS);
      const { client, server } = await pair(rec, rec, { serverCreds: creds, clientCreds: creds });
      expectNoDivergence(client, server);
      expect(client.result.live).toHaveLength(rec.messages.length);
      expect(client.result.outcome).toBe(name.startsWith('aborted') ? 'aborted' : 'completed');
    });
  }
});

describe('several devices at once', () => {
  test('the server keeps one state per device id + SessionID', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    creds.devices.set('*', { user: 'funambol', password: 'funambol' });
    await withReplayServer(rec, { credentials: creds }, async (srv, ended) => {
      const ids = ['IMEI:356900000000001', 'IMEI:356900000000002', 'IMEI:356900000000003', 'IMEI:356900000000004'];
      const results = await Promise.all(
        ids.map((deviceId) =>
          replayAsClient(rec, { url: `${srv.url}dm`, timeoutMs: 10_000, credentials: creds, deviceId }),
        ),
      );
      for (const r of results)
        expect(reportReplay(rec, r, { input: 'l', server: 'c' }).comparison.divergent).toBe(false);
      expect(ended.map((e) => e.result.device).sort()).toEqual(ids);
      for (const e of ended) expect(e.comparison.divergent, renderReport(e)).toBe(false);
      // Each device's answers are addressed to it.
      for (const e of ended)
        for (const m of e.result.live.filter((x) => x.direction === 'server'))
          expect(targetOf(m.tree)).toBe(e.result.device);
      expect(sourceOf(results[2]!.live[0]!.tree)).toBe(ids[2]);
    });
  });
});

describe('large objects chunked for the live MaxMsgSize', () => {
  test('a device message over the server MaxMsgSize goes in chunks; the server reassembles it; no divergence', async () => {
    const base = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const big = Array.from({ length: 600 }, (_, i) => `line ${String(i).padStart(4, '0')}`).join('/');
    // The server announces MaxMsgSize 2000; the device's Results carry a 6 KB value.
    let rec = withMessage(base, 1, (t) => {
      const hdr = childAt(t, 'SyncHdr')!;
      hdr.children.push(xmlCommand('<Meta><MaxMsgSize xmlns="syncml:metinf">2000</MaxMsgSize></Meta>'));
    });
    rec = withMessage(rec, 2, (t) => {
      const results = commandsOf(t).find((c) => c.name === 'Results')!;
      const item = results.children.filter((c): c is Element => c.kind === 'element' && c.name === 'Item')[1]!;
      const data = childAt(item, 'Data')!;
      data.children = [{ kind: 'text', value: big, pos: {} }];
    });
    const { client, server } = await pair(rec, rec, { serverCreds: creds, clientCreds: creds });
    expect(client.result.outcome, renderReport(client)).toBe('completed');
    expectNoDivergence(client, server);
    const clientMsgs = client.result.live.filter((m) => m.direction === 'client');
    expect(clientMsgs.length).toBeGreaterThanOrEqual(5);
    // Package 1 goes before the server has said its MaxMsgSize; every later message fits it.
    for (const m of clientMsgs.slice(1)) expect(m.raw.length).toBeLessThanOrEqual(2000);
    expect(client.result.info.some((i) => /chunked for the live MaxMsgSize 2000/.test(i))).toBe(true);
    // The session assembler sees one complete large object with the whole value.
    const lo = client.session!.largeObjects;
    expect(lo).toHaveLength(1);
    expect(lo[0]).toMatchObject({
      direction: 'client',
      complete: true,
      size: Buffer.byteLength(big),
      declaredSize: String(Buffer.byteLength(big)),
    });
    expect(lo[0]!.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(client.findings.filter((f) => f.rule.startsWith('lo-'))).toEqual([]);
  });

  test('a server answer over the device MaxMsgSize goes in chunks the device pulls and reassembles; no divergence', async () => {
    const base = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const big = Array.from({ length: 500 }, (_, i) => `fr-FR-${String(i).padStart(4, '0')}`).join(',');
    // The device announces MaxMsgSize 2000 (libdmclient sent 16384); the server's Replace carries 5 KB.
    let rec = withMessage(base, 0, (t) => {
      const hdr = childAt(t, 'SyncHdr')!;
      const meta = childAt(hdr, 'Meta')!;
      const m = childAt(meta, 'MaxMsgSize')!;
      m.children = [{ kind: 'text', value: '2000', pos: {} }];
    });
    rec = withMessage(rec, 1, (t) => {
      const replace = commandsOf(t).find((c) => c.name === 'Replace')!;
      const item = childAt(replace, 'Item')!;
      const data = childAt(item, 'Data')!;
      data.children = [{ kind: 'text', value: big, pos: {} }];
    });
    const { client, server } = await pair(rec, rec, { serverCreds: creds, clientCreds: creds });
    expect(client.result.outcome, renderReport(client)).toBe('completed');
    expectNoDivergence(client, server);
    const serverMsgs = client.result.live.filter((m) => m.direction === 'server');
    expect(serverMsgs.length).toBeGreaterThanOrEqual(4);
    for (const m of serverMsgs) expect(m.raw.length).toBeLessThanOrEqual(2000);
    const lo = client.session!.largeObjects;
    expect(lo).toHaveLength(1);
    expect(lo[0]).toMatchObject({
      direction: 'server',
      complete: true,
      size: Buffer.byteLength(big),
      uri: './DevInfo/Lang',
    });
    expect(lo[0]!.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(client.findings.filter((f) => f.rule.startsWith('lo-'))).toEqual([]);
  });
});

describe('RespURI, HMAC, unexpected device commands', () => {
  test('a RespURI in the recorded server message points at the replay server and the device follows it', async () => {
    const base = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const rec = withMessage(base, 1, (t) => {
      const hdr = childAt(t, 'SyncHdr')!;
      const at = hdr.children.findIndex((c) => c.kind === 'element' && c.name === 'Cred');
      hdr.children.splice(at, 0, xmlCommand('<RespURI>http://127.0.0.1:8080/funambol/dm?s=4711</RespURI>'));
    });
    const { client, server } = await pair(rec, rec, { serverCreds: creds, clientCreds: creds });
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(server!.comparison.divergent).toBe(false);
    const first = new URL(client.result.live[0]!.url!);
    const pkg3 = new URL(client.result.live[2]!.url!);
    expect(pkg3.host).toBe(first.host);
    expect(`${pkg3.pathname}${pkg3.search}`).toBe('/funambol/dm?s=4711');
    expect(textAt(client.result.live[1]!.tree, 'SyncHdr', 'RespURI')).toBe(`http://${first.host}/funambol/dm?s=4711`);
  });

  test('HMAC (x-syncml-hmac) recomputed over the live body and verified by the server', async () => {
    const base = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    // The recorded device authenticated with HMAC instead of a basic Cred.
    const messages = base.messages.map((m) => ({ ...m, tree: cloneTree(m.tree), headers: [...m.headers] }));
    for (const m of messages.filter((x) => x.direction === 'client')) {
      const hdr = childAt(m.tree, 'SyncHdr')!;
      hdr.children = hdr.children.filter((c) => !(c.kind === 'element' && c.name === 'Cred'));
      m.headers.push(['x-syncml-hmac', 'algorithm=MD5, username="funambol", mac=recorded==']);
    }
    const rec = { ...base, messages };
    const { client, server } = await pair(rec, rec, { serverCreds: creds, clientCreds: creds });
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(server!.result.notes).toEqual([]);
    const h = client.result.live[0]!.headers.find(([k]) => k === 'x-syncml-hmac')![1];
    expect(h).toMatch(/^algorithm=MD5, username="funambol", mac=[A-Za-z0-9+/]{22}==$/);
    expect(h).not.toContain('recorded');
    // A wrong password does not verify: the server challenges.
    const wrong = await credentialsFrom(LIBDMCLIENT_CREDS);
    wrong.devices.set('DMCtest', { user: 'funambol', password: 'nope' });
    const bad = await pair(rec, rec, { serverCreds: creds, clientCreds: wrong });
    expect(bad.client.result.outcome).toBe('failed');
    expect(diffLines(bad.client)[0]).toBe(
      'Pkg2 server msg 1 (live only): + Status(SyncHdr) 401 + Chal syncml:auth-MAC (live only)',
    );
  });

  test('a device command the recording does not have gets a Status with the fitting code', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const clientRec = withMessage(rec, 2, (t) =>
      appendCommands(t, [
        xmlCommand(
          '<Alert><CmdID>6</CmdID><Data>1226</Data><Item><Source><LocURI>./FUMO/x</LocURI></Source><Meta><Type ' +
            'xmlns="syncml:metinf">org.openmobilealliance.dm.firmwareupdate.update</Type><Format ' +
            'xmlns="syncml:metinf">int</Format></Meta><Data>200</Data></Item></Alert>',
        ),
        xmlCommand('<Get><CmdID>7</CmdID><Item><Target><LocURI>./Server/x</LocURI></Target></Item></Get>'),
      ]),
    );
    const { client, server } = await pair(rec, clientRec, { serverCreds: creds, clientCreds: creds });
    // The server side sees the extra commands and its answers: 200 for a Generic Alert, 405 for a Get from a device.
    expect(diffLines(server!)).toEqual([
      'Pkg3 client msg 2: + Alert 1226 ./FUMO/x (live only)',
      'Pkg3 client msg 2: + Get ./Server/x (live only)',
      'Pkg4 server msg 2: + Status(Alert 1226 ./FUMO/x) 200 (live only)',
      'Pkg4 server msg 2: + Status(Get ./Server/x) 405 (live only)',
    ]);
    // The device side (whose recording has the extra commands) sees only the server's extra answers.
    expect(diffLines(client)).toEqual([
      'Pkg4 server msg 2: + Status(Alert 1226 ./FUMO/x) 200 (live only)',
      'Pkg4 server msg 2: + Status(Get ./Server/x) 405 (live only)',
    ]);
  });
});

describe('challenge rounds the recording and the live peer do not share', () => {
  const MD5 = path.join(fixtures, 'sessions/md5-challenge.pcapng');
  /** The recording without its first `n` messages (the challenge round). */
  const drop = (rec: Recording, n: number): Recording => ({
    ...rec,
    messages: rec.messages.slice(n).map((m, i) => ({ ...m, index: i })),
  });

  test('the live server challenges where the recording did not: Package 1 is resent with a digest over the fresh nonce', async () => {
    const full = await recordingFrom(MD5);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    const clientRec = drop(full, 2); // the device's recording starts with its MD5 Package 1
    const { client, server } = await pair(full, clientRec, { serverCreds: creds, clientCreds: creds });
    expect(client.result.outcome, renderReport(client)).toBe('completed');
    expect(diffLines(client)).toEqual([
      // The recorded Package 1 answered a challenge the live session has not had yet.
      'Pkg1 client msg 1: - Status(SyncHdr) 200',
      'Pkg2 server msg 1 (live only): + Status(SyncHdr) 407 + Chal syncml:auth-md5 (live only)',
      'Pkg2 server msg 1 (live only): + Status(Alert 1201) 407 (live only)',
      'Pkg2 server msg 1 (live only): + Status(Replace ./DevInfo/DevId ./DevInfo/Man ./DevInfo/Mod ./DevInfo/DmV ./DevInfo/Lang) 407 (live only)',
    ]);
    expect(client.comparison.notes).toEqual([
      expect.stringMatching(
        /^the live server challenged Package 1 \(client msg 1\) \(SyncHdr 407, Chal syncml:auth-md5\) where the recording has no challenge$/,
      ),
    ]);
    const nonce = chalOf(hdrStatusOf(client.result.live[1]!.tree)!)!.nextNonce!;
    const dev = creds.devices.get('*')!;
    expect(credOf(client.result.live[2]!.tree)!.data).toBe(md5Digest(dev.user!, dev.password, nonceBytes(nonce)));
    expect(server!.comparison.divergent, renderReport(server!)).toBe(false);
  });

  test('the live server accepts where the recording was challenged: the recorded retry is skipped', async () => {
    const full = await recordingFrom(MD5);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    // A server whose recording accepted a Package 1 without credentials.
    const serverRec = withMessage(drop(full, 2), 0, (t) => {
      const hdr = childAt(t, 'SyncHdr')!;
      hdr.children = hdr.children.filter((c) => !(c.kind === 'element' && c.name === 'Cred'));
    });
    await withReplayServer(serverRec, {}, async (srv, ended) => {
      const res = await replayAsClient(full, { url: `${srv.url}dm`, timeoutMs: 10_000, credentials: creds });
      const client = reportReplay(full, res, { input: 'l', server: 'c' });
      expect(client.result.outcome).toBe('completed');
      expect(client.comparison.notes).toEqual([
        'the live server accepted Package 1 (client msg 1) without the challenge the recording has',
      ]);
      expect(renderReport(client)).toContain('Pkg1 client (recorded only)');
      expect(client.result.live).toHaveLength(4);
      // The server's recording has a Package 1 answering its (earlier) challenge; the live one does not.
      expect(diffLines(ended[0]!)).toEqual(['Pkg1 client msg 1: - Status(SyncHdr) 200']);
    });
  });
});

describe('the live server goes on after the recording ends', () => {
  test('the device answers from the tree seeded by the recording, and that is what the other recording expects', async () => {
    const rec = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const xml = (s: string) => readXml(s).root!;
    // A server recording with one more round: Package 4 asks for ./DevInfo/Man, the device answers, Package 6 ends.
    const p4 = cloneTree(rec.messages[3]!.tree);
    appendCommands(p4, [
      xmlCommand('<Get><CmdID>2</CmdID><Item><Target><LocURI>./DevInfo/Man</LocURI></Target></Item></Get>'),
    ]);
    const hdr = (dir: 'client' | 'server', msgId: string) =>
      `<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>${msgId}</MsgID>` +
      (dir === 'client'
        ? '<Target><LocURI>http://127.0.0.1:8080/funambol/dm</LocURI></Target><Source><LocURI>DMCtest</LocURI></Source>'
        : '<Target><LocURI>DMCtest</LocURI></Target><Source><LocURI>http://127.0.0.1:8080/funambol/dm</LocURI></Source>') +
      '</SyncHdr>';
    const p5 = xml(
      `<SyncML xmlns="SYNCML:SYNCML1.2">${hdr('client', '3')}<SyncBody><Status><CmdID>1</CmdID><MsgRef>2</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status>` +
        '<Status><CmdID>2</CmdID><MsgRef>2</MsgRef><CmdRef>2</CmdRef><Cmd>Get</Cmd><TargetRef>./DevInfo/Man</TargetRef><Data>200</Data></Status>' +
        '<Results><CmdID>3</CmdID><MsgRef>2</MsgRef><CmdRef>2</CmdRef><Item><Source><LocURI>./DevInfo/Man</LocURI></Source><Data>test manufacturer</Data></Item></Results><Final/></SyncBody></SyncML>',
    );
    const p6 = xml(
      `<SyncML xmlns="SYNCML:SYNCML1.2">${hdr('server', '3')}` +
        `<SyncBody><Status><CmdID>1</CmdID><MsgRef>3</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status><Final/></SyncBody></SyncML>`,
    );
    const more = [p4, p5, p6].map((tree, i) => ({
      ...rec.messages[i % 2 === 0 ? 3 : 2]!,
      index: 3 + i,
      tree,
      package: i % 2 === 0 ? 4 : 3,
    }));
    const serverRec: Recording = { ...rec, messages: [...rec.messages.slice(0, 3), ...more] };
    const { client, server } = await pair(serverRec, rec, { serverCreds: creds, clientCreds: creds });
    expect(client.result.outcome, renderReport(client)).toBe('completed');
    expect(diffLines(client)).toEqual([
      'Pkg4 server msg 2: + Get ./DevInfo/Man (live only)',
      'Pkg3 client msg 3 (live only): + Status(SyncHdr) 200 (live only)',
      'Pkg3 client msg 3 (live only): + Status(Get ./DevInfo/Man) 200 (live only)',
      'Pkg3 client msg 3 (live only): + Results(./DevInfo/Man) "test manufacturer" (live only)',
      'Pkg4 server msg 3 (live only): + Status(SyncHdr) 200 (live only)',
    ]);
    expect(server!.comparison.divergent, renderReport(server!)).toBe(false);
  });
});
