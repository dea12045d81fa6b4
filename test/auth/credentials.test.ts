import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deviceCredential,
  loadCredentials,
  parseCredentials,
  redact,
  serverCredential,
} from '../../src/auth/credentials.js';

const SECRET = 'Sup3r-S3cret!';

describe('credentials file', () => {
  it('loads devices and servers with * fallback', () => {
    const { credentials, problems } = parseCredentials(
      JSON.stringify({
        devices: { 'IMEI:1': { user: 'dev1', password: SECRET, nonce: 'AAAAAA==' }, '*': { password: 'any' } },
        servers: { 'com.mgmtsrv.manage': { password: 'srv' } },
      }),
      'creds.json',
    );
    expect(problems).toEqual([]);
    expect(deviceCredential(credentials, 'IMEI:1')).toMatchObject({
      id: 'IMEI:1',
      user: 'dev1',
      credential: { password: SECRET, nonce: 'AAAAAA==' },
    });
    expect(deviceCredential(credentials, 'IMEI:2')).toMatchObject({
      id: '*',
      user: 'IMEI:2',
      credential: { password: 'any' },
    });
    expect(serverCredential(credentials, 'com.mgmtsrv.manage')).toMatchObject({ user: 'com.mgmtsrv.manage' });
    expect(serverCredential(credentials, 'other')).toBeUndefined();
  });
  it('says which key is wrong and never echoes a secret', () => {
    const { problems } = parseCredentials(
      JSON.stringify({
        devices: { 'IMEI:1': { user: 'u', password: 42, nonce: SECRET }, 'IMEI:2': { user: 'u', pasword: SECRET } },
        server: {},
      }),
      'creds.json',
    );
    const text = problems.map((p) => `${p.path} ${p.message}`).join('\n');
    expect(problems.map((p) => p.path)).toEqual([
      'devices["IMEI:1"].password',
      'devices["IMEI:1"].nonce',
      'devices["IMEI:2"].pasword',
      'devices["IMEI:2"].password',
      'server',
    ]);
    expect(text).not.toContain(SECRET);
    expect(text).toMatch(/creds\.json: devices\["IMEI:2"\]: unknown key "pasword"/);
  });
  it('reports broken JSON by line and column without quoting it', () => {
    const { problems } = parseCredentials(`{\n  "devices": { "*": { "password": "${SECRET}" oops } }\n}`, 'c.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'credentials-not-json', line: 2 });
    expect(JSON.stringify(problems)).not.toContain(SECRET);
  });
  it('reports an unreadable file by its errno, and reads DMTRACE_CREDENTIALS', async () => {
    const missing = await loadCredentials({ file: '/nonexistent/creds.json' });
    expect(missing.problems[0]!.message).toMatch(/cannot read credentials file \(ENOENT\)/);
    const dir = mkdtempSync(path.join(tmpdir(), 'dmtrace-creds-'));
    const file = path.join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ servers: { '*': { password: SECRET } } }));
    const ok = await loadCredentials({ env: { DMTRACE_CREDENTIALS: file } });
    expect(ok.problems).toEqual([]);
    expect(serverCredential(ok.credentials, 'x')?.credential.password).toBe(SECRET);
  });
});

describe('credentials from the environment', () => {
  it('fills the * entries, overriding the file', async () => {
    const r = await loadCredentials({
      env: {
        DMTRACE_CLIENT_USER: 'dev',
        DMTRACE_CLIENT_PASSWORD: SECRET,
        DMTRACE_SERVER_PASSWORD: 'srv',
        DMTRACE_SERVER_NONCE: 'AAAAAA==',
      },
    });
    expect(r.problems).toEqual([]);
    expect(deviceCredential(r.credentials, 'IMEI:9')).toMatchObject({ user: 'dev', credential: { password: SECRET } });
    expect(serverCredential(r.credentials, 'srv.example')).toMatchObject({
      user: 'srv.example',
      credential: { nonce: 'AAAAAA==' },
    });
  });
  it('reports a user without password and a bad nonce, naming the variable only', async () => {
    const r = await loadCredentials({
      env: { DMTRACE_CLIENT_USER: 'dev', DMTRACE_SERVER_PASSWORD: 'p', DMTRACE_SERVER_NONCE: `${SECRET}!` },
    });
    expect(r.problems.map((p) => p.message)).toEqual([
      'DMTRACE_CLIENT_PASSWORD is not set (DMTRACE_CLIENT_USER or _NONCE is)',
      'DMTRACE_SERVER_NONCE must be base64',
    ]);
  });
});

describe('redact', () => {
  it('hides passwords, their basic form and nonces', () => {
    const { credentials } = parseCredentials(
      JSON.stringify({ devices: { '*': { user: 'dev', password: SECRET, nonce: 'bm9uY2U=' } } }),
      'c',
    );
    const basic = Buffer.from(`dev:${SECRET}`).toString('base64');
    const out = redact(`pw=${SECRET} cred=${basic} nonce=bm9uY2U= user=dev`, credentials);
    expect(out).toBe('pw=*** cred=*** nonce=*** user=dev');
  });
  it('takes a plain list too', () => {
    expect(redact('a secret b secret', ['secret'])).toBe('a *** b ***');
  });
});
