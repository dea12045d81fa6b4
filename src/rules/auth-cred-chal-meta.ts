/**
 * Cred and Chal say how to read them: basic and MD5 credentials with Format b64; MD5 and HMAC
 * challenges with a NextNonce in Format b64; HMAC never in a Cred (DM RepPro 4.1.1.2, 4.1.1.6;
 * DM Security §5; docs/dm-facts.md §6.1).
 */
import { defineRule } from './util/define.js';
import { commandsOf, describe, hdrPath, sml } from './util/session.js';
import { authType } from './util/auth.js';

export const rule = defineRule({
  id: 'auth-cred-chal-meta',
  section: '9',
  scr: ['DM-PRO-S-010', 'DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description:
    'Basic and MD5 Cred carry Format b64; MD5 and HMAC Chal carry a NextNonce with Format b64; HMAC is never sent in a Cred.',
  explanation:
    'Basic and MD5 credentials are base64 text and their Cred Meta says so with Format b64 (DM Security §5; DM RepPro 4.1.1.6). ' +
    'A challenge for syncml:auth-md5 or syncml:auth-MAC carries the NextNonce to use, and its Meta ' +
    'Format MUST be specified and MUST be b64 (DM RepPro 4.1.1.2); without it the peer cannot compute ' +
    'the next digest. ' +
    'HMAC integrity (syncml:auth-MAC) travels only in the x-syncml-hmac HTTP header and MUST NOT be put in a Cred (DM Protocol 1.2 §9).',
  messages: {
    hmacInCred: '{{msg}} puts syncml:auth-MAC in its SyncHdr Cred; HMAC goes only in the x-syncml-hmac HTTP header',
    credFormat: 'the {{type}} Cred in {{msg}} has {{format}}; it must say b64',
    chalMeta: 'the {{type}} Chal in the Status (CmdID {{cmdId}}) of {{msg}} has {{missing}}',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const s = sml(sm);
      if (!s) continue;
      const cred = s.hdr.cred;
      const type = authType(cred);
      if (cred && type === 'hmac') {
        ctx.report({
          messageId: 'hmacInCred',
          data: { msg: describe(sm) },
          messageIndex: sm.index,
          path: hdrPath('Cred/Meta/Type'),
          side: sm.direction,
        });
      } else if (cred && (type === 'basic' || type === 'md5') && cred.meta?.format?.trim().toLowerCase() !== 'b64') {
        const f = cred.meta?.format?.trim();
        ctx.report({
          messageId: 'credFormat',
          data: {
            type: type === 'md5' ? 'MD5' : 'basic',
            msg: describe(sm),
            format: f ? `Format ${f}` : 'no Meta Format',
          },
          messageIndex: sm.index,
          path: hdrPath('Cred/Meta'),
          side: sm.direction,
        });
      }
      for (const c of commandsOf(sm)) {
        if (c.name !== 'Status' || !c.chal) continue;
        const t = authType(c.chal);
        if (t !== 'md5' && t !== 'hmac') continue;
        const missing: string[] = [];
        if (!c.chal.meta?.nextNonce?.trim() && !c.chal.meta?.nextNonceBytes?.length) missing.push('no NextNonce');
        const f = c.chal.meta?.format?.trim();
        if (f?.toLowerCase() !== 'b64') missing.push(f ? `Format ${f} instead of b64` : 'no Format b64');
        if (missing.length === 0) continue;
        ctx.report({
          messageId: 'chalMeta',
          data: {
            type: t === 'md5' ? 'MD5' : 'HMAC',
            cmdId: c.cmdID?.trim() ?? '?',
            msg: describe(sm),
            missing: missing.join(' and '),
          },
          messageIndex: sm.index,
          path: `${c.path}/Chal/Meta`,
          side: sm.direction,
        });
      }
    }
  },
});
export default rule;
