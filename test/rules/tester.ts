/**
 * RuleTester, in the style of ESLint's: a table of sessions where a rule must stay silent (`valid`)
 * and sessions where it must fire (`invalid`) with the exact findings expected — no more, no fewer —
 * each named by its message id (and, where it matters, its data), never by a substring.
 *
 * ```ts
 * import { ruleTester, client, server } from './tester.js';
 * ruleTester.run(rule, {
 *   valid: [[pkg1, pkg2]],
 *   invalid: [
 *     { session: [pkg1NoDevInfo, pkg2], errors: [{ messageId: 'noDevInfo', data: { msg: 'Package 1 (MsgID 1)' }, messageIndex: 0, side: 'client' }] },
 *   ],
 * });
 * ```
 *
 * Like ESLint's, it refuses a duplicate case, an invalid case expecting nothing, an expected
 * message id the rule does not declare (a type error too: the table is typed by the rule's
 * messages) and expected data for a placeholder the message does not have; and a finding whose
 * message still shows a `{{placeholder}}` fails its case.
 *
 * A session input is a list of SyncML XML messages: client and server alternating, starting with the
 * client, unless a message says its direction (`client(xml)`, `server(xml)`). Each is decoded by the
 * real codec (src/syncml/message.ts) and the session is put together by the real assembler
 * (src/session `buildSessions`, client/server paired as HTTP exchanges); a case the assembler would
 * split or reorder falls back to a small local builder that keeps the messages as given.
 */
import { describe, expect, it } from 'vitest';
import type { Direction, Origin } from '../../src/model/exchange.js';
import type { Cred, Message } from '../../src/syncml/types.js';
import type { Session, SessionMessage } from '../../src/session/types.js';
import type { Finding, Rule, RuleMessages } from '../../src/rules/types.js';
import type { Severity } from '../../src/model/problem.js';
import { LintMemory, lintSession } from '../../src/rules/engine.js';
import { decodeMessage, type DecodeMessageOptions } from '../../src/syncml/message.js';
import { buildSessions, type AssembleInput } from '../../src/session/index.js';
import { scrItems } from '../../src/rules/scr-data.js';

// ---------------------------------------------------------------------------------------------
// Session inputs

/** One message of a session input: XML text, or XML with its direction and origin spelled out. */
export type MessageInput =
  string | { xml: string; direction?: Direction; origin?: Partial<Origin>; httpStatus?: number };

/** A session input: the messages in order. */
export type SessionInput = readonly MessageInput[];

export const client = (
  xml: string,
  extra: Partial<Omit<Exclude<MessageInput, string>, 'xml' | 'direction'>> = {},
): MessageInput => ({ xml, direction: 'client', ...extra });
export const server = (
  xml: string,
  extra: Partial<Omit<Exclude<MessageInput, string>, 'xml' | 'direction'>> = {},
): MessageInput => ({ xml, direction: 'server', ...extra });

// ---------------------------------------------------------------------------------------------
// Messages

const encoder = new TextEncoder();

/** Decodes one XML message with the real codec (src/syncml/message.ts `decodeMessage`). */
export function buildMessage(xml: string, origin: Origin, direction?: Direction): Message {
  const opts: DecodeMessageOptions = { origin, contentType: 'application/vnd.syncml.dm+xml' };
  if (direction) opts.direction = direction;
  return decodeMessage(encoder.encode(xml), opts);
}

// ---------------------------------------------------------------------------------------------
// Minimal assembler: one session from messages in order.

const alertCodes = (m: Message): string[] =>
  (m.syncml?.body ?? []).filter((c) => c.name === 'Alert').map((c) => c.data ?? '');

/**
 * Assembles a Session from a session input (see the file comment). `input` names the origin.
 *
 * The messages go through the real assembler (src/session `buildSessions`), client and server
 * paired as HTTP exchanges. A case the assembler would not keep as one session in the given order
 * (a SessionID that changes, MsgIDs out of order, a message it cannot place) is assembled by the
 * local builder below instead, so a rule always sees exactly the session the case spells out.
 */
export function buildSession(input: SessionInput, opts: { input?: string } = {}): Session {
  const real = assembled(input, opts);
  return real ?? buildSessionLocally(input, opts);
}

/** How the last buildSession call was assembled (tests of the tester look at it). */
export let lastAssembly: 'assembler' | 'local' = 'local';

function assembled(input: SessionInput, opts: { input?: string }): Session | undefined {
  const msgs = input.map((mi, index) => {
    const spec = typeof mi === 'string' ? { xml: mi } : mi;
    const direction: Direction = spec.direction ?? (index % 2 === 0 ? 'client' : 'server');
    return buildMessage(spec.xml, { input: opts.input ?? 'session.xml', ...spec.origin }, direction);
  });
  if (msgs.some((m) => !m.syncml)) return undefined;
  const items: AssembleInput[] = [];
  let id = 0;
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    const next = msgs[i + 1];
    const part = (x: Message) => ({
      direction: x.direction!,
      headers: [] as Array<[string, string]>,
      body: x.raw,
      origin: x.origin,
    });
    if (m.direction === 'client' && next?.direction === 'server') {
      items.push({
        exchange: { id: ++id, request: { ...part(m), method: 'POST' }, response: { ...part(next), statusCode: 200 } },
        messages: [m, next],
      });
      i++;
    } else {
      items.push({ exchange: { id: ++id, lone: part(m) }, messages: [m] });
    }
  }
  let sessions: Session[];
  try {
    sessions = buildSessions(items);
  } catch {
    return undefined;
  }
  const s = sessions[0];
  if (
    sessions.length !== 1 ||
    !s ||
    s.messages.length !== msgs.length ||
    s.messages.some((sm, i) => sm.message !== msgs[i])
  )
    return undefined;
  lastAssembly = 'assembler';
  return s;
}

function buildSessionLocally(input: SessionInput, opts: { input?: string } = {}): Session {
  lastAssembly = 'local';
  const messages: SessionMessage[] = [];
  let lastClientPkg = 0;
  let lastServerPkg = 0;
  let clientOpen = false; // the client's current package has not seen Final yet
  let serverOpen = false;
  let challenges = 0;
  const packages: number[] = [];
  input.forEach((mi, index) => {
    const spec = typeof mi === 'string' ? { xml: mi } : mi;
    const direction: Direction = spec.direction ?? (index % 2 === 0 ? 'client' : 'server');
    const origin: Origin = { input: opts.input ?? 'session.xml', ...spec.origin };
    const message = buildMessage(spec.xml, origin, direction);
    const codes = alertCodes(message);
    const body = message.syncml?.body ?? [];
    const nextMessageRequest =
      !message.syncml?.final &&
      codes.includes('1222') &&
      body.every((c) => c.name === 'Status' || (c.name === 'Alert' && c.data === '1222'));
    const prev = messages[messages.length - 1];
    // 401/407 on the previous server message's SyncHdr Status: the client resends Package 1 (§9).
    const challenged =
      direction === 'client' &&
      prev?.direction === 'server' &&
      (prev.message.syncml?.body ?? []).some(
        (c) => c.name === 'Status' && c.cmd === 'SyncHdr' && (c.data === '401' || c.data === '407'),
      );
    if (challenged) challenges++;
    let pkg: number;
    let packageStart = false;
    let authRetry = false;
    if (direction === 'client') {
      if (challenged) {
        pkg = 1;
        authRetry = true;
        packageStart = true;
      } else if (clientOpen || nextMessageRequest) pkg = lastClientPkg || 1;
      else {
        pkg = lastClientPkg === 0 ? 1 : Math.max(lastClientPkg, lastServerPkg) + 1;
        packageStart = true;
      }
      if (!nextMessageRequest) {
        lastClientPkg = pkg;
        clientOpen = !message.syncml?.final;
      }
    } else {
      if (serverOpen || nextMessageRequest) pkg = lastServerPkg || 2;
      else {
        pkg = lastClientPkg + 1;
        packageStart = true;
      }
      if (!nextMessageRequest) {
        lastServerPkg = pkg;
        serverOpen = !message.syncml?.final;
      }
    }
    const iteration = pkg >= 3 ? Math.floor((pkg - 3) / 2) + 1 : 1;
    const shown = pkg >= 3 ? ((pkg - 3) % 2) + 3 : pkg;
    if (packageStart && !nextMessageRequest) packages.push(shown);
    const sm: SessionMessage = {
      index,
      direction,
      message,
      package: shown,
      iteration,
      packageStart,
      authRetry,
      nextMessageRequest,
    };
    if (spec.httpStatus !== undefined) sm.httpStatus = spec.httpStatus;
    if (index > 0 && direction === 'server' && prev?.direction === 'client') sm.answers = index - 1;
    messages.push(sm);
  });
  const first = messages.find((m) => m.direction === 'client')?.message.syncml?.hdr;
  const device = first?.source?.locURI ?? '';
  const sessionId = first?.sessionID ?? messages[0]?.message.syncml?.hdr.sessionID ?? '';
  const abortAt = messages.find((m) => alertCodes(m.message).includes('1223'));
  const last = messages[messages.length - 1];
  const outcome = abortAt
    ? 'aborted'
    : last?.direction === 'server' && last.message.syncml?.final
      ? 'completed'
      : 'incomplete';
  const credType = (c?: Cred) =>
    c?.meta?.type?.includes('md5') ? 'md5' : c?.meta?.type?.includes('basic') ? 'basic' : c ? 'unknown' : 'none';
  const session: Session = {
    id: `${device}/${sessionId}`,
    sessionId,
    device,
    server: first?.target?.locURI ?? '',
    messages,
    packages,
    outcome,
    outcomeReason: abortAt ? `Alert 1223 in message ${abortAt.index}` : outcome,
    auth: {
      client: {
        type: credType(
          messages.find((m) => m.direction === 'client' && m.message.syncml?.hdr.cred)?.message.syncml?.hdr.cred,
        ),
      },
      server: {
        type: credType(
          messages.find((m) => m.direction === 'server' && m.message.syncml?.hdr.cred)?.message.syncml?.hdr.cred,
        ),
      },
      challenges,
    },
    largeObjects: [],
    genericAlerts: [],
    bytes: messages.reduce((n, m) => n + m.message.raw.length, 0),
  };
  if (abortAt) session.abortedBy = abortAt.direction;
  return session;
}

// ---------------------------------------------------------------------------------------------
// The tester

/**
 * One expected finding (ESLint's `errors` entry): the message id, and every other given field must
 * match. `data` is compared exactly: the same placeholders with the same values (numbers as the
 * strings they render to), so that with `data` the rendered message is pinned as a whole.
 */
export interface ExpectedFinding<M extends RuleMessages = RuleMessages> {
  messageId: keyof M & string;
  data?: Readonly<Record<string, string | number>>;
  messageIndex?: number;
  path?: string;
  side?: Direction;
  severity?: Severity;
  section?: string;
  scr?: string[];
}

export interface ValidCase {
  name?: string;
  session: SessionInput;
  credentials?: unknown;
  /**
   * Earlier sessions of the same device, linted first with the same cross-session memory
   * (RuleContext.memory), as `dmtrace lint` does for consecutive sessions in one trace. Only the
   * findings on `session` are compared.
   */
  before?: readonly SessionInput[];
}

export interface InvalidCase<M extends RuleMessages = RuleMessages> extends ValidCase {
  errors: Array<ExpectedFinding<M>>;
}

export interface RuleTests<M extends RuleMessages = RuleMessages> {
  valid: Array<SessionInput | ValidCase>;
  invalid: Array<InvalidCase<M>>;
}

function describeExpected(e: ExpectedFinding): string {
  return JSON.stringify(e);
}

const asStrings = (d: Readonly<Record<string, string | number>>): Record<string, string> =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)]));

function matches(f: Finding, e: ExpectedFinding): string | undefined {
  if (f.messageId !== e.messageId) return `messageId ${f.messageId} ≠ ${e.messageId}`;
  if (e.data !== undefined) {
    const want = asStrings(e.data);
    const keys = [...new Set([...Object.keys(want), ...Object.keys(f.data)])].sort();
    const diff = keys.filter((k) => want[k] !== f.data[k]);
    if (diff.length)
      return `data ${diff.map((k) => `${k}: ${JSON.stringify(f.data[k])} ≠ ${JSON.stringify(want[k])}`).join(', ')}`;
  }
  if (e.messageIndex !== undefined && f.location.messageIndex !== e.messageIndex)
    return `messageIndex ${f.location.messageIndex} ≠ ${e.messageIndex}`;
  if (e.path !== undefined && f.location.path !== e.path) return `path ${f.location.path} ≠ ${e.path}`;
  if (e.side !== undefined && f.side !== e.side) return `side ${f.side} ≠ ${e.side}`;
  if (e.severity !== undefined && f.severity !== e.severity) return `severity ${f.severity} ≠ ${e.severity}`;
  if (e.section !== undefined && f.section !== e.section) return `section ${f.section} ≠ ${e.section}`;
  if (e.scr !== undefined && JSON.stringify(f.scr) !== JSON.stringify(e.scr))
    return `scr ${JSON.stringify(f.scr)} ≠ ${JSON.stringify(e.scr)}`;
  return undefined;
}

/** A finding as a line for failure output: severity, place, message id, data, text. */
function showFinding(f: Finding): string {
  return `${f.severity} #${f.location.messageIndex} ${f.location.path ?? ''} (${f.side}, §${f.section}) ${f.messageId} ${JSON.stringify(f.data)}: ${f.message}`;
}

/**
 * Compares findings with the expected ones, in order: the same number, each matching its
 * expectation. Returns what differs (empty when they agree).
 */
export function compareFindings(findings: readonly Finding[], expected: readonly ExpectedFinding[]): string[] {
  const shown = findings.map(showFinding);
  const out: string[] = [];
  if (findings.length !== expected.length)
    out.push(`expected ${expected.length} finding(s), got ${findings.length}:\n${shown.join('\n')}`);
  expected.forEach((e, j) => {
    const f = findings[j];
    if (!f) return;
    const why = matches(f, e);
    if (why) out.push(`finding ${j + 1} (${shown[j]}) vs expected ${describeExpected(e)}: ${why}`);
  });
  return out;
}

/**
 * Lints one session input with one rule through the engine (so locations are filled as in the CLI).
 * Throws when the rule throws, or when a finding's message still shows a `{{placeholder}}` the
 * report gave no data for (ESLint: "unsubstituted placeholder").
 */
export function runRule<M extends RuleMessages>(
  rule: Rule<M>,
  input: SessionInput,
  credentials?: unknown,
  before: readonly SessionInput[] = [],
): Finding[] {
  const crashes: string[] = [];
  const opts: Parameters<typeof lintSession>[1] = {
    rules: [rule as unknown as Rule],
    onCrash: (c) => crashes.push(c.error),
    memory: new LintMemory(),
  };
  if (credentials !== undefined) opts.credentials = credentials;
  for (const earlier of before) lintSession(buildSession(earlier), opts);
  const findings = lintSession(buildSession(input), opts);
  if (crashes.length) throw new Error(`rule ${rule.id} threw: ${crashes.join('; ')}`);
  for (const f of findings) {
    const left = /\{\{\s*([^{}\s]+)\s*\}\}/.exec(f.message);
    if (left)
      throw new Error(
        `rule ${rule.id}: message ${f.messageId} has an unsubstituted placeholder '${left[1]}': ${f.message}`,
      );
  }
  return findings;
}

/** The `{{placeholders}}` of a template, in order of first appearance. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((m) => m[1]!))];
}

/**
 * Checks a rule's own declaration: id, section, SCR items known, one-line description, explanation,
 * at least one message, each a one-line template with well-formed `{{placeholders}}`.
 */
export function checkRuleMeta(rule: Rule): string[] {
  const errs: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id)) errs.push(`id '${rule.id}' is not kebab-case`);
  if (!rule.section.trim()) errs.push('section is empty');
  for (const s of rule.scr) if (!scrItems.has(s)) errs.push(`unknown SCR item '${s}'`);
  if (!rule.description.trim() || /\n/.test(rule.description)) errs.push('description must be one non-empty line');
  if (rule.explanation.trim().length < 20) errs.push('explanation is missing or too short');
  const ids = Object.keys(rule.messages);
  if (ids.length === 0) errs.push('declares no messages');
  for (const id of ids) {
    const t = rule.messages[id]!;
    if (!/^[a-z][A-Za-z0-9]*$/.test(id)) errs.push(`message id '${id}' is not camelCase`);
    if (!t.trim() || /\n/.test(t)) errs.push(`message ${id} must be one non-empty line`);
    const rest = t.replace(/\{\{\s*[A-Za-z][A-Za-z0-9]*\s*\}\}/g, '');
    if (/\{\{|\}\}/.test(rest)) errs.push(`message ${id} has a malformed placeholder: ${t}`);
  }
  return errs;
}

/**
 * Checks a test table before any case runs, as ESLint's RuleTester does: no duplicate case (the
 * same session, credentials and earlier sessions twice, valid or invalid), no invalid case without
 * an expected finding, no expected message id the rule does not declare, and no expected `data`
 * naming a placeholder the message does not have. Throws; returns the valid cases in object form.
 */
export function checkTests<M extends RuleMessages>(rule: Rule<M>, tests: RuleTests<M>): ValidCase[] {
  const seen = new Set<string>();
  const key = (c: unknown) => JSON.stringify(c);
  const valid: ValidCase[] = tests.valid.map((v) =>
    Array.isArray(v) ? { session: v as SessionInput } : (v as ValidCase),
  );
  for (const c of [...valid, ...tests.invalid].map((v) => ({
    session: v.session,
    credentials: v.credentials,
    before: v.before,
  }))) {
    const k = key(c);
    if (seen.has(k)) throw new Error(`RuleTester(${rule.id}): duplicate test case ${k.slice(0, 200)}`);
    seen.add(k);
  }
  if (tests.invalid.some((c) => c.errors.length === 0))
    throw new Error(`RuleTester(${rule.id}): an invalid case must expect at least one finding (put it in valid)`);
  const ids = Object.keys(rule.messages);
  for (const c of tests.invalid) {
    for (const e of c.errors) {
      const template = (rule.messages as RuleMessages)[e.messageId];
      if (template === undefined)
        throw new Error(
          `RuleTester(${rule.id}): invalid messageId '${e.messageId}'; the rule's messages are ${ids.map((i) => `'${i}'`).join(', ')}`,
        );
      if (e.data) {
        const known = placeholdersOf(template);
        const unknown = Object.keys(e.data).filter((k) => !known.includes(k));
        if (unknown.length)
          throw new Error(
            `RuleTester(${rule.id}): data ${unknown.join(', ')} for message ${e.messageId}, which has no such placeholder (it has ${known.join(', ') || 'none'})`,
          );
      }
    }
  }
  return valid;
}

export class RuleTester {
  /** Registers vitest cases for a rule: its declaration, each valid and each invalid session. */
  run<M extends RuleMessages>(rule: Rule<M>, tests: RuleTests<M>): void {
    const valid = checkTests(rule, tests);
    describe(rule.id, () => {
      it('declares id, section, SCR items, description, explanation and messages', () => {
        expect(checkRuleMeta(rule as unknown as Rule)).toEqual([]);
      });
      valid.forEach((c, i) => {
        it(`valid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
          const findings = runRule(rule, c.session, c.credentials, c.before);
          expect(findings.map(showFinding)).toEqual([]);
        });
      });
      tests.invalid.forEach((c, i) => {
        it(`invalid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
          for (const e of c.errors) {
            if (e.messageIndex !== undefined && (e.messageIndex < 0 || e.messageIndex >= c.session.length)) {
              throw new Error(
                `expected messageIndex ${e.messageIndex} is outside the session (${c.session.length} messages)`,
              );
            }
          }
          const findings = runRule(rule, c.session, c.credentials, c.before);
          expect(compareFindings(findings, c.errors as ExpectedFinding[])).toEqual([]);
        });
      });
    });
  }
}

export const ruleTester = new RuleTester();

// ---------------------------------------------------------------------------------------------
// A real session for engine and reporter tests

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtures } from '../helpers.js';

/**
 * The four messages of the real libdmclient session (fixtures/corpus/captures/libdmclient-xml-auth.pcapng,
 * HTTP bodies exported with tshark; fixtures/lint/), with the capture's frame numbers as origins.
 * Message 2 (the client's Package 3) starts with a newline before its XML declaration.
 */
export function libdmclientInput(input = 'fixtures/lint/libdmclient-xml-auth.pcapng'): SessionInput {
  const files = [
    'libdmclient-msg0-pkg1.xml',
    'libdmclient-msg1-pkg2.xml',
    'libdmclient-msg2-pkg3.xml',
    'libdmclient-msg3-pkg4.xml',
  ];
  const frames = [4, 6, 8, 9];
  // Byte offsets of those frames' Enhanced Packet Blocks in the capture (walked with a 10-line pcapng block walker).
  const offsets = [568, 3792, 5424, 7256];
  return files.map((f, i) => ({
    xml: readFileSync(path.join(fixtures, 'lint', f), 'utf8'),
    direction: i % 2 === 0 ? ('client' as const) : ('server' as const),
    origin: { input, frame: frames[i]!, offset: offsets[i]! },
  }));
}
