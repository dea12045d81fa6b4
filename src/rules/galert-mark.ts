/** A Generic Alert's Mark, when present, is one of the importance values (DM Protocol §8.7.1.8; docs/dm-facts.md §8.4). */
import { defineRule } from './util/define.js';
import { GALERT_MARKS } from './util/alerts.js';
import { alertsOf, describeCommand, messagesOf } from './util/session.js';

export const rule = defineRule({
  id: 'galert-mark',
  section: '8.7',
  scr: ['DM-PRO-GAlert-C-006'],
  side: 'client',
  severity: 'error',
  description: `The Mark of a Generic Alert Item is one of ${GALERT_MARKS.join(', ')}.`,
  explanation:
    `Mark gives a Generic Alert's importance; when present it is one of, from most to least important: ${GALERT_MARKS.join(', ')} (DM Protocol 1.2 §8.7.1.8). ` +
    'Without Mark the alert is informational. A server that sorts alerts by importance cannot place any other value.',
  messages: {
    badMark: 'the Mark "{{mark}}" of Item {{item}} of the Generic Alert {{cmd}} is not an importance value{{hint}}',
  },
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'client')) {
      for (const a of alertsOf(sm, '1226')) {
        a.items.forEach((it, i) => {
          const mark = it.meta?.mark?.trim();
          if (mark === undefined || (GALERT_MARKS as readonly string[]).includes(mark)) return;
          const hint = (GALERT_MARKS as readonly string[]).includes(mark.toLowerCase())
            ? ` (write it in lowercase: ${mark.toLowerCase()})`
            : '';
          ctx.report({
            messageId: 'badMark',
            data: { mark, item: i + 1, cmd: describeCommand(a, sm), hint },
            messageIndex: sm.index,
            path: `${it.path}/Meta/Mark`,
          });
        });
      }
    }
  },
});
export default rule;
