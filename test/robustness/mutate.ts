/**
 * Deterministic mutants of real inputs (a seeded PRNG, a bounded count): generic byte damage
 * (truncation, flips, inserted / deleted / duplicated ranges, zeroed headers) and format-aware
 * damage (huge pcap caplen and pcapng block lengths, huge Content-Length and chunk sizes, huge
 * WBXML mb_u_int32 lengths, deep XML / WBXML nesting, a body declared gzip that is not).
 */
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corpus, fixtures, repoRoot } from '../helpers.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  /** `session.pcapng#truncate@1234`: the source and what was done, enough to make it again. */
  name: string;
  /** File name to write it under (the source's, so extension-based choices stay the same). */
  base: string;
  bytes: Buffer;
}

export type Kind = 'pcap' | 'pcapng' | 'har' | 'log' | 'xml' | 'wbxml' | 'bin';

export function kindOf(file: string, bytes: Buffer): Kind {
  const m = bytes.length >= 4 ? bytes.readUInt32LE(0) : 0;
  if (m === 0x0a0d0d0a) return 'pcapng';
  if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(m)) return 'pcap';
  const ext = path.extname(file).toLowerCase();
  if (ext === '.har') return 'har';
  if (ext === '.log' || ext === '.txt' || /eventlog/.test(file)) return 'log';
  if (ext === '.xml') return 'xml';
  if (ext === '.wbxml') return 'wbxml';
  return 'bin';
}

/** Every fixture input (captures, HARs, logs, messages) and the shared corpus, deduplicated by content. */
export function sourceFiles(): string[] {
  const list = execSync(
    `find ${JSON.stringify(fixtures)} ${JSON.stringify(corpus)} -type f \\( -name '*.pcap' -o ` +
      `-name '*.pcapng' -o -name '*.har' -o -name '*.log' -o -name '*.xml' -o -name '*.wbxml' -o ` +
      `-name '*.bin' \\) -not -path '*/robustness/*'`,
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .sort();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of list) {
    const h = createHash('sha256').update(readFileSync(f)).digest('hex');
    if (seen.has(h)) continue;
    seen.add(h);
    out.push(f);
  }
  return out;
}

export const rel = (f: string): string => path.relative(path.dirname(repoRoot), f);

const int = (rnd: () => number, n: number): number => Math.floor(rnd() * n);

/** Record starts of a pcap file: [offset of record header, little-endian]. */
function pcapRecords(b: Buffer): { offsets: number[]; le: boolean } {
  const le = b.readUInt32LE(0) === 0xa1b2c3d4 || b.readUInt32LE(0) === 0xa1b23c4d;
  const offsets: number[] = [];
  let off = 24;
  while (off + 16 <= b.length) {
    offsets.push(off);
    const cap = le ? b.readUInt32LE(off + 8) : b.readUInt32BE(off + 8);
    off += 16 + cap;
  }
  return { offsets, le };
}

/** Block starts of a pcapng file: [offset, little-endian of its section]. */
function pcapngBlocks(b: Buffer): Array<{ off: number; le: boolean; type: number }> {
  const out: Array<{ off: number; le: boolean; type: number }> = [];
  let off = 0;
  let le = true;
  while (off + 12 <= b.length) {
    const typeLe = b.readUInt32LE(off);
    if (typeLe === 0x0a0d0d0a) le = b.readUInt32LE(off + 8) === 0x1a2b3c4d;
    const len = le ? b.readUInt32LE(off + 4) : b.readUInt32BE(off + 4);
    out.push({ off, le, type: le ? typeLe : b.readUInt32BE(off) });
    if (len < 12) break;
    off += len;
  }
  return out;
}

function writeU32(b: Buffer, off: number, v: number, le: boolean): void {
  if (off + 4 > b.length) return;
  if (le) b.writeUInt32LE(v >>> 0, off);
  else b.writeUInt32BE(v >>> 0, off);
}

/** Replaces every match of `re` (global) in the latin1 view of `b` by `fn(match)`. */
function replaceText(b: Buffer, re: RegExp, fn: (m: string, ...groups: string[]) => string): Buffer {
  return Buffer.from(b.toString('latin1').replace(re, fn as (m: string) => string), 'latin1');
}

/** A 5-byte mb_u_int32 whose value overflows 32 bits (WBXML 1.3 §5.1: 7 bits per byte). */
const HUGE_MB = Buffer.from([0x8f, 0xff, 0xff, 0xff, 0x7f]);

/** The mutants of one source file: `count` random ones plus the format-aware ones. */
export function mutantsOf(file: string, seed: number, count: number): Mutant[] {
  const src = readFileSync(file);
  const base = path.basename(file);
  const name = rel(file);
  const kind = kindOf(file, src);
  const rnd = prng(seed);
  const out: Mutant[] = [];
  const add = (what: string, bytes: Buffer) => out.push({ name: `${name}#${what}`, base, bytes });
  const n = src.length;

  // Truncation at evenly spread points and a few random ones (cut captures, cut messages).
  for (let i = 1; i <= 6; i++) {
    const at = Math.floor((n * i) / 7);
    add(`truncate@${at}`, src.subarray(0, at));
  }
  for (let i = 0; i < count; i++) {
    const op = int(rnd, 6);
    const b = Buffer.from(src);
    const at = int(rnd, n);
    const len = 1 + int(rnd, Math.min(64, n));
    switch (op) {
      case 0: {
        const flips = [1, 4, 32][int(rnd, 3)]!;
        const where: number[] = [];
        for (let k = 0; k < flips; k++) {
          const p = int(rnd, n);
          b[p] = b[p]! ^ (1 << int(rnd, 8));
          where.push(p);
        }
        add(`flip@${where.slice(0, 4).join(',')}${flips > 4 ? '…' : ''}`, b);
        break;
      }
      case 1: {
        const ins = Buffer.alloc(1 + int(rnd, 16));
        for (let k = 0; k < ins.length; k++) ins[k] = int(rnd, 256);
        add(`insert${ins.length}@${at}`, Buffer.concat([src.subarray(0, at), ins, src.subarray(at)]));
        break;
      }
      case 2:
        add(`delete${len}@${at}`, Buffer.concat([src.subarray(0, at), src.subarray(at + len)]));
        break;
      case 3:
        add(
          `duplicate${len}@${at}`,
          Buffer.concat([src.subarray(0, at + len), src.subarray(at, at + len), src.subarray(at + len)]),
        );
        break;
      case 4:
        b.fill(0, at, Math.min(n, at + len));
        add(`zero${len}@${at}`, b);
        break;
      default:
        add(`truncate@${at}`, src.subarray(0, at));
    }
  }
  const zeroHead = Buffer.from(src);
  zeroHead.fill(0, 0, Math.min(32, n));
  add('zero-header', zeroHead);

  // Format-aware damage.
  if (kind === 'pcap') {
    const { offsets, le } = pcapRecords(src);
    for (const pick of [0, int(rnd, offsets.length), offsets.length - 1]) {
      const off = offsets[pick];
      if (off === undefined) continue;
      const b = Buffer.from(src);
      writeU32(b, off + 8, 0xfffffff0, le);
      add(`pcap-caplen-huge@frame${pick + 1}`, b);
      const c = Buffer.from(src);
      writeU32(c, off + 8, 0x00100000, le); // 1 MiB claimed, a few hundred bytes there
      add(`pcap-caplen-1MiB@frame${pick + 1}`, c);
    }
    const snap = Buffer.from(src);
    writeU32(snap, 16, 0xffffffff, le);
    add('pcap-snaplen-huge', snap);
    const link = Buffer.from(src);
    writeU32(link, 20, 0xbeef, le);
    add('pcap-linktype-unknown', link);
  }
  if (kind === 'pcapng') {
    const blocks = pcapngBlocks(src);
    for (const pick of [0, 1, int(rnd, blocks.length), blocks.length - 1]) {
      const blk = blocks[pick];
      if (!blk) continue;
      const b = Buffer.from(src);
      writeU32(b, blk.off + 4, 0x7ffffffc, blk.le);
      add(`pcapng-blocklen-huge@block${pick}`, b);
      const odd = Buffer.from(src);
      writeU32(odd, blk.off + 4, 13, blk.le);
      add(`pcapng-blocklen-13@block${pick}`, odd);
      if (blk.type === 6) {
        const c = Buffer.from(src);
        writeU32(c, blk.off + 20, 0xfffffff0, blk.le);
        add(`pcapng-epb-caplen-huge@block${pick}`, c);
        const t = Buffer.from(src);
        writeU32(t, blk.off + 12, 0xfffffff0, blk.le); // timestamp high word: far past any date
        add(`pcapng-epb-time-huge@block${pick}`, t);
      }
      if (blk.type === 1) {
        const l = Buffer.from(src);
        if (blk.off + 10 <= l.length) {
          if (blk.le) l.writeUInt16LE(0xbeef, blk.off + 8);
          else l.writeUInt16BE(0xbeef, blk.off + 8);
        }
        add(`pcapng-linktype-unknown@block${pick}`, l);
      }
    }
  }
  const text = src.toString('latin1');
  if (/Content-Length/i.test(text)) {
    // Same length (captures keep their framing) and longer (100 MB, 2^64).
    add(
      'content-length-same-width-9s',
      replaceText(src, /(Content-Length:\s*)(\d+)/gi, (_m, h, d) => h + '9'.repeat(d.length)),
    );
    add(
      'content-length-100MB',
      replaceText(src, /(Content-Length:\s*)(\d+)/gi, (_m, h) => `${h}104857600`),
    );
    add(
      'content-length-2^64',
      replaceText(src, /(Content-Length:\s*)(\d+)/gi, (_m, h) => `${h}18446744073709551616`),
    );
    add(
      'content-length-negative',
      replaceText(src, /(Content-Length:\s*)(\d+)/gi, (_m, h, d) => h + '-' + '1'.repeat(Math.max(1, d.length - 1))),
    );
  }
  if (/chunked/i.test(text)) {
    add(
      'chunk-size-same-width-fs',
      replaceText(src, /(\r\n)([0-9a-fA-F]+)(\r\n)/g, (_m, a, d, c) => a + 'f'.repeat(d.length) + c),
    );
    add(
      'chunk-size-2^64',
      replaceText(src, /(\r\n)([0-9a-fA-F]+)(\r\n)/g, (_m, a, _d, c) => `${a}ffffffffffffffffff${c}`),
    );
  }
  if (/Connection: keep-alive/.test(text)) {
    // Same width: the body is declared gzip but is plain XML.
    add(
      'gzip-declared-not-gzip',
      replaceText(src, /Connection: keep-alive/g, () => 'Content-Encoding: gzip'),
    );
  }
  if (/"Content-Type"|"content-type"/.test(text) && kind === 'har') {
    add(
      'har-gzip-header',
      replaceText(src, /"headers"\s*:\s*\[/g, () => '"headers":[{"name":"Content-Encoding","value":"gzip"},'),
    );
    add(
      'har-base64-claim',
      replaceText(src, /"text"\s*:\s*"/g, () => '"encoding":"base64","text":"!!not base64!!'),
    );
    add(
      'har-size-huge',
      replaceText(src, /"size"\s*:\s*\d+/g, () => '"size":524288000'),
    );
  }
  if (kind === 'wbxml') {
    // Header: version, publicid, charset, string table length (each mb_u_int32 but the first).
    let p = 1;
    const skipMb = () => {
      while (p < n && src[p]! & 0x80) p++;
      p++;
    };
    if (src[1] === 0) p++;
    skipMb();
    skipMb();
    const strtbl = p;
    add('wbxml-strtbl-len-huge', Buffer.concat([src.subarray(0, strtbl), HUGE_MB, src.subarray(strtbl + 1)]));
    const opaque = src.indexOf(0xc3, strtbl + 1);
    if (opaque >= 0)
      add(
        `wbxml-opaque-len-huge@${opaque}`,
        Buffer.concat([src.subarray(0, opaque + 1), HUGE_MB, src.subarray(opaque + 2)]),
      );
    const inline = src.indexOf(0x03, strtbl + 1);
    if (inline >= 0)
      add(`wbxml-str-i-unterminated@${inline}`, src.subarray(0, inline + 1 + Math.min(3, n - inline - 1)));
    // Deep nesting: SyncBody-with-content (0x6B, SyncML code page 0) 5000 times after the first one.
    const body = src.indexOf(0x6b, strtbl + 1);
    if (body >= 0)
      add(
        'wbxml-deep-5000',
        Buffer.concat([
          src.subarray(0, body + 1),
          Buffer.alloc(5000, 0x6b),
          Buffer.alloc(5000, 0x01),
          src.subarray(body + 1),
        ]),
      );
    // Switch to a code page that does not exist, and an unknown global token.
    add(
      'wbxml-switch-page-99',
      Buffer.concat([src.subarray(0, body + 1), Buffer.from([0x00, 0x63]), src.subarray(body + 1)]),
    );
    add(
      'wbxml-reserved-token',
      Buffer.concat([src.subarray(0, body + 1), Buffer.from([0xc4, 0x05]), src.subarray(body + 1)]),
    );
  }
  if (kind === 'xml' || kind === 'log' || kind === 'har' || kind === 'pcap' || kind === 'pcapng') {
    const i = text.indexOf('<SyncBody>');
    if (i >= 0) {
      const at = i + '<SyncBody>'.length;
      add(
        'xml-deep-5000',
        Buffer.concat([src.subarray(0, at), Buffer.from('<a>'.repeat(5000) + '</a>'.repeat(5000)), src.subarray(at)]),
      );
      add(
        'xml-unclosed-deep-500',
        Buffer.concat([src.subarray(0, at), Buffer.from('<a>'.repeat(500)), src.subarray(at)]),
      );
      if (kind === 'xml')
        add(
          'xml-entity-bomb',
          Buffer.concat([
            Buffer.from(
              '<?xml version="1.0"?><!DOCTYPE SyncML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
            ),
            src.subarray(0, at),
            Buffer.from('<Data>&c;&c;&c;</Data>'),
            src.subarray(at),
          ]),
        );
    }
  }
  return out;
}
