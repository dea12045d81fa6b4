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
import { problem, type InputProblem } from '../model/problem.js';
import type { InputRead } from '../model/exchange.js';
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
  // Every DM exchange moves the session clock, as in each worker of --jobs (src/cli/jobs.ts).
  const assembled = assembleSessions(messagesOf(exchanges, ctx, { everyDmExchange: true }), {
    ...opts,
    report: (p) => ctx.report(p),
  });
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Problems that are verdicts on what was read (below), not reasons it could not be read. */
const VERDICTS: ReadonlySet<string> = new Set(['input-no-dm', 'input-partial']);

/**
 * Inputs that could not be read at all (exit 2): an error problem on them and no session from
 * them (`withSessions`: the inputs that gave a message of some session). In problem order.
 */
export function unreadableInputs(problems: Iterable<InputProblem>, withSessions: ReadonlySet<string>): string[] {
  const bad = new Set<string>();
  for (const p of problems)
    if (p.severity === 'error' && !VERDICTS.has(p.code) && !withSessions.has(p.input)) bad.add(p.input);
  return [...bad];
}

/** `pcapng: 37 packets / 9120 bytes; 2 TLS connections, encrypted: …`: what an input was read as, for a verdict. */
export function readAs(read: InputRead): string {
  const capture = read.format === 'pcap' || read.format === 'pcapng';
  const parts = [capture ? `${read.packets} packets / ${read.bytes} bytes` : `${read.bytes} bytes`];
  if (read.httpExchanges) parts.push(`${plural(read.httpExchanges, 'HTTP exchange')}, none with a DM body`);
  if (read.tlsConnections)
    parts.push(`${plural(read.tlsConnections, 'TLS connection')}, encrypted: export decrypted HTTP from Wireshark`);
  return `${read.format}: ${parts.join('; ')}`;
}

/**
 * Inputs read to the end without an error that hold no DM message at all (README "lint and
 * scr"): a usage error (exit 2) for lint, scr and sessions, one `input-no-dm` problem each.
 * Inputs with an error problem and no DM are `unreadableInputs` instead. A file found in a
 * folder is judged with its folder: a README.txt beside the messages is not a wrong input, but a
 * folder none of whose files holds DM is (each file is named).
 */
export function inputsWithoutDm(reads: Iterable<InputRead>): InputProblem[] {
  const all = [...reads];
  const foldersWithDm = new Set(all.filter((r) => r.dmMessages > 0 && r.folder !== undefined).map((r) => r.folder));
  const out: InputProblem[] = [];
  for (const r of all) {
    if (r.dmMessages > 0 || r.errors > 0 || r.format === 'nothing') continue;
    if (r.folder !== undefined && foldersWithDm.has(r.folder)) continue;
    out.push({
      input: r.input,
      ...problem('error', 'input-no-dm', `no SyncML DM message found in ${r.input} (read as ${readAs(r)})`),
    });
  }
  return out;
}

/**
 * Inputs read only in part (a problem of a code marked partial: a cut capture, a TCP gap, an
 * undecodable DM body): one `input-partial` error each, located where the first such problem is,
 * which makes lint exit 1 unless --allow-partial.
 */
export function partialInputs(reads: Iterable<InputRead>): InputProblem[] {
  const out: InputProblem[] = [];
  for (const r of reads) {
    const first = r.firstPartial;
    if (!first) continue;
    const more = r.partial > 1 ? ` (and ${plural(r.partial - 1, 'more such problem')})` : '';
    const p: InputProblem = {
      input: r.input,
      ...problem(
        'error',
        'input-partial',
        `input read only in part, DM traffic may be missing from this report: ${first.message} [${first.code}]${more}; --allow-partial accepts it`,
      ),
    };
    for (const k of ['frame', 'entry', 'line', 'offset'] as const) if (first[k] !== undefined) p[k] = first[k];
    out.push(p);
  }
  return out;
}

/** Exit 2 with one line per input that held no DM message (inputsWithoutDm). */
export function failInputsWithoutDm(io: CliIO, noDm: readonly InputProblem[]): void {
  for (const p of noDm) fail(io, p.message);
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
