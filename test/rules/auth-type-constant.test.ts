import rule from '../../src/rules/auth-type-constant.js';
import { basicCred, chal, okSession } from './msgs.js';
import { md5Round } from './auth.js';
import { ruleTester } from './tester.js';

ruleTester.run(rule, {
  valid: [okSession(), md5Round()],
  invalid: [
    {
      name: 'an MD5 challenge answered with Basic',
      session: md5Round({ retryCred: basicCred(), pkg3Cred: basicCred() }),
      errors: [
        {
          message:
            'Package 1 (MsgID 2) answers the 407 challenge for md5 (in Package 2 (MsgID 1)) with basic credentials',
          messageIndex: 2,
          path: 'SyncHdr/Cred/Meta/Type',
          side: 'client',
        },
      ],
    },
    {
      name: 'switching to Basic after MD5 was accepted',
      session: md5Round({ pkg3Cred: basicCred(), retryChal: chal('syncml:auth-md5', 'bmV4dA==') }),
      errors: [
        {
          message:
            'Package 3 (MsgID 3) authenticates with basic, but md5 was accepted earlier in the session (message 3)',
          messageIndex: 4,
          side: 'client',
        },
      ],
    },
  ],
});
