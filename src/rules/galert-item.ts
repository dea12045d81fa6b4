/**
 * A Generic Alert (1226) or Client Event (1224) carries Items, each with Meta Type, Meta Format
 * and Data (DM Protocol §8.7; DM RepPro Alert 1224; docs/dm-facts.md §4, §8.4).
 */
import { defineRule } from './util/define.js';
import { alertCode, alertsOf, describe, describeCommand, messagesOf } from './util/session.js';

export const rule = defineRule({
  id: 'galert-item',
  section: '8.7',
  scr: ['DM-PRO-C-011', 'DM-PRO-GAlert-C-005', 'DM-PRO-C-010'],
  side: 'client',
  severity: 'error',
  description: 'A Generic Alert (1226) or Client Event (1224) has Items, each with Meta Type, Meta Format and Data.',
  explanation:
    'A Generic Alert carries at least one Item; each Item has Meta with Type and Format and Data in that type and format (DM Protocol 1.2 §8.7). ' +
    'A Client Event (1224) carries each event in an Item with Meta Type and Format too. ' +
    'The server dispatches the alert by its Type; without Type and Format it cannot tell what the Data means and answers 412 or 415.',
  messages: {
    noItem: 'the {{name}} {{cmd}} has no Item',
    itemMissing: 'Item {{item}} of the {{name}} {{cmd}} in {{msg}} has no {{missing}}',
  },
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'client')) {
      for (const a of alertsOf(sm, '1226', '1224')) {
        const name = alertCode(a) === '1226' ? 'Generic Alert' : 'Client Event';
        if (a.items.length === 0) {
          ctx.report({
            messageId: 'noItem',
            data: { name, cmd: describeCommand(a, sm) },
            messageIndex: sm.index,
            path: a.path,
            scr: alertCode(a) === '1226' ? ['DM-PRO-C-011'] : ['DM-PRO-C-010'],
          });
          continue;
        }
        a.items.forEach((it, i) => {
          const missing: string[] = [];
          if (!it.meta?.type?.trim()) missing.push('Meta Type');
          if (!it.meta?.format?.trim()) missing.push('Meta Format');
          if (!it.data) missing.push('Data');
          if (missing.length === 0) return;
          ctx.report({
            messageId: 'itemMissing',
            data: { item: i + 1, name, cmd: describeCommand(a, sm), msg: describe(sm), missing: missing.join(', no ') },
            messageIndex: sm.index,
            path: it.path,
            scr: alertCode(a) === '1226' ? ['DM-PRO-C-011', 'DM-PRO-GAlert-C-005'] : ['DM-PRO-C-010'],
          });
        });
      }
    }
  },
});
export default rule;
