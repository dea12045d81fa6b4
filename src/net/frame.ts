import type { ProblemCode } from '../model/problem-codes.js';

/** One captured frame as the capture readers hand it to the link layer. */
export interface Frame {
  /** 1-based frame number, counted as Wireshark does (every packet record of the file). */
  no: number;
  /** Byte offset of the frame's record (pcap record header / pcapng block) in the file. */
  offset: number;
  /** Capture time in milliseconds since the epoch (fractional); absent for pcapng simple packet blocks. */
  time?: number;
  /** LINKTYPE_* value of the interface the frame was captured on. */
  linktype: number;
  /** Captured bytes (a view, valid only while the frame is being processed). */
  data: Uint8Array;
  /** Length of the packet on the wire; more than data.length when the capture cut it (snap length). */
  origLen: number;
}

/** Why a capture reader gave up or skipped something (turned into a Problem by the caller). */
export interface ReaderIssue {
  code: ProblemCode;
  message: string;
  offset: number;
  frame?: number;
}

export const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
export const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);
export const u32be = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
export const u32le = (b: Uint8Array, i: number): number =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/**
 * A copy of `b` in its own memory. Frames are views of the reader's 1 MiB chunks, and on a Buffer
 * `slice()` is a view too (Node's Buffer#slice is subarray): a body piece or an out-of-order
 * segment kept with `slice()` kept the whole chunk alive, 40 MB of them on a field capture.
 */
export const copyBytes = (b: Uint8Array): Uint8Array => Uint8Array.prototype.slice.call(b);

/** Largest record we accept: bigger claims are corrupt headers, not packets (Wireshark uses 256 KiB for most link types). */
export const MAX_RECORD = 16 * 1024 * 1024;
