/**
 * junit: for CI test reports. One testsuite per input, one testcase per session (named by session
 * id, classname the input); a session with error-level findings has one <failure> carrying all its
 * findings; warnings and infos of a passing session go to <system-out>. Input problems (a cut
 * capture, a body that is not DM) are an <error> testcase named `read` in that input's suite.
 * Each testcase is an element tree written by the one XML writer (src/xml/write.ts), pretty, with
 * characters XML 1.0 cannot carry replaced.
 *
 * Written as the run goes (`junitWriter`), though nothing can be printed before the end: every
 * testsuite's counts are attributes of its start tag, and `<testsuites>` carries the totals. So
 * each session's testcase is written to a spool (src/report/spool.ts: memory, then a temporary
 * file, with the secrets taken out first) as it is linted, and the document is put together from
 * it at the end; what stays in memory is one byte range per run of an input's testcases.
 */
import { formatWhere } from '../model/problem.js';
import type { Finding } from '../rules/types.js';
import {
  formatWith,
  inputPosition,
  ladderPosition,
  relativeInput,
  type LintFormatter,
  type LintWriterFactory,
} from './lint-types.js';
import { Spool, type SpoolRange } from './spool.js';
import { element, text as textNode, type Element } from '../model/tree.js';
import { writeXml } from '../xml/write.js';

/** An element for the report: attributes as given (numbers written as decimals), children or text. */
function node(name: string, attrs: Record<string, string | number>, content: Element[] | string = []): Element {
  const el = element(name, '', typeof content === 'string' ? [textNode(content)] : content);
  el.attributes = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)]));
  return el;
}

function line(f: Finding, pos: string): string {
  const where = [pos, inputPosition(f), f.location.path ? `at ${f.location.path}` : ''].filter(Boolean).join(', ');
  return `${f.severity}: ${f.message} [${f.rule}, §${f.section}${f.scr.length ? `, ${f.scr.join(' ')}` : ''}] (${where})`;
}

/** An element's start tag as the XML writer writes it (attributes escaped and cleaned the same way). */
function startTag(name: string, attrs: Record<string, string | number>): string {
  return `${writeXml(node(name, attrs), { declaration: false, invalidChars: 'replace' }).slice(0, -2)}>`;
}

/**
 * What a testsuite holds until the end: its counts and where its testcases are in the spool (one
 * range for a run of testcases written one after the other: an input's sessions mostly are).
 */
interface Suite {
  tests: number;
  failures: number;
  cases: Array<[number, number]>;
}

function addRange(cases: Array<[number, number]>, [start, end]: SpoolRange): void {
  const last = cases[cases.length - 1];
  if (last && last[1] === start) last[1] = end;
  else cases.push([start, end]);
}

/** Options for `junitWriter` (tests: a small `memoryLimit` makes the spool a file). */
export interface JunitWriterOptions {
  memoryLimit?: number;
}

export function junitWriter(spoolOpts: JunitWriterOptions = {}): LintWriterFactory {
  return (write, opts) => {
    const spool = new Spool(spoolOpts.memoryLimit);
    const keep = opts.redact ?? ((t: string) => t);
    const suites = new Map<string, Suite>();
    const suiteOf = (input: string): Suite => {
      let s = suites.get(input);
      if (!s) suites.set(input, (s = { tests: 0, failures: 0, cases: [] }));
      return s;
    };
    return {
      session(findings, s) {
        // Findings of a session the result does not hold have no testcase (as in a whole result).
        if (!s) return;
        const name = relativeInput(s.input, opts.cwd);
        const text = findings.map((f) => line(f, ladderPosition(f, s))).join('\n');
        const nErr = findings.filter((f) => f.severity === 'error').length;
        const children: Element[] = [];
        const suite = suiteOf(s.input);
        if (nErr) {
          suite.failures++;
          children.push(
            node(
              'failure',
              { message: `${nErr} error(s), ${findings.length - nErr} other finding(s)`, type: 'error' },
              text,
            ),
          );
        } else if (findings.length) {
          children.push(node('system-out', {}, text));
        }
        const testcase = node('testcase', { classname: name, name: `session ${s.id}`, file: name, time: 0 }, children);
        suite.tests++;
        addRange(
          suite.cases,
          spool.append(
            keep(
              `\n    ${writeXml(testcase, { pretty: true, declaration: false, invalidChars: 'replace', depth: 2 })}`,
            ),
          ),
        );
      },
      end(result) {
        // Inputs in command-line order, then any input only sessions or problems name.
        const inputs: string[] = [];
        const seen = new Set<string>();
        for (const i of [...result.inputs, ...suites.keys(), ...result.problems.map((p) => p.input)])
          if (!seen.has(i)) {
            seen.add(i);
            inputs.push(i);
          }
        const problemsOf = new Map<string, typeof result.problems>();
        for (const p of result.problems) {
          let l = problemsOf.get(p.input);
          if (!l) problemsOf.set(p.input, (l = []));
          l.push(p);
        }
        let totalTests = 0;
        let totalFailures = 0;
        let totalErrors = 0;
        for (const input of inputs) {
          const suite = suites.get(input);
          const errors = problemsOf.has(input) ? 1 : 0;
          totalTests += (suite?.tests ?? 0) + errors;
          totalFailures += suite?.failures ?? 0;
          totalErrors += errors;
        }
        const root = { name: 'dmtrace lint', tests: totalTests, failures: totalFailures, errors: totalErrors, time: 0 };
        write('<?xml version="1.0" encoding="UTF-8"?>\n');
        if (inputs.length === 0) {
          write(`${writeXml(node('testsuites', root), { declaration: false, invalidChars: 'replace' })}\n`);
          spool.close();
          return;
        }
        write(startTag('testsuites', root));
        for (const input of inputs) {
          const suite = suites.get(input) ?? { tests: 0, failures: 0, cases: [] };
          const problems = problemsOf.get(input) ?? [];
          const name = relativeInput(input, opts.cwd);
          const errors = problems.length ? 1 : 0;
          const attrs = { name, tests: suite.tests + errors, failures: suite.failures, errors, skipped: 0, time: 0 };
          if (suite.tests + errors === 0) {
            write(`\n  ${writeXml(node('testsuite', attrs), { declaration: false, invalidChars: 'replace' })}`);
            continue;
          }
          write(`\n  ${startTag('testsuite', attrs)}`);
          if (problems.length) {
            const text = problems
              .map(
                (p) =>
                  `${p.severity}: ${p.message} [${p.code}]${[p.frame !== undefined ? ` frame ${p.frame}` : '', formatWhere(p) ? ` ${formatWhere(p)}` : ''].join('')}`,
              )
              .join('\n');
            const read = node('testcase', { classname: name, name: 'read', file: name, time: 0 }, [
              node('error', { message: `${problems.length} input problem(s)`, type: 'input' }, text),
            ]);
            write(`\n    ${writeXml(read, { pretty: true, declaration: false, invalidChars: 'replace', depth: 2 })}`);
          }
          for (const range of suite.cases) spool.copy(write, range);
          write('\n  </testsuite>');
        }
        write('\n</testsuites>\n');
        spool.close();
      },
    };
  };
}

export const formatJunit: LintFormatter = formatWith(junitWriter());
