/**
 * SCR conformance (DM Protocol 1.2 appendix B): per item of the client (B.1) and server (B.2)
 * tables, a verdict over what the trace showed — passed, failed, or not exercised — with evidence
 * (session and message), and the item's dependency expression (`A AND (B OR C)`) evaluated.
 *
 * - failed: a finding at error level names the item (every Rule lists the SCR items it bears on),
 *   or the item was exercised and its requirement is violated (an item it requires failed);
 * - passed: exercised (an observation in scr-observations.ts, or a non-error finding naming it)
 *   with no error;
 * - not-exercised: nothing in the trace touched it.
 *
 * Requirements are evaluated in three-valued (Kleene) logic: a required item that passed is true,
 * failed is false, not exercised is unknown; `undetermined` when the expression stays unknown.
 */
import type { Finding } from './types.js';
import type { Session } from '../session/types.js';
import { scrClientItems, scrServerItems, scrItems, type SidedScrItem } from './scr-data.js';
import { observations as defaultObservations, type Observation } from './scr-observations.js';

// ---------------------------------------------------------------------------------------------
// Dependency expressions: a tiny recursive-descent parser.
//   expr   := term ('OR' term)*
//   term   := factor ('AND' factor)*
//   factor := ITEM-ID | '(' expr ')'

export type Expr = { kind: 'item'; id: string } | { kind: 'and' | 'or'; operands: Expr[] };

export class ScrExpressionError extends Error {
  override name = 'ScrExpressionError';
}

interface Token {
  kind: 'id' | 'and' | 'or' | '(' | ')';
  text: string;
  at: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  for (const m of src.matchAll(/\s+|\(|\)|[A-Za-z0-9][A-Za-z0-9_.-]*|./g)) {
    const text = m[0];
    const at = m.index;
    if (/^\s+$/.test(text)) continue;
    if (text === '(' || text === ')') out.push({ kind: text, text, at });
    else if (/^[A-Za-z0-9]/.test(text)) {
      const upper = text.toUpperCase();
      out.push({ kind: upper === 'AND' ? 'and' : upper === 'OR' ? 'or' : 'id', text, at });
    } else throw new ScrExpressionError(`unexpected character ${JSON.stringify(text)} at ${at} in "${src}"`);
  }
  return out;
}

/** Parses a requirement expression; an empty string is no requirement (undefined). Throws ScrExpressionError. */
export function parseRequirement(src: string): Expr | undefined {
  const tokens = tokenize(src);
  if (tokens.length === 0) return undefined;
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const t = peek();
    throw new ScrExpressionError(`${what} ${t ? `at ${t.at} ('${t.text}')` : 'at end'} in "${src}"`);
  };
  const factor = (): Expr => {
    const t = peek();
    if (!t) return fail('expected an item id or (');
    if (t.kind === 'id') {
      pos++;
      return { kind: 'item', id: t.text };
    }
    if (t.kind === '(') {
      pos++;
      const e = expr();
      if (peek()?.kind !== ')') fail('expected )');
      pos++;
      return e;
    }
    return fail('expected an item id or (');
  };
  const chain = (kind: 'and' | 'or', next: () => Expr): Expr => {
    const first = next();
    const operands = [first];
    while (peek()?.kind === kind) {
      pos++;
      operands.push(next());
    }
    return operands.length === 1 ? first : { kind, operands };
  };
  const term = () => chain('and', factor);
  const expr = (): Expr => chain('or', term);
  const e = expr();
  if (pos < tokens.length) fail('unexpected');
  return e;
}

/** Item ids an expression names, in order. */
export function itemsOf(e: Expr): string[] {
  return e.kind === 'item' ? [e.id] : e.operands.flatMap(itemsOf);
}

/** The expression written back (parentheses only where needed). */
export function exprToString(e: Expr, parent?: 'and' | 'or'): string {
  if (e.kind === 'item') return e.id;
  const s = e.operands.map((o) => exprToString(o, e.kind)).join(e.kind === 'and' ? ' AND ' : ' OR ');
  return parent === 'and' && e.kind === 'or' ? `(${s})` : s;
}

export type Truth = boolean | undefined;

/** Kleene three-valued evaluation: false AND unknown = false, true OR unknown = true. */
export function evaluate(e: Expr, value: (id: string) => Truth): Truth {
  if (e.kind === 'item') return value(e.id);
  const vals = e.operands.map((o) => evaluate(o, value));
  if (e.kind === 'and') return vals.includes(false) ? false : vals.includes(undefined) ? undefined : true;
  return vals.includes(true) ? true : vals.includes(undefined) ? undefined : false;
}

// ---------------------------------------------------------------------------------------------
// Verdicts

export type Verdict = 'passed' | 'failed' | 'not-exercised';

/** Where the trace showed something about an item. */
export interface ScrEvidence {
  session: string;
  messageIndex?: number;
  input?: string;
  frame?: number;
  entry?: number;
  line?: number;
  /** What was seen (`client sent Alert 1201`) or the finding's message. */
  note: string;
  /** The rule, when the evidence is a finding. */
  rule?: string;
  severity?: Finding['severity'];
}

export interface ScrItemResult {
  id: string;
  side: 'client' | 'server';
  status: 'M' | 'O';
  function: string;
  reference: string;
  requirement: string;
  verdict: Verdict;
  /** Observations (first few sessions) and non-error findings. */
  evidence: ScrEvidence[];
  /** Error-level findings naming the item (first few). */
  failures: ScrEvidence[];
  /** How many sessions exercised the item and how many error findings named it, beyond the evidence kept. */
  exercisedSessions: number;
  errorCount: number;
  /** The requirement evaluated, for an exercised item that has one. */
  requirementResult?: 'satisfied' | 'violated' | 'undetermined';
  /** Which required items made it so (`DM-PRO-LO-C-003 failed`, `DM-PRO-LO-C-004 not exercised`). */
  requirementDetail?: string;
}

export interface ScrSideSummary {
  items: number;
  passed: number;
  failed: number;
  notExercised: number;
  /** Mandatory items that failed: any makes the exit code 1. */
  mandatoryFailed: number;
}

export interface ScrReport {
  source: string;
  sessions: number;
  items: ScrItemResult[];
  summary: { client?: ScrSideSummary; server?: ScrSideSummary };
}

/** How much evidence is kept per item (the counts say how much there was). */
const KEEP = 5;

function evidenceOfFinding(f: Finding): ScrEvidence {
  const e: ScrEvidence = { session: f.session, note: f.message, rule: f.rule, severity: f.severity };
  const l = f.location;
  if (l.messageIndex !== undefined) e.messageIndex = l.messageIndex;
  e.input = l.input;
  if (l.frame !== undefined) e.frame = l.frame;
  if (l.entry !== undefined) e.entry = l.entry;
  if (l.line !== undefined) e.line = l.line;
  return e;
}

interface Acc {
  item: SidedScrItem;
  evidence: ScrEvidence[];
  failures: ScrEvidence[];
  exercisedSessions: number;
  errorCount: number;
}

/** What the observations saw in one session: per item, the evidence that it was exercised (in observation order). */
export interface ScrObserved {
  seen: Array<{ item: string; evidence: ScrEvidence }>;
}

/** Runs every observation on one session (ScrCollector.addObserved adds the result). */
export function observeSession(session: Session, obs: readonly Observation[] = defaultObservations): ScrObserved {
  const seen: ScrObserved['seen'] = [];
  for (const o of obs) {
    if (!scrItems.has(o.item)) continue;
    const at = o.observe(session);
    if (at === undefined) continue;
    const evidence: ScrEvidence = { session: session.id, note: o.what };
    if (at !== 'session') {
      evidence.messageIndex = at;
      const origin = session.messages[at]?.message.origin;
      if (origin) {
        evidence.input = origin.input;
        if (origin.frame !== undefined) evidence.frame = origin.frame;
        if (origin.entry !== undefined) evidence.entry = origin.entry;
        if (origin.line !== undefined) evidence.line = origin.line;
      }
    }
    seen.push({ item: o.item, evidence });
  }
  return { seen };
}

/**
 * Collects, session by session, what the SCR evaluation needs (bounded: a few pieces of evidence
 * per item), so `dmtrace scr` streams like `dmtrace lint`.
 */
export class ScrCollector {
  private readonly acc = new Map<string, Acc>();
  private sessions = 0;

  constructor(private readonly obs: readonly Observation[] = defaultObservations) {
    for (const item of scrItems.values())
      this.acc.set(item.id, { item, evidence: [], failures: [], exercisedSessions: 0, errorCount: 0 });
  }

  /** Adds one session and the findings the rules made on it. */
  add(session: Session, findings: readonly Finding[]): void {
    this.addObserved(observeSession(session, this.obs), findings);
  }

  /**
   * Adds what observeSession saw in one session, and the findings the rules made on it: what
   * `scr --jobs N` does with what its workers post (src/cli/jobs-worker.ts), in the order one
   * process adds the sessions, so that the evidence kept is the same.
   */
  addObserved(observed: ScrObserved, findings: readonly Finding[]): void {
    this.sessions++;
    const exercised = new Set<string>();
    for (const { item, evidence } of observed.seen) {
      const a = this.acc.get(item);
      if (!a) continue;
      exercised.add(item);
      if (a.evidence.length < KEEP) a.evidence.push(evidence);
    }
    for (const f of findings) {
      for (const id of f.scr) {
        const a = this.acc.get(id);
        if (!a) continue;
        exercised.add(id);
        if (f.severity === 'error') {
          a.errorCount++;
          if (a.failures.length < KEEP) a.failures.push(evidenceOfFinding(f));
        } else if (a.evidence.length < KEEP) a.evidence.push(evidenceOfFinding(f));
      }
    }
    for (const id of exercised) this.acc.get(id)!.exercisedSessions++;
  }

  /** The verdicts, for one side or both. */
  report(side?: 'client' | 'server'): ScrReport {
    const verdict = new Map<string, Verdict>();
    for (const [id, a] of this.acc)
      verdict.set(id, a.errorCount > 0 ? 'failed' : a.exercisedSessions > 0 ? 'passed' : 'not-exercised');
    const reqResult = new Map<string, { result: 'satisfied' | 'violated' | 'undetermined'; detail: string }>();
    const value = (id: string): Truth => {
      const v = verdict.get(id);
      return v === 'passed' ? true : v === 'failed' ? false : undefined;
    };
    // Requirements can only turn an exercised item into failed: iterate until nothing changes.
    for (let changed = true, rounds = 0; changed && rounds < 100; rounds++) {
      changed = false;
      for (const [id, a] of this.acc) {
        const v = verdict.get(id)!;
        const expr = parseRequirement(a.item.requirement);
        if (!expr || v === 'not-exercised') continue;
        const t = evaluate(expr, value);
        const result = t === true ? 'satisfied' : t === false ? 'violated' : 'undetermined';
        const named = [...new Set(itemsOf(expr))];
        const detail = named
          .filter((n) =>
            result === 'violated'
              ? value(n) === false
              : result === 'undetermined'
                ? value(n) === undefined
                : value(n) === true,
          )
          .map(
            (n) =>
              `${n} ${verdict.get(n) === undefined ? 'not in the table' : (verdict.get(n) ?? '').replace('-', ' ')}`,
          )
          .join(', ');
        reqResult.set(id, { result, detail });
        if (result === 'violated' && v !== 'failed') {
          verdict.set(id, 'failed');
          changed = true;
        }
      }
    }
    const items: ScrItemResult[] = [];
    const table =
      side === 'client' ? scrClientItems : side === 'server' ? scrServerItems : [...scrClientItems, ...scrServerItems];
    for (const t of table) {
      const a = this.acc.get(t.id)!;
      const r: ScrItemResult = {
        id: t.id,
        side: a.item.side,
        status: t.status,
        function: t.function,
        reference: t.reference,
        requirement: t.requirement,
        verdict: verdict.get(t.id)!,
        evidence: a.evidence,
        failures: a.failures,
        exercisedSessions: a.exercisedSessions,
        errorCount: a.errorCount,
      };
      const rr = reqResult.get(t.id);
      if (rr) {
        r.requirementResult = rr.result;
        if (rr.detail) r.requirementDetail = rr.detail;
      }
      items.push(r);
    }
    const summarize = (s: 'client' | 'server'): ScrSideSummary => {
      const list = items.filter((i) => i.side === s);
      return {
        items: list.length,
        passed: list.filter((i) => i.verdict === 'passed').length,
        failed: list.filter((i) => i.verdict === 'failed').length,
        notExercised: list.filter((i) => i.verdict === 'not-exercised').length,
        mandatoryFailed: list.filter((i) => i.verdict === 'failed' && i.status === 'M').length,
      };
    };
    const summary: ScrReport['summary'] = {};
    if (side !== 'server') summary.client = summarize('client');
    if (side !== 'client') summary.server = summarize('server');
    return {
      source: 'DM Protocol 1.2 SCR, appendix B.1 (client) and B.2 (server)',
      sessions: this.sessions,
      items,
      summary,
    };
  }
}

/** Convenience: verdicts over sessions already linted. */
export function evaluateScr(
  linted: Iterable<{ session: Session; findings: readonly Finding[] }>,
  side?: 'client' | 'server',
  obs?: readonly Observation[],
): ScrReport {
  const c = new ScrCollector(obs);
  for (const { session, findings } of linted) c.add(session, findings);
  return c.report(side);
}

/** Exit code of `dmtrace scr`: 1 when a mandatory item failed. */
export function scrExitCode(r: ScrReport): 0 | 1 {
  return (r.summary.client?.mandatoryFailed ?? 0) + (r.summary.server?.mandatoryFailed ?? 0) > 0 ? 1 : 0;
}
