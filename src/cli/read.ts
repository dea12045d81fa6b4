/**
 * What the commands read, shared by lint, scr, sessions, export and replay: the inputs as a stream
 * of sessions, the inputs that could not be read, the lint config, the session asked for with
 * --session, and the package version that reports carry.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type LintConfig } from '../rules/config.js';
import { assembleSessions, type AssembleOptions } from '../session/assemble.js';
import type { Session } from '../session/types.js';
import { formatProblem } from '../report/summary.js';
import { readInputs } from '../sources/index.js';
import { messagesOf } from '../sources/messages.js';
import { newReadContext, type ReadContext } from '../sources/types.js';
import type { InputProblem } from '../model/problem.js';
import { type CliIO, fail } from './io.js';
import { attachProgress } from './progress.js';

/** dmtrace's version (package.json), or '0' when it cannot be read. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0';
  }
}

/**
 * Reads the inputs and streams their sessions; each input problem goes to `onProblem` as it is
 * found. The progress line (src/cli/progress.ts: only on a terminal, never in CI) is cleared when
 * the stream ends. `ctx` holds the summary once the stream is done.
 */
export function sessionsOf(
  inputs: string[],
  io: CliIO,
  onProblem: (p: InputProblem) => void,
  opts: AssembleOptions = {},
): { sessions: AsyncGenerator<Session>; ctx: ReadContext } {
  const ctx = newReadContext(onProblem);
  const progress = attachProgress(io, ctx);
  const exchanges = readInputs(inputs, ctx, { stdin: io.stdin });
  const assembled = assembleSessions(messagesOf(exchanges, ctx), { ...opts, report: (p) => ctx.report(p) });
  async function* sessions(): AsyncGenerator<Session> {
    try {
      yield* assembled;
    } finally {
      progress.done();
    }
  }
  return { sessions: sessions(), ctx };
}

/**
 * Reads the inputs and streams their sessions; each input problem goes to stderr as one line as
 * it is found (after the progress line is cleared), and is kept in `problems`.
 */
export function readSessions(
  inputs: string[],
  io: CliIO,
  opts: AssembleOptions = {},
): { sessions: AsyncGenerator<Session>; ctx: ReadContext; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const read = sessionsOf(
    inputs,
    io,
    (p) => {
      problems.push(p);
      io.stderr.write(`dmtrace: ${formatProblem(p)}\n`);
    },
    opts,
  );
  return { ...read, problems };
}

/**
 * Inputs that could not be read at all (exit 2): an error problem on them and no session from
 * them (`withSessions`: the inputs that gave a message of some session). In problem order.
 */
export function unreadableInputs(problems: Iterable<InputProblem>, withSessions: ReadonlySet<string>): string[] {
  const bad = new Set<string>();
  for (const p of problems) if (p.severity === 'error' && !withSessions.has(p.input)) bad.add(p.input);
  return [...bad];
}

/** `a, b, c` — at most `max` ids, then how many more (of `total`, when only the first ids were kept). */
export function listIds(ids: readonly string[], max = 20, total = ids.length): string {
  if (total === 0) return 'none';
  const shown = ids.slice(0, max).join(', ');
  return total > Math.min(max, ids.length) ? `${shown} (and ${total - Math.min(max, ids.length)} more)` : shown;
}

/** Exit 2 for `--session ID` that is not in the input, listing the ids that are (`total`: how many, if only the first were kept). */
export function noSuchSession(io: CliIO, id: string, ids: readonly string[], total = ids.length): void {
  fail(io, `no session ${JSON.stringify(id)} in the input; sessions found: ${listIds(ids, 20, total)}`);
}

/**
 * The lint config (rules' severities): `file`, else .dmtracerc.json in `cwd` if any, with
 * `ruleFlags` (--rule ID=setting) over it. Undefined (and exit 2 with the config's message) when
 * it is not valid.
 */
export function cliConfig(io: CliIO, opts: Parameters<typeof loadConfig>[0]): LintConfig | undefined {
  try {
    return loadConfig(opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      fail(io, err.message);
      return undefined;
    }
    throw err;
  }
}
