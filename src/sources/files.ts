/**
 * Lone message files (`.xml`, `.wbxml`, or a message on stdin): one exchange with a `lone` part
 * whose direction the file does not say (it is inferred later from the message).
 */
import { problem } from '../problem.js';
import { readAll } from './stream.js';
import type { Exchange, ReadContext } from './types.js';

/** A named byte stream: a file, or stdin as `-`. */
export interface InputSource {
  name: string;
  stream: AsyncIterable<Uint8Array>;
  /** Size in bytes when known (files). */
  size?: number;
}

/**
 * Reads one message (at most `ctx.limits.maxDocumentSize` bytes; a larger one is reported and
 * skipped) and yields it as a lone exchange. An empty input is reported, not yielded.
 */
export async function* readMessageFile(src: InputSource, ctx: ReadContext): AsyncGenerator<Exchange> {
  const limit = ctx.limits.maxDocumentSize;
  const r = await readAll(src.stream, limit);
  if (r.tooLarge) {
    ctx.report({ input: src.name, ...problem('error', 'message-too-large', `message larger than the ${limit}-byte limit (maxDocumentSize); skipped`) });
    return;
  }
  if (r.bytes.length === 0) {
    ctx.report({ input: src.name, ...problem('error', 'input-empty', 'empty input: no message') });
    return;
  }
  yield { id: 0, lone: { headers: [], body: r.bytes, origin: { input: src.name } } };
}
