/**
 * Large objects over loopback when the live peer chunks differently from the recording (DM Protocol
 * §7): the recorded chunks are reassembled and the object split again for the live peer's
 * MaxMsgSize; the comparison compares the reassembled object (size + sha256), not chunk counts.
 * Every server listens on port 0.
 */
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { corpus, fixtures } from '../helpers.js';
import { credentialsFrom, recordingFrom, withMessage, withReplayServer } from './helpers.js';
import { replayAsClient } from '../../src/replay/client.js';
import { reportReplay, renderReport, type ReplayReport } from '../../src/replay/report.js';
import { recordingOf, type Recording } from '../../src/replay/recording.js';
import type { Credentials } from '../../src/auth/credentials.js';
import { commandsOf, hdrOf } from '../../src/replay/dm.js';
import { hasMoreData } from '../../src/replay/large-object.js';
import type { Element } from '../../src/model/tree.js';
import type { Encoding } from '../../src/syncml/types.js';
import { readXml } from '../../src/xml/read.js';

const LIBDMCLIENT = path.join(corpus, 'captures/libdmclient-xml-auth.pcapng');
const LIBDMCLIENT_CREDS = path.join(fixtures, 'replay/libdmclient-credentials.json');
const LARGE = path.join(fixtures, 'sessions/large-object.pcapng');
const SESSIONS_CREDS = path.join(fixtures, 'sessions/credentials.json');
/** The reassembled ./DevDetail/Ext/Blob data of the fixture (fixtures/README.md, computed when the fixture was made). */
const BLOB_SHA256 = '3f29132654770273efda121edc0bad1355f16bdfb8b93268016a7361079522d8';

/** Serves `serverRec` on 127.0.0.1:0 and replays `clientRec` against it: both sides' reports. */
async function pair(
  serverRec: Recording,
  clientRec: Recording,
  creds: Credentials,
  encoding?: Encoding,
): Promise<{ client: ReplayReport; server: ReplayReport | undefined }> {
  return withReplayServer(
    serverRec,
    { credentials: creds, ...(encoding ? { encoding } : {}) },
    async (srv, ended) => {
      const res = await replayAsClient(clientRec, {
        url: `${srv.url}dm`,
        timeoutMs: 10_000,
        credentials: creds,
        ...(encoding ? { encoding } : {}),
      });
      return { client: reportReplay(clientRec, res, { input: 'live', server: 'client' }), server: ended[0] };
    },
    { input: 'live', server: 'server' },
  );
}

function xml(text: string): Element {
  return readXml(`<X xmlns="SYNCML:SYNCML1.2">${text}</X>`).root!.children.find(
    (c): c is Element => c.kind === 'element',
  )!;
}

function el(parent: Element, name: string): Element | undefined {
  return parent.children.find((c): c is Element => c.kind === 'element' && c.name === name);
}

/** Sets (or adds) SyncHdr Meta MaxMsgSize of a message. */
function setMaxMsgSize(tree: Element, value: string): void {
  setHdrMeta(tree, 'MaxMsgSize', value);
}

/** Sets (or adds) a SyncHdr Meta element (MaxMsgSize, MaxObjSize) of a message. */
function setHdrMeta(tree: Element, name: string, value: string): void {
  const hdr = hdrOf(tree)!;
  let meta = el(hdr, 'Meta');
  if (!meta) {
    meta = { kind: 'element', name: 'Meta', namespace: hdr.namespace, children: [], pos: {} };
    hdr.children.push(meta);
  }
  let m = el(meta, name);
  if (!m) {
    m = { kind: 'element', name, namespace: 'syncml:metinf', children: [], pos: {} };
    meta.children.push(m);
  }
  m.children = [{ kind: 'text', value, pos: {} }];
}

/** The recording with every client message announcing MaxMsgSize `size` (the live device's). */
function deviceWithMaxMsgSize(rec: Recording, size: string): Recording {
  let out = rec;
  for (const m of rec.messages)
    if (m.direction === 'client') out = withMessage(out, m.index, (t) => setMaxMsgSize(t, size));
  return out;
}

const chunkMessages = (r: ReplayReport, dir: 'client' | 'server') =>
  r.result.live.filter((m) => m.direction === dir && hasMoreData(m.tree));

describe('a recorded large object replayed to a peer with a smaller MaxMsgSize', () => {
  test('large-object recording (3 chunks) against a device with MaxMsgSize 1400: 5 chunks, reassembled and compared whole, no divergence', async () => {
    const rec = await recordingFrom(LARGE);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    // The recording: Pkg2 in 3 chunk messages (2 with MoreData), each pulled with 213 + Alert 1222.
    expect(rec.messages.filter((m) => m.direction === 'server' && hasMoreData(m.tree))).toHaveLength(2);
    const device = deviceWithMaxMsgSize(rec, '1400');
    const { client, server } = await pair(rec, device, creds);
    expect(client.result.outcome, renderReport(client)).toBe('completed');
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(server!.comparison.divergent, renderReport(server!)).toBe(false);
    // The server side split the reassembled object for the device: 5 chunks (4 with MoreData), each within 1400 bytes.
    const sent = server!.result.live.filter((m) => m.direction === 'server');
    expect(chunkMessages(server!, 'server')).toHaveLength(4);
    for (const m of sent) expect(m.raw.length).toBeLessThanOrEqual(1400);
    expect(server!.result.info.join('\n')).toMatch(
      /sent in 5 messages, an object of 1600 bytes chunked for the device's MaxMsgSize 1400 \(the recording has 3 chunks\)/,
    );
    // The device side pulled each chunk (213 + Alert 1222) and compared the whole object.
    expect(client.result.live.filter((m) => m.direction === 'client')).toHaveLength(6);
    const lo = client.session!.largeObjects;
    expect(lo).toHaveLength(1);
    expect(lo[0]).toMatchObject({ direction: 'server', complete: true, size: 1600, uri: './DevDetail/Ext/Blob' });
    expect(lo[0]!.sha256).toBe(BLOB_SHA256);
    expect(client.findings.filter((f) => f.rule.startsWith('lo-'))).toEqual([]);
    // The recorded chunk messages and pulls are not reported as missing.
    expect(client.comparison.messages.filter((m) => m.presence !== 'both')).toEqual([]);
  });

  test('the same in WBXML (--encoding wbxml on both sides): split for the device MaxMsgSize, reassembled, no divergence', async () => {
    const rec = await recordingFrom(LARGE);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    const { client, server } = await pair(rec, deviceWithMaxMsgSize(rec, '1000'), creds, 'wbxml');
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(server!.comparison.divergent, renderReport(server!)).toBe(false);
    const sent = server!.result.live.filter((m) => m.direction === 'server');
    for (const m of sent) {
      expect(m.encoding).toBe('wbxml');
      expect(m.raw.length).toBeLessThanOrEqual(1000);
    }
    // 4 chunks where the recording has 3.
    expect(chunkMessages(server!, 'server').length + 1).toBe(4);
    expect(client.session!.largeObjects[0]!.sha256).toBe(BLOB_SHA256);
  });

  test('with the device MaxMsgSize as recorded, the recorded chunk boundaries are kept', async () => {
    const rec = await recordingFrom(LARGE);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    const { client, server } = await pair(rec, rec, creds);
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(server!.result.info.join('\n')).toMatch(/sent in 3 messages, an object of 1600 bytes as recorded/);
    expect(client.result.live).toHaveLength(rec.messages.length);
  });

  test('a MaxMsgSize the answer cannot be chunked for is reported as a divergence, not passed over', async () => {
    const rec = await recordingFrom(LARGE);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    // 900 bytes: the statuses and headers before the object alone take more.
    const { server } = await pair(rec, deviceWithMaxMsgSize(rec, '900'), creds);
    expect(server!.comparison.divergent).toBe(true);
    expect(server!.comparison.notes.join('\n')).toMatch(
      /server msg 1 is \d+ bytes, over the device's MaxMsgSize 900, and cannot be chunked to fit/,
    );
  });

  test('a live object that differs after its first chunk shows as a changed value (size + sha256), not as chunk counts', async () => {
    const rec = await recordingFrom(LARGE);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    // The live server's second recorded chunk has one character changed (index 3 is Pkg2 msg 2).
    const served = withMessage(rec, 3, (t) => {
      const data = el(
        el(
          commandsOf(t).find((c) => c.name === 'Replace')!,
          'Item',
        )!,
        'Data',
      )!;
      const v = (data.children[0] as { value: string }).value;
      data.children = [{ kind: 'text', value: `${v.slice(0, 10)}${v[10] === 'A' ? 'B' : 'A'}${v.slice(11)}`, pos: {} }];
    });
    const { client } = await pair(served, deviceWithMaxMsgSize(rec, '1400'), creds);
    expect(client.result.outcome).toBe('completed');
    const lines = client.comparison.messages.flatMap((m) => m.diffs.map((d) => `${m.label}: ${d.text}`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Pkg2 server msg \d+: ~ Replace \.\/DevDetail\/Ext\/Blob ".*" \(1600 bytes, sha256 3f29132654770273\) → ".*" \(1600 bytes, sha256 [0-9a-f]{16}\)$/,
    );
    expect(lines[0]).not.toMatch(/→ ".*" \(1600 bytes, sha256 3f29132654770273\)$/);
  });
});

describe('a recorded device object in chunks replayed to a server with a smaller MaxMsgSize', () => {
  test('the device side re-splits the reassembled object, the server side takes the new count; no divergence', async () => {
    // A recording with a device-side large object in chunks: the real libdmclient session replayed
    // with a 6 KB Results value against a server announcing MaxMsgSize 2000, its live session read back.
    const base = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const big = Array.from({ length: 600 }, (_, i) => `line ${String(i).padStart(4, '0')}`).join('/');
    let rec = withMessage(base, 1, (t) => setMaxMsgSize(t, '2000'));
    rec = withMessage(rec, 2, (t) => {
      const results = commandsOf(t).find((c) => c.name === 'Results')!;
      const item = results.children.filter((c): c is Element => c.kind === 'element' && c.name === 'Item')[1]!;
      el(item, 'Data')!.children = [{ kind: 'text', value: big, pos: {} }];
    });
    const first = await pair(rec, rec, creds);
    expect(first.client.comparison.divergent, renderReport(first.client)).toBe(false);
    const chunked = recordingOf(first.client.session!);
    const recordedChunks = chunked.messages.filter((m) => m.direction === 'client' && hasMoreData(m.tree)).length + 1;
    expect(recordedChunks).toBeGreaterThanOrEqual(4);

    // Replayed with the server announcing MaxMsgSize 1800: more, smaller chunks.
    const serverPkg2 = chunked.messages.findIndex((m) => m.direction === 'server');
    const smaller = withMessage(chunked, serverPkg2, (t) => setMaxMsgSize(t, '1800'));
    const { client, server } = await pair(smaller, smaller, creds);
    expect(client.result.outcome, renderReport(client)).toBe('completed');
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(server!.comparison.divergent, renderReport(server!)).toBe(false);
    const liveChunks = chunkMessages(client, 'client').length + 1;
    expect(liveChunks).toBeGreaterThan(recordedChunks);
    for (const m of client.result.live.filter((x) => x.direction === 'client').slice(1))
      expect(m.raw.length).toBeLessThanOrEqual(1800);
    expect(client.result.info.join('\n')).toContain(
      `the recording has in ${recordedChunks} chunks, chunked afresh for the live MaxMsgSize 1800`,
    );
    const lo = client.session!.largeObjects;
    expect(lo).toHaveLength(1);
    expect(lo[0]).toMatchObject({ direction: 'client', complete: true, size: Buffer.byteLength(big) });
    expect(lo[0]!.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(server!.session!.largeObjects[0]!.sha256).toBe(lo[0]!.sha256);
  });
});

describe("the device's MaxObjSize (DM Protocol §7: never send a larger object)", () => {
  test('the server side leaves out a recorded command whose object is over it, reports it, and the session goes on', async () => {
    const base = await recordingFrom(LARGE);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    // The recorded Package 2 also asks for ./DevInfo/Mod, and the recorded Package 3 answers it.
    let rec = withMessage(base, 1, (t) => {
      const body = t.children.find((c): c is Element => c.kind === 'element' && c.name === 'SyncBody')!;
      const at = body.children.findIndex((c) => c.kind === 'element' && c.name === 'Replace');
      body.children.splice(
        at,
        0,
        xml('<Get><CmdID>9</CmdID><Item><Target><LocURI>./DevInfo/Mod</LocURI></Target></Item></Get>'),
      );
    });
    rec = withMessage(rec, 6, (t) => {
      const body = t.children.find((c): c is Element => c.kind === 'element' && c.name === 'SyncBody')!;
      const at = body.children.findIndex((c) => c.kind === 'element' && c.name === 'Final');
      body.children.splice(
        at,
        0,
        xml(
          '<Status><CmdID>8</CmdID><MsgRef>1</MsgRef><CmdRef>9</CmdRef><Cmd>Get</Cmd><TargetRef>./DevInfo/Mod</TargetRef><Data>200</Data></Status>',
        ),
        xml(
          '<Results><CmdID>9</CmdID><MsgRef>1</MsgRef><CmdRef>9</CmdRef><Item><Source><LocURI>./DevInfo/Mod</LocURI></Source><Data>DT-100</Data></Item></Results>',
        ),
      );
    });
    const control = await pair(rec, rec, creds);
    expect(control.server!.comparison.divergent, renderReport(control.server!)).toBe(false);

    // The device announces MaxObjSize 1000 in Package 1; the recorded Replace carries 1600 bytes (base64 as carried).
    const device = withMessage(rec, 0, (t) => setHdrMeta(t, 'MaxObjSize', '1000'));
    const { client, server } = await pair(rec, device, creds);
    // The object never went to the device; the Get did.
    const sent = server!.result.live.filter((x) => x.direction === 'server');
    for (const m of sent) {
      expect(commandsOf(m.tree).some((c) => c.name === 'Replace')).toBe(false);
      expect(m.raw.length).toBeLessThan(1600);
    }
    expect(commandsOf(sent[0]!.tree).some((c) => c.name === 'Get')).toBe(true);
    expect(server!.comparison.notes).toEqual([
      "server msg 1: Replace ./DevDetail/Ext/Blob carries an object of 1600 bytes, over the device's MaxObjSize 1000 (DM Protocol §7): not sent, the session goes on without it",
    ]);
    // The session went on: the device answered the Get (Package 3), the server answered with the recorded Package 4.
    expect(server!.result.outcome).toBe('completed');
    expect(client.result.outcome, renderReport(client)).toBe('completed');
    expect(sent).toHaveLength(2);
    const lines = (r: ReplayReport) =>
      r.comparison.messages.flatMap((m) => m.diffs.map((d) => `${m.label}: ${d.text}`));
    // Both sides see the one command that was not sent, and the Status the device therefore did not send.
    const expected = [
      expect.stringMatching(
        /^Pkg2 server msg 1: - Replace \.\/DevDetail\/Ext\/Blob ".*" \(1600 bytes, sha256 3f29132654770273\)$/,
      ),
      'Pkg3 client msg 2: - Status(Replace ./DevDetail/Ext/Blob) 200',
    ];
    expect(lines(client)).toEqual(expected);
    expect(lines(server!)).toEqual(expected);
    expect(client.session!.largeObjects).toEqual([]);
  });

  test('when the object was all the message carried, the session ends with it (the device has nothing to answer)', async () => {
    const rec = await recordingFrom(LARGE);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    const device = withMessage(rec, 0, (t) => setHdrMeta(t, 'MaxObjSize', '1000'));
    const { client, server } = await pair(rec, device, creds);
    expect(server!.comparison.notes).toEqual([
      "server msg 1: Replace ./DevDetail/Ext/Blob carries an object of 1600 bytes, over the device's MaxObjSize 1000 (DM Protocol §7): not sent, the session goes on without it",
      'server msg 1 has nothing left for the device to answer: the session ends with it',
    ]);
    expect(server!.result.live).toHaveLength(2);
    expect(client.result.outcome).toBe('completed');
  });

  test('an object of exactly MaxObjSize is sent', async () => {
    const rec = await recordingFrom(LARGE);
    const creds = await credentialsFrom(SESSIONS_CREDS);
    const device = withMessage(rec, 0, (t) => setHdrMeta(t, 'MaxObjSize', '1600'));
    const { client, server } = await pair(rec, device, creds);
    expect(server!.comparison.divergent, renderReport(server!)).toBe(false);
    expect(client.comparison.divergent, renderReport(client)).toBe(false);
    expect(client.session!.largeObjects[0]!.sha256).toBe(BLOB_SHA256);
  });

  test('the device side sends a Results over the server MaxObjSize (it answers a Get) and reports it', async () => {
    const base = await recordingFrom(LIBDMCLIENT);
    const creds = await credentialsFrom(LIBDMCLIENT_CREDS);
    const big = Array.from({ length: 300 }, (_, i) => `value ${String(i).padStart(4, '0')}`).join(';');
    let rec = withMessage(base, 1, (t) => setHdrMeta(t, 'MaxObjSize', '2000'));
    rec = withMessage(rec, 2, (t) => {
      const results = commandsOf(t).find((c) => c.name === 'Results')!;
      const item = results.children.filter((c): c is Element => c.kind === 'element' && c.name === 'Item')[1]!;
      el(item, 'Data')!.children = [{ kind: 'text', value: big, pos: {} }];
    });
    const { client } = await pair(rec, rec, creds);
    expect(client.result.outcome).toBe('completed');
    expect(client.comparison.notes).toEqual([
      `Package 3 (client msg 2): Results ./DevDetail/SwV carries an object of ${Buffer.byteLength(big)} bytes, over the live MaxObjSize 2000 (DM Protocol §7)`,
    ]);
  });
});
