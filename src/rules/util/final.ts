/** Helpers for the Final / multiple-message rules (DM Protocol §6.2; docs/dm-facts.md §8.1). */
import type { SessionMessage } from '../../session/types.js';
import { alertsOf, commandsOf, isAbort } from './session.js';

/** True when the message carries an Item with MoreData (a non-final large-object chunk). */
export function hasMoreData(sm: SessionMessage): boolean {
  return commandsOf(sm).some((c) => c.items.some((it) => it.moreData));
}

/** True when the message asks for the next message (Alert 1222) or aborts (1223). */
export function asksNextOrAborts(sm: SessionMessage): boolean {
  return alertsOf(sm, '1222', '1223').length > 0;
}

/** A message without Final that is not exempt: not a next-message request, not an abort, not a chunk with MoreData. */
export function lacksFinal(sm: SessionMessage): boolean {
  const s = sm.message.syncml;
  if (!s || s.final) return false;
  if (sm.nextMessageRequest || alertsOf(sm, '1222').length > 0) return false;
  if (isAbort(sm)) return false;
  return true;
}
