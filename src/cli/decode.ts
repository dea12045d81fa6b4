/**
 * `dmtrace decode <inputs...> [--format xml|json|tree]`: every DM message found in the inputs
 * (captures, HAR, logs, .xml/.wbxml files, `-` for stdin), each headed by where it came from,
 * with its problems listed after it. An input that cannot be read, or a message that cannot be
 * decoded, gives one line on stderr with the file and frame / line / byte offset, and exit 2; the
 * other inputs are still processed.
 */
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { newReadContext, type ReadContext } from '../sources/types.js';
import { readInputs } from '../sources/index.js';
import { messagesOf, type DmExchange } from '../sources/messages.js';
import type { Message } from '../syncml/types.js';
import { writeXml } from '../xml/write.js';
import { renderTree } from '../report/message-tree.js';
import { messageJson } from '../report/message-json.js';
import { JsonArrayWriter, nestedJson } from '../report/json-stream.js';
import { formatProblem, formatSummary } from '../report/summary.js';
import { formatWhere, type Problem, type InputProblem } from '../model/problem.js';
import { type CliIO, fail } from './io.js';
import { parseJobs, runWorkers } from './jobs.js';
import { attachProgress } from './progress.js';
import { unreadableInputs } from './read.js';

export const DECODE_FORMATS = ['xml', 'json', 'tree'] as const;
type DecodeFormat = (typeof DECODE_FORMATS)[number];

interface DecodeOptions {
  format: DecodeFormat;
  summary?: boolean;
  positions: boolean;
  /** Worker threads (parsed from --jobs). */
  jobs: number;
}

/** `input frame 4 · 2026-11-24T10:00:00.000Z · 127.0.0.1:40212 → 127.0.0.1:8080 · client → server · WBXML 812 B`. */
export function originLine(m: Message): string {
  const o = m.origin;
  const where = [o.input];
  if (o.frame !== undefined) where.push(`frame ${o.frame}`);
  if (o.entry !== undefined) where.push(`entry ${o.entry}`);
  if (o.line !== undefined) where.push(`line ${o.line}`);
  const parts = [where.join(' ')];
  const time = o.time === undefined ? undefined : new Date(o.time);
  if (time && !Number.isNaN(time.getTime())) parts.push(time.toISOString());
  if (o.src || o.dst) parts.push(`${o.src ?? '?'} → ${o.dst ?? '?'}`);
  if (m.direction) parts.push(m.direction === 'client' ? 'client → server' : 'server → client');
  parts.push(`${m.encoding.toUpperCase()} ${m.raw.length} B`);
  return parts.join(' · ');
}

/** What a message problem is on its own line under the message: `warning code at line 3:5: message`. */
function problemLine(p: Problem): string {
  const where = formatWhere(p);
  return `${p.severity} ${p.code}${where ? ` at ${where}` : ''}: ${p.message}`;
}

/**
 * A message's problem located in its input, for stderr: the frame or HAR entry that carried the
 * message and the place inside it, or the line of the file or log.
 */
export function inputProblemOf(m: Message, p: Problem): InputProblem {
  const o = m.origin;
  const inner = formatWhere({ ...p, path: undefined });
  if (o.frame !== undefined || o.entry !== undefined) {
    const path = [inner && `${inner} of the message`, p.path].filter(Boolean).join(', ');
    return {
      severity: p.severity,
      code: p.code,
      message: p.message,
      input: o.input,
      ...(o.frame !== undefined ? { frame: o.frame } : { entry: o.entry! }),
      ...(path ? { path } : {}),
    };
  }
  const line = p.line === undefined ? o.line : (o.line ?? 1) + p.line - 1;
  return {
    ...p,
    input: o.input,
    ...(line !== undefined ? { line } : {}),
  };
}

export function register(program: Command, io: CliIO): void {
  program
    .command('decode')
    .description('show the SyncML DM messages in captures, HAR files, logs and .xml/.wbxml files')
    .argument('<inputs...>', 'files or folders (pcap, pcapng, HAR, logs, .xml, .wbxml); - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DECODE_FORMATS).default('xml'))
    .option('--no-positions', 'tree format: leave out byte offsets and line:column')
    .option('--summary', 'print what was read (packets, streams, messages, problems) on stderr')
    .option('--jobs <n>', 'worker threads, 1-16 or auto (as lint --jobs); the output is the same as with 1 (default 1)')
    .addHelpText(
      'after',
      `
Examples:
  dmtrace decode message.wbxml                  a WBXML message as XML
  dmtrace decode capture.pcapng --format tree   every DM message of a capture as an element tree
  cat msg.xml | dmtrace decode - --format json  the typed SyncML view of a message from stdin`,
    )
    .action(async (inputs: string[], flags: Omit<DecodeOptions, 'jobs'> & { jobs?: string }) => {
      const jobs = parseJobs(flags.jobs, inputs);
      if (jobs instanceof Error) return fail(io, jobs.message);
      await decode(inputs, { ...flags, jobs }, io);
    });
}

/** What decode writes of one DM exchange, made here or in a --jobs worker: per message (and notification), its stdout text and its errors for stderr. */
export interface DecodedShown {
  /** stdout (for JSON each item's text) and the message's errors, located in their inputs (one stderr line each). */
  items: Array<{ out: string; errors: InputProblem[] }>;
  /** The inputs its messages came from. */
  inputs: string[];
}

/** How decode shows messages: the format, positions in the tree, colour. */
export interface DecodeShow {
  format: DecodeFormat;
  positions: boolean;
  color: boolean;
}

/** What decode writes of one exchange's messages and notification. */
export function showDecoded(dm: DmExchange, show: DecodeShow): DecodedShown {
  const c = pc.createColors(show.color);
  const items: DecodedShown['items'] = [];
  const inputs = new Set<string>();
  for (const m of dm.messages) {
    inputs.add(m.origin.input);
    const errors = m.problems.filter((p) => p.severity === 'error').map((p) => inputProblemOf(m, p));
    if (show.format === 'json') {
      items.push({ out: nestedJson(messageJson(m), 2), errors });
      continue;
    }
    let text = `${c.dim(`# ${originLine(m)}`)}\n`;
    if (m.tree) {
      const body =
        show.format === 'tree'
          ? renderTree(m.tree, { positions: show.positions })
          : writeXml(m.tree, { pretty: true, declaration: false });
      text += `${body}\n`;
    }
    for (const p of m.problems) text += `${(p.severity === 'error' ? c.red : c.yellow)(`! ${problemLine(p)}`)}\n`;
    items.push({ out: `${text}\n`, errors });
  }
  if (dm.notification) {
    const n = dm.notification;
    inputs.add(n.origin.input);
    const out =
      show.format === 'json'
        ? nestedJson({ origin: n.origin, notification: Buffer.from(n.bytes).toString('base64') }, 2)
        : `${c.dim(`# ${n.origin.input}${n.origin.frame !== undefined ? ` frame ${n.origin.frame}` : ''} · Package 0 notification ${n.bytes.length} B (see dmtrace sessions)`)}\n\n`;
    items.push({ out, errors: [] });
  }
  return { items, inputs: [...inputs] };
}

async function decode(inputs: string[], opts: DecodeOptions, io: CliIO): Promise<void> {
  const show: DecodeShow = { format: opts.format, positions: opts.positions, color: io.color };
  const withMessages = new Set<string>();
  // JSON is written message by message (README "What streams"), the summary at the end.
  const json = opts.format === 'json' ? new JsonArrayWriter((t) => io.stdout.write(t), 'messages') : undefined;
  let messageErrors = 0;
  /** `errorsNow`: write the messages' errors to stderr (a --jobs run writes them at the end, in order). */
  const write = (shown: DecodedShown, errorsNow: boolean) => {
    for (const i of shown.inputs) withMessages.add(i);
    for (const { out, errors } of shown.items) {
      messageErrors += errors.length;
      if (errorsNow) for (const p of errors) io.stderr.write(`dmtrace: ${formatProblem(p)}\n`);
      if (json) json.itemJson(out);
      else io.stdout.write(out);
    }
  };
  let problems: InputProblem[] = [];
  let ctx: ReadContext;
  if (opts.jobs > 1) {
    // Workers decode their devices' exchanges (src/cli/jobs.ts); the main thread writes them in input
    // order, and stderr (the input problems and the messages' errors, in one process's order) at the end.
    const read = await runWorkers({ command: 'decode', inputs, decode: show }, opts.jobs, io, (x) => {
      if ('decoded' in x) write(x.decoded, false);
    });
    ctx = read.ctx;
    problems = read.problems;
    for (const p of read.stderr) io.stderr.write(`dmtrace: ${formatProblem(p)}\n`);
  } else {
    ctx = newReadContext((p) => {
      problems.push(p);
      io.stderr.write(`dmtrace: ${formatProblem(p)}\n`);
    });
    const progress = attachProgress(io, ctx);
    try {
      for await (const dm of messagesOf(readInputs(inputs, ctx, { stdin: io.stdin }), ctx))
        write(showDecoded(dm, show), true);
    } finally {
      progress.done();
    }
  }
  json?.end({ summary: ctx.summary });
  if (opts.summary) io.stderr.write(formatSummary(ctx.summary));
  // Exit 2: an input that could not be read at all (an error and no message from it), or a
  // message that could not be decoded. A capture cut after its messages was read: its problem is
  // on stderr and in the summary, as in every other command.
  const unreadable = unreadableInputs(problems, withMessages);
  if (ctx.summary.dmMessages === 0 && unreadable.length === 0)
    fail(io, `no SyncML DM message found in ${inputs.join(', ')}`);
  if (unreadable.length > 0 || messageErrors > 0) io.exitCode = Math.max(io.exitCode, 2);
}
