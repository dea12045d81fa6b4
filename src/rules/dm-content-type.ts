/**
 * DM messages travel as `application/vnd.syncml.dm+xml` or `application/vnd.syncml.dm+wbxml`,
 * matching their encoding (DM RepPro 2, OMA Device Management usage; docs/dm-facts.md §2).
 */
import { defineRule } from './util/define.js';
import { describe } from './util/session.js';

/** The DM media type for each encoding (DM RepPro 2; Appendix C registers them). */
const DM_TYPE = { xml: 'application/vnd.syncml.dm+xml', wbxml: 'application/vnd.syncml.dm+wbxml' } as const;

export const rule = defineRule({
  id: 'dm-content-type',
  section: 'RepPro',
  scr: ['DM-PRO-C-009'],
  side: 'both',
  severity: 'error',
  description:
    'Messages carried over HTTP are labelled application/vnd.syncml.dm+xml or +wbxml, matching their encoding.',
  explanation:
    'One of the two DM media types, application/vnd.syncml.dm+xml (XML) and ' +
    'application/vnd.syncml.dm+wbxml (WBXML), MUST identify a DM message in a transport that carries ' +
    'MIME types (DM RepPro, "OMA Device Management usage"; the DM HTTP binding). ' +
    'The SyncML DS types application/vnd.syncml+xml/+wbxml name data synchronisation, not device ' +
    'management: a server that dispatches by media type, or a proxy, routes such a message elsewhere or ' +
    'refuses it (406/415). ' +
    'The type must also match the encoding of the body.',
  messages: {
    noContentType: '{{msg}} is sent over HTTP without a Content-Type; a DM message is labelled {{expected}}',
    wrongEncoding: '{{msg}} is {{encoding}} but labelled {{type}}; it must be {{expected}}',
    notDmType: '{{msg}} is sent as {{type}}{{ds}}; a DM message is labelled {{expected}}',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const http = sm.message.http;
      if (!http || (http.method === undefined && http.statusCode === undefined)) continue; // a loose file, not HTTP
      const want = DM_TYPE[sm.message.encoding];
      const ct = http.contentType?.trim();
      const media = ct?.split(';')[0]!.trim().toLowerCase();
      if (media === want) continue;
      const place = { messageIndex: sm.index, side: sm.direction };
      const msg = describe(sm);
      if (!ct || media === undefined)
        ctx.report({ messageId: 'noContentType', data: { msg, expected: want }, ...place });
      else if (media === 'application/vnd.syncml.dm+xml' || media === 'application/vnd.syncml.dm+wbxml')
        ctx.report({
          messageId: 'wrongEncoding',
          data: { msg, encoding: sm.message.encoding.toUpperCase(), type: media, expected: want },
          ...place,
        });
      else
        ctx.report({
          messageId: 'notDmType',
          data: {
            msg,
            type: media,
            ds: /^application\/vnd\.syncml\+/.test(media) ? ' (the SyncML DS type)' : '',
            expected: want,
          },
          ...place,
        });
    }
  },
});
export default rule;
