/**
 * A message without Final is answered with a Next Message alert (1222) or an abort (1223); a
 * package that ended with Final is not asked for more (DM Protocol §6.2; docs/dm-facts.md §8.1).
 */
import { defineRule } from './util/define.js';
import { alertsOf, answerTo, commandsOf, describe, isAbort, nextFrom, peer } from './util/session.js';
import { asksNextOrAborts, hasMoreData, lacksFinal } from './util/final.js';

export const rule = defineRule({
  id: 'multi-final',
  section: '6.2',
  scr: ['DM-PRO-Mul-C-001', 'DM-PRO-Mul-C-002', 'DM-PRO-Mul-S-002'],
  side: 'both',
  severity: 'error',
  description: 'A message without Final is answered with Alert 1222 (or 1223); a message with Final is not.',
  explanation:
    'When a package spans several messages, every message but the last lacks Final and the receiver answers it with a Next Message alert, 1222, or aborts with 1223 (DM Protocol 1.2 §6.2). ' +
    'The client may leave 1222 out when it has other commands (Results, alerts) to send; the server may not, since it sends no new commands before the client has answered the previous ones. ' +
    'Asking for the next message of a package that already ended with Final is wrong too: the sender has nothing more to send. ' +
    'And the client must not close its own package with Final before the server has sent the Final of the package it answers.',
  messages: {
    finalWhilePeerOpen:
      "{{reply}} carries Final while the server's package is still open ({{msg}} has no Final); the client closes its package only after the server's Final",
    no1222:
      "{{reply}} answers {{msg}}, which has no Final, without Alert 1222 (or 1223); the rest of the {{side}}'s package must be asked for",
    needless1222:
      '{{reply}} sends Alert 1222 but {{msg}} ended its package with Final; there is no next message to ask for',
  },
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      const r = answerTo(session, sm);
      if (!r || !r.message.syncml || !sm.message.syncml || isAbort(sm)) continue;
      const responder = peer(sm.direction);
      const scr = responder === 'client' ? ['DM-PRO-Mul-C-002'] : ['DM-PRO-Mul-S-002'];
      if (lacksFinal(sm)) {
        // A server message without Final that is no chunk is pkg-final's finding.
        if (sm.direction === 'server' && !hasMoreData(sm)) continue;
        // §6.2: the client does not close its package with Final before the server closed the previous one.
        if (responder === 'client' && r.message.syncml.final && !isAbort(r)) {
          ctx.report({
            messageId: 'finalWhilePeerOpen',
            data: { reply: describe(r), msg: describe(sm) },
            messageIndex: r.index,
            path: 'SyncBody/Final',
            side: 'client',
            scr: ['DM-PRO-Mul-C-001'],
          });
        }
        if (asksNextOrAborts(r)) continue;
        // The sender's next message answers the reply's commands: by content its package had ended, and
        // the missing Final is the sender's fault (pkg-final-evidence), not the responder's.
        if (nextFrom(session, sm, sm.direction)?.packageEvidence === 'answers-commands') continue;
        const others = commandsOf(r).filter((c) => c.name !== 'Status');
        if (responder === 'client' && others.length > 0) continue; // MAY skip 1222 when it has other commands
        ctx.report({
          messageId: 'no1222',
          data: { reply: describe(r), msg: describe(sm), side: sm.direction },
          messageIndex: r.index,
          path: 'SyncBody',
          side: responder,
          scr,
        });
      } else if (sm.message.syncml.final) {
        const a = alertsOf(r, '1222')[0];
        if (!a) continue;
        // The sender went on with the same package when asked: its Final was early (pkg-final-evidence).
        if (nextFrom(session, sm, sm.direction)?.packageEvidence === 'after-1222') continue;
        ctx.report({
          messageId: 'needless1222',
          data: { reply: describe(r), msg: describe(sm) },
          messageIndex: r.index,
          path: a.path,
          side: responder,
          scr,
        });
      }
    }
  },
});
export default rule;
