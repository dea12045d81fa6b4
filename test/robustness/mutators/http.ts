/**
 * HTTP/1.1-aware mutators (RFC 9112) over one direction of a connection: start lines, header
 * fields (Content-Length, Transfer-Encoding, Content-Encoding, Content-Type, Connection, Expect)
 * added, removed, doubled or given edge values; bodies cut or lengthened; chunk sizes, extensions
 * and trailers damaged; whole messages repeated (pipelining); 1xx responses inserted; bare LF line
 * ends. `httpSeed` turns DM messages into request/response streams and `mutateHttp` wraps a
 * mutated pair into a capture (test/robustness/pcap.ts) cut into random segments, some lost or sent
 * twice, so the damage goes through TCP reassembly and the HTTP parser as a real capture would.
 */
import { gzipSync } from 'node:zlib';
import { tcpPcap } from '../pcap.js';
import { byteMutators, chance, count, int, pick, splice, stacked, withBytes, type Mutator } from './bytes.js';
import type { MutateContext, Mutation, Rnd } from './bytes.js';

/** One connection: what the device sent and what the server sent. */
export interface HttpPair {
  client: Buffer;
  server: Buffer;
}

const CRLF = '\r\n';

/** A POST with the message and its answer, framed as `frame` says (length, chunked, gzip, keep-alive pair). */
export function httpSeed(
  request: Buffer,
  response: Buffer,
  xml: boolean,
  frame: 'length' | 'chunked' | 'gzip' | 'pair',
): HttpPair {
  const type = `application/vnd.syncml.dm+${xml ? 'xml' : 'wbxml'}`;
  const msg = (start: string, body: Buffer, extra: string[] = []): Buffer => {
    let b = body;
    const h = [start, 'Host: 127.0.0.1:8080', `Content-Type: ${type}`, ...extra];
    if (frame === 'gzip') {
      b = gzipSync(body);
      h.push('Content-Encoding: gzip');
    }
    if (frame === 'chunked') {
      const parts: Buffer[] = [];
      for (let i = 0; i < b.length; i += 300) {
        const c = b.subarray(i, i + 300);
        parts.push(Buffer.from(`${c.length.toString(16)}${CRLF}`), c, Buffer.from(CRLF));
      }
      parts.push(Buffer.from(`0${CRLF}${CRLF}`));
      return Buffer.concat([Buffer.from([...h, 'Transfer-Encoding: chunked', '', ''].join(CRLF)), ...parts]);
    }
    return Buffer.concat([Buffer.from([...h, `Content-Length: ${b.length}`, '', ''].join(CRLF)), b]);
  };
  const req = msg('POST /dm HTTP/1.1', request, ['Connection: keep-alive']);
  const res = msg('HTTP/1.1 200 OK', response);
  return frame === 'pair'
    ? { client: Buffer.concat([req, req]), server: Buffer.concat([res, res]) }
    : { client: req, server: res };
}

/** Where the messages of a stream start and where their header blocks end. */
function messages(s: string): Array<{ start: number; headEnd: number }> {
  const out: Array<{ start: number; headEnd: number }> = [];
  const re = /(?:^|\r?\n)((?:POST|GET|PUT|HTTP\/\d\.\d)[^\r\n]*\r?\n)/g;
  for (let m = re.exec(s); m && out.length < 1000; m = re.exec(s)) {
    const start = m.index + m[0].length - m[1]!.length;
    const e = s.indexOf('\r\n\r\n', start);
    out.push({ start, headEnd: e < 0 ? s.length : e + 2 });
  }
  return out;
}

const latin1 = (b: Buffer) => b.toString('latin1');
const fromLatin1 = (s: string) => Buffer.from(s, 'latin1');

function headerLine(rnd: Rnd): string {
  return pick(rnd, [
    () =>
      `Content-Length: ${pick(rnd, ['0', '1', '-1', '+5', '1e3', '0x10', ' 12 ', '99999999999999999999', '104857600', '5, 6'])}`,
    () => `Transfer-Encoding: ${pick(rnd, ['chunked', 'gzip, chunked', 'chunked, gzip', 'identity', 'Chunked', 'x'])}`,
    () => `Content-Encoding: ${pick(rnd, ['gzip', 'deflate', 'x-gzip', 'br', 'compress', 'gzip, gzip', 'identity'])}`,
    () =>
      `Content-Type: ` +
      `${pick(rnd, ['application/vnd.syncml.dm+xml', 'application/vnd.syncml.dm+wbxml', 'application/vnd.syncml.notification', 'application/vnd.syncml+xml; charset=utf-16', 'text/plain', '', ';;'])}`,
    () => `Connection: ${pick(rnd, ['close', 'keep-alive', 'upgrade', 'Upgrade'])}`,
    () => 'Upgrade: h2c',
    () => 'Expect: 100-continue',
    () => ' folded continuation',
    () => 'NoColonHere',
    () => `X-Long: ${'a'.repeat(count(rnd, 1 << 17))}`,
    () => 'X-Nul: a\u0000b',
    () => ': empty-name',
  ])();
}

export const httpMutators: Readonly<Record<string, Mutator>> = {
  startLine(b, rnd) {
    const s = latin1(b);
    const ms = messages(s);
    if (ms.length === 0) return undefined;
    const m = pick(rnd, ms);
    const eol = s.indexOf('\n', m.start);
    const line = pick(rnd, [
      'POST /dm HTTP/1.0',
      'POST /dm HTTP/2.0',
      'POST  /dm  HTTP/1.1',
      'CONNECT 127.0.0.1:443 HTTP/1.1',
      'HTTP/1.1 100 Continue',
      'HTTP/1.1 101 Switching Protocols',
      'HTTP/1.1 204 No Content',
      'HTTP/1.1 304 Not Modified',
      'HTTP/1.0 200 OK',
      'HTTP/1.1 999',
      'HTTP/1.1 2000 Big',
      'HTTP/1.1',
      'GARBAGE',
      '',
    ]);
    return {
      bytes: fromLatin1(s.slice(0, m.start) + line + '\r' + s.slice(eol < 0 ? s.length : eol)),
      what: `start-line "${line}"`,
    };
  },
  header(b, rnd) {
    const s = latin1(b);
    const ms = messages(s);
    if (ms.length === 0) return undefined;
    const m = pick(rnd, ms);
    const heads = s.slice(m.start, m.headEnd).split('\r\n');
    const op = pick(rnd, ['add', 'remove', 'double', 'replace'] as const);
    const i = 1 + int(rnd, Math.max(1, heads.length - 1));
    if (op === 'add') heads.splice(i, 0, headerLine(rnd));
    else if (op === 'remove' && heads.length > 2) heads.splice(i, 1);
    else if (op === 'double' && heads[i]) heads.splice(i, 0, heads[i]!);
    else if (heads[i]) heads[i] = headerLine(rnd);
    return { bytes: fromLatin1(s.slice(0, m.start) + heads.join('\r\n') + s.slice(m.headEnd)), what: `header-${op}` };
  },
  body(b, rnd) {
    const s = latin1(b);
    const ms = messages(s);
    if (ms.length === 0) return undefined;
    const m = pick(rnd, ms);
    const at = m.headEnd + 2;
    const next = ms[ms.indexOf(m) + 1]?.start ?? s.length;
    if (chance(rnd, 0.5)) {
      const cut = at + int(rnd, Math.max(1, next - at));
      return { bytes: fromLatin1(s.slice(0, cut) + s.slice(next)), what: 'body-cut' };
    }
    return { bytes: fromLatin1(s.slice(0, next) + 'x'.repeat(count(rnd, 4096)) + s.slice(next)), what: 'body-longer' };
  },
  chunk(b, rnd) {
    const s = latin1(b);
    const sizes = [...s.matchAll(/\r\n([0-9a-fA-F]+)(;[^\r\n]*)?\r\n/g)];
    if (sizes.length === 0) return undefined;
    const m = pick(rnd, sizes);
    const to = pick(rnd, [
      '0',
      'f'.repeat(m[1]!.length),
      'ffffffffffffffffff',
      '-1',
      'zz',
      `${m[1]};ext=1`,
      `${m[1]} `,
      '',
    ]);
    const trailer = chance(rnd, 0.2) && to === '0' ? 'X-Trailer: 1\r\n' : '';
    const start = m.index! + 2;
    return {
      bytes: fromLatin1(s.slice(0, start) + to + '\r\n' + trailer + s.slice(start + m[0].length - 2)),
      what: `chunk-size "${to}"`,
    };
  },
  pipeline(b, rnd) {
    const s = latin1(b);
    const ms = messages(s);
    if (ms.length === 0) return undefined;
    const i = int(rnd, ms.length);
    const m = ms[i]!;
    const end = ms[i + 1]?.start ?? s.length;
    const times = count(rnd, 200);
    return {
      bytes: fromLatin1(s.slice(0, end) + s.slice(m.start, end).repeat(times) + s.slice(end)),
      what: `pipeline${times}`,
    };
  },
  interim(b, rnd) {
    const s = latin1(b);
    if (!s.startsWith('HTTP/')) return undefined;
    const n = count(rnd, 50);
    return { bytes: fromLatin1('HTTP/1.1 100 Continue\r\n\r\n'.repeat(n) + s), what: `100-continue${n}` };
  },
  bareLf(b) {
    return { bytes: fromLatin1(latin1(b).replace(/\r\n/g, '\n')), what: 'bare-lf' };
  },
  garbageBefore(b, rnd) {
    return {
      bytes: splice(b, 0, 0, pick(rnd, ['\r\n', '\r\n\r\n', 'x', '\u0016\u0003\u0001'])),
      what: 'garbage-before',
    };
  },
  ...{ truncate: byteMutators.truncate! },
};

const MUTATORS: ReadonlyArray<[Mutator, number]> = [
  ...Object.values(httpMutators).map((m) => [m, 1] as [Mutator, number]),
  ...withBytes(2),
];

/** The HTTP operations as one mutator (for packet payloads in captures). */
export const httpPayloadMutator: Mutator = (b, rnd, ctx) => stacked(b, rnd, ctx, MUTATORS, 2);

/** One HTTP mutant: either side (or both) damaged, then cut into segments of a random size, some lost or doubled. */
export function mutateHttp(seed: HttpPair, rnd: Rnd, ctx: MutateContext): Mutation {
  let { client, server } = seed;
  const what: string[] = [];
  const side = int(rnd, 3);
  if (side !== 1) {
    const m = stacked(client, rnd, ctx, MUTATORS);
    client = m.bytes;
    what.push(`client:${m.what}`);
  }
  if (side !== 0) {
    const m = stacked(server, rnd, ctx, MUTATORS);
    server = m.bytes;
    what.push(`server:${m.what}`);
  }
  let mss = pick(rnd, [1, 7, 100, 536, 1400, 1460, 9000]);
  if (client.length + server.length > 50_000 && mss < 536) mss = 1400; // a few thousand frames at most
  const segments = Math.ceil(client.length / mss) + Math.ceil(server.length / mss);
  const lost = new Set<number>();
  const twice = new Set<number>();
  if (chance(rnd, 0.15)) lost.add(int(rnd, segments));
  if (chance(rnd, 0.15)) twice.add(int(rnd, segments));
  const interleave = chance(rnd, 0.2);
  what.push(`mss${mss}${lost.size ? '-lost' : ''}${twice.size ? '-twice' : ''}${interleave ? '-interleaved' : ''}`);
  return { bytes: tcpPcap(client, server, { mss, lost, twice, interleave }), what: what.join(' ') };
}
