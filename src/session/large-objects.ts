/**
 * Large objects (DM Protocol §7; docs/dm-facts.md §8.2): an Item carrying MoreData in every chunk but the
 * last, Meta Size in the first chunk, chunks in consecutive messages of one sender, each
 * non-final chunk answered with 213. The data is reassembled as carried in the message (XML text
 * after unescaping, or WBXML OPAQUE bytes); its size and sha256 are reported, and a cut,
 * interrupted or mismatched transfer gets a `problem`.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Direction } from '../model/exchange.js';
import type { Command, Item } from '../syncml/types.js';
import type { LargeObject, SessionMessage } from './types.js';
import { ALERT, allCommands, statusCode } from './inspect.js';

const utf8 = new TextEncoder();

/** The bytes of an Item's Data as carried: OPAQUE bytes, else the text as UTF-8. */
export function dataBytes(item: Item): Uint8Array {
  const d = item.data;
  if (!d) return new Uint8Array(0);
  if (d.bytes) return d.bytes;
  return utf8.encode(d.text);
}

function itemUri(item: Item): string | undefined {
  return item.target?.locURI ?? item.source?.locURI;
}

interface Open {
  lo: LargeObject;
  hash: Hash;
  /** CmdID of each chunk's command, to find the 213 and the final status. */
  cmdIds: Array<{ msgId?: string; cmdId?: string }>;
}

/** Finds the chunked transfers of a session, in the order they started. */
export function findLargeObjects(messages: readonly SessionMessage[]): LargeObject[] {
  const done: LargeObject[] = [];
  const open = new Map<Direction, Open>();
  const lastChunkRef = new Map<LargeObject, { msgId?: string; cmdId?: string; peer: Direction }>();

  const close = (o: Open, problem?: string) => {
    o.lo.sha256 = o.hash.digest('hex');
    if (problem && !o.lo.problem) o.lo.problem = problem;
    done.push(o.lo);
  };

  for (const m of messages) {
    const sm = m.message.syncml;
    if (!sm) continue;
    const dir = m.direction;
    const peer: Direction = dir === 'client' ? 'server' : 'client';
    const msgId = sm.hdr.msgID;

    // The peer's answers to chunks: 213 per non-final chunk, the real status after the last, 1225 on an interruption.
    const peerOpen = open.get(peer);
    for (const c of allCommands(sm.body)) {
      if (c.name === 'Status') {
        const code = statusCode(c);
        if (
          peerOpen &&
          peerOpen.cmdIds.some((r) => r.cmdId === c.cmdRef && (c.msgRef === undefined || r.msgId === c.msgRef)) &&
          code === '213'
        ) {
          peerOpen.lo.acknowledged = (peerOpen.lo.acknowledged ?? 0) + 1;
        }
        for (const [lo, ref] of lastChunkRef) {
          if (ref.peer === dir && ref.cmdId === c.cmdRef && (c.msgRef === undefined || ref.msgId === c.msgRef)) {
            lo.status = code;
            if (code === '424' && !lo.problem) lo.problem = `receiver answered 424 (size mismatch) to the last chunk`;
            lastChunkRef.delete(lo);
          }
        }
      } else if (c.name === 'Alert' && c.data?.trim() === ALERT.noEndOfData && peerOpen) {
        open.delete(peer);
        close(peerOpen, `receiver sent Alert 1225 (end of data not received) in message #${m.index}`);
      }
    }

    for (const cmd of dataCommands(sm.body)) {
      for (const item of cmd.items) {
        const uri = itemUri(item);
        const cur = open.get(dir);
        if (cur && (cur.lo.command !== cmd.name || cur.lo.uri !== uri)) {
          // DM Protocol §7: nothing may come between the chunks of one object.
          open.delete(dir);
          close(cur, `interrupted by ${cmd.name}${uri ? ` ${uri}` : ''} in message #${m.index} before its last chunk`);
        }
        const o = open.get(dir);
        if (!o) {
          if (!item.moreData) continue; // an object that fits one message is not a large object
          const declared = item.meta?.size ?? cmd.meta?.size;
          const lo: LargeObject = {
            direction: dir,
            command: cmd.name,
            uri,
            declaredSize: declared,
            size: 0,
            chunks: 0,
            messages: [],
            sha256: '',
            complete: false,
          };
          const started: Open = { lo, hash: createHash('sha256'), cmdIds: [] };
          open.set(dir, started);
          addChunk(started, item, m.index, msgId, cmd.cmdID);
          continue;
        }
        if (item.meta?.size !== undefined && o.lo.chunks > 0 && !o.lo.problem) {
          // docs/dm-facts.md §8.2: Size only in the first chunk (AOSP answers 400 when repeated).
          o.lo.problem = `Meta Size repeated in chunk ${o.lo.chunks + 1}`;
        }
        addChunk(o, item, m.index, msgId, cmd.cmdID);
        if (!item.moreData) {
          open.delete(dir);
          o.lo.complete = true;
          const declaredN = o.lo.declaredSize !== undefined ? Number.parseInt(o.lo.declaredSize.trim(), 10) : undefined;
          let problem: string | undefined;
          if (o.lo.declaredSize === undefined) problem = 'no Meta Size in the first chunk';
          else if (declaredN !== o.lo.size)
            problem = `size mismatch: ${o.lo.declaredSize.trim()} declared, ${o.lo.size} received`;
          lastChunkRef.set(o.lo, { msgId, cmdId: cmd.cmdID, peer });
          close(o, problem);
        }
      }
    }
  }
  for (const o of open.values()) {
    close(o, `cut: the trace ends after ${o.lo.chunks} chunk${o.lo.chunks === 1 ? '' : 's'} without the last one`);
  }
  return done.sort((a, b) => (a.messages[0] ?? 0) - (b.messages[0] ?? 0));
}

function addChunk(o: Open, item: Item, index: number, msgId: string | undefined, cmdId: string | undefined) {
  const bytes = dataBytes(item);
  o.hash.update(bytes);
  o.lo.size += bytes.length;
  o.lo.chunks++;
  if (o.lo.messages[o.lo.messages.length - 1] !== index) o.lo.messages.push(index);
  o.cmdIds.push({ msgId, cmdId });
}

/**
 * Commands whose Items count as objects between chunks (DM Protocol §7: no Add, Replace, Delete,
 * Copy, Atomic, Sequence or Item between chunks): all but Status and Get; Atomic and Sequence are
 * looked into.
 */
function dataCommands(body: readonly Command[]): Command[] {
  return allCommands(body).filter((c) => !['Status', 'Get', 'Atomic', 'Sequence'].includes(c.name));
}
