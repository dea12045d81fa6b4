/**
 * After a 401/407 the retry carries credentials, keeps the SessionID and goes to the RespURI the
 * failure response gave (DM Protocol §9; docs/dm-facts.md §2 RespURI, §6.2).
 */
import type { Rule } from './types.js';
import { defineRule } from './util/define.js';
import { describe, hdrPath, sml } from './util/session.js';
import { credentialsOf, isChallengeCode, nextOwn, verdictFor } from './util/auth.js';

/** Does the HTTP request target `url` address `respURI`? (Full URL, or its path and query.) */
function sameTarget(url: string, respURI: string): boolean {
  if (url === respURI) return true;
  try {
    const r = new URL(respURI);
    if (url.startsWith('/')) return url === `${r.pathname}${r.search}`;
    const u = new URL(url);
    return u.host === r.host && u.pathname === r.pathname && u.search === r.search;
  } catch {
    return false;
  }
}

export const rule: Rule = defineRule({
  id: 'auth-retry',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description:
    'The message after a 401/407 carries credentials, keeps the SessionID and goes to the RespURI the challenge gave.',
  explanation:
    'A request repeated after a 401 or 407 includes Cred (DM Protocol 1.2 §9). If the session goes on after an authentication failure, the next message carries a Status for the SyncHdr, keeps the SessionID, ' +
    'and is sent to the RespURI if the failure response gave one. A retry without credentials is challenged again; one with a new SessionID or sent to the old URI is, for the peer, not part of the session it challenged.',
  check(ctx) {
    const session = ctx.session;
    for (const sm of session.messages) {
      const v = verdictFor(session, sm);
      if (!v || !isChallengeCode(v.code)) continue;
      const retry = nextOwn(session, sm);
      const rs = retry && sml(retry);
      if (!retry || !rs || retry.index < v.message.index) continue;
      if (!credentialsOf(retry)) {
        ctx.report({
          message: `${describe(retry)} follows the ${v.code} challenge in ${describe(v.message)} without credentials; the retry carries Cred`,
          messageIndex: retry.index,
          path: hdrPath(),
          side: retry.direction,
        });
      }
      const before = sml(sm)?.hdr.sessionID?.trim();
      const after = rs.hdr.sessionID?.trim();
      if (before && after && before !== after) {
        ctx.report({
          message: `${describe(retry)} retries after the ${v.code} challenge with SessionID ${after}; it must keep SessionID ${before}`,
          messageIndex: retry.index,
          path: hdrPath('SessionID'),
          side: retry.direction,
        });
      }
      const respURI = sml(v.message)?.hdr.respURI?.trim();
      const url = retry.message.http?.url;
      if (respURI && url && !sameTarget(url, respURI)) {
        ctx.report({
          message: `${describe(retry)} is sent to ${url}, but the ${v.code} response in ${describe(v.message)} gave RespURI ${respURI}`,
          messageIndex: retry.index,
          path: hdrPath(),
          side: retry.direction,
        });
      }
    }
  },
});
export default rule;
