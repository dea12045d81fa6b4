/**
 * dmtrace as a library: what `import … from 'dmtrace'` gives. docs/api.md documents every export
 * with examples (type-checked by test/package.test.ts against the packed package).
 *
 * The stages of docs/architecture.md "Data flows one way", each one call: `decodeMessage` (one
 * body), `readExchanges` (inputs → DM exchanges), `assembleSessions` (exchanges or messages →
 * sessions), `readSessions` (both), `lint` (with a config), `evaluateConformance` (SCR verdicts),
 * `loadRecording` + `replayAsClient` / `startReplayServer` (replay), and the formatters of the
 * command line. Nothing here throws on bad input: input problems are collected and reported, as
 * everywhere in dmtrace. Only bad usage throws: a `ConfigError` for an invalid lint config, a
 * `RecordingError` for a trace that holds no replayable session.
 */
import { readFileSync } from 'node:fs';
import type { Summary } from './model/exchange.js';
import { decodeMessage as decodeWith, type DecodeMessageOptions as DecodeWithOptions } from './syncml/message.js';
import type { Message } from './syncml/types.js';
import { readInputs } from './sources/index.js';
import { messagesOf, type DmExchange } from './sources/messages.js';
import { newReadContext, type Limits, type ReadContext } from './sources/types.js';
import type { InputProblem } from './model/problem.js';
import { assembleSessions as assembleWith, type AssembleInput, type AssembleOptions } from './session/assemble.js';
import type { Session } from './session/types.js';
import { rules as registry } from './rules/index.js';
import { emptyConfig, loadConfig, parseConfig, type LintConfig, type RuleSetting } from './rules/config.js';
import { LintMemory, lintSession, lintStream, type LintResult } from './rules/engine.js';
import type { Rule } from './rules/types.js';
import { ScrCollector, type ScrReport } from './rules/scr.js';
import { lintFormats, type LintFormatName } from './report/lint-formats.js';
import type { LintFormatOptions } from './report/lint-types.js';
import type { Credentials } from './auth/credentials.js';
import { pickSession } from './replay/load.js';
import { check, recordingOf, type Recording } from './replay/recording.js';
import { replayAsClient as playClient, type ClientReplayOptions } from './replay/client.js';
import { startReplayServer as playServer, type ReplayServer, type ServerReplayOptions } from './replay/server.js';
import type { ReplayResult } from './replay/live.js';

// ---------------------------------------------------------------------------------------------
// The model every stage hands on

export type { Direction, Exchange, HttpPart, Origin, Summary } from './model/exchange.js';
export type { Problem, Severity } from './model/problem.js';
export type { Element, Node, Opaque, Position, Text } from './model/tree.js';
export type { InputProblem } from './model/problem.js';
export { defaultLimits, type Limits } from './sources/types.js';

// ---------------------------------------------------------------------------------------------
// Messages: XML and WBXML into one tree and the typed SyncML view

export type {
  Chal,
  Command,
  CommandName,
  Cred,
  Data,
  Encoding,
  Item,
  Location,
  Message,
  Meta,
  SyncHdr,
  SyncML,
  WbxmlHeader,
} from './syncml/types.js';
export { detectEncoding, isSyncML } from './syncml/message.js';
export { writeWbxml, type WriteWbxmlOptions } from './wbxml/write.js';
export { writeXml, type WriteXmlOptions } from './xml/write.js';
export {
  ALERT_CODES,
  STATUS_CODES,
  alertInfo,
  alertName,
  statusClass,
  statusInfo,
  statusName,
  type AlertCodeInfo,
  type StatusCodeInfo,
} from './syncml/codes.js';
export { decodeNotification, type NotificationDecode } from './notification/package0.js';

/** Options of {@link decodeMessage}: all optional. */
export type DecodeMessageOptions = Partial<DecodeWithOptions>;

/**
 * Decodes one SyncML DM message, XML or WBXML (chosen from the bytes, then the Content-Type), into
 * its element tree and typed view. Never throws: what could not be read is in `problems`, each with
 * its byte offset or line and column and its element path.
 */
export function decodeMessage(bytes: Uint8Array, opts: DecodeMessageOptions = {}): Message {
  return decodeWith(bytes, { ...opts, origin: opts.origin ?? { input: '' } });
}

// ---------------------------------------------------------------------------------------------
// Inputs → DM exchanges → sessions

export type { DmExchange, DmNotification } from './sources/messages.js';
export type {
  AuthInfo,
  AuthType,
  GenericAlert,
  LargeObject,
  Notification,
  Outcome,
  Session,
  SessionMessage,
} from './session/types.js';

/** Options of {@link readExchanges}. */
export interface ReadOptions {
  /** Called with each input problem as it is found (a cut capture, a bad HAR entry, …). */
  onProblem?: (p: InputProblem) => void;
  /** Limits against hostile input, over {@link defaultLimits}. */
  limits?: Partial<Limits>;
  /** What `-` reads (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

/** What {@link readExchanges} returns: the stream, and what reading it counts and meets. */
export interface ExchangeRead {
  /** The HTTP exchanges (or lone message files) that carry DM content, their messages decoded. */
  exchanges: AsyncGenerator<DmExchange>;
  /** Counts of what was read (bytes, packets, HTTP exchanges, DM messages, …); final when the stream ends. */
  summary: Summary;
  /** Problems reading the inputs, in the order found (also given to `onProblem`). */
  problems: InputProblem[];
}

function readContext(opts: ReadOptions): { ctx: ReadContext; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => {
    problems.push(p);
    opts.onProblem?.(p);
  });
  for (const [k, v] of Object.entries(opts.limits ?? {})) if (v !== undefined) Object.assign(ctx.limits, { [k]: v });
  return { ctx, problems };
}

function exchangesOf(inputs: string | readonly string[], ctx: ReadContext, opts: ReadOptions, everyDmExchange = false) {
  const list = typeof inputs === 'string' ? [inputs] : [...inputs];
  return messagesOf(readInputs(list, ctx, opts.stdin ? { stdin: opts.stdin } : {}), ctx, { everyDmExchange });
}

/**
 * Reads inputs — captures (pcap, pcapng), HAR files, logs, `.xml`/`.wbxml` messages, Package 0
 * files, folders of them, `-` for stdin — and streams their DM exchanges: each HTTP request and
 * response (or lone file) that carries SyncML messages or a Package 0 notification, decoded.
 * Nothing is read until the stream is iterated.
 */
export function readExchanges(inputs: string | readonly string[], opts: ReadOptions = {}): ExchangeRead {
  const { ctx, problems } = readContext(opts);
  return { exchanges: exchangesOf(inputs, ctx, opts), summary: ctx.summary, problems };
}

/** Options of {@link assembleSessions}: the assembler's limits, and where it reports. */
export interface SessionOptions extends Omit<AssembleOptions, 'report' | 'decodeNotification'> {
  /** Called with what the assembler could not place (a message without SyncHdr, an unanswered Package 0). */
  onProblem?: (p: InputProblem) => void;
}

let looseExchanges = 0;

/** A message decoded on its own is its own lone exchange. */
function assembleInput(item: DmExchange | Message): AssembleInput {
  if ('exchange' in item) return item;
  const lone = item.http ?? { headers: [], body: item.raw, origin: item.origin };
  return { exchange: { id: ++looseExchanges, lone }, messages: [item] };
}

/**
 * Groups DM exchanges (from {@link readExchanges}) or messages (from {@link decodeMessage}) into
 * sessions by device and SessionID, and streams each session as soon as it is complete. Memory
 * follows the sessions open at once, not the length of the input.
 */
export async function* assembleSessions(
  input: AsyncIterable<DmExchange | Message> | Iterable<DmExchange | Message>,
  opts: SessionOptions = {},
): AsyncGenerator<Session> {
  const { onProblem, ...rest } = opts;
  async function* items(): AsyncGenerator<AssembleInput> {
    for await (const item of input) yield assembleInput(item);
  }
  yield* assembleWith(items(), { ...rest, ...(onProblem ? { report: onProblem } : {}) });
}

/** Options of {@link readSessions}. */
export interface ReadSessionsOptions extends ReadOptions {
  /** Assembler options (idle time, sessions open at once, …); its problems go to `onProblem`. */
  assemble?: Omit<SessionOptions, 'onProblem'>;
}

/** What {@link readSessions} returns. */
export interface SessionRead {
  /** The sessions, each as soon as it is complete. */
  sessions: AsyncGenerator<Session>;
  /** Counts of what was read; final when the stream ends. */
  summary: Summary;
  /** Problems reading the inputs and assembling them, in the order found (also given to `onProblem`). */
  problems: InputProblem[];
}

/**
 * {@link readExchanges} then {@link assembleSessions}, as every dmtrace command reads: the
 * assembler's problems are counted in the same summary and list.
 */
export function readSessions(inputs: string | readonly string[], opts: ReadSessionsOptions = {}): SessionRead {
  const { ctx, problems } = readContext(opts);
  const sessions = assembleSessions(exchangesOf(inputs, ctx, opts, true), {
    ...opts.assemble,
    onProblem: (p) => ctx.report(p),
  });
  return { sessions, summary: ctx.summary, problems };
}

// ---------------------------------------------------------------------------------------------
// Lint: rules, config, findings, formats

export { rules } from './rules/index.js';
export { defineRule } from './rules/util/define.js';
export type { Finding, FindingLocation, Report, Rule, RuleContext, RuleMemory } from './rules/types.js';
export {
  lintExitCode,
  type LintResult,
  type LintSummary,
  type LintedMessage,
  type LintedSession,
  type RuleCrash,
} from './rules/engine.js';
export { ConfigError, type RuleSetting } from './rules/config.js';
export { lintFormatNames, type LintFormatName } from './report/lint-formats.js';
export type { LintFormatOptions } from './report/lint-types.js';
export {
  loadCredentials,
  parseCredentials,
  redact,
  type Credential,
  type Credentials,
  type CredentialsLoad,
} from './auth/credentials.js';

/** Options of {@link lint} and {@link evaluateConformance}. */
export interface LintOptions extends ReadSessionsOptions {
  /** The rules to run (default: every registered rule, {@link rules}). */
  rules?: readonly Rule[];
  /**
   * Rule settings, as in `.dmtracerc.json`: `{ rules: { 'element-order': 'off' } }`. Validated
   * like the file: an unknown rule id or value throws a {@link ConfigError}.
   */
  config?: { rules?: Readonly<Record<string, RuleSetting>> };
  /** A config file to read first (`.dmtracerc.json` shape); `config` applies over it. */
  configFile?: string;
  /** Credentials to verify basic, MD5 and HMAC credentials with ({@link loadCredentials}). */
  credentials?: Credentials;
  /** Keep error-level findings only. */
  quiet?: boolean;
}

/** The lint config of a run: the file, then the object over it, validated (throws ConfigError). */
function configOf(opts: LintOptions, rules: readonly Rule[]): LintConfig {
  const config =
    opts.configFile !== undefined ? loadConfig({ rules, cwd: process.cwd(), file: opts.configFile }) : emptyConfig();
  if (opts.config) {
    const given = parseConfig(opts.config, 'config', new Set(rules.map((r) => r.id)));
    Object.assign(config.rules, given.rules);
  }
  return config;
}

/** What lint and conformance take: input names to read, or sessions already assembled. */
export type SessionInput = string | readonly string[] | Iterable<Session> | AsyncIterable<Session>;

/** The sessions of a SessionInput; for inputs to read, also what the read counted and met. */
function sessionsOf(
  input: SessionInput,
  opts: ReadSessionsOptions,
): { sessions: Iterable<Session> | AsyncIterable<Session>; read?: SessionRead; inputs?: string[] } {
  if (typeof input === 'string') input = [input];
  if (Array.isArray(input) && input.every((x): x is string => typeof x === 'string')) {
    const inputs = [...input];
    const read = readSessions(inputs, opts);
    return { sessions: read.sessions, read, inputs };
  }
  return { sessions: input as Iterable<Session> | AsyncIterable<Session> };
}

/**
 * Lints DM sessions with the rules of docs/rules.md, as `dmtrace lint` does: `input` is a list of
 * inputs to read (see {@link readSessions}) or sessions already assembled. Resolves to the
 * findings, the sessions linted, the input problems and the summary.
 *
 * @throws ConfigError when `config` or `configFile` is not valid
 */
export async function lint(input: SessionInput, opts: LintOptions = {}): Promise<LintResult> {
  const rules = opts.rules ?? registry;
  const config = configOf(opts, rules);
  const common = {
    rules,
    config,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.quiet ? { quiet: true } : {}),
  };
  const { sessions, read, inputs } = sessionsOf(input, opts);
  if (!read) return lintStream(sessions, common);
  return lintStream(sessions, { ...common, inputs: inputs ?? [], summary: read.summary, problems: read.problems });
}

/** dmtrace's version, from its package.json ('0' when it cannot be read). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0';
  }
}

/**
 * A lint result as text in one of the `dmtrace lint` formats: `stylish` (default), `json` (the
 * contract of docs/architecture.md "JSON contracts"), `sarif`, `junit`, `github`. Input paths are
 * made relative to `opts.cwd` (default the current directory). Secrets are not redacted here: pass
 * the text through {@link redact} when credentials were used.
 */
export function formatLint(
  result: LintResult,
  format: LintFormatName = 'stylish',
  opts: Partial<LintFormatOptions> = {},
): string {
  return lintFormats[format](result, { cwd: process.cwd(), rules: registry, version: version(), ...opts });
}

// ---------------------------------------------------------------------------------------------
// SCR conformance

export {
  scrExitCode,
  type ScrEvidence,
  type ScrItemResult,
  type ScrReport,
  type ScrSideSummary,
  type Verdict,
} from './rules/scr.js';
export { formatScrTable, type ScrFormatOptions } from './report/scr-table.js';
export { formatScrJson } from './report/scr-json.js';

/**
 * Conformance per SCR item (DM Protocol 1.2 appendix B), as `dmtrace scr` does: every session is
 * linted (cross-session rules see the earlier sessions of a device) and each item of the chosen
 * side(s) gets a verdict — passed, failed, or not exercised by the trace — with its evidence.
 *
 * @throws ConfigError when `config` or `configFile` is not valid
 */
export async function evaluateConformance(
  input: SessionInput,
  opts: LintOptions & { side?: 'client' | 'server' } = {},
): Promise<ScrReport> {
  const rules = opts.rules ?? registry;
  const config = configOf(opts, rules);
  const { sessions } = sessionsOf(input, opts);
  const collector = new ScrCollector();
  const memory = new LintMemory();
  for await (const s of sessions) {
    collector.add(
      s,
      lintSession(s, { rules, config, memory, ...(opts.credentials ? { credentials: opts.credentials } : {}) }),
    );
  }
  return collector.report(opts.side);
}

// ---------------------------------------------------------------------------------------------
// Reports of sessions and messages

export { renderSessionsJson, sessionJson } from './report/sessions-json.js';
export { renderSessionsTable, type TableOptions } from './report/sessions-table.js';
export { renderLadder, type LadderOptions } from './report/ladder.js';
export { renderHar, type Har, type HarEntry } from './report/har-export.js';
export { messageJson } from './report/message-json.js';
export { renderTree } from './report/message-tree.js';
export { formatProblem, formatSummary } from './report/summary.js';

// ---------------------------------------------------------------------------------------------
// Replay

export { recordingOf, type RecordedMessage, type Recording } from './replay/recording.js';
export type { ReplayServer } from './replay/server.js';
export type { LiveMessage, ReplayOutcome, ReplayResult } from './replay/live.js';
export { renderReport, replayFailed, reportJson, reportReplay, type ReplayReport } from './replay/report.js';
export type { Comparison } from './replay/compare.js';

/** A trace that cannot be replayed: no session, several without a choice, or one replay cannot play. */
export class RecordingError extends Error {
  override name = 'RecordingError';
}

/**
 * The recording to replay: reads the inputs, picks the session (`opts.session`, a `Session.id`,
 * or the only one) and checks that it can be replayed. Input problems go to `opts.onProblem`.
 *
 * @throws RecordingError naming the sessions found when there is none to pick, or why the session
 * cannot be replayed
 */
export async function loadRecording(
  inputs: string | readonly string[],
  opts: ReadSessionsOptions & { session?: string } = {},
): Promise<Recording> {
  const all: Session[] = [];
  for await (const s of readSessions(inputs, opts).sessions) all.push(s);
  const picked = pickSession(all, opts.session);
  if ('error' in picked) throw new RecordingError(picked.error);
  const why = check(picked.session);
  if (why) throw new RecordingError(`session ${picked.session.id} cannot be replayed: ${why}`);
  return recordingOf(picked.session);
}

/** Options of {@link replayAsClient}: the server's URL; the wait per answer defaults to 30 s. */
export type ClientOptions = Omit<ClientReplayOptions, 'timeoutMs'> & { timeoutMs?: number };

/**
 * Plays the device's side of a recording against a live DM server at `opts.url`: the recorded
 * client messages with the live session's values (SessionID, nonces, MsgID/CmdID refs) put in, the
 * live server's commands answered. Resolves to the live transcript; {@link reportReplay} compares
 * it with the recording and lints it.
 */
export function replayAsClient(rec: Recording, opts: ClientOptions): Promise<ReplayResult> {
  return playClient(rec, { ...opts, timeoutMs: opts.timeoutMs ?? 30_000 });
}

/** Options of {@link startReplayServer}: every one has a default. */
export type ServerOptions = Partial<ServerReplayOptions>;

/**
 * Plays the server's side of a recording to devices over HTTP (HTTPS with `tls`): on 127.0.0.1
 * and a free port by default (`host`, `port`), bodies up to 16 MiB, 30 s per request. Each device
 * session that ends goes to `onSessionEnd`; `close()` stops the server.
 */
export function startReplayServer(rec: Recording, opts: ServerOptions = {}): Promise<ReplayServer> {
  return playServer(rec, {
    ...opts,
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    maxBody: opts.maxBody ?? 16 * 1024 * 1024,
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
}
