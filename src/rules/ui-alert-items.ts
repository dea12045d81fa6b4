/**
 * UI alerts carry their Items as §10 defines: options, then the text; for choices, then one Item
 * per choice (DM Protocol §10.2; docs/dm-facts.md §4).
 */
import { defineRule } from './util/define.js';
import { ALERT_NAME, UI_ALERTS } from './util/alerts.js';
import { alertCode, commandsOf, describeCommand, messagesOf } from './util/session.js';

/** Item counts per UI alert: options + text (+ at least one choice). */
const ITEMS = {
  '1100': { min: 2, max: 2 },
  '1101': { min: 2, max: 2 },
  '1102': { min: 2, max: 2 },
  '1103': { min: 3, max: Infinity },
  '1104': { min: 3, max: Infinity },
} as const;

export const rule = defineRule({
  id: 'ui-alert-items',
  section: '10.2',
  scr: [
    'DM-PRO-UI-S-001',
    'DM-PRO-UI-S-002',
    'DM-PRO-UI-S-003',
    'DM-PRO-UI-S-004',
    'DM-PRO-UI-S-005',
    'DM-PRO-UI-S-006',
  ],
  side: 'server',
  severity: 'error',
  description: 'A UI alert has its option Item, a text Item with Data, and for choices at least one choice Item.',
  explanation:
    'User-interaction alerts carry their content in Items, processed in the order sent (DM Protocol 1.2 §10.2): Item 1 holds the option string (it may be empty, `<Item/>`), ' +
    'Item 2 the text to show, in exactly one Data. Display (1100), Confirm or Reject (1101) and Text Input (1102) have these two Items; ' +
    'Single (1103) and Multiple Choice (1104) add one Item per choice, numbered from 1 in sending order. A client cannot show an alert whose text or choices are missing.',
  messages: {
    itemCount: 'the {{name}} alert {{cmd}} has {{n}} Item{{s}}; it needs {{expect}}',
    textNoData: 'the text Item (Item 2) of the {{name}} alert {{cmd}} has no Data to show',
    choiceNoData: 'choice {{choice}} (Item {{item}}) of the {{name}} alert {{cmd}} has no Data',
  },
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'server')) {
      for (const c of commandsOf(sm)) {
        const code = alertCode(c);
        if (!code || !(UI_ALERTS as readonly string[]).includes(code)) continue;
        const want = ITEMS[code as keyof typeof ITEMS];
        const name = ALERT_NAME[code as keyof typeof ALERT_NAME];
        const n = c.items.length;
        const scr = [`DM-PRO-UI-S-00${Number(code) - 1099}`];
        if (n < want.min || n > want.max) {
          const expect =
            want.max === Infinity
              ? `at least ${want.min} (options, text, then one per choice)`
              : `${want.min} (options, then the text)`;
          ctx.report({
            messageId: 'itemCount',
            data: { name, cmd: describeCommand(c, sm), n, s: n === 1 ? '' : 's', expect },
            messageIndex: sm.index,
            path: c.path,
            scr,
          });
          if (n < 2) continue;
        }
        const text = c.items[1];
        if (text && !text.data?.text.trim()) {
          ctx.report({
            messageId: 'textNoData',
            data: { name, cmd: describeCommand(c, sm) },
            messageIndex: sm.index,
            path: text.path,
            scr,
          });
        }
        c.items.slice(2).forEach((it, i) => {
          if (it.data?.text.trim()) return;
          ctx.report({
            messageId: 'choiceNoData',
            data: { choice: i + 1, item: i + 3, name, cmd: describeCommand(c, sm) },
            messageIndex: sm.index,
            path: it.path,
            scr,
          });
        });
      }
    }
  },
});
export default rule;
