/**
 * Rules and findings (docs/architecture.md "Rules"). A rule declares what it is and checks one session; it knows
 * nothing about output formats.
 */
import type { Direction } from '../model/exchange.js';
import type { Session } from '../session/types.js';
import type { Severity } from '../model/problem.js';

export interface FindingLocation {
  input: string;
  frame?: number;
  entry?: number;
  line?: number;
  offset?: number;
  /** Position of the message in its session (the ladder row). */
  messageIndex?: number;
  /** Element path, e.g. `SyncBody/Status[CmdID=2]`. */
  path?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** DM Protocol section, e.g. `8.3`. */
  section: string;
  scr: string[];
  side: Direction;
  /** Session id (Session.id). */
  session: string;
  /** The rule's message template for this finding, rendered with `data` (what a person reads). */
  message: string;
  /** Which of the rule's messages (`Rule.messages`) this is, e.g. `missingFinal`. */
  messageId: string;
  /** The values filled into the template's `{{placeholders}}`, as strings. */
  data: Record<string, string>;
  location: FindingLocation;
}

/**
 * A rule's messages by id (ESLint `meta.messages`): templates with `{{name}}` placeholders that a
 * report fills from its `data`.
 */
export type RuleMessages = Readonly<Record<string, string>>;

/** The placeholder names of a template literal type: `'{{a}} has {{b}}'` → `'a' | 'b'`. */
export type Placeholders<T extends string> = string extends T
  ? string
  : T extends `${string}{{${infer P}}}${infer Rest}`
    ? P | Placeholders<Rest>
    : never;

/** The data a message needs: one value per placeholder (none when the template has none). */
export type MessageData<T extends string> = string extends T
  ? { data?: Record<string, string | number> }
  : [Placeholders<T>] extends [never]
    ? { data?: Record<string, never> }
    : { data: Record<Placeholders<T>, string | number> };

/** Where and on whom a report is, besides which message it is. */
export interface ReportPlace {
  /** Which message of the session (SessionMessage.index). */
  messageIndex?: number;
  /** Element path inside that message, e.g. `SyncBody/Status[CmdID=2]`. */
  path?: string;
  /** Overrides the rule's default side (for rules that apply to both sides). */
  side?: Direction;
  /** Overrides the rule's default severity for this report (e.g. a field-reality deviation reported as a warning). */
  severity?: Severity;
  /** SCR items this particular report bears on, when narrower than the rule's. */
  scr?: string[];
}

/**
 * What a rule reports: one of its message ids with the data for that message's placeholders
 * (typed: an unknown id or a missing placeholder is a type error), and where. The engine fills in
 * the rule id, section, SCR items, side and severity, and renders the message.
 */
export type Report<M extends RuleMessages = RuleMessages> = {
  [K in keyof M & string]: { messageId: K } & MessageData<M[K]> & ReportPlace;
}[keyof M & string];

/** Credentials for verifying digests, loaded from a file or the environment (src/auth/credentials.ts). */
export interface RuleContext<M extends RuleMessages = RuleMessages> {
  session: Session;
  report(r: Report<M>): void;
  /** Credentials given with --credentials, if any (shape defined by src/auth/credentials.ts). */
  credentials?: unknown;
  /**
   * What this rule kept from earlier sessions of the same device with the same server in this
   * lint run (cross-session checks: the next nonce, an Exec's Correlator). Given by the engine
   * when it lints a stream of sessions; absent when a session is linted on its own.
   */
  memory?: RuleMemory;
}

/**
 * A rule's memory of one device/server pair across the sessions of a lint run (src/rules/engine.ts
 * `LintMemory`). Each rule has its own slot; the engine bounds how many pairs it keeps. Store small
 * values (nonces, correlators), never a whole session.
 */
export interface RuleMemory {
  /** What the rule stored while linting an earlier session of this device and server, if anything. */
  get<T = unknown>(): T | undefined;
  /** Replaces what the rule stores for the next session of this device and server. */
  set(value: unknown): void;
}

/**
 * A rule, shaped like an ESLint rule: what it is, its messages by id, and a check over one session.
 * Generic over its messages, so that `ctx.report({ messageId })` only takes ids the rule declares.
 * One module per rule in src/rules/<id>.ts; the registry is src/rules/index.ts.
 */
export interface Rule<M extends RuleMessages = RuleMessages> {
  /** kebab-case id, e.g. `pkg1-devinfo-replace`. */
  id: string;
  /** DM Protocol 1.2 section, e.g. `8.3`, `9`. */
  section: string;
  /** SCR items this rule bears on (ids from scr-dm-protocol-1.2.json). */
  scr: string[];
  /** Side at fault when the rule fires: the client (device) or the server; `both` when it depends (set Report.side). */
  side: Direction | 'both';
  severity: Severity;
  /** One line. */
  description: string;
  /** A paragraph: what the spec requires, why it matters, what to do. */
  explanation: string;
  /**
   * The rule applies to every package (DM Protocol 8.3–8.6, e.g. item 1: the SyncHdr): a finding
   * at a message of Package 1–4 carries that package's section and SCR item
   * (src/rules/package-sections.ts) instead of `section`, which stays for the other findings.
   */
  perPackage?: boolean;
  /** Message templates by id (ESLint `meta.messages`); docs/rules.md lists them. */
  messages: M;
  check(ctx: RuleContext<M>): void;
}
