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
import { decodeMessage, isSyncML, peekHeader } from '../syncml/message.js';
import { deviceOf, hdrDevice } from '../session/assemble.js';
import { directionOf } from '../session/inspect.js';
import { deviceShard } from '../session/shard.js';
import type { InputProblem } from '../model/problem.js';
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

/** An exchange with its DM content: yielded only when it carries at least one message or a notification (see MessagesOptions.everyDmExchange). */
export interface DmExchange {
  exchange: Exchange;
  /** Decoded SyncML messages in order: request then response, or the lone message. */
  messages: Message[];
  /** Package 0, when a body was `application/vnd.syncml.notification`. */
  notification?: DmNotification;
  /** Capture time of its DM bodies (the latest), when the input has times: the session clock. */
  time?: number;
  /** Its messages are another worker's (MessagesOptions.shard): not decoded, only its time and notification are here. */
  theirs?: boolean;
}

/** A worker's share of the devices (src/cli/jobs.ts): the device shards it owns, of how many. */
export interface ShardFilter {
  owns(shard: number): boolean;
  shards: number;
}

export interface MessagesOptions {
  /**
   * Yield every exchange with a DM body, also one none of whose bodies decoded (no messages, only
   * its `time`): the session assembler's clock moves with each, as it does in every worker of
   * `--jobs`, which cannot tell which of another's bodies decode.
   */
  everyDmExchange?: boolean;
  /**
   * Decode only the exchanges of these device shards; the others are yielded `theirs`, with their
   * time and notification, and neither counted nor reported here (their worker does it). Which
   * device an exchange is of comes from its SyncHdrs read alone (peekHeader), or, when they do not
   * say it for sure, from decoding it.
   */
  shard?: ShardFilter;
  /** Undecodable DM bodies found here are also counted in it (the summary's count has the readers' too). */
  decoded?: { undecodable: number };
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
export async function* messagesOf(
  exchanges: AsyncIterable<Exchange>,
  ctx: ReadContext,
  opts: MessagesOptions = {},
): AsyncGenerator<DmExchange> {
  for await (const exchange of exchanges) {
    const parts = dmParts(exchange);
    if (parts.length === 0) {
      ctx.summary.nonDmExchanges++;
      continue;
    }
    let time: number | undefined;
    for (const { part } of parts)
      if (part.origin.time !== undefined) time = Math.max(time ?? -Infinity, part.origin.time);
    let decoded: Decoded | undefined;
    if (opts.shard) {
      let device = peekDevice(parts, ctx);
      if (device === undefined) {
        decoded = decodeParts(exchange, parts, ctx);
        device = exchangeDevice(decoded.out.messages);
      }
      if (!opts.shard.owns(deviceShard(device ?? '', opts.shard.shards))) {
        const theirs: DmExchange = { exchange, messages: [], theirs: true };
        const n = parts.find((x) => x.kind === 'notification');
        if (n) theirs.notification = notificationOf(n.part, n.lone);
        if (time !== undefined) theirs.time = time;
        yield theirs;
        continue;
      }
    }
    decoded ??= decodeParts(exchange, parts, ctx);
    for (const p of decoded.problems) ctx.report(p);
    for (const origin of decoded.counted) countDm(ctx, origin);
    ctx.summary.dmMessages += decoded.out.messages.length;
    ctx.summary.undecodable += decoded.undecodable;
    if (opts.decoded) opts.decoded.undecodable += decoded.undecodable;
    const { out } = decoded;
    if (time !== undefined) out.time = time;
    if (out.messages.length > 0 || out.notification || opts.everyDmExchange) yield out;
  }
}

interface DmPart {
  part: HttpPart;
  lone: boolean;
  kind: 'message' | 'notification';
}

/** The parts of an exchange whose body is DM (see the file comment), in order: request, response, lone. */
function dmParts(exchange: Exchange): DmPart[] {
  const out: DmPart[] = [];
  const candidates: Array<[HttpPart | undefined, boolean]> = [
    [exchange.request, false],
    [exchange.response, false],
    [exchange.lone, true],
  ];
  for (const [part, lone] of candidates) {
    if (!part || part.body.length === 0) continue;
    const kind = bodyKind(part, lone);
    if (kind !== 'other') out.push({ part, lone, kind });
  }
  return out;
}

/** An exchange decoded, with what it adds to the read: problems, DM bodies per input, undecodable bodies. */
interface Decoded {
  out: DmExchange;
  problems: InputProblem[];
  /** The origin of each message and notification (ReadContext.reads dmMessages). */
  counted: Origin[];
  undecodable: number;
}

function notificationOf(part: HttpPart, lone: boolean): DmNotification {
  return {
    bytes: part.body,
    origin: part.origin,
    ...(part.direction ? { direction: part.direction } : {}),
    ...(lone ? {} : { http: part }),
  };
}

function decodeParts(exchange: Exchange, parts: readonly DmPart[], ctx: ReadContext): Decoded {
  const d: Decoded = { out: { exchange, messages: [] }, problems: [], counted: [], undecodable: 0 };
  for (const { part, lone, kind } of parts) {
    if (kind === 'notification') {
      if (d.out.notification) {
        d.problems.push(
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
      d.counted.push(part.origin);
      d.out.notification = notificationOf(part, lone);
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
      d.undecodable++;
      const why = msg.problems.find((p) => p.severity === 'error') ?? msg.problems[0];
      const type = part.contentType ? `Content-Type ${part.contentType}, ` : '';
      d.problems.push(
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
    d.counted.push(part.origin);
    d.out.messages.push(msg);
  }
  return d;
}

/**
 * The device an exchange is of, from its bodies' SyncHdrs read alone, when they say it for sure:
 * every DM body is a message with an HTTP direction and a header, and all name the same device
 * (the assembler routes the response with its request, or by its own header when the request
 * does not decode: the same device either way). Undefined otherwise.
 */
function peekDevice(parts: readonly DmPart[], ctx: ReadContext): string | undefined {
  let device: string | undefined;
  for (const { part, lone, kind } of parts) {
    if (kind !== 'message' || lone || !part.direction) return undefined;
    const hdr = peekHeader(part.body, {
      ...(part.contentType !== undefined ? { contentType: part.contentType } : {}),
      maxDepth: ctx.limits.maxDepth,
    });
    if (!hdr) return undefined;
    const d = hdrDevice(hdr, part.direction);
    if (device !== undefined && d !== device) return undefined;
    device = d;
  }
  return device;
}

/** The device of a decoded exchange as the assembler routes it: its first client message's, else its first message's; undefined for none. */
function exchangeDevice(messages: readonly Message[]): string | undefined {
  const client = messages.find((m) => directionOf(m) === 'client');
  for (const m of client ? [client] : messages) {
    const d = deviceOf(m);
    if (d !== undefined) return d;
  }
  return undefined;
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
