/**
 * Which commands of a message are owed a Status, and whether the peer returned it (DM Protocol
 * 8.4–8.6; SyncML RepPro: one Status per command unless NoResp; no Status for Results with 200).
 */
import type { Session, SessionMessage } from '../../session/types.js';
import type { Command } from '../../syncml/types.js';
import type { Report } from '../types.js';

/** The message of server-status-for-commands and client-status-for-commands. */
export const missingStatusMessages = {
  missingStatus: "{{answer}} has no Status for the {{side}}'s {{cmd}}{{kind}}",
} as const;

/** The message of server-status-for-synchdr and client-status-for-synchdr. */
export const missingHdrStatusMessages = {
  missingHdrStatus: "{{answer}} has no Status for the {{side}}'s SyncHdr{{ref}}",
} as const;
import {
  answersFor,
  answerTo,
  commandsOf,
  describe,
  describeCommand,
  hdrStatusesFor,
  isAbort,
  needsStatus,
  sml,
} from './session.js';

/**
 * Is the peer's answer to `sm` in the trace, so that a missing Status is a finding and not a cut
 * capture? Not when `sm` or the answer is a Session Abort (8.1: any reply to an abort is ignored).
 */
export function answerExpected(session: Session, sm: SessionMessage): SessionMessage | undefined {
  if (!sm.message.syncml || isAbort(sm)) return undefined;
  const r = answerTo(session, sm);
  if (!r || !r.message.syncml || isAbort(r)) return undefined;
  return r;
}

/** Reports every command of `sm` that needs a Status and got none from the peer. */
export function missingStatuses(
  session: Session,
  sm: SessionMessage,
  filter: (c: Command) => boolean,
  report: (r: Report<typeof missingStatusMessages>) => void,
  what: (c: Command) => string,
): void {
  const r = answerExpected(session, sm);
  if (!r) return;
  for (const c of commandsOf(sm)) {
    if (!needsStatus(c) || !filter(c)) continue;
    const id = c.cmdID?.trim();
    if (!id) continue; // cmd-cmdid reports it; nothing can reference it
    if (answersFor(session, sm, id).length > 0) continue;
    report({
      messageId: 'missingStatus',
      data: { answer: describe(r), side: sm.direction, cmd: describeCommand(c, sm), kind: what(c) },
      messageIndex: r.index,
      path: 'SyncBody',
    });
  }
}

/** Reports a missing Status for the SyncHdr of `sm` in the peer's answer. */
export function missingHdrStatus(
  session: Session,
  sm: SessionMessage,
  report: (r: Report<typeof missingHdrStatusMessages>) => void,
): void {
  const r = answerExpected(session, sm);
  if (!r) return;
  if (sml(sm)?.hdr.noResp) return;
  if (hdrStatusesFor(session, sm).length > 0) return;
  const id = sml(sm)?.hdr.msgID?.trim();
  report({
    messageId: 'missingHdrStatus',
    data: { answer: describe(r), side: sm.direction, ref: id ? ` (MsgRef ${id}, CmdRef 0)` : '' },
    messageIndex: r.index,
    path: 'SyncBody',
  });
}
