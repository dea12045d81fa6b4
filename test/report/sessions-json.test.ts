import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { sessionsFrom } from '../session/read.js';
import { renderSessionsJson, sessionJson, sessionsJson } from '../../src/report/sessions-json.js';

const libdmclient = path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng');

describe('sessions JSON (docs/architecture.md "JSON contracts")', () => {
  it('has the contract fields, extended, for the real libdmclient session', async () => {
    const { sessions, summary } = await sessionsFrom([libdmclient]);
    const doc = JSON.parse(renderSessionsJson(sessions, summary)) as {
      sessions: Array<Record<string, any>>;
      summary: Record<string, number>;
    };
    expect(doc.summary).toMatchObject({ inputs: 1, dmMessages: 4, sessions: 1 });
    const s = doc.sessions[0]!;
    expect(s).toMatchObject({
      id: 'DMCtest/1',
      sessionId: '1',
      device: 'DMCtest',
      server: '127.0.0.1:8080/funambol/dm',
      packages: [1, 2, 3, 4],
      outcome: 'completed',
    });
    expect(s.outcomeReason).toMatch(/Package 4/);
    expect(s.auth).toEqual({
      client: { type: 'basic', result: 'accepted', status: '212' },
      server: { type: 'md5', result: 'accepted', status: '212' },
      challenges: 0,
    });
    const input = libdmclient;
    expect(s.messages.map((m: any) => [m.direction, m.package, m.msgId, m.encoding, m.origin])).toEqual([
      ['client', 1, '1', 'xml', { input, frame: 4 }],
      ['server', 2, '1', 'xml', { input, frame: 6 }],
      ['client', 3, '2', 'xml', { input, frame: 8 }],
      ['server', 4, '2', 'xml', { input, frame: 9 }],
    ]);
    // Package 1: Alert 1201 and the DevInfo Replace (13 items, one per node, Source LocURI).
    const [alert, rep] = s.messages[0].commands;
    expect(alert).toEqual({ name: 'Alert', cmdID: '1', data: '1201' });
    expect(rep.name).toBe('Replace');
    expect(rep.sources).toHaveLength(13);
    expect(rep.sources[0]).toBe('./DevInfo/Ext/other/test3');
    expect(s.messages[0].cred).toBe('basic');
    // Package 2: the statuses and the Get/Replace the capture carries.
    expect(s.messages[1].statuses.map((x: any) => [x.cmdRef, x.cmd, x.code])).toEqual([
      ['0', 'SyncHdr', '212'],
      ['1', 'Alert', '200'],
      ['2', 'Replace', '200'],
    ]);
    expect(s.messages[1].commands.map((c: any) => [c.name, c.cmdID, c.targets])).toEqual([
      ['Get', '4', ['./DevInfo/Mod', './DevDetail/SwV']],
      ['Replace', '5', ['./DevInfo/Lang']],
    ]);
    // Package 3: 212 with an MD5 Chal, the 425 for the refused Replace.
    expect(s.messages[2].statuses[0]).toMatchObject({ cmd: 'SyncHdr', code: '212', chal: 'md5' });
    expect(s.messages[2].statuses.map((x: any) => x.code)).toEqual(['212', '200', '200', '425']);
    expect(s.messages[3].answers).toBe(2);
    expect(s.genericAlerts).toEqual([]);
    expect(s.largeObjects).toEqual([]);
    expect(Date.parse(s.start)).toBe(Math.floor(sessions[0]!.start!));
  });

  it('shows the Package 0 notification and large objects', async () => {
    const { sessions, summary } = await sessionsFrom([
      path.join(fixtures, 'sessions', 'pkg0.pcapng'),
      path.join(fixtures, 'sessions', 'large-object.pcapng'),
    ]);
    const doc = sessionsJson(sessions, summary);
    const pkg0 = doc.sessions.find((s) => s.sessionId === '2A3F') as Record<string, any>;
    expect(pkg0.packages).toEqual([0, 1, 2, 3, 4]);
    expect(pkg0.notification).toMatchObject({
      sessionIdHex: '2A3F',
      serverId: 'dmtrace-test-server',
      uiMode: 'background',
      vendor: '',
    });
    expect(pkg0.notification.origin.frame).toBe(4);
    const lo = doc.sessions.find((s) => s.sessionId === '12') as Record<string, any>;
    expect(JSON.parse(JSON.stringify(lo.largeObjects))).toEqual([
      expect.objectContaining({
        uri: './DevDetail/Ext/Blob',
        size: 1600,
        chunks: 3,
        sha256: '3f29132654770273efda121edc0bad1355f16bdfb8b93268016a7361079522d8',
      }),
    ]);
    expect(lo.messages[1].commands[0]).toMatchObject({ name: 'Replace', moreData: true });
  });

  it('is plain JSON (no bytes, no back-references)', async () => {
    const { sessions } = await sessionsFrom([path.join(fixtures, 'sessions', 'wbxml.pcapng')]);
    const text = JSON.stringify(sessionJson(sessions[0]!));
    expect(JSON.parse(text).messages.map((m: any) => m.encoding)).toEqual([
      'wbxml',
      'wbxml',
      'wbxml',
      'wbxml',
      'wbxml',
      'wbxml',
    ]);
    expect(text).not.toMatch(/"raw"|"tree"|"element"/);
  });
});
