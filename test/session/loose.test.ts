/**
 * Loose message files (fixtures/sessions/<name>/NN-side.xml, the very bodies the captures carry)
 * are assembled from their headers alone: same session as the capture, minus HTTP facts.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fixtures } from '../helpers.js';
import { sessionsFrom } from './read.js';
import { sessionJson } from '../../src/report/sessions-json.js';
import type { Session } from '../../src/session/types.js';

function withoutTransport(s: Session): unknown {
  const j = sessionJson(s) as Record<string, any>;
  for (const k of ['start', 'end', 'durationMs', 'notification']) delete j[k];
  j.packages = j.packages.filter((p: number) => p !== 0);
  for (const m of j.messages) for (const k of ['origin', 'time', 'httpStatus']) delete m[k];
  return j;
}

describe('loose message files', () => {
  it.each(['multi-message', 'large-object', 'aborted-client', 'aborted-server', 'md5-challenge', 'cut', 'pkg0'])(
    '%s/ gives the same session as its capture',
    async (name) => {
      const loose = await sessionsFrom([path.join(fixtures, 'sessions', name)]);
      const cap = await sessionsFrom([path.join(fixtures, 'sessions', `${name}.pcapng`)]);
      expect(loose.sessions).toHaveLength(1);
      expect(loose.problems).toEqual([]);
      expect(withoutTransport(loose.sessions[0]!)).toEqual(withoutTransport(cap.sessions[0]!));
    },
  );

  it('in reverse order on the command line, still ordered by MsgID and MsgRef', async () => {
    const dir = path.join(fixtures, 'sessions', 'md5-challenge');
    const files = [
      '06-server.xml',
      '05-client.xml',
      '04-server.xml',
      '03-client.xml',
      '02-server.xml',
      '01-client.xml',
    ].map((f) => path.join(dir, f));
    const { sessions } = await sessionsFrom(files);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.packages).toEqual([1, 2, 1, 2, 3, 4]);
    expect(sessions[0]!.messages.map((m) => path.basename(m.message.origin.input))).toEqual([
      '01-client.xml',
      '02-server.xml',
      '03-client.xml',
      '04-server.xml',
      '05-client.xml',
      '06-server.xml',
    ]);
    expect(sessions[0]!.outcome).toBe('completed');
  });
});
