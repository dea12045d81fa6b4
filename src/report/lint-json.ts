/**
 * json: the stable contract of docs/architecture.md ("JSON contracts"): `findings` exactly as the engine made
 * them and `summary` (inputs, sessions, errors, warnings, infos, messages, and the read accounting:
 * bytes, packets, tcpStreams, httpExchanges, dmMessages, nonDmExchanges, undecodable, tlsConnections,
 * gaps, unknownBlocks, problems). Extensions: `sessions` (id, sessionId, device, server, outcome,
 * packages, input), `problems` (input problems not tied to a session), `crashes` (rules that threw).
 *
 * Written as the run goes (`LintJsonWriter`: each finding when its session is linted, the rest at
 * the end), byte for byte what `formatJson` gives for the whole result, which is the same writer.
 */
import type { LintedSession, LintResult } from '../rules/engine.js';
import type { Finding } from '../rules/types.js';
import { JsonArrayWriter, SpooledArray } from './json-stream.js';
import type { LintFormatter, LintWriterFactory } from './lint-types.js';

type SessionEntry = Pick<LintedSession, 'id' | 'sessionId' | 'device' | 'server' | 'outcome' | 'packages' | 'input'>;

/**
 * The json report written as it is made. Each session's entry in `sessions` (its ids, outcome,
 * packages and input, not its messages) waits in a spool for the end, after `summary`; the input
 * problems are the result's.
 */
export class LintJsonWriter {
  private readonly findings: JsonArrayWriter;
  private readonly sessions: SpooledArray;

  /**
   * `memoryLimit`: bytes of session entries kept in memory before they go to a file (tests);
   * `redact`: takes the secrets out of an entry's text before it is kept.
   */
  constructor(write: (text: string) => void, keep: { memoryLimit?: number; redact?: (text: string) => string } = {}) {
    this.findings = new JsonArrayWriter(write, 'findings');
    this.sessions = new SpooledArray(keep.memoryLimit, keep.redact);
  }

  /** A linted session: its findings are written now, its entry in `sessions` at the end. */
  session(s: LintedSession, findings: readonly Finding[]): void {
    for (const f of findings) this.findings.item(f);
    this.entry(s);
  }

  /** A session's entry in `sessions` (written at the end). */
  entry(s: LintedSession): void {
    const { id, sessionId, device, server, outcome, packages, input } = s;
    const entry: SessionEntry = { id, sessionId, device, server, outcome, packages, input };
    this.sessions.item(entry);
  }

  /** A finding, written now. */
  finding(f: Finding): void {
    this.findings.item(f);
  }

  end(result: Pick<LintResult, 'summary' | 'problems' | 'crashes'>): void {
    this.findings.end({
      summary: result.summary,
      sessions: this.sessions,
      problems: result.problems,
      crashes: result.crashes,
    });
  }
}

export const formatJson: LintFormatter = (result) => {
  const parts: string[] = [];
  const w = new LintJsonWriter((t) => parts.push(t));
  for (const f of result.findings) w.finding(f);
  for (const s of result.sessions) w.entry(s);
  w.end(result);
  return parts.join('');
};

/** LintJsonWriter as a LintWriter (src/report/lint-formats.ts lintWriters). */
export const jsonWriter: LintWriterFactory = (write, opts) => {
  const w = new LintJsonWriter(write, opts.redact ? { redact: opts.redact } : {});
  return {
    session(findings, session) {
      if (session) w.session(session, findings);
      else for (const f of findings) w.finding(f);
    },
    end: (result) => w.end(result),
  };
};
