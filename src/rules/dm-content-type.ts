/**
 * DM messages travel as `application/vnd.syncml.dm+xml` or `application/vnd.syncml.dm+wbxml`,
 * matching their encoding (DM RepPro 2, OMA Device Management usage; docs/dm-facts.md §2).
 */
import type { Rule } from './types.js';
import { defineRule } from './util/define.js';
import { describe } from './util/session.js';

/** The DM media type for each encoding (DM RepPro 2; Appendix C registers them). */
const DM_TYPE = { xml: 'application/vnd.syncml.dm+xml', wbxml: 'application/vnd.syncml.dm+wbxml' } as const;

export const rule: Rule = defineRule({
  id: 'dm-content-type',
  section: 'RepPro',
  scr: ['DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description:
    'Messages carried over HTTP are labelled application/vnd.syncml.dm+xml or +wbxml, matching their encoding.',
  explanation:
    'One of the two DM media types, application/vnd.syncml.dm+xml (XML) and application/vnd.syncml.dm+wbxml (WBXML), MUST identify a DM message in a transport that carries MIME types (DM RepPro, "OMA Device Management usage"; the DM HTTP binding). ' +
    'The SyncML DS types application/vnd.syncml+xml/+wbxml name data synchronisation, not device management: a server that dispatches by media type, or a proxy, routes such a message elsewhere or refuses it (406/415). ' +
    'The type must also match the encoding of the body.',
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const http = sm.message.http;
      if (!http || (http.method === undefined && http.statusCode === undefined)) continue; // a loose file, not HTTP
      const want = DM_TYPE[sm.message.encoding];
      const ct = http.contentType?.trim();
      const media = ct?.split(';')[0]!.trim().toLowerCase();
      if (media === want) continue;
      const message = !ct
        ? `${describe(sm)} is sent over HTTP without a Content-Type; a DM message is labelled ${want}`
        : media === 'application/vnd.syncml.dm+xml' || media === 'application/vnd.syncml.dm+wbxml'
          ? `${describe(sm)} is ${sm.message.encoding.toUpperCase()} but labelled ${media}; it must be ${want}`
          : `${describe(sm)} is sent as ${media}${/^application\/vnd\.syncml\+/.test(media ?? '') ? ' (the SyncML DS type)' : ''}; a DM message is labelled ${want}`;
      ctx.report({ message, messageIndex: sm.index, side: sm.direction });
    }
  },
});
export default rule;
