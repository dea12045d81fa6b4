/**
 * The replay server under abuse (issue 11): malformed requests, slow clients, oversize bodies,
 * pipelined and HTTP/1.0 requests, peers that vanish mid-request, and over HTTPS failed
 * handshakes, all sent raw on loopback while 13 valid device sessions run interleaved with them.
 * Every abuse gets its HTTP answer (or is counted as dropped) with one log line naming the peer,
 * every valid session completes with no divergence, and the counts are exact.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { corpus, fixtures } from '../helpers.js';
import { credentialsFrom, recordingFrom } from './helpers.js';
import { startReplayServer, type ReplayServer, type ServerReplayOptions } from '../../src/replay/server.js';
import { replayAsClient } from '../../src/replay/client.js';
import { reportReplay, renderReport } from '../../src/replay/report.js';
import { encodeTree } from '../../src/replay/dm.js';
import type { Recording } from '../../src/replay/recording.js';
import type { Credentials } from '../../src/auth/credentials.js';

const MAX_BODY = 64 * 1024;
const TIMEOUT = 800;
let rec: Recording;
let creds: Credentials;
let certDir: string;
let cert: Buffer;
let key: Buffer;

/** One step a raw peer takes: bytes to send, a pause, or going away (a reset). */
type Step = string | Uint8Array | { wait: number } | 'reset';

/** Connects, takes the steps, and collects what the server sends until it closes (or 5 s pass). */
function rawPeer(port: number, steps: Step[], useTls = false): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const sock: net.Socket = useTls
      ? tls.connect({ port, host: '127.0.0.1', ca: cert }, () => void run())
      : net.connect(port, '127.0.0.1', () => void run());
    const done = (): void => {
      clearTimeout(guard);
      resolve(got);
    };
    const guard = setTimeout(() => {
      sock.destroy();
      resolve(`${got}[no close within 5 s]`);
    }, 5000);
    sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
    sock.on('close', done);
    sock.on('error', () => {});
    async function run(): Promise<void> {
      for (const s of steps) {
        if (sock.destroyed) return;
        if (s === 'reset') {
          sock.resetAndDestroy();
          return;
        }
        if (typeof s === 'object' && 'wait' in s) await new Promise((r) => setTimeout(r, s.wait));
        else sock.write(s);
      }
    }
  });
}

const post = (body: string | Uint8Array, type = 'application/vnd.syncml.dm+xml', version = '1.1'): Uint8Array =>
  Buffer.concat([
    Buffer.from(
      `POST /dm HTTP/${version}\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    ),
    Buffer.from(body),
  ]);

interface Abuse {
  name: string;
  steps: () => Step[];
  /** What the peer reads back (undefined: nothing is expected, the connection was dropped). */
  answer?: RegExp;
  /** The server's log line for it. */
  line: RegExp;
}

const PEER = '127\\.0\\.0\\.1:\\d+';

const httpAbuses: Abuse[] = [
  {
    name: 'bytes that are not HTTP',
    steps: () => ['\x16\x03\x01\x02\x00 not http at all\r\n\r\n'],
    answer: /^HTTP\/1\.1 400 Bad Request\r\n/,
    line: new RegExp(`^400 from ${PEER}: bad HTTP request \\(HPE_`),
  },
  {
    name: 'headers over 16 KiB',
    steps: () => [`POST /dm HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`],
    answer: /^HTTP\/1\.1 431 /,
    line: new RegExp(`^431 from ${PEER}: request headers over the 16 KiB limit`),
  },
  {
    name: 'headers that never finish (slowloris)',
    steps: () => ['POST /dm HTTP/1.1\r\nHost: x\r\n', { wait: 300 }, 'X-A: 1\r\n', { wait: 3000 }],
    answer: /^HTTP\/1\.1 408 Request Timeout\r\n/,
    line: new RegExp(`^408 from ${PEER}: request not received in time`),
  },
  {
    name: 'a body that never finishes',
    steps: () => [
      'POST /dm HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.syncml.dm+xml\r\nContent-Length: 500\r\n\r\n<SyncML>',
      { wait: 3000 },
    ],
    answer: /^HTTP\/1\.1 408 /,
    line: new RegExp(`^408 from ${PEER}: request not received in time`),
  },
  {
    name: 'a declared body over --max-body',
    steps: () => [post(new Uint8Array(MAX_BODY + 1).fill(0x20))],
    answer: /^HTTP\/1\.1 413 [^]*Connection: close[^]*over the limit of 65536/,
    line: new RegExp(`^413 POST /dm from ${PEER}: body of 65537 bytes is over the limit of 65536`),
  },
  {
    name: 'a chunked body that grows past --max-body',
    steps: () => [
      'POST /dm HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.syncml.dm+xml\r\nTransfer-Encoding: chunked\r\n\r\n',
      ...Array.from({ length: 10 }, () => `2000\r\n${' '.repeat(0x2000)}\r\n`),
      '0\r\n\r\n',
    ],
    answer: /^HTTP\/1\.1 413 [^]*body over the limit of 65536 bytes/,
    line: new RegExp(`^413 POST /dm from ${PEER}: body over the limit of 65536 bytes`),
  },
  {
    name: 'GET',
    steps: () => ['GET /dm HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    answer: /^HTTP\/1\.1 405 [^]*Allow: POST/,
    line: new RegExp(`^405 GET /dm from ${PEER}: method GET not allowed`),
  },
  {
    name: 'a Content-Type that is not SyncML',
    steps: () => [post('<html/>', 'text/html'), 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'],
    answer: /^HTTP\/1\.1 415 [^]*Content-Type text\/html is not a SyncML DM type[^]*HTTP\/1\.1 405 /,
    line: new RegExp(`^415 POST /dm from ${PEER}: Content-Type text/html`),
  },
  {
    name: 'well-formed XML that is not SyncML',
    steps: () => [post('<?xml version="1.0"?><html><body/></html>'), 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'],
    answer: /^HTTP\/1\.1 400 [^]*not a SyncML message \(xml\)[^]*HTTP\/1\.1 405 /,
    line: new RegExp(`^400 POST /dm from ${PEER}: not a SyncML message \\(xml\\)`),
  },
  {
    name: 'truncated WBXML',
    steps: () => {
      const whole = encodeTree(rec.messages[0]!.tree, 'wbxml');
      return [
        post(whole.subarray(0, whole.length >> 1), 'application/vnd.syncml.dm+wbxml'),
        'GET / HTTP/1.1\r\nConnection: close\r\n\r\n',
      ];
    },
    answer: /^HTTP\/1\.1 400 [^]*not a SyncML message \(wbxml\): .* at offset \d+[^]*HTTP\/1\.1 405 /,
    line: new RegExp(`^400 POST /dm from ${PEER}: not a SyncML message \\(wbxml\\): .* at offset \\d+`),
  },
  {
    name: 'an empty body',
    steps: () => [post(''), 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n'],
    answer: /^HTTP\/1\.1 400 [^]*empty body[^]*HTTP\/1\.1 405 /,
    line: new RegExp(`^400 POST /dm from ${PEER}: empty body`),
  },
  {
    name: 'pipelined requests (each answered, in order)',
    steps: () => [
      Buffer.concat([
        Buffer.from('GET /a HTTP/1.1\r\nHost: x\r\n\r\n'),
        post('x', 'image/png'),
        Buffer.from('GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ]),
    ],
    answer: /^HTTP\/1\.1 405 [^]*HTTP\/1\.1 415 [^]*HTTP\/1\.1 405 /,
    line: new RegExp(`^405 GET /a from ${PEER}`),
  },
  {
    name: 'an HTTP/1.0 Package 1 (served)',
    steps: () => [post(encodeTree(rec.messages[0]!.tree, 'xml'), 'application/vnd.syncml.dm+xml', '1.0')],
    answer: /^HTTP\/1\.1 200 OK[^]*<SyncML[^]*<\/SyncML>/,
    // Served, so no refusal line: the device then goes silent, and the sweep ends its session.
    line: /^the device DMCtest did not send Package 3 \(client msg 2\) within 800 ms/,
  },
  {
    name: 'a peer gone mid-body',
    steps: () => [
      'POST /dm HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.syncml.dm+xml\r\nContent-Length: 900\r\n\r\n<SyncML>',
      { wait: 100 },
      'reset',
    ],
    // Under load the peer can be gone before the server accepted it, its address with it.
    line: new RegExp(`^dropped (${PEER}|a peer gone before its address could be read): the peer went away mid-request`),
  },
  {
    name: 'a peer gone mid-headers',
    steps: () => ['POST /dm HTTP/1.1\r\nHost: x\r\nContent-Le', { wait: 100 }, 'reset'],
    // Under load the peer can be gone before the server accepted it, its address with it.
    line: new RegExp(`^dropped (${PEER}|a peer gone before its address could be read): the peer went away mid-request`),
  },
];

// 11 abuses answered 4xx, the pipelined three, and the GET without Host after four of them.
const HTTP_REFUSED = 18;
const HTTP_DROPPED = 2;

async function validSessions(srv: ReplayServer, n: number): Promise<void> {
  const runs = Array.from({ length: n }, async (_, i) => {
    await new Promise((r) => setTimeout(r, i * 60));
    const deviceId = `IMEI:35690000000${String(i).padStart(4, '0')}`;
    const res = await replayAsClient(rec, {
      url: `${srv.url}dm`,
      timeoutMs: 10_000,
      credentials: creds,
      deviceId,
      ...(srv.url.startsWith('https') ? { tls: { ca: cert } } : {}),
    });
    const r = reportReplay(rec, res, { input: 'l', server: 's' });
    expect(r.result.outcome, `${deviceId}: ${r.result.failure ?? ''}`).toBe('completed');
    expect(r.comparison.divergent, renderReport(r)).toBe(false);
  });
  await Promise.all(runs);
}

async function withServer(
  extra: Partial<ServerReplayOptions>,
  fn: (srv: ReplayServer, log: string[]) => Promise<void>,
): Promise<void> {
  const log: string[] = [];
  const srv = await startReplayServer(rec, {
    host: '127.0.0.1',
    port: 0,
    maxBody: MAX_BODY,
    timeoutMs: TIMEOUT,
    credentials: creds,
    log: (l) => log.push(l),
    ...extra,
  });
  try {
    await fn(srv, log);
  } finally {
    await srv.close();
  }
}

beforeAll(async () => {
  rec = await recordingFrom(path.join(corpus, 'captures/libdmclient-xml-auth.pcapng'));
  creds = await credentialsFrom(path.join(fixtures, 'replay/libdmclient-credentials.json'));
  creds.devices.set('*', { user: 'funambol', password: 'funambol' });
  certDir = mkdtempSync(path.join(tmpdir(), 'dmtrace-abuse-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(certDir, 'key.pem')]
      .concat(['-out', path.join(certDir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'])
      .concat(['-addext', 'subjectAltName=IP:127.0.0.1']),
    { stdio: 'pipe' },
  );
  cert = readFileSync(path.join(certDir, 'cert.pem'));
  key = readFileSync(path.join(certDir, 'key.pem'));
});

afterAll(() => rmSync(certDir, { recursive: true, force: true }));

describe('HTTP: abuse interleaved with valid sessions', () => {
  test(`${httpAbuses.length} abuses answered or dropped, 13 sessions complete, counts exact`, async () => {
    await withServer({}, async (srv, log) => {
      const answers = Promise.all(httpAbuses.map((a) => rawPeer(srv.port, a.steps())));
      await validSessions(srv, 13);
      const got = await answers;
      // The HTTP/1.0 device's session is ended by the sweep after TIMEOUT.
      await new Promise((r) => setTimeout(r, TIMEOUT * 2));
      if (process.env.ABUSE_DEBUG)
        httpAbuses.forEach((a, i) => console.log(a.name, JSON.stringify(got[i]!.slice(0, 600))));
      httpAbuses.forEach((a, i) => {
        if (a.answer) expect(got[i], a.name).toMatch(a.answer);
        else expect(got[i], a.name).toBe('');
        expect(
          log.filter((l) => a.line.test(l)),
          `${a.name}: one log line\n${log.join('\n')}`,
        ).toHaveLength(httpAbuses.filter((b) => b.line.source === a.line.source).length);
      });
      expect(srv.refused, log.join('\n')).toBe(HTTP_REFUSED);
      expect(srv.dropped, log.join('\n')).toBe(HTTP_DROPPED);
      expect(srv.endedCount()).toBe(14);
      expect(srv.open()).toBe(0);
      // Every line names its peer; none is a stack trace.
      for (const l of log) expect(l).not.toMatch(/\n\s+at /);
    });
  });
});

interface TlsAbuse extends Abuse {
  tls: boolean;
}

const httpsAbuses: TlsAbuse[] = [
  {
    name: 'plain HTTP to the HTTPS port',
    tls: false,
    steps: () => [post('<SyncML/>')],
    line: new RegExp(`^dropped ${PEER}: not TLS \\(plain HTTP sent to the HTTPS port\\?\\)`),
  },
  {
    name: 'a connection that never starts its handshake',
    tls: false,
    steps: () => [{ wait: 3000 }],
    line: new RegExp(`^dropped ${PEER}: TLS handshake not completed within 800 ms`),
  },
  {
    name: 'a ClientHello cut short, then a reset',
    tls: false,
    steps: () => [Buffer.from([0x16, 0x03, 0x01, 0x00, 0xc8, 0x01, 0x00, 0x00]), { wait: 100 }, 'reset'],
    line: new RegExp(`^dropped ${PEER}: the peer closed the connection during the TLS handshake`),
  },
  {
    name: 'a ClientHello cut short, then silence',
    tls: false,
    steps: () => [Buffer.from([0x16, 0x03, 0x01, 0x00, 0xc8, 0x01, 0x00, 0x00]), { wait: 3000 }],
    line: new RegExp(`^dropped ${PEER}: TLS handshake not completed within 800 ms`),
  },
  {
    name: 'bytes that are not HTTP, inside TLS',
    tls: true,
    steps: () => ['\x00\x01 not http\r\n\r\n'],
    answer: /^HTTP\/1\.1 400 Bad Request\r\n/,
    line: new RegExp(`^400 from ${PEER}: bad HTTP request \\(HPE_`),
  },
  {
    name: 'headers that never finish, inside TLS',
    tls: true,
    steps: () => ['POST /dm HTTP/1.1\r\nHost: x\r\n', { wait: 3000 }],
    answer: /^HTTP\/1\.1 408 Request Timeout\r\n/,
    line: new RegExp(`^408 from ${PEER}: request not received in time`),
  },
];

describe('HTTPS: failed handshakes and abuse inside TLS, interleaved with valid sessions', () => {
  test(`${httpsAbuses.length} abuses answered or dropped, 13 sessions complete, counts exact`, async () => {
    await withServer({ tls: { cert, key } }, async (srv, log) => {
      const answers = Promise.all(httpsAbuses.map((a) => rawPeer(srv.port, a.steps(), a.tls)));
      await validSessions(srv, 13);
      const got = await answers;
      httpsAbuses.forEach((a, i) => {
        if (a.answer) expect(got[i], a.name).toMatch(a.answer);
        else expect(got[i], a.name).not.toMatch(/HTTP\//);
        expect(
          log.filter((l) => a.line.test(l)),
          `${a.name}: one log line\n${log.join('\n')}`,
        ).toHaveLength(httpsAbuses.filter((b) => b.line.source === a.line.source).length);
      });
      expect(srv.refused, log.join('\n')).toBe(2);
      expect(srv.dropped, log.join('\n')).toBe(4);
      expect(srv.endedCount()).toBe(13);
      expect(log).toHaveLength(6);
    });
  });
});
