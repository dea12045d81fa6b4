/**
 * The whole read → decode → sessions → lint → report pipeline in-process over one or more files,
 * with what the robustness tests check afterwards: nothing thrown, every problem located, the
 * summary's accounting of HTTP bodies holding (each DM body is a dmMessage or counted undecodable).
 */
import { readBytes, readInputs } from '../../src/sources/index.js';
import { bodyKind, DM_MEDIA_TYPES, mediaType, messagesOf } from '../../src/sources/messages.js';
import { type Exchange } from '../../src/model/exchange.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newReadContext, type Limits, type ReadContext } from '../../src/sources/types.js';
import { assembleSessions } from '../../src/session/assemble.js';
import type { Session } from '../../src/session/types.js';
import { addSession, finish, type LintResult } from '../../src/rules/engine.js';
import { rules } from '../../src/rules/index.js';
import { lintFormats } from '../../src/report/lint-formats.js';
import { renderSessionsJson } from '../../src/report/sessions-json.js';
import { renderSessionsTable } from '../../src/report/sessions-table.js';
import { renderLadder } from '../../src/report/ladder.js';
import { renderHar } from '../../src/report/har-export.js';
import { messageJson } from '../../src/report/message-json.js';
import { renderTree } from '../../src/report/message-tree.js';
import { formatSummary, formatProblem } from '../../src/report/summary.js';
import { allowsSeverity, isProblemCode } from '../../src/model/problem-codes.js';

export interface PipelineRun {
  ctx: ReadContext;
  problems: InputProblem[];
  sessions: Session[];
  result: LintResult;
  /** Bodies the reader handed on that messagesOf must account for: non-empty DM message bodies. */
  dmBodies: number;
  exchanges: number;
  /** Exchanges with at least one DM body (message or notification). */
  dmExchanges: number;
  /** Counted undecodable by the readers themselves (a message cut in a log, a DM body not saved in a HAR). */
  readerUndecodable: number;
  /** Non-empty bodies whose Content-Type is a DM message type (src/sources/messages.ts DM_MEDIA_TYPES). */
  declaredDmBodies: number;
  /** Lengths of every report rendered (so the renderers really ran). */
  rendered: number;
}

/**
 * Reads, decodes, assembles, lints and renders every report format; throws only if something in src
 * throws. `inputs` are files and folders, or one input held in memory ({ name, bytes }: read by
 * readBytes as if it were a file of that name).
 */
export async function runPipeline(
  inputs: string[] | { name: string; bytes: Uint8Array },
  limits: Partial<Limits> = {},
  opts: { render?: boolean } = {},
): Promise<PipelineRun> {
  const problems: InputProblem[] = [];
  const ctx = newReadContext((p) => problems.push(p));
  Object.assign(ctx.limits, limits);
  let dmBodies = 0;
  let exchanges = 0;
  let dmExchanges = 0;
  let readerUndecodable = 0;
  let declaredDmBodies = 0;
  // Readers count what they drop before they hand on the next exchange (or at their end); messagesOf
  // counts while it handles the one handed on (generators are pulled one item at a time).
  let seen = 0;
  async function* counted(src: AsyncIterable<Exchange>): AsyncGenerator<Exchange> {
    for await (const ex of src) {
      readerUndecodable += ctx.summary.undecodable - seen;
      exchanges++;
      let dm = false;
      for (const [part, lone] of [
        [ex.request, false],
        [ex.response, false],
        [ex.lone, true],
      ] as const) {
        if (!part || part.body.length === 0) continue;
        const kind = bodyKind(part, lone);
        if (kind !== 'other') dm = true;
        if (kind === 'message') dmBodies++;
        if (
          kind === 'message' &&
          DM_MEDIA_TYPES[mediaType(part.contentType) as keyof typeof DM_MEDIA_TYPES] === 'message'
        )
          declaredDmBodies++;
      }
      if (dm) dmExchanges++;
      yield ex;
      seen = ctx.summary.undecodable;
    }
    readerUndecodable += ctx.summary.undecodable - seen;
  }
  const sessions: Session[] = [];
  const result: LintResult = {
    findings: [],
    sessions: [],
    inputs: Array.isArray(inputs) ? [...inputs] : [inputs.name],
    problems: [],
    crashes: [],
    summary: { ...ctx.summary, sessions: 0, messages: 0, errors: 0, warnings: 0, infos: 0 },
  };
  const source = Array.isArray(inputs) ? readInputs(inputs, ctx) : readBytes(inputs.name, inputs.bytes, ctx);
  const stream = assembleSessions(messagesOf(counted(source), ctx), { report: (p) => ctx.report(p) });
  for await (const s of stream) {
    sessions.push(s);
    addSession(result, s, { rules, onCrash: (c) => result.crashes.push(c) });
  }
  finish(result, { summary: ctx.summary, problems, inputs: result.inputs });
  let rendered = 0;
  if (opts.render === false)
    return {
      ctx,
      problems,
      sessions,
      result,
      dmBodies,
      exchanges,
      dmExchanges,
      readerUndecodable,
      declaredDmBodies,
      rendered,
    };
  const fmt = { cwd: process.cwd(), rules, version: '0.0.0-test' };
  for (const f of Object.values(lintFormats)) rendered += f(result, fmt).length;
  rendered +=
    renderSessionsJson(sessions, ctx.summary).length +
    renderSessionsTable(sessions).length +
    formatSummary(ctx.summary).length;
  for (const p of problems) rendered += formatProblem(p).length;
  for (const s of sessions) {
    rendered += renderLadder(s).length + renderHar(s).length;
    for (const m of s.messages) {
      rendered += JSON.stringify(messageJson(m.message)).length;
      if (m.message.tree) rendered += renderTree(m.message.tree).length;
    }
  }
  return {
    ctx,
    problems,
    sessions,
    result,
    dmBodies,
    exchanges,
    dmExchanges,
    readerUndecodable,
    declaredDmBodies,
    rendered,
  };
}

/**
 * What must hold after any input, however bad; returns the violations (empty when all hold) so a
 * failing mutant can be named in the assertion message.
 */
export function violations(run: PipelineRun): string[] {
  const out: string[] = [];
  const s = run.ctx.summary;
  if (s.problems !== run.problems.length)
    out.push(`summary.problems ${s.problems} ≠ ${run.problems.length} problems reported`);
  // Every DM body handed on is a message or counted undecodable; readers count what they drop themselves.
  if (s.dmMessages + s.undecodable !== run.dmBodies + run.readerUndecodable)
    out.push(
      `DM bodies ${run.dmBodies} + ${run.readerUndecodable} dropped by the reader ≠ dmMessages ${s.dmMessages} + undecodable ${s.undecodable}`,
    );
  // The log reader says each message it finds but cannot take out (cut, too large), once.
  const logUndecodable = run.problems.filter((p) => LOG_UNDECODABLE.has(p.code)).length;
  if (run.readerUndecodable < logUndecodable)
    out.push(`${logUndecodable} messages skipped in a log, ${run.readerUndecodable} counted undecodable`);
  if (s.nonDmExchanges + run.dmExchanges !== run.exchanges)
    out.push(`exchanges ${run.exchanges} ≠ nonDm ${s.nonDmExchanges} + DM ${run.dmExchanges}`);
  const inSessions = run.sessions.reduce((n, x) => n + x.messages.length, 0);
  const placed = run.problems.filter(
    (p) => p.code.startsWith('session-') || p.code.startsWith('message-') || p.code.startsWith('dm-message'),
  ).length;
  if (inSessions > s.dmMessages) out.push(`${inSessions} messages in sessions > ${s.dmMessages} decoded`);
  if (inSessions + placed < s.dmMessages)
    out.push(`${s.dmMessages - inSessions} decoded messages in no session and no problem says why`);
  for (const c of run.result.crashes) out.push(`rule ${c.rule} crashed on session ${c.session}: ${c.error}`);
  for (const x of run.sessions)
    for (const m of x.messages)
      for (const p of m.message.problems) {
        if (p.code === 'syncml-internal-error') out.push(`decoder crashed (caught in decodeMessage): ${p.message}`);
        if (!isProblemCode(p.code) || !allowsSeverity(p.code, p.severity))
          out.push(`message problem not declared at this severity: ${p.severity} ${p.code}`);
      }
  for (const p of run.problems) {
    if (p.code === 'dm-body-undecodable' && /decoding failed unexpectedly/.test(p.message))
      out.push(`decoder crashed (caught in decodeMessage): ${p.message}`);
    if (!p.input) out.push(`problem without input: ${JSON.stringify(p)}`);
    if (!p.message || /\n/.test(p.message)) out.push(`problem message empty or multi-line: ${JSON.stringify(p)}`);
    if (!isProblemCode(p.code) || !allowsSeverity(p.code, p.severity))
      out.push(`problem code not declared at this severity (src/model/problem-codes.ts): ${JSON.stringify(p)}`);
    // A reader error caught by readSource's last-resort catch: a bug, not bad input.
    if (p.code === 'internal-error') out.push(`internal error: ${p.message}`);
    if (
      p.code === 'input-unreadable' &&
      !/: (permission denied|is a folder|operation not permitted|no such file|E[A-Z]+)/.test(p.message)
    )
      out.push(`internal error surfaced as input-unreadable: ${p.message}`);
    if (
      /\b(TypeError|RangeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|undefined is not|Maximum call stack)\b/.test(
        p.message,
      )
    )
      out.push(`internal error in a problem: ${p.message}`);
  }
  return out;
}

/** Problems that should say where: anything about a capture frame, HAR entry or log line carries it. */
export function unlocated(run: PipelineRun): InputProblem[] {
  return run.problems.filter(
    (p) =>
      p.frame === undefined &&
      p.entry === undefined &&
      p.line === undefined &&
      p.offset === undefined &&
      !WHOLE_INPUT.has(p.code),
  );
}

/** Log reader problems that count a message as undecodable (src/sources/log.ts). */
const LOG_UNDECODABLE = new Set(['log-message-cut', 'log-message-too-large']);

/** Problem codes about an input as a whole (no frame, entry, line or offset to give). */
export const WHOLE_INPUT = new Set([
  'input-empty',
  'input-not-found',
  'input-unreadable',
  'folder-without-messages',
  'log-without-messages',
  'har-no-entries',
  'har-too-large',
  'message-too-large',
]);

/** Which stderr lines are allowed: `dmtrace: ...`, `<input>...` problem lines, the summary block. */
export function badStderrLines(stderr: string, input: string): string[] {
  const bad: string[] = [];
  let inSummary = false;
  for (const line of stderr.split('\n')) {
    if (line === '') continue;
    if (/^Read \d+ inputs? \(/.test(line)) {
      inSummary = true;
      continue;
    }
    if (inSummary && /^ {2}\S/.test(line)) continue;
    inSummary = false;
    if (line.startsWith('dmtrace: ') || line.startsWith(`${input}:`) || line.startsWith(`${input} `)) continue;
    bad.push(line);
  }
  return bad;
}
