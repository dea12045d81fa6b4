import rule from '../../src/rules/galert-correlator.js';
import { alert, devInfo, hdrStatus, pkg1, pkg2, pkg3, pkg4, status } from './msgs.js';
import { galertItem } from './galert.js';
import { ruleTester } from './tester.js';

const FUMO = './FUMO/1/DownloadAndUpdate';
const exec = (cmdID: string, correlator: string) =>
  `<Exec><CmdID>${cmdID}</CmdID><Correlator>${correlator}</Correlator><Item><Target><LocURI>${FUMO}</LocURI></Target></Item></Exec>`;
const galert = (cmdID: string, correlator?: string) =>
  alert(
    cmdID,
    '1226',
    (correlator !== undefined ? `<Correlator>${correlator}</Correlator>` : '') + galertItem({ source: FUMO }),
  );

/** The server starts a firmware update with an Exec carrying `correlator`; the client accepts it for later (202). */
const execSession = (correlator: string, sid = '1') => [
  pkg1({ hdr: { sessionID: sid } }),
  pkg2({
    hdr: { sessionID: sid },
    cmds: [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      exec('4', correlator),
    ],
  }),
  pkg3({ hdr: { sessionID: sid }, cmds: [hdrStatus('1', '1', '200', 'server'), status('2', '1', '4', 'Exec', '202')] }),
  pkg4({ hdr: { sessionID: sid } }),
];

/** A later client-initiated session reporting the result with a Generic Alert. */
const alertSession = (correlator: string | undefined, sid = '2') => [
  pkg1({ hdr: { sessionID: sid }, cmds: [alert('1', '1201'), galert('2', correlator), devInfo('3')] }),
  pkg2({
    hdr: { sessionID: sid },
    cmds: [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Alert', '200'),
      status('4', '1', '3', 'Replace', '200'),
    ],
  }),
];

/** Exec and its Generic Alert in the same session (the client answers in Package 3). */
const sameSession = (execCorr: string, alertCorr: string) => [
  pkg1(),
  pkg2({
    cmds: [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      exec('4', execCorr),
    ],
  }),
  pkg3({ cmds: [hdrStatus('1', '1', '200', 'server'), status('2', '1', '4', 'Exec', '202'), galert('3', alertCorr)] }),
  pkg4({ cmds: [hdrStatus('1', '2', '200', 'client'), status('2', '2', '3', 'Alert', '200')] }),
];

ruleTester.run(rule, {
  valid: [
    { name: 'the Exec in the same session', session: sameSession('fumo-7f3a', 'fumo-7f3a') },
    {
      name: 'the Exec in the previous session of the device',
      before: [execSession('fumo-7f3a')],
      session: alertSession('fumo-7f3a'),
    },
    {
      name: 'the older of two earlier Execs',
      before: [execSession('fumo-1', '1'), execSession('fumo-2', '3')],
      session: alertSession('fumo-1'),
    },
    {
      name: 'a Generic Alert without Correlator',
      before: [execSession('fumo-7f3a')],
      session: alertSession(undefined),
    },
  ],
  invalid: [
    {
      name: 'a Correlator that matches the Exec of no session',
      before: [execSession('fumo-7f3a')],
      session: alertSession('fumo-7f3b'),
      errors: [
        {
          messageId: 'noMatchingExec',
          data: {
            what: 'the Generic Alert (CmdID 2) in Package 1 (MsgID 1)',
            correlator: '"fumo-7f3b"',
            known: '"fumo-7f3a" (Exec CmdID 4 in Package 2 (MsgID 1) of session DMCtest/1)',
          },
          messageIndex: 0,
          path: 'SyncBody/Alert[CmdID=2]/Correlator',
          side: 'client',
          severity: 'error',
          scr: ['DM-PRO-GAlert-C-004'],
        },
      ],
    },
    {
      name: 'the Exec in the same session has another Correlator',
      session: sameSession('fumo-7f3a', 'FUMO-7F3A'),
      errors: [
        {
          messageId: 'noMatchingExec',
          data: {
            what: 'the Generic Alert (CmdID 3) in Package 3 (MsgID 2)',
            correlator: '"FUMO-7F3A"',
            known: '"fumo-7f3a" (Exec CmdID 4 in Package 2 (MsgID 1) of session DMCtest/1)',
          },
          messageIndex: 2,
          severity: 'error',
        },
      ],
    },
    {
      name: 'no Exec with a Correlator in the trace: info only',
      session: alertSession('fumo-7f3a'),
      errors: [
        {
          messageId: 'noExecInTrace',
          data: { what: 'the Generic Alert (CmdID 2) in Package 1 (MsgID 1)', correlator: '"fumo-7f3a"' },
          messageIndex: 0,
          severity: 'info',
          side: 'client',
        },
      ],
    },
    {
      name: "another device's Exec does not count",
      before: [execSession('fumo-7f3a').map((m) => m.replaceAll('DMCtest', 'OTHER'))],
      session: alertSession('fumo-7f3a'),
      errors: [
        {
          messageId: 'noExecInTrace',
          data: { what: 'the Generic Alert (CmdID 2) in Package 1 (MsgID 1)', correlator: '"fumo-7f3a"' },
          severity: 'info',
        },
      ],
    },
  ],
});
