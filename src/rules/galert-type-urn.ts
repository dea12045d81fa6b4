/** A Generic Alert's Type is a `Content-Type:` or `Reversed-Domain-Name:` URN (DM Protocol §8.7.1.6; docs/dm-facts.md §8.4). */
import { defineRule } from './util/define.js';
import { alertsOf, describeCommand, messagesOf } from './util/session.js';

/** `<domain>[/<name>]*`, names alphanumeric (dots and hyphens within the domain). */
const REVERSED_DOMAIN =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+(\/[A-Za-z0-9._-]+)*$/;
/** A MIME type `type/subtype` with optional parameters. */
const MIME = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\s*;.*)?$/;

export const rule = defineRule({
  id: 'galert-type-urn',
  section: '8.7',
  scr: ['DM-PRO-GAlert-C-005', 'DM-PRO-C-011'],
  side: 'client',
  severity: 'error',
  description: 'The Type of a Generic Alert Item is a `Content-Type:` (MIME type) or `Reversed-Domain-Name:` URN.',
  explanation:
    'The Meta Type of a Generic Alert Item is a URN in one of two namespaces: `Content-Type:` followed by a MIME type, or `Reversed-Domain-Name:` followed by a reversed domain name ' +
    'and optional `/`-separated names, e.g. `Reversed-Domain-Name: org.openmobilealliance.dm.firmwareupdate.downloadandupdate` (DM Protocol 1.2 §8.7.1.6). No other namespace is allowed. ' +
    'The server routes the alert by this Type; a bare string is routed nowhere.',
  messages: {
    badType: 'the Type "{{type}}" of Item {{item}} of the Generic Alert {{cmd}} {{problem}}',
  },
  check(ctx) {
    for (const sm of messagesOf(ctx.session, 'client')) {
      for (const a of alertsOf(sm, '1226')) {
        a.items.forEach((it, i) => {
          const t = it.meta?.type?.trim();
          if (!t) return; // galert-item
          const m = /^(Content-Type|Reversed-Domain-Name):\s*(.*)$/i.exec(t);
          let problem: string | undefined;
          if (!m) problem = 'is neither a `Content-Type:` nor a `Reversed-Domain-Name:` URN';
          else if (m[1]!.toLowerCase() === 'content-type' && !MIME.test(m[2]!))
            problem = `does not name a MIME type after \`${m[1]}:\``;
          else if (m[1]!.toLowerCase() === 'reversed-domain-name' && !REVERSED_DOMAIN.test(m[2]!))
            problem = `does not hold a reversed domain name (like org.example.alert) after \`${m[1]}:\``;
          if (!problem) return;
          ctx.report({
            messageId: 'badType',
            data: { type: t, item: i + 1, cmd: describeCommand(a, sm), problem },
            messageIndex: sm.index,
            path: `${it.path}/Meta/Type`,
          });
        });
      }
    }
  },
});
export default rule;
