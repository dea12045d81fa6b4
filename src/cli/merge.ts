/**
 * `dmtrace merge <documents...> [-o FILE]`: lint JSON, SARIF or sessions JSON that shards of one job
 * wrote (each machine linting its share of the inputs) merged into one document
 * (src/report/merge.ts), in the order named. Exit 1 when the merged lint JSON or SARIF holds an
 * error-level finding (as `lint` would have), 2 when a document cannot be read, is not JSON, is
 * not a dmtrace document, or the documents are of different kinds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { errorCount, kindOf, mergeDocuments, type MergeKind } from '../report/merge.js';
import { type CliIO, fail } from './io.js';

/** Largest document read (bytes): a merge holds its documents in memory. */
const MAX_DOCUMENT = 512 * 1024 * 1024;

async function readDocument(
  io: CliIO,
  file: string,
): Promise<{ kind: MergeKind; doc: Record<string, unknown> } | undefined> {
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_DOCUMENT) {
      fail(io, `${file}: ${bytes.length} bytes, over the ${MAX_DOCUMENT}-byte limit of a document to merge`);
      return undefined;
    }
    text = bytes.toString('utf8');
  } catch (err) {
    fail(io, `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return undefined;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    fail(io, `${file}: not JSON: ${(err as Error).message}`);
    return undefined;
  }
  const kind = kindOf(doc);
  if (typeof kind !== 'string') {
    fail(io, `${file}: ${kind.not}`);
    return undefined;
  }
  return { kind, doc: doc as Record<string, unknown> };
}

export function register(program: Command, io: CliIO): void {
  program
    .command('merge')
    .description(
      'merge lint JSON, SARIF or sessions JSON written by several runs (shards of one job) into one document',
    )
    .argument(
      '<documents...>',
      'lint --format json, lint --format sarif or sessions --format json outputs, all of one kind',
    )
    .option('-o, --output <file>', 'write the merged document here (default stdout)')
    .addHelpText(
      'after',
      `
Examples:
  dmtrace lint --format sarif day1.pcapng > a.sarif; dmtrace lint --format sarif day2.pcapng > b.sarif
  dmtrace merge a.sarif b.sarif -o all.sarif
The merged document is what one run over all the inputs would write. Keep the files of one
session (a ring buffer's rotated files) in one shard.
Exit codes: 0 merged, 1 the merged lint JSON or SARIF holds an error-level finding, 2 a document
that cannot be read, is not JSON, is not lint JSON, SARIF or sessions JSON, or is of another kind.`,
    )
    .action(async (files: string[], opts: { output?: string }) => {
      const read: Array<{ file: string; kind: MergeKind; doc: Record<string, unknown> }> = [];
      for (const f of files) {
        const d = await readDocument(io, f);
        if (d) read.push({ file: f, ...d });
      }
      if (read.length < files.length) return;
      const kinds = [...new Set(read.map((d) => d.kind))];
      if (kinds.length > 1) {
        const named = kinds.map((k) => `${read.find((d) => d.kind === k)!.file} is ${k}`).join(', ');
        fail(io, `documents of different kinds (${named}): merge documents of one kind`);
        return;
      }
      const kind = kinds[0]!;
      const merged = mergeDocuments(
        kind,
        read.map((d) => d.doc),
      );
      const text = `${JSON.stringify(merged, null, 2)}\n`;
      if (opts.output === undefined || opts.output === '-') io.stdout.write(text);
      else
        try {
          await writeFile(opts.output, text);
        } catch (err) {
          fail(io, `${opts.output}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
          return;
        }
      const errors = errorCount(kind, merged);
      io.stderr.write(
        `merged ${read.length} ${kind} document${read.length === 1 ? '' : 's'}${kind === 'sessions' ? '' : `: ${errors} error-level finding${errors === 1 ? '' : 's'}`}\n`,
      );
      if (errors > 0 && io.exitCode < 1) io.exitCode = 1;
    });
}
