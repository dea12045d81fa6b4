/**
 * Sessions from real loopback captures: the corpus's libdmclient session and the fixtures in
 * fixtures/sessions (what each holds is written in fixtures/README.md, section sessions/). The
 * expected values come from that description, not from this code's output.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { sessionsFrom } from './read.js';

const capture = (name: string) => path.join(fixtures, 'sessions', name);
const shape = (m: {
  direction: string;
  package?: number;
  packageStart: boolean;
  nextMessageRequest: boolean;
  authRetry: boolean;
}) =>
  `${m.direction[0]}${m.package ?? '?'}${m.packageStart ? '*' : ''}${m.nextMessageRequest ? 'n' : ''}${m.authRetry ? 'r' : ''}`;

describe('the real client (fixtures/corpus/captures)', () => {
  it('libdmclient-xml-auth: one completed session 1,2,3,4, basic client auth accepted with 212, MD5 server credentials', async () => {
    const { sessions, summary } = await sessionsFrom([path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng')]);
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s.id).toBe('DMCtest/1');
    expect(s.device).toBe('DMCtest');
    expect(s.server).toBe('127.0.0.1:8080/funambol/dm');
    expect(s.packages).toEqual([1, 2, 3, 4]);
    expect(s.outcome).toBe('completed');
    expect(s.auth.client).toEqual({ type: 'basic', result: 'accepted', status: '212' });
    expect(s.auth.server).toEqual({ type: 'md5', result: 'accepted', status: '212' });
    expect(s.auth.challenges).toBe(0);
    // tshark as the oracle for where each message is: frames of the HTTP messages.
    const frames = execFileSync(
      'tshark',
      [
        '-r',
        path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng'),
        '-Y',
        'http',
        '-T',
        'fields',
        '-e',
        'frame.number',
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .map(Number);
    expect(s.messages.map((m) => m.message.origin.frame)).toEqual(frames);
    expect(s.messages.map((m) => m.direction)).toEqual(['client', 'server', 'client', 'server']);
    expect(s.bytes).toBe(s.messages.reduce((n, m) => n + m.message.raw.length, 0));
    expect(summary.dmMessages).toBe(4);
  });

  it('libdmclient-wbxml: a WBXML Package 1 answered by an empty reply is incomplete', async () => {
    const { sessions } = await sessionsFrom([path.join(corpus, 'captures', 'libdmclient-wbxml.pcapng')]);
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s.messages.map((m) => [m.direction, m.message.encoding])).toEqual([['client', 'wbxml']]);
    expect(s.packages).toEqual([1]);
    expect(s.outcome).toBe('incomplete');
    expect(s.outcomeReason).toMatch(/without the server's answer/);
    expect(s.messages[0]!.httpStatus).toBe(200);
  });
});

describe('fixtures/sessions captures', () => {
  it('multi-message: packages split over messages and pulled with Alert 1222 each count once', async () => {
    const { sessions } = await sessionsFrom([capture('multi-message.pcapng')]);
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s.id).toBe('IMEI:490154203237518/5');
    expect(s.packages).toEqual([1, 2, 3, 4]);
    expect(s.messages.map(shape)).toEqual(['c1*', 's2*', 'c2n', 's2', 'c3*', 's3n', 'c3', 's4*']);
    expect(s.messages.map((m) => m.message.syncml!.final)).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
      true,
      true,
    ]);
    expect(s.outcome).toBe('completed');
    expect(s.auth.client.type).toBe('basic');
  });

  it('large-object: three chunks reassembled, Size 1600, sha256 as the fixture documents, 213 twice', async () => {
    const { sessions } = await sessionsFrom([capture('large-object.pcapng')]);
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s.id).toBe('IMEI:351756051523999/12');
    expect(s.packages).toEqual([1, 2, 3, 4]);
    expect(s.outcome).toBe('completed');
    expect(s.largeObjects).toHaveLength(1);
    const lo = s.largeObjects[0]!;
    expect(lo).toMatchObject({
      direction: 'server',
      command: 'Replace',
      uri: './DevDetail/Ext/Blob',
      declaredSize: '1600',
      size: 1600,
      chunks: 3,
      complete: true,
      acknowledged: 2,
      status: '200',
      sha256: '3f29132654770273efda121edc0bad1355f16bdfb8b93268016a7361079522d8',
    });
    expect(lo.problem).toBeUndefined();
    expect(lo.messages.map((i) => s.messages[i]!.direction)).toEqual(['server', 'server', 'server']);
    // The client's answers between chunks are pulls of Package 2.
    expect(s.messages.map(shape)).toEqual(['c1*', 's2*', 'c2n', 's2', 'c2n', 's2', 'c3*', 's4*']);
  });

  it('aborted-client: Alert 1223 from the client in Package 3', async () => {
    const { sessions } = await sessionsFrom([capture('aborted-client.pcapng')]);
    expect(sessions.map((s) => [s.id, s.outcome, s.abortedBy, s.packages])).toEqual([
      ['IMEI:353918057721064/1F', 'aborted', 'client', [1, 2, 3, 4]],
    ]);
    expect(sessions[0]!.outcomeReason).toMatch(/client sent Alert 1223 .*Package 3/);
  });

  it('aborted-server: Alert 1223 from the server in Package 4', async () => {
    const { sessions } = await sessionsFrom([capture('aborted-server.pcapng')]);
    expect(sessions.map((s) => [s.id, s.outcome, s.abortedBy, s.packages])).toEqual([
      ['IMEI:356656042316823/20', 'aborted', 'server', [1, 2, 3, 4]],
    ]);
  });

  it('md5-challenge: 407 + Chal, Package 1 resent with MD5: [1, 2, 1, 2, 3, 4], one challenge, md5 accepted', async () => {
    const { sessions } = await sessionsFrom([capture('md5-challenge.pcapng')]);
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s.id).toBe('IMEI:356938035643809/4');
    expect(s.packages).toEqual([1, 2, 1, 2, 3, 4]);
    expect(s.messages.map(shape)).toEqual(['c1*', 's2*', 'c1*r', 's2*', 'c3*', 's4*']);
    expect(s.auth).toEqual({
      client: { type: 'md5', result: 'accepted', status: '212' },
      server: { type: 'none' },
      challenges: 1,
    });
    expect(s.outcome).toBe('completed');
  });

  it('wbxml: the md5-challenge session in WBXML reads the same', async () => {
    const { sessions } = await sessionsFrom([capture('wbxml.pcapng')]);
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s.messages.every((m) => m.message.encoding === 'wbxml')).toBe(true);
    expect(s.packages).toEqual([1, 2, 1, 2, 3, 4]);
    expect(s.auth).toEqual({
      client: { type: 'md5', result: 'accepted', status: '212' },
      server: { type: 'none' },
      challenges: 1,
    });
    expect(s.outcome).toBe('completed');
  });

  it.each(['cut.pcapng', 'cut-midpacket.pcapng'])(
    '%s: the capture ends after the Package 3 request: incomplete',
    async (name) => {
      const { sessions } = await sessionsFrom([capture(name)]);
      expect(sessions).toHaveLength(1);
      const s = sessions[0]!;
      expect(s.id).toBe('IMEI:354403064522046/7');
      expect(s.packages).toEqual([1, 2, 3]);
      expect(s.outcome).toBe('incomplete');
      expect(s.outcomeReason).toMatch(/ends after Package 3 \(client MsgID 2, #2\) without the server's answer/);
    },
  );

  it('three-devices: three interleaved sessions come out whole and separate', async () => {
    const { sessions } = await sessionsFrom([capture('three-devices.pcapng')]);
    expect(sessions.map((s) => s.id).sort()).toEqual([
      'IMEI:012345678901237/21',
      'IMEI:356938035643817/23',
      'IMEI:490154203237526/22',
    ]);
    for (const s of sessions) {
      expect(s.packages).toEqual([1, 2, 3, 4]);
      expect(s.outcome).toBe('completed');
      expect(s.messages).toHaveLength(4);
      // Every message of a session went over one TCP connection.
      expect(new Set(s.messages.map((m) => m.exchange!.connection)).size).toBe(1);
    }
    // They really overlap in time (the capture interleaves them).
    const spans = sessions.map((s) => [s.start!, s.end!] as const).sort((a, b) => a[0] - b[0]);
    expect(spans[1]![0]).toBeLessThan(spans[0]![1]);
  });

  it('pkg0: the trigger is tied to the session whose Package 1 carries SessionID 2A3F', async () => {
    const { sessions, problems } = await sessionsFrom([capture('pkg0.pcapng')]);
    expect(sessions).toHaveLength(1);
    const s = sessions[0]!;
    expect(s.id).toBe('IMEI:352099001761481/2A3F');
    expect(s.packages).toEqual([0, 1, 2, 3, 4]);
    expect(s.notification).toMatchObject({
      version: 11,
      uiMode: 'background',
      initiator: 'server',
      sessionId: 0x2a3f,
      sessionIdHex: '2A3F',
      serverId: 'dmtrace-test-server',
    });
    expect(s.notification!.vendor).toHaveLength(0);
    expect(s.notification!.origin.frame).toBe(4);
    expect(s.auth.client).toEqual({ type: 'md5', result: 'accepted', status: '212' });
    expect(s.auth.server).toEqual({ type: 'md5', result: 'accepted', status: '212' });
    expect(s.outcome).toBe('completed');
    expect(problems.filter((p) => p.code.startsWith('session-'))).toEqual([]);
  });

  it('all fixtures at once: the same sessions, and a session read twice is kept once', async () => {
    const { sessions, problems } = await sessionsFrom([path.join(fixtures, 'sessions')]);
    // wbxml.pcapng replays md5-challenge's session after it ended: the reused SessionID is #2.
    expect(sessions.map((s) => s.id).sort()).toEqual(
      [
        'IMEI:012345678901237/21',
        'IMEI:351756051523999/12',
        'IMEI:352099001761481/2A3F',
        'IMEI:353918057721064/1F',
        'IMEI:354403064522046/7',
        'IMEI:356656042316823/20',
        'IMEI:356938035643809/4',
        'IMEI:356938035643809/4#2',
        'IMEI:356938035643817/23',
        'IMEI:356938035643811/31',
        'IMEI:356938035643811/32',
        'IMEI:356938035643829/31',
        'IMEI:356938035643829/32',
        'IMEI:356938035643837/41',
        'IMEI:356938035643837/42',
        'IMEI:356938035643837/43',
        'IMEI:490154203237518/5',
        'IMEI:490154203237526/22',
      ].sort(),
    );
    // cut.pcapng and cut-midpacket.pcapng hold the same messages: one session, duplicates reported.
    const cut = sessions.find((s) => s.id === 'IMEI:354403064522046/7')!;
    expect(cut.messages).toHaveLength(3);
    expect(problems.filter((p) => p.code === 'session-duplicate-message')).toHaveLength(3);
  });
});
