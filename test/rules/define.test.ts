import { describe, expect, it } from 'vitest';
import { defineRule, sideScr } from '../../src/rules/util/define.js';
import { lintSession } from '../../src/rules/engine.js';
import { buildSession, libdmclientInput } from './tester.js';
import { scrClientItems, scrServerItems } from '../../src/rules/scr-data.js';
import { rules } from '../../src/rules/index.js';

describe('SCR items per side (src/rules/util/define.ts)', () => {
  const client = scrClientItems.map((i) => i.id);
  const server = scrServerItems.map((i) => i.id);
  it('classifies every item of the two tables into its own table', () => {
    expect(sideScr([...client, ...server], 'client')).toEqual(client);
    expect(sideScr([...client, ...server], 'server')).toEqual(server);
  });
  it("one-sided rules only list their own side's items", () => {
    for (const r of rules) {
      if (r.side === 'both') continue;
      expect(sideScr(r.scr, r.side), r.id).toEqual(r.scr);
    }
  });
});

describe("defineRule types the reports by the rule's messages (typescript-eslint createRule)", () => {
  it('takes a declared id with its data; an unknown id, a missing or an unknown placeholder is a type error', () => {
    const rule = defineRule({
      id: 'typed',
      section: '8.3',
      scr: [],
      side: 'client',
      severity: 'error',
      description: 'test rule',
      explanation: 'checks the types of reports, for the defineRule tests',
      messages: { noFinal: '{{msg}} has no Final', plain: 'no placeholder here' },
      check(ctx) {
        ctx.report({ messageId: 'noFinal', data: { msg: 'Package 3 (MsgID 2)' }, messageIndex: 0 });
        ctx.report({ messageId: 'plain' });
        if (ctx.session.messages.length < 0) {
          // @ts-expect-error: 'nofinal' is not a message id of this rule
          ctx.report({ messageId: 'nofinal', data: { msg: 'x' } });
          // @ts-expect-error: noFinal needs data.msg
          ctx.report({ messageId: 'noFinal' });
          // @ts-expect-error: noFinal has no placeholder `package`
          ctx.report({ messageId: 'noFinal', data: { msg: 'x', package: 3 } });
        }
      },
    });
    const findings = lintSession(buildSession(libdmclientInput()), { rules: [rule] });
    expect(findings.map((f) => [f.messageId, f.data, f.message])).toEqual([
      ['plain', {}, 'no placeholder here'],
      ['noFinal', { msg: 'Package 3 (MsgID 2)' }, 'Package 3 (MsgID 2) has no Final'],
    ]);
  });
});
