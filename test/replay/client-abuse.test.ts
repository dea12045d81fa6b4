/**
 * The device side against misbehaving servers (issue 11): raw TCP servers on loopback that answer
 * Package 1 with an HTTP error, garbage, a cut or non-SyncML body, nothing at all, or a body that
 * never ends. Each replay ends failed with one line that says what the server did and where, and
 * never throws.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import net from 'node:net';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { credentialsFrom, recordingFrom } from './helpers.js';
import { replayAsClient } from '../../src/replay/client.js';
import { encodeTree } from '../../src/replay/dm.js';
import type { Recording } from '../../src/replay/recording.js';
import type { Credentials } from '../../src/auth/credentials.js';

let rec: Recording;
let creds: Credentials;
const servers: net.Server[] = [];

/** A TCP server that reads one whole HTTP request, then does `misbehave` with the socket. */
async function rawServer(misbehave: (sock: net.Socket) => void): Promise<string> {
  const srv = net.createServer((sock) => {
    let got = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(got.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (got.length >= end + 4 + length) {
        sock.removeAllListeners('data');
        misbehave(sock);
      }
    });
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}/dm`;
}

const answer = (status: string, headers: string[], body: Buffer | string = ''): string | Buffer =>
  Buffer.concat([
    Buffer.from(`HTTP/1.1 ${status}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`),
    Buffer.from(body),
  ]);

interface Case {
  name: string;
  misbehave: (sock: net.Socket) => void;
  failure: RegExp;
}

const cases: Case[] = [
  {
    name: 'HTTP 500',
    misbehave: (s) => s.end(answer('500 Internal Server Error', ['Content-Length: 0'])),
    failure: /^the server answered Package 1 \(client msg 1\) with HTTP 500 Internal Server Error$/,
  },
  {
    name: 'the connection closed with no answer',
    misbehave: (s) => s.end(),
    failure: /^the server did not answer Package 1 \(client msg 1\) at http:\/\/127\.0\.0\.1:\d+\/dm: socket hang up/,
  },
  {
    name: 'bytes that are not HTTP',
    misbehave: (s) => s.end('SSH-2.0-OpenSSH_9.6\r\n'),
    failure:
      /^the server did not answer Package 1 \(client msg 1\) at http:\/\/127\.0\.0\.1:\d+\/dm: (Parse Error|HPE_)/,
  },
  {
    name: 'an HTML page',
    misbehave: (s) =>
      s.end(answer('200 OK', ['Content-Type: text/html', 'Content-Length: 28'], '<html><body>hi</body></html>')),
    failure:
      /^the server's answer to Package 1 \(client msg 1\) is not a SyncML message \(Content-Type text\/html, root element html\)$/,
  },
  {
    name: 'a WBXML message cut in half',
    misbehave: (s) => {
      const whole = Buffer.from(encodeTree(rec.messages[1]!.tree, 'wbxml'));
      const half = whole.subarray(0, whole.length >> 1);
      s.end(
        answer('200 OK', ['Content-Type: application/vnd.syncml.dm+wbxml', `Content-Length: ${half.length}`], half),
      );
    },
    failure:
      /^the server's answer to Package 1 \(client msg 1\) is not a whole SyncML message \(Content-Type application\/vnd\.syncml\.dm\+wbxml\): .* \(offset \d+\)$/,
  },
  {
    name: 'a body shorter than its Content-Length',
    misbehave: (s) =>
      s.end(answer('200 OK', ['Content-Type: application/vnd.syncml.dm+xml', 'Content-Length: 5000'], '<SyncML>')),
    failure:
      /^the server did not answer Package 1 \(client msg 1\) at http:\/\/127\.0\.0\.1:\d+\/dm: the connection closed after 8 of 5000 body bytes$/,
  },
  {
    name: 'no answer at all',
    misbehave: () => {},
    failure:
      /^the server did not answer Package 1 \(client msg 1\) at http:\/\/127\.0\.0\.1:\d+\/dm: no answer within 500 ms/,
  },
  {
    name: 'a body that never ends',
    misbehave: (s) => {
      s.write(answer('200 OK', ['Content-Type: application/vnd.syncml.dm+xml', 'Transfer-Encoding: chunked']));
      const t = setInterval(() => (s.writable ? s.write(`1000\r\n${'<'.repeat(0x1000)}\r\n`) : clearInterval(t)), 5);
      s.on('close', () => clearInterval(t));
    },
    failure:
      /^the server did not answer Package 1 \(client msg 1\) at http:\/\/127\.0\.0\.1:\d+\/dm: no answer within 500 ms/,
  },
];

beforeAll(async () => {
  rec = await recordingFrom(path.join(corpus, 'captures/libdmclient-xml-auth.pcapng'));
  creds = await credentialsFrom(path.join(fixtures, 'replay/libdmclient-credentials.json'));
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('the device side against a misbehaving server', () => {
  for (const c of cases)
    test(`${c.name}: failed, with one line saying what the server did`, async () => {
      const url = await rawServer(c.misbehave);
      const res = await replayAsClient(rec, { url, timeoutMs: 500, credentials: creds });
      expect(res.outcome).toBe('failed');
      expect(res.failure).toMatch(c.failure);
      expect(res.failure).not.toMatch(/\n/);
    });
});
