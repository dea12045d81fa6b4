import rule from '../../src/rules/results-after-status.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, results, status } from './msgs.js';
import { ruleTester } from './tester.js';

const p3 = (...cmds: string[]) => pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), ...cmds] });
const res = results('3', '1', '4', [
  ['./DevInfo/Mod', 'm'],
  ['./DevDetail/SwV', 's'],
]);

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'Results before the Status',
      session: [
        pkg1(),
        pkg2(),
        p3(res, status('2', '1', '4', 'Get', '200'), status('4', '1', '5', 'Replace', '425')),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'beforeStatus',
          data: { msg: 'Package 3 (MsgID 2)', side: 'server', get: 'Get (CmdID 4, MsgID 1)' },
          messageIndex: 2,
          path: 'SyncBody/Results[CmdID=3]',
          side: 'client',
        },
      ],
    },
    {
      name: 'Results without any Status',
      session: [pkg1(), pkg2(), p3(res, status('4', '1', '5', 'Replace', '425')), pkg4()],
      errors: [
        {
          messageId: 'noStatus',
          data: { msg: 'Package 3 (MsgID 2)', side: 'server', get: 'Get (CmdID 4, MsgID 1)' },
          messageIndex: 2,
          path: 'SyncBody/Results[CmdID=3]',
        },
      ],
    },
  ],
});
