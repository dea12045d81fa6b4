/**
 * Exchanges → DM messages: decides which bodies are SyncML DM, decodes them, and counts what is
 * not DM or does not decode.
 *
 * A body is DM when (issue 3, "Which bodies are DM"; docs/dm-facts.md §2 media types):
 *  - it is a lone message (a message file, a message found in a log: the input says it is one);
 *  - its Content-Type (parameters ignored, case-insensitive) is one of DM_MEDIA_TYPES; the
 *    `application/vnd.syncml+xml` / `+wbxml` types are SyncML's generic ones, which real clients
 *    (libdmclient) send for DM;
 *  - or, whatever its Content-Type, the bytes are recognizably SyncML (`isSyncML`).
 * `application/vnd.syncml.notification` bodies are Package 0 (DM Notification 1.2): kept raw as
 * `notification`, for the Package 0 decoder. Empty bodies are no message (an empty reply).
 */
import { problem } from '../model/problem.js';
import { decodeMessage, isSyncML } from '../syncml/message.js';
import type { Message } from '../syncml/types.js';
import type { Direction, Exchange, HttpPart, Origin } from '../model/exchange.js';
import type { ReadContext } from './types.js';

/** DM media types (OMA DM RepPro 1.2 / Notification 1.2; docs/dm-facts.md §2) → what their body is. */
export const DM_MEDIA_TYPES = {
  'application/vnd.syncml.dm+xml': 'message',
  'application/vnd.syncml.dm+wbxml': 'message',
  'application/vnd.syncml+xml': 'message',
  'application/vnd.syncml+wbxml': 'message',
  'application/vnd.syncml.notification': 'notification',
} as const;

/** A Package 0 notification body, raw (DM Notification 1.2 §6); decoded elsewhere. */
export interface DmNotification {
  bytes: Uint8Array;
  origin: Origin;
  direction?: Direction;
  /** The HTTP message that carried it. */
  http?: HttpPart;
}

/** An exchange with its DM content: yielded only when it carries at least one message or a notification. */
export interface DmExchange {
  exchange: Exchange;
  /** Decoded SyncML messages in order: request then response, or the lone message. */
  messages: Message[];
  /** Package 0, when a body was `application/vnd.syncml.notification`. */
  notification?: DmNotification;
}

type BodyKind = 'message' | 'notification' | 'other';

/** The media type without parameters, lower case. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** What a part's body is (see the file comment). */
export function bodyKind(part: HttpPart, lone: boolean): BodyKind {
  const byType = (DM_MEDIA_TYPES as Record<string, BodyKind>)[mediaType(part.contentType) ?? ''];
  if (byType) return byType;
  if (lone) return 'message';
  return isSyncML(part.body, part.contentType) ? 'message' : 'other';
}

function sideOf(part: HttpPart, lone: boolean): string {
  if (lone) return 'message';
  return part.direction === 'server' ? 'response body' : 'request body';
}

/**
 * Decodes the DM bodies of each exchange. Counts `dmMessages`, `nonDmExchanges` (exchanges with no
 * DM body at all: not yielded) and `undecodable` (a DM body that is no SyncML message: one problem
 * with the input and its frame / entry / line, and not yielded).
 */
export async function* messagesOf(exchanges: AsyncIterable<Exchange>, ctx: ReadContext): AsyncGenerator<DmExchange> {
  for await (const exchange of exchanges) {
    const out: DmExchange = { exchange, messages: [] };
    let dm = false;
    const parts: Array<[HttpPart | undefined, boolean]> = [
      [exchange.request, false],
      [exchange.response, false],
      [exchange.lone, true],
    ];
    for (const [part, lone] of parts) {
      if (!part || part.body.length === 0) continue;
      const kind = bodyKind(part, lone);
      if (kind === 'other') continue;
      dm = true;
      if (kind === 'notification') {
        if (out.notification) {
          ctx.report(
            at(
              part.origin,
              problem(
                'warning',
                'dm-second-notification',
                `${sideOf(part, lone)}: a second Package 0 notification in one exchange; only the first is kept`,
              ),
            ),
          );
          continue;
        }
        countDm(ctx, part.origin);
        out.notification = {
          bytes: part.body,
          origin: part.origin,
          ...(part.direction ? { direction: part.direction } : {}),
          ...(lone ? {} : { http: part }),
        };
        continue;
      }
      const msg = decodeMessage(part.body, {
        origin: part.origin,
        ...(part.contentType !== undefined ? { contentType: part.contentType } : {}),
        ...(part.direction ? { direction: part.direction } : {}),
        ...(lone ? {} : { http: part }),
        maxDepth: ctx.limits.maxDepth,
      });
      if (!msg.syncml) {
        ctx.summary.undecodable++;
        const why = msg.problems.find((p) => p.severity === 'error') ?? msg.problems[0];
        const type = part.contentType ? `Content-Type ${part.contentType}, ` : '';
        ctx.report(
          at(
            part.origin,
            problem(
              'error',
              'dm-body-undecodable',
              `${sideOf(part, lone)} (${type}${part.body.length} bytes) is not a SyncML message${why ? `: ${why.message}` : ''}`,
            ),
          ),
        );
        continue;
      }
      ctx.summary.dmMessages++;
      countDm(ctx, part.origin);
      out.messages.push(msg);
    }
    if (!dm) {
      ctx.summary.nonDmExchanges++;
      continue;
    }
    if (out.messages.length > 0 || out.notification) yield out;
  }
}

/** One more DM message (or notification) for the input it came from (ReadContext.reads). */
function countDm(ctx: ReadContext, origin: Origin): void {
  const read = ctx.reads.get(origin.input);
  if (read) read.dmMessages++;
}

/** A problem located where a part came from: input, frame / entry / line. */
function at(origin: Origin, p: ReturnType<typeof problem>) {
  return {
    ...p,
    input: origin.input,
    ...(origin.frame !== undefined ? { frame: origin.frame } : {}),
    ...(origin.entry !== undefined ? { entry: origin.entry } : {}),
    ...(origin.line !== undefined ? { line: origin.line } : {}),
  };
}
