import { describe, expect, it } from 'vitest';
import { assembleSessions, buildSessions, SessionAssembler, type AssembleInput } from '../../src/session/assemble.js';
import { encodeNotification } from '../../src/notification/package0.js';
import type { Session } from '../../src/session/types.js';
import { alert, chal, devInfo, exchange, genericAlert, get, lone, replace, status, syncml } from './build.js';

const c = (id: string, body: string, o = {}) => syncml('client', id, body, o);
const s = (id: string, body: string, o = {}) => syncml('server', id, body, o);

/** The classic four packages over HTTP. */
function fourPackages(o: { device?: string; sid?: string; server?: string; t0?: number } = {}): AssembleInput[] {
  const h = { device: o.device, sid: o.sid };
  const t0 = o.t0 ?? Date.UTC(2026, 10, 24, 5);
  const x = { server: o.server, time: t0 };
  return [
    exchange(
      c('1', alert('1201') + devInfo(), h),
      s('1', status('1', '0', 'SyncHdr', '212') + status('1', '1', 'Alert', '200') + get('./DevInfo/Mod', '7'), h),
      x,
    ),
    exchange(
      c('2', status('1', '0', 'SyncHdr', '200') + status('1', '7', 'Get', '200'), h),
      s('2', status('2', '0', 'SyncHdr', '212'), h),
      { ...x, time: t0 + 1000 },
    ),
  ];
}

describe('packages', () => {
  it('numbers 1, 2, 3, 4 and completes when the server package needs no response', () => {
    const [session, ...rest] = buildSessions(fourPackages());
    expect(rest).toHaveLength(0);
    expect(session!.packages).toEqual([1, 2, 3, 4]);
    expect(session!.outcome).toBe('completed');
    expect(session!.outcomeReason).toMatch(/Package 4 .*no command that needs a response/);
    expect(session!.messages.map((m) => [m.direction, m.package, m.packageStart])).toEqual([
      ['client', 1, true],
      ['server', 2, true],
      ['client', 3, true],
      ['server', 4, true],
    ]);
    expect(session!.messages[1]!.answers).toBe(0);
    expect(session!.messages[3]!.answers).toBe(2);
    expect(session!.id).toBe('IMEI:1/1');
    expect(session!.server).toBe('dm.example.com/dm');
  });

  it('counts a package split over messages once; the pulls (Alert 1222) start no package', () => {
    const items = [
      exchange(
        c('1', alert('1201'), { final: false }),
        s('1', status('1', '0', 'SyncHdr', '212') + alert('1222'), { final: false }),
      ),
      exchange(c('2', devInfo()), s('2', status('2', '0', 'SyncHdr', '212') + get('./DevInfo/Mod'), { final: false })),
      exchange(
        c('3', status('2', '0', 'SyncHdr', '200') + alert('1222'), { final: false }),
        s('3', get('./DevInfo/Lang')),
      ),
      exchange(c('4', status('3', '0', 'SyncHdr', '200')), s('4', status('4', '0', 'SyncHdr', '212'))),
    ];
    const [session] = buildSessions(items);
    expect(session!.packages).toEqual([1, 2, 3, 4]);
    expect(
      session!.messages.map(
        (m) => `${m.direction[0]}${m.package}${m.packageStart ? '*' : ''}${m.nextMessageRequest ? 'n' : ''}`,
      ),
    ).toEqual(['c1*', 's1n', 'c1', 's2*', 'c2n', 's2', 'c3*', 's4*']);
    expect(session!.outcome).toBe('completed');
  });

  it('reads an MD5 challenge round as a retry of Package 1: [1, 2, 1, 2, 3, 4]', () => {
    const items = [
      exchange(
        c('1', alert('1201') + devInfo(), { cred: 'basic' }),
        s('1', status('1', '0', 'SyncHdr', '401', chal('md5')) + status('1', '1', 'Alert', '401')),
      ),
      exchange(
        c('2', status('1', '0', 'SyncHdr', '200') + alert('1201') + devInfo(), { cred: 'md5' }),
        s('2', status('2', '0', 'SyncHdr', '212') + get('./DevInfo/Mod')),
      ),
      exchange(
        c('3', status('2', '0', 'SyncHdr', '200') + status('2', '5', 'Get', '200')),
        s('3', status('3', '0', 'SyncHdr', '212')),
      ),
    ];
    const [session] = buildSessions(items);
    expect(session!.packages).toEqual([1, 2, 1, 2, 3, 4]);
    expect(session!.messages[2]!.authRetry).toBe(true);
    expect(session!.messages[0]!.authRetry).toBe(false);
    expect(session!.auth).toEqual({
      client: { type: 'md5', result: 'accepted', status: '212' },
      server: { type: 'none' },
      challenges: 1,
    });
    expect(session!.outcome).toBe('completed');
  });

  it('reads a Package 1 resent without Alert 1200/1201 after a 401 as a retry of Package 1, not Package 3', () => {
    const items = [
      exchange(
        c('1', alert('1201') + devInfo()),
        s('1', status('1', '0', 'SyncHdr', '407', chal('md5')) + status('1', '1', 'Alert', '407')),
      ),
      exchange(
        c('2', status('1', '0', 'SyncHdr', '200') + devInfo(), { cred: 'md5' }),
        s('2', status('2', '0', 'SyncHdr', '212') + get('./DevInfo/Mod')),
      ),
      exchange(
        c('3', status('2', '0', 'SyncHdr', '200') + status('2', '5', 'Get', '200')),
        s('3', status('3', '0', 'SyncHdr', '212')),
      ),
    ];
    const sessions = buildSessions(items);
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session!.packages).toEqual([1, 2, 1, 2, 3, 4]);
    expect(
      session!.messages.map((m) => `${m.direction[0]}${m.package}${m.authRetry ? 'r' : ''}:${m.iteration}`),
    ).toEqual(['c1:1', 's2:1', 'c1r:1', 's2:1', 'c3:1', 's4:1']);
  });

  it('numbers iterations of Package 3/4', () => {
    const items = [
      ...fourPackages().slice(0, 1),
      exchange(c('2', status('1', '0', 'SyncHdr', '200')), s('2', get('./DevDetail/SwV'))),
      exchange(c('3', status('2', '0', 'SyncHdr', '200')), s('3', status('3', '0', 'SyncHdr', '212'))),
    ];
    const [session] = buildSessions(items);
    expect(session!.packages).toEqual([1, 2, 3, 4, 3, 4]);
    expect(session!.messages.map((m) => m.iteration)).toEqual([1, 1, 1, 1, 2, 2]);
  });
});

describe('outcome', () => {
  it('aborted by the client (Alert 1223), the server reply kept', () => {
    const items = [
      fourPackages()[0]!,
      exchange(c('2', status('1', '0', 'SyncHdr', '200') + alert('1223')), s('2', status('2', '0', 'SyncHdr', '200'))),
    ];
    const [session] = buildSessions(items);
    expect(session!.outcome).toBe('aborted');
    expect(session!.abortedBy).toBe('client');
    expect(session!.messages).toHaveLength(4);
    expect(session!.outcomeReason).toMatch(/client sent Alert 1223/);
  });

  it('aborted by the server', () => {
    const [session] = buildSessions([
      exchange(c('1', alert('1201') + devInfo()), s('1', status('1', '0', 'SyncHdr', '212') + alert('1223'))),
    ]);
    expect(session!.outcome).toBe('aborted');
    expect(session!.abortedBy).toBe('server');
  });

  it('auth-failed when the last word is a 401 and no retry follows', () => {
    const [session] = buildSessions([
      exchange(
        c('1', alert('1201') + devInfo(), { cred: 'basic' }),
        s('1', status('1', '0', 'SyncHdr', '401', chal('basic'))),
      ),
    ]);
    expect(session!.outcome).toBe('auth-failed');
    expect(session!.auth.client).toEqual({ type: 'basic', result: 'rejected', status: '401' });
    expect(session!.auth.challenges).toBe(1);
  });

  it('incomplete when the trace ends after a client package, with HTTP status of a bodiless answer', () => {
    const [session] = buildSessions([
      fourPackages()[0]!,
      exchange(c('2', status('1', '0', 'SyncHdr', '200')), undefined, { status: 500 }),
    ]);
    expect(session!.outcome).toBe('incomplete');
    expect(session!.outcomeReason).toMatch(/Package 3 .* without the server's answer \(HTTP 500\)/);
    expect(session!.messages[2]!.httpStatus).toBe(500);
  });

  it('incomplete when the server still expects an answer', () => {
    const [session] = buildSessions(fourPackages().slice(0, 1));
    expect(session!.outcome).toBe('incomplete');
    expect(session!.outcomeReason).toMatch(/commands needing a response \(Get\)/);
  });
});

describe('grouping', () => {
  it('separates interleaved devices and keeps each one whole', () => {
    const a = fourPackages({ device: 'IMEI:A' });
    const b = fourPackages({ device: 'IMEI:B' });
    const d = fourPackages({ device: 'IMEI:C' });
    const sessions = buildSessions([a[0]!, b[0]!, d[0]!, b[1]!, a[1]!, d[1]!]);
    expect(sessions.map((x) => x.device).sort()).toEqual(['IMEI:A', 'IMEI:B', 'IMEI:C']);
    for (const x of sessions) {
      expect(x.packages).toEqual([1, 2, 3, 4]);
      expect(x.outcome).toBe('completed');
    }
  });

  it('a SessionID reused after its session ended is a new session (#2)', () => {
    const sessions = buildSessions([...fourPackages(), ...fourPackages({ t0: Date.UTC(2026, 10, 24, 6) })]);
    expect(sessions.map((x) => x.id)).toEqual(['IMEI:1/1', 'IMEI:1/1#2']);
  });

  it('a new Package 1 with the same SessionID while the last session is still open starts a new session', () => {
    // The first session stays open (its Package 2 asks for a response), then the device starts over with SessionID 1 again.
    const sessions = buildSessions([fourPackages()[0]!, ...fourPackages({ t0: Date.UTC(2026, 10, 24, 5, 1) })]);
    expect(sessions.map((x) => [x.id, x.packages, x.outcome])).toEqual([
      ['IMEI:1/1', [1, 2], 'incomplete'],
      ['IMEI:1/1#2', [1, 2, 3, 4], 'completed'],
    ]);
    expect(sessions[0]!.outcomeReason).toMatch(
      /a new Package 1 \(frame \d+\) started another session with the same SessionID/,
    );
  });

  it('a RespURI moves the session to a new URL without splitting it', () => {
    const items = [
      exchange(
        c('1', alert('1201') + devInfo()),
        s('1', status('1', '0', 'SyncHdr', '212') + get('./DevInfo/Mod'), {
          respURI: 'http://dm2.example.com/dm/s?id=42',
        }),
      ),
      exchange(
        c('2', status('1', '0', 'SyncHdr', '200'), { server: 'http://dm2.example.com/dm/s?id=42' }),
        s('2', status('2', '0', 'SyncHdr', '212')),
        { server: 'dm2.example.com/dm/s?id=42' },
      ),
    ];
    const sessions = buildSessions(items);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.packages).toEqual([1, 2, 3, 4]);
    expect(sessions[0]!.server).toBe('dm.example.com/dm');
  });

  it('orders loose files by MsgID and pairs answers by MsgRef', () => {
    const files = [
      lone(s('2', status('2', '0', 'SyncHdr', '212')), { direction: 'server' }),
      lone(c('2', status('1', '0', 'SyncHdr', '200'))),
      lone(s('1', status('1', '0', 'SyncHdr', '212') + get('./DevInfo/Mod'))),
      lone(c('1', alert('1201') + devInfo())),
    ];
    const [session, ...rest] = buildSessions(files);
    expect(rest).toHaveLength(0);
    expect(session!.messages.map((m) => `${m.direction}:${m.message.syncml!.hdr.msgID}`)).toEqual([
      'client:1',
      'server:1',
      'client:2',
      'server:2',
    ]);
    expect(session!.packages).toEqual([1, 2, 3, 4]);
    expect(session!.messages[3]!.answers).toBe(2);
    expect(session!.server).toBe('dm.example.com/dm');
  });

  it('reports a message it cannot place instead of dropping it silently', () => {
    const problems: string[] = [];
    const bad = lone('<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Final/></SyncBody></SyncML>', {
      direction: 'client',
    });
    const sessions = buildSessions([bad], { report: (p) => problems.push(`${p.code} ${p.input}`) });
    expect(sessions).toHaveLength(1); // an empty header still keys a (degenerate) session
    expect(sessions[0]!.device).toBe('');
    const none = buildSessions([{ ...bad, syncml: undefined }], {
      report: (p) => problems.push(`${p.code} ${p.input}`),
    });
    expect(none).toHaveLength(0);
    expect(problems).toEqual(['session-unassigned loose.xml']);
  });
});

describe('large objects', () => {
  const chunked = (parts: string[], size: number, cut = false) => {
    const items: AssembleInput[] = [fourPackages()[0]!];
    items[0] = exchange(
      c('1', alert('1201') + devInfo()),
      s('1', status('1', '0', 'SyncHdr', '212') + replace('./Ext/Big', parts[0]!, { id: '10', moreData: true, size }), {
        final: false,
      }),
    );
    for (let i = 1; i < parts.length; i++) {
      const last = i === parts.length - 1;
      items.push(
        exchange(
          c(
            String(i + 1),
            status(String(i), '0', 'SyncHdr', '200') + status(String(i), '10', 'Replace', '213') + alert('1222'),
            { final: false },
          ),
          s(String(i + 1), replace('./Ext/Big', parts[i]!, { id: '10', moreData: !last }), { final: last }),
        ),
      );
    }
    if (!cut)
      items.push(
        exchange(
          c(
            String(parts.length + 1),
            status(String(parts.length), '0', 'SyncHdr', '200') + status(String(parts.length), '10', 'Replace', '200'),
          ),
          s(String(parts.length + 1), status('9', '0', 'SyncHdr', '212')),
        ),
      );
    else items.pop();
    return items;
  };

  it('reassembles three chunks: size, sha256, 213 answers, final status', async () => {
    const { createHash } = await import('node:crypto');
    const parts = ['A'.repeat(100), 'B'.repeat(100), 'C'.repeat(50)];
    const [session] = buildSessions(chunked(parts, 250));
    expect(session!.packages).toEqual([1, 2, 3, 4]);
    expect(session!.outcome).toBe('completed');
    expect(session!.largeObjects).toHaveLength(1);
    const lo = session!.largeObjects[0]!;
    expect(lo).toMatchObject({
      direction: 'server',
      command: 'Replace',
      uri: './Ext/Big',
      declaredSize: '250',
      size: 250,
      chunks: 3,
      complete: true,
      acknowledged: 2,
      status: '200',
    });
    expect(lo.problem).toBeUndefined();
    expect(lo.sha256).toBe(createHash('sha256').update(parts.join('')).digest('hex'));
    expect(lo.messages).toEqual([1, 3, 5]);
  });

  it('reports a size mismatch', () => {
    const [session] = buildSessions(chunked(['A'.repeat(100), 'B'.repeat(100), 'C'.repeat(50)], 300));
    expect(session!.largeObjects[0]!.problem).toBe('size mismatch: 300 declared, 250 received');
  });

  it('reports a transfer interrupted by another command before its last chunk', () => {
    const items = [
      exchange(
        c('1', alert('1201') + devInfo()),
        s(
          '1',
          status('1', '0', 'SyncHdr', '212') +
            replace('./Ext/Big', 'A'.repeat(10), { id: '10', moreData: true, size: 30 }),
          { final: false },
        ),
      ),
      exchange(
        c('2', status('1', '0', 'SyncHdr', '200') + status('1', '10', 'Replace', '213') + alert('1222'), {
          final: false,
        }),
        s('2', replace('./Ext/Other', 'x', { id: '11' })),
      ),
      exchange(c('3', status('2', '0', 'SyncHdr', '200') + alert('1225')), s('3', status('3', '0', 'SyncHdr', '212'))),
    ];
    const [session] = buildSessions(items);
    expect(session!.largeObjects).toHaveLength(1);
    expect(session!.largeObjects[0]).toMatchObject({
      uri: './Ext/Big',
      chunks: 1,
      size: 10,
      complete: false,
      acknowledged: 1,
    });
    expect(session!.largeObjects[0]!.problem).toBe(
      'interrupted by Replace ./Ext/Other in message #3 before its last chunk',
    );
  });

  it('reports a receiver that gave up with Alert 1225', () => {
    const items = [
      exchange(
        c('1', alert('1201') + devInfo()),
        s(
          '1',
          status('1', '0', 'SyncHdr', '212') +
            replace('./Ext/Big', 'A'.repeat(10), { id: '10', moreData: true, size: 30 }),
          { final: false },
        ),
      ),
      exchange(c('2', status('1', '0', 'SyncHdr', '200') + alert('1225')), s('2', status('2', '0', 'SyncHdr', '212'))),
    ];
    const [session] = buildSessions(items);
    expect(session!.largeObjects[0]!.problem).toBe('receiver sent Alert 1225 (end of data not received) in message #2');
  });

  it('reports a transfer cut before its last chunk', () => {
    const [session] = buildSessions(chunked(['A'.repeat(100), 'B'.repeat(100), 'C'.repeat(50)], 250, true));
    const lo = session!.largeObjects[0]!;
    expect(lo.complete).toBe(false);
    expect(lo.chunks).toBe(2);
    expect(lo.problem).toMatch(/^cut: the trace ends after 2 chunks/);
    expect(session!.outcome).toBe('incomplete');
  });
});

describe('generic alerts, HMAC, notification', () => {
  it('collects generic alerts (1226) with their Meta', () => {
    const items = [
      exchange(
        c(
          '1',
          alert('1201') + devInfo() + genericAlert('org.openmobilealliance.dm.firmwareupdate.downloadandupdate', '200'),
        ),
        s('1', status('1', '0', 'SyncHdr', '212')),
      ),
    ];
    const [session] = buildSessions(items);
    expect(session!.genericAlerts).toEqual([
      {
        messageIndex: 0,
        type: 'org.openmobilealliance.dm.firmwareupdate.downloadandupdate',
        format: 'int',
        mark: 'critical',
        source: './FUMO/x',
        data: '200',
        correlator: undefined,
      },
    ]);
    expect(session!.packages).toEqual([1, 2]);
    expect(session!.outcome).toBe('completed');
  });

  it('tells HMAC credentials from the x-syncml-hmac header', () => {
    const [session] = buildSessions([
      exchange(c('1', alert('1201') + devInfo()), s('1', status('1', '0', 'SyncHdr', '200')), { hmac: true }),
    ]);
    expect(session!.auth.client).toEqual({ type: 'hmac', result: 'accepted', status: '200' });
  });

  it('ties a Package 0 to the session whose Package 1 (Alert 1200) carries its id in uppercase hex', () => {
    const pkg0 = encodeNotification(
      { version: 11, uiMode: 'background', initiator: 'server', sessionId: 0x2a, serverId: 'srv' },
      { digest: new Uint8Array(16) },
    );
    const items: AssembleInput[] = [
      { exchange: { id: 900 }, messages: [], notification: { bytes: pkg0, origin: { input: 'push.bin', frame: 1 } } },
      exchange(
        c('1', alert('1200') + devInfo(), { sid: '2A' }),
        s('1', status('1', '0', 'SyncHdr', '212'), { sid: '2A' }),
      ),
    ];
    const [session] = buildSessions(items);
    expect(session!.notification).toMatchObject({ sessionId: 42, sessionIdHex: '2A', serverId: 'srv' });
    expect(session!.packages).toEqual([0, 1, 2]);
  });

  it('reports a notification no session answered', () => {
    const pkg0 = encodeNotification(
      { version: 11, uiMode: 'background', initiator: 'server', sessionId: 7, serverId: 'srv' },
      { digest: new Uint8Array(16) },
    );
    const problems: string[] = [];
    buildSessions(
      [{ exchange: { id: 901 }, messages: [], notification: { bytes: pkg0, origin: { input: 'push.bin', frame: 3 } } }],
      { report: (p) => problems.push(`${p.code} frame ${p.frame}`) },
    );
    expect(problems).toEqual(['session-notification-unanswered frame 3']);
  });
});

describe('streaming', () => {
  it('yields a completed session before reading further input', async () => {
    let pulled = 0;
    const first = fourPackages({ device: 'IMEI:A' });
    const second = fourPackages({ device: 'IMEI:B' });
    async function* input() {
      for (const it of [...first, ...second]) {
        pulled++;
        yield it;
      }
    }
    const seen: Array<[string, number]> = [];
    for await (const x of assembleSessions(input())) seen.push([x.device, pulled]);
    expect(seen).toEqual([
      ['IMEI:A', 2],
      ['IMEI:B', 4],
    ]);
  });

  it('ends a session at once on the same Chal again; a 401 without Chal waits for a retry (an auth round, §9)', () => {
    const asm = new SessionAssembler();
    const noChal = asm.push(
      exchange(
        c('1', alert('1201') + devInfo(), { cred: 'basic', device: 'A' }),
        s('1', status('1', '0', 'SyncHdr', '401'), { device: 'A' }),
      ),
    );
    expect(noChal).toEqual([]);
    const h = { cred: 'md5' as const, device: 'B' };
    // Another device's Package 1 on the same connection (a proxy's): A's round is A's alone and
    // waits on (the assembler keeps connections per device, src/session/shard.ts).
    const other = asm.push(
      exchange(
        c('1', alert('1201') + devInfo(), h),
        s('1', status('1', '0', 'SyncHdr', '401', chal('md5', 'TjE=')), { device: 'B' }),
      ),
    );
    expect(other).toEqual([]);
    const again = asm.push(
      exchange(
        c('2', alert('1201') + devInfo(), h),
        s('2', status('2', '0', 'SyncHdr', '401', chal('md5', 'TjE=')), { device: 'B' }),
      ),
    );
    expect(again.map((x) => [x.device, x.outcome, x.packages, x.auth.challenges])).toEqual([
      ['B', 'auth-failed', [1, 2, 1, 2], 2],
    ]);
    const ended = asm.finish();
    expect(ended.map((x) => [x.device, x.outcome])).toEqual([['A', 'auth-failed']]);
    expect(ended[0]!.outcomeReason).toMatch(/answered the client's credentials with 401 without a challenge/);
    expect(again[0]!.auth.client).toEqual({ type: 'md5', result: 'rejected', status: '401' });
  });

  it('closes a session idle for longer than idleMs of capture time, as incomplete', () => {
    const asm = new SessionAssembler({ idleMs: 60_000 });
    const t0 = Date.UTC(2026, 10, 24, 5);
    const out: Session[] = [];
    out.push(...asm.push(fourPackages({ device: 'IMEI:A', t0 })[0]!));
    expect(asm.openCount).toBe(1);
    out.push(...asm.push(fourPackages({ device: 'IMEI:B', t0: t0 + 120_000 })[0]!));
    expect(out.map((x) => [x.device, x.outcome])).toEqual([['IMEI:A', 'incomplete']]);
    expect(out[0]!.outcomeReason).toMatch(/no message for 60 s of capture time/);
    expect(asm.openCount).toBe(1);
    expect(asm.finish().map((x) => x.device)).toEqual(['IMEI:B']);
  });

  it('closes a session at maxMessages and goes on in a new one', () => {
    const sessions = buildSessions(fourPackages(), { maxMessages: 2 });
    expect(sessions.map((x) => [x.id, x.messages.length, x.packages, x.outcome])).toEqual([
      ['IMEI:1/1', 2, [1, 2], 'incomplete'],
      ['IMEI:1/1#2', 2, [3, 4], 'completed'],
    ]);
    expect(sessions[0]!.outcomeReason).toMatch(/closed early: more than 2 messages/);
  });

  it('keeps at most maxOpen sessions open', () => {
    const asm = new SessionAssembler({ maxOpen: 2, shards: 1 });
    const closed: string[] = [];
    for (const d of ['A', 'B', 'C', 'D'])
      closed.push(...asm.push(fourPackages({ device: d })[0]!).map((x) => x.device));
    expect(closed).toEqual(['A', 'B']);
    expect(asm.openCount).toBe(2);
  });
});
