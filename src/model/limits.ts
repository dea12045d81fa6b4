/**
 * Limits against hostile input when decoding one message (README "Limits"). Past a limit the
 * message gets one problem with its place (line and column, byte offset) and reading goes on: the
 * rest of that message is skipped or cut as each limit says, the input's other messages are read.
 * The readers (src/xml/read.ts, src/wbxml/read.ts), the model (src/syncml/model.ts) and
 * decodeMessage (src/syncml/message.ts) take them; the input readers pass theirs
 * (src/sources/types.ts `Limits`, which adds the limits on bodies and files).
 */
export interface DecodeLimits {
  /** Deepest element nesting (the root is level 1): deeper subtrees are skipped (WBXML) or end the reading (XML). */
  maxDepth: number;
  /** Most elements in one message: the rest of the message is not read. */
  maxElements: number;
  /** Longest text of one element (characters; bytes for WBXML opaque data): longer values are cut there. */
  maxTextLength: number;
  /** Most problems listed for one message: the rest are counted in one problem, at the worst severity among them. */
  maxProblems: number;
  /** Longest time decoding one message may take (milliseconds): the rest of the message is not read. */
  maxMessageMs: number;
}

export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = {
  maxDepth: 64,
  maxElements: 100_000,
  maxTextLength: 4 * 1024 * 1024,
  maxProblems: 100,
  maxMessageMs: 2000,
};

/** The limits with defaults filled in. */
export function decodeLimits(l: Partial<DecodeLimits> = {}): DecodeLimits {
  const out = { ...DEFAULT_DECODE_LIMITS };
  for (const k of Object.keys(out) as Array<keyof DecodeLimits>) if (l[k] !== undefined) out[k] = l[k]!;
  return out;
}

/** A clock reading in milliseconds (monotonic). */
export const now = (): number => performance.now();
