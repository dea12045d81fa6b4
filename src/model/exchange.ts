/**
 * The shared model of what was read (docs/architecture.md "Messages, sessions, findings"): an
 * exchange is one HTTP request and its response (either may be missing in a cut capture), or a lone
 * message from a file or a log; every input format turns into a stream of them.
 */
export type Direction = 'client' | 'server';

/** Where a piece of input came from, precise enough to find it again in Wireshark or an editor. */
export interface Origin {
  /** The input as named on the command line (`-` for stdin). */
  input: string;
  /** Capture: 1-based frame number (as Wireshark counts) of the frame that completed the HTTP message. */
  frame?: number;
  /** HAR: 0-based index in log.entries. */
  entry?: number;
  /** Logs: 1-based line where the message starts. */
  line?: number;
  /** Byte offset in the input file (capture: start of the frame record). */
  offset?: number;
  /** Capture or HAR time, milliseconds since the epoch (fractional). */
  time?: number;
  /** Transport addresses, `127.0.0.1:40212` / `[::1]:80`. */
  src?: string;
  dst?: string;
}

/** One HTTP message (or one lone message body) with its decoded body. */
export interface HttpPart {
  /** client = sent by the device (HTTP request), server = sent by the DM server (HTTP response); unknown for a lone message whose direction the input does not say. */
  direction?: Direction;
  /** Request line. */
  method?: string;
  /** Request target as sent (`/dm`, `http://host/dm`). */
  url?: string;
  /** Response status line. */
  statusCode?: number;
  statusText?: string;
  /** Header fields in order, names as sent. */
  headers: Array<[string, string]>;
  /** Content-Type value as sent (with parameters), if any. */
  contentType?: string;
  /** The body after Transfer-Encoding and Content-Encoding are undone. */
  body: Uint8Array;
  origin: Origin;
}

export interface Exchange {
  /** Sequential number of the exchange within this read (1-based). */
  id: number;
  /** A name for the transport connection (`tcp 127.0.0.1:40212 → 127.0.0.1:8080 #1`); absent for files and logs. */
  connection?: string;
  /** The server as HTTP addresses it: `host[:port]/path` from Host and the request target. */
  server?: string;
  request?: HttpPart;
  response?: HttpPart;
  /** A message that is not part of an HTTP pair (a file, a log excerpt). */
  lone?: HttpPart;
  /** How the capture was transported when it matters: `tls` exchanges are only counted. */
}

/** Counts of what was read and what could not be decoded; every command can print it. */
export interface Summary {
  inputs: number;
  bytes: number;
  packets: number;
  tcpStreams: number;
  httpExchanges: number;
  dmMessages: number;
  nonDmExchanges: number;
  undecodable: number;
  tlsConnections: number;
  gaps: number;
  unknownBlocks: number;
  problems: number;
}

export function newSummary(): Summary {
  return {
    inputs: 0,
    bytes: 0,
    packets: 0,
    tcpStreams: 0,
    httpExchanges: 0,
    dmMessages: 0,
    nonDmExchanges: 0,
    undecodable: 0,
    tlsConnections: 0,
    gaps: 0,
    unknownBlocks: 0,
    problems: 0,
  };
}

/**
 * What one input (a file, stdin, each file of a folder) gave, for the verdicts that need it per
 * input (README "lint and scr"): an input with no DM message at all is a usage error, an input
 * read only in part makes lint fail. Counts are this input's share of the Summary.
 */
export interface InputRead {
  input: string;
  /** The folder named on the command line that this file was found in, if it was. */
  folder?: string;
  /** What it was read as: `pcap`, `pcapng`, `xml`, `wbxml`, `har`, `text log`, `notification`. */
  format: string;
  bytes: number;
  packets: number;
  httpExchanges: number;
  tlsConnections: number;
  /** SyncML messages decoded and Package 0 notifications, from this input. */
  dmMessages: number;
  /** Error-level problems located in this input. */
  errors: number;
  /** Problems whose code is marked partial (src/model/problem-codes.ts), in the order found. */
  partial: number;
  /** The first of them, which the input-partial error names. */
  firstPartial?: { code: string; message: string; frame?: number; entry?: number; line?: number; offset?: number };
}
