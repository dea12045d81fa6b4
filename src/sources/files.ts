/**
 * Lone message files (`.xml`, `.wbxml`, or a message on stdin): one exchange with a `lone` part
 * whose direction the file does not say (it is inferred later from the message). An XML file that
 * holds several SyncML documents one after the other (a session saved to one file) is read like a
 * log (src/sources/log.ts), one message per document, each with its line.
 */
import { problem } from '../model/problem.js';
import { readLog } from './log.js';
import { readAll } from './stream.js';
import type { Exchange } from '../model/exchange.js';
import type { ReadContext } from './types.js';

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
    ctx.report({
      input: src.name,
      ...problem(
        'error',
        'message-too-large',
        `message larger than the ${limit}-byte limit (maxDocumentSize); skipped`,
      ),
    });
    return;
  }
  if (r.bytes.length === 0) {
    ctx.report({ input: src.name, ...problem('error', 'input-empty', 'empty input: no message') });
    return;
  }
  if (r.bytes[0] !== undefined && r.bytes[0] > 0x03 && countRoots(r.bytes) > 1) {
    const bytes = r.bytes;
    yield* readLog(
      {
        name: src.name,
        stream: (async function* () {
          yield bytes;
        })(),
      },
      ctx,
    );
    return;
  }
  yield { id: 0, lone: { headers: [], body: r.bytes, origin: { input: src.name } } };
}

/**
 * A Package 0 notification saved to a file (a trigger captured from SMS or WAP push): one lone
 * exchange typed `application/vnd.syncml.notification`, sent by the server (DM Notification 1.2
 * §6), which src/sources/messages.ts keeps for the Package 0 decoder.
 */
export async function* readNotificationFile(src: InputSource, ctx: ReadContext): AsyncGenerator<Exchange> {
  const r = await readAll(src.stream, ctx.limits.maxDocumentSize);
  if (r.tooLarge || r.bytes.length === 0) return;
  yield {
    id: 0,
    lone: {
      direction: 'server',
      headers: [],
      contentType: 'application/vnd.syncml.notification',
      body: r.bytes,
      origin: { input: src.name },
    },
  };
}

/** How many SyncML root start tags an XML text holds. */
function countRoots(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return text.match(/<SyncML(?=[\s>/])/g)?.length ?? 0;
}
