/**
 * The input pipeline's front door: command-line inputs (files, folders, `-` for stdin) → one
 * stream of exchanges, each input's format detected by content (src/sources/detect.ts).
 *
 * Streaming: every input is read as a stream (1 MiB chunks); captures and logs are consumed
 * chunk by chunk in bounded memory, single messages and HAR files are read whole under a size
 * limit. Bytes and inputs are counted in `ctx.summary` here (readers do not count them), and
 * `ctx.progress` is called every megabyte.
 *
 * Bad input never throws: a missing or unreadable file, an empty file, a folder without
 * message files is one `ctx.report` problem, and reading goes on with the next input.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { problem } from '../model/problem.js';
import { DETECT_BYTES, detectFormat, extensionOf, FOLDER_EXTENSIONS, type InputFormat } from './detect.js';
import { readMessageFile, readNotificationFile, type InputSource } from './files.js';
import { readHar } from './har.js';
import { readLog } from './log.js';
import { counted, peek } from './stream.js';
import type { Exchange, InputRead } from '../model/exchange.js';
import type { ReadContext } from './types.js';
import { readCapture } from './capture.js';

/** `s` cut to `max` characters with an ellipsis: an error message may quote megabytes of input. */
function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

export type { InputSource } from './files.js';
export { detectFormat, type InputFormat } from './detect.js';

/** Chunk size for file streams. */
const HIGH_WATER_MARK = 1 << 20;

type Reader = (src: InputSource, ctx: ReadContext) => AsyncIterable<Exchange>;

/** Which reader takes which detected format. */
const READERS: Readonly<Record<InputFormat, Reader>> = {
  capture: readCapture,
  notification: readNotificationFile,
  wbxml: readMessageFile,
  xml: readMessageFile,
  har: readHar,
  log: readLog,
};

/** Natural name order: `msg2` before `msg10` (numeric runs compared as numbers), then plain order for ties. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Reads every input in order and yields its exchanges, numbered 1, 2, ... across all inputs.
 * An input is a file, a folder (its .xml/.wbxml/.har/.pcap/.pcapng/.log/.txt files, not
 * recursing, in natural name order) or `-` for stdin (`opts.stdin`, default process.stdin).
 */
export async function* readInputs(
  inputs: string[],
  ctx: ReadContext,
  opts: { stdin?: NodeJS.ReadableStream } = {},
): AsyncGenerator<Exchange> {
  let id = 0;
  for (const input of inputs) {
    for await (const ex of readInput(input, ctx, opts)) {
      ex.id = ++id;
      yield ex;
    }
  }
}

/**
 * Reads one input held in memory (a body from a socket, an upload, a fuzzer's mutant) as if it were
 * a file called `name`: the same detection (the name's extension only breaks ties), readers,
 * counts and problems as a file. Exchanges are numbered from 1.
 */
export async function* readBytes(name: string, bytes: Uint8Array, ctx: ReadContext): AsyncGenerator<Exchange> {
  async function* once(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  let id = 0;
  for await (const ex of readSource({ name, stream: once(), size: bytes.length }, ctx)) {
    ex.id = ++id;
    yield ex;
  }
}

async function* readInput(
  input: string,
  ctx: ReadContext,
  opts: { stdin?: NodeJS.ReadableStream },
): AsyncGenerator<Exchange> {
  if (input === '-') {
    yield* readSource({ name: '-', stream: bytesOf(opts.stdin ?? process.stdin) }, ctx);
    return;
  }
  let st;
  try {
    st = await stat(input);
  } catch (err) {
    ctx.report({ input, ...problem('error', 'input-not-found', systemMessage(err, 'cannot open')) });
    return;
  }
  if (st.isDirectory()) {
    yield* readFolder(input, ctx);
    return;
  }
  yield* readFile(input, st.isFile() ? st.size : undefined, ctx);
}

async function* readFolder(folder: string, ctx: ReadContext): AsyncGenerator<Exchange> {
  let names: string[];
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    names = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && FOLDER_EXTENSIONS.includes(extensionOf(e.name)))
      .map((e) => e.name);
  } catch (err) {
    ctx.report({ input: folder, ...problem('error', 'input-unreadable', systemMessage(err, 'cannot list folder')) });
    return;
  }
  if (names.length === 0) {
    ctx.report({
      input: folder,
      ...problem('error', 'folder-without-messages', `folder has no ${FOLDER_EXTENSIONS.join(' ')} files`),
    });
    return;
  }
  names.sort(naturalCompare);
  for (const name of names) {
    const file = path.join(folder, name);
    let size: number | undefined;
    try {
      const st = await stat(file);
      if (!st.isFile()) continue; // A symbolic link to a folder: not a message file.
      size = st.size;
    } catch (err) {
      ctx.report({ input: file, ...problem('error', 'input-not-found', systemMessage(err, 'cannot open')) });
      continue;
    }
    yield* readFile(file, size, ctx, folder);
  }
}

function readFile(file: string, size: number | undefined, ctx: ReadContext, folder?: string): AsyncGenerator<Exchange> {
  const stream = createReadStream(file, { highWaterMark: HIGH_WATER_MARK });
  return readSource({ name: file, stream, ...(size !== undefined ? { size } : {}) }, ctx, folder);
}

/** Detects the format of one opened input (a file of `folder`, when it was found in one) and hands it to its reader. */
async function* readSource(src: InputSource, ctx: ReadContext, folder?: string): AsyncGenerator<Exchange> {
  ctx.summary.inputs++;
  const before = { ...ctx.summary };
  const read = openRead(ctx, src.name, folder);
  try {
    const counter = counted(src.stream, src.name, src.size, ctx);
    const { head, all, complete } = await peek(counter.stream, DETECT_BYTES);
    if (head.length === 0) {
      ctx.report({ input: src.name, ...problem('error', 'input-empty', 'empty input: nothing to read') });
      return;
    }
    const format = detectFormat(head, src.name, complete);
    read.format = readAs(format, head);
    // readCapture counts bytes and calls ctx.progress itself.
    if (format === 'capture') counter.handOver();
    yield* READERS[format]({ name: src.name, stream: all, ...(src.size !== undefined ? { size: src.size } : {}) }, ctx);
  } catch (err) {
    // A read error (EACCES, EISDIR, EIO) ends this input; what was read before it stands.
    // Anything else thrown is a bug in a reader (they never throw for bad input): said as one, not as a read error.
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.code === 'string')
      ctx.report({ input: src.name, ...problem('error', 'input-unreadable', systemMessage(err, 'cannot read')) });
    else
      ctx.report({
        input: src.name,
        ...problem(
          'error',
          'internal-error',
          `internal error while reading this input (a dmtrace bug, please report it): ${cut(e instanceof Error ? e.message : String(err), 300)}; the rest of it is not read`,
        ),
      });
  } finally {
    // This input's share of the counts (its exchanges were decoded by messagesOf before the next was asked for).
    read.bytes += ctx.summary.bytes - before.bytes;
    read.packets += ctx.summary.packets - before.packets;
    read.httpExchanges += ctx.summary.httpExchanges - before.httpExchanges;
    read.tlsConnections += ctx.summary.tlsConnections - before.tlsConnections;
  }
}

/** The per-input record (src/model/exchange.ts InputRead); an input named twice adds to one record. */
function openRead(ctx: ReadContext, input: string, folder?: string): InputRead {
  let read = ctx.reads.get(input);
  if (!read) {
    read = {
      input,
      ...(folder !== undefined ? { folder } : {}),
      format: 'nothing',
      bytes: 0,
      packets: 0,
      httpExchanges: 0,
      tlsConnections: 0,
      dmMessages: 0,
      errors: 0,
      partial: 0,
    };
    ctx.reads.set(input, read);
  }
  return read;
}

/** What an input was read as, in words a user knows: the capture formats apart (pcapng: its Section Header Block type). */
function readAs(format: InputFormat, head: Uint8Array): string {
  if (format === 'capture')
    return head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a ? 'pcapng' : 'pcap';
  return format === 'log' ? 'text log' : format;
}

function systemMessage(err: unknown, what: string): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') {
    const reason = {
      ENOENT: 'no such file or folder',
      EACCES: 'permission denied',
      EISDIR: 'is a folder',
      EPERM: 'operation not permitted',
    }[e.code];
    return `${what}: ${reason ?? e.message}`;
  }
  return `${what}: ${e instanceof Error ? e.message : String(err)}`;
}

/** A Node readable (stdin) as bytes: string chunks (an encoding was set) are turned back into UTF-8. */
async function* bytesOf(stream: NodeJS.ReadableStream): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream as AsyncIterable<string | Uint8Array>)
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
