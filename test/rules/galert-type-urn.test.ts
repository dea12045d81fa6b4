import rule from '../../src/rules/galert-type-urn.js';
import { alert, devInfo, pkg1, pkg2 } from './msgs.js';
import { galert, galertItem } from './galert.js';
import { ruleTester } from './tester.js';

const s = (item: string) => [pkg1({ cmds: [alert('1', '1201'), devInfo('2'), galert('3', item)] }), pkg2()];

ruleTester.run(rule, {
  valid: [
    s(galertItem()),
    s(
      galertItem({
        type: 'Reversed-Domain-Name: org.wi-fi.hotspot2dot0.SubscriptionRemediation',
        format: 'xml',
        data: '&lt;x/&gt;',
      }),
    ),
    s(galertItem({ type: 'Content-Type: text/plain', format: 'chr', data: 'hello' })),
  ],
  invalid: [
    {
      name: 'a bare domain without the URN namespace',
      session: s(galertItem({ type: 'org.openmobilealliance.dm.firmwareupdate.downloadandupdate' })),
      errors: [
        {
          messageId: 'badType',
          data: {
            type: 'org.openmobilealliance.dm.firmwareupdate.downloadandupdate',
            item: '1',
            cmd: 'Alert 1226 (CmdID 3, MsgID 1)',
            problem: 'is neither a `Content-Type:` nor a `Reversed-Domain-Name:` URN',
          },
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=3]/Item[1]/Meta/Type',
          side: 'client',
        },
      ],
    },
    {
      name: 'Content-Type without a MIME type',
      session: s(galertItem({ type: 'Content-Type: firmware' })),
      errors: [
        {
          messageId: 'badType',
          data: {
            type: 'Content-Type: firmware',
            item: '1',
            cmd: 'Alert 1226 (CmdID 3, MsgID 1)',
            problem: 'does not name a MIME type after `Content-Type:`',
          },
        },
      ],
    },
  ],
});
