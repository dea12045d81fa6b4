/**
 * DM sessions (DM Protocol 1.2 §8): messages grouped by server, device and SessionID, with their
 * package numbers, authentication rounds, large-object transfers and outcome.
 */
import type { Direction, Exchange } from '../model/exchange.js';
import type { Message } from '../syncml/types.js';
import type { Notification } from '../notification/package0.js';

/**
 * What a message's package number was read from (DM Protocol §6.2, §8.3–8.6, §9): what the message
 * carries first, Final only as one piece of evidence.
 * - `alert-1201`: Alert 1200/1201, so Package 1;
 * - `auth-retry`: the client repeats Package 1 after a 401/407 on its SyncHdr (§9);
 * - `trace-start`: the trace starts mid-session (a client message with a SyncHdr Status is Package 3, else 1);
 * - `answers-package`: a server message answering the client's package (Package 1 → 2, 3 → 4);
 * - `answers-commands`: Status or Results for the commands of the peer's newest message, so the next package (3);
 * - `next-package`: a client message after a server package, answering no command (3);
 * - `alert-1222`: only Status and Alert 1222: pulls the next message of the peer's package;
 * - `after-1222`: the peer pulled this side's next message with Alert 1222: the same package;
 * - `no-final`: this side's last message had no Final and this one answers nothing new: the same package.
 */
export type PackageEvidence =
  | 'alert-1201'
  | 'auth-retry'
  | 'trace-start'
  | 'answers-package'
  | 'answers-commands'
  | 'next-package'
  | 'alert-1222'
  | 'after-1222'
  | 'no-final';

/** One message in its session. */
export interface SessionMessage {
  /** 0-based position in the session (the ladder's row). */
  index: number;
  direction: Direction;
  message: Message;
  /** Package number 0-4 (3 and 4 repeat in iterations); undefined when it cannot be told. */
  package?: number;
  /** 1 for the first Package 3/4 pair, 2 for the next, ...; 1 for packages 1 and 2. */
  iteration: number;
  /** True for the first message of a package (a package may span messages pulled with Alert 1222). */
  packageStart: boolean;
  /** What the package number was read from (docs/sessions.md "Package evidence"); undefined for an undecodable message. */
  packageEvidence?: PackageEvidence;
  /** Package 1 resent after a 401/407 challenge. */
  authRetry: boolean;
  /** True when this message only pulls the next message of the peer's package (Alert 1222, no Final). */
  nextMessageRequest: boolean;
  /** Index of the message this one answers (server answer ↔ client request over HTTP). */
  answers?: number;
  /** HTTP status of the response that carried it (server) or answered it (client). */
  httpStatus?: number;
  /** The exchange it came in, if any. */
  exchange?: Exchange;
}

export type Outcome = 'completed' | 'aborted' | 'auth-failed' | 'incomplete';

export type AuthType = 'basic' | 'md5' | 'hmac' | 'none' | string;

export interface AuthInfo {
  /** Credentials the client sent (SyncHdr Cred or x-syncml-hmac): type and the server's verdict. */
  client: { type: AuthType; result?: 'accepted' | 'rejected' | 'challenged' | 'unknown'; status?: string };
  /** Credentials the server sent to the client. */
  server: { type: AuthType; result?: 'accepted' | 'rejected' | 'challenged' | 'unknown'; status?: string };
  /** How many challenge (401/407) rounds happened. */
  challenges: number;
}

/** One large object sent in chunks (DM Protocol §7). */
export interface LargeObject {
  direction: Direction;
  /** Command name and target/source URI of the chunked item. */
  command: string;
  uri?: string;
  /** Meta Size of the first chunk, as sent. */
  declaredSize?: string;
  /** Bytes reassembled (Data as carried in the message). */
  size: number;
  chunks: number;
  /** Indexes of the messages that carried the chunks. */
  messages: number[];
  /** sha256 of the reassembled data, hex. */
  sha256: string;
  complete: boolean;
  /** What went wrong, if anything (`cut`, `size mismatch: 1200 declared, 1100 received`). */
  problem?: string;
  /** How many chunks the receiver answered with 213 (Chunked item accepted). */
  acknowledged?: number;
  /** The receiver's Status code for the last chunk (the command's real status), when seen. */
  status?: string;
}

/** Package 0, decoded by its codec (src/notification/package0.ts), as the session it started carries it. */
export type { Notification } from '../notification/package0.js';

export interface GenericAlert {
  messageIndex: number;
  type?: string;
  format?: string;
  mark?: string;
  source?: string;
  data?: string;
  correlator?: string;
}

export interface Session {
  /** Stable id within this read: `<device>/<SessionID>` plus `#n` when a device reuses a SessionID. */
  id: string;
  sessionId: string;
  device: string;
  server: string;
  messages: SessionMessage[];
  /** Package numbers in order of occurrence (docs/architecture.md "JSON contracts"). */
  packages: number[];
  outcome: Outcome;
  outcomeReason: string;
  abortedBy?: Direction;
  auth: AuthInfo;
  largeObjects: LargeObject[];
  notification?: Notification;
  genericAlerts: GenericAlert[];
  /** Times of the first and last message (ms since epoch), when known. */
  start?: number;
  end?: number;
  /** Sum of message body sizes. */
  bytes: number;
}
