/**
 * The invariant `--jobs` rests on (src/session/shard.ts, src/cli/jobs.ts): assemblers that each get
 * the messages of some device shards, and only the time of every other exchange, hand on the
 * sessions one assembler over everything hands on, and their order keys merge into its order.
 */
import { describe, expect, it } from 'vitest';
import { SessionAssembler, deviceOf, type AssembleInput } from '../../src/session/assemble.js';
import { compareOrderKeys, deviceShard, DEVICE_SHARDS } from '../../src/session/shard.js';
import type { Session } from '../../src/session/types.js';
import { encodeNotification } from '../../src/notification/package0.js';
import { alert, devInfo, exchange, get, status, syncml } from './build.js';

const c = (id: string, body: string, o = {}) => syncml('client', id, body, o);
const s = (id: string, body: string, o = {}) => syncml('server', id, body, o);
const T0 = Date.UTC(2026, 10, 24, 5);

/** A device's session: Package 1 and 2, then (unless `cut`) 3 and 4; exchanges `step` ms apart from t. */
function session(device: string, sid: string, t: number, cut = false, code = '1201'): AssembleInput[] {
  const h = { device, sid };
  const step = 1000;
  const out = [
    exchange(
      c('1', alert(code) + devInfo(), h),
      s('1', status('1', '0', 'SyncHdr', '212') + status('1', '1', 'Alert', '200') + get('./DevInfo/Mod', '7'), h),
      { time: t },
    ),
  ];
  if (!cut)
    out.push(
      exchange(
        c('2', status('1', '0', 'SyncHdr', '200') + status('1', '7', 'Get', '200'), h),
        s('2', status('2', '0', 'SyncHdr', '212'), h),
        { time: t + step },
      ),
    );
  return out;
}

/** Several devices interleaved, sessions cut off (closed by idle time), SessionIDs reused, a clock that jumps back. */
function traffic(): AssembleInput[] {
  const streams: AssembleInput[][] = [];
  for (let d = 0; d < 40; d++) {
    const device = `IMEI:${1000 + d}`;
    const list: AssembleInput[] = [];
    for (let k = 0; k < 4; k++) {
      // SessionID 1 again and again for some devices (#2, #3 …), cut sessions left to the idle clock
      const sid = d % 3 === 0 ? '1' : String(k + 1);
      list.push(...session(device, sid, T0 + k * 20 * 60_000 + d * 7_000, (d + k) % 4 === 0));
    }
    streams.push(list);
  }
  // Round-robin interleaving; every tenth round, a device whose clock is an hour behind (a second
  // capture file read in the same run): the least recently active device is then not the longest idle.
  const out: AssembleInput[] = [];
  for (let i = 0; streams.some((l) => i < l.length); i++) {
    for (const l of streams) if (i < l.length) out.push(l[i]!);
    if (i % 10 === 0) out.push(...session(`IMEI:behind-${i}`, '9', T0 - 3_600_000 + i * 60_000, i % 20 === 0));
  }
  return out;
}

function describeSession(x: Session) {
  return [x.id, x.outcome, x.outcomeReason ?? '', x.packages.join(' ')];
}

function owner(item: AssembleInput): string {
  const client = item.messages.find((m) => deviceOf(m) !== undefined && m.direction === 'client');
  return deviceOf(client ?? item.messages[0]!) ?? '';
}

/** Small bounds, so that sessions are closed for maxOpen and SessionIDs forgotten (remember) too. */
const OPTS = { idleMs: 15 * 60_000, maxOpen: 48, remember: 48 };

function one(items: AssembleInput[], opts: object = OPTS): Session[] {
  const asm = new SessionAssembler(opts);
  const out: Session[] = [];
  for (const item of items) out.push(...asm.push(item));
  out.push(...asm.finish());
  return out;
}

function split(items: AssembleInput[], workers: number, opts: object = OPTS): Session[] {
  const merged: Array<{ key: readonly number[]; s: Session }> = [];
  for (let w = 0; w < workers; w++) {
    const asm = new SessionAssembler(opts);
    const take = (list: Session[]) => {
      for (const x of list) merged.push({ key: asm.orderKey(x), s: x });
    };
    for (const item of items) {
      const mine = deviceShard(owner(item)) % workers === w;
      const time = item.messages.reduce((t, m) => Math.max(t, m.origin.time ?? -Infinity), -Infinity);
      take(asm.push(mine ? item : { exchange: item.exchange, messages: [], time }));
    }
    take(asm.finish());
  }
  return merged.sort((a, b) => compareOrderKeys(a.key, b.key)).map((x) => x.s);
}

describe('device shards', () => {
  it('spread devices over all the shards', () => {
    const used = new Set(Array.from({ length: 400 }, (_, i) => deviceShard(`IMEI:${35_000_000 + i}`)));
    expect(used.size).toBe(DEVICE_SHARDS);
  });

  it.each([2, 3, 5, 16])(
    'assembled by %i assemblers, each with its shards, merge into what one assembler gives',
    (n) => {
      const items = traffic();
      const expected = one(items);
      expect(expected.length).toBeGreaterThan(150);
      expect(expected.some((x) => x.id.endsWith('#3'))).toBe(true);
      expect(expected.some((x) => /no message for 900 s/.test(x.outcomeReason ?? ''))).toBe(true);
      expect(expected.some((x) => /more than 48 sessions open/.test(x.outcomeReason ?? ''))).toBe(true);
      expect(split(items, n).map(describeSession)).toEqual(expected.map(describeSession));
    },
  );

  it('needs the bounds per shard: with one shard (global bounds) the split assemblers would differ', () => {
    const items = traffic();
    const global = { ...OPTS, shards: 1 };
    expect(split(items, 3, global).map(describeSession)).not.toEqual(one(items, global).map(describeSession));
  });

  it('gives a Package 0 notification to the first Package 1 of each device that answers it, and reports it unanswered once', () => {
    const pkg0 = encodeNotification(
      { version: 11, uiMode: 'background', initiator: 'server', sessionId: 0x2a, serverId: 'srv' },
      { digest: new Uint8Array(16) },
    );
    const problems: string[] = [];
    const asm = new SessionAssembler({ report: (p) => problems.push(p.code) });
    asm.push({
      exchange: { id: 1 },
      messages: [],
      notification: { bytes: pkg0, origin: { input: 'push.bin', frame: 1 } },
    });
    const answered: Session[] = [];
    for (const device of ['IMEI:A', 'IMEI:B']) {
      const [first] = session(device, '2A', T0, true, '1200'); // Alert 1200: server-initiated
      answered.push(...asm.push(first!));
    }
    answered.push(...asm.finish());
    expect(answered.map((x) => [x.device, x.notification?.sessionIdHex])).toEqual([
      ['IMEI:A', '2A'],
      ['IMEI:B', '2A'],
    ]);
    expect(problems).toEqual([]);
    const lonely = new SessionAssembler({ report: (p, about) => problems.push(`${p.code} ${JSON.stringify(about)}`) });
    lonely.push({
      exchange: { id: 2 },
      messages: [],
      notification: { bytes: pkg0, origin: { input: 'push.bin', frame: 2 } },
    });
    lonely.finish();
    expect(problems).toEqual(['session-notification-unanswered {"untaken":1}']);
  });
});
