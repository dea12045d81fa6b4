/**
 * Link layers and IP: from a captured frame to an IP payload with addresses.
 * Link types: https://www.tcpdump.org/linktypes.html. IPv4: RFC 791 (fragments section 3.2);
 * IPv6: RFC 8200 (extension headers section 4, fragment header section 4.5).
 */
import { copyBytes, u16be, u32be, u32le, type Frame } from './frame.js';

/** An IP datagram's payload (after fragment reassembly) with its transport protocol. */
export interface IpPacket {
  /** Address text (`10.0.0.1`, `::1`). */
  readonly src: string;
  readonly dst: string;
  /** The addresses as short binary strings (2 UTF-16 units for IPv4, 8 for IPv6): cheap map keys. */
  readonly srcId: string;
  readonly dstId: string;
  /** 6 = TCP, 17 = UDP, ... (the last Next Header for IPv6). */
  proto: number;
  /** Captured payload bytes. */
  payload: Uint8Array;
  /** Payload length as the IP header says; more than payload.length when the capture cut the packet. */
  wireLen: number;
}

/** What the link layer says the frame carries. */
type LinkDecoder = (d: Uint8Array) => { ether?: number; at: number; ipv?: true } | undefined;

const ETHER_IPV4 = 0x0800;
const ETHER_IPV6 = 0x86dd;
/** 802.1Q, 802.1ad (QinQ) and the old 0x9100 QinQ tag. */
const VLAN_TAGS: ReadonlySet<number> = new Set([0x8100, 0x88a8, 0x9100]);
/** Address families used by BSD loopback NULL/LOOP headers: 2 = INET everywhere; INET6 differs per OS. */
const AF_TO_ETHER: Readonly<Record<number, number>> = {
  2: ETHER_IPV4,
  10: ETHER_IPV6,
  24: ETHER_IPV6,
  28: ETHER_IPV6,
  30: ETHER_IPV6,
};

function ethernet(d: Uint8Array): ReturnType<LinkDecoder> {
  let at = 12;
  let t = u16be(d, at);
  while (VLAN_TAGS.has(t) && at + 6 <= d.length) {
    at += 4;
    t = u16be(d, at);
  }
  return { ether: t, at: at + 2 };
}

function bsdLoopback(d: Uint8Array): ReturnType<LinkDecoder> {
  if (d.length < 4) return undefined;
  // The family is in the capturing host's byte order (NULL) or network order (LOOP); real values are small, so pick the order that gives one.
  let af = u32le(d, 0);
  if (af > 0xffff) af = u32be(d, 0);
  const ether = AF_TO_ETHER[af];
  return ether ? { ether, at: 4 } : undefined;
}

/** LINKTYPE_* → decoder (tcpdump.org/linktypes.html). */
export const LINK_TYPES: Readonly<Record<number, LinkDecoder>> = {
  0: bsdLoopback, // LINKTYPE_NULL
  1: ethernet, // LINKTYPE_ETHERNET
  12: () => ({ at: 0, ipv: true }), // LINKTYPE_RAW as some BSDs number it (DLT_RAW)
  14: () => ({ at: 0, ipv: true }), // DLT_RAW on OpenBSD
  101: () => ({ at: 0, ipv: true }), // LINKTYPE_RAW
  108: bsdLoopback, // LINKTYPE_LOOP (OpenBSD)
  113: (d) => (d.length >= 16 ? { ether: u16be(d, 14), at: 16 } : undefined), // LINKTYPE_LINUX_SLL
  228: () => ({ ether: ETHER_IPV4, at: 0 }), // LINKTYPE_IPV4
  229: () => ({ ether: ETHER_IPV6, at: 0 }), // LINKTYPE_IPV6
  276: (d) => (d.length >= 20 ? { ether: u16be(d, 0), at: 20 } : undefined), // LINKTYPE_LINUX_SLL2
};

export function ipv4String(b: Uint8Array, i: number): string {
  return `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
}

/** RFC 5952 text form: lower case, longest run of zero groups (2 or more) as `::`. */
export function ipv6String(b: Uint8Array, i: number): string {
  const g: number[] = [];
  for (let k = 0; k < 8; k++) g.push(u16be(b, i + 2 * k));
  let best = -1;
  let bestLen = 1;
  for (let k = 0; k < 8;) {
    if (g[k] !== 0) {
      k++;
      continue;
    }
    let e = k;
    while (e < 8 && g[e] === 0) e++;
    if (e - k > bestLen) {
      best = k;
      bestLen = e - k;
    }
    k = e;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Extension headers that may follow a fragment header (destination options, routing, AH) in the reassembled payload. */
function skipV6Headers(p: IpPacket): IpPacket | undefined {
  let { proto, payload } = p;
  while (proto === 60 || proto === 43 || proto === 0 || proto === 51) {
    if (payload.length < 2) return undefined;
    const len = proto === 51 ? (payload[1]! + 2) * 4 : (payload[1]! + 1) * 8;
    proto = payload[0]!;
    payload = payload.subarray(len);
  }
  return { ...p, proto, payload, wireLen: payload.length };
}

/** An IPv4 packet whose address text is only made when asked for (once per connection, not per packet). */
class V4Packet implements IpPacket {
  constructor(
    private readonly hdr: Uint8Array,
    readonly srcId: string,
    readonly dstId: string,
    readonly proto: number,
    readonly payload: Uint8Array,
    readonly wireLen: number,
  ) {}
  get src(): string {
    return ipv4String(this.hdr, 12);
  }
  get dst(): string {
    return ipv4String(this.hdr, 16);
  }
}

const idOf = (b: Uint8Array, i: number, n: number): string => {
  let s = '';
  for (let k = 0; k < n; k += 2) s += String.fromCharCode((b[i + k]! << 8) | b[i + k + 1]!);
  return s;
};

function textPacket(
  src: string,
  dst: string,
  srcId: string,
  dstId: string,
  proto: number,
  payload: Uint8Array,
  wireLen: number,
): IpPacket {
  return { src, dst, srcId, dstId, proto, payload, wireLen };
}

interface FragBuf {
  pieces: Array<{ off: number; data: Uint8Array }>;
  /** Payload length, known once the last fragment (More Fragments clear) arrived. */
  total?: number;
  proto: number;
  src: string;
  dst: string;
  srcId: string;
  dstId: string;
}

/** Decodes link layer and IP, reassembling fragments in bounded buffers. */
export class IpDecoder {
  /** Fragmented datagrams being reassembled; oldest evicted past the cap. */
  private frags = new Map<string, FragBuf>();
  static readonly MAX_FRAGMENTED = 256;
  /** Frames whose link type we cannot decode, by link type (reported once each by the caller). */
  readonly unknownLinks = new Map<number, number>();
  /** Fragmented datagrams dropped because too many were pending. */
  fragmentsDropped = 0;

  decode(f: Frame): IpPacket | undefined {
    const link = LINK_TYPES[f.linktype];
    if (!link) {
      this.unknownLinks.set(f.linktype, (this.unknownLinks.get(f.linktype) ?? 0) + 1);
      return undefined;
    }
    const d = f.data;
    const l = link(d);
    if (!l || l.at >= d.length) return undefined;
    const ver = d[l.at]! >> 4;
    if (l.ether === ETHER_IPV4 || (l.ipv && ver === 4)) return this.v4(d.subarray(l.at), f.origLen - l.at);
    if (l.ether === ETHER_IPV6 || (l.ipv && ver === 6)) return this.v6(d.subarray(l.at), f.origLen - l.at);
    return undefined;
  }

  private v4(d: Uint8Array, origLen: number): IpPacket | undefined {
    if (d.length < 20 || d[0]! >> 4 !== 4) return undefined;
    const ihl = (d[0]! & 0xf) * 4;
    const total = u16be(d, 2) || origLen; // 0 with TCP segmentation offload: use what was seen
    if (ihl < 20 || d.length < ihl || total < ihl) return undefined;
    const srcId = String.fromCharCode(u16be(d, 12), u16be(d, 14));
    const dstId = String.fromCharCode(u16be(d, 16), u16be(d, 18));
    const proto = d[9]!;
    const payload = d.subarray(ihl, Math.min(total, d.length));
    const wireLen = total - ihl;
    const ff = u16be(d, 6);
    const more = (ff & 0x2000) !== 0;
    const off = (ff & 0x1fff) * 8;
    if (!more && off === 0) return new V4Packet(d, srcId, dstId, proto, payload, wireLen);
    if (payload.length < wireLen) return undefined; // a cut fragment cannot be reassembled
    const src = ipv4String(d, 12);
    const dst = ipv4String(d, 16);
    return this.fragment(
      `${src}>${dst}/${proto}/${u16be(d, 4)}`,
      textPacket(src, dst, srcId, dstId, proto, payload, wireLen),
      off,
      more,
    );
  }

  private v6(d: Uint8Array, origLen: number): IpPacket | undefined {
    if (d.length < 40 || d[0]! >> 4 !== 6) return undefined;
    const src = ipv6String(d, 8);
    const dst = ipv6String(d, 24);
    const srcId = idOf(d, 8, 16);
    const dstId = idOf(d, 24, 16);
    const plen = u16be(d, 4) || Math.max(0, origLen - 40);
    const end = 40 + plen;
    let next = d[6]!;
    let at = 40;
    let frag: { off: number; more: boolean; id: number } | undefined;
    // Extension headers (RFC 8200 section 4): hop-by-hop 0, routing 43, fragment 44, destination 60, AH 51.
    for (;;) {
      if (next === 0 || next === 43 || next === 60) {
        if (at + 2 > d.length) return undefined;
        const n = d[at]!;
        at += (d[at + 1]! + 1) * 8;
        next = n;
      } else if (next === 51) {
        if (at + 2 > d.length) return undefined;
        const n = d[at]!;
        at += (d[at + 1]! + 2) * 4;
        next = n;
      } else if (next === 44) {
        if (at + 8 > d.length) return undefined;
        const n = d[at]!;
        const fo = u16be(d, at + 2);
        frag = { off: fo & 0xfff8, more: (fo & 1) !== 0, id: u32be(d, at + 4) };
        at += 8;
        next = n;
        break; // what follows is the fragmentable part: parsed after reassembly
      } else break;
    }
    if (at > end || at > d.length) return undefined;
    const payload = d.subarray(at, Math.min(end, d.length));
    const wireLen = end - at;
    const pkt = textPacket(src, dst, srcId, dstId, next, payload, wireLen);
    if (!frag) return pkt;
    if (payload.length < wireLen) return undefined;
    const whole =
      frag.off === 0 && !frag.more ? pkt : this.fragment(`${src}>${dst}/${frag.id}`, pkt, frag.off, frag.more);
    return whole && skipV6Headers(whole);
  }

  private fragment(key: string, p: IpPacket, off: number, more: boolean): IpPacket | undefined {
    const { src, dst, proto, payload: data } = p;
    let fb = this.frags.get(key);
    if (!fb) {
      if (this.frags.size >= IpDecoder.MAX_FRAGMENTED) {
        const oldest = this.frags.keys().next().value as string;
        this.frags.delete(oldest);
        this.fragmentsDropped++;
      }
      fb = { pieces: [], proto, src, dst, srcId: p.srcId, dstId: p.dstId };
      this.frags.set(key, fb);
    }
    if (off + data.length > 65535 + 8) return undefined;
    fb.pieces.push({ off, data: copyBytes(data) });
    if (off === 0) fb.proto = proto; // the first fragment carries the real upper-layer protocol
    if (!more) fb.total = off + data.length;
    if (fb.total === undefined) return undefined;
    fb.pieces.sort((a, b) => a.off - b.off);
    let covered = 0;
    for (const p of fb.pieces) {
      if (p.off > covered) return undefined;
      covered = Math.max(covered, p.off + p.data.length);
    }
    if (covered < fb.total) return undefined;
    const out = new Uint8Array(fb.total);
    // A piece starting at or past the end the last fragment declares (a damaged or hostile offset) adds nothing.
    for (const p of fb.pieces)
      if (p.off < fb.total) out.set(p.data.subarray(0, Math.min(p.data.length, fb.total - p.off)), p.off);
    this.frags.delete(key);
    return textPacket(fb.src, fb.dst, fb.srcId, fb.dstId, fb.proto, out, out.length);
  }
}
