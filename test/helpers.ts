/** Paths shared by the tests: the repository, its fixtures and the real-bytes corpus among them. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixtures = path.join(repoRoot, 'fixtures');
/** fixtures/corpus: real DM bytes nobody here wrote (copied from the workplace corpus; fixtures/README.md says where each came from). */
export const corpus = path.join(fixtures, 'corpus');
export const cli = path.join(repoRoot, 'bin', 'dmtrace.js');

import { PassThrough, Readable } from 'node:stream';
import type { CliIO } from '../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process (no build needed) with captured streams, as `dmtrace ...args` would.
 * Use `cliProcess` in test/cli for the real launcher.
 */
export async function runCli(
  args: string[],
  opts: { stdin?: string | Uint8Array; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  const { main } = await import('../src/cli/main.js');
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  out.on('data', (d: Buffer) => chunks.push(d));
  err.on('data', (d: Buffer) => errChunks.push(d));
  const io: CliIO = {
    stdout: out,
    stderr: err,
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    env: { ...(opts.env ?? {}) },
    exitCode: 0,
    color: false,
    progress: false,
    debug: false,
  };
  const code = await main(['node', 'dmtrace', ...args], io);
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), stderr: Buffer.concat(errChunks).toString('utf8') };
}

/** A CliIO that discards what is written (library calls such as lintInputs that take one). */
export const quietIo = (): CliIO =>
  ({
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: {},
    color: false,
    exitCode: 0,
  }) as unknown as CliIO;
