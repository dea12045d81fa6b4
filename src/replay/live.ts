/**
 * What a replay produced: the live messages (with the recorded message each was played against),
 * the divergences the message diff cannot show, how it ended, and round-trip times.
 */
import type { Element } from '../model/tree.js';
import type { Direction } from '../model/exchange.js';
import type { Encoding } from '../syncml/types.js';
import type { LiveTranscriptMessage } from './compare.js';
import type { TranscriptMessage } from './describe.js';

export interface LiveMessage extends LiveTranscriptMessage {
  direction: Direction;
  tree: Element;
  raw: Uint8Array;
  encoding: Encoding;
  contentType: string;
  /** HTTP headers as sent (request for client messages, response for server messages). */
  headers: Array<[string, string]>;
  /** ms since the epoch. */
  time: number;
  /** Request URL (client messages). */
  url?: string;
  /** HTTP status of the response (server messages). */
  httpStatus?: number;
}

export type ReplayOutcome = 'completed' | 'aborted' | 'failed';

export interface ReplayResult {
  /** Recording id (Session.id). */
  recording: string;
  /** Device identity used on the live session. */
  device: string;
  sessionId: string;
  live: LiveMessage[];
  /** Divergences not visible as command diffs, one line each. */
  notes: string[];
  /** What could not be done and is no divergence (credentials not verified, Cred sent unchanged). */
  info: string[];
  /** The live device identity and the recorded one, when they differ (compared as equal). */
  identity?: { live: string; recorded: string };
  outcome: ReplayOutcome;
  /** Why the replay failed (timeout, HTTP error, undecodable answer), one line. */
  failure?: string;
  /**
   * The recording as the live session is compared with, when it differs from the recording's
   * messages: large objects the recording carries in chunks reassembled (collapseChunks); live
   * messages' `recIndex` index this.
   */
  recordedView?: TranscriptMessage[];
  /** Milliseconds per message round trip (client side) or per answered request (server side). */
  roundTrips: number[];
}

/** Package name of a message for messages: `Package 3 (client msg 2)`. */
export function packageName(pkg: number | undefined, dir: Direction, n: number): string {
  return `${pkg !== undefined ? `Package ${pkg}` : 'the next package'} (${dir} msg ${n})`;
}
