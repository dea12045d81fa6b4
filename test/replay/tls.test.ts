/**
 * HTTPS: a self-signed test certificate made in the test with openssl (for 127.0.0.1), the server
 * side serving it, the client side trusting it with the CA (--ca), refusing it without, accepting
 * it with --insecure.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpus, fixtures } from '../helpers.js';
import { credentialsFrom, recordingFrom } from './helpers.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/server.js';
import { replayAsClient } from '../../src/replay/client.js';
import { reportReplay, renderReport } from '../../src/replay/report.js';
import type { Recording } from '../../src/replay/recording.js';
import type { Credentials } from '../../src/auth/credentials.js';

let dir: string;
let cert: Buffer;
let rec: Recording;
let creds: Credentials;
let srv: ReplayServer;
const ended: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'pipe' },
  );
  cert = readFileSync(path.join(dir, 'cert.pem'));
  rec = await recordingFrom(path.join(corpus, 'captures/libdmclient-xml-auth.pcapng'));
  creds = await credentialsFrom(path.join(fixtures, 'replay/libdmclient-credentials.json'));
  srv = await startReplayServer(rec, {
    host: '127.0.0.1',
    port: 0,
    maxBody: 1 << 20,
    timeoutMs: 10_000,
    credentials: creds,
    tls: { cert, key: readFileSync(path.join(dir, 'key.pem')) },
    onSessionEnd: (r) => ended.push(r.device),
  });
});

afterAll(async () => {
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS', () => {
  test('serves https:// on the port it reports', () => {
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('the client trusting the test CA completes with no divergence', async () => {
    const res = await replayAsClient(rec, {
      url: `${srv.url}dm`,
      timeoutMs: 10_000,
      credentials: creds,
      tls: { ca: cert },
    });
    const r = reportReplay(rec, res, { input: 'l', server: 's' });
    expect(r.result.outcome, renderReport(r)).toBe('completed');
    expect(r.comparison.divergent).toBe(false);
    expect(r.result.live[0]!.url).toMatch(/^https:/);
  });

  test('without the CA the client fails with a certificate error saying which package went unanswered', async () => {
    const res = await replayAsClient(rec, { url: `${srv.url}dm`, timeoutMs: 10_000, credentials: creds });
    expect(res.outcome).toBe('failed');
    expect(res.failure).toMatch(
      /^the server did not answer Package 1 \(client msg 1\) at https:\/\/127\.0\.0\.1:\d+\/dm: .*(self-signed|self signed)/,
    );
  });

  test('--insecure accepts the certificate', async () => {
    const res = await replayAsClient(rec, {
      url: `${srv.url}dm`,
      timeoutMs: 10_000,
      credentials: creds,
      tls: { insecure: true },
    });
    expect(res.outcome).toBe('completed');
  });
});
