/**
 * The live session against the recorded one, message by message and command by command.
 *
 * What legitimately differs on a live replay is not compared: SessionID, MsgID, CmdIDs, MsgRef /
 * CmdRef numbers (commands are named by what they are about, see describe.ts), nonces and
 * credentials (SyncHdr Cred, Chal NextNonce), timestamps. What is compared: which commands each
 * message carries (name, Alert code, URIs, the command a Status/Results answers), their order, and
 * their values (status codes, a Chal's presence and type, item data).
 *
 * The diff reads per package:
 * ```
 * Pkg2 server msg 1
 *   + Get ./DevDetail/FwV (live only)
 *   - Replace ./DevInfo/Lang
 *   ~ Status(Get ./DevInfo/Mod) 200 → 404
 * ```
 */
import type { Element } from '../model/tree.js';
import { describeMessage, pairByKey, type CommandDesc, type TranscriptMessage } from './describe.js';

/** A live message, with the recorded message it was played against (if any). */
export interface LiveTranscriptMessage extends TranscriptMessage {
  recIndex?: number;
  /** A message only there to carry a large object's later chunks (and the peer's 213 / Alert 1222 answers): not compared. */
  transport?: boolean;
  /** The logical message compared with the recording when chunks split it (the whole message, reassembled). */
  compareAs?: Element;
}

export type DiffOp = '+' | '-' | '~' | 'order';

export interface CommandDiff {
  op: DiffOp;
  key: string;
  /** One line a person reads. */
  text: string;
}

export interface MessageDiff {
  /** `Pkg2 server msg 1`. */
  label: string;
  direction: 'client' | 'server';
  package?: number;
  recIndex?: number;
  liveIndex?: number;
  /** 'both', or the side that alone has the message. */
  presence: 'both' | 'recorded' | 'live';
  commands: number;
  diffs: CommandDiff[];
}

export interface Comparison {
  messages: MessageDiff[];
  /** Divergences the message diff cannot show (wrong credentials, timeouts, HTTP errors). */
  notes: string[];
  divergent: boolean;
  /** Number of divergent lines (diff lines + notes). */
  divergences: number;
}

export interface CompareOptions {
  /** Live strings that stand for recorded ones (a templated device id for the recorded one): equal when compared. */
  aliases?: ReadonlyArray<[live: string, recorded: string]>;
}

function unalias(d: CommandDesc, aliases: ReadonlyArray<[string, string]>): CommandDesc {
  if (!aliases.length) return d;
  let key = d.key;
  let value = d.value;
  for (const [l, r] of aliases) {
    if (l === '' || l === r) continue;
    key = key.split(l).join(r);
    if (value !== undefined) value = value.split(l).join(r);
  }
  return value !== undefined ? { ...d, key, value } : { ...d, key };
}

/** Compares a live transcript with the recording it replays. */
export function compareSessions(
  recorded: readonly TranscriptMessage[],
  live: readonly LiveTranscriptMessage[],
  notes: readonly string[] = [],
  opts: CompareOptions = {},
): Comparison {
  const recDesc = recorded.map((_, i) => describeMessage(recorded, i));
  const view: TranscriptMessage[] = live.map((m) => ({
    direction: m.direction,
    tree: m.compareAs ?? m.tree,
    ...(m.package !== undefined ? { package: m.package } : {}),
  }));
  const liveDesc = view.map((_, i) => describeMessage(view, i).map((d) => unalias(d, opts.aliases ?? [])));
  const pairedRec = new Set<number>();
  for (const m of live) if (m.recIndex !== undefined) pairedRec.add(m.recIndex);
  const out: MessageDiff[] = [];
  const counters = { client: 0, server: 0 };
  let nextRec = 0;
  let lastPkg: number | undefined;
  const emitRecordedOnly = (upTo: number): void => {
    for (; nextRec < upTo; nextRec++) {
      if (pairedRec.has(nextRec)) continue;
      const r = recorded[nextRec]!;
      out.push({
        label: `${pkgLabel(r.package)} ${r.direction} (recorded only)`,
        direction: r.direction,
        ...(r.package !== undefined ? { package: r.package } : {}),
        recIndex: nextRec,
        presence: 'recorded',
        commands: recDesc[nextRec]!.length,
        diffs: recDesc[nextRec]!.map((d) => ({ op: '-' as const, key: d.key, text: `- ${show(d)}` })),
      });
    }
  };
  live.forEach((m, j) => {
    const n = ++counters[m.direction];
    if (m.transport) return;
    if (m.recIndex !== undefined) {
      emitRecordedOnly(m.recIndex);
      nextRec = Math.max(nextRec, m.recIndex + 1);
      const r = recorded[m.recIndex]!;
      lastPkg = r.package ?? m.package;
      out.push({
        label: `${pkgLabel(lastPkg)} ${m.direction} msg ${n}`,
        direction: m.direction,
        ...(lastPkg !== undefined ? { package: lastPkg } : {}),
        recIndex: m.recIndex,
        liveIndex: j,
        presence: 'both',
        commands: liveDesc[j]!.length,
        diffs: diffCommands(recDesc[m.recIndex]!, liveDesc[j]!),
      });
    } else {
      const pkg = m.package ?? inferPackage(lastPkg, m.direction);
      lastPkg = pkg;
      out.push({
        label: `${pkgLabel(pkg)} ${m.direction} msg ${n} (live only)`,
        direction: m.direction,
        ...(pkg !== undefined ? { package: pkg } : {}),
        liveIndex: j,
        presence: 'live',
        commands: liveDesc[j]!.length,
        diffs: liveDesc[j]!.map((d) => ({ op: '+' as const, key: d.key, text: `+ ${show(d)} (live only)` })),
      });
    }
  });
  emitRecordedOnly(recorded.length);
  const divergences =
    out.reduce((a, m) => a + m.diffs.length + (m.presence !== 'both' && m.diffs.length === 0 ? 1 : 0), 0) +
    notes.length;
  return { messages: out, notes: [...notes], divergent: divergences > 0, divergences };
}

function pkgLabel(p: number | undefined): string {
  return p === undefined ? 'Pkg?' : `Pkg${p}`;
}

/** The package of a live-only message from the one before it: client 1/3 after 2/4, server one more than the client's. */
function inferPackage(prev: number | undefined, dir: 'client' | 'server'): number | undefined {
  if (prev === undefined) return dir === 'client' ? 1 : 2;
  if (dir === 'server') return prev % 2 === 1 ? prev + 1 : prev;
  return prev % 2 === 0 ? Math.min(prev + 1, 3) : prev;
}

function show(d: CommandDesc): string {
  return d.value !== undefined && d.value !== '' ? `${d.key} ${d.value}` : d.key;
}

/** Command diff of one message pair: removed, added, changed values, and moves. */
export function diffCommands(rec: readonly CommandDesc[], live: readonly CommandDesc[]): CommandDiff[] {
  const pairs = pairByKey(rec, live);
  const out: CommandDiff[] = [];
  const usedLive = new Set<number>();
  pairs.forEach((li, ri) => {
    const r = rec[ri]!;
    if (li === undefined) {
      out.push({ op: '-', key: r.key, text: `- ${show(r)}` });
      return;
    }
    usedLive.add(li);
    const l = live[li]!;
    if ((r.value ?? '') !== (l.value ?? ''))
      out.push({ op: '~', key: r.key, text: `~ ${r.key} ${r.value || '(none)'} → ${l.value || '(none)'}` });
  });
  live.forEach((l, li) => {
    if (!usedLive.has(li)) out.push({ op: '+', key: l.key, text: `+ ${show(l)} (live only)` });
  });
  // Order: the paired commands whose live positions are not in the longest increasing run moved.
  const seq = pairs.map((li, ri) => ({ ri, li })).filter((p): p is { ri: number; li: number } => p.li !== undefined);
  const keep = lisIndexes(seq.map((p) => p.li));
  seq.forEach((p, k) => {
    if (keep.has(k)) return;
    const r = rec[p.ri]!;
    out.push({ op: 'order', key: r.key, text: `↕ ${r.key} moved (recorded #${p.ri + 1}, live #${p.li + 1})` });
  });
  return out;
}

/** Indexes (into `xs`) of one longest strictly increasing subsequence. */
function lisIndexes(xs: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]!]! < xs[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Set<number>();
  let k = tails.length ? tails[tails.length - 1]! : -1;
  while (k >= 0) {
    out.add(k);
    k = prev[k]!;
  }
  return out;
}

/** The diff as text: one heading per message, one line per divergence, then the notes. */
export function renderComparison(c: Comparison, opts: { all?: boolean } = {}): string {
  const lines: string[] = [];
  for (const m of c.messages) {
    if (m.diffs.length === 0 && m.presence === 'both') {
      if (opts.all) lines.push(`${m.label}: same (${m.commands} command${m.commands === 1 ? '' : 's'})`);
      continue;
    }
    lines.push(m.label);
    if (m.diffs.length === 0) lines.push('  (no commands)');
    for (const d of m.diffs) lines.push(`  ${d.text}`);
  }
  for (const n of c.notes) lines.push(`! ${n}`);
  lines.push(
    c.divergent
      ? `${c.divergences} divergence${c.divergences === 1 ? '' : 's'} from the recording`
      : 'no divergence from the recording',
  );
  return `${lines.join('\n')}\n`;
}
