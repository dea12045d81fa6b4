/** SyncHdr VerProto is `DM/1.2` in every DM 1.2 message (DM Protocol 8.3–8.6, item 1; docs/dm-facts.md §3.2). */
import { defineRule } from './util/define.js';
import { hdrVersionCheck, hdrVersionMessages } from './util/hdr-version.js';

export const rule = defineRule({
  id: 'hdr-verproto',
  section: '8.3',
  scr: ['DM-PRO-C-009', 'DM-PRO-S-001'],
  side: 'both',
  perPackage: true,
  severity: 'error',
  description: 'SyncHdr VerProto is DM/1.2.',
  explanation:
    'DM Protocol 1.2 §8.3 to §8.6 (item 1 of every package) require VerProto DM/1.2 in the SyncHdr of every message. ' +
    'The value names the protocol the message follows; a peer that does not support it answers 513 (protocol version not supported). ' +
    'Check the value the implementation writes into its header template.',
  messages: hdrVersionMessages,
  check: hdrVersionCheck('VerProto', (hdr) => hdr.verProto, 'DM/1.2'),
});
export default rule;
