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
          messageId: 'commandInFailure',
          data: { msg: 'Package 2 (MsgID 1)', peer: 'client', code: '407', cmdName: 'Get', cmdId: '4' },
          messageIndex: 1,
          path: 'SyncBody/Get[CmdID=4]',
          side: 'server',
        },
      ],
    },
  ],
});
