/** The HTTP/1.1 stream parser on its own: framing, pieces of any size, gaps, roles, content codings. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { corpus } from '../helpers.js';
import { HttpParser, decodeContent, detectRole, type HttpMessage, type Role } from '../../src/net/http.js';

const xml = fs.readFileSync(path.join(corpus, 'aosp-omadm', 'dm12', 'testalertdisplay.xml'));
const wbxml = fs.readFileSync(path.join(corpus, 'aosp-omadm', 'dm12', 'testadd.wbxml'));
const at = (frame: number) => ({ frame, offset: frame * 100 });

function parser(opts: { head?: boolean[] } = {}) {
  const got: Array<{ m: HttpMessage; frame: number }> = [];
  const lost: Array<{ reason: string; frame: number; started: boolean }> = [];
  const roles: Role[] = [];
  const heads = [...(opts.head ?? [])];
  const p = new HttpParser(
    {
      role: (r) => roles.push(r),
      message: (m, a) => got.push({ m, frame: a.frame }),
      lost: (reason, a, started) => lost.push({ reason, frame: a.frame, started }),
      responseToHead: () => heads.shift() ?? false,
    },
    1 << 20,
  );
  return { p, got, lost, roles };
}

const post = (body: Uint8Array, type = 'application/vnd.syncml.dm+xml') =>
  Buffer.concat([
    Buffer.from(
      `POST /dm HTTP/1.1\r\nHost: dm.example.com\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`,
    ),
    body,
  ]);
const chunked = (body: Uint8Array, sizes: number[]) => {
  const parts: Buffer[] = [
    Buffer.from(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/vnd.syncml.dm+wbxml\r\n\r\n',
    ),
  ];
  let o = 0;
  for (const n of sizes) {
    parts.push(Buffer.from(`${n.toString(16)};ext=1\r\n`), Buffer.from(body.subarray(o, o + n)), Buffer.from('\r\n'));
    o += n;
  }
  parts.push(Buffer.from('0\r\nX-Trailer: yes\r\n\r\n'));
  return Buffer.concat(parts);
};

describe('HttpParser', () => {
  it('reads a request whatever the piece size, completing in the piece that carried its last byte', () => {
    const bytes = post(xml);
    for (const size of [1, 2, 13, 100, bytes.length]) {
      const { p, got, roles } = parser();
      for (let i = 0, f = 1; i < bytes.length; i += size, f++) p.push(bytes.subarray(i, i + size), at(f));
      expect(roles).toEqual(['request']);
      expect(got).toHaveLength(1);
      expect(Buffer.from(got[0]!.m.body)).toEqual(xml);
      expect(got[0]!.m).toMatchObject({ kind: 'request', method: 'POST', url: '/dm' });
      expect(got[0]!.frame).toBe(Math.ceil(bytes.length / size));
      expect(got[0]!.m.start.frame).toBe(1);
    }
  });

  it('keeps a copy of a body split across reads, not a view of the read chunk', () => {
    // Captures are read in 1 MiB chunks and Buffer#slice is a view: a kept view held the chunk.
    const bytes = post(xml);
    const half = bytes.length >> 1;
    const chunk = (piece: Uint8Array) => {
      const c = Buffer.alloc(1 << 20);
      c.set(piece);
      return c.subarray(0, piece.length);
    };
    const { p, got } = parser();
    const first = chunk(bytes.subarray(0, half));
    p.push(first, at(1));
    first.fill(0x58); // the reader's next chunk may land in the same memory
    p.push(chunk(bytes.subarray(half)), at(2));
    expect(got).toHaveLength(1);
    expect(Buffer.from(got[0]!.m.body)).toEqual(xml);
    expect(got[0]!.m.body.buffer.byteLength).toBeLessThan(1 << 20);
  });

  it('undoes chunked transfer coding, with extensions and trailers, split anywhere', () => {
    const bytes = chunked(wbxml, [100, 1, 200, wbxml.length - 301]);
    for (const size of [1, 7, bytes.length]) {
      const { p, got } = parser();
      for (let i = 0; i < bytes.length; i += size) p.push(bytes.subarray(i, i + size), at(1));
      expect(got.map((g) => Buffer.from(g.m.body))).toEqual([wbxml]);
    }
  });

  it('pipelined responses: HEAD, 204 and 304 carry no body; 100 Continue is its own message', () => {
    const { p, got } = parser({ head: [false, true] });
    p.push(Buffer.from(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: ${xml.length}\r\n\r\n`), at(1));
    p.push(
      Buffer.concat([
        xml,
        Buffer.from(
          `HTTP/1.1 200 OK\r\nContent-Length: 551\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n`,
        ),
      ]),
      at(2),
    );
    expect(got.map((g) => [g.m.statusCode, g.m.body.length, g.frame])).toEqual([
      [100, 0, 1],
      [200, xml.length, 2],
      [200, 0, 2],
      [204, 0, 2],
      [304, 0, 2],
    ]);
  });

  it('a response without length ends when the connection closes', () => {
    const { p, got } = parser();
    p.push(Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/vnd.syncml.dm+xml\r\n\r\n'), at(1));
    p.push(xml.subarray(0, 10), at(2));
    p.push(xml.subarray(10), at(3));
    expect(got).toHaveLength(0);
    p.end(at(4));
    expect(got.map((g) => [Buffer.from(g.m.body).equals(xml), g.frame])).toEqual([[true, 4]]);
  });

  it('a gap inside a known-length body loses that message only; the next one is read', () => {
    const first = post(xml);
    const { p, got, lost } = parser();
    p.push(first.subarray(0, 150), at(1));
    p.gap(200, at(2));
    p.push(first.subarray(350), at(2));
    p.push(post(wbxml, 'application/vnd.syncml.dm+wbxml'), at(3));
    expect(lost).toEqual([
      { reason: expect.stringContaining('200 bytes of its body were not captured (frame 2)'), frame: 2, started: true },
    ]);
    expect(got.map((g) => Buffer.from(g.m.body))).toEqual([wbxml]);
  });

  it('a gap inside a header resynchronises on the next line that starts a request', () => {
    const { p, got, lost } = parser();
    p.push(Buffer.from('POST /dm HTTP/1.1\r\nHost: a\r\n'), at(1));
    p.gap(40, at(2));
    p.push(Buffer.concat([Buffer.from('nt-Length: 5\r\n\r\nhello'), Buffer.from('\r\n'), post(xml)]), at(2));
    expect(lost).toHaveLength(1);
    expect(got.map((g) => Buffer.from(g.m.body))).toEqual([xml]);
  });

  it('a gap between messages resynchronises; a message may start right after the gap', () => {
    const { p, got } = parser();
    p.push(post(xml), at(1));
    p.gap(1000, at(2));
    p.push(post(wbxml), at(2));
    expect(got.map((g) => g.frame)).toEqual([1, 2]);
  });

  it('tells TLS and other protocols from HTTP by the first bytes', () => {
    expect(detectRole(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]))).toBe('tls');
    expect(detectRole(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'))).toBe('other');
    expect(detectRole(Buffer.from('HTTP/1.1 200 OK'))).toBe('response');
    expect(detectRole(Buffer.from('PO'))).toBeUndefined(); // could still be POST
    const { p, got, roles } = parser();
    p.push(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]), at(1));
    p.push(post(xml), at(2));
    expect(roles).toEqual(['tls']);
    expect(got).toEqual([]);
  });

  it('a header block over the limit is reported, not buffered forever', () => {
    const { p, lost } = parser();
    p.push(Buffer.from('POST /dm HTTP/1.1\r\n'), at(1));
    for (let i = 0; i < 20; i++) p.push(Buffer.from(`X-Filler-${i}: ${'a'.repeat(4000)}\r\n`), at(2 + i));
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toContain('header block longer than');
  });
});

describe('decodeContent', () => {
  it('gzip, zlib deflate, raw deflate and brotli', () => {
    expect(Buffer.from(decodeContent(zlib.gzipSync(xml), 'gzip', 1 << 20).body)).toEqual(xml);
    expect(Buffer.from(decodeContent(zlib.deflateSync(xml), 'deflate', 1 << 20).body)).toEqual(xml);
    expect(Buffer.from(decodeContent(zlib.deflateRawSync(xml), 'deflate', 1 << 20).body)).toEqual(xml);
    expect(Buffer.from(decodeContent(zlib.brotliCompressSync(xml), 'br', 1 << 20).body)).toEqual(xml);
    expect(Buffer.from(decodeContent(zlib.gzipSync(zlib.deflateSync(xml)), 'deflate, gzip', 1 << 20).body)).toEqual(
      xml,
    );
  });

  it('a decompression bomb stops at the limit and says so', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 << 20)); // 8 MB of zeros in ~8 KB
    const r = decodeContent(bomb, 'gzip', 1 << 20);
    expect(r.error).toContain('exceeds the 1048576-byte limit');
    expect(r.body).toBe(bomb);
  });

  it('damaged or unknown codings keep the body as sent', () => {
    expect(decodeContent(xml, 'gzip', 1 << 20).error).toMatch(/cannot undo Content-Encoding gzip/);
    expect(decodeContent(xml, 'compress', 1 << 20).error).toMatch(/unknown Content-Encoding compress/);
    expect(decodeContent(xml, 'identity', 1 << 20)).toEqual({ body: xml });
  });
});
