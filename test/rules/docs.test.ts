import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesMarkdown, ruleHelpUri } from '../../src/rules/docs.js';
import { rules } from '../../src/rules/index.js';
import { repoRoot, runCli } from '../helpers.js';

const file = path.join(repoRoot, 'docs', 'rules.md');

describe('docs/rules.md', () => {
  const rendered = renderRulesMarkdown(rules);
  if (process.env.DMTRACE_UPDATE_DOCS) writeFileSync(file, rendered);

  it('matches the rule registry (regenerate: `npm run docs`, or DMTRACE_UPDATE_DOCS=1 npx vitest run test/rules/docs.test.ts)', () => {
    expect(readFileSync(file, 'utf8')).toBe(rendered);
  });

  it('has an anchor, a section and the explanation for every rule, and helpUri points at the anchor', () => {
    const md = readFileSync(file, 'utf8');
    for (const r of rules) {
      expect(md).toContain(`<a id="${r.id}"></a>`);
      expect(md).toContain(`## \`${r.id}\``);
      expect(md).toContain(r.explanation.trim());
      for (const s of r.scr) expect(md).toContain(`\`${s}\``);
      for (const [id, template] of Object.entries(r.messages)) expect(md).toContain(`  - \`${id}\`: \`${template}\``);
      expect(ruleHelpUri(r.id)).toMatch(new RegExp(`/docs/rules\\.md#${r.id}$`));
    }
    const anchors = [...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]);
    expect(anchors).toEqual(rules.map((r) => r.id));
  });

  it('`dmtrace docs` prints it', async () => {
    const r = await runCli(['docs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(rendered);
  });
});
