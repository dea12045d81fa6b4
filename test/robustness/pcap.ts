/**
 * A minimal classic pcap writer (Ethernet, IPv4, TCP) for hostile captures the fixture tools
 * cannot make (a 100 MB Content-Length with a short body, a gzip bomb): one TCP connection with
 * its handshake, the client's bytes then the server's, cut into 1400-byte segments. The tests
 * check with tshark that it reads as the HTTP it is meant to be.
 */

const DEFAULT_MSS = 1400;

function ipChecksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

interface Endpoint {
  ip: [number, number, number, number];
  port: number;
}

function packet(src: Endpoint, dst: Endpoint, seq: number, ack: number, flags: number, payload: Buffer): Buffer {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(src.port, 0);
  tcp.writeUInt16BE(dst.port, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp.writeUInt32BE(ack >>> 0, 8);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  tcp.writeUInt16BE(65535, 14);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  Buffer.from(src.ip).copy(ip, 12);
  Buffer.from(dst.ip).copy(ip, 16);
  ip.writeUInt16BE(ipChecksum(ip), 10);
  const eth = Buffer.from([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]);
  return Buffer.concat([eth, ip, tcp, payload]);
}

/** How the bytes are cut into segments, and which segments are lost or sent twice (fuzzing the reassembly). */
export interface TcpPcapOptions {
  mss?: number;
  /** Segment numbers (0-based over both directions' data segments) that are not captured. */
  lost?: ReadonlySet<number>;
  /** Segment numbers captured twice (a retransmission). */
  twice?: ReadonlySet<number>;
  /** Client and server data interleaved segment by segment (pipelined requests before the responses end). */
  interleave?: boolean;
}

/** A pcap with one TCP connection: handshake, `client` bytes, then `server` bytes, then FINs. */
export function tcpPcap(client: Buffer, server: Buffer, opts: TcpPcapOptions = {}): Buffer {
  const MSS = Math.max(1, opts.mss ?? DEFAULT_MSS);
  const c: Endpoint = { ip: [10, 0, 0, 1], port: 40000 };
  const s: Endpoint = { ip: [10, 0, 0, 2], port: 80 };
  const frames: Buffer[] = [];
  let cseq = 1000;
  let sseq = 5000;
  frames.push(packet(c, s, cseq, 0, 0x02, Buffer.alloc(0)));
  frames.push(packet(s, c, sseq, cseq + 1, 0x12, Buffer.alloc(0)));
  cseq++;
  sseq++;
  frames.push(packet(c, s, cseq, sseq, 0x10, Buffer.alloc(0)));
  let segment = 0;
  const send = (frame: Buffer) => {
    const n = segment++;
    if (opts.lost?.has(n)) return;
    frames.push(frame);
    if (opts.twice?.has(n)) frames.push(frame);
  };
  let ci = 0;
  let si = 0;
  while (ci < client.length || si < server.length) {
    const clientTurn = ci < client.length && (!opts.interleave || si >= server.length || segment % 2 === 0);
    if (clientTurn || si >= server.length) {
      const part = client.subarray(ci, ci + MSS);
      send(packet(c, s, cseq, sseq, 0x18, part));
      cseq += part.length;
      ci += part.length;
    } else {
      const part = server.subarray(si, si + MSS);
      send(packet(s, c, sseq, cseq, 0x18, part));
      sseq += part.length;
      si += part.length;
    }
  }
  frames.push(packet(c, s, cseq, sseq, 0x11, Buffer.alloc(0)));
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const out: Buffer[] = [head];
  frames.forEach((f, i) => {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(1_700_000_000 + i, 0);
    rec.writeUInt32LE(f.length, 8);
    rec.writeUInt32LE(f.length, 12);
    out.push(rec, f);
  });
  return Buffer.concat(out);
}
