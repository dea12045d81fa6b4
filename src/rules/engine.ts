/**
 * The lint engine: runs the rules over sessions and turns each rule's Report into a Finding with the
 * rule's id, section, SCR items, side and severity (after configuration), the session id and a
 * location taken from the message's origin (input, frame / HAR entry / log line, message index,
 * element path). Rules know nothing about locations or output formats; reporters
 * (src/report/lint-*.ts) know nothing about rules' internals.
 */
import { DEVICE_SHARDS, deviceShard, perShard } from '../session/shard.js';
import type { InputProblem, Problem, Severity } from '../model/problem.js';
import type { Direction, Origin, Summary } from '../model/exchange.js';
import type { Outcome, Session, SessionMessage } from '../session/types.js';
import { configuredSeverity, type LintConfig } from './config.js';
import type { Finding, FindingLocation, Report, Rule, RuleContext, RuleMemory } from './types.js';
import { packageScr, packageSection } from './package-sections.js';

/** A Report that also carries the 1-based line of a decode problem inside its message (engine-internal). */
type DecodeReport = Report & { line?: number };

const syncmlDecodeMessages = {
  problem: '{{problem}} [{{code}}]{{where}}',
} as const;

/**
 * Built-in rule: what the decoder could not read cleanly (Message.problems — XML not well-formed,
 * unknown WBXML tokens, missing required elements) shows up in lint like any other finding, at the
 * problem's own severity, located at the message and the problem's element path / line.
 */
export const syncmlDecode: Rule<typeof syncmlDecodeMessages> = {
  id: 'syncml-decode',
  section: 'RepPro',
  scr: ['DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: 'Messages decode cleanly: well-formed XML or WBXML, structure as the SyncML DTD requires',
  explanation:
    'Every problem the XML/WBXML decoder and the SyncML model met in a message (not well-formed XML, ' +
    'whitespace before the XML declaration, an unknown WBXML token or public identifier, a missing ' +
    'required element) is reported here with its severity, line or byte offset and element path. A ' +
    'strict peer may refuse such a message outright; recovered defects are warnings, the rest errors. ' +
    'DM-PRO-C-009 requires the standard SyncML format from a client.',
  messages: syncmlDecodeMessages,
  check(ctx) {
    for (const m of ctx.session.messages) {
      for (const p of m.message.problems) {
        const r: Report<typeof syncmlDecodeMessages> & { line?: number } = {
          messageId: 'problem',
          data: { problem: p.message, code: p.code, where: whereInMessage(p) },
          messageIndex: m.index,
          side: m.direction,
          severity: p.severity,
          // DM-PRO-C-009 is a client item; the server table has no item for message format.
          scr: m.direction === 'client' ? ['DM-PRO-C-009'] : [],
        };
        if (p.path !== undefined) r.path = p.path;
        if (p.line !== undefined) r.line = p.line;
        ctx.report(r);
      }
    }
  },
};

/**
 * Renders a message template: each `{{name}}` (spaces allowed inside the braces, as in ESLint) is
 * replaced by `data[name]`; a placeholder without data is left as written, so that it shows.
 */
export function renderMessage(template: string, data: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(data, name) ? data[name]! : whole,
  );
}

/** The data of a report as strings (values stay strings: a count is shown as written). */
function dataOf(r: Report): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.data ?? {})) out[k] = String(v);
  return out;
}

function whereInMessage(p: Problem): string {
  if (p.line !== undefined) return ` (line ${p.line}${p.column !== undefined ? `:${p.column}` : ''} of the message)`;
  if (p.offset !== undefined) return ` (byte ${p.offset} of the message)`;
  return '';
}

/** A message of a linted session, as reporters need it (ladder position and origin). */
export interface LintedMessage {
  index: number;
  direction: Direction;
  package?: number;
  iteration: number;
  origin: Origin;
}

/** A session as the lint result keeps it (not the messages' bytes: results stay small). */
export interface LintedSession {
  id: string;
  sessionId: string;
  device: string;
  server: string;
  outcome: Outcome;
  packages: number[];
  /** The input its first message came from (JUnit groups sessions by it). */
  input: string;
  messages: LintedMessage[];
}

/** Counts: the read Summary (what was read and what could not be decoded) plus lint totals. */
export interface LintSummary extends Summary {
  sessions: number;
  messages: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** A rule that threw: an internal error, reported apart from the findings (the CLI exits 2). */
export interface RuleCrash {
  rule: string;
  session: string;
  error: string;
}

export interface LintResult {
  findings: Finding[];
  sessions: LintedSession[];
  /** Inputs as named on the command line. */
  inputs: string[];
  /** Problems reading the inputs themselves (cut capture, bad HAR): not tied to a session. */
  problems: InputProblem[];
  crashes: RuleCrash[];
  summary: LintSummary;
}

/**
 * Cross-session memory of a lint run: per device/server pair (Session.device, Session.server), one
 * value per rule, for checks that span consecutive sessions of a device (DM Protocol §9: the next
 * nonce is used when the next session starts). Bounded per device shard (src/session/shard.ts):
 * beyond its part of `limit` pairs a shard forgets its least recently linted pair, so memory
 * follows the number of devices, capped, not the trace length, and what a device's sessions are
 * told does not depend on other devices' (`--jobs`).
 */
export class LintMemory {
  private readonly shards: Array<Map<string, Map<string, unknown>>>;
  private readonly perShard: number;
  constructor(
    readonly limit = 10_000,
    shards: number = DEVICE_SHARDS,
  ) {
    this.shards = Array.from({ length: shards }, () => new Map());
    this.perShard = perShard(limit, shards);
  }

  /** How many device/server pairs are remembered. */
  get size(): number {
    return this.shards.reduce((n, m) => n + m.size, 0);
  }

  /** The slot of one rule for a session's device and server (the pair becomes the most recent). */
  slot(session: Pick<Session, 'device' | 'server'>, ruleId: string): RuleMemory {
    const key = `${session.device}\u0000${session.server}`;
    const pairs = this.shards[deviceShard(session.device, this.shards.length)]!;
    const limit = this.perShard;
    const touch = (): Map<string, unknown> => {
      let m = pairs.get(key);
      if (m) pairs.delete(key);
      else m = new Map();
      pairs.set(key, m);
      while (pairs.size > limit) pairs.delete(pairs.keys().next().value as string);
      return m;
    };
    return {
      get<T>(): T | undefined {
        return pairs.get(key)?.get(ruleId) as T | undefined;
      },
      set(value: unknown): void {
        // A copy: a string cut from a message (a nonce, a Correlator) is a slice that keeps the whole
        // message text alive in V8, and a thousand remembered devices kept their messages' (1 GB
        // capture: lint 577 MB peak RSS, where sessions took 224 MB).
        touch().set(ruleId, structuredClone(value));
      },
    };
  }
}

/** The memory addSession uses for a result when the options give none (one per lint run). */
const memories = new WeakMap<LintResult, LintMemory>();

export interface LintOptions {
  rules: readonly Rule[];
  /** Cross-session memory (see LintMemory); without it rules see each session on its own. */
  memory?: LintMemory;
  config?: LintConfig;
  /** Given to rules as RuleContext.credentials (src/auth/credentials.ts shape). */
  credentials?: unknown;
  /** Called when a rule throws; the default records nothing (lintStream records crashes). */
  onCrash?: (crash: RuleCrash) => void;
}

function locationOf(
  session: Session,
  messageIndex: number | undefined,
  path: string | undefined,
  problemLine?: number,
): FindingLocation {
  const m: SessionMessage | undefined = messageIndex === undefined ? undefined : session.messages[messageIndex];
  const origin = (m ?? session.messages[0])?.message.origin;
  const loc: FindingLocation = { input: origin?.input ?? '' };
  if (m && origin) {
    if (origin.frame !== undefined) loc.frame = origin.frame;
    if (origin.entry !== undefined) loc.entry = origin.entry;
    if (origin.offset !== undefined) loc.offset = origin.offset;
    if (origin.line !== undefined) loc.line = origin.line;
    // A line inside a message read from a file or a log is a line of that input too.
    if (problemLine !== undefined && origin.frame === undefined && origin.entry === undefined) {
      loc.line = (origin.line ?? 1) + problemLine - 1;
    }
  }
  if (messageIndex !== undefined) loc.messageIndex = messageIndex;
  if (path !== undefined) loc.path = path;
  return loc;
}

function sideOf(rule: Rule, r: Report, session: Session): Direction {
  if (r.side) return r.side;
  if (rule.side !== 'both') return rule.side;
  const m = r.messageIndex === undefined ? undefined : session.messages[r.messageIndex];
  return m?.direction ?? 'client';
}

/**
 * The section and SCR items a finding cites: the rule's, or for a rule that applies to every
 * package, those of the package of the message the finding is at (DM Protocol 8.3–8.6).
 */
function citationOf(rule: Rule, r: Report, session: Session, side: Direction): { section: string; scr: string[] } {
  const items = [...(r.scr ?? rule.scr)];
  if (!rule.perPackage || r.messageIndex === undefined) return { section: rule.section, scr: items };
  const p = packageSection(session.messages[r.messageIndex]?.package);
  if (!p) return { section: rule.section, scr: items };
  return { section: p.section, scr: packageScr(p, side, items) };
}

/**
 * Runs every rule that is not `off` over one session and returns its findings, ordered by message
 * index (session-level findings first), then in rule order.
 */
export function lintSession(session: Session, opts: LintOptions): Finding[] {
  const findings: Array<Finding & { order: number }> = [];
  for (const rule of opts.rules) {
    const forced = configuredSeverity(opts.config, rule.id);
    if (forced === 'off') continue;
    const ctx: RuleContext = {
      session,
      report(r: Report) {
        const sev: Severity = forced ?? r.severity ?? rule.severity;
        const template = rule.messages[r.messageId];
        if (template === undefined) throw new Error(`rule ${rule.id} reported an unknown messageId '${r.messageId}'`);
        const data = dataOf(r);
        const side = sideOf(rule, r, session);
        const { section, scr } = citationOf(rule, r, session, side);
        const f: Finding & { order: number } = {
          rule: rule.id,
          severity: sev,
          section,
          scr,
          side,
          session: session.id,
          message: renderMessage(template, data),
          messageId: r.messageId,
          data,
          location: locationOf(session, r.messageIndex, r.path, (r as DecodeReport).line),
          order: findings.length,
        };
        findings.push(f);
      },
    };
    if (opts.credentials !== undefined) ctx.credentials = opts.credentials;
    if (opts.memory) ctx.memory = opts.memory.slot(session, rule.id);
    try {
      rule.check(ctx);
    } catch (err) {
      opts.onCrash?.({ rule: rule.id, session: session.id, error: (err as Error)?.message ?? String(err) });
    }
  }
  findings.sort((a, b) => (a.location.messageIndex ?? -1) - (b.location.messageIndex ?? -1) || a.order - b.order);
  return findings.map(({ order: _order, ...f }) => f);
}

/** What the lint result keeps of a session. */
export function lintedSession(s: Session): LintedSession {
  return {
    id: s.id,
    sessionId: s.sessionId,
    device: s.device,
    server: s.server,
    outcome: s.outcome,
    packages: [...s.packages],
    input: s.messages[0]?.message.origin.input ?? '',
    messages: s.messages.map((m) => {
      const lm: LintedMessage = {
        index: m.index,
        direction: m.direction,
        iteration: m.iteration,
        origin: m.message.origin,
      };
      if (m.package !== undefined) lm.package = m.package;
      return lm;
    }),
  };
}

function emptyReadSummary(): Summary {
  return {
    inputs: 0,
    bytes: 0,
    packets: 0,
    tcpStreams: 0,
    httpExchanges: 0,
    dmMessages: 0,
    nonDmExchanges: 0,
    undecodable: 0,
    tlsConnections: 0,
    gaps: 0,
    unknownBlocks: 0,
    problems: 0,
  };
}

export interface LintStreamOptions extends LintOptions {
  /** Inputs as named on the command line. */
  inputs?: string[];
  /** The read summary; read when the stream ends (readers keep counting while sessions flow). */
  summary?: Summary;
  /** Input problems collected while reading (read when the stream ends). */
  problems?: InputProblem[];
  /** `--quiet`: keep only error-level findings. */
  quiet?: boolean;
}

/** Lints sessions as they come (a session is linted as soon as the assembler hands it on). */
export async function lintStream(
  sessions: AsyncIterable<Session> | Iterable<Session>,
  opts: LintStreamOptions,
): Promise<LintResult> {
  const result: LintResult = {
    findings: [],
    sessions: [],
    inputs: opts.inputs ?? [],
    problems: [],
    crashes: [],
    summary: { ...emptyReadSummary(), sessions: 0, messages: 0, errors: 0, warnings: 0, infos: 0 },
  };
  const onCrash = (c: RuleCrash) => {
    result.crashes.push(c);
    opts.onCrash?.(c);
  };
  for await (const session of sessions) addSession(result, session, { ...opts, onCrash });
  finish(result, opts);
  return result;
}

/** Running totals of a result, so that `finish` can count what a streaming caller did not keep. */
interface Tally {
  sessions: number;
  messages: number;
  errors: number;
  warnings: number;
  infos: number;
}
const tallies = new WeakMap<LintResult, Tally>();

/** How `addSession` hands on a session: kept in the result, and/or given to `emit` as it is linted. */
export interface AddSessionOptions extends LintOptions {
  /** `--quiet`: keep only error-level findings. */
  quiet?: boolean;
  /**
   * Called with each session and its findings as soon as it is linted (a streaming report writes
   * them then: README "Performance").
   */
  emit?: (session: LintedSession, findings: readonly Finding[]) => void;
  /** false: `result.findings` and `result.sessions` stay empty (`emit` has them); `finish` still counts. */
  retain?: boolean;
}

/** Adds one session's findings to a result (used by lintStream; exported for callers that drive their own loop). */
export function addSession(result: LintResult, session: Session, opts: AddSessionOptions): void {
  let memory = opts.memory ?? memories.get(result);
  if (!memory) {
    // Sessions added to the same result are one lint run: consecutive sessions of a device share memory.
    memory = new LintMemory();
    memories.set(result, memory);
  }
  let findings = lintSession(session, { ...opts, memory });
  if (opts.quiet) findings = findings.filter((f) => f.severity === 'error');
  addLinted(result, lintedSession(session), findings, opts);
}

/**
 * The half of addSession after the rules: counts a linted session in the result, then hands it
 * on (`emit`) and keeps it unless `retain` is false. src/cli/jobs.ts calls it with what its
 * workers linted.
 */
export function addLinted(
  result: LintResult,
  linted: LintedSession,
  findings: readonly Finding[],
  opts: Pick<AddSessionOptions, 'emit' | 'retain'>,
): void {
  let tally = tallies.get(result);
  if (!tally) tallies.set(result, (tally = { sessions: 0, messages: 0, errors: 0, warnings: 0, infos: 0 }));
  tally.sessions++;
  tally.messages += linted.messages.length;
  for (const f of findings) tally[`${f.severity}s`]++;
  opts.emit?.(linted, findings);
  if (opts.retain === false) return;
  result.sessions.push(linted);
  for (const f of findings) result.findings.push(f);
}

/** Fills in the summary from the findings, the sessions and the read summary. */
export function finish(
  result: LintResult,
  opts: { summary?: Summary; problems?: InputProblem[]; inputs?: string[] },
): void {
  const read = opts.summary ?? emptyReadSummary();
  if (opts.problems) result.problems = [...opts.problems];
  if (opts.inputs) result.inputs = [...opts.inputs];
  // Counted as sessions were added (addSession), else from what the result holds.
  const count = (s: Severity) => result.findings.filter((f) => f.severity === s).length;
  const tally = tallies.get(result) ?? {
    sessions: result.sessions.length,
    messages: result.sessions.reduce((n, s) => n + s.messages.length, 0),
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
  };
  result.summary = { ...read, inputs: Math.max(read.inputs, result.inputs.length), ...tally };
}

/** Exit code of a lint run (docs/architecture.md "Command line"): 1 for errors, an input read only in part, or more warnings than allowed, else 0. */
export function lintExitCode(result: LintResult, maxWarnings?: number): 0 | 1 {
  if (result.summary.errors > 0) return 1;
  // An input read only in part (src/cli/read.ts partialInputs) fails the run like an error finding.
  if (result.problems.some((p) => p.code === 'input-partial')) return 1;
  if (maxWarnings !== undefined && maxWarnings >= 0 && result.summary.warnings > maxWarnings) return 1;
  return 0;
}
