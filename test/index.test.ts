/**
 * The library API (src/index.ts, docs/api.md) on real inputs: decoding a message, reading inputs
 * into sessions, linting with a config (object, file, invalid), the formatters, SCR conformance,
 * and a replay of a real recording against itself over loopback, through the library only.
 * test/package.test.ts runs the same entry point from the packed and installed package.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import {
  ConfigError,
  RecordingError,
  assembleSessions,
  decodeMessage,
  evaluateConformance,
  formatLint,
  lint,
  lintExitCode,
  loadRecording,
  parseCredentials,
  readExchanges,
  readSessions,
  replayAsClient,
  reportReplay,
  renderReport,
  scrExitCode,
  startReplayServer,
  type InputProblem,
  type ReplayReport,
  type Session,
} from '../src/index.js';
import { fixtures } from './helpers.js';
import { readDoc } from './docs/markdown.js';

const SAMPLE = path.join(fixtures, 'sample/session.pcapng');
const THREE = path.join(fixtures, 'sessions/three-devices.pcapng');
const CUT = path.join(fixtures, 'captures/cut.pcapng');
const tmp = mkdtempSync(path.join(tmpdir(), 'dmtrace-api-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('decodeMessage', () => {
  it('decodes a WBXML message file into tree and typed view, values as sent', () => {
    const file = path.join(fixtures, 'messages/msg2.wbxml');
    const m = decodeMessage(readFileSync(file), { origin: { input: file } });
    expect(m.encoding).toBe('wbxml');
    expect(m.syncml?.hdr).toMatchObject({ verDTD: '1.2', verProto: 'DM/1.2', sessionID: '22100', msgID: '1' });
    expect(m.direction).toBe('server');
    expect(m.tree?.name).toBe('SyncML');
    expect(m.origin.input).toBe(file);
  });

  it('takes no options at all, and reports what it cannot read instead of throwing', () => {
    const m = decodeMessage(Buffer.from('<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr>'));
    expect(m.origin).toEqual({ input: '' });
    expect(m.problems.some((p) => p.severity === 'error')).toBe(true);
    expect(decodeMessage(new Uint8Array()).problems.map((p) => p.code)).toContain('syncml-unknown-encoding');
  });
});

describe('readSessions', () => {
  it('streams the sessions of a capture with the read summary', async () => {
    const read = readSessions(SAMPLE);
    const sessions: Session[] = [];
    for await (const s of read.sessions) sessions.push(s);
    expect(sessions.map((s) => [s.id, s.packages, s.outcome])).toEqual([['DMCtest/1', [1, 2, 3, 4], 'completed']]);
    expect(read.summary).toMatchObject({ inputs: 1, dmMessages: 4, httpExchanges: 2, problems: 0 });
    expect(read.problems).toEqual([]);
  });

  it('hands each input problem to onProblem as well as keeping it', async () => {
    const seen: InputProblem[] = [];
    const read = readSessions([CUT], { onProblem: (p) => seen.push(p) });
    for await (const _ of read.sessions);
    expect(seen.length).toBeGreaterThan(0);
    expect(read.problems).toEqual(seen);
    expect(seen[0]?.input).toBe(CUT);
  });
});

describe('readExchanges and assembleSessions', () => {
  it('stream the DM exchanges of a capture, and the sessions they make', async () => {
    const read = readExchanges([SAMPLE]);
    const exchanges = [];
    for await (const x of read.exchanges) exchanges.push(x);
    expect(exchanges.map((x) => x.messages.map((m) => [m.direction, m.syncml?.hdr.msgID]))).toEqual([
      [
        ['client', '1'],
        ['server', '1'],
      ],
      [
        ['client', '2'],
        ['server', '2'],
      ],
    ]);
    expect(read.summary).toMatchObject({ dmMessages: 4, httpExchanges: 2 });
    const sessions: Session[] = [];
    for await (const s of assembleSessions(exchanges)) sessions.push(s);
    expect(sessions.map((s) => [s.id, s.messages.length])).toEqual([['DMCtest/1', 4]]);
  });

  it('apply the limits given, over the defaults', async () => {
    const read = readExchanges([SAMPLE], { limits: { maxBodySize: 64 } });
    for await (const _ of read.exchanges);
    expect(read.problems.length).toBeGreaterThan(0);
    expect(read.summary.dmMessages).toBeLessThan(4);
  });

  it('hand what the assembler cannot place to onProblem', async () => {
    const bare = decodeMessage(Buffer.from('<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Final/></SyncBody></SyncML>'));
    const seen: InputProblem[] = [];
    for await (const _ of assembleSessions([bare], { onProblem: (p) => seen.push(p) }));
    expect(seen.length).toBe(1);
  });
});

describe('lint', () => {
  it('lints inputs with every rule by default, as dmtrace lint does', async () => {
    const result = await lint([SAMPLE]);
    expect(result.findings.map((f) => f.rule)).toEqual(['dm-content-type', 'syncml-decode', 'dm-content-type']);
    expect(result.summary).toMatchObject({ sessions: 1, messages: 4, errors: 2, warnings: 1, dmMessages: 4 });
    expect(lintExitCode(result)).toBe(1);
  });

  it('applies a config object and a config file, validated', async () => {
    const quiet = await lint(SAMPLE, { config: { rules: { 'syncml-decode': 'off', 'dm-content-type': 'warn' } } });
    expect(quiet.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['dm-content-type', 'warning'],
      ['dm-content-type', 'warning'],
    ]);
    expect(lintExitCode(quiet)).toBe(0);
    const file = path.join(tmp, 'dmtracerc.json');
    writeFileSync(file, JSON.stringify({ rules: { 'dm-content-type': 'off' } }));
    const filed = await lint(SAMPLE, { configFile: file });
    expect(filed.findings.map((f) => f.rule)).toEqual(['syncml-decode']);
    const both = await lint(SAMPLE, { configFile: file, config: { rules: { 'syncml-decode': 'off' } } });
    expect(both.findings).toEqual([]);
    await expect(lint(SAMPLE, { config: { rules: { 'no-such-rule': 'off' } } })).rejects.toThrow(ConfigError);
    await expect(lint(SAMPLE, { config: { rules: { 'dm-content-type': 'loud' as 'off' } } })).rejects.toThrow(
      /bad value "loud"/,
    );
  });

  it('lints sessions already assembled from messages', async () => {
    // libdmclient's real Package 1, with its Replace given the Alert's CmdID.
    const xml = readFileSync(path.join(fixtures, 'lint/libdmclient-msg0-pkg1.xml'), 'utf8');
    const bad = xml.replace('<CmdID>2</CmdID>', '<CmdID>1</CmdID>');
    expect(bad).not.toBe(xml);
    const sessions: Session[] = [];
    for (const body of [xml, bad]) {
      const m = decodeMessage(Buffer.from(body), { origin: { input: 'pkg1.xml' }, direction: 'client' });
      for await (const s of assembleSessions([m])) sessions.push(s);
    }
    const result = await lint(sessions);
    expect(result.sessions).toHaveLength(2);
    expect(result.inputs).toEqual([]);
    expect(result.findings.map((f) => [f.rule, f.session])).toEqual([['cmdid-unique', sessions[1]!.id]]);
  });

  it('runs a rule of its user beside the built-in ones, configurable like them', async () => {
    const longId = api.defineRule({
      id: 'local-session-id-length',
      section: '8',
      scr: [],
      side: 'client',
      severity: 'warning',
      description: 'SessionID is at most 0 characters',
      explanation: 'A test rule that fires on every session.',
      messages: { long: 'SessionID {{id}}' },
      check(ctx) {
        if (ctx.session.sessionId.length > 0)
          ctx.report({ messageId: 'long', data: { id: ctx.session.sessionId }, messageIndex: 0 });
      },
    });
    const result = await lint(SAMPLE, { rules: [...api.rules, longId] });
    expect(
      result.findings
        .filter((f) => f.rule === longId.id)
        .map((f) => [f.message, f.messageId, f.data, f.location.frame]),
    ).toEqual([['SessionID 1', 'long', { id: '1' }, 4]]);
    const off = await lint(SAMPLE, { rules: [...api.rules, longId], config: { rules: { [longId.id]: 'off' } } });
    expect(off.findings.filter((f) => f.rule === longId.id)).toEqual([]);
  });

  it('formats a result in every dmtrace lint format', async () => {
    const result = await lint([SAMPLE]);
    const json = JSON.parse(formatLint(result, 'json', { cwd: fixtures }));
    expect(json.findings[0]).toMatchObject({ rule: 'dm-content-type', location: { input: SAMPLE, frame: 4 } });
    expect(Object.keys(json)).toEqual(['findings', 'summary', 'sessions', 'problems', 'crashes']);
    expect(formatLint(result)).toContain('✖ 3 problems (2 errors, 1 warning)');
    const sarif = JSON.parse(formatLint(result, 'sarif', { cwd: fixtures }));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.version).toBe(
      (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
    );
    expect(formatLint(result, 'junit')).toMatch(/^<\?xml/);
    expect(formatLint(result, 'github')).toMatch(/^::error /m);
  });
});

describe('evaluateConformance', () => {
  it('gives SCR verdicts per item, for one side or both', async () => {
    const both = await evaluateConformance([SAMPLE]);
    expect(both.sessions).toBe(1);
    expect(both.items.find((i) => i.id === 'DM-PRO-C-001')?.verdict).toBe('passed');
    expect(both.summary.client?.items).toBeGreaterThan(0);
    expect(both.summary.server?.items).toBeGreaterThan(0);
    const client = await evaluateConformance(SAMPLE, { side: 'client' });
    expect(client.summary.server).toBeUndefined();
    expect(client.items.every((i) => i.side === 'client')).toBe(true);
    // DM-PRO-C-009 (standard SyncML format from a client) fails on the DS Content-Type.
    expect(client.items.find((i) => i.id === 'DM-PRO-C-009')?.verdict).toBe('failed');
    expect(scrExitCode(client)).toBe(1);
  });
});

describe('replay through the library', () => {
  it('loadRecording names the sessions when there is no single one', async () => {
    await expect(loadRecording([THREE])).rejects.toThrow(RecordingError);
    await expect(loadRecording([THREE])).rejects.toThrow(/3 sessions; pick one with --session ID/);
    await expect(loadRecording([THREE], { session: 'nope' })).rejects.toThrow(/no session "nope"/);
    const rec = await loadRecording([THREE], { session: 'IMEI:012345678901237/21' });
    expect(rec.messages).toHaveLength(4);
  });

  it('plays a real recording as the server and as the device against it, with no divergence', async () => {
    const rec = await loadRecording(SAMPLE);
    const credentials = parseCredentials(
      readFileSync(path.join(fixtures, 'replay/libdmclient-credentials.json'), 'utf8'),
      'creds',
    ).credentials;
    const ended: ReplayReport[] = [];
    const server = await startReplayServer(rec, {
      credentials,
      onSessionEnd: (r) => ended.push(reportReplay(rec, r, { input: 'server', server: 'local' })),
    });
    try {
      const result = await replayAsClient(rec, { url: `${server.url}dm`, timeoutMs: 10_000, credentials });
      const report = reportReplay(rec, result, { input: 'client', server: 'local' });
      expect(result.outcome, renderReport(report)).toBe('completed');
      expect(report.comparison.divergent, renderReport(report)).toBe(false);
      expect(report.session?.packages).toEqual([1, 2, 3, 4]);
      expect(ended).toHaveLength(1);
      expect(ended[0]!.comparison.divergent).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('the exports docs/api.md lists', () => {
  const doc = readDoc('api.md');
  const listed = [...doc.matchAll(/^\| `(\w+)` \| (function|class|value|type) \|/gm)].map((m): [string, string] => [
    m[1]!,
    m[2]!,
  ]);

  it('are many, and each value is exported with its kind', () => {
    expect(listed.length).toBeGreaterThan(30);
    const exported = api as Record<string, unknown>;
    for (const [name, kind] of listed) {
      if (kind === 'type') continue; // types are checked by the packed package's TypeScript user (test/package.test.ts)
      expect(exported[name], name).toBeDefined();
      if (kind === 'function') expect(typeof exported[name], name).toBe('function');
      if (kind === 'class') expect(String(exported[name]), name).toMatch(/^class /);
    }
  });

  it('and every runtime export is documented', () => {
    const names = new Set(listed.map(([n]) => n));
    expect(Object.keys(api).filter((k) => !names.has(k))).toEqual([]);
  });
});
