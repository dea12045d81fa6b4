/** Shared by the replay tests: recordings from real traces, credentials from fixture files. */
import { readFile } from 'node:fs/promises';
import { parseCredentials, type Credentials } from '../../src/auth/credentials.js';
import { newReadContext, type InputProblem } from '../../src/sources/types.js';
import { loadSessions, pickSession } from '../../src/replay/load.js';
import { check, recordingOf, type Recording } from '../../src/replay/recording.js';
import type { Session } from '../../src/session/types.js';

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
  if (load.problems.some((p) => p.severity === 'error')) throw new Error(`${file}: ${load.problems.map((p) => p.message).join('; ')}`);
  return load.credentials;
}
