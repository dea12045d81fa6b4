/**
 * Final agrees with what the messages carry (DM Protocol §6.2, §8.3–8.6; docs/sessions.md "Package
 * evidence"): the assembler numbers packages from their content (Alert 1222 pulls, Status/Results
 * answering the peer's commands) and this rule reports where Final says otherwise, on the side at fault.
 */
import { defineRule } from './util/define.js';
import { hasMoreData, lacksFinal } from './util/final.js';
import { describe, nextFrom } from './util/session.js';

export const rule = defineRule({
  id: 'pkg-final-evidence',
  section: '6.2',
  scr: ['DM-PRO-Mul-C-001', 'DM-PRO-Mul-S-001'],
  side: 'both',
  perPackage: true,
  severity: 'error',
  description:
    "A package's Final is in its last message: not missing before the next package, not in a middle message.",
  explanation:
    'The last message of a package carries Final, and only the last one (DM Protocol 1.2 §6.2; §8.3 to §8.6). ' +
    "dmtrace numbers packages from what the messages carry: a client message with Status or Results for the server's commands " +
    'answers them, so it starts the next package (Package 3) even when the client never closed the previous one; ' +
    'a message sent after the peer asked for it with Alert 1222 continues the same package even when the previous one carried Final. ' +
    'Where Final disagrees with that evidence, the sender of the wrong Final (or of the missing one) is at fault: ' +
    'the peer answered a package that was never closed, or asked for more of a package that was already closed.',
  messages: {
    missingFinal:
      "{{msg}} has no Final, yet the server answered it and {{next}} answers the server's commands: the package ended there without Final",
    earlyFinal:
      '{{msg}} carries Final, yet {{next}} continues Package {{pkg}} after the peer asked for it with Alert 1222: Final belongs in the last message of the package',
  },
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      const next = nextFrom(session, sm, sm.direction);
      if (!next || sm.nextMessageRequest) continue;
      if (
        sm.direction === 'client' &&
        lacksFinal(sm) &&
        !hasMoreData(sm) &&
        next.packageStart &&
        next.packageEvidence === 'answers-commands'
      ) {
        ctx.report({
          messageId: 'missingFinal',
          data: { msg: describe(sm), next: describe(next) },
          messageIndex: sm.index,
          path: 'SyncBody',
          side: 'client',
          scr: ['DM-PRO-Mul-C-001'],
        });
      } else if (sm.message.syncml?.final && next.packageEvidence === 'after-1222' && next.package === sm.package) {
        ctx.report({
          messageId: 'earlyFinal',
          data: { msg: describe(sm), next: describe(next), pkg: sm.package ?? '?' },
          messageIndex: sm.index,
          path: 'SyncBody/Final',
          side: sm.direction,
          scr: [sm.direction === 'client' ? 'DM-PRO-Mul-C-001' : 'DM-PRO-Mul-S-001'],
        });
      }
    }
  },
});
export default rule;
