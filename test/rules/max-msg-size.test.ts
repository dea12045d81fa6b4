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
          message: /^Package 2 \(MsgID 1\) is \d+ bytes; the client announced MaxMsgSize 500 in Package 1 \(MsgID 1\)$/,
          messageIndex: 1,
          side: 'server',
        },
      ],
    },
  ],
});
