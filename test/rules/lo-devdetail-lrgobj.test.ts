import rule from '../../src/rules/lo-devdetail-lrgobj.js';
import { alert, get, hdr, hdrStatus, msg, pkg1, pkg2, pkg3, pkg4, results, status } from './msgs.js';
import { loSession } from './lo.js';
import { ruleTester } from './tester.js';

const MI = "xmlns='syncml:metinf'";

/** A session where the server asks for ./DevDetail/LrgObj and the client answers `value`. */
const told = (value: string, uri = './DevDetail/LrgObj') => [
  pkg1(),
  pkg2({
    cmds: [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      get('4', uri),
    ],
  }),
  pkg3({
    cmds: [
      hdrStatus('1', '1', '200', 'server'),
      status('2', '1', '4', 'Get', '200'),
      results('3', '1', '4', [[uri, value]]),
    ],
  }),
  pkg4(),
];

const logChunk = (cmdID: string, data: string, more: boolean, size?: number) =>
  `<Results><CmdID>${cmdID}` +
  `</CmdID><MsgRef>1</MsgRef><CmdRef>5</CmdRef><Item><Source><LocURI>./Vendor/Log</LocURI></Source><Meta><Format ` +
  `${MI}>chr</Format><Type ${MI}` +
  `>text/plain</Type>${size !== undefined ? `<Size ${MI}>${size}</Size>` : ''}` +
  `</Meta><Data>${data}</Data>${more ? '<MoreData/>' : ''}</Item></Results>`;

/** The client answers Get LrgObj with `value` and sends ./Vendor/Log in two chunks in the same Package 3. */
const clientChunks = (value: string) => [
  pkg1(),
  pkg2({
    cmds: [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      get('4', './DevDetail/LrgObj'),
      get('5', './Vendor/Log'),
    ],
  }),
  msg(
    hdr('client', '2'),
    [
      hdrStatus('1', '1', '200', 'server'),
      status('2', '1', '4', 'Get', '200'),
      status('3', '1', '5', 'Get', '200'),
      results('4', '1', '4', [['./DevDetail/LrgObj', value]]),
      logChunk('5', 'x'.repeat(300), true, 500),
    ],
    false,
  ),
  msg(
    hdr('server', '2'),
    [hdrStatus('1', '2', '200', 'client'), status('2', '2', '5', 'Results', '213'), alert('3', '1222')],
    false,
  ),
  msg(hdr('client', '3'), [hdrStatus('1', '2', '200', 'server'), logChunk('2', 'y'.repeat(200), false)]),
  pkg4({ msgID: '3', cmds: [hdrStatus('1', '3', '200', 'client')] }),
];

ruleTester.run(rule, {
  valid: [
    { name: 'chunks, no LrgObj anywhere', session: loSession() },
    { name: 'the client said true in an earlier session', before: [told('true')], session: loSession() },
    { name: 'the client chunks after saying true', session: clientChunks('true') },
    {
      name: 'said false in an earlier session, true in this session with the chunks',
      before: [told('false')],
      session: clientChunks('true'),
    },
    { name: 'LrgObj false but no chunks', session: told('false') },
  ],
  invalid: [
    {
      name: 'the client chunks Results after saying LrgObj = false in the same message',
      session: clientChunks('false'),
      errors: [
        {
          messageId: 'clientChunks',
          data: {
            what: 'Results ./Vendor/Log',
            msg: 'Package 3 (MsgID 2)',
            where: 'the Results in Package 3 (MsgID 2) of session DMCtest/1',
          },
          messageIndex: 2,
          path: 'SyncBody/Results[CmdID=5]/Item[1]/MoreData',
          side: 'client',
          severity: 'warning',
          scr: ['DM-PRO-LO-C-004'],
        },
      ],
    },
    {
      name: 'the server chunks to a client that said false in an earlier session',
      before: [told('false')],
      session: loSession(),
      errors: [
        {
          messageId: 'serverChunks',
          data: {
            what: 'Replace ./Vendor/Firmware/Pkg',
            msg: 'Package 2 (MsgID 1)',
            where: 'the Results in Package 3 (MsgID 2) of session DMCtest/1',
          },
          messageIndex: 1,
          side: 'server',
          scr: ['DM-PRO-S-004'],
        },
      ],
    },
    {
      name: 'an absolute URI and FALSE in capitals',
      before: [told('FALSE', 'DevDetail/LrgObj')],
      session: loSession(),
      errors: [
        {
          messageId: 'serverChunks',
          data: {
            what: 'Replace ./Vendor/Firmware/Pkg',
            msg: 'Package 2 (MsgID 1)',
            where: 'the Results in Package 3 (MsgID 2) of session DMCtest/1',
          },
          messageIndex: 1,
          side: 'server',
        },
      ],
    },
  ],
});
