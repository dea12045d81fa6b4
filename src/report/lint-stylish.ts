/**
 * stylish: findings for a person at a terminal, grouped by session (ESLint's stylish layout), each
 * with its ladder position, where in the input, severity, message, rule id and spec section; a
 * totals line; colors only when asked (a terminal without NO_COLOR).
 */
import pc from 'picocolors';
import { formatWhere, type Severity } from '../model/problem.js';
import type { Finding } from '../rules/types.js';
import { isPartial } from '../model/problem-codes.js';
import { formatWith, inputPosition, ladderPosition, relativeInput, type LintWriterFactory } from './lint-types.js';
import type { LintedSession, LintResult } from '../rules/engine.js';

/** One line, no terminal control characters (a message may quote bytes from the wire). */

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

type Colors = ReturnType<typeof pc.createColors>;

/** One session's block: a heading (input, session, peers, outcome, packages) and a row per finding, columns aligned within the session. */
function sessionBlock(
  findings: readonly Finding[],
  s: LintedSession | undefined,
  id: string,
  c: Colors,
  sev: Record<Severity, string>,
  cwd: string,
): string[] {
  const out: string[] = [];
  const head = s
    ? `${c.underline(relativeInput(s.input, cwd))}  session ${c.bold(id)} ${c.dim(`(${s.device || '?'} ↔ ${s.server || '?'}, ${s.outcome}, packages ${s.packages.join(' ') || '-'})`)}`
    : `session ${c.bold(id)}`;
  out.push(head);
  // A session can span inputs (a folder of message files): name the input when it is not the session's.
  const where = (f: Finding) =>
    [f.location.input !== s?.input ? relativeInput(f.location.input, cwd) : '', inputPosition(f)]
      .filter(Boolean)
      .join(' ');
  const rows = findings.map(
    (f) =>
      [ladderPosition(f, s), where(f), f.severity, f.message, f.rule, `§${f.section}`, f.location.path ?? ''] as const,
  );
  // Widths by a loop: a spread of a session's rows overflows the stack beyond ~100,000 findings.
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  for (const r of rows) {
    w0 = Math.max(w0, r[0].length);
    w1 = Math.max(w1, r[1].length);
    w2 = Math.max(w2, r[2].length);
  }
  for (const [pos, where, severity, message, rule, section, p] of rows) {
    const msg = oneLine(message);
    out.push(
      `  ${c.dim(pos.padEnd(w0))}  ${c.dim(where.padEnd(w1))}  ${sev[severity]}${' '.repeat(w2 - severity.length)}  ${msg}${p ? ` ${c.dim(`at ${p}`)}` : ''}  ${c.dim(rule)} ${c.dim(section)}`,
    );
  }
  out.push('');
  return out;
}

/** The input problems, a line each: they explain sessions that are missing or cut. */
function problemLines(result: LintResult, c: Colors, sev: Record<Severity, string>, cwd: string): string[] {
  const out: string[] = [];
  for (const p of result.problems) {
    const where = [
      p.frame !== undefined ? `frame ${p.frame}` : '',
      p.entry !== undefined ? `entry ${p.entry}` : '',
      formatWhere(p),
    ]
      .filter(Boolean)
      .join(', ');
    out.push(
      `${c.underline(relativeInput(p.input, cwd))}${where ? ` ${c.dim(where)}` : ''}: ${sev[p.severity]} ${oneLine(p.message)} ${c.dim(p.code)}`,
    );
  }
  if (result.problems.length) out.push('');
  return out;
}

/** The closing lines: the verdict with its counts, what was not read, and rules that failed. */
function summaryLines(result: LintResult, c: Colors): string[] {
  const out: string[] = [];
  const { errors, warnings, infos } = result.summary;
  const total = errors + warnings + infos;
  const counts = `${plural(result.summary.sessions, 'session')} in ${plural(result.summary.inputs, 'input')}`;
  const errorProblems = result.problems.filter((p) => p.severity === 'error');
  const inputErrors = errorProblems.length;
  // Errors of codes marked partial with no input-partial verdict among them were accepted (--allow-partial).
  const accepted =
    !errorProblems.some((p) => p.code === 'input-partial') && errorProblems.every((p) => isPartial(p.code));
  if (total === 0 && inputErrors === 0) {
    out.push(c.green(`✔ no problems (${counts})`));
  } else if (total === 0 && accepted) {
    out.push(c.green(`✔ no findings (${counts}; ${plural(inputErrors, 'input error')} accepted: --allow-partial)`));
  } else if (total === 0) {
    // Never "no problems" for an input that was not read, held no DM, or was read only in part.
    out.push(c.bold(c.red(`✖ no findings, but ${plural(inputErrors, 'input error')} (${counts})`)));
  } else {
    const line = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}${infos ? `, ${plural(infos, 'info')}` : ''}) in ${counts}`;
    out.push(c.bold(errors ? c.red(line) : c.yellow(line)));
  }
  const s = result.summary;
  const notRead = [
    s.undecodable ? plural(s.undecodable, 'undecodable body', 'undecodable bodies') : '',
    s.tlsConnections
      ? `${plural(s.tlsConnections, 'TLS connection')} (not readable: export decrypted HTTP from Wireshark)`
      : '',
    s.gaps ? plural(s.gaps, 'TCP gap') : '',
    s.problems ? plural(s.problems, 'input problem') : '',
  ].filter(Boolean);
  if (notRead.length) out.push(c.dim(`  not read: ${notRead.join(', ')}`));
  for (const crash of result.crashes)
    out.push(c.red(`internal error in rule ${crash.rule} on session ${crash.session}: ${crash.error}`));
  return out;
}

/**
 * Written as the run goes: a block per session with findings when it is linted, then the input
 * problems (known when every input is read, and so just above the verdict that counts them), then
 * the verdict.
 */
export const stylishWriter: LintWriterFactory = (write, opts) => {
  const c = pc.createColors(!!opts.color);
  const sev = { error: c.red('error'), warning: c.yellow('warning'), info: c.blue('info') } as const;
  return {
    session(findings, session) {
      if (findings.length)
        write(sessionBlock(findings, session, findings[0]!.session, c, sev, opts.cwd).join('\n') + '\n');
    },
    end(result) {
      write([...problemLines(result, c, sev, opts.cwd), ...summaryLines(result, c)].join('\n') + '\n');
    },
  };
};

export const formatStylish = formatWith(stylishWriter);
