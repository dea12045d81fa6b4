/**
 * The command line (commander). One file per command, each exporting `register(program, io)`;
 * this file only wires them and turns errors into one line on stderr and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { type CliIO, processIO, fail } from './io.js';
import { commands } from './commands.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(io: CliIO): Command {
  const program = new Command('dmtrace')
    .description('OMA DM 1.2 (SyncML DM) protocol analyzer and trace-replay tool')
    .version(version(), '-V, --version')
    .option('--debug', 'show stack traces for internal errors')
    .option('--color', 'colour on stdout even into a pipe (default: on a terminal; FORCE_COLOR, NO_COLOR)')
    .option('--no-color', 'no colour on stdout')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  program.hook('preAction', (cmd) => {
    const opts = cmd.opts<{ debug?: boolean; color?: boolean }>();
    if (opts.debug) io.debug = true;
    if (opts.color !== undefined) io.color = opts.color;
  });
  for (const register of commands) register(program, io);
  program.addHelpText(
    'after',
    `
Examples:
  dmtrace decode fixtures/sample/session.pcapng          messages as XML, with where each came from
  dmtrace sessions capture.pcapng --format ladder        a session as a ladder of packages
  dmtrace lint logs/ --format sarif -o dm.sarif          findings for CI
  dmtrace replay trace.har --as server --listen 127.0.0.1:8080

Exit codes: 0 clean, 1 findings at error level, 2 bad usage or unreadable input.`,
  );
  return program;
}

/** Runs the CLI; returns the exit code. `io` defaults to the process's streams. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return err.exitCode === 0 ? io.exitCode : 2;
    }
    const e = err as Error;
    fail(io, `internal error: ${e.message}${io.debug ? `\n${e.stack}` : ' (run with --debug for details)'}`);
    return 2;
  }
  return io.exitCode;
}
