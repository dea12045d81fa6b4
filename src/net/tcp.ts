/**
 * TCP reassembly (RFC 9293): per connection and direction, hands the payload on in sequence
 * order. Retransmitted and overlapping bytes are delivered once; out-of-order segments wait in a
 * bounded buffer; sequence numbers wrap at 2^32. A hole is declared a gap (bytes lost from the
 * capture) when the peer acknowledges past it (it received bytes we never saw), when the
 * out-of-order buffer is full, or when the connection ends; a packet cut by the snap length is a
 * gap of the bytes cut off. A SYN on a finished connection (or with a new initial sequence number)
 * starts a new stream on the same ports.
 */
import { copyBytes, u16be, u32be } from './frame.js';
import type { IpPacket } from './ip.js';

/** Where a piece of stream data came from. */
export interface SegmentAt {
  frame: number;
  /** File offset of the frame's record. */
  offset: number;
  time?: number;
}

/** Receives one connection's reassembled data; side 0/1 as in TcpConn.addr. */
export interface ConnSink {
  data(side: 0 | 1, bytes: Uint8Array, at: SegmentAt): void;
  /** `missing` bytes were not captured before the data that follows (at = frame where that data resumes, or where the loss became known). */
  gap(side: 0 | 1, missing: number, at: SegmentAt, why: 'lost' | 'truncated'): void;
  /** The side sent FIN and all its data was delivered. */
  fin(side: 0 | 1, at: SegmentAt): void;
  /** No more calls for this connection (both FINs, RST, idle, or end of capture). */
  close(at: SegmentAt): void;
}

export interface TcpConn {
  /** 1-based stream number in order of first packet. */
  id: number;
  /** `ip:port` of side 0 and side 1 (`[v6]:port` for IPv6). Side 0 is the client when the handshake was seen. */
  addr: [string, string];
  /** Which side sent the SYN (the client), if the handshake was captured. */
  synFrom?: 0 | 1;
}

interface Pending {
  seq: number;
  bytes: Uint8Array;
  wireLen: number;
  at: SegmentAt;
}

class Side {
  next: number | undefined;
  isn: number | undefined;
  fin: number | undefined;
  ended = false;
  pending: Pending[] = [];
  pendingBytes = 0;
}

interface ConnState {
  conn: TcpConn;
  key0: string;
  sides: [Side, Side];
  sink: ConnSink;
  closed: boolean;
  lastTime: number;
  lastFrame: number;
}

const SYN = 0x02;
const FIN = 0x01;
const RST = 0x04;
const ACK = 0x10;

export interface TcpLimits {
  /** Out-of-order bytes buffered per direction before the hole is declared a gap. */
  maxPendingBytes: number;
  /** Out-of-order segments buffered per direction. */
  maxPendingSegments: number;
  /** Connections tracked at once; the least recently active one is closed past this. */
  maxConnections: number;
  /** An open connection with no packet for this long (capture time, ms) is closed. */
  idleMs: number;
}

export const defaultTcpLimits: TcpLimits = {
  maxPendingBytes: 1 << 20,
  maxPendingSegments: 512,
  maxConnections: 20000,
  idleMs: 10 * 60 * 1000,
};

const addrText = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** What a finished connection points at, so that the parser state behind its sink can be collected. */
const CLOSED_SINK: ConnSink = { data() {}, gap() {}, fin() {}, close() {} };

export class TcpReassembler {
  private conns = new Map<string, ConnState>();
  /** Keys of finished connections still in `conns` (kept a while to absorb late retransmissions and ACKs). */
  private closedKeys = new Set<string>();
  private streams = 0;
  private frames = 0;
  /** Segments that repeated bytes already delivered (retransmissions). */
  retransmissions = 0;
  /** Segments that arrived ahead of a hole and waited. */
  outOfOrder = 0;

  constructor(
    private readonly open: (c: TcpConn) => ConnSink,
    private readonly limits: TcpLimits = defaultTcpLimits,
  ) {}

  get streamCount(): number {
    return this.streams;
  }

  segment(ip: IpPacket, at: SegmentAt): void {
    const t = ip.payload;
    if (t.length < 20) return;
    const sport = u16be(t, 0);
    const dport = u16be(t, 2);
    const seq = u32be(t, 4);
    const ack = u32be(t, 8);
    const doff = (t[12]! >> 4) * 4;
    const flags = t[13]!;
    if (doff < 20 || doff > t.length) return;
    if (++this.frames % 1024 === 0) this.sweep(at);
    // Map keys from the binary address ids; the text form is made once per connection.
    const a = ip.srcId + String.fromCharCode(sport);
    const b = ip.dstId + String.fromCharCode(dport);
    const key = a < b ? a + b : b + a;
    let st = this.conns.get(key);
    if ((flags & (SYN | ACK)) === SYN && st) {
      const side = st.key0 === a ? 0 : 1;
      const s = st.sides[side];
      if (
        st.closed ||
        st.sides[0].fin !== undefined ||
        st.sides[1].fin !== undefined ||
        (s.isn !== undefined && s.isn !== seq)
      ) {
        // A new connection on the same ports.
        this.finish(st, at);
        this.drop(key);
        st = undefined;
      }
    }
    if (!st) {
      if (flags & RST) return;
      const conn: TcpConn = { id: ++this.streams, addr: [addrText(ip.src, sport), addrText(ip.dst, dport)] };
      let key0 = a;
      if (flags & SYN) conn.synFrom = flags & ACK ? 1 : 0;
      if (conn.synFrom === 1) {
        conn.addr = [conn.addr[1], conn.addr[0]];
        key0 = b;
      }
      st = {
        conn,
        key0,
        sides: [new Side(), new Side()],
        sink: undefined as unknown as ConnSink,
        closed: false,
        lastTime: 0,
        lastFrame: 0,
      };
      if (conn.synFrom === 1) conn.synFrom = 0;
      st.sink = this.open(conn);
      this.conns.set(key, st);
      if (this.conns.size > this.limits.maxConnections) this.sweep(at);
    } else {
      // Keep insertion order close to recency so eviction takes the least recently active.
      this.conns.delete(key);
      this.conns.set(key, st);
    }
    st.lastTime = at.time ?? st.lastTime;
    st.lastFrame = at.frame;
    if (st.closed) return;
    const sideNo: 0 | 1 = st.key0 === a ? 0 : 1;
    const side = st.sides[sideNo];
    const peer = st.sides[sideNo ^ 1]!;
    if (flags & RST) {
      this.finish(st, at, key);
      return;
    }
    let s = seq;
    if (flags & SYN) {
      side.isn = seq;
      side.next = (seq + 1) >>> 0;
      s = (seq + 1) >>> 0;
    } else if (side.next === undefined) side.next = seq;
    const payload = t.subarray(doff);
    const wireLen = Math.max(payload.length, ip.wireLen - doff);
    if (wireLen > 0) this.data(st, sideNo, s, payload, wireLen, at);
    if (flags & FIN && side.fin === undefined) side.fin = (s + wireLen) >>> 0;
    if (flags & ACK && peer.next !== undefined && !peer.ended) this.acked(st, (sideNo ^ 1) as 0 | 1, ack, at);
    this.checkFin(st, sideNo, at);
    if (st.sides[0].ended && st.sides[1].ended) this.finish(st, at, key);
  }

  /** Connections tracked right now, open or recently finished (for tests and benchmarks). */
  get trackedCount(): number {
    return this.conns.size;
  }

  private drop(key: string): void {
    this.conns.delete(key);
    this.closedKeys.delete(key);
  }

  /** End of capture: flush every connection still open, oldest first. */
  end(at: SegmentAt): void {
    for (const st of this.conns.values()) this.finish(st, at);
    this.conns.clear();
    this.closedKeys.clear();
  }

  private data(st: ConnState, sideNo: 0 | 1, seq: number, bytes: Uint8Array, wireLen: number, at: SegmentAt): void {
    const side = st.sides[sideNo];
    if (side.ended) return;
    const rel = (seq - side.next!) | 0;
    if (rel > 0) {
      this.outOfOrder++;
      const p: Pending = { seq, bytes: copyBytes(bytes), wireLen, at };
      let i = side.pending.length;
      while (i > 0 && ((side.pending[i - 1]!.seq - seq) | 0) > 0) i--;
      side.pending.splice(i, 0, p);
      side.pendingBytes += bytes.length;
      if (side.pendingBytes > this.limits.maxPendingBytes || side.pending.length > this.limits.maxPendingSegments)
        this.skipHole(st, sideNo);
      return;
    }
    this.deliver(st, sideNo, seq, bytes, wireLen, at);
    this.drain(st, sideNo);
  }

  /** Delivers a segment that starts at or before side.next, trimming what was already delivered. */
  private deliver(st: ConnState, sideNo: 0 | 1, seq: number, bytes: Uint8Array, wireLen: number, at: SegmentAt): void {
    const side = st.sides[sideNo];
    const rel = (seq - side.next!) | 0;
    if (rel + wireLen <= 0) {
      this.retransmissions++;
      return;
    }
    if (rel < 0) {
      this.retransmissions++;
      bytes = bytes.subarray(Math.min(-rel, bytes.length));
      wireLen += rel;
    }
    if (bytes.length) st.sink.data(sideNo, bytes, at);
    if (bytes.length < wireLen) st.sink.gap(sideNo, wireLen - bytes.length, at, 'truncated');
    side.next = (side.next! + wireLen) >>> 0;
  }

  private drain(st: ConnState, sideNo: 0 | 1): void {
    const side = st.sides[sideNo];
    while (side.pending.length && ((side.pending[0]!.seq - side.next!) | 0) <= 0) {
      const p = side.pending.shift()!;
      side.pendingBytes -= p.bytes.length;
      this.deliver(st, sideNo, p.seq, p.bytes, p.wireLen, p.at);
    }
  }

  /** Gives up waiting for the bytes before the first buffered segment: a gap. */
  private skipHole(st: ConnState, sideNo: 0 | 1): void {
    const side = st.sides[sideNo];
    const first = side.pending[0];
    if (!first) return;
    const missing = (first.seq - side.next!) | 0;
    if (missing > 0) st.sink.gap(sideNo, missing, first.at, 'lost');
    side.next = first.seq;
    this.drain(st, sideNo);
  }

  /** The peer acknowledged up to `ack` of side `sideNo`: bytes before it that we have not seen were lost from the capture. */
  private acked(st: ConnState, sideNo: 0 | 1, ack: number, at: SegmentAt): void {
    const side = st.sides[sideNo];
    while (side.pending.length && ((ack - side.pending[0]!.seq) | 0) > 0) this.skipHole(st, sideNo);
    let lim = side.next!;
    if (side.fin !== undefined && side.fin === side.next) lim = (lim + 1) >>> 0;
    const missing = (ack - lim) | 0;
    if (missing > 0 && missing < 0x40000000 && side.pending.length === 0 && side.isn !== undefined) {
      st.sink.gap(sideNo, missing, at, 'lost');
      side.next = side.fin !== undefined && side.fin === (ack - 1) >>> 0 ? side.fin : ack;
    }
  }

  private checkFin(st: ConnState, sideNo: 0 | 1, at: SegmentAt): void {
    const side = st.sides[sideNo];
    if (!side.ended && side.fin !== undefined && side.next === side.fin && side.pending.length === 0) {
      side.ended = true;
      st.sink.fin(sideNo, at);
    }
  }

  /** Flushes what is buffered (with gaps) and closes the connection; `key` marks it for the sweep. */
  private finish(st: ConnState, at: SegmentAt, key?: string): void {
    if (st.closed) return;
    for (const sideNo of [0, 1] as const) {
      const side = st.sides[sideNo];
      while (side.pending.length) this.skipHole(st, sideNo);
      if (!side.ended && side.fin !== undefined && side.next !== undefined) {
        const missing = (side.fin - side.next) | 0;
        if (missing > 0) st.sink.gap(sideNo, missing, at, 'lost');
        side.next = side.fin;
        this.checkFin(st, sideNo, at);
      }
    }
    st.closed = true;
    st.sides[0].pending = [];
    st.sides[1].pending = [];
    const sink = st.sink;
    st.sink = CLOSED_SINK;
    if (key !== undefined) this.closedKeys.add(key);
    sink.close(at);
  }

  /**
   * Runs every 1024 segments and when a new connection goes past the cap. Drops finished
   * connections (1000 frames after their last packet) and closes idle ones (capture time), and the
   * oldest past the cap. Finished connections are found through
   * `closedKeys`, not by walking `conns` in recency order: a keep-alive connection that stays open
   * for the whole capture must not hold back every connection that finished after it started.
   */
  private sweep(at: SegmentAt): void {
    for (const key of this.closedKeys) {
      const st = this.conns.get(key);
      if (!st || !st.closed) this.closedKeys.delete(key);
      else if (at.frame - st.lastFrame > 1000) this.drop(key);
    }
    const now = at.time;
    for (const [key, st] of this.conns) {
      const idle = now !== undefined && now - st.lastTime > this.limits.idleMs;
      if (idle || this.conns.size > this.limits.maxConnections) {
        this.finish(st, at);
        this.drop(key);
      } else if (!st.closed) break; // insertion order ~ recency: the rest are newer
    }
  }
}
