/**
 * What a command needs from the outside world, passed in (never read from globals) so tests can
 * run commands in-process: output streams, whether stdout is a terminal, the exit code.
 */
import pc from 'picocolors';

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Set by commands: 0 clean, 1 findings at error level, 2 usage error or unreadable input. */
  exitCode: number;
  /** Colors on stdout (a terminal, and NO_COLOR not set). */
  color: boolean;
  /** Progress on stderr only on a terminal and never in CI. */
  progress: boolean;
  debug: boolean;
}

export function processIO(): CliIO {
  const env = process.env;
  // A reader that stops early (`dmtrace decode big.pcapng | head`) is not an error.
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  const color = !!process.stdout.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    exitCode: 0,
    color,
    progress: !!process.stderr.isTTY && !env.CI,
    debug: false,
  };
}

/** One clear line on stderr: `dmtrace: <where>: <what>`. Raises the exit code to at least `code`. */
export function fail(io: CliIO, message: string, code = 2): void {
  io.stderr.write(`dmtrace: ${message}\n`);
  if (io.exitCode < code) io.exitCode = code;
}

export function colors(io: CliIO) {
  return pc.createColors(io.color);
}
