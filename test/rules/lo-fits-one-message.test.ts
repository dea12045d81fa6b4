import rule from '../../src/rules/lo-fits-one-message.js';
import { loSession, maxMsgSize } from './lo.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [loSession(), { name: 'no MaxMsgSize announced', session: loSession({ clientMeta: '' }) }],
  invalid: [
    {
      name: 'chunked though the client takes 16384-byte messages',
      session: loSession({ clientMeta: maxMsgSize(16384) }),
      errors: [
        {
          messageId: 'fitsOneMessage',
          data: {
            name: 'Replace',
            uri: './Vendor/Firmware/Pkg',
            declared: '1000',
            needed: '1988',
            value: '16384',
            receiver: 'client',
            msg: 'Package 2 (MsgID 1)',
          },
          messageIndex: 1,
          path: 'SyncBody/Replace[CmdID=4]/Item[1]',
          side: 'server',
        },
      ],
    },
  ],
});
