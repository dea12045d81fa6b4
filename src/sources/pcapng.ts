/**
 * pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): blocks of
 * type + length + body + length. Section Header Blocks (SHB) set the byte order and reset the
 * interface list, so one file may hold several sections in different byte orders. Interface
 * Description Blocks (IDB) give link type, snap length and if_tsresol / if_tsoffset. Packets come
 * in Enhanced (EPB), Simple (SPB) and the obsolete Packet Block (type 2). Other known block types
 * are skipped; unknown ones are skipped and counted.
 *
 * Our own reader: the registry's pcap-parser does not read pcapng at all (see pcap.ts).
 */
import { RecordSplitter, type RecordFormat } from '../net/records.js';
import { MAX_RECORD, u16be, u16le, u32be, u32le, type Frame, type ReaderIssue } from '../net/frame.js';
import { describeEnd } from './pcap.js';

/** Block types (pcapng draft section 10.1). */
export const BLOCK = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  PB: 0x00000002,
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
  SJE: 0x00000009,
  DSB: 0x0000000a,
  CB: 0x00000bad,
  DCB: 0x40000bad,
} as const;

/** Blocks we know and deliberately skip (no packets in them): not counted as unknown. */
const KNOWN_SKIPPED: ReadonlySet<number> = new Set([BLOCK.NRB, BLOCK.ISB, BLOCK.SJE, BLOCK.DSB, BLOCK.CB, BLOCK.DCB]);

const BOM_LE = [0x4d, 0x3c, 0x2b, 0x1a];
const BOM_BE = [0x1a, 0x2b, 0x3c, 0x4d];

export function isPcapng(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a;
}

function bomAt(b: Uint8Array, i: number): boolean | undefined {
  if (BOM_LE.every((v, k) => b[i + k] === v)) return true;
  if (BOM_BE.every((v, k) => b[i + k] === v)) return false;
  return undefined;
}

interface Iface {
  linktype: number;
  snaplen: number;
  /** Timestamp units per millisecond. */
  unitsPerMs: number;
  /** if_tsoffset in milliseconds. */
  offsetMs: number;
}

export class PcapngReader implements RecordFormat {
  readonly headerSize = 12;
  private started = false;
  private le = true;
  private ifaces: Iface[] = [];
  private frameNo = 0;
  private readonly splitter = new RecordSplitter(this);

  /**
   * @param onFrame each packet, in file order
   * @param onUnknown an unknown block type (counted by the caller)
   * @param onIssue a block that is damaged but could be skipped
   */
  constructor(
    private readonly onFrame: (f: Frame) => void,
    private readonly onUnknown: (type: number, offset: number) => void,
    private readonly onIssue: (i: ReaderIssue) => void,
  ) {}

  get frames(): number {
    return this.frameNo;
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): ReaderIssue | undefined {
    return describeEnd(this.splitter.end(), this.frameNo + 1, 'block');
  }

  lengthAt(b: Uint8Array, pos: number): number | string {
    let le = this.le;
    const isShb = b[pos] === 0x0a && b[pos + 1] === 0x0d && b[pos + 2] === 0x0d && b[pos + 3] === 0x0a;
    if (isShb) {
      const bom = bomAt(b, pos + 8);
      if (bom === undefined) return 'section header without a byte-order magic';
      le = bom;
    } else if (!this.started) return 'file does not start with a section header block';
    const len = le ? u32le(b, pos + 4) : u32be(b, pos + 4);
    if (len < 12 || len % 4 !== 0 || len > MAX_RECORD)
      return `block length ${len} is impossible (type 0x${(le ? u32le(b, pos) : u32be(b, pos)).toString(16)})`;
    return len;
  }

  record(b: Uint8Array, pos: number, len: number, offset: number): void {
    const r32 = this.le ? u32le : u32be;
    const type = r32(b, pos);
    if (type === BLOCK.SHB) {
      this.le = bomAt(b, pos + 8)!;
      this.ifaces = [];
      this.started = true;
      return;
    }
    const r16 = this.le ? u16le : u16be;
    const body = pos + 8;
    const bodyEnd = pos + len - 4;
    switch (type) {
      case BLOCK.IDB: {
        if (bodyEnd - body < 8) return this.bad('interface description block too short', offset);
        const iface: Iface = { linktype: r16(b, body), snaplen: r32(b, body + 4), unitsPerMs: 1000, offsetMs: 0 };
        this.options(b, body + 8, bodyEnd, (code, p, l) => {
          if (code === 9 && l >= 1) {
            // if_tsresol: MSB clear = negative power of 10, set = negative power of 2.
            const v = b[p]!;
            const perSec = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
            iface.unitsPerMs = perSec / 1000;
          } else if (code === 14 && l >= 8) {
            const hi = r32(b, this.le ? p + 4 : p) | 0;
            const lo = r32(b, this.le ? p : p + 4);
            iface.offsetMs = (hi * 4294967296 + lo) * 1000;
          }
        });
        this.ifaces.push(iface);
        return;
      }
      case BLOCK.EPB:
      case BLOCK.PB: {
        const no = ++this.frameNo;
        if (bodyEnd - body < 20) return this.bad('packet block too short', offset, no);
        const ifIndex = type === BLOCK.EPB ? r32(b, body) : r16(b, body);
        const iface = this.ifaces[ifIndex];
        if (!iface)
          return this.bad(`packet on interface ${ifIndex}, which no interface description block declared`, offset, no);
        const caplen = r32(b, body + 12);
        const origLen = r32(b, body + 16);
        if (body + 20 + caplen > bodyEnd)
          return this.bad(`packet claims ${caplen} captured bytes, block holds ${bodyEnd - body - 20}`, offset, no);
        const ts = r32(b, body + 4) * 4294967296 + r32(b, body + 8);
        this.onFrame({
          no,
          offset,
          time: ts / iface.unitsPerMs + iface.offsetMs,
          linktype: iface.linktype,
          data: b.subarray(body + 20, body + 20 + caplen),
          origLen: Math.max(origLen, caplen),
        });
        return;
      }
      case BLOCK.SPB: {
        const no = ++this.frameNo;
        const iface = this.ifaces[0];
        if (!iface || bodyEnd - body < 4)
          return this.bad('simple packet block without interface 0 or too short', offset, no);
        const origLen = r32(b, body);
        let caplen = Math.min(origLen, bodyEnd - body - 4);
        if (iface.snaplen) caplen = Math.min(caplen, iface.snaplen);
        this.onFrame({ no, offset, linktype: iface.linktype, data: b.subarray(body + 4, body + 4 + caplen), origLen });
        return;
      }
      default:
        if (!KNOWN_SKIPPED.has(type)) this.onUnknown(type, offset);
    }
  }

  private options(b: Uint8Array, p: number, end: number, each: (code: number, at: number, len: number) => void): void {
    const r16 = this.le ? u16le : u16be;
    while (p + 4 <= end) {
      const code = r16(b, p);
      const l = r16(b, p + 2);
      if (code === 0 || p + 4 + l > end) return;
      each(code, p + 4, l);
      p += 4 + ((l + 3) & ~3);
    }
  }

  private bad(message: string, offset: number, frame?: number): void {
    this.onIssue({
      code: 'pcapng-bad-block',
      message: `${message} at byte offset ${offset}${frame ? ` (frame ${frame})` : ''}; block skipped`,
      offset,
      frame,
    });
  }
}
