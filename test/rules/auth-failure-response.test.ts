import rule from '../../src/rules/auth-failure-response.js';
import { get, okSession } from './msgs.js';
import { md5Round } from './auth.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), md5Round()],
  invalid: [
    {
      name: 'a Get in the 407 response',
      session: md5Round({ challengeExtra: [get('4', './DevInfo/Mod')] }),
      errors: [
        {
          message:
            "Package 2 (MsgID 1) refuses the client's authentication (407) and also sends Get (CmdID 4); an authentication-failure response holds only Status",
          messageIndex: 1,
          path: 'SyncBody/Get[CmdID=4]',
          side: 'server',
        },
      ],
    },
  ],
});
