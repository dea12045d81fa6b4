/**
 * Bad and odd captures: each gives one clear problem saying what and where, counted, and what can
 * be read is still read. Where tshark can tell the same fact (frame numbers, lengths, lost
 * segments), the expectation comes from tshark.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpus, fixtures } from '../helpers.js';
import { frames, readAll, requireTshark, tsharkField, tsharkHttp } from '../net/tshark.js';
import { isCapture, readCapture } from '../../src/sources/capture.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext } from '../../src/sources/types.js';

const cap = (f: string): string => path.join(fixtures, 'captures', f);

beforeAll(() => requireTshark());

describe('a cut file', () => {
  it('reports where it was cut and which frame needed how many bytes, after reading what came before', async () => {
    const file = cap('cut.pcapng');
    const r = await readAll(file);
    const cut = r.problems.filter((p) => p.code === 'capture-cut');
    expect(cut).toHaveLength(1);
    const size = fs.statSync(file).size;
    // tshark reads every whole frame before the cut; the cut one is the next.
    const whole = (await tsharkField(file, 'frame', 'frame.number')).length;
    // The full capture tells the cut frame's captured length: its EPB needs 32 bytes + padded data.
    const capLen = Number(
      (await tsharkField(cap('session.pcapng'), `frame.number == ${whole + 1}`, 'frame.cap_len'))[0],
    );
    const needs = 32 + Math.ceil(capLen / 4) * 4;
    expect(cut[0]!.message).toMatch(
      new RegExp(`^capture cut at byte offset ${size} in frame ${whole + 1} \\(record needs ${needs} bytes`),
    );
    expect(cut[0]).toMatchObject({ severity: 'error', input: 'cut.pcapng', frame: whole + 1, offset: size });
    expect(r.summary.packets).toBe(whole);
    expect(frames(r)).toEqual(await tsharkHttp(file));
    expect(r.summary.problems).toBe(r.problems.length);
  });

  it('a file cut inside its header says so', async () => {
    const head = fs.readFileSync(cap('session-us.pcap')).subarray(0, 10);
    const problems: InputProblem[] = [];
    const ctx = newReadContext((p) => problems.push(p));
    const out = [];
    for await (const e of readCapture(
      { name: 'head.pcap', stream: [head] as unknown as AsyncIterable<Uint8Array> & Uint8Array[] },
      ctx,
    ))
      out.push(e);
    expect(out).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['capture-cut']);
    expect(problems[0]!.message).toContain('capture cut at byte offset 10 in frame 1');
  });
});

describe('packets cut by the snap length', () => {
  it('counts and reports each as a gap with its frame and the bytes cut off, as tshark measures them', async () => {
    const file = cap('snap200.pcapng');
    const r = await readAll(file);
    const rows = (await tsharkField(file, 'frame.cap_len < frame.len && tcp.len > 0', 'frame.number')).map(Number);
    const lens = await Promise.all(
      rows.map(async (n) => {
        const [len, capLen] = await Promise.all([
          tsharkField(file, `frame.number == ${n}`, 'frame.len'),
          tsharkField(file, `frame.number == ${n}`, 'frame.cap_len'),
        ]);
        return Number(len[0]) - Number(capLen[0]);
      }),
    );
    const cut = r.problems.filter((p) => p.code === 'packet-truncated');
    expect(rows.length).toBeGreaterThan(0);
    expect(cut.map((p) => p.frame)).toEqual(rows);
    cut.forEach((p, i) => expect(p.message).toContain(`frame ${rows[i]} was cut by the snap length: ${lens[i]} bytes`));
    expect(r.summary.gaps).toBe(rows.length);
    // The messages those packets carried cannot be read; each is reported, none is invented.
    expect(r.problems.filter((p) => p.code === 'http-message-lost').length).toBeGreaterThan(0);
    expect(r.exchanges).toEqual([]);
  });
});

describe('a lost segment', () => {
  it('is a gap reported at the frame tshark flags, with the bytes missing; the next exchange still pairs', async () => {
    const file = cap('lost.pcap');
    const r = await readAll(file);
    const lostAt = (await tsharkField(file, 'tcp.analysis.lost_segment', 'frame.number')).map(Number);
    expect(lostAt).toHaveLength(1);
    const seq = Number((await tsharkField(file, `frame.number == ${lostAt[0]}`, 'tcp.seq_raw'))[0]);
    const port = (await tsharkField(file, `frame.number == ${lostAt[0]}`, 'tcp.srcport'))[0];
    const before = (
      await tsharkField(file, `tcp.srcport == ${port} && frame.number < ${lostAt[0]} && tcp.len > 0`, 'tcp.seq_raw')
    ).map(Number);
    const beforeLen = (
      await tsharkField(file, `tcp.srcport == ${port} && frame.number < ${lostAt[0]} && tcp.len > 0`, 'tcp.len')
    ).map(Number);
    const missing = seq - (before.at(-1)! + beforeLen.at(-1)!);
    const gaps = r.problems.filter((p) => p.code === 'tcp-gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ frame: lostAt[0], input: 'lost.pcap' });
    expect(gaps[0]!.message).toContain(`${missing} bytes of TCP payload`);
    expect(r.summary.gaps).toBe(1);
    // The request with the hole is reported lost; its response comes alone; the next pair is whole.
    expect(r.problems.filter((p) => p.code === 'http-message-lost')).toHaveLength(1);
    expect(r.exchanges.map((e) => [!!e.request, !!e.response])).toEqual([
      [false, true],
      [true, true],
    ]);
  });
});

describe('a damaged block', () => {
  it('stops at the bad block with its offset and frame, after yielding what came before', async () => {
    const file = cap('bogus-block.pcapng');
    const b = fs.readFileSync(file);
    // Walk the blocks independently to find the 7th packet block (the damaged one).
    let at = 0;
    for (let p = 0, n = 0; p < b.length; p += b.readUInt32LE(p + 4))
      if (b.readUInt32LE(p) === 6 && ++n === 7) {
        at = p;
        break;
      }
    const r = await readAll(file);
    const bad = r.problems.filter((p) => p.code === 'capture-bogus-record');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ offset: at, frame: 7, severity: 'error' });
    expect(bad[0]!.message).toContain(`at byte offset ${at} (frame 7)`);
    expect(r.summary.packets).toBe(6);
    expect(frames(r)).toEqual(await tsharkHttp(file));
  });

  it('unknown block types are skipped and counted', async () => {
    const file = cap('sections.pcapng');
    const r = await readAll(file);
    expect(r.summary.unknownBlocks).toBe(3);
    expect(r.problems.filter((p) => p.code === 'pcapng-unknown-block').map((p) => p.severity)).toEqual([
      'info',
      'info',
      'info',
    ]);
    expect(r.summary.packets).toBe((await tsharkField(file, 'frame', 'frame.number')).length);
  });
});

describe('not a capture', () => {
  it('a WBXML file is refused with one problem, nothing thrown', async () => {
    const file = path.join(corpus, 'aosp-omadm', 'dm12', 'testadd.wbxml');
    expect(isCapture(fs.readFileSync(file))).toBeUndefined();
    const r = await readAll(file);
    expect(r.exchanges).toEqual([]);
    expect(r.problems.map((p) => p.code)).toEqual(['capture-unknown-format']);
    expect(r.problems[0]!.message).toMatch(/not a pcap or pcapng capture \(first bytes [0-9a-f]{8}\)/);
  });

  it('magic sniffing names each format', () => {
    for (const [f, kind] of [
      ['session.pcapng', 'pcapng'],
      ['session-us.pcap', 'pcap'],
      ['session-ns.pcap', 'pcap'],
      ['session-be.pcap', 'pcap'],
      ['session-ns-be.pcap', 'pcap'],
      ['be-ns.pcapng', 'pcapng'],
    ] as const) {
      expect(isCapture(fs.readFileSync(cap(f)).subarray(0, 4))).toBe(kind);
    }
  });

  it('an empty input says it is too short', async () => {
    const problems: InputProblem[] = [];
    const ctx = newReadContext((p) => problems.push(p));
    const out = [];
    for await (const e of readCapture({ name: 'empty', stream: (async function* () {})() }, ctx)) out.push(e);
    expect(out).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['capture-too-short']);
  });
});

describe('counts', () => {
  it('TLS connections are counted, not parsed; TCP streams and packets match tshark', async () => {
    const file = cap('tls-mixed.pcapng');
    const r = await readAll(file);
    const tlsStreams = new Set(await tsharkField(file, 'tls.handshake.type == 1', 'tcp.stream'));
    const streams = new Set(await tsharkField(file, 'tcp', 'tcp.stream'));
    expect(r.summary.tlsConnections).toBe(tlsStreams.size);
    expect(r.summary.tcpStreams).toBe(streams.size);
    expect(r.summary.packets).toBe((await tsharkField(file, 'frame', 'frame.number')).length);
    expect(r.exchanges.every((e) => e.server?.startsWith('127.0.0.1:'))).toBe(true);
  });

  it('exchanges carry where they came from: frame, file offset, time, addresses, connection, server', async () => {
    const file = cap('two-conns.pcapng');
    const r = await readAll(file);
    const epochs = await tsharkField(file, 'http.request', 'frame.time_epoch');
    const srcPorts = await tsharkField(file, 'http.request', 'tcp.srcport');
    const hosts = await tsharkField(file, 'http.request', 'http.host');
    const uris = await tsharkField(file, 'http.request', 'http.request.uri');
    r.exchanges.forEach((e, i) => {
      const o = e.request!.origin;
      expect(o.time! / 1000).toBeCloseTo(Number(epochs[i]), 5);
      expect(o.src).toBe(`127.0.0.1:${srcPorts[i]}`);
      expect(e.server).toBe(`${hosts[i]}${uris[i]}`);
      expect(e.connection).toContain(`127.0.0.1:${srcPorts[i]} → `);
      expect(e.request!.direction).toBe('client');
      expect(e.response!.direction).toBe('server');
      expect(e.response!.origin.src).toBe(o.dst);
    });
    // The offset is the start of the frame's block: the block type there is an EPB.
    const b = fs.readFileSync(file);
    for (const e of r.exchanges) expect(b.readUInt32LE(e.request!.origin.offset!)).toBe(6);
    expect(new Set(r.exchanges.map((e) => e.connection)).size).toBe(2);
  });
});

describe('limits', () => {
  it('a body over maxBodySize is cut and reported', async () => {
    const full = await readAll(cap('session.pcapng'));
    const r = await readAll(cap('session.pcapng'), { maxBodySize: 1000 });
    const parts = (x: typeof r) => x.exchanges.flatMap((e) => [e.request!, e.response!]);
    const over = parts(full).filter((p) => p.body.length > 1000).length;
    expect(over).toBeGreaterThan(0);
    expect(r.problems.filter((p) => p.code === 'http-body-too-large')).toHaveLength(over);
    parts(r).forEach((p, i) =>
      expect(Buffer.from(p.body)).toEqual(Buffer.from(parts(full)[i]!.body.subarray(0, 1000))),
    );
  });

  it('a compressed body that decodes past the limit is kept as sent, with a problem', async () => {
    const r = await readAll(cap('gzip.pcapng'), { maxBodySize: 1000 });
    const p = r.problems.filter((x) => x.code === 'http-content-encoding');
    expect(p).toHaveLength(1); // only the first response (1261 bytes) decodes past 1000
    expect(p[0]!.message).toContain('exceeds the 1000-byte limit');
    const first = r.exchanges[0]!.response!;
    expect([first.body[0], first.body[1]]).toEqual([0x1f, 0x8b]);
  });
});
