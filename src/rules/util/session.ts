/**
 * Shared helpers for rules: walking commands, finding the Status that answers a command, telling
 * which message answers which, and naming messages and elements the way a person reads a ladder.
 */
import type { Direction } from '../../model/exchange.js';
import type { Session, SessionMessage } from '../../session/types.js';
import type { Command, Item, Meta, SyncML } from '../../syncml/types.js';

/** The peer of a side. */
export function peer(side: Direction): Direction {
  return side === 'client' ? 'server' : 'client';
}

/** The SyncML view of a session message, when it decoded. */
export function sml(sm: SessionMessage): SyncML | undefined {
  return sm.message.syncml;
}

/** Commands of a body, depth first, with those inside Atomic and Sequence after their container. */
export function walkCommands(body: readonly Command[]): Command[] {
  const out: Command[] = [];
  const visit = (cmds: readonly Command[]): void => {
    for (const c of cmds) {
      out.push(c);
      if (c.commands) visit(c.commands);
    }
  };
  visit(body);
  return out;
}

const walked = new WeakMap<SyncML, Command[]>();

/** All commands of a message (nested ones included); empty when it did not decode. Computed once per message. */
export function commandsOf(sm: SessionMessage): Command[] {
  const s = sml(sm);
  if (!s) return [];
  let cmds = walked.get(s);
  if (!cmds) {
    cmds = walkCommands(s.body);
    walked.set(s, cmds);
  }
  return cmds;
}

const byId = new WeakMap<SyncML, Map<string, Command>>();

/** The command of a message with that CmdID (the first, when a CmdID repeats). */
export function commandById(sm: SessionMessage, cmdID: string): Command | undefined {
  const s = sml(sm);
  if (!s) return undefined;
  let map = byId.get(s);
  if (!map) {
    map = new Map();
    for (const c of commandsOf(sm)) {
      const id = c.cmdID?.trim();
      if (id && !map.has(id)) map.set(id, c);
    }
    byId.set(s, map);
  }
  return map.get(cmdID);
}

/** Alert code of an Alert command (its Data, trimmed). */
export function alertCode(c: Command): string | undefined {
  return c.name === 'Alert' ? c.data?.trim() : undefined;
}

/** Alerts of a message with the given code(s). */
export function alertsOf(sm: SessionMessage, ...codes: string[]): Command[] {
  return commandsOf(sm).filter((c) => c.name === 'Alert' && (codes.length === 0 || codes.includes(alertCode(c) ?? '')));
}

/** Status code of a Status command (its Data, trimmed). */
export function statusCode(c: Command): string | undefined {
  return c.name === 'Status' ? c.data?.trim() : undefined;
}

/** True when the Status answers a SyncHdr (Cmd `SyncHdr`, or CmdRef 0 without Cmd). */
export function isHdrStatus(c: Command): boolean {
  if (c.name !== 'Status') return false;
  const cmd = c.cmd?.trim();
  if (cmd !== undefined && cmd !== '') return cmd === 'SyncHdr';
  return c.cmdRef?.trim() === '0';
}

/** Messages of one side, in session order. */
export function messagesOf(session: Session, side: Direction): SessionMessage[] {
  return session.messages.filter((m) => m.direction === side);
}

/** The next message after `sm` sent by `side` (default: the peer of `sm`). */
export function nextFrom(
  session: Session,
  sm: SessionMessage,
  side: Direction = peer(sm.direction),
): SessionMessage | undefined {
  for (let i = sm.index + 1; i < session.messages.length; i++) {
    const m = session.messages[i]!;
    if (m.direction === side) return m;
  }
  return undefined;
}

/** The last message before `sm` sent by `side` (default: the peer of `sm`). */
export function previousFrom(
  session: Session,
  sm: SessionMessage,
  side: Direction = peer(sm.direction),
): SessionMessage | undefined {
  for (let i = sm.index - 1; i >= 0; i--) {
    const m = session.messages[i]!;
    if (m.direction === side) return m;
  }
  return undefined;
}

/**
 * The peer message a message answers: the assembler's `answers` when set, else the last peer
 * message before it.
 */
export function answered(session: Session, sm: SessionMessage): SessionMessage | undefined {
  if (sm.answers !== undefined) {
    const m = session.messages[sm.answers];
    if (m && m.direction !== sm.direction) return m;
  }
  return previousFrom(session, sm);
}

/** The peer message that answers `sm`: the first later peer message whose `answers` is `sm`, else the next peer message. */
export function answerTo(session: Session, sm: SessionMessage): SessionMessage | undefined {
  for (let i = sm.index + 1; i < session.messages.length; i++) {
    const m = session.messages[i]!;
    if (m.direction !== sm.direction && m.answers === sm.index) return m;
  }
  return nextFrom(session, sm);
}

/**
 * The message of `side` a MsgRef names, as seen from `from` (the message holding the reference):
 * the latest message of that side before `from` with that MsgID. Without MsgRef: the message `from` answers.
 */
export function referencedMessage(
  session: Session,
  from: SessionMessage,
  msgRef: string | undefined,
): SessionMessage | undefined {
  if (msgRef === undefined || msgRef.trim() === '') return answered(session, from);
  const list = indexOf(session).msgIDs[peer(from.direction)].get(msgRef.trim());
  if (!list) return undefined;
  // The latest message of the peer with that MsgID before `from` (list is in session order).
  for (let i = list.length - 1; i >= 0; i--) if (list[i]! < from.index) return session.messages[list[i]!];
  return undefined;
}

/** One Status or Results found for a command, with the message that carried it. */
export interface Answer {
  message: SessionMessage;
  command: Command;
  /** Position of the command in its message's command walk. */
  position: number;
}

/** Per session: MsgIDs per side, and every Status/Results by the message it references. Built once per session. */
interface RefIndex {
  msgIDs: Record<Direction, Map<string, number[]>>;
  answers: Map<number, Answer[]>;
  /** The same, keyed `<message index>/<CmdRef>`. */
  byCmdRef: Map<string, Answer[]>;
}

const indexes = new WeakMap<Session, RefIndex>();

function indexOf(session: Session): RefIndex {
  let ix = indexes.get(session);
  if (ix) return ix;
  ix = { msgIDs: { client: new Map(), server: new Map() }, answers: new Map(), byCmdRef: new Map() };
  indexes.set(session, ix);
  for (const m of session.messages) {
    const id = sml(m)?.hdr.msgID?.trim();
    if (!id) continue;
    const map = ix.msgIDs[m.direction];
    const list = map.get(id) ?? [];
    list.push(m.index);
    map.set(id, list);
  }
  for (const m of session.messages) {
    commandsOf(m).forEach((c, position) => {
      if (c.name !== 'Status' && c.name !== 'Results') return;
      const ref = referencedMessage(session, m, c.msgRef);
      if (!ref || ref.direction === m.direction) return;
      const a: Answer = { message: m, command: c, position };
      const list = ix!.answers.get(ref.index) ?? [];
      list.push(a);
      ix!.answers.set(ref.index, list);
      const key = `${ref.index}/${c.cmdRef?.trim() ?? ''}`;
      const byRef = ix!.byCmdRef.get(key) ?? [];
      byRef.push(a);
      ix!.byCmdRef.set(key, byRef);
    });
  }
  return ix;
}

/**
 * Statuses (or Results, with `name`) sent by the peer of `sm` that reference `sm` (MsgRef = its
 * MsgID — the latest message of that sender with it —, or no MsgRef in the message that answers
 * it) and, when `cmdRef` is given, that command.
 */
export function answersFor(
  session: Session,
  sm: SessionMessage,
  cmdRef?: string,
  name: 'Status' | 'Results' = 'Status',
): Answer[] {
  const ix = indexOf(session);
  const all = (cmdRef === undefined ? ix.answers.get(sm.index) : ix.byCmdRef.get(`${sm.index}/${cmdRef}`)) ?? [];
  return all.filter((a) => a.command.name === name);
}

/** The Statuses answering the SyncHdr of `sm`. */
export function hdrStatusesFor(session: Session, sm: SessionMessage): Answer[] {
  return (indexOf(session).answers.get(sm.index) ?? []).filter((a) => isHdrStatus(a.command));
}

/** Does the session hold a peer message after `sm` (so a missing answer is a finding, not a cut trace)? */
export function hasLaterPeerMessage(session: Session, sm: SessionMessage): boolean {
  return nextFrom(session, sm) !== undefined;
}

/** True when the message carries a Session Abort (Alert 1223). */
export function isAbort(sm: SessionMessage): boolean {
  return alertsOf(sm, '1223').length > 0;
}

/** A readable name for a message: `Package 3 (MsgID 2)`, `server message (MsgID 4)`. */
export function describe(sm: SessionMessage): string {
  const id = sml(sm)?.hdr.msgID?.trim();
  const idPart = id ? `MsgID ${id}` : `message ${sm.index + 1} of the session`;
  if (sm.nextMessageRequest) return `the ${sm.direction}'s next-message request (${idPart})`;
  if (sm.package !== undefined && sm.package > 0) return `Package ${sm.package} (${idPart})`;
  return `the ${sm.direction} message (${idPart})`;
}

/** `Get (CmdID 4, MsgID 2)`: a command as a person finds it in the trace. */
export function describeCommand(c: Command, sm: SessionMessage): string {
  const parts: string[] = [];
  if (c.name === 'Alert' && c.data) parts.push(`Alert ${c.data.trim()}`);
  else parts.push(c.name);
  const ids: string[] = [];
  if (c.cmdID) ids.push(`CmdID ${c.cmdID.trim()}`);
  const msgID = sml(sm)?.hdr.msgID?.trim();
  if (msgID) ids.push(`MsgID ${msgID}`);
  return ids.length ? `${parts.join(' ')} (${ids.join(', ')})` : parts.join(' ');
}

/** The side in words for messages: `server`, `client`. */
export function sideName(side: Direction): string {
  return side;
}

/** Element path of a SyncHdr child, e.g. `SyncHdr/SessionID`. */
export function hdrPath(field?: string): string {
  return field ? `SyncHdr/${field}` : 'SyncHdr';
}

/** Meta of an item, falling back to the command's Meta (RepPro: Item Meta overrides command Meta). */
export function effectiveMeta(c: Command, item?: Item): Meta {
  return { ...(c.meta ?? {}), ...(item?.meta ?? {}) };
}

/** MetInf defaults (DM RepPro; docs/dm-facts.md §8.5): Format `chr`, Type `text/plain`. */
export const META_DEFAULTS = { format: 'chr', type: 'text/plain' } as const;

/** Per session, side and field: for each message index, the index of the latest earlier message of that side with a numeric value (-1: none). */
const latestMeta = new WeakMap<Session, Map<string, Int32Array>>();

/**
 * The value of a header's MaxMsgSize / MaxObjSize most recently sent by `side` before message
 * index `before`. Indexed once per session: rules ask for every message, and a session may hold
 * 10,000 of them (maxMessages), none of which need say it.
 */
export function latestHdrMeta(
  session: Session,
  side: Direction,
  before: number,
  field: 'maxMsgSize' | 'maxObjSize',
): { value: number; from: SessionMessage } | undefined {
  let bySession = latestMeta.get(session);
  if (!bySession) latestMeta.set(session, (bySession = new Map()));
  const key = `${side} ${field}`;
  let latest = bySession.get(key);
  if (!latest) {
    latest = new Int32Array(session.messages.length + 1);
    let last = -1;
    for (let i = 0; i < session.messages.length; i++) {
      latest[i] = last;
      const m = session.messages[i]!;
      const v = m.direction === side ? sml(m)?.hdr.meta?.[field]?.trim() : undefined;
      if (v !== undefined && /^\d+$/.test(v)) last = i;
    }
    latest[session.messages.length] = last;
    bySession.set(key, latest);
  }
  const at = latest[Math.max(0, Math.min(before, session.messages.length))]!;
  if (at < 0) return undefined;
  const from = session.messages[at]!;
  return { value: Number(sml(from)!.hdr.meta![field]!.trim()), from };
}

/** Commands that never need a Status: Status itself; Results only when the answer would be 200 (RepPro 4.1.5.1). */
export function needsStatus(c: Command): boolean {
  return c.name !== 'Status' && c.name !== 'Results' && !c.noResp;
}

/** The message's HTTP header value (case-insensitive name). */
export function httpHeader(sm: SessionMessage, name: string): string | undefined {
  const h = sm.message.http?.headers ?? [];
  const lower = name.toLowerCase();
  for (const [k, v] of h) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** The Item's index as the path shows it (1-based). */
export function itemPath(c: Command, i: number): string {
  return c.items[i]?.path ?? `${c.path}/Item[${i + 1}]`;
}

/** Trimmed LocURI, or undefined when absent or empty. */
export function uri(loc: { locURI?: string } | undefined): string | undefined {
  const v = loc?.locURI?.trim();
  return v ? v : undefined;
}
