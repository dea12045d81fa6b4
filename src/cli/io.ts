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
  /** Colors on stdout: see `colorWanted`; `--color` / `--no-color` override it. */
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
  const color = colorWanted(!!process.stdout.isTTY, env);
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

/** FORCE_COLOR values that turn colour on (Node's own `FORCE_COLOR=[1, 2, 3]` convention). */
const FORCE_ON = new Set(['', '1', '2', '3', 'true']);

/**
 * Whether stdout gets colour, decided the way Node decides for its own output (nodejs.org/api/cli,
 * "FORCE_COLOR"): FORCE_COLOR set to 1, 2, 3, true or empty forces colour even into a pipe and wins
 * over NO_COLOR; any other FORCE_COLOR value (0, false) turns it off. Otherwise NO_COLOR (non-empty,
 * no-color.org) or TERM=dumb turn it off, and a terminal turns it on. An explicit `--color` /
 * `--no-color` (`flag`) wins over all of them.
 */
export function colorWanted(isTTY: boolean, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return FORCE_ON.has(force.toLowerCase());
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/** One clear line on stderr: `dmtrace: <where>: <what>`. Raises the exit code to at least `code`. */
export function fail(io: CliIO, message: string, code = 2): void {
  io.stderr.write(`dmtrace: ${message}\n`);
  if (io.exitCode < code) io.exitCode = code;
}

export function colors(io: CliIO) {
  return pc.createColors(io.color);
}
