import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpus, fixtures, runCli } from '../helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dmtrace-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** sessions JSON without origins and times. */
function stripped(doc: { sessions: Array<Record<string, any>> }): Array<Record<string, any>> {
  return doc.sessions.map((s) => {
    const rest: Record<string, any> = { ...s };
    for (const k of ['start', 'end', 'durationMs']) delete rest[k];
    rest.messages = rest.messages.map((m: Record<string, unknown>) => {
      const copy = { ...m };
      delete copy.origin;
      delete copy.time;
      return copy;
    });
    return rest;
  });
}

describe('dmtrace export', () => {
  it('writes one session as HAR that `dmtrace sessions` reads back identically (modulo origin)', async () => {
    const input = path.join(fixtures, 'sessions', 'pkg0.pcapng');
    const out = path.join(tmp, 'pkg0.har');
    const r = await runCli(['export', input, '--session', 'IMEI:352099001761481/2A3F', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/session IMEI:352099001761481\/2A3F: 4 messages written to /);
    const har = JSON.parse(readFileSync(out, 'utf8'));
    expect(har.log.version).toBe('1.2');
    // Package 0 first (the trigger POST), then the session's two exchanges.
    expect(har.log.entries).toHaveLength(3);
    expect(har.log.entries[0].request.postData).toMatchObject({
      mimeType: 'application/vnd.syncml.notification',
      _encoding: 'base64',
      _dmtrace: { package: 0 },
    });
    // The trigger's bytes as the capture carried them (fixtures/sessions/pkg0/trigger.bin).
    expect(
      Buffer.from(har.log.entries[0].request.postData.text, 'base64').equals(
        readFileSync(path.join(fixtures, 'sessions', 'pkg0', 'trigger.bin')),
      ),
    ).toBe(true);
    const a = JSON.parse((await runCli(['sessions', input, '--format', 'json'])).stdout);
    const b = JSON.parse((await runCli(['sessions', out, '--format', 'json'])).stdout);
    const [sa] = stripped(a);
    const [sb] = stripped(b);
    expect(sb!.packages).toEqual([0, 1, 2, 3, 4]);
    const { origin: oa, ...na } = sa!.notification;
    const { origin: ob, ...nb } = sb!.notification;
    expect(ob.entry).toBe(0);
    expect(oa.frame).toBe(4);
    expect({ ...sb, notification: nb }).toEqual({ ...sa, notification: na });
  });

  it('-o - writes to stdout', async () => {
    const r = await runCli([
      'export',
      path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng'),
      '--session',
      'DMCtest/1',
      '-o',
      '-',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).log.entries).toHaveLength(2);
  });

  it('an unknown session is exit 2 with the ids found, and no file', async () => {
    const out = path.join(tmp, 'none.har');
    const r = await runCli([
      'export',
      path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng'),
      '--session',
      'x/1',
      '-o',
      out,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dmtrace: no session "x\/1" in the input; sessions found: DMCtest\/1$/m);
    expect(existsSync(out)).toBe(false);
  });

  it('--session and -o are required', async () => {
    const r = await runCli(['export', path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--session/);
  });
});
