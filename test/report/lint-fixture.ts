/**
 * One shared lint result for every reporter test (Spectral style): the real libdmclient session
 * (capture origins: frames and byte offsets) with the built-in decode rule warning on its Package 3
 * (whitespace before the XML declaration, recovered by the codec),
 * plus a session read from a log (line origins), with findings whose messages carry every character
 * the formats must escape, a warning, an info, and an input problem.
 */
import path from 'node:path';
import { lintStream, syncmlDecode, type LintResult } from '../../src/rules/engine.js';
import type { Rule } from '../../src/rules/types.js';
import type { InputProblem } from '../../src/model/problem.js';
import { newSummary } from '../../src/model/exchange.js';
import { repoRoot } from '../helpers.js';
import { buildSession, libdmclientInput } from '../rules/tester.js';
import type { LintFormatOptions } from '../../src/report/lint-types.js';

/** Characters every format has to survive: XML specials, GitHub command specials, a control char, a newline. */
export const nasty = 'Status 100% wrong: <Data>&"x"</Data>, see a,b\nsecond line\u0001';

export const statusRule: Rule = {
  id: 'test-status-per-command',
  section: '8.5',
  scr: ['DM-PRO-C-008'],
  side: 'client',
  severity: 'error',
  description: 'Test rule: Status for every command',
  explanation: 'A rule defined by the reporter tests; it reports fixed findings on chosen messages.',
  messages: { text: '{{text}}' },
  check(ctx) {
    const last = ctx.session.messages.find((m) => m.direction === 'client' && m.index > 0);
    if (last)
      ctx.report({
        messageId: 'text',
        data: { text: nasty },
        messageIndex: last.index,
        path: 'SyncBody/Status[CmdID=5]',
      });
  },
};

export const warnRule: Rule = {
  id: 'test-server-meta',
  section: '8.4',
  scr: ['DM-PRO-S-008'],
  side: 'server',
  severity: 'warning',
  description: 'Test rule: Meta when not default',
  explanation: 'A rule defined by the reporter tests; it reports a warning and an info on the first server message.',
  messages: { text: '{{text}}' },
  check(ctx) {
    const m = ctx.session.messages.find((x) => x.direction === 'server');
    if (!m) return;
    ctx.report({
      messageId: 'text',
      data: { text: 'Replace item without Meta Format' },
      messageIndex: m.index,
      path: 'SyncBody/Replace[CmdID=5]/Item[1]',
    });
    ctx.report({ messageId: 'text', data: { text: 'informational note' }, messageIndex: m.index, severity: 'info' });
  },
};

export const fixtureRules: readonly Rule[] = [syncmlDecode, statusRule, warnRule];

export const captureInput = 'fixtures/lint/libdmclient-xml-auth.pcapng';
export const logInput = 'fixtures/lint/device.log';

export const inputProblem: InputProblem = {
  input: captureInput,
  severity: 'warning',
  code: 'tcp-gap',
  message: 'lost segment: 120 bytes missing',
  frame: 11,
  offset: 8000,
};

export async function fixtureResult(): Promise<LintResult> {
  const capture = buildSession(libdmclientInput(captureInput));
  const log = buildSession(
    libdmclientInput(logInput)
      .slice(0, 3)
      .map((m, i) =>
        typeof m === 'string'
          ? m
          : { ...m, xml: i === 2 ? m.xml.replace(/^\n/, '') : m.xml, origin: { input: logInput, line: 10 + i * 30 } },
      ),
  );
  log.id = 'DMCtest/1#2';
  const summary = newSummary();
  summary.inputs = 2;
  summary.undecodable = 1;
  summary.problems = 1;
  return lintStream([capture, log], {
    rules: fixtureRules,
    inputs: [captureInput, logInput],
    summary,
    problems: [inputProblem],
  });
}

export const formatOptions: LintFormatOptions = { cwd: repoRoot, rules: fixtureRules, version: '0.1.0' };

/** The same input named by an absolute path (what a user passing `$PWD/...` gets). */
export const absoluteCapture = path.join(repoRoot, captureInput);
