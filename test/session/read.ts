/** The whole pipeline on real inputs: readInputs → messagesOf → assembleSessions. */
import { readInputs } from '../../src/sources/index.js';
import { messagesOf } from '../../src/sources/messages.js';
import { type Summary } from '../../src/model/exchange.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext } from '../../src/sources/types.js';
import { assembleSessions, type AssembleOptions } from '../../src/session/assemble.js';
import type { Session } from '../../src/session/types.js';

export async function sessionsFrom(
  inputs: string[],
  opts: AssembleOptions = {},
): Promise<{ sessions: Session[]; problems: InputProblem[]; summary: Summary }> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  const sessions: Session[] = [];
  for await (const s of assembleSessions(messagesOf(readInputs(inputs, ctx), ctx), {
    report: (p) => ctx.report(p),
    ...opts,
  }))
    sessions.push(s);
  return { sessions, problems, summary: ctx.summary };
}
