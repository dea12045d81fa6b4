/**
 * After a 401/407 the retry carries credentials, keeps the SessionID and goes to the RespURI the
 * failure response gave (DM Protocol §9; docs/dm-facts.md §2 RespURI, §6.2).
 */
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

export const rule = defineRule({
  id: 'auth-retry',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description:
    'The message after a 401/407 carries credentials, keeps the SessionID and goes to the RespURI the challenge gave.',
  explanation:
    'A request repeated after a 401 or 407 includes Cred (DM Protocol 1.2 §9). If the session goes on ' +
    'after an authentication failure, the next message carries a Status for the SyncHdr, keeps the ' +
    'SessionID, ' +
    'and is sent to the RespURI if the failure response gave one. A retry without credentials is ' +
    'challenged again; one with a new SessionID or sent to the old URI is, for the peer, not part of the ' +
    'session it challenged.',
  messages: {
    retryWithoutCred:
      '{{retryMsg}} follows the {{code}} challenge in {{chalMsg}} without credentials; the retry carries Cred',
    retrySessionId:
      '{{retryMsg}} retries after the {{code}} challenge with SessionID {{after}}; it must keep SessionID {{before}}',
    retryRespUri: '{{retryMsg}} is sent to {{url}}, but the {{code}} response in {{chalMsg}} gave RespURI {{respURI}}',
  },
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
          messageId: 'retryWithoutCred',
          data: { retryMsg: describe(retry), code: v.code ?? '', chalMsg: describe(v.message) },
          messageIndex: retry.index,
          path: hdrPath(),
          side: retry.direction,
        });
      }
      const before = sml(sm)?.hdr.sessionID?.trim();
      const after = rs.hdr.sessionID?.trim();
      if (before && after && before !== after) {
        ctx.report({
          messageId: 'retrySessionId',
          data: { retryMsg: describe(retry), code: v.code ?? '', after, before },
          messageIndex: retry.index,
          path: hdrPath('SessionID'),
          side: retry.direction,
        });
      }
      const respURI = sml(v.message)?.hdr.respURI?.trim();
      const url = retry.message.http?.url;
      if (respURI && url && !sameTarget(url, respURI)) {
        ctx.report({
          messageId: 'retryRespUri',
          data: { retryMsg: describe(retry), url, code: v.code ?? '', chalMsg: describe(v.message), respURI },
          messageIndex: retry.index,
          path: hdrPath(),
          side: retry.direction,
        });
      }
    }
  },
});
export default rule;
