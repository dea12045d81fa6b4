/**
 * Reading the trace to replay (any input dmtrace reads: captures, HAR, logs, message files) into
 * its sessions, picking one (`--session ID`), and turning the live exchanges of a replay back into
 * a Session with the same pipeline (decodeMessage → assembler), so it can be linted and exported
 * as HAR like any recorded session.
 */
import { readInputs } from '../sources/index.js';
import { messagesOf } from '../sources/messages.js';
import type { Exchange, HttpPart } from '../model/exchange.js';
import type { InputProblem } from '../model/problem.js';
import type { ReadContext } from '../sources/types.js';
import { assembleSessions, buildSessions, type AssembleInput } from '../session/assemble.js';
import type { Session } from '../session/types.js';
import { decodeMessage } from '../syncml/message.js';
import type { LiveMessage } from './live.js';

/** Every session of the inputs, in the order they complete. */
export async function loadSessions(
  inputs: string[],
  ctx: ReadContext,
  opts: { stdin?: NodeJS.ReadableStream } = {},
): Promise<Session[]> {
  const out: Session[] = [];
  const exchanges = readInputs(inputs, ctx, opts);
  for await (const s of assembleSessions(messagesOf(exchanges, ctx, { everyDmExchange: true }), {
    report: (p: InputProblem) => ctx.report(p),
  }))
    out.push(s);
  return out;
}

/** The session to replay: the one named, or the only one; else why not (listing the ids). */
export function pickSession(
  sessions: readonly Session[],
  id: string | undefined,
): { session: Session } | { error: string } {
  const ids = sessions.map((s) => s.id).sort();
  const list = ids.length ? ids.join(', ') : 'none';
  if (id !== undefined) {
    const s = sessions.find((x) => x.id === id);
    return s ? { session: s } : { error: `no session ${JSON.stringify(id)} in the trace; sessions: ${list}` };
  }
  if (sessions.length === 1) return { session: sessions[0]! };
  if (sessions.length === 0) return { error: 'the trace holds no DM session' };
  return { error: `the trace holds ${sessions.length} sessions; pick one with --session ID: ${list}` };
}

function part(m: LiveMessage, input: string): HttpPart {
  const p: HttpPart = {
    direction: m.direction,
    headers: m.headers,
    contentType: m.contentType,
    body: m.raw,
    origin: { input, time: m.time },
  };
  if (m.direction === 'client') {
    p.method = 'POST';
    if (m.url !== undefined) p.url = m.url;
  } else {
    p.statusCode = m.httpStatus ?? 200;
    p.statusText = 'OK';
  }
  return p;
}

/**
 * The live messages as a Session: each client message with the server message after it is one
 * HTTP exchange, decoded with decodeMessage and assembled like a recorded trace.
 */
export function liveSession(
  live: readonly LiveMessage[],
  opts: { input: string; server: string },
): Session | undefined {
  const items: AssembleInput[] = [];
  let id = 0;
  for (let i = 0; i < live.length; i++) {
    const m = live[i]!;
    const ex: Exchange = { id: ++id, server: opts.server, connection: `replay ${opts.input}` };
    const messages = [];
    if (m.direction === 'client') {
      ex.request = part(m, opts.input);
      if (m.url) ex.request.url = m.url;
      messages.push(
        decodeMessage(m.raw, {
          origin: ex.request.origin,
          contentType: m.contentType,
          direction: 'client',
          http: ex.request,
        }),
      );
      const next = live[i + 1];
      if (next && next.direction === 'server') {
        ex.response = part(next, opts.input);
        messages.push(
          decodeMessage(next.raw, {
            origin: ex.response.origin,
            contentType: next.contentType,
            direction: 'server',
            http: ex.response,
          }),
        );
        i++;
      }
    } else {
      ex.response = part(m, opts.input);
      messages.push(
        decodeMessage(m.raw, {
          origin: ex.response.origin,
          contentType: m.contentType,
          direction: 'server',
          http: ex.response,
        }),
      );
    }
    items.push({ exchange: ex, messages });
  }
  const sessions = buildSessions(items);
  return sessions[0];
}

/** host[:port]/path of a URL, as the assembler keys servers. */
export function serverKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}
