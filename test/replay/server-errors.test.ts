/**
 * The server side under bad requests, sent raw (node's http client and a plain TCP socket):
 * garbage, truncated WBXML, an oversized body, a wrong Content-Type, a wrong method, a slow client.
 * Each gets an HTTP error and one log line; the server keeps serving (a good session completes
 * afterwards).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { credentialsFrom, recordingFrom } from './helpers.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/server.js';
import { replayAsClient } from '../../src/replay/client.js';
import { reportReplay } from '../../src/replay/report.js';
import type { Recording } from '../../src/replay/recording.js';
import type { Credentials } from '../../src/auth/credentials.js';
import { encodeTree } from '../../src/replay/dm.js';

let rec: Recording;
let creds: Credentials;
let srv: ReplayServer;
const log: string[] = [];
const MAX_BODY = 64 * 1024;

function request(o: {
  method?: string;
  body?: Uint8Array | string;
  contentType?: string;
}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(srv.url);
    const headers: Record<string, string> = {};
    if (o.contentType) headers['Content-Type'] = o.contentType;
    const req = http.request(
      { host: u.hostname, port: u.port, path: '/dm', method: o.method ?? 'POST', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

async function goodSessionCompletes(): Promise<void> {
  const res = await replayAsClient(rec, { url: `${srv.url}dm`, timeoutMs: 10_000, credentials: creds });
  const r = reportReplay(rec, res, { input: 'l', server: 's' });
  expect(r.result.outcome).toBe('completed');
  expect(r.comparison.divergent).toBe(false);
}

beforeAll(async () => {
  rec = await recordingFrom(path.join(corpus, 'captures/libdmclient-xml-auth.pcapng'));
  creds = await credentialsFrom(path.join(fixtures, 'replay/libdmclient-credentials.json'));
  srv = await startReplayServer(rec, {
    host: '127.0.0.1',
    port: 0,
    maxBody: MAX_BODY,
    timeoutMs: 400,
    credentials: creds,
    log: (l) => log.push(l),
  });
});

afterAll(async () => {
  await srv.close();
});

describe('bad requests get an HTTP error and the server keeps serving', () => {
  test('listens on 127.0.0.1 with the port read back', () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(srv.port).toBeGreaterThan(0);
  });

  test('garbage body → 400 with the XML reader problem', async () => {
    const before = log.length;
    const r = await request({ body: 'this is <not SyncML', contentType: 'application/vnd.syncml.dm+xml' });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/^not a SyncML message \(xml\)/);
    expect(log.slice(before)).toHaveLength(1);
    expect(log[before]).toMatch(/^400 POST \/dm from 127\.0\.0\.1:\d+: not a SyncML message/);
    await goodSessionCompletes();
  });

  test('well-formed XML that is not SyncML → 400', async () => {
    const r = await request({
      body: '<?xml version="1.0"?><html><body/></html>',
      contentType: 'application/vnd.syncml.dm+xml',
    });
    expect(r.status).toBe(400);
    await goodSessionCompletes();
  });

  test('truncated WBXML → 400 with the offset where it stops', async () => {
    const whole = encodeTree(rec.messages[0]!.tree, 'wbxml');
    const r = await request({
      body: whole.subarray(0, Math.floor(whole.length / 2)),
      contentType: 'application/vnd.syncml.dm+wbxml',
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/not a SyncML message \(wbxml\).*offset \d+/);
    await goodSessionCompletes();
  });

  test('body over --max-body → 413', async () => {
    const r = await request({
      body: new Uint8Array(MAX_BODY + 1).fill(0x20),
      contentType: 'application/vnd.syncml.dm+xml',
    });
    expect(r.status).toBe(413);
    expect(log.some((l) => /^413 /.test(l))).toBe(true);
    await goodSessionCompletes();
  });

  test('a Content-Type that is not SyncML → 415', async () => {
    const r = await request({ body: 'hello', contentType: 'text/plain' });
    expect(r.status).toBe(415);
    await goodSessionCompletes();
  });

  test('GET → 405', async () => {
    const r = await request({ method: 'GET' });
    expect(r.status).toBe(405);
  });

  test('a slow client is cut off after the request timeout', async () => {
    const u = new URL(srv.url);
    const before = log.length;
    const answer = await new Promise<string>((resolve) => {
      const sock = net.connect(Number(u.port), u.hostname, () => {
        // Headers that never finish.
        sock.write('POST /dm HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.syncml.dm+xml\r\n');
      });
      let got = '';
      sock.on('data', (d) => (got += d.toString('latin1')));
      sock.on('close', () => resolve(got));
      sock.on('error', () => resolve(got));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(log.slice(before).some((l) => /^408 .*request not received in time/.test(l))).toBe(true);
    await goodSessionCompletes();
  });

  test('refused requests are counted', () => {
    expect(srv.refused).toBeGreaterThanOrEqual(7);
  });
});

describe('a device that stops mid-session', () => {
  test('fails its session after the timeout, naming the package it did not send', async () => {
    let endedWith: (r: import('../../src/replay/live.js').ReplayResult) => void = () => {};
    const ended = new Promise<import('../../src/replay/live.js').ReplayResult>((r) => (endedWith = r));
    const lines: string[] = [];
    const s = await startReplayServer(rec, {
      host: '127.0.0.1',
      port: 0,
      maxBody: MAX_BODY,
      timeoutMs: 300,
      credentials: creds,
      log: (l) => lines.push(l),
      onSessionEnd: (r) => endedWith(r),
    });
    try {
      const u = new URL(s.url);
      // Package 1 as recorded, then nothing.
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: u.hostname,
            port: u.port,
            path: '/dm',
            method: 'POST',
            headers: { 'Content-Type': 'application/vnd.syncml.dm+xml' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(encodeTree(rec.messages[0]!.tree, 'xml'));
      });
      expect(status).toBe(200);
      const r = await ended;
      expect(r.outcome).toBe('failed');
      expect(r.failure).toBe('the device DMCtest did not send Package 3 (client msg 2) within 300 ms');
      expect(lines).toContain(r.failure);
      expect(s.open()).toBe(0);
    } finally {
      await s.close();
    }
  });
});
