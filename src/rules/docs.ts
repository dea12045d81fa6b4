/**
 * docs/rules.md, generated from the rule registry (`npm run docs` → `dmtrace docs`); a test fails
 * when the committed file differs from what this renders. Each rule has an anchor named by its id,
 * which SARIF helpUri and the stylish output point at.
 */
import type { Rule } from './types.js';
import { scrItems } from './scr-data.js';
import { packageCitations, ruleSection } from './package-sections.js';

/** Where the project lives; docs/rules.md is served from its default branch. */
export const projectUrl = 'https://github.com/dmtrace/dmtrace';
export const rulesDocUrl = `${projectUrl}/blob/main/docs/rules.md`;

/** The documentation URL of one rule. */
export function ruleHelpUri(id: string): string {
  return `${rulesDocUrl}#${id}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown code span that survives backticks inside (CommonMark: a longer fence, padded). */
function code(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  return fence.length > 1 ? `${fence} ${s} ${fence}` : `\`${s}\``;
}

/** Renders docs/rules.md: an index table, then one section per rule with its SCR items spelled out. */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  const out: string[] = [
    '# dmtrace rules',
    '',
    '<!-- Generated from src/rules/index.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Each rule checks one DM session against DM Protocol 1.2 (Chapters 6-10) and reports findings at its',
    'default severity. Change a severity or turn a rule off with `--rule ID=off|warn|error` or in',
    '`.dmtracerc.json`: `{ "rules": { "<id>": "off" } }`.',
    '',
    "Each finding names one of its rule's messages: `messageId` in the JSON output (and SARIF",
    "`message.id`), with the values of the template's `{{placeholders}}` in `data` (SARIF",
    '`message.arguments`, in order of first appearance).',
    '',
    '| Rule | Section | Side | Severity | Description |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rules)
    out.push(
      `| [\`${r.id}\`](#${r.id}) | ${cell(ruleSection(r))} | ${r.side} | ${r.severity} | ${cell(r.description)} |`,
    );
  for (const r of rules) {
    out.push('', `<a id="${r.id}"></a>`, '', `## \`${r.id}\``, '', cell(r.description), '');
    out.push(
      r.perPackage
        ? `- Section: the package the finding is in: ${packageCitations(r)}, the package's item first on the side ` +
            `that sends it; §${r.section} for a message outside Packages 1–4`
        : `- Section: ${r.section}`,
    );
    out.push(`- Side at fault: ${r.side}`, `- Default severity: ${r.severity}`);
    if (r.scr.length) {
      out.push('- SCR items:');
      for (const id of r.scr) {
        const item = scrItems.get(id);
        out.push(
          item
            ? `  - \`${id}\` (${item.status === 'M' ? 'mandatory' : 'optional'}, ${item.side}): ${item.function}`
            : `  - \`${id}\``,
        );
      }
    } else {
      out.push('- SCR items: none');
    }
    out.push('- Messages:');
    for (const [id, template] of Object.entries(r.messages)) out.push(`  - \`${id}\`: ${code(template)}`);
    out.push('', r.explanation.trim());
  }
  return out.join('\n') + '\n';
}
