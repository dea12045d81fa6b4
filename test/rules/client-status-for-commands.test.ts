import rule from '../../src/rules/client-status-for-commands.js';
import { alert, get, hdrStatus, okSession, pkg1, pkg2, pkg3, pkg4, results, status } from './msgs.js';
import { ruleTester } from './tester.js';

const pkg2Ui = pkg2({
  cmds: [
    hdrStatus('1', '1', '212', 'client'),
    status('2', '1', '1', 'Alert', '200'),
    status('3', '1', '2', 'Replace', '200'),
    alert('4', '1101', '<Item></Item><Item><Data>Update now?</Data></Item>'),
  ],
});

ruleTester.run(rule, {
  valid: [
    okSession(),
    {
      name: 'NoResp needs no Status',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            '<Get><CmdID>4</CmdID><NoResp/><Item><Target><LocURI>./DevInfo/Mod</LocURI></Target></Item></Get>',
          ],
        }),
        pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), alert('2', '1226', '')] }),
        pkg4(),
      ],
    },
    { name: 'Package 3 not in the trace', session: [pkg1(), pkg2()] },
  ],
  invalid: [
    {
      name: 'the Replace goes unanswered',
      session: [
        pkg1(),
        pkg2(),
        pkg3({
          cmds: [
            hdrStatus('1', '1', '200', 'server'),
            status('2', '1', '4', 'Get', '200'),
            results('3', '1', '4', [
              ['./DevInfo/Mod', 'm'],
              ['./DevDetail/SwV', '1'],
            ]),
          ],
        }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'missingStatus',
          data: { answer: 'Package 3 (MsgID 2)', side: 'server', cmd: 'Replace (CmdID 5, MsgID 1)', kind: '' },
          messageIndex: 2,
          path: 'SyncBody',
          side: 'client',
        },
      ],
    },
    {
      name: 'a UI alert goes unanswered',
      session: [pkg1(), pkg2Ui, pkg3({ cmds: [hdrStatus('1', '1', '200', 'server')] }), pkg4()],
      errors: [
        {
          messageId: 'missingStatus',
          data: {
            answer: 'Package 3 (MsgID 2)',
            side: 'server',
            cmd: 'Alert 1101 (CmdID 4, MsgID 1)',
            kind: ' (a user-interaction alert)',
          },
          messageIndex: 2,
        },
      ],
    },
    {
      name: 'commands inside a Sequence are owed a Status each',
      session: [
        pkg1(),
        pkg2({
          cmds: [
            hdrStatus('1', '1', '212', 'client'),
            status('2', '1', '1', 'Alert', '200'),
            status('3', '1', '2', 'Replace', '200'),
            `<Sequence><CmdID>4</CmdID>${get('5', './DevInfo/Mod')}</Sequence>`,
          ],
        }),
        pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), status('2', '1', '4', 'Sequence', '200')] }),
        pkg4(),
      ],
      errors: [
        {
          messageId: 'missingStatus',
          data: { answer: 'Package 3 (MsgID 2)', side: 'server', cmd: 'Get (CmdID 5, MsgID 1)', kind: '' },
          messageIndex: 2,
        },
      ],
    },
  ],
});
