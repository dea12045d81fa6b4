/**
 * sarif: SARIF 2.1.0 as GitHub code scanning takes it (docs.github.com "SARIF support for code
 * scanning"): every registered rule in tool.driver.rules with a helpUri into docs/rules.md; each
 * result with ruleId/ruleIndex, level, message, a physicalLocation whose artifactLocation.uri is the
 * input's path relative to the working directory and a region.startLine (see startLine), logicalLocations for the session and the message, and
 * partialFingerprints that depend only on rule, session, message index and element path — never on
 * absolute paths or times — so alerts stay the same alert across runs.
 *
 * Written as the run goes (`sarifWriter`): the run's `tool`, then each session's results when it is
 * linted, then `invocations` (the input problems, known at the end) and `properties`. The members
 * of a run are in that order so that nothing but the results is written between them; SARIF
 * (§3.14) gives the order no meaning.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../model/problem.js';
import { ruleHelpUri, projectUrl } from '../rules/docs.js';
import type { LintedSession, LintResult } from '../rules/engine.js';
import type { Finding, Rule } from '../rules/types.js';
import { ruleSection } from '../rules/package-sections.js';
import { nestedJson } from './json-stream.js';
import { formatWith, inputPosition, ladderPosition, relativeInput, type LintWriterFactory } from './lint-types.js';

/** SARIF result/notification levels by severity (SARIF §3.27.10). */
export const sarifLevel = { error: 'error', warning: 'warning', info: 'note' } as const satisfies Record<
  Severity,
  string
>;

const schema = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF message text: one line, ending with a period (SARIF2001). */
function sentence(s: string): string {
  const t = s.replace(/\s*\n\s*/g, ' ').trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/**
 * A rule message template as a SARIF message string (SARIF §3.11.5): `{{name}}` placeholders become
 * `{0}`, `{1}`… in order of first appearance, literal braces are doubled; `names` gives the order in
 * which a result's `message.arguments` fill them.
 */
export function sarifMessageString(template: string): { text: string; names: string[] } {
  const names: string[] = [];
  const text = template
    .split(/(\{\{\s*[^{}\s]+\s*\}\})/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[{}]/g, (b) => b + b);
      const name = part.slice(2, -2).trim();
      if (!names.includes(name)) names.push(name);
      return `{${names.indexOf(name)}}`;
    })
    .join('');
  return { text: sentence(text), names };
}

function fingerprint(f: Finding, ordinal: number): string {
  const key = [f.rule, f.session, f.location.messageIndex ?? '', f.location.path ?? '', ordinal].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** A repository-relative path as a relative URI under %SRCROOT%; a path outside the working directory as a file URI. */
function artifactLocation(uri: string): { uri: string; uriBaseId?: string } {
  const encoded = uri.split('/').map(encodeURIComponent).join('/');
  if (uri.startsWith('/')) return { uri: `file://${encoded}` };
  return { uri: encoded, uriBaseId: '%SRCROOT%' };
}

/**
 * The `region.startLine` of a result (GitHub code scanning needs one on every result: Multitool rule
 * GH1003): a capture's frame number, a HAR entry's index + 1, a log's or a message file's line. A
 * finding about the session as a whole takes its first message's; an input with none of these (a lone
 * message on stdin), line 1. The frame's byte offset stays in `properties.offset`: a region with both
 * a line and a byte offset would name two different spans (SARIF §3.30.1).
 */
function startLine(f: Finding, session: LintedSession | undefined): number {
  const at = f.location.messageIndex === undefined ? session?.messages[0]?.origin : f.location;
  if (at?.frame !== undefined) return at.frame;
  if (at?.entry !== undefined) return at.entry + 1;
  return at?.line ?? 1;
}

/** SARIF message strings by rule id and message id. */
type MessageStrings = Map<string, Map<string, { text: string; names: string[] }>>;

/** Each rule's message templates as SARIF message strings (SARIF §3.11.5). */
function messageStringsOf(rules: readonly Rule[]): MessageStrings {
  return new Map(
    rules.map((r) => [
      r.id,
      new Map(Object.entries(r.messages).map(([id, t]) => [id, sarifMessageString(t)] as const)),
    ]),
  );
}

/**
 * What every result of a run is built with: the driver's rule indexes and message strings, and the
 * fingerprint ordinals seen so far in the session (the key holds the session: they start afresh
 * with each).
 */
interface ResultContext {
  cwd: string;
  ruleIndex: Map<string, number>;
  messageStrings: MessageStrings;
  seen: Map<string, number>;
}

/** The logical locations of a finding: its session and, for a finding about a message, the message and element path. */
function logicalLocationsOf(f: Finding): Array<Record<string, unknown>> {
  const logicalLocations: Array<Record<string, unknown>> = [
    { name: f.session, fullyQualifiedName: f.session, kind: 'module' },
  ];
  if (f.location.messageIndex !== undefined) {
    const name = `message[${f.location.messageIndex}]${f.location.path ? `/${f.location.path}` : ''}`;
    logicalLocations.push({ name, fullyQualifiedName: `${f.session}/${name}`, kind: 'element' });
  }
  return logicalLocations;
}

/** The ordinal of a finding among those with the same rule, session, message index and element path: part of its fingerprint. */
function nextOrdinal(f: Finding, seen: Map<string, number>): number {
  const base = [f.rule, f.session, f.location.messageIndex ?? '', f.location.path ?? ''].join('\u0000');
  const ordinal = seen.get(base) ?? 0;
  seen.set(base, ordinal + 1);
  return ordinal;
}

/** A result's message: one sentence with the session, where, and the DM Protocol section and SCR items. */
function resultMessage(f: Finding, session: LintedSession | undefined, ctx: ResultContext): Record<string, unknown> {
  const where = [ladderPosition(f, session), inputPosition(f)].filter(Boolean).join(', ');
  const message: Record<string, unknown> = {
    text: sentence(
      `${f.message} (session ${f.session}, ${where}; DM Protocol §${f.section}${f.scr.length ? `, ${f.scr.join(', ')}` : ''})`,
    ),
  };
  // The rule's message string and its arguments (SARIF §3.11.7), when the rule is in the driver.
  const ms = ctx.messageStrings.get(f.rule)?.get(f.messageId);
  if (ms) {
    message.id = f.messageId;
    message.arguments = ms.names.map((n) => f.data[n] ?? '');
  }
  return message;
}

/** One SARIF result for a finding. */
function sarifResult(f: Finding, session: LintedSession | undefined, ctx: ResultContext): Record<string, unknown> {
  const uri = relativeInput(f.location.input, ctx.cwd);
  const physicalLocation = { artifactLocation: artifactLocation(uri), region: { startLine: startLine(f, session) } };
  const logicalLocations = logicalLocationsOf(f);
  const ordinal = nextOrdinal(f, ctx.seen);
  const message = resultMessage(f, session, ctx);
  const r: Record<string, unknown> = {
    ruleId: f.rule,
    level: sarifLevel[f.severity],
    message,
    locations: [{ physicalLocation, logicalLocations }],
    partialFingerprints: { 'dmtraceFinding/v1': fingerprint(f, ordinal) },
    properties: {
      side: f.side,
      section: f.section,
      scr: f.scr,
      session: f.session,
      messageId: f.messageId,
      data: f.data,
      ...f.location,
      input: uri,
    },
  };
  const idx = ctx.ruleIndex.get(f.rule);
  if (idx !== undefined) r.ruleIndex = idx;
  return r;
}

/** The run's toolExecutionNotifications: each input problem and each rule that failed. */
function notificationsOf(result: LintResult, cwd: string): Array<Record<string, unknown>> {
  return [
    ...result.problems.map((p) => ({
      level: sarifLevel[p.severity],
      message: {
        text: sentence(
          `${relativeInput(p.input, cwd)}${p.frame !== undefined ? ` frame ${p.frame}` : ''}` +
            `${p.offset !== undefined ? ` offset ${p.offset}` : ''}` +
            `${p.line !== undefined ? ` line ${p.line}` : ''}: ${p.message} [${p.code}]`,
        ),
      },
      descriptor: { id: p.code },
    })),
    ...result.crashes.map((c) => ({
      level: 'error',
      message: { text: sentence(`rule ${c.rule} failed on session ${c.session}: ${c.error}`) },
      descriptor: { id: 'internal-error' },
    })),
  ];
}

/** A rule in tool.driver.rules: descriptions, a helpUri into docs/rules.md, its message strings and DM Protocol section. */
function driverRule(r: Rule, messageStrings: MessageStrings): Record<string, unknown> {
  return {
    id: r.id,
    name: r.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: sentence(r.description) },
    fullDescription: { text: sentence(r.explanation) },
    helpUri: ruleHelpUri(r.id),
    help: {
      text: sentence(
        `${r.description.replace(/\.$/, '')}. DM Protocol 1.2 §${ruleSection(r)}${r.scr.length ? `; SCR ${r.scr.join(', ')}` : ''}. See ${ruleHelpUri(r.id)}`,
      ),
    },
    defaultConfiguration: { level: sarifLevel[r.severity] },
    messageStrings: Object.fromEntries(
      [...(messageStrings.get(r.id) ?? [])].map(([id, ms]) => [id, { text: ms.text }]),
    ),
    properties: {
      section: ruleSection(r),
      perPackage: !!r.perPackage,
      scr: r.scr,
      side: r.side,
      tags: ['oma-dm', `dm-${r.side}`],
    },
  };
}

/** The SARIF log written as the run goes: byte for byte JSON.stringify(log, null, 2) of the whole log. */
export const sarifWriter: LintWriterFactory = (write, opts) => {
  const messageStrings = messageStringsOf(opts.rules);
  const ctx: ResultContext = {
    cwd: opts.cwd,
    ruleIndex: new Map(opts.rules.map((r, i) => [r.id, i])),
    messageStrings,
    seen: new Map<string, number>(),
  };
  const tool = {
    driver: {
      name: 'dmtrace',
      version: opts.version,
      semanticVersion: opts.version,
      informationUri: projectUrl,
      rules: opts.rules.map((r) => driverRule(r, messageStrings)),
    },
  };
  write(
    `{\n  "$schema": ${JSON.stringify(schema)},\n  "version": "2.1.0",\n  "runs": [\n    {\n` +
      `      "tool": ${nestedJson(tool, 3)},\n      "columnKind": "utf16CodeUnits",\n      "results": [`,
  );
  let results = 0;
  return {
    session(findings, session) {
      ctx.seen.clear();
      for (const f of findings)
        write(`${results++ ? ',' : ''}\n        ${nestedJson(sarifResult(f, session, ctx), 4)}`);
    },
    end(result) {
      const invocations = [
        {
          executionSuccessful: result.crashes.length === 0,
          toolExecutionNotifications: notificationsOf(result, opts.cwd),
        },
      ];
      write(
        `${results ? '\n      ]' : ']'},\n      "invocations": ${nestedJson(invocations, 3)},\n` +
          `      "properties": ${nestedJson({ summary: result.summary }, 3)}\n    }\n  ]\n}\n`,
      );
    },
  };
};

export const formatSarif = formatWith(sarifWriter);
