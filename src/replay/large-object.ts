/**
 * Large objects on a live replay (DM Protocol §7 / docs/dm-facts.md §8.2): a message that does not fit the
 * live peer's MaxMsgSize is sent as several messages, its largest item split into chunks — every
 * chunk but the last with `<MoreData/>`, the first with Meta `Size` (the total as carried), the
 * chunks in contiguous messages, the commands after the chunked one in the last message with the
 * Final. The receiving side puts the chunks back together (mergeChunks) before it compares the
 * message with the recording.
 */
import type { Element } from '../model/tree.js';
import { NS, child, childElements, element, text, textOf } from '../model/tree.js';
import type { Encoding } from '../syncml/types.js';
import type { RecordedMessage, Recording } from './recording.js';
import {
  bodyOf,
  cloneTree,
  commandsOf,
  dataOf,
  encodeTree,
  hdrOf,
  isFinal,
  metaText,
  msgIdOf,
  setFinal,
  walk,
} from './dm.js';

/** A message split for a MaxMsgSize: the first part (a whole message) and how to build the others. */
export interface ChunkPlan {
  /** The first message: everything before the chunked command, the command with the first chunk. */
  first: Element;
  /** The chunked command with its one item, Data emptied: a template for the later chunks. */
  command: Element;
  /** The Data pieces (the first one is in `first`). */
  pieces: string[];
  /** Commands after the chunked one (and the chunked command's later items): they go in the last message. */
  rest: Element[];
  /** Whether the original message had Final (the last part gets it). */
  final: boolean;
  /** Total size of the object as carried (Meta Size). */
  size: number;
}

/** MaxMsgSize / MaxObjSize announced in a message's SyncHdr Meta. */
export function sizeLimits(root: Element): { maxMsgSize?: number; maxObjSize?: number } {
  const meta = child(hdrOf(root) ?? root, 'Meta');
  const out: { maxMsgSize?: number; maxObjSize?: number } = {};
  const m = Number(metaText(meta, 'MaxMsgSize'));
  const o = Number(metaText(meta, 'MaxObjSize'));
  if (Number.isFinite(m) && m > 0) out.maxMsgSize = m;
  if (Number.isFinite(o) && o > 0) out.maxObjSize = o;
  return out;
}

const dataOfItem = (item: Element): string => {
  const d = child(item, 'Data');
  return d ? textOf(d) : '';
};

function setItemData(item: Element, value: string, moreData: boolean, size?: number): void {
  const ns = item.namespace;
  let d = child(item, 'Data');
  if (!d) {
    d = element('Data', ns);
    item.children.push(d);
  }
  d.children = [text(value)];
  item.children = item.children.filter((c) => !(c.kind === 'element' && c.name === 'MoreData'));
  if (moreData) item.children.push(element('MoreData', ns));
  if (size !== undefined) {
    let meta = child(item, 'Meta');
    if (!meta) {
      meta = element('Meta', ns);
      item.children.splice(item.children.indexOf(d), 0, meta);
    }
    meta.children = meta.children.filter((c) => !(c.kind === 'element' && c.name === 'Size'));
    meta.children.push(element('Size', NS.MetInf, [text(String(size))]));
  }
}

/** Where the object to chunk is: a top-level command's index and its item's index. */
interface ItemAt {
  cmd: number;
  item: number;
}

/** The first message of a plan that chunks item `at` of `msg`, carrying `piece`. */
function buildFirst(msg: Element, at: ItemAt, piece: string, size: number): Element {
  const first = cloneTree(msg);
  const body = bodyOf(first)!;
  const fc = commandsOf(first);
  const chunked = fc[at.cmd]!;
  const items = childElements(chunked, 'Item');
  chunked.children = chunked.children.filter(
    (n) => !(n.kind === 'element' && n.name === 'Item' && items.indexOf(n) > at.item),
  );
  setItemData(items[at.item]!, piece, true, size);
  const after = new Set(fc.slice(at.cmd + 1));
  body.children = body.children.filter((n) => !(n.kind === 'element' && after.has(n)));
  setFinal(first, false);
  return first;
}

/** A plan for item `at` of `msg` split into `pieces`. */
function makePlan(msg: Element, at: ItemAt, pieces: string[]): ChunkPlan {
  const cmds = commandsOf(msg);
  const data = dataOfItem(childElements(cmds[at.cmd]!, 'Item')[at.item]!);
  const size = Buffer.byteLength(data);
  const command = cloneTree(cmds[at.cmd]!);
  const item = cloneTree(childElements(command, 'Item')[at.item]!);
  command.children = command.children.filter((n) => !(n.kind === 'element' && n.name === 'Item'));
  setItemData(item, '', false);
  const meta = child(item, 'Meta');
  if (meta) meta.children = meta.children.filter((c) => !(c.kind === 'element' && c.name === 'Size'));
  command.children.push(item);
  // Later items of the chunked command go in a copy of it after the object.
  const rest: Element[] = [];
  const laterItems = childElements(cmds[at.cmd]!, 'Item').slice(at.item + 1);
  if (laterItems.length) {
    const copy = cloneTree(cmds[at.cmd]!);
    copy.children = copy.children.filter((n) => n.kind !== 'element' || n.name !== 'Item');
    copy.children.push(...laterItems.map(cloneTree));
    rest.push(copy);
  }
  rest.push(...cmds.slice(at.cmd + 1).map(cloneTree));
  return { first: buildFirst(msg, at, pieces[0]!, size), command, pieces, rest, final: isFinal(msg), size };
}

/** Bytes a later part of a plan needs beyond its chunk command: SyncHdr, a Status for the peer's SyncHdr and one for its Alert 1222. */
const LATER_PART_SLACK = 400;

/**
 * Splits `msg` so that every part encodes within `maxMsgSize` bytes, or returns undefined when it
 * already fits or cannot be split (no item large enough to matter).
 */
export function planChunks(msg: Element, encoding: Encoding, maxMsgSize: number): ChunkPlan | undefined {
  if (encodeTree(msg, encoding).length <= maxMsgSize) return undefined;
  // The largest item of a top-level command.
  let best: (ItemAt & { len: number }) | undefined;
  const cmds = commandsOf(msg);
  cmds.forEach((c, ci) => {
    childElements(c, 'Item').forEach((it, ii) => {
      const len = Buffer.byteLength(dataOfItem(it));
      if (!best || len > best.len) best = { cmd: ci, item: ii, len };
    });
  });
  if (!best) return undefined;
  const b: ItemAt & { len: number } = best;
  const data = dataOfItem(childElements(cmds[b.cmd]!, 'Item')[b.item]!);
  const size = Buffer.byteLength(data);
  // The first message without the rest: what it costs without the data is the overhead.
  const overhead = encodeTree(buildFirst(msg, b, '', size), encoding).length;
  let room = maxMsgSize - overhead - 64;
  const laterOverhead =
    overhead - encodeTree(bodyOnly(buildFirst(msg, b, '', size)), encoding).length + LATER_PART_SLACK;
  let laterRoom = Math.max(room, maxMsgSize - laterOverhead - 64);
  if (room < 32) return undefined;
  for (let attempt = 0; attempt < 12; attempt++) {
    const pieces: string[] = [data.slice(0, room)];
    for (let i = room; i < data.length; i += laterRoom) pieces.push(data.slice(i, i + laterRoom));
    if (pieces.length < 2) return undefined;
    if (encodeTree(buildFirst(msg, b, pieces[0]!, size), encoding).length <= maxMsgSize)
      return makePlan(msg, b, pieces);
    room = Math.floor(room * 0.85);
    laterRoom = Math.floor(laterRoom * 0.85);
    if (room < 32) return undefined;
  }
  return undefined;
}

/**
 * A plan that keeps the recording's chunk boundaries (`pieces`, as the recording split the object
 * that is whole in `msg`), or undefined when no item of `msg` is that object or some part would not
 * fit `maxMsgSize` (then the object is split afresh with planChunks). Without a known
 * `maxMsgSize` the recorded boundaries are kept.
 */
export function planFromPieces(
  msg: Element,
  pieces: readonly string[],
  encoding: Encoding,
  maxMsgSize?: number,
): ChunkPlan | undefined {
  if (pieces.length < 2) return undefined;
  const whole = pieces.join('');
  let at: ItemAt | undefined;
  commandsOf(msg).forEach((c, ci) => {
    childElements(c, 'Item').forEach((it, ii) => {
      if (!at && dataOfItem(it) === whole) at = { cmd: ci, item: ii };
    });
  });
  if (!at) return undefined;
  const plan = makePlan(msg, at, [...pieces]);
  if (maxMsgSize === undefined) return plan;
  if (encodeTree(plan.first, encoding).length > maxMsgSize) return undefined;
  const header = bodyOnly(plan.first);
  for (let i = 1; i < pieces.length; i++) {
    const part = cloneTree(header);
    const cmds = [chunkCommand(plan, i)];
    if (i === pieces.length - 1) cmds.push(...plan.rest.map(cloneTree));
    bodyOf(part)!.children.push(...cmds);
    if (encodeTree(part, encoding).length + LATER_PART_SLACK > maxMsgSize) return undefined;
  }
  return plan;
}

/** The largest item of a command: its URI and its Data's size as carried (Meta Size's unit), for a MaxObjSize check. */
export function largestItem(cmd: Element): { uri: string; size: number } | undefined {
  let best: { uri: string; size: number } | undefined;
  for (const it of childElements(cmd, 'Item')) {
    const size = Buffer.byteLength(dataOfItem(it));
    if (!best || size > best.size) best = { uri: itemKey(cmd, it).slice(cmd.name.length + 1), size };
  }
  return best;
}

/** The message with an empty SyncBody (its header's cost). */
function bodyOnly(msg: Element): Element {
  const m = cloneTree(msg);
  const b = bodyOf(m);
  if (b) b.children = [];
  return m;
}

/** The chunked command carrying piece `i` (≥ 1) of the plan: MoreData on all but the last. */
export function chunkCommand(plan: ChunkPlan, i: number): Element {
  const c = cloneTree(plan.command);
  const item = childElements(c, 'Item')[0]!;
  setItemData(item, plan.pieces[i]!, i < plan.pieces.length - 1);
  return c;
}

/** True when some item of the message is a chunk with more to come. */
export function hasMoreData(root: Element): boolean {
  return walk(commandsOf(root)).some((c) => childElements(c, 'Item').some((it) => !!child(it, 'MoreData')));
}

/** Key of a chunked item: command name and URI. */
function itemKey(cmd: Element, item: Element): string {
  const uri = textOf(child(child(item, 'Target') ?? child(item, 'Source') ?? item, 'LocURI') ?? item).trim();
  return `${cmd.name} ${uri}`;
}

/**
 * Where each command of a reassembled message was sent: its message's MsgID and its CmdID there.
 * The peer refers to a command by those (MsgRef/CmdRef), and one reassembled message carries
 * commands of several messages, so the merged message's own MsgID does not name them all.
 */
const origins = new WeakMap<Element, { msgId: string; cmdId: string }>();

/** The MsgID and CmdID a command was sent with: where mergeChunks took it from, else `msgId` and its own CmdID. */
export function commandOrigin(cmd: Element, msgId: string): { msgId: string; cmdId: string } {
  return origins.get(cmd) ?? { msgId, cmdId: textOf(child(cmd, 'CmdID') ?? cmd).trim() };
}

/**
 * One logical message from the messages that carried a chunked object: the first message's
 * commands, each later chunk's data appended to its item, the commands of the later messages
 * that are not transport (their SyncHdr Status and the Status for the peer's Alert 1222), and the
 * last message's SyncHdr MsgID and Final. `declared` vs `received` tell a size mismatch (424).
 */
export function mergeChunks(
  msgs: readonly Element[],
  transportMsgIds: ReadonlySet<string> = new Set(),
): { merged: Element; declared?: number; received: number; pieces: string[] } {
  const merged = cloneTree(msgs[0]!);
  const body = bodyOf(merged)!;
  let open: { item: Element; key: string; parts: string[] } | undefined;
  let declared: number | undefined;
  let received = 0;
  let pieces: string[] = [];
  const findOpen = (root: Element) => {
    for (const c of commandsOf(root)) {
      for (const it of childElements(c, 'Item')) {
        if (child(it, 'MoreData')) {
          const size = Number(metaText(child(it, 'Meta'), 'Size'));
          if (Number.isFinite(size) && size > 0) declared = size;
          return { item: it, key: itemKey(c, it), parts: [dataOfItem(it)] };
        }
      }
    }
    return undefined;
  };
  open = findOpen(merged);
  const firstId = msgIdOf(msgs[0]!) ?? '';
  for (const c of commandsOf(merged)) origins.set(c, commandOrigin(c, firstId));
  for (const m of msgs.slice(1)) {
    const mId = msgIdOf(m) ?? '';
    for (const c of commandsOf(m)) {
      // Statuses for the peer's chunk answers (their SyncHdr, Alert 1222) belong to the transport.
      if (
        c.name === 'Status' &&
        (textOf(child(c, 'Cmd') ?? c).trim() === 'SyncHdr' ||
          transportMsgIds.has(textOf(child(c, 'MsgRef') ?? c).trim()))
      )
        continue;
      const first = childElements(c, 'Item')[0];
      if (open && first && itemKey(c, first) === open.key) {
        open.parts.push(dataOfItem(first));
        // The command's CmdID is the last chunk's: that is what the peer's status for the object names.
        const own = open.item;
        const parentCmd = commandsOf(merged).find((x) => childElements(x, 'Item').includes(own));
        const id = child(c, 'CmdID');
        if (parentCmd && id) {
          const pid = child(parentCmd, 'CmdID');
          if (pid) pid.children = [text(textOf(id))];
          origins.set(parentCmd, { msgId: mId, cmdId: textOf(id).trim() });
        }
        if (!child(first, 'MoreData')) {
          const whole = open.parts.join('');
          pieces = open.parts;
          received = Buffer.byteLength(whole);
          setItemData(open.item, whole, false);
          open = undefined;
        }
        continue;
      }
      const copy = cloneTree(c);
      origins.set(copy, commandOrigin(c, mId));
      const fin = body.children.findIndex((x) => x.kind === 'element' && x.name === 'Final');
      body.children.splice(fin >= 0 ? fin : body.children.length, 0, copy);
    }
  }
  const last = msgs[msgs.length - 1]!;
  const hdr = hdrOf(merged)!;
  const id = child(hdr, 'MsgID');
  const lastId = child(hdrOf(last) ?? last, 'MsgID');
  if (id && lastId) id.children = [text(textOf(lastId))];
  setFinal(merged, isFinal(last));
  if (open) {
    pieces = open.parts;
    received = Buffer.byteLength(open.parts.join(''));
  }
  return declared !== undefined ? { merged, declared, received, pieces } : { merged, received, pieces };
}

/** A pull between chunks (DM Protocol §7): only Status commands and Alert 1222, no Final. */
function isPurePull(root: Element): boolean {
  const cmds = commandsOf(root);
  return (
    !isFinal(root) &&
    cmds.some((c) => c.name === 'Alert' && dataOf(c) === '1222') &&
    cmds.every((c) => c.name === 'Status' || (c.name === 'Alert' && dataOf(c) === '1222'))
  );
}

/**
 * The replay view of a recording: every large object the recording carries in chunks (a message
 * with MoreData, the peer's pull — Status 213 and Alert 1222 only — the next chunk, … the last
 * chunk) reassembled into one message (mergeChunks), with the recorded chunk data kept in `chunks`
 * and the original indexes in `covers`. The live side then splits the object for the live peer's
 * MaxMsgSize (planFromPieces / planChunks) and takes whatever number of chunks the live peer sends
 * (DM Protocol §7). Returns the recording itself when nothing was chunked.
 */
export function collapseChunks(rec: Recording): Recording {
  const out: RecordedMessage[] = [];
  const msgs = rec.messages;
  let changed = false;
  /** Per side: its last message left an object open (a later chunk is no start of a group). */
  const open = { client: false, server: false };
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    const more = hasMoreData(m.tree);
    const group = more && !open[m.direction] ? chunkGroup(msgs, i) : undefined;
    if (!group) {
      open[m.direction] = more;
      out.push({ ...m, index: out.length });
      continue;
    }
    const senders = group.filter((k) => msgs[k]!.direction === m.direction).map((k) => msgs[k]!.tree);
    const pulls = new Set(
      group.filter((k) => msgs[k]!.direction !== m.direction).map((k) => msgIdOf(msgs[k]!.tree) ?? ''),
    );
    const merged = mergeChunks(senders, pulls);
    out.push({ ...m, index: out.length, tree: merged.merged, chunks: merged.pieces, covers: group });
    changed = true;
    i = group[group.length - 1]!;
  }
  return changed ? { ...rec, messages: out } : rec;
}

/** Indexes of a recorded chunk group starting at `i`, or undefined when it is not a clean one (a pull that carries more, a cut). */
function chunkGroup(msgs: readonly RecordedMessage[], i: number): number[] | undefined {
  const dir = msgs[i]!.direction;
  const group = [i];
  let k = i;
  while (hasMoreData(msgs[k]!.tree)) {
    const pull = msgs[k + 1];
    const next = msgs[k + 2];
    if (!pull || !next || pull.direction === dir || next.direction !== dir || !isPurePull(pull.tree)) return undefined;
    group.push(k + 1, k + 2);
    k += 2;
  }
  return group.length > 1 ? group : undefined;
}
