/**
 * docs/problems.md, generated from the problem-code catalogue (src/model/problem-codes.ts) by
 * `npm run docs` (`dmtrace docs --problems`); a test fails when the committed file differs.
 */
import { PROBLEM_CODES, type ProblemCodeInfo, type ProblemGroup } from '../model/problem-codes.js';

/** What each group means, in the order the index lists them. */
export const GROUP_DESCRIPTIONS: Readonly<Record<ProblemGroup, string>> = {
  input: 'an input as a whole: missing, unreadable, empty, nothing in it',
  cut: 'bytes the input should hold are missing (a cut file, a lost segment, a body not saved)',
  malformed: 'the bytes break their format where they are; read on as far as they go',
  undecoded: 'read but not understood (an unknown token, block, link type, charset); skipped or shown raw',
  limit: 'a bound against hostile input was reached; what lies beyond it is not read (README "Limits")',
  protocol: 'a deviation from the specification that is read anyway, repaired or tolerated',
  structure: 'a SyncML element where the DTD has none, or none where it needs one',
  sequence: 'a message that does not fit into a session',
  config: 'the credentials file or environment',
  internal: 'a dmtrace bug caught before it ended the run (please report it)',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Renders docs/problems.md: the groups, then one table of every code in catalogue order. */
export function renderProblemCodesMarkdown(): string {
  const out: string[] = [
    '# dmtrace problem codes',
    '',
    '<!-- Generated from src/model/problem-codes.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every problem dmtrace meets while reading its inputs and decoding their messages is one line on',
    'stderr (and in the lint report) with its input, where in it (frame, HAR entry, line, byte offset),',
    'its severity, its message and one of the codes below. Problems inside a message are also lint',
    'findings of the `syncml-decode` rule (docs/rules.md). A code marked **partial** means the input was',
    'read only in part: `dmtrace lint` then adds an `input-partial` error unless `--allow-partial`.',
    '',
    '| Group | What it means |',
    '| --- | --- |',
  ];
  for (const [g, d] of Object.entries(GROUP_DESCRIPTIONS)) out.push(`| \`${g}\` | ${cell(d)} |`);
  out.push('', '| Code | Severity | Group | Partial | Description |', '| --- | --- | --- | --- | --- |');
  for (const [code, info] of Object.entries(PROBLEM_CODES) as Array<[string, ProblemCodeInfo]>) {
    const severity = [info.severity, ...(info.also ?? [])].join(', ');
    out.push(
      `| <a id="${code}"></a>\`${code}\` | ${severity} | ${info.group} | ${info.partial ? 'partial' : ''} | ${cell(info.description)} |`,
    );
  }
  return out.join('\n') + '\n';
}
