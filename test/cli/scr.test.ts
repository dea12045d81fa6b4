import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { scrClientItems, scrServerItems } from '../../src/rules/scr-data.js';
import type { ScrReport } from '../../src/rules/scr.js';
import { fixtures, runCli } from '../helpers.js';

const sample = 'fixtures/sample/session.pcapng';

/** A config with every rule but syncml-decode off, and one with it raised to error. */
function configs(): { only: string; strict: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dmtrace-scr-cli-'));
  const off = Object.fromEntries(rules.filter((r) => r.id !== 'syncml-decode').map((r) => [r.id, 'off']));
  const only = path.join(dir, 'only.json');
  const strict = path.join(dir, 'strict.json');
  writeFileSync(only, JSON.stringify({ rules: off }));
  writeFileSync(strict, JSON.stringify({ rules: { ...off, 'syncml-decode': 'error' } }));
  return { only, strict };
}
const { only, strict } = configs();

describe('dmtrace scr', () => {
  it('json: every item of both tables with a verdict; the real session passes what it exercised', async () => {
    const r = await runCli(['scr', sample, '--format', 'json', '--config', only]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScrReport;
    expect(report.items.map((i) => i.id)).toEqual([...scrClientItems, ...scrServerItems].map((i) => i.id));
    expect(report.sessions).toBe(1);
    const byId = new Map(report.items.map((i) => [i.id, i]));
    // Alert 1201 in Package 1 (frame 4): client-initiated session.
    expect(byId.get('DM-PRO-Session-C-004')).toMatchObject({
      verdict: 'passed',
      evidence: [{ session: 'DMCtest/1', messageIndex: 0, frame: 4 }],
    });
    expect(byId.get('DM-PRO-Session-C-003')!.verdict).toBe('not-exercised');
    // The codec's recovered warning names DM-PRO-C-009 but is not an error: still passed.
    expect(byId.get('DM-PRO-C-009')).toMatchObject({ verdict: 'passed', failures: [] });
    expect(byId.get('DM-PRO-C-009')!.evidence.some((e) => e.rule === 'syncml-decode' && e.severity === 'warning')).toBe(
      true,
    );
    // Basic client credentials and MD5 server credentials: application-layer authentication.
    expect(byId.get('DM-PRO-S-010')!.verdict).toBe('passed');
    expect(report.summary.client!.mandatoryFailed + report.summary.server!.mandatoryFailed).toBe(0);
  });

  it('a mandatory item that failed makes the exit code 1 (the decode warning raised to an error fails DM-PRO-C-009)', async () => {
    const r = await runCli(['scr', sample, '--format', 'json', '--side', 'client', '--config', strict]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ScrReport;
    expect(report.summary.server).toBeUndefined();
    const c009 = report.items.find((i) => i.id === 'DM-PRO-C-009')!;
    expect(c009).toMatchObject({
      status: 'M',
      verdict: 'failed',
      failures: [{ rule: 'syncml-decode', session: 'DMCtest/1', messageIndex: 2, frame: 8 }],
    });
    expect(report.summary.client!.mandatoryFailed).toBe(1);
  });

  it('with every rule: the DS media type on the client requests fails DM-PRO-C-009 (mandatory), exit 1', async () => {
    const r = await runCli(['scr', sample, '--format', 'json']);
    expect(r.code).toBe(1);
    const c009 = (JSON.parse(r.stdout) as ScrReport).items.find((i) => i.id === 'DM-PRO-C-009')!;
    expect(c009.verdict).toBe('failed');
    expect(c009.failures.map((f) => [f.rule, f.frame])).toEqual([
      ['dm-content-type', 4],
      ['dm-content-type', 8],
    ]);
  });

  it('table: one table per side with verdicts and evidence', async () => {
    const r = await runCli([
      'scr',
      sample,
      path.join(fixtures, 'sessions', 'aborted-server.pcapng'),
      '--side',
      'server',
      '--config',
      only,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^DM server \(SCR table B\.2\): \d+ passed, 0 failed, \d+ not exercised, over 2 sessions$/m,
    );
    expect(r.stdout).not.toContain('DM client');
    expect(r.stdout).toMatch(/DM-PRO-Abort-S-001 +│ O +│ passed +│ .*server sent Alert 1223/);
    expect(r.stdout).toMatch(/DM-PRO-UI-S-001 +│ O +│ not exercised/);
  });

  it('what the session fixtures exercise (real captures made on loopback, fixtures/sessions)', async () => {
    const passed = async (name: string) => {
      const r = await runCli([
        'scr',
        path.join(fixtures, 'sessions', `${name}.pcapng`),
        '--format',
        'json',
        '--config',
        only,
      ]);
      const report = JSON.parse(r.stdout) as ScrReport;
      return new Map(report.items.filter((i) => i.verdict === 'passed').map((i) => [i.id, i.evidence[0]!]));
    };
    // A large object in three chunks from the server, the client answering each.
    const lo = await passed('large-object');
    for (const id of ['DM-PRO-LO-S-003', 'DM-PRO-LO-S-008', 'DM-PRO-LO-C-001', 'DM-PRO-LO-C-010', 'DM-PRO-S-004'])
      expect(lo.has(id), id).toBe(true);
    expect(lo.has('DM-PRO-LO-C-003')).toBe(false); // the client sent no chunks
    // The client aborts: Alert 1223 from the client, with Status, answered by the server.
    const abort = await passed('aborted-client');
    for (const id of [
      'DM-PRO-Abort-C-001',
      'DM-PRO-Abort-C-003',
      'DM-PRO-Abort-C-004',
      'DM-PRO-Abort-C-005',
      'DM-PRO-Abort-S-002',
    ])
      expect(abort.has(id), id).toBe(true);
    expect(abort.has('DM-PRO-Abort-S-001')).toBe(false);
    // A Package 0 trigger answered by Alert 1200: the whole session is the evidence.
    const pkg0 = await passed('pkg0');
    expect(pkg0.get('DM-PRO-Session-C-001')).toMatchObject({ note: 'a Package 0 notification started the session' });
    expect(pkg0.get('DM-PRO-Session-C-001')!.messageIndex).toBeUndefined();
    expect(pkg0.has('DM-PRO-Session-C-003')).toBe(true);
    expect(pkg0.has('DM-PRO-Session-C-004')).toBe(false);
  });

  it('usage errors exit 2', async () => {
    const side = await runCli(['scr', sample, '--side', 'both']);
    expect(side.code).toBe(2);
    const missing = await runCli(['scr', 'no/such/file.pcapng']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('dmtrace: no/such/file.pcapng: could not be read');
    const creds = await runCli(['scr', sample, '--credentials', 'no/such/credentials.json']);
    expect(creds.code).toBe(2);
    expect(creds.stderr).toContain('credentials could not be loaded');
  });
});
