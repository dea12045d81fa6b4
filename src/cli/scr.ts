/**
 * `dmtrace scr INPUT... [--side client|server] [--format table|json] [-o FILE] [--jobs N]`: conformance per SCR
 * item (DM Protocol 1.2 appendix B) over the sessions of the inputs: passed, failed or not
 * exercised, with evidence, and each exercised item's dependency expression evaluated. Every rule
 * runs at its default severity (a `.dmtracerc.json` or --config applies as for lint). Exit 1 when
 * a mandatory item failed; 2 for bad usage or an input that could not be read.
 */
import { Option, type Command } from 'commander';
import { formatScrJson } from '../report/scr-json.js';
import { formatScrTable } from '../report/scr-table.js';
import { LintMemory, lintSession, type RuleCrash } from '../rules/engine.js';
import { rules } from '../rules/index.js';
import { ScrCollector, scrExitCode } from '../rules/scr.js';
import type { InputProblem } from '../model/problem.js';
import { type CliIO, fail } from './io.js';
import { cliCredentials, writeReport } from './lint.js';
import { formatProblem } from '../report/summary.js';
import { cliConfig, failInputsWithoutDm, inputsWithoutDm, sessionsOf, unreadableInputs } from './read.js';
import { parseJobs, runWorkers } from './jobs.js';
import type { ReadContext } from '../sources/types.js';
import { redact } from '../auth/credentials.js';

export const SCR_FORMATS = ['table', 'json'] as const;

export function register(program: Command, io: CliIO): void {
  program
    .command('scr')
    .description('conformance per SCR item (DM Protocol 1.2 appendix B), client side and server side')
    .argument('<inputs...>', 'captures (pcap, pcapng), HAR files, logs, .xml/.wbxml messages, folders; - for stdin')
    .addOption(
      new Option('--side <side>', 'only the client (B.1) or the server (B.2) table').choices(['client', 'server']),
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(SCR_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'lint config file (default: .dmtracerc.json in the current directory, if any)')
    .option(
      '--credentials <file>',
      'JSON credentials for the authentication rules, as for lint; secrets are never printed',
    )
    .option(
      '--jobs <n>',
      'worker threads, 1-16 or auto (the cores, for 32 MiB or more of files); the report is the same as with 1 (default 1)',
    )
    .addHelpText(
      'after',
      `
Verdicts: passed (exercised, no error finding), failed (an error finding names the item, or an
item its requirement needs failed), not exercised (nothing in the trace touched it).
Exit codes: 0 no mandatory item failed, 1 a mandatory item failed, 2 bad usage, an input that
could not be read, or an input with no SyncML DM message in it.`,
    )
    .action(
      async (
        inputs: string[],
        flags: {
          side?: 'client' | 'server';
          format: (typeof SCR_FORMATS)[number];
          output?: string;
          config?: string;
          credentials?: string;
          jobs?: string;
        },
      ) => {
        const jobs = parseJobs(flags.jobs, inputs);
        if (jobs instanceof Error) return fail(io, jobs.message);
        const cfg: Parameters<typeof cliConfig>[1] = { rules, cwd: process.cwd() };
        if (flags.config !== undefined) cfg.file = flags.config;
        const config = cliConfig(io, cfg);
        if (!config) return;
        const credentials = await cliCredentials(io, flags.credentials);
        if (credentials === false) return;
        const collector = new ScrCollector();
        const inputsWithSessions = new Set<string>();
        const crashes: string[] = [];
        const crashed = (c: RuleCrash) =>
          crashes.push(`internal error in rule ${c.rule} on session ${c.session}: ${c.error}`);
        let problems: InputProblem[] = [];
        let ctx: ReadContext;
        if (jobs > 1) {
          // The workers lint and observe their devices' sessions (src/cli/jobs.ts); they are added in one process's order.
          const job: Parameters<typeof runWorkers>[0] = { command: 'scr', inputs, config };
          if (credentials) job.credentials = credentials;
          ({ ctx, problems } = await runWorkers(job, jobs, io, (s) => {
            if (!('observed' in s)) return;
            for (const i of s.inputs) inputsWithSessions.add(i);
            for (const c of s.crashes) crashed(c);
            collector.addObserved(s.observed, s.findings);
          }));
        } else {
          const read = sessionsOf(inputs, io, (p) => problems.push(p));
          ctx = read.ctx;
          // Cross-session rules (next nonce, Generic Alert Correlator) see earlier sessions of a device, as in lint.
          const memory = new LintMemory();
          for await (const s of read.sessions) {
            for (const m of s.messages) inputsWithSessions.add(m.message.origin.input);
            const opts: Parameters<typeof lintSession>[1] = { rules, config, memory, onCrash: crashed };
            if (credentials) opts.credentials = credentials;
            collector.add(s, lintSession(s, opts));
          }
        }
        const report = collector.report(flags.side);
        let text =
          flags.format === 'json'
            ? formatScrJson(report)
            : formatScrTable(report, { color: io.color && flags.output === undefined });
        if (credentials) text = redact(text, credentials);
        if (!writeReport(io, text, flags.output)) return;
        for (const p of problems) io.stderr.write(`dmtrace: ${formatProblem(p)}\n`);
        for (const c of crashes) fail(io, c);
        const unreadable = unreadableInputs(problems, inputsWithSessions);
        for (const input of unreadable) fail(io, `${input}: could not be read`);
        const noDm = inputsWithoutDm(ctx.reads.values());
        failInputsWithoutDm(io, noDm);
        if (report.sessions === 0 && unreadable.length === 0 && noDm.length === 0)
          io.stderr.write('dmtrace: no DM sessions found in the input\n');
        const code = scrExitCode(report);
        if (io.exitCode < code) io.exitCode = code;
      },
    );
}
