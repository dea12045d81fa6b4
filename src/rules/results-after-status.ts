/** Results follow the Status of the same Get (DM RepPro 4.1.6 Results; docs/dm-facts.md §8.5). */
import { defineRule } from './util/define.js';
import { answersFor, commandsOf, describe, describeCommand, sml } from './util/session.js';

export const rule = defineRule({
  id: 'results-after-status',
  section: '8.5',
  scr: ['DM-PRO-C-008', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description: 'Results come after the Status for the same Get.',
  explanation:
    'Results MUST be sent after the Status for the same command (DM RepPro 4.1.6; DM Protocol 1.2 §8.5): the receiver reads the Status first to learn whether the Get succeeded. ' +
    'Results before their Status, or Results for a Get that got no Status at all, break that order.',
  messages: {
    noStatus: "{{msg}} sends Results for the {{side}}'s {{get}} without a Status for it",
    beforeStatus: "{{msg}} sends Results for the {{side}}'s {{get}} before its Status; the Status comes first",
  },
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      if (!sml(sm)) continue;
      for (const get of commandsOf(sm)) {
        if (get.name !== 'Get') continue;
        const id = get.cmdID?.trim();
        if (!id) continue;
        const results = answersFor(session, sm, id, 'Results');
        if (results.length === 0) continue;
        const statuses = answersFor(session, sm, id, 'Status');
        for (const r of results) {
          const before = statuses.some(
            (s) =>
              s.message.index < r.message.index || (s.message.index === r.message.index && s.position < r.position),
          );
          if (before) continue;
          ctx.report({
            messageId: statuses.length === 0 ? 'noStatus' : 'beforeStatus',
            data: { msg: describe(r.message), side: sm.direction, get: describeCommand(get, sm) },
            messageIndex: r.message.index,
            path: r.command.path,
            side: r.message.direction,
          });
        }
      }
    }
  },
});
export default rule;
