/**
 * Rules that apply to every package cite the section and SCR item of the package a finding is in
 * (issue 10 items 1 and 5), on real loopback captures with one planted defect each
 * (fixtures/sessions/package-sections/, made by its make.mjs and fixtures/tools/capture-session.mjs;
 * the WBXML copy encoded by libwbxml's xml2wbxml). The whole `dmtrace lint` pipeline runs.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageScr, packageSection, ruleSection } from '../../src/rules/package-sections.js';
import { fixtures, runCli } from '../helpers.js';

const capture = (name: string) => path.join(fixtures, 'sessions', 'package-sections', `${name}.pcapng`);

interface Out {
  sessions: Array<{ id: string; packages: number[] }>;
  findings: Array<{
    rule: string;
    messageId: string;
    severity: string;
    section: string;
    scr: string[];
    side: string;
    location: { frame?: number; messageIndex?: number };
  }>;
}

async function lint(name: string): Promise<Out> {
  const r = await runCli(['lint', capture(name), '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Out;
}

const cite = (o: Out) =>
  o.findings
    .filter((f) => f.severity === 'error')
    .map((f) => [f.rule, f.messageId, f.section, f.scr, f.side, f.location.messageIndex]);

describe('per-package sections on captured sessions', () => {
  it('Package 3 with VerDTD 1.1 is reported at §8.5 with the client item of Package 3', async () => {
    const o = await lint('pkg3-verdtd');
    expect(o.sessions.map((s) => s.packages)).toEqual([[1, 2, 3, 4]]);
    expect(cite(o)).toEqual([
      ['hdr-verdtd', 'wrongValue', '8.5', ['DM-PRO-C-008', 'DM-PRO-C-009'], 'client', 2],
      ['verdtd-verproto-constant', 'versionChanged', '8.5', ['DM-PRO-C-008', 'DM-PRO-C-009'], 'client', 2],
    ]);
  });

  it.each(['pkg4-no-hdr-status', 'pkg4-no-hdr-status-wbxml'])(
    '%s: Package 4 without a Status for the SyncHdr is reported at §8.6, DM-PRO-S-008',
    async (name) => {
      const o = await lint(name);
      expect(o.sessions.map((s) => s.packages)).toEqual([[1, 2, 3, 4]]);
      expect(cite(o)).toEqual([
        ['server-status-for-synchdr', 'missingHdrStatus', '8.6', ['DM-PRO-S-008'], 'server', 3],
      ]);
    },
  );

  it('a second Package 3 that reuses MsgID 2 is reported at §8.5', async () => {
    const o = await lint('msgid-reuse');
    expect(o.sessions.map((s) => s.packages)).toEqual([[1, 2, 3, 4, 3, 4]]);
    expect(cite(o)).toEqual([['hdr-msgid', 'msgIdTwice', '8.5', ['DM-PRO-C-008', 'DM-PRO-C-009'], 'client', 4]]);
  });

  it('SARIF and JUnit carry the package section of the result', async () => {
    const sarif = JSON.parse((await runCli(['lint', capture('pkg4-no-hdr-status'), '--format', 'sarif'])).stdout) as {
      runs: Array<{
        results: Array<{ ruleId: string; properties: { section: string; scr: string[] } }>;
        tool: { driver: { rules: Array<{ id: string; properties: { section: string; perPackage: boolean } }> } };
      }>;
    };
    const run = sarif.runs[0]!;
    const res = run.results.find((r) => r.ruleId === 'server-status-for-synchdr')!;
    expect(res.properties.section).toBe('8.6');
    expect(res.properties.scr).toEqual(['DM-PRO-S-008']);
    const desc = run.tool.driver.rules.find((r) => r.id === 'server-status-for-synchdr')!;
    expect(desc.properties).toMatchObject({ section: '8.4, 8.6', perPackage: true });
    const junit = (await runCli(['lint', capture('pkg4-no-hdr-status'), '--format', 'junit'])).stdout;
    expect(junit).toContain('[server-status-for-synchdr, §8.6, DM-PRO-S-008]');
  });
});

describe('the package table (src/rules/package-sections.ts)', () => {
  it('numbers Packages 1-4 to §8.3-8.6 and nothing else', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => packageSection(n)?.section)).toEqual([
      undefined,
      '8.3',
      '8.4',
      '8.5',
      '8.6',
      undefined,
    ]);
  });

  it("puts the package's item first for the side that sends it and drops items naming another package", () => {
    const p2 = packageSection(2)!;
    const p4 = packageSection(4)!;
    expect(packageScr(p2, 'server', ['DM-PRO-S-001'])).toEqual(['DM-PRO-Session-S-002', 'DM-PRO-S-001']);
    expect(packageScr(p4, 'server', ['DM-PRO-Session-S-002', 'DM-PRO-S-008'])).toEqual(['DM-PRO-S-008']);
    // a client finding in a server package gets no server item
    expect(packageScr(p2, 'client', ['DM-PRO-C-009'])).toEqual(['DM-PRO-C-009']);
  });

  it('shows the sections a per-package rule can cite by its side', () => {
    expect(ruleSection({ section: '8.3', side: 'both', perPackage: true })).toBe('8.3–8.6');
    expect(ruleSection({ section: '8.4', side: 'server', perPackage: true })).toBe('8.4, 8.6');
    expect(ruleSection({ section: '8.5', side: 'client', perPackage: true })).toBe('8.3, 8.5');
    expect(ruleSection({ section: '7', side: 'both' })).toBe('7');
  });
});
