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
          message:
            'the Type "org.openmobilealliance.dm.firmwareupdate.downloadandupdate" of Item 1 of the Generic Alert Alert 1226 (CmdID 3, MsgID 1) is neither a `Content-Type:` nor a `Reversed-Domain-Name:` URN',
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=3]/Item[1]/Meta/Type',
          side: 'client',
        },
      ],
    },
    {
      name: 'Content-Type without a MIME type',
      session: s(galertItem({ type: 'Content-Type: firmware' })),
      errors: [{ message: 'does not name a MIME type after `Content-Type:`' }],
    },
  ],
});
