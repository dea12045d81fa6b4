/**
 * After a Package 2 with no commands, the client does not answer with just a SyncHdr Status
 * carrying a challenge: it ends the session (DM Protocol §9; docs/dm-facts.md §6.2).
 */
import { defineRule } from './util/define.js';
import { answerTo, commandsOf, describe, isHdrStatus, messagesOf, sml } from './util/session.js';

export const rule = defineRule({
  id: 'auth-no-challenge-after-empty-pkg2',
  section: '9',
  scr: ['DM-PRO-C-005', 'DM-PRO-C-009'],
  side: 'client',
  severity: 'error',
  description:
    'After a Package 2 with no commands, the client ends the session instead of answering with only a challenge.',
  explanation:
    'If the server sent no or invalid credentials in Package 2 and no commands (only Status for the ' +
    "SyncHdr and the client's commands), the client MUST NOT answer with just a SyncHdr Status carrying " +
    'a challenge; it MUST end the session (DM Protocol 1.2 §9). ' +
    'The server has nothing left to do in that session, so the challenge only starts a loop of empty packages.',
  messages: {
    challengeAfterEmptyPkg2:
      "{{msg}} answers {{pkg2}}, which held no commands, with only a challenge on the server's SyncHdr; after an empty Package 2 the client ends the session",
  },
  check(ctx) {
    const session = ctx.session;
    for (const s of messagesOf(session, 'server')) {
      if (s.package !== 2 || !sml(s)) continue;
      if (commandsOf(s).some((c) => c.name !== 'Status')) continue;
      const r = answerTo(session, s);
      const body = r && sml(r)?.body;
      if (!r || !body || body.length !== 1) continue;
      const only = body[0]!;
      if (!isHdrStatus(only) || !only.chal) continue;
      ctx.report({
        messageId: 'challengeAfterEmptyPkg2',
        data: { msg: describe(r), pkg2: describe(s) },
        messageIndex: r.index,
        path: `${only.path}/Chal`,
      });
    }
  },
});
export default rule;
