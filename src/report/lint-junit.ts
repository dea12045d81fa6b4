/**
 * junit: for CI test reports. One testsuite per input, one testcase per session (named by session
 * id, classname the input); a session with error-level findings has one <failure> carrying all its
 * findings; warnings and infos of a passing session go to <system-out>. Input problems (a cut
 * capture, a body that is not DM) are an <error> testcase named `read` in that input's suite.
 * Built as an element tree and written by the one XML writer (src/xml/write.ts), pretty, with
 * characters XML 1.0 cannot carry replaced.
 */
import { formatWhere } from '../model/problem.js';
import type { Finding } from '../rules/types.js';
import { inputPosition, ladderPosition, relativeInput, sessionIndex, type LintFormatter } from './lint-types.js';
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

export const formatJunit: LintFormatter = (result, opts) => {
  const sessions = sessionIndex(result);
  const findingsBySession = new Map<string, Finding[]>();
  for (const f of result.findings) {
    let l = findingsBySession.get(f.session);
    if (!l) findingsBySession.set(f.session, (l = []));
    l.push(f);
  }
  // Inputs in command-line order, then any input only sessions or problems name.
  const inputs: string[] = [];
  for (const i of [...result.inputs, ...result.sessions.map((s) => s.input), ...result.problems.map((p) => p.input)])
    if (!inputs.includes(i)) inputs.push(i);

  let totalTests = 0;
  let totalFailures = 0;
  let totalErrors = 0;
  const suites: Element[] = inputs.map((input) => {
    const name = relativeInput(input, opts.cwd);
    const cases: Element[] = [];
    let failures = 0;
    let errors = 0;
    const problems = result.problems.filter((p) => p.input === input);
    if (problems.length) {
      errors++;
      const text = problems
        .map(
          (p) =>
            `${p.severity}: ${p.message} [${p.code}]${[p.frame !== undefined ? ` frame ${p.frame}` : '', formatWhere(p) ? ` ${formatWhere(p)}` : ''].join('')}`,
        )
        .join('\n');
      cases.push(
        node('testcase', { classname: name, name: 'read', file: name, time: 0 }, [
          node('error', { message: `${problems.length} input problem(s)`, type: 'input' }, text),
        ]),
      );
    }
    for (const s of result.sessions.filter((x) => x.input === input)) {
      const fs = findingsBySession.get(s.id) ?? [];
      const text = fs.map((f) => line(f, ladderPosition(f, sessions.get(s.id)))).join('\n');
      const nErr = fs.filter((f) => f.severity === 'error').length;
      const children: Element[] = [];
      if (nErr) {
        failures++;
        children.push(
          node('failure', { message: `${nErr} error(s), ${fs.length - nErr} other finding(s)`, type: 'error' }, text),
        );
      } else if (fs.length) {
        children.push(node('system-out', {}, text));
      }
      cases.push(node('testcase', { classname: name, name: `session ${s.id}`, file: name, time: 0 }, children));
    }
    totalTests += cases.length;
    totalFailures += failures;
    totalErrors += errors;
    return node('testsuite', { name, tests: cases.length, failures, errors, skipped: 0, time: 0 }, cases);
  });
  const root = node(
    'testsuites',
    { name: 'dmtrace lint', tests: totalTests, failures: totalFailures, errors: totalErrors, time: 0 },
    suites,
  );
  return writeXml(root, { pretty: true, invalidChars: 'replace' });
};
