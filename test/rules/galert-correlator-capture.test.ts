/**
 * galert-correlator on real bytes: three consecutive sessions of one device captured on loopback
 * (fixtures/sessions/galert-correlator.pcapng, made by fixtures/sessions/galert-correlator/make.mjs
 * and fixtures/tools/capture-session.mjs): an Exec with Correlator `fumo-7f3a` in the first, a
 * Generic Alert echoing it in the second, one with `fumo-0000` in the third. The whole `dmtrace
 * lint` pipeline runs, so the engine's cross-session memory carries the Exec's Correlator.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fixtures, runCli } from '../helpers.js';

describe('galert-correlator on three captured sessions of one device', () => {
  it('accepts the Generic Alert that echoes the earlier Exec and reports the one that echoes none', async () => {
    const r = await runCli(['lint', path.join(fixtures, 'sessions', 'galert-correlator.pcapng'), '--format', 'json']);
    const out = JSON.parse(r.stdout) as {
      findings: Array<{
        rule: string;
        severity: string;
        message: string;
        session: string;
        location: { frame?: number; path?: string };
      }>;
      sessions: Array<{ id: string; packages: number[] }>;
    };
    expect(out.sessions.map((s) => [s.id, s.packages])).toEqual([
      ['IMEI:356938035643837/41', [1, 2, 3, 4]],
      ['IMEI:356938035643837/42', [1, 2]],
      ['IMEI:356938035643837/43', [1, 2]],
    ]);
    const mine = out.findings.filter((f) => f.rule === 'galert-correlator');
    expect(mine.map((f) => [f.session, f.severity, f.location.frame, f.location.path, f.message])).toEqual([
      [
        'IMEI:356938035643837/43',
        'error',
        12, // the fourth POST in `tshark -r galert-correlator.pcapng -Y http.request`
        'SyncBody/Alert[CmdID=2]/Correlator',
        'the Generic Alert (CmdID 2) in Package 1 (MsgID 1) carries Correlator "fumo-0000", which matches no ' +
          'Exec\'s Correlator in the trace; the Execs sent "fumo-7f3a" (Exec CmdID 4 in Package 2 (MsgID 1) of ' +
          'session IMEI:356938035643837/41)',
      ],
    ]);
  });

  it('dmtrace scr fails DM-PRO-GAlert-C-004 with the third session as evidence (the memory works there too)', async () => {
    const r = await runCli([
      'scr',
      path.join(fixtures, 'sessions', 'galert-correlator.pcapng'),
      '--side',
      'client',
      '--format',
      'json',
    ]);
    const out = JSON.parse(r.stdout) as {
      items: Array<{ id: string; verdict: string; failures: Array<{ session: string; frame?: number }> }>;
    };
    const item = out.items.find((i) => i.id === 'DM-PRO-GAlert-C-004')!;
    expect([item.verdict, item.failures.map((f) => [f.session, f.frame])]).toEqual([
      'failed',
      [['IMEI:356938035643837/43', 12]],
    ]);
  });
});
