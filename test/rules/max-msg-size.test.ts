import rule from '../../src/rules/max-msg-size.js';
import { maxMsgSize, okSession, pkg1, pkg2, pkg3, pkg4 } from './msgs.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), { name: 'no limit announced', session: [pkg1({ hdr: { extra: '' } }), pkg2()] }],
  invalid: [
    {
      name: "Package 2 over the client's 500 bytes",
      session: [pkg1({ hdr: { extra: maxMsgSize(500) } }), pkg2(), pkg3(), pkg4()],
      errors: [
        {
          messageId: 'tooLarge',
          data: {
            msg: 'Package 2 (MsgID 1)',
            size: '1034',
            receiver: 'client',
            value: '500',
            fromMsg: 'Package 1 (MsgID 1)',
          },
          messageIndex: 1,
          side: 'server',
        },
      ],
    },
  ],
});
