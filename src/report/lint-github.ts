/**
 * github: GitHub Actions workflow commands, one annotation per finding
 * (`::error file=F,line=L,title=T::message`). Escaping as the Actions runner's
 * command parser expects (actions/toolkit core/src/command.ts): in the message `%`, CR and LF
 * become %25, %0D, %0A; in property values also `:` and `,` become %3A and %2C.
 */
import type { Severity } from '../model/problem.js';
import { formatWith, inputPosition, ladderPosition, relativeInput, type LintWriterFactory } from './lint-types.js';

const command = { error: 'error', warning: 'warning', info: 'notice' } as const satisfies Record<Severity, string>;

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(kind: string, props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${kind}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

/** Written as the run goes: a line per finding when its session is linted, then a line per input problem. */
export const githubWriter: LintWriterFactory = (write, opts) => ({
  session(findings, session) {
    const out: string[] = [];
    for (const f of findings) {
      const where = [ladderPosition(f, session), inputPosition(f), f.location.path ? `at ${f.location.path}` : '']
        .filter(Boolean)
        .join(', ');
      out.push(
        annotation(
          command[f.severity],
          {
            file: relativeInput(f.location.input, opts.cwd),
            line: f.location.line,
            title: `${f.rule} (§${f.section})`,
          },
          `${f.message}\nsession ${f.session}, ${where}${f.scr.length ? `\nSCR: ${f.scr.join(', ')}` : ''}`,
        ),
      );
    }
    if (out.length) write(out.join('\n') + '\n');
  },
  end(result) {
    const out = result.problems.map((p) =>
      annotation(
        command[p.severity],
        { file: relativeInput(p.input, opts.cwd), line: p.line, title: p.code },
        `${p.message}${p.frame !== undefined ? ` (frame ${p.frame})` : ''}${p.offset !== undefined ? ` (offset ${p.offset})` : ''}`,
      ),
    );
    if (out.length) write(out.join('\n') + '\n');
  },
});

export const formatGithub = formatWith(githubWriter);
