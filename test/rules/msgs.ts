/**
 * Small builders for realistic SyncML DM XML messages, modelled on the real libdmclient session
 * (fixtures/corpus/captures/libdmclient-xml-auth.pcapng: device `DMCtest`, server
 * `http://127.0.0.1:8080/funambol/dm`, SessionID 1). Rule tests vary one thing at a time from
 * the clean session `okSession()`.
 */

export const SERVER = 'http://127.0.0.1:8080/funambol/dm';
export const DEVICE = 'DMCtest';
const MI = "xmlns='syncml:metinf'";

export interface HdrOpts {
  sessionID?: string;
  verDTD?: string;
  verProto?: string;
  target?: string | null;
  source?: string | null;
  /** Raw XML placed after Source (RespURI, Cred, Meta). */
  extra?: string;
  msgID?: string | null;
}

/** SyncHdr of a message; `dir` decides who is Target and Source. */
export function hdr(dir: 'client' | 'server', msgID: string, o: HdrOpts = {}): string {
  const target = o.target === undefined ? (dir === 'client' ? SERVER : DEVICE) : o.target;
  const source = o.source === undefined ? (dir === 'client' ? DEVICE : SERVER) : o.source;
  const id = o.msgID === undefined ? msgID : o.msgID;
  return (
    '<SyncHdr>' +
    (o.verDTD === '' ? '' : `<VerDTD>${o.verDTD ?? '1.2'}</VerDTD>`) +
    (o.verProto === '' ? '' : `<VerProto>${o.verProto ?? 'DM/1.2'}</VerProto>`) +
    (o.sessionID === '' ? '' : `<SessionID>${o.sessionID ?? '1'}</SessionID>`) +
    (id === null ? '' : `<MsgID>${id}</MsgID>`) +
    (target === null ? '' : `<Target><LocURI>${target}</LocURI></Target>`) +
    (source === null ? '' : `<Source><LocURI>${source}</LocURI></Source>`) +
    (o.extra ?? '') +
    '</SyncHdr>'
  );
}

/** A whole message: header, commands, Final unless `final` is false. */
export function msg(header: string, cmds: string[], final = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns='SYNCML:SYNCML1.2'>${header}<SyncBody>${cmds.join('')}${final ? '<Final/>' : ''}</SyncBody></SyncML>`;
}

export const maxMsgSize = (n: number | string) => `<Meta><MaxMsgSize ${MI}>${n}</MaxMsgSize></Meta>`;
export const maxObjSize = (n: number | string) => `<Meta><MaxObjSize ${MI}>${n}</MaxObjSize></Meta>`;
export const basicCred = (data = 'ZnVuYW1ib2w6ZnVuYW1ib2w=') =>
  `<Cred><Meta><Format ${MI}>b64</Format><Type ${MI}>syncml:auth-basic</Type></Meta><Data>${data}</Data></Cred>`;
export const md5Cred = (data: string) =>
  `<Cred><Meta><Format ${MI}>b64</Format><Type ${MI}>syncml:auth-md5</Type></Meta><Data>${data}</Data></Cred>`;
export const chal = (type = 'syncml:auth-md5', nonce = 'T3M3dFd6QXNJT2c9') =>
  `<Chal><Meta><Format ${MI}>b64</Format><Type ${MI}>${type}</Type>${nonce ? `<NextNonce ${MI}>${nonce}</NextNonce>` : ''}</Meta></Chal>`;

/** Status for a SyncHdr sent by `of` (the peer of the status sender). */
export function hdrStatus(
  cmdID: string,
  msgRef: string,
  code: string,
  of: 'client' | 'server',
  extra = '',
  cmdRef: string | null = '0',
): string {
  const [t, s] = of === 'client' ? [SERVER, DEVICE] : [DEVICE, SERVER];
  return (
    `<Status><CmdID>${cmdID}</CmdID><MsgRef>${msgRef}` +
    `</MsgRef>${cmdRef === null ? '' : `<CmdRef>${cmdRef}</CmdRef>`}` +
    `<Cmd>SyncHdr</Cmd><TargetRef>${t}</TargetRef><SourceRef>${s}</SourceRef>${extra}` +
    `<Data>${code}</Data></Status>`
  );
}

export function status(cmdID: string, msgRef: string, cmdRef: string, cmd: string, code: string, extra = ''): string {
  return `<Status><CmdID>${cmdID}</CmdID><MsgRef>${msgRef}</MsgRef><CmdRef>${cmdRef}</CmdRef><Cmd>${cmd}</Cmd>${extra}<Data>${code}</Data></Status>`;
}

export const alert = (cmdID: string, code: string, items = '') =>
  `<Alert><CmdID>${cmdID}</CmdID><Data>${code}</Data>${items}</Alert>`;

const leaf = (uri: string, value: string) =>
  `<Item><Source><LocURI>${uri}</LocURI></Source><Meta><Format ${MI}>chr</Format><Type ${MI}>text/plain</Type></Meta><Data>${value}</Data></Item>`;

/** The DevInfo Replace of Package 1, as libdmclient sends it (the mandatory leaves). */
export function devInfo(cmdID = '2', items?: string): string {
  return `<Replace><CmdID>${cmdID}</CmdID>${
    items ??
    leaf('./DevInfo/DmV', '1.0') +
      leaf('./DevInfo/Lang', 'test language') +
      leaf('./DevInfo/DevId', DEVICE) +
      leaf('./DevInfo/Man', 'test manufacturer') +
      leaf('./DevInfo/Mod', 'test model')
  }</Replace>`;
}

export const get = (cmdID: string, ...uris: string[]) =>
  `<Get><CmdID>${cmdID}</CmdID>${uris.map((u) => `<Item><Target><LocURI>${u}</LocURI></Target></Item>`).join('')}</Get>`;
export const replace = (cmdID: string, uri: string, data: string, meta = `<Meta><Format ${MI}>chr</Format></Meta>`) =>
  `<Replace><CmdID>${cmdID}</CmdID><Item><Target><LocURI>${uri}</LocURI></Target>${meta}<Data>${data}</Data></Item></Replace>`;
export const results = (cmdID: string, msgRef: string, cmdRef: string, items: Array<[string, string]>) =>
  `<Results><CmdID>${cmdID}</CmdID><MsgRef>${msgRef}</MsgRef><CmdRef>${cmdRef}</CmdRef>${items.map(([u, v]) => leaf(u, v)).join('')}</Results>`;

/** Package 1: basic credentials, MaxMsgSize 16384, Alert 1201, DevInfo. */
export const pkg1 = (o: { cmds?: string[]; hdr?: HdrOpts; final?: boolean; msgID?: string } = {}) =>
  msg(
    hdr('client', o.msgID ?? '1', { extra: basicCred() + maxMsgSize(16384), ...o.hdr }),
    o.cmds ?? [alert('1', '1201'), devInfo('2')],
    o.final ?? true,
  );

/** Package 2: statuses for the SyncHdr (212), the Alert and the Replace; a Get of two nodes and a Replace. */
export const pkg2 = (o: { cmds?: string[]; hdr?: HdrOpts; final?: boolean; msgID?: string } = {}) =>
  msg(
    hdr('server', o.msgID ?? '1', o.hdr),
    o.cmds ?? [
      hdrStatus('1', '1', '212', 'client'),
      status('2', '1', '1', 'Alert', '200'),
      status('3', '1', '2', 'Replace', '200'),
      get('4', './DevInfo/Mod', './DevDetail/SwV'),
      replace('5', './DevInfo/Lang', 'fr-FR'),
    ],
    o.final ?? true,
  );

/** Package 3: Status for the SyncHdr, one Status per Get Item, Results, Status 425 for the Replace. */
export const pkg3 = (o: { cmds?: string[]; hdr?: HdrOpts; final?: boolean; msgID?: string } = {}) =>
  msg(
    hdr('client', o.msgID ?? '2', { extra: maxMsgSize(16384), ...o.hdr }),
    o.cmds ?? [
      hdrStatus('1', '1', '200', 'server'),
      status('2', '1', '4', 'Get', '200', '<TargetRef>./DevInfo/Mod</TargetRef>'),
      status('3', '1', '4', 'Get', '200', '<TargetRef>./DevDetail/SwV</TargetRef>'),
      results('4', '1', '4', [
        ['./DevInfo/Mod', 'test model'],
        ['./DevDetail/SwV', 'TODO'],
      ]),
      status('5', '1', '5', 'Replace', '425', '<TargetRef>./DevInfo/Lang</TargetRef>'),
    ],
    o.final ?? true,
  );

/** Package 4: Status for the SyncHdr only; the session ends. */
export const pkg4 = (o: { cmds?: string[]; hdr?: HdrOpts; final?: boolean; msgID?: string } = {}) =>
  msg(hdr('server', o.msgID ?? '2', o.hdr), o.cmds ?? [hdrStatus('1', '2', '200', 'client')], o.final ?? true);

/** The clean four-package session. */
export const okSession = (): string[] => [pkg1(), pkg2(), pkg3(), pkg4()];
