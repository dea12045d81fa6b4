/**
 * `dmtrace lint INPUT... [--format stylish|json|sarif|junit|github] [-o FILE] [--rule ID=off|warn|error]
 * [--config FILE] [--max-warnings N] [--quiet] [--credentials FILE]`
 *
 * Pipeline: readInputs (src/sources) → messagesOf → assembleSessions (src/session) → the lint
 * engine, session by session as the assembler hands them on → one reporter.
 * Exit codes (docs/architecture.md "Command line"): 0 clean or only warnings within --max-warnings; 1 errors or
 * too many warnings; 2 bad usage (config, flags), unreadable credentials, or an input that could
 * not be read at all.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadCredentials, redact, type Credentials } from '../auth/credentials.js';
import { lintFormatNames, lintWriters, type LintFormatName } from '../report/lint-formats.js';
import type { LintFormatOptions } from '../report/lint-types.js';
import type { LintConfig } from '../rules/config.js';
import {
  addLinted,
  addSession,
  finish,
  lintExitCode,
  type AddSessionOptions,
  type LintResult,
} from '../rules/engine.js';
import { rules } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { formatProblem } from '../report/summary.js';
import type { InputProblem } from '../model/problem.js';
import { newSummary } from '../model/exchange.js';
import type { ReadContext } from '../sources/types.js';
import { type CliIO, fail } from './io.js';
import { parseJobs, runWorkers } from './jobs.js';
import { cliConfig, inputsWithoutDm, packageVersion, partialInputs, sessionsOf, unreadableInputs } from './read.js';

/**
 * Credentials for the authentication rules: `--credentials FILE`, else DMTRACE_CREDENTIALS, then
 * DMTRACE_CLIENT_* / DMTRACE_SERVER_* (src/auth/credentials.ts). Problems go to stderr; undefined
 * when there are none; `false` (and exit 2) when they could not be loaded.
 */
export async function cliCredentials(io: CliIO, file: string | undefined): Promise<Credentials | undefined | false> {
  const credOpts: Parameters<typeof loadCredentials>[0] = { env: io.env };
  if (file !== undefined) credOpts.file = file;
  const load = await loadCredentials(credOpts);
  for (const p of load.problems) io.stderr.write(`dmtrace: ${p.severity}: ${p.message}\n`);
  if (load.problems.some((p) => p.severity === 'error')) {
    fail(io, 'credentials could not be loaded');
    return false;
  }
  return load.credentials.devices.size + load.credentials.servers.size > 0 ? load.credentials : undefined;
}

/** Lints every session of the inputs (streaming) into a LintResult. */
export async function lintInputs(
  inputs: string[],
  io: CliIO,
  opts: {
    rules: readonly Rule[];
    config?: LintConfig;
    credentials?: Credentials;
    quiet?: boolean;
    /** Accept inputs read only in part (no `input-partial` error). */
    allowPartial?: boolean;
    /** Each session and its findings as it is linted; the result then keeps neither (counts only). */
    emit?: AddSessionOptions['emit'];
    /** Worker threads (src/cli/jobs.ts); 1 or none: this thread reads and lints. */
    jobs?: number;
  },
): Promise<LintResult> {
  if (opts.jobs !== undefined && opts.jobs > 1) return lintWithJobs(inputs, io, opts, opts.jobs);
  const problems: InputProblem[] = [];
  const { sessions, ctx } = sessionsOf(inputs, io, (p) => problems.push(p));
  const result = emptyResult(inputs);
  const lintOpts: AddSessionOptions = { rules: opts.rules, onCrash: (c) => result.crashes.push(c) };
  if (opts.emit) {
    lintOpts.emit = opts.emit;
    lintOpts.retain = false;
  }
  if (opts.config) lintOpts.config = opts.config;
  if (opts.credentials) lintOpts.credentials = opts.credentials;
  if (opts.quiet) lintOpts.quiet = true;
  for await (const s of sessions) addSession(result, s, lintOpts);
  return finishRead(result, ctx, problems, opts.allowPartial);
}

function emptyResult(inputs: string[]): LintResult {
  return {
    findings: [],
    sessions: [],
    inputs: [...inputs],
    problems: [],
    crashes: [],
    summary: { ...newSummary(), sessions: 0, messages: 0, errors: 0, warnings: 0, infos: 0 },
  };
}

/**
 * The per-input verdicts (README "lint and scr": no DM at all is a usage error, a partial read an
 * error), reported through `ctx` into `problems`, then the result's summary.
 */
function finishRead(
  result: LintResult,
  ctx: ReadContext,
  problems: InputProblem[],
  allowPartial?: boolean,
): LintResult {
  const reads = [...ctx.reads.values()];
  for (const p of [...inputsWithoutDm(reads), ...(allowPartial ? [] : partialInputs(reads))]) ctx.report(p);
  finish(result, { summary: ctx.summary, problems, inputs: result.inputs });
  return result;
}

/** lintInputs with `jobs` workers: the same result, the sessions linted in worker threads (src/cli/jobs.ts). */
async function lintWithJobs(
  inputs: string[],
  io: CliIO,
  opts: Parameters<typeof lintInputs>[2],
  jobs: number,
): Promise<LintResult> {
  const result = emptyResult(inputs);
  const job: Parameters<typeof runWorkers>[0] = { command: 'lint', inputs };
  if (opts.config) job.config = opts.config;
  if (opts.credentials) job.credentials = opts.credentials;
  if (opts.quiet) job.quiet = true;
  const addOpts: Parameters<typeof addLinted>[3] = opts.emit ? { emit: opts.emit, retain: false } : {};
  const { ctx, problems } = await runWorkers(job, jobs, io, (s) => {
    if (!('linted' in s)) return;
    for (const c of s.crashes) result.crashes.push(c);
    addLinted(result, s.linted, s.findings, addOpts);
  });
  return finishRead(result, ctx, problems, opts.allowPartial);
}

const collect = (v: string, prev: string[]) => [...prev, v];

interface LintFlags {
  format: LintFormatName;
  output?: string;
  rule: string[];
  config?: string;
  maxWarnings?: string;
  quiet?: boolean;
  credentials?: string;
  allowPartial?: boolean;
  jobs?: string;
}

/** Parses `--max-warnings`: a whole number ≥ 0, or -1 for no limit. */
function parseMaxWarnings(v: string | undefined): number | undefined | Error {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v.trim()) || Number(v) < -1)
    return new Error(
      `--max-warnings: expected a whole number (0 or more, or -1 for no limit), got ${JSON.stringify(v)}`,
    );
  const n = Number(v);
  return n < 0 ? undefined : n;
}

/** A report written as it is made: to stdout, or to -o FILE opened before anything is read. */
interface ReportOutput {
  write(text: string): void;
  /** false (and exit 2) when the file could not be written. */
  close(): boolean;
}

/** Opens -o FILE (or stdout) for a streamed report; undefined (and exit 2) when it cannot be opened. */
function openReport(io: CliIO, output: string | undefined): ReportOutput | undefined {
  if (output === undefined || output === '-') return { write: (t) => void io.stdout.write(t), close: () => true };
  const cannot = (err: unknown) =>
    fail(io, `${output}: cannot write the report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  let fd: number;
  try {
    mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
    fd = openSync(output, 'w');
  } catch (err) {
    cannot(err);
    return undefined;
  }
  let error: unknown;
  return {
    write: (t) => {
      if (error !== undefined) return;
      try {
        // write(2) may take part of a buffer: the rest is written until none is left.
        const bytes = Buffer.from(t, 'utf8');
        for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
      } catch (err) {
        error = err;
      }
    },
    close: () => {
      closeSync(fd);
      if (error !== undefined) cannot(error);
      return error === undefined;
    },
  };
}

/** Writes the report to -o FILE or stdout; false (and exit 2) when the file cannot be written. */
export function writeReport(io: CliIO, text: string, output: string | undefined): boolean {
  const out = openReport(io, output);
  if (!out) return false;
  out.write(text);
  return out.close();
}

export function register(program: Command, io: CliIO): void {
  program
    .command('lint')
    .description('check DM sessions against DM Protocol 1.2 (Chapters 6-10) and report findings')
    .argument('<inputs...>', 'captures (pcap, pcapng), HAR files, logs, .xml/.wbxml messages, folders; - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(lintFormatNames).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--rule <id=setting>', 'set a rule to off, warn or error (repeatable)', collect, [] as string[])
    .option('-c, --config <file>', 'config file (default: .dmtracerc.json in the current directory, if any)')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('-q, --quiet', 'report errors only')
    .option(
      '--allow-partial',
      'do not fail for an input read only in part (a cut capture, a TCP gap, an undecodable DM body)',
    )
    .option(
      '--jobs <n>',
      'worker threads, 1-16 or auto (the cores, for 32 MiB or more of files); the report is the same as with 1 (default 1)',
    )
    .option(
      '--credentials <file>',
      'JSON credentials to verify basic, MD5 and HMAC credentials (or DMTRACE_CREDENTIALS, DMTRACE_CLIENT_PASSWORD, ...); secrets are never printed',
    )
    .addHelpText(
      'after',
      `
Examples:
  dmtrace lint capture.pcapng
  dmtrace lint logs/ --format sarif -o dmtrace.sarif
  dmtrace lint trace.har --rule syncml-decode=warn --max-warnings 0

Exit codes: 0 clean (or warnings within --max-warnings); 1 errors, too many warnings, or an
input read only in part (cut, TCP gaps, undecodable DM bodies: an input-partial error, unless
--allow-partial); 2 bad usage, an input that could not be read, or an input with no SyncML DM
message in it. Rules: docs/rules.md; problem codes: docs/problems.md (dmtrace docs).`,
    )
    .action(async (inputs: string[], flags: LintFlags) => {
      const cwd = process.cwd();
      const maxWarnings = parseMaxWarnings(flags.maxWarnings);
      if (maxWarnings instanceof Error) return fail(io, maxWarnings.message);
      const jobs = parseJobs(flags.jobs, inputs);
      if (jobs instanceof Error) return fail(io, jobs.message);
      const cfg: Parameters<typeof cliConfig>[1] = { rules, cwd, ruleFlags: flags.rule };
      if (flags.config !== undefined) cfg.file = flags.config;
      const config = cliConfig(io, cfg);
      if (!config) return;
      const credentials = await cliCredentials(io, flags.credentials);
      if (credentials === false) return;
      const lintOpts: Parameters<typeof lintInputs>[2] = { rules, config };
      if (credentials) lintOpts.credentials = credentials;
      if (flags.quiet) lintOpts.quiet = true;
      if (flags.allowPartial) lintOpts.allowPartial = true;
      lintOpts.jobs = jobs;
      // Every format is written as sessions are linted (README "What streams"): findings are not kept.
      const withSessions = new Set<string>();
      const formatOpts: LintFormatOptions = {
        cwd,
        color: io.color && flags.output === undefined && flags.format === 'stylish',
        rules,
        version: packageVersion(),
      };
      if (credentials) formatOpts.redact = (t) => redact(t, credentials);
      const out = openReport(io, flags.output);
      if (!out) return;
      const writer = lintWriters[flags.format](
        credentials ? (t) => out.write(redact(t, credentials)) : out.write,
        formatOpts,
      );
      lintOpts.emit = (s, findings) => {
        writer.session(findings, s);
        for (const m of s.messages) withSessions.add(m.origin.input);
      };
      const result = await lintInputs(inputs, io, lintOpts);
      writer.end(result);
      if (!out.close()) return;

      // Input problems on stderr too, unless the report already shows them to a person on stdout.
      if (flags.output !== undefined || flags.format !== 'stylish') {
        for (const p of result.problems)
          io.stderr.write(`dmtrace: ${credentials ? redact(formatProblem(p), credentials) : formatProblem(p)}\n`);
      }
      for (const c of result.crashes) fail(io, `internal error in rule ${c.rule} on session ${c.session}: ${c.error}`);
      const unreadable = unreadableInputs(result.problems, withSessions);
      for (const input of unreadable) fail(io, `${input}: could not be read`);
      // No DM in an input: a usage error; the input-no-dm problem above (or in the report) says so.
      const noDm = result.problems.filter((p) => p.code === 'input-no-dm');
      if (noDm.length && io.exitCode < 2) io.exitCode = 2;
      if (result.summary.sessions === 0 && unreadable.length === 0 && noDm.length === 0)
        io.stderr.write('dmtrace: no DM sessions found in the input\n');
      if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) {
        io.stderr.write(`dmtrace: ${result.summary.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      }
      const code = lintExitCode(result, maxWarnings);
      if (io.exitCode < code) io.exitCode = code;
    });
}
