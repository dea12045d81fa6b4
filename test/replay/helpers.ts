/**
 * Shared by the replay tests (test/replay, test/cli/replay.test.ts): recordings from real traces,
 * credentials from fixture files, a recording with one message changed, a replay server on
 * loopback for the length of a test.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { parseCredentials, type Credentials } from '../../src/auth/credentials.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext } from '../../src/sources/types.js';
import { loadSessions, pickSession } from '../../src/replay/load.js';
import { check, recordingOf, type Recording } from '../../src/replay/recording.js';
import { cloneTree } from '../../src/replay/dm.js';
import { renderReport, reportReplay, type ReplayReport } from '../../src/replay/report.js';
import { startReplayServer, type ReplayServer, type ServerReplayOptions } from '../../src/replay/server.js';
import type { Session } from '../../src/session/types.js';
import type { Element } from '../../src/model/tree.js';

export async function sessionFrom(file: string, id?: string): Promise<Session> {
  const ctx = newReadContext(() => {});
  const picked = pickSession(await loadSessions([file], ctx), id);
  if ('error' in picked) throw new Error(`${file}: ${picked.error}`);
  return picked.session;
}

export async function recordingFrom(file: string, id?: string): Promise<Recording> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  const sessions = await loadSessions([file], ctx);
  const picked = pickSession(sessions, id);
  if ('error' in picked) throw new Error(`${file}: ${picked.error}`);
  const why = check(picked.session);
  if (why) throw new Error(`${file}: ${why}`);
  return recordingOf(picked.session);
}

export async function credentialsFrom(file: string): Promise<Credentials> {
  const load = parseCredentials(await readFile(file, 'utf8'), file);
  if (load.problems.some((p) => p.severity === 'error'))
    throw new Error(`${file}: ${load.problems.map((p) => p.message).join('; ')}`);
  return load.credentials;
}

/** A copy of a recording with one message's tree changed. */
export function withMessage(rec: Recording, index: number, change: (tree: Element) => void): Recording {
  const messages = rec.messages.map((m) => ({ ...m, tree: cloneTree(m.tree) }));
  change(messages[index]!.tree);
  return { ...rec, messages };
}

/**
 * Serves `rec` on 127.0.0.1, port 0 (1 MiB bodies, 10 s timeout; `opts` over these) while `fn`
 * runs, then closes it. Each session the server ends is reported (`report`: the report's input
 * and server labels) into `ended`.
 */
export async function withReplayServer<T>(
  rec: Recording,
  opts: Partial<ServerReplayOptions>,
  fn: (srv: ReplayServer, ended: ReplayReport[]) => Promise<T>,
  report: { input: string; server: string } = { input: 'l', server: 's' },
): Promise<T> {
  const ended: ReplayReport[] = [];
  const srv = await startReplayServer(rec, {
    host: '127.0.0.1',
    port: 0,
    maxBody: 1 << 20,
    timeoutMs: 10_000,
    onSessionEnd: (r) => ended.push(reportReplay(rec, r, report)),
    ...opts,
  });
  try {
    return await fn(srv, ended);
  } finally {
    await srv.close();
  }
}

/** Each side's report is there and found no divergence (the report is shown when it did). */
export function expectNoDivergence(...reports: Array<ReplayReport | undefined>): void {
  for (const r of reports) {
    expect(r, 'the side ended the session').toBeDefined();
    expect(r!.comparison.divergent, renderReport(r!)).toBe(false);
  }
}
