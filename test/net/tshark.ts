/** Test helpers: read a capture with dmtrace, and ask tshark (the reference) about the same file. */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCapture } from '../../src/sources/capture.js';
import { type Exchange, type Summary } from '../../src/model/exchange.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext } from '../../src/sources/types.js';

/**
 * tshark 4.0 does not reassemble out-of-order TCP segments unless told to (by default it leaves
 * that message undissected); dmtrace does. With the preference on, though, tshark waits forever
 * for a lost segment and dissects nothing after it on that connection, while dmtrace resumes. So
 * the preference is on only for captures that have out-of-order segments and no loss.
 */
export const OUT_OF_ORDER = new Set(['retrans-ooo.pcap']);
const optsFor = (file: string): string[] =>
  OUT_OF_ORDER.has(path.basename(file)) ? ['-o', 'tcp.reassemble_out_of_order:TRUE'] : [];

/** Fails (never skips) when the reference tool is missing. */
export function requireTshark(): void {
  const r = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error('tshark is not installed: these tests compare with it; install the Debian package tshark');
}

/** tshark runs at most two at a time: the tests run concurrently on small machines. */
let running = 0;
const queue: Array<() => void> = [];
async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => queue.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    queue.shift()?.();
  }
}

function tshark(file: string, args: string[]): Promise<string> {
  return slot(
    () =>
      new Promise((resolve, reject) => {
        const out: Buffer[] = [];
        const p = spawn('tshark', [...optsFor(file), '-r', file, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
        p.stdout.on('data', (d: Buffer) => out.push(d));
        p.on('error', reject);
        // A cut or damaged file makes tshark exit non-zero after printing what it read: keep that output.
        p.on('close', () => resolve(Buffer.concat(out).toString('utf8')));
      }),
  );
}

export const sha256 = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

/** What tshark makes of a capture, in one pass. */
export interface TsharkView {
  /** Frame numbers of HTTP requests and of final (non-1xx) responses, once per message (pipelined messages share a frame). */
  requests: number[];
  responses: number[];
  packets: number;
  /** Distinct tcp.stream values (tshark also splits a reused port pair). */
  tcpStreams: number;
  /** SHA-256 of every HTTP body tshark reassembles (`--export-objects http`: de-chunked and decompressed), sorted. */
  bodies: string[];
  /** frame.time_epoch (seconds, as text) by frame number. */
  times: Map<number, string>;
}

export async function tsharkView(file: string): Promise<TsharkView> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dmtrace-objects-'));
  try {
    const text = await tshark(file, [
      '-T',
      'fields',
      '-E',
      'separator=/t',
      '-e',
      'frame.number',
      '-e',
      'tcp.stream',
      '-e',
      'http.request.method',
      '-e',
      'http.response.code',
      '-e',
      'frame.time_epoch',
      '--export-objects',
      `http,${dir}`,
    ]);
    const rows = text
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    return {
      // A frame carrying several pipelined messages lists each method or code, comma-separated.
      requests: rows.flatMap((r) => (r[2] ? r[2].split(',').map(() => Number(r[0])) : [])),
      // Interim 1xx responses are not exchanges (they precede the final response).
      responses: rows.flatMap((r) =>
        r[3]
          ? r[3]
              .split(',')
              .filter((c) => Number(c) >= 200)
              .map(() => Number(r[0]))
          : [],
      ),
      packets: rows.length,
      tcpStreams: new Set(rows.map((r) => r[1]).filter(Boolean)).size,
      bodies: fs
        .readdirSync(dir)
        .map((f) => sha256(fs.readFileSync(path.join(dir, f))))
        .sort(),
      times: new Map(rows.map((r) => [Number(r[0]), r[4]!])),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** HTTP request and response frames only. */
export async function tsharkHttp(file: string): Promise<{ requests: number[]; responses: number[] }> {
  const v = await tsharkView(file);
  return { requests: v.requests, responses: v.responses };
}

/** One field per frame matching a display filter. */
export async function tsharkField(file: string, filter: string, field: string): Promise<string[]> {
  return (await tshark(file, ['-Y', filter, '-T', 'fields', '-e', field])).split('\n').filter(Boolean);
}

export interface ReadResult {
  exchanges: Exchange[];
  problems: InputProblem[];
  summary: Summary;
}

/** Chunks of a fixed size (default: the file stream's own). */
async function* chunks(file: string, size?: number): AsyncIterable<Uint8Array> {
  if (!size) {
    yield* fs.createReadStream(file);
    return;
  }
  const b = fs.readFileSync(file);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

/** Reads a capture with dmtrace, collecting exchanges and problems. */
export async function readAll(
  file: string,
  opts: { chunkSize?: number; name?: string; maxBodySize?: number } = {},
): Promise<ReadResult> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  if (opts.maxBodySize) ctx.limits.maxBodySize = opts.maxBodySize;
  const exchanges: Exchange[] = [];
  for await (const e of readCapture(
    { name: opts.name ?? path.basename(file), stream: chunks(file, opts.chunkSize) },
    ctx,
  ))
    exchanges.push(e);
  return { exchanges, problems, summary: ctx.summary };
}

/** Sorted frame numbers of dmtrace's requests and responses. */
export function frames(r: ReadResult): { requests: number[]; responses: number[] } {
  const req = r.exchanges.flatMap((e) => (e.request ? [e.request.origin.frame!] : []));
  const res = r.exchanges.flatMap((e) => (e.response ? [e.response.origin.frame!] : []));
  return { requests: req.sort((a, b) => a - b), responses: res.sort((a, b) => a - b) };
}

/** SHA-256 of dmtrace's non-empty bodies, sorted. */
export function bodies(r: ReadResult): string[] {
  return r.exchanges
    .flatMap((e) => [e.request, e.response])
    .filter((p) => p && p.body.length)
    .map((p) => sha256(p!.body))
    .sort();
}
