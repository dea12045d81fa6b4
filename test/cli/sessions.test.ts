import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { corpus, fixtures, runCli } from '../helpers.js';

const libdmclient = path.join(corpus, 'captures', 'libdmclient-xml-auth.pcapng');
const sessionsDir = path.join(fixtures, 'sessions');

describe('dmtrace sessions', () => {
  it('prints the table by default, the summary on stderr, exit 0', async () => {
    const r = await runCli(['sessions', libdmclient]);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('│ DMCtest '));
    expect(row).toBeDefined();
    expect(row).toMatch(/│ 1 2 3 4 +│ client basic accepted \(212\) +│ completed +│/);
    expect(r.stderr).toMatch(/^Read 1 input/m);
    expect(r.stderr).toMatch(/^ {2}DM messages +4$/m);
    expect(r.stderr).toMatch(/^ {2}sessions 1 \(1 completed\)$/m);
  });

  it('--format json follows the docs/architecture.md "JSON contracts" contract, with the summary', async () => {
    const r = await runCli(['sessions', libdmclient, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sessions).toHaveLength(1);
    expect(doc.sessions[0]).toMatchObject({
      id: 'DMCtest/1',
      sessionId: '1',
      device: 'DMCtest',
      server: '127.0.0.1:8080/funambol/dm',
      packages: [1, 2, 3, 4],
      outcome: 'completed',
    });
    expect(doc.sessions[0].messages[0]).toMatchObject({
      direction: 'client',
      package: 1,
      msgId: '1',
      encoding: 'xml',
      origin: { input: libdmclient, frame: 4 },
    });
    expect(doc.summary).toMatchObject({ inputs: 1, dmMessages: 4, sessions: 1 });
  });

  it('--format ladder --session ID draws that session only', async () => {
    const r = await runCli(['sessions', sessionsDir, '--format', 'ladder', '--session', 'IMEI:356938035643809/4#2']);
    expect(r.code).toBe(0);
    const heads = r.stdout.split('\n').filter((l) => l.startsWith('Session '));
    expect(heads).toHaveLength(1);
    expect(heads[0]).toMatch(/^Session IMEI:356938035643809\/4#2 {2}packages 1 2 1 2 3 4/);
    expect(r.stdout).toMatch(/│ Pkg1 #2 {2}↻auth-retry Cred\(md5\)/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('--format ladder without --session draws every session, sorted sessions in JSON by start', async () => {
    const r = await runCli(['sessions', path.join(sessionsDir, 'three-devices.pcapng'), '--format', 'ladder']);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Session '))).toHaveLength(3);
    const j = JSON.parse(
      (await runCli(['sessions', path.join(sessionsDir, 'three-devices.pcapng'), '--format', 'json'])).stdout,
    );
    const starts = j.sessions.map((s: { start: string }) => Date.parse(s.start));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('an unknown --session is exit 2 with the ids found', async () => {
    const r = await runCli(['sessions', libdmclient, '--session', 'nope/1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^dmtrace: no session "nope\/1" in the input; sessions found: DMCtest\/1$/m);
  });

  it('an unreadable input is one line on stderr and exit 2, never a stack trace', async () => {
    const missing = path.join(fixtures, 'sessions', 'no-such-file.pcapng');
    const r = await runCli(['sessions', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--idle closes a session after that much capture time without a message', async () => {
    const r = await runCli([
      'sessions',
      path.join(sessionsDir, 'three-devices.pcapng'),
      '--format',
      'json',
      '--idle',
      '0.001',
    ]);
    expect(r.code).toBe(0);
    // 1 ms without a message closes each session after its first exchange; the rest goes on as #2.
    const got = JSON.parse(r.stdout).sessions.map(
      (s: { id: string; packages: number[]; outcome: string; outcomeReason: string }) => [
        s.id.includes('#2'),
        s.packages,
        s.outcome,
      ],
    );
    expect(got.filter((x: unknown[]) => x[0] === false)).toEqual(Array(3).fill([false, [1, 2], 'incomplete']));
    expect(got.filter((x: unknown[]) => x[0] === true)).toEqual(Array(3).fill([true, [3, 4], 'completed']));
    expect(r.stdout).toMatch(/no message for 1 ms of capture time/);
    expect((await runCli(['sessions', libdmclient, '--idle', 'soon'])).code).toBe(2);
  });

  it('rejects an unknown --format with exit 2', async () => {
    const r = await runCli(['sessions', libdmclient, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format/);
  });
});
