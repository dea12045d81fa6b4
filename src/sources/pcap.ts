/**
 * Classic libpcap files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html): a 24-byte
 * file header, then per packet a 16-byte record header and the captured bytes.
 *
 * Our own reader rather than the registry's pcap-parser: that one reads neither pcapng nor
 * nanosecond pcap, and ends silently on a cut file. This one takes all four magics
 * (a1b2c3d4 microseconds, a1b23c4d nanoseconds, each in both byte orders) and says where a cut
 * file ends. It is push-based (`push(chunk)`), so memory stays at one record plus one chunk.
 */
import { RecordSplitter, type RecordFormat, type SplitEnd } from '../net/records.js';
import { MAX_RECORD, u16be, u16le, u32be, u32le, type Frame, type ReaderIssue } from '../net/frame.js';

/** The four magics as the first four bytes appear in the file. */
export const PCAP_MAGICS = {
  d4c3b2a1: { le: true, nanos: false },
  a1b2c3d4: { le: false, nanos: false },
  '4d3cb2a1': { le: true, nanos: true },
  a1b23c4d: { le: false, nanos: true },
} as const;

function magicOf(b: Uint8Array, i = 0): keyof typeof PCAP_MAGICS | undefined {
  const hex = Buffer.from(b.subarray(i, i + 4)).toString('hex');
  return hex in PCAP_MAGICS ? (hex as keyof typeof PCAP_MAGICS) : undefined;
}

export function isPcap(head: Uint8Array): boolean {
  return head.length >= 4 && magicOf(head) !== undefined;
}

export class PcapReader implements RecordFormat {
  headerSize = 24;
  private started = false;
  private le = true;
  private nanos = false;
  private linktype = 1;
  private frameNo = 0;
  private readonly splitter = new RecordSplitter(this);

  constructor(private readonly onFrame: (f: Frame) => void) {}

  /** Frames handed out so far. */
  get frames(): number {
    return this.frameNo;
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  /** End of input: undefined if the file ended cleanly, else what went wrong. */
  end(): ReaderIssue | undefined {
    return describeEnd(this.splitter.end(), this.frameNo + 1, this.started ? 'record' : 'file header');
  }

  lengthAt(b: Uint8Array, pos: number): number | string {
    if (!this.started) return magicOf(b, pos) ? 24 : 'not a pcap file header';
    const incl = this.le ? u32le(b, pos + 8) : u32be(b, pos + 8);
    if (incl > MAX_RECORD) return `record header claims ${incl} captured bytes`;
    return 16 + incl;
  }

  record(b: Uint8Array, pos: number, len: number, offset: number): void {
    if (!this.started) {
      const m = PCAP_MAGICS[magicOf(b, pos)!];
      this.le = m.le;
      this.nanos = m.nanos;
      // The link type is the low 16 bits; the upper bits may carry FCS information.
      this.linktype = (this.le ? u16le(b, pos + 20) : u16be(b, pos + 22)) & 0xffff;
      this.started = true;
      this.headerSize = 16;
      return;
    }
    const r32 = this.le ? u32le : u32be;
    const sec = r32(b, pos);
    const frac = r32(b, pos + 4);
    const origLen = r32(b, pos + 12);
    this.onFrame({
      no: ++this.frameNo,
      offset,
      time: sec * 1000 + (this.nanos ? frac / 1e6 : frac / 1e3),
      linktype: this.linktype,
      data: b.subarray(pos + 16, pos + len),
      origLen: Math.max(origLen, len - 16),
    });
  }
}

/** Turns the splitter's end state into the issue the brief asks for: where the file was cut and what the record needed. */
export function describeEnd(e: SplitEnd, nextFrame: number, what: string): ReaderIssue | undefined {
  if (e.kind === 'ok') return undefined;
  if (e.kind === 'bogus')
    return {
      code: 'capture-bogus-record',
      message: `bad ${what} at byte offset ${e.offset} (frame ${nextFrame}): ${e.reason}; the rest of the file is skipped`,
      offset: e.offset,
      frame: nextFrame,
    };
  const fileEnd = e.offset + e.have;
  const needs = e.needs === undefined ? `at least ${e.have + 1}` : String(e.needs);
  return {
    code: 'capture-cut',
    message: `capture cut at byte offset ${fileEnd} in frame ${nextFrame} (record needs ${needs} bytes, ${e.have} present from offset ${e.offset})`,
    offset: fileEnd,
    frame: nextFrame,
  };
}
