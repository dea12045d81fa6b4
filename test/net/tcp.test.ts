/**
 * TCP reassembly cases that are hard to get from a real capture on demand: overlaps that carry new
 * bytes, a full out-of-order buffer, RST, a SYN with a new initial sequence number on open ports.
 * (Retransmission, out-of-order, loss, wrap-around and port reuse are also checked on real captures
 * against tshark in test/sources/capture-tshark.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { TcpReassembler, type ConnSink, type SegmentAt, type TcpConn } from '../../src/net/tcp.js';
import type { IpPacket } from '../../src/net/ip.js';

const SYN = 0x02,
  ACK = 0x10,
  FIN = 0x01,
  RST = 0x04;
const C = { ip: '10.0.0.1', port: 40000 };
const S = { ip: '10.0.0.2', port: 80 };

function seg(fromClient: boolean, seq: number, ack: number, flags: number, data = '', wireLen?: number): IpPacket {
  const [a, b] = fromClient ? [C, S] : [S, C];
  const t = Buffer.alloc(20 + data.length);
  t.writeUInt16BE(a.port, 0);
  t.writeUInt16BE(b.port, 2);
  t.writeUInt32BE(seq >>> 0, 4);
  t.writeUInt32BE(ack >>> 0, 8);
  t[12] = 5 << 4;
  t[13] = flags;
  t.write(data, 20, 'latin1');
  return { src: a.ip, dst: b.ip, srcId: a.ip, dstId: b.ip, proto: 6, payload: t, wireLen: wireLen ?? t.length };
}

function run(segments: IpPacket[], limits?: ConstructorParameters<typeof TcpReassembler>[1]) {
  const events: string[] = [];
  const conns: TcpConn[] = [];
  const text: [string, string] = ['', ''];
  const tcp = new TcpReassembler((c) => {
    conns.push(c);
    const sink: ConnSink = {
      data: (side, bytes) => {
        text[side] += Buffer.from(bytes).toString('latin1');
      },
      gap: (side, n, a, why) => events.push(`gap ${side} ${n} @${a.frame} ${why}`),
      fin: (side, a) => events.push(`fin ${side} @${a.frame}`),
      close: (a) => events.push(`close #${c.id} @${a.frame}`),
    };
    return sink;
  }, limits);
  segments.forEach((s, i) => tcp.segment(s, { frame: i + 1, offset: i } as SegmentAt));
  tcp.end({ frame: segments.length + 1, offset: 0 });
  return { events, conns, text, tcp };
}

const ISN_C = 0xfffffff0; // wraps after 15 bytes
const ISN_S = 1000;
const hs = [seg(true, ISN_C, 0, SYN), seg(false, ISN_S, ISN_C + 1, SYN | ACK), seg(true, ISN_C + 1, ISN_S + 1, ACK)];

describe('TcpReassembler', () => {
  it('delivers overlapping segments once, keeping the new bytes of a partial overlap, across the 2^32 wrap', () => {
    const c = (off: number, s: string) => seg(true, ISN_C + 1 + off, ISN_S + 1, ACK, s);
    const r = run([
      ...hs,
      c(0, 'abcdefghij'),
      c(5, 'fghijKLMNO'),
      c(0, 'abcdefghijKLMNOPQRST'),
      c(20, 'uvwxyz'),
      c(18, 'ST'),
    ]);
    expect(r.text[0]).toBe('abcdefghijKLMNOPQRSTuvwxyz');
    expect(r.conns[0]!.addr).toEqual(['10.0.0.1:40000', '10.0.0.2:80']);
    expect(r.tcp.retransmissions).toBe(3);
  });

  it('holds out-of-order segments and delivers them when the hole fills', () => {
    const c = (off: number, s: string) => seg(true, ISN_C + 1 + off, ISN_S + 1, ACK, s);
    const r = run([...hs, c(6, 'world'), c(11, '!'), c(0, 'hello ')]);
    expect(r.text[0]).toBe('hello world!');
    expect(r.events.filter((e) => e.startsWith('gap'))).toEqual([]);
  });

  it('a held out-of-order segment is a copy: the frame it came in may be overwritten', () => {
    const c = (off: number, s: string) => seg(true, ISN_C + 1 + off, ISN_S + 1, ACK, s);
    const early = c(6, 'world');
    const events: string[] = [];
    let text = '';
    const tcp = new TcpReassembler(() => ({
      data: (_side, bytes) => {
        text += Buffer.from(bytes).toString('latin1');
      },
      gap: () => events.push('gap'),
      fin: () => {},
      close: () => {},
    }));
    [...hs, early].forEach((s, i) => tcp.segment(s, { frame: i + 1, offset: i }));
    (early.payload as Buffer).fill(0x58);
    tcp.segment(c(0, 'hello '), { frame: 5, offset: 4 });
    expect(text).toBe('hello world');
    expect(events).toEqual([]);
  });

  it('a full out-of-order buffer declares the hole a gap at the first waiting segment', () => {
    const c = (off: number, s: string) => seg(true, ISN_C + 1 + off, ISN_S + 1, ACK, s);
    const r = run([...hs, c(0, 'aa'), c(10, 'x'), c(11, 'y'), c(12, 'z')], {
      maxPendingBytes: 1 << 20,
      maxPendingSegments: 2,
      maxConnections: 10,
      idleMs: 1e9,
    });
    expect(r.events[0]).toBe('gap 0 8 @5 lost');
    expect(r.text[0]).toBe('aaxyz');
  });

  it('an ACK past what was captured reveals a lost segment', () => {
    const r = run([...hs, seg(true, ISN_C + 1, ISN_S + 1, ACK, 'GET'), seg(false, ISN_S + 1, ISN_C + 1 + 100, ACK)]);
    expect(r.events).toContain('gap 0 97 @5 lost');
  });

  it('FIN from both sides closes; RST closes at once; a new SYN on the same ports starts a new stream', () => {
    const r = run([
      ...hs,
      seg(true, ISN_C + 1, ISN_S + 1, ACK | FIN),
      seg(false, ISN_S + 1, ISN_C + 2, ACK | FIN),
      seg(true, ISN_C + 2, ISN_S + 2, ACK),
      seg(true, 5000, 0, SYN),
      seg(false, 9000, 5001, SYN | ACK),
      seg(true, 5001, 9001, ACK, 'again'),
      seg(false, 9001, 5006, RST),
      seg(true, 5006, 9001, ACK, 'after reset'),
    ]);
    expect(r.events).toEqual(['fin 0 @4', 'fin 1 @5', 'close #1 @5', 'close #2 @10']);
    expect(r.conns.map((c) => c.id)).toEqual([1, 2]);
    expect(r.text[0]).toBe('again');
  });

  it('a SYN with a different initial sequence number on an open connection is a new stream', () => {
    const r = run([
      ...hs,
      seg(true, ISN_C + 1, ISN_S + 1, ACK, 'one'),
      seg(true, 7, 0, SYN),
      seg(true, 8, 0, ACK, 'two'),
    ]);
    expect(r.conns).toHaveLength(2);
    expect(r.events).toContain('close #1 @5');
  });

  it('a segment cut by the snap length is delivered as far as captured, then a gap', () => {
    const p = seg(true, ISN_C + 1, ISN_S + 1, ACK, 'abc', 20 + 10);
    const r = run([...hs, p, seg(true, ISN_C + 11, ISN_S + 1, ACK, 'next')]);
    expect(r.text[0]).toBe('abcnext');
    expect(r.events[0]).toBe('gap 0 7 @4 truncated');
  });

  it('a capture that starts mid-connection (no handshake) still reassembles', () => {
    const r = run([seg(true, 123456, 1, ACK, 'POST / HTTP/1.1\r\n'), seg(true, 123456 + 17, 1, ACK, '\r\n')]);
    expect(r.text[0]).toBe('POST / HTTP/1.1\r\n\r\n');
  });

  it('closes connections past the connection cap', () => {
    const many: IpPacket[] = [];
    for (let i = 0; i < 30; i++) {
      const s = seg(true, 1, 0, SYN);
      s.payload = Buffer.from(s.payload);
      (s.payload as Buffer).writeUInt16BE(41000 + i, 0);
      many.push(s);
    }
    const r = run(many, { maxPendingBytes: 1 << 20, maxPendingSegments: 8, maxConnections: 10, idleMs: 1e9 });
    expect(r.conns).toHaveLength(30);
    // 20 were closed early to stay under the cap; the last 10 at the end of the capture.
    expect(r.events.filter((e) => e.startsWith('close') && !e.endsWith('@31'))).toHaveLength(20);
  });

  it('releases a finished connection while an earlier one is still open (keep-alive)', () => {
    /** A segment of the connection from client port `port`. */
    const on = (port: number, fromClient: boolean, seq: number, ack: number, flags: number, data = ''): IpPacket => {
      const s = seg(fromClient, seq, ack, flags, data);
      s.payload = Buffer.from(s.payload);
      (s.payload as Buffer).writeUInt16BE(port, fromClient ? 0 : 2);
      return s;
    };
    const handshake = (port: number) => [
      on(port, true, 100, 0, SYN),
      on(port, false, 500, 101, SYN | ACK),
      on(port, true, 101, 501, ACK),
    ];
    const closed = (port: number) => [
      ...handshake(port),
      on(port, true, 101, 501, ACK, 'GET / HTTP/1.1\r\n\r\n'),
      on(port, true, 119, 501, FIN | ACK),
      on(port, false, 501, 120, FIN | ACK),
      on(port, true, 120, 502, ACK),
    ];
    const segments: IpPacket[] = [
      // 40000: opened first, sends one request and stays open (a keep-alive connection between sessions).
      ...handshake(40000),
      on(40000, true, 101, 501, ACK, 'POST /dm HTTP/1.1\r\n'),
      // 40001-40003: open, exchange and close after it.
      ...closed(40001),
      ...closed(40002),
      ...closed(40003),
    ];
    // 40009: a busy connection, 3000 segments, long enough for the sweeps to run.
    segments.push(...handshake(40009));
    for (let i = 0; i < 3000; i++) segments.push(on(40009, true, 101 + i, 501, ACK, 'x'));
    const tracked: number[] = [];
    const closes: number[] = [];
    const tcp = new TcpReassembler((c) => ({
      data() {},
      gap() {},
      fin() {},
      close: () => closes.push(c.id),
    }));
    segments.forEach((s, i) => {
      tcp.segment(s, { frame: i + 1, offset: i });
      tracked.push(tcp.trackedCount);
    });
    expect(closes).toEqual([2, 3, 4]); // the three short connections finished; 1 and 5 are open
    expect(tracked[30]).toBe(5); // all five are still tracked soon after (late retransmissions are absorbed)
    expect(tracked.at(-1)).toBe(2); // the finished ones were dropped although connection 1 is still open
    tcp.end({ frame: segments.length + 1, offset: 0 });
    expect(closes).toEqual([2, 3, 4, 1, 5]);
  });
});
