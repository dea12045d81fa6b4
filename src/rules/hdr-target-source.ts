/** SyncHdr Target (the recipient) and Source (the sender) are present with a LocURI (DM Protocol 8.3–8.6 item 1; docs/dm-facts.md §3.2). */
import { defineRule } from './util/define.js';
import { describe, hdrPath, sml, uri } from './util/session.js';

export const rule = defineRule({
  id: 'hdr-target-source',
  section: '8.3',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-001'],
  side: 'both',
  perPackage: true,
  severity: 'error',
  description: 'SyncHdr Target and Source are present, each with a LocURI.',
  explanation:
    'The SyncHdr names the recipient in Target and the sender in Source, each with a LocURI (DM Protocol 1.2 §8.3 to §8.6, item 1). ' +
    'In client messages Source is the device id (./DevInfo/DevId) and Target the server URI; the server reverses them. ' +
    'The peer echoes them in the SyncHdr Status (TargetRef/SourceRef) and uses them to find the account.',
  messages: {
    noLocUri: '{{msg}} has a SyncHdr {{field}} without a LocURI',
    missing: '{{msg}} has no {{field}} in its SyncHdr ({{role}})',
  },
  check(ctx) {
    for (const sm of ctx.session.messages) {
      const hdr = sml(sm)?.hdr;
      if (!hdr) continue;
      for (const [field, loc] of [
        ['Target', hdr.target],
        ['Source', hdr.source],
      ] as const) {
        if (uri(loc) !== undefined) continue;
        const place = { messageIndex: sm.index, path: hdrPath(loc ? `${field}/LocURI` : field), side: sm.direction };
        if (loc) ctx.report({ messageId: 'noLocUri', data: { msg: describe(sm), field }, ...place });
        else
          ctx.report({
            messageId: 'missing',
            data: { msg: describe(sm), field, role: field === 'Target' ? 'the recipient' : 'the sender' },
            ...place,
          });
      }
    }
  },
});
export default rule;
