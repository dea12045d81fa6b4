/**
 * `dmtrace decode <inputs...> [--format xml|json|tree]`: every DM message found in the inputs
 * (captures, HAR, logs, .xml/.wbxml files, `-` for stdin), each headed by where it came from,
 * with its problems listed after it. An input that cannot be read, or a message that cannot be
 * decoded, gives one line on stderr with the file and frame / line / byte offset, and exit 2; the
 * other inputs are still processed.
 */
import { Option, type Command } from 'commander';
import { newReadContext } from '../sources/types.js';
import { readInputs } from '../sources/index.js';
import { messagesOf } from '../sources/messages.js';
import type { Message } from '../syncml/types.js';
import { writeXml } from '../xml/write.js';
import { renderTree } from '../report/message-tree.js';
import { messageJson } from '../report/message-json.js';
import { JsonArrayWriter } from '../report/json-stream.js';
import { formatProblem, formatSummary } from '../report/summary.js';
import { formatWhere, type Problem, type InputProblem } from '../model/problem.js';
import { type CliIO, colors, fail } from './io.js';
import { attachProgress } from './progress.js';
import { unreadableInputs } from './read.js';

export const DECODE_FORMATS = ['xml', 'json', 'tree'] as const;
type DecodeFormat = (typeof DECODE_FORMATS)[number];

interface DecodeOptions {
  format: DecodeFormat;
  summary?: boolean;
  positions: boolean;
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
    .addHelpText(
      'after',
      `
Examples:
  dmtrace decode message.wbxml                  a WBXML message as XML
  dmtrace decode capture.pcapng --format tree   every DM message of a capture as an element tree
  cat msg.xml | dmtrace decode - --format json  the typed SyncML view of a message from stdin`,
    )
    .action(async (inputs: string[], opts: DecodeOptions) => {
      await decode(inputs, opts, io);
    });
}

async function decode(inputs: string[], opts: DecodeOptions, io: CliIO): Promise<void> {
  const c = colors(io);
  const problems: InputProblem[] = [];
  const withMessages = new Set<string>();
  const ctx = newReadContext((p) => {
    problems.push(p);
    io.stderr.write(`dmtrace: ${formatProblem(p)}\n`);
  });
  const progress = attachProgress(io, ctx);
  // JSON is written message by message (README "What streams"), the summary at the end.
  const json = opts.format === 'json' ? new JsonArrayWriter((t) => io.stdout.write(t), 'messages') : undefined;
  let messageErrors = 0;
  try {
    for await (const dm of messagesOf(readInputs(inputs, ctx, { stdin: io.stdin }), ctx)) {
      for (const m of dm.messages) {
        withMessages.add(m.origin.input);
        for (const p of m.problems) {
          if (p.severity !== 'error') continue;
          messageErrors++;
          io.stderr.write(`dmtrace: ${formatProblem(inputProblemOf(m, p))}\n`);
        }
        if (json) {
          json.item(messageJson(m));
          continue;
        }
        io.stdout.write(`${c.dim(`# ${originLine(m)}`)}\n`);
        if (m.tree) {
          const body =
            opts.format === 'tree'
              ? renderTree(m.tree, { positions: opts.positions })
              : writeXml(m.tree, { pretty: true, declaration: false });
          io.stdout.write(`${body}\n`);
        }
        for (const p of m.problems)
          io.stdout.write(`${(p.severity === 'error' ? c.red : c.yellow)(`! ${problemLine(p)}`)}\n`);
        io.stdout.write('\n');
      }
      if (dm.notification) {
        const n = dm.notification;
        withMessages.add(n.origin.input);
        const line = `# ${n.origin.input}${n.origin.frame !== undefined ? ` frame ${n.origin.frame}` : ''} · Package 0 notification ${n.bytes.length} B (see dmtrace sessions)`;
        if (json) json.item({ origin: n.origin, notification: Buffer.from(n.bytes).toString('base64') });
        else io.stdout.write(`${c.dim(line)}\n\n`);
      }
    }
  } finally {
    progress.done();
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
