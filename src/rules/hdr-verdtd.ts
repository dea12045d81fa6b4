/** SyncHdr VerDTD is `1.2` in every DM 1.2 message (DM Protocol 8.3–8.6, item 1; docs/dm-facts.md §3.2). */
import { defineRule } from './util/define.js';
import { hdrVersionCheck, hdrVersionMessages } from './util/hdr-version.js';

export const rule = defineRule({
  id: 'hdr-verdtd',
  section: '8.3',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-001'],
  side: 'both',
  perPackage: true,
  severity: 'error',
  description: 'SyncHdr VerDTD is 1.2.',
  explanation:
    'DM Protocol 1.2 §8.3 to §8.6 (item 1 of every package) require the SyncHdr of every message to carry VerDTD 1.2. ' +
    'A peer that sees another value may refuse the message (Status 505, DTD version not supported). ' +
    'A DM 1.1.2 implementation sends 1.1 with VerProto DM/1.1: such a session is not DM 1.2 and the other DM 1.2 rules may not apply to it.',
  messages: hdrVersionMessages,
  check: hdrVersionCheck('VerDTD', (hdr) => hdr.verDTD, '1.2'),
});
export default rule;
