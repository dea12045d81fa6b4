/**
 * Large objects as rules need them (DM Protocol §7; docs/dm-facts.md §8.2): the chunks of each object with
 * the command, Item and message that carried them, so a finding can point at the exact Item.
 * Session.largeObjects gives the totals; this walk keeps the element paths.
 */
import type { Direction } from '../../model/exchange.js';
import type { Session, SessionMessage } from '../../session/types.js';
import type { Command, Item } from '../../syncml/types.js';
import { commandsOf, peer, uri } from './session.js';

export interface Chunk {
  sm: SessionMessage;
  command: Command;
  item: Item;
  /** Bytes of the Data as carried (OPAQUE bytes, or the text as UTF-8). */
  bytes: number;
}

export interface ChunkedObject {
  direction: Direction;
  chunks: Chunk[];
  /** True when a chunk without MoreData ended it. */
  complete: boolean;
  /** Meta Size of the first chunk (Item Meta, else command Meta), as sent. */
  declaredSize?: string;
  /** What came between two chunks, if anything. */
  interruptedBy?: { sm: SessionMessage; command?: Command; item?: Item };
}

const utf8 = new TextEncoder();

export function dataSize(item: Item): number {
  const d = item.data;
  if (!d) return 0;
  return d.bytes ? d.bytes.length : utf8.encode(d.text).length;
}

/** Meta Size of an item (Item Meta first, then the command's). */
export function sizeOf(c: Command, item: Item): string | undefined {
  return item.meta?.size ?? c.meta?.size;
}

/** Commands whose Items are data objects (DM Protocol §7: no Add, Replace, Delete, Copy, Atomic, Sequence or Item between chunks). */
function isDataCommand(c: Command): boolean {
  return c.name !== 'Status' && c.name !== 'Get' && !(c.name === 'Alert' && c.items.length === 0);
}

const key = (c: Command, item: Item) => `${c.name} ${uri(item.target) ?? ''} ${uri(item.source) ?? ''}`;

/** Every chunked object of the session, in the order they started. */
export function chunkedObjects(session: Session): ChunkedObject[] {
  const out: ChunkedObject[] = [];
  const open = new Map<Direction, { obj: ChunkedObject; key: string; lastMessage: number }>();
  for (const sm of session.messages) {
    if (!sm.message.syncml) continue;
    const dir = sm.direction;
    for (const c of commandsOf(sm)) {
      if (!isDataCommand(c)) continue;
      const o = open.get(dir);
      if (c.name === 'Atomic' || c.name === 'Sequence') {
        if (o) {
          o.obj.interruptedBy = { sm, command: c };
          open.delete(dir);
        }
        continue;
      }
      for (const item of c.items) {
        const now = open.get(dir);
        if (now) {
          if (key(c, item) !== now.key) {
            now.obj.interruptedBy = { sm, command: c, item };
            open.delete(dir);
          } else {
            now.obj.chunks.push({ sm, command: c, item, bytes: dataSize(item) });
            now.lastMessage = sm.index;
            if (!item.moreData) {
              now.obj.complete = true;
              open.delete(dir);
            }
            continue;
          }
        }
        if (!item.moreData) continue;
        const obj: ChunkedObject = {
          direction: dir,
          chunks: [{ sm, command: c, item, bytes: dataSize(item) }],
          complete: false,
        };
        const size = sizeOf(c, item);
        if (size !== undefined) obj.declaredSize = size;
        out.push(obj);
        open.set(dir, { obj, key: key(c, item), lastMessage: sm.index });
      }
    }
    // The sender's next message must continue the object (chunks in contiguous messages).
    const left = open.get(dir);
    if (left && left.lastMessage !== sm.index) {
      left.obj.interruptedBy = { sm };
      open.delete(dir);
    }
  }
  return out;
}

/** The receiver's side of an object. */
export function receiverOf(o: ChunkedObject): Direction {
  return peer(o.direction);
}

/** Total bytes carried. */
export function carried(o: ChunkedObject): number {
  return o.chunks.reduce((n, c) => n + c.bytes, 0);
}
