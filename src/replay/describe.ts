/**
 * Naming commands for matching and for the diff: a key that says what the command is about,
 * independent of what legitimately differs on a live replay (CmdID, MsgID, MsgRef/CmdRef numbers,
 * nonces, credentials), and a value that is compared when the keys agree.
 *
 * `Get ./DevInfo/Mod ./DevDetail/SwV`, `Alert 1201`, `Status(Get ./DevInfo/Mod)` = 200,
 * `Status(SyncHdr)` = 212, `Results(./DevInfo/Mod)` = "test model".
 */
import { createHash } from 'node:crypto';
import type { Element } from '../model/tree.js';
import type { Direction } from '../model/exchange.js';
import { childText, chalOf, commandsOf, dataOf, isHdrStatus, itemData, msgIdOf, targetsOf, walk } from './dm.js';

/** A message in a transcript (recorded or live). */
export interface TranscriptMessage {
  direction: Direction;
  tree: Element;
  /** Package number (0-4) when known. */
  package?: number;
}

export interface CommandDesc {
  /** What the command is about: name and URIs (Status/Results: the command they answer). */
  key: string;
  /** What is compared when keys agree: status code, item data; undefined when nothing is. */
  value?: string;
  name: string;
  element: Element;
  /** Container path for commands inside Atomic/Sequence (`Sequence/`). */
  prefix: string;
}

/** Finds the command a Status/Results in message `at` refers to, searching the peer's earlier messages. */
export function referenced(msgs: readonly TranscriptMessage[], at: number, cmd: Element): Element | undefined {
  const me = msgs[at];
  if (!me) return undefined;
  const msgRef = childText(cmd, 'MsgRef');
  const cmdRef = childText(cmd, 'CmdRef');
  if (cmdRef === undefined) return undefined;
  for (let i = at - 1; i >= 0; i--) {
    const m = msgs[i]!;
    if (m.direction === me.direction) continue;
    if (msgRef !== undefined && msgIdOf(m.tree) !== msgRef) continue;
    return walk(commandsOf(m.tree)).find((c) => childText(c, 'CmdID') === cmdRef);
  }
  return undefined;
}

/** The key of a command that references nothing (not Status/Results). */
export function plainKey(cmd: Element): string {
  const targets = targetsOf(cmd);
  const parts = [cmd.name];
  if (cmd.name === 'Alert') parts.push(dataOf(cmd) ?? '');
  parts.push(...targets);
  return parts.filter((p) => p !== '').join(' ');
}

/** Describes every command of message `at` (nested commands flattened with their container's prefix). */
export function describeMessage(msgs: readonly TranscriptMessage[], at: number): CommandDesc[] {
  const out: CommandDesc[] = [];
  const visit = (cmds: Element[], prefix: string): void => {
    for (const c of cmds) {
      out.push(describeCommand(msgs, at, c, prefix));
      if (c.name === 'Atomic' || c.name === 'Sequence')
        visit(
          c.children.filter(
            (n): n is Element => n.kind === 'element' && n.name !== 'CmdID' && n.name !== 'NoResp' && n.name !== 'Meta',
          ),
          `${prefix}${c.name}/`,
        );
    }
  };
  visit(commandsOf(msgs[at]!.tree), '');
  return out;
}

export function describeCommand(msgs: readonly TranscriptMessage[], at: number, c: Element, prefix = ''): CommandDesc {
  const base = { name: c.name, element: c, prefix };
  if (c.name === 'Status') {
    let about: string;
    if (isHdrStatus(c)) about = 'SyncHdr';
    else {
      const ref = referenced(msgs, at, c);
      const name = childText(c, 'Cmd') || ref?.name || '?';
      const t = targetsOf(c);
      const targets = t.length ? t : ref ? targetsOf(ref) : [];
      about = [name === 'Alert' && ref ? `Alert ${dataOf(ref) ?? ''}`.trim() : name, ...targets].join(' ');
    }
    const chal = chalOf(c);
    const value = `${dataOf(c) ?? ''}${chal ? ` + Chal ${chal.type}` : ''}`;
    return { ...base, key: `${prefix}Status(${about})`, value };
  }
  if (c.name === 'Results') {
    return { ...base, key: `${prefix}Results(${targetsOf(c).join(' ')})`, value: itemData(c).map(quote).join(' ') };
  }
  const data = itemData(c);
  const desc: CommandDesc = { ...base, key: prefix + plainKey(c) };
  if (['Replace', 'Add', 'Exec', 'Copy'].includes(c.name) && data.some((d) => d !== ''))
    desc.value = data.map(quote).join(' ');
  return desc;
}

/**
 * An item value as compared and shown: short values quoted whole; a long one (a large object,
 * reassembled from its chunks) by its size and sha256, so any difference in it shows and the
 * number of chunks it came in does not matter.
 */
function quote(s: string): string {
  if (s.length <= 60) return JSON.stringify(s);
  const sha = createHash('sha256').update(s).digest('hex');
  return `${JSON.stringify(`${s.slice(0, 24)}...`)} (${Buffer.byteLength(s)} bytes, sha256 ${sha.slice(0, 16)})`;
}

/**
 * Pairs recorded commands with live ones: the k-th recorded command of a key with the k-th live
 * command of the same key. Returns, for each recorded index, the live index (or undefined).
 */
export function pairByKey(
  rec: readonly { key: string }[],
  live: readonly { key: string }[],
): Array<number | undefined> {
  const pool = new Map<string, number[]>();
  live.forEach((d, i) => {
    const l = pool.get(d.key);
    if (l) l.push(i);
    else pool.set(d.key, [i]);
  });
  return rec.map((d) => pool.get(d.key)?.shift());
}
