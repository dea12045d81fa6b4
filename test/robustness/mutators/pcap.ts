/**
 * Capture-aware mutators: pcap records and pcapng blocks (found by walking the file as
 * test/robustness/mutate.ts does) get edge lengths and times, are dropped, repeated, reordered or
 * cut; the packets in them (Ethernet / SLL / raw / loopback, IPv4 / IPv6, TCP) get damaged IP and
 * TCP headers (lengths, fragment offsets, sequence numbers, flags) and HTTP payload damage of the
 * same length (so the capture's framing stays and the damage reaches the TCP and HTTP layers).
 */
import {
  chance,
  count,
  int,
  pick,
  readU32,
  splice,
  stacked,
  U32,
  withBytes,
  writeU16,
  writeU32,
  type Mutator,
} from './bytes.js';
import type { MutateContext, Mutation, Rnd } from './bytes.js';

export interface Record_ {
  /** Offset of the record header / block start, and of the packet data in it. */
  off: number;
  data: number;
  caplen: number;
  /** End of the record / block. */
  end: number;
  le: boolean;
  linktype: number;
  /** pcapng block type (6 EPB, 3 SPB, 2 obsolete PB, 1 IDB, 0x0a0d0d0a SHB, ...). */
  type?: number;
}

const PCAP_MAGICS = [0xa1b2c3d4, 0xa1b23c4d];

/** Record starts of a pcap file. */
export function pcapRecords(b: Buffer): Record_[] {
  if (b.length < 24) return [];
  const m = b.readUInt32LE(0);
  const le = PCAP_MAGICS.includes(m);
  const linktype = readU32(b, 20, le) & 0x0fffffff;
  const out: Record_[] = [];
  let off = 24;
  while (off + 16 <= b.length && out.length < 100_000) {
    const cap = readU32(b, off + 8, le);
    const end = off + 16 + cap;
    out.push({ off, data: off + 16, caplen: cap, end: Math.min(end, b.length), le, linktype });
    if (cap > 1 << 24) break;
    off = end;
  }
  return out;
}

/** Blocks of a pcapng file, with each EPB / SPB packet's data offset and the link type of its interface. */
export function pcapngBlocks(b: Buffer): Record_[] {
  const out: Record_[] = [];
  let off = 0;
  let le = true;
  let links: number[] = [];
  while (off + 12 <= b.length && out.length < 100_000) {
    const typeLe = b.readUInt32LE(off);
    if (typeLe === 0x0a0d0d0a) {
      le = b.readUInt32LE(off + 8) === 0x1a2b3c4d;
      links = [];
    }
    const type = le ? typeLe : b.readUInt32BE(off);
    const len = readU32(b, off + 4, le);
    let data = off + 8;
    let caplen = Math.max(0, len - 12);
    let linktype = 1;
    if (type === 1) links.push(off + 10 <= b.length ? (le ? b.readUInt16LE(off + 8) : b.readUInt16BE(off + 8)) : 1);
    if (type === 6 || type === 2) {
      linktype =
        links[type === 6 ? readU32(b, off + 8, le) : le ? b.readUInt16LE(off + 8) : b.readUInt16BE(off + 8)] ?? 1;
      caplen = readU32(b, off + 20, le);
      data = off + 28;
    } else if (type === 3) {
      linktype = links[0] ?? 1;
      caplen = Math.max(0, len - 16);
      data = off + 12;
    }
    out.push({ off, data, caplen, end: Math.min(b.length, off + Math.max(12, len)), le, linktype, type });
    if (len < 12 || len > 1 << 26) break;
    off += len;
  }
  return out;
}

/** Offset of the IP header in a frame of `linktype` (LINKTYPE_*), if this reader knows the link. */
function ipOffset(frame: Buffer, linktype: number): number | undefined {
  switch (linktype) {
    case 1: {
      let at = 12;
      while (frame.length >= at + 2 && (frame.readUInt16BE(at) === 0x8100 || frame.readUInt16BE(at) === 0x88a8))
        at += 4;
      return at + 2;
    }
    case 113:
      return 16;
    case 276:
      return 20;
    case 0:
    case 108:
      return 4;
    case 101:
    case 228:
    case 229:
    case 12:
    case 14:
      return 0;
    default:
      return undefined;
  }
}

/** IP and TCP header offsets and the payload range of a frame, as far as they can be found. */
function layers(
  frame: Buffer,
  linktype: number,
): { ip: number; v6: boolean; tcp?: number; payload?: number } | undefined {
  const ip = ipOffset(frame, linktype);
  if (ip === undefined || ip >= frame.length) return undefined;
  const v = frame[ip]! >> 4;
  if (v === 4) {
    const ihl = (frame[ip]! & 0x0f) * 4;
    const tcp = ip + ihl;
    if (frame[ip + 9] !== 6 || tcp + 20 > frame.length) return { ip, v6: false };
    return { ip, v6: false, tcp, payload: tcp + (frame[tcp + 12]! >> 4) * 4 };
  }
  if (v === 6) {
    const tcp = ip + 40;
    if (frame[ip + 6] !== 6 || tcp + 20 > frame.length) return { ip, v6: true };
    return { ip, v6: true, tcp, payload: tcp + (frame[tcp + 12]! >> 4) * 4 };
  }
  return undefined;
}

/** Damage inside one packet's frame (in place on a copy of the whole file). */
function packetDamage(out: Buffer, r: Record_, rnd: Rnd, payloadMutator?: Mutator): string | undefined {
  const len = Math.min(r.caplen, out.length - r.data);
  if (len <= 0) return undefined;
  const frame = out.subarray(r.data, r.data + len);
  const l = layers(frame, r.linktype);
  if (!l) return undefined;
  const ops: Array<() => string | undefined> = [
    () => {
      if (l.v6) writeU16(frame, l.ip + 4, pick(rnd, [0, 1, 0xffff, frame.length]), false);
      else writeU16(frame, l.ip + 2, pick(rnd, [0, 19, 20, 40, 0xffff, frame.length]), false);
      return 'ip-length';
    },
    () => {
      if (l.v6) return undefined;
      // fragment: MF set and/or an offset (in 8-byte units), possibly past any datagram
      writeU16(frame, l.ip + 6, (chance(rnd, 0.5) ? 0x2000 : 0) | int(rnd, 0x2000), false);
      return 'ip-fragment';
    },
    () => {
      frame[l.ip] = chance(rnd, 0.5) ? (frame[l.ip]! & 0xf0) | int(rnd, 16) : pick(rnd, [0x45, 0x46, 0x4f, 0x60, 0x00]);
      return 'ip-version-ihl';
    },
    () => {
      if (l.tcp === undefined) return undefined;
      const seq = readU32(frame, l.tcp + 4, false);
      writeU32(frame, l.tcp + 4, pick(rnd, [seq + 1, seq - 1, seq + 1400, seq ^ 0x80000000, 0, 0xffffffff]), false);
      return 'tcp-seq';
    },
    () => {
      if (l.tcp === undefined) return undefined;
      frame[l.tcp + 13] = pick(rnd, [0x02, 0x12, 0x11, 0x04, 0x14, 0x18, 0x01, 0x00, 0xff]);
      return 'tcp-flags';
    },
    () => {
      if (l.tcp === undefined) return undefined;
      frame[l.tcp + 12] = (pick(rnd, [0, 4, 5, 6, 15]) << 4) | (frame[l.tcp + 12]! & 0x0f);
      return 'tcp-data-offset';
    },
    () => {
      if (l.tcp === undefined) return undefined;
      writeU16(frame, l.tcp + (chance(rnd, 0.5) ? 0 : 2), pick(rnd, [0, 80, 8080, 443, 65535]), false);
      return 'tcp-port';
    },
    () => {
      if (l.payload === undefined || l.payload >= frame.length || !payloadMutator) return undefined;
      const pl = frame.subarray(l.payload);
      const m = payloadMutator(Buffer.from(pl), rnd, { others: [] });
      if (!m) return undefined;
      // same length: the capture's lengths stay right, the HTTP inside changes
      const bytes =
        m.bytes.length >= pl.length
          ? m.bytes.subarray(0, pl.length)
          : Buffer.concat([m.bytes, Buffer.alloc(pl.length - m.bytes.length, 0x20)]);
      bytes.copy(pl);
      return `payload(${m.what})`;
    },
  ];
  return pick(rnd, ops)();
}

/** Moves record `from` (whole) before record `to`. */
function moveRecord(b: Buffer, rs: Record_[], from: number, to: number): Buffer {
  const a = rs[from]!;
  const rec = b.subarray(a.off, a.end);
  const without = Buffer.concat([b.subarray(0, a.off), b.subarray(a.end)]);
  const t = rs[to]!;
  const at = t.off > a.off ? t.off - rec.length : t.off;
  return splice(without, at, 0, rec);
}

/** Mutators over records (pcap) or blocks (pcapng); `walk` finds them, `header` is the file-header damage. */
function captureMutators(
  walk: (b: Buffer) => Record_[],
  header: Mutator,
  payloadMutator?: Mutator,
): Record<string, Mutator> {
  const packets = (b: Buffer) =>
    walk(b).filter((r) => r.type === undefined || r.type === 6 || r.type === 3 || r.type === 2);
  return {
    header,
    recordLength(b, rnd) {
      const rs = walk(b);
      if (rs.length === 0) return undefined;
      const r = pick(rnd, rs);
      const out = Buffer.from(b);
      const v = pick(rnd, [...U32, r.caplen + 1, Math.max(0, r.caplen - 1), r.caplen + 4, 13]);
      if (r.type === undefined) writeU32(out, r.off + pick(rnd, [8, 12]), v, r.le);
      else if (chance(rnd, 0.5)) writeU32(out, r.off + 4, v, r.le);
      else if (r.type === 6) writeU32(out, r.off + pick(rnd, [20, 24]), v, r.le);
      else writeU32(out, r.end - 4, v, r.le); // the trailing copy of the block length
      return { bytes: out, what: `record-length@${r.off}` };
    },
    recordTime(b, rnd) {
      const rs = packets(b);
      if (rs.length === 0) return undefined;
      const r = pick(rnd, rs);
      const out = Buffer.from(b);
      const at = r.type === undefined ? r.off + pick(rnd, [0, 4]) : r.type === 6 ? r.off + pick(rnd, [12, 16]) : -1;
      writeU32(out, at, pick(rnd, U32), r.le);
      return { bytes: out, what: `record-time@${r.off}` };
    },
    dropRecord(b, rnd) {
      const rs = walk(b);
      if (rs.length < 2) return undefined;
      const r = pick(rnd, rs.slice(1));
      return { bytes: splice(b, r.off, r.end - r.off), what: `drop-record@${r.off}` };
    },
    repeatRecord(b, rnd) {
      const rs = packets(b);
      if (rs.length === 0) return undefined;
      const r = pick(rnd, rs);
      const times = count(rnd, 2000);
      const rec = b.subarray(r.off, r.end);
      return {
        bytes: splice(b, r.end, 0, Buffer.concat(Array.from({ length: times }, () => rec))),
        what: `repeat-record${times}@${r.off}`,
      };
    },
    reorder(b, rnd) {
      const rs = packets(b);
      if (rs.length < 2) return undefined;
      const from = int(rnd, rs.length);
      const to = int(rnd, rs.length);
      if (from === to) return undefined;
      const all = walk(b);
      return {
        bytes: moveRecord(b, all, all.indexOf(rs[from]!), all.indexOf(rs[to]!)),
        what: `move-record${from}->${to}`,
      };
    },
    cutInRecord(b, rnd) {
      const rs = walk(b);
      if (rs.length === 0) return undefined;
      const r = pick(rnd, rs);
      const at = r.off + 1 + int(rnd, Math.max(1, r.end - r.off - 1));
      return { bytes: b.subarray(0, at), what: `cut-in-record@${at}` };
    },
    packet(b, rnd) {
      const rs = packets(b);
      if (rs.length === 0) return undefined;
      const out = Buffer.from(b);
      const r = pick(rnd, rs);
      const what = packetDamage(out, r, rnd, payloadMutator);
      return what ? { bytes: out, what: `${what}@${r.off}` } : undefined;
    },
  };
}

const pcapHeader: Mutator = (b, rnd) => {
  if (b.length < 24) return undefined;
  const out = Buffer.from(b);
  const le = PCAP_MAGICS.includes(b.readUInt32LE(0));
  const f = pick(rnd, ['magic', 'version', 'snaplen', 'linktype'] as const);
  if (f === 'magic') writeU32(out, 0, pick(rnd, [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0]), true);
  else if (f === 'version') writeU16(out, 4, pick(rnd, [0, 1, 2, 3, 0xffff]), le);
  else if (f === 'snaplen') writeU32(out, 16, pick(rnd, [0, 1, 64, 0xffffffff]), le);
  else writeU32(out, 20, pick(rnd, [0, 1, 101, 108, 113, 228, 276, 0xbeef, 0x10000001]), le);
  return { bytes: out, what: `pcap-${f}` };
};

const pcapngHeader: Mutator = (b, rnd) => {
  const bs = pcapngBlocks(b);
  const shb = bs.find((x) => x.type === 0x0a0d0d0a);
  const idb = bs.find((x) => x.type === 1);
  const out = Buffer.from(b);
  const f = pick(rnd, ['bom', 'version', 'section-length', 'linktype', 'snaplen', 'tsresol', 'idb-option'] as const);
  if (f === 'bom' && shb) writeU32(out, shb.off + 8, pick(rnd, [0x1a2b3c4d, 0x4d3c2b1a, 0]), true);
  else if (f === 'version' && shb) writeU16(out, shb.off + 12, pick(rnd, [0, 1, 2, 0xffff]), shb.le);
  else if (f === 'section-length' && shb) writeU32(out, shb.off + 16, pick(rnd, [0, 16, 0xffffffff]), shb.le);
  else if (f === 'linktype' && idb) writeU16(out, idb.off + 8, pick(rnd, [0, 1, 101, 113, 276, 0xbeef]), idb.le);
  else if (f === 'snaplen' && idb) writeU32(out, idb.off + 12, pick(rnd, [0, 1, 64, 0xffffffff]), idb.le);
  else if ((f === 'tsresol' || f === 'idb-option') && idb) {
    // if_tsresol (option 9): 10^-v or 2^-(v & 0x7f); or an option with a length past its block
    const opt = Buffer.alloc(8);
    writeU16(opt, 0, f === 'tsresol' ? 9 : pick(rnd, [2, 9, 14, 0xffff]), idb.le);
    writeU16(opt, 2, f === 'tsresol' ? 1 : pick(rnd, [0, 1, 0xfff0]), idb.le);
    opt[4] = pick(rnd, [0, 3, 6, 9, 19, 63, 0x80, 0x8a, 0xbf, 0xff]);
    const len = readU32(b, idb.off + 4, idb.le);
    const patched = splice(out, idb.off + 16, 0, opt);
    writeU32(patched, idb.off + 4, len + 8, idb.le);
    writeU32(patched, idb.off + len + 8 - 4, len + 8, idb.le);
    return { bytes: patched, what: `pcapng-${f}` };
  } else return undefined;
  return { bytes: out, what: `pcapng-${f}` };
};

/** pcapng only: a block of another type (unknown, custom, SPB, obsolete PB, a second section) inserted. */
const insertBlock: Mutator = (b, rnd) => {
  const bs = pcapngBlocks(b);
  if (bs.length === 0) return undefined;
  const at = pick(rnd, bs);
  const type = pick(rnd, [0x00000bad, 0x00000bad | 0x80000000, 3, 2, 5, 0x0a0d0d0a, 4, 0x40000bad]);
  const body = Buffer.alloc(4 * int(rnd, 8));
  const blk = Buffer.alloc(12 + body.length);
  writeU32(blk, 0, type, at.le);
  writeU32(blk, 4, blk.length, at.le);
  body.copy(blk, 8);
  writeU32(blk, blk.length - 4, blk.length, at.le);
  if (type === 0x0a0d0d0a && blk.length >= 16) writeU32(blk, 8, 0x1a2b3c4d, true);
  return { bytes: splice(b, at.off, 0, blk), what: `insert-block-${type.toString(16)}@${at.off}` };
};

/** pcap and pcapng mutators; `payload` damages the TCP payload of a packet (the HTTP mutators). */
export function pcapMutators(payload?: Mutator): Record<string, Mutator> {
  return captureMutators(pcapRecords, pcapHeader, payload);
}

export function pcapngMutators(payload?: Mutator): Record<string, Mutator> {
  return { ...captureMutators(pcapngBlocks, pcapngHeader, payload), insertBlock };
}

/** One capture mutant: 1-4 stacked operations. */
export function mutateCapture(b: Buffer, rnd: Rnd, ctx: MutateContext, payload?: Mutator): Mutation {
  const ng = b.length >= 4 && b.readUInt32LE(0) === 0x0a0d0d0a;
  const ms = ng ? pcapngMutators(payload) : pcapMutators(payload);
  return stacked(b, rnd, ctx, [
    ...Object.values(ms).map((m) => [m, ng ? 1 : 1.2] as [Mutator, number]),
    ...withBytes(2),
  ]);
}
