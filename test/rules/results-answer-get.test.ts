import rule from '../../src/rules/results-answer-get.js';
import { hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, results, status } from './msgs.js';
import { ruleTester } from './tester.js';

const p3 = (...cmds: string[]) => pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), ...cmds] });

ruleTester.run(rule, {
  valid: [okSession()],
  invalid: [
    {
      name: 'Results for the Replace',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '404'),
          status('3', '1', '5', 'Replace', '200'),
          results('4', '1', '5', [['./DevInfo/Lang', 'fr-FR']]),
        ),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'resultsNotForGet',
          data: { cmdId: '4', msg: 'Package 3 (MsgID 2)', name: 'Replace', cmdRef: '5', ref: 'Package 2 (MsgID 1)' },
          messageIndex: 2,
          path: 'SyncBody/Results[CmdID=4]/CmdRef',
          side: 'client',
        },
      ],
    },
    {
      name: 'Results for the SyncHdr',
      session: [
        pkg1(),
        pkg2(),
        p3(
          status('2', '1', '4', 'Get', '404'),
          status('3', '1', '5', 'Replace', '425'),
          results('4', '1', '0', [['./DevInfo/Mod', 'm']]),
        ),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'resultsForSyncHdr',
          data: { cmdId: '4', msg: 'Package 3 (MsgID 2)' },
          messageIndex: 2,
          path: 'SyncBody/Results[CmdID=4]/CmdRef',
        },
      ],
    },
  ],
});
