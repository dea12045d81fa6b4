/**
 * `dmtrace export <inputs...> --session ID -o FILE.har`: one session as HAR 1.2
 * (src/report/har-export.ts), the normalized trace that replay reads. `-o -` writes to stdout.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { renderHar } from '../report/har-export.js';
import { formatSummary } from '../report/summary.js';
import type { Session } from '../session/types.js';
import { type CliIO, fail } from './io.js';
import { noSuchSession, packageVersion, readSessions } from './read.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('export')
    .description('write one session as HAR 1.2 (bodies base64 for WBXML, with the decoded XML beside them)')
    .argument('<inputs...>', 'captures, HAR files, logs, message files, folders; - for stdin')
    .requiredOption('-s, --session <id>', 'the session to export (its id as `dmtrace sessions` shows it)')
    .requiredOption('-o, --output <file>', 'the HAR file to write (- for stdout)')
    .action(async (inputs: string[], opts: { session: string; output: string }) => {
      const ids: string[] = [];
      let found: Session | undefined;
      const { sessions, ctx } = readSessions(inputs, io);
      for await (const s of sessions) {
        ids.push(s.id);
        if (s.id === opts.session && !found) found = s;
      }
      io.stderr.write(formatSummary(ctx.summary));
      if (!found) {
        noSuchSession(io, opts.session, ids);
        return;
      }
      const har = renderHar(found, { name: 'dmtrace', version: packageVersion() });
      if (opts.output === '-') {
        io.stdout.write(har);
        return;
      }
      try {
        await writeFile(opts.output, har);
      } catch (err) {
        fail(io, `${opts.output}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return;
      }
      io.stderr.write(`session ${found.id}: ${found.messages.length} messages written to ${opts.output}\n`);
    });
}
