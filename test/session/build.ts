/**
 * Small SyncML DM messages written as XML strings for the assembler's unit tests, decoded with
 * the real codec (src/syncml/message.ts), and HTTP exchanges around them. The end-to-end tests
 * use real captures; these pin the logic on cases the captures do not hold.
 */
import { decodeMessage } from '../../src/syncml/message.js';
import type { Direction, Exchange, HttpPart, Origin } from '../../src/model/exchange.js';
import type { Message } from '../../src/syncml/types.js';
import type { AssembleInput } from '../../src/session/assemble.js';

export interface HdrOpts {
  sid?: string;
  device?: string;
  server?: string;
  cred?: 'basic' | 'md5';
  respURI?: string;
}

const CRED: Record<'basic' | 'md5', string> = {
  basic: `<Cred><Meta><Format xmlns="syncml:metinf">b64</Format><Type xmlns="syncml:metinf">syncml:auth-basic</Type></Meta><Data>dXNlcjpwYXNz</Data></Cred>`,
  md5: `<Cred><Meta><Format xmlns="syncml:metinf">b64</Format><Type xmlns="syncml:metinf">syncml:auth-md5</Type></Meta><Data>Lx7CSZp0iHRedCEbryGJuw==</Data></Cred>`,
};

/** A whole SyncML message. `body` is the SyncBody content without Final; `final` adds it. */
export function syncml(dir: Direction, msgId: string, body: string, o: HdrOpts & { final?: boolean } = {}): string {
  const device = o.device ?? 'IMEI:1';
  const server = o.server ?? 'http://dm.example.com/dm';
  const [target, source] = dir === 'client' ? [server, device] : [device, server];
  return (
    `<?xml version="1.0" encoding="UTF-8"?><SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>` +
    `<SessionID>${o.sid ?? '1'}</SessionID><MsgID>${msgId}</MsgID><Target><LocURI>${target}</LocURI></Target><Source><LocURI>${source}</LocURI></Source>` +
    (o.respURI ? `<RespURI>${o.respURI}</RespURI>` : '') +
    (o.cred ? CRED[o.cred] : '') +
    `</SyncHdr><SyncBody>${body}${o.final === false ? '' : '<Final/>'}</SyncBody></SyncML>`
  );
}

let cmdId = 100;
export const alert = (code: string, items = '') =>
  `<Alert><CmdID>${++cmdId}</CmdID><Data>${code}</Data>${items}</Alert>`;
export const status = (msgRef: string, cmdRef: string, cmd: string, code: string, extra = '') =>
  `<Status><CmdID>${++cmdId}</CmdID><MsgRef>${msgRef}</MsgRef><CmdRef>${cmdRef}</CmdRef><Cmd>${cmd}</Cmd>${extra}<Data>${code}</Data></Status>`;
export const chal = (type: 'md5' | 'basic', nonce = 'Tm9uY2U=') =>
  `<Chal><Meta><Format xmlns="syncml:metinf">b64</Format><Type xmlns="syncml:metinf">syncml:auth-${type}</Type><NextNonce xmlns="syncml:metinf">${nonce}</NextNonce></Meta></Chal>`;
export const devInfo = () =>
  `<Replace><CmdID>${++cmdId}` +
  `</CmdID><Item><Source><LocURI>./DevInfo/DevId</LocURI></Source><Data>IMEI:1</Data></Item><Item><Source><LocURI>./DevInfo/Man</LocURI></Source><Data>ACME</Data></Item></Replace>`;
export const get = (uri: string, id = String(++cmdId)) =>
  `<Get><CmdID>${id}</CmdID><Item><Target><LocURI>${uri}</LocURI></Target></Item></Get>`;
export const replace = (uri: string, data: string, o: { id?: string; moreData?: boolean; size?: number } = {}) =>
  `<Replace><CmdID>${o.id ?? ++cmdId}</CmdID><Item><Target><LocURI>${uri}</LocURI></Target>` +
  (o.size !== undefined ? `<Meta><Size xmlns="syncml:metinf">${o.size}</Size></Meta>` : '') +
  `<Data>${data}</Data>${o.moreData ? '<MoreData/>' : ''}</Item></Replace>`;
export const genericAlert = (type: string, data: string, source = './FUMO/x') =>
  alert(
    '1226',
    `<Item><Source><LocURI>${source}</LocURI></Source><Meta><Type ` +
      `xmlns="syncml:metinf">${type}</Type><Format xmlns="syncml:metinf">int</Format><Mark ` +
      `xmlns="syncml:metinf">critical</Mark></Meta><Data>${data}</Data></Item>`,
  );

let frame = 0;
let exchangeId = 0;
const enc = new TextEncoder();

export function origin(input = 'test', time?: number): Origin {
  const o: Origin = { input, frame: ++frame };
  if (time !== undefined) o.time = time;
  return o;
}

/** A lone message (a file): direction left to the assembler unless given. */
export function lone(xml: string, o: { input?: string; direction?: Direction; time?: number } = {}): Message {
  const opts: Parameters<typeof decodeMessage>[1] = {
    origin: origin(o.input ?? 'loose.xml', o.time),
    contentType: 'application/vnd.syncml.dm+xml',
  };
  if (o.direction) opts.direction = o.direction;
  return decodeMessage(enc.encode(xml), opts);
}

/** One HTTP exchange: the client's request and the server's answer (either may be left out). */
export function exchange(
  req: string | undefined,
  res: string | undefined,
  o: { server?: string; time?: number; status?: number; input?: string; hmac?: boolean } = {},
): AssembleInput {
  const t = o.time ?? Date.UTC(2026, 10, 24, 5, 0, 0) + exchangeId * 1000;
  const ex: Exchange = { id: ++exchangeId, server: o.server ?? 'dm.example.com/dm', connection: 'tcp test' };
  const messages: Message[] = [];
  if (req !== undefined) {
    const headers: Array<[string, string]> = [['Content-Type', 'application/vnd.syncml.dm+xml']];
    if (o.hmac) headers.push(['x-syncml-hmac', 'algorithm=MD5, username="u", mac=abc']);
    const part: HttpPart = {
      direction: 'client',
      method: 'POST',
      url: '/dm',
      headers,
      contentType: 'application/vnd.syncml.dm+xml',
      body: enc.encode(req),
      origin: origin(o.input, t),
    };
    ex.request = part;
    messages.push(
      decodeMessage(part.body, { origin: part.origin, contentType: part.contentType, direction: 'client', http: part }),
    );
  }
  const statusCode = o.status ?? 200;
  if (res !== undefined || o.status !== undefined) {
    const body = enc.encode(res ?? '');
    const part: HttpPart = {
      direction: 'server',
      statusCode,
      statusText: 'OK',
      headers: [['Content-Type', 'application/vnd.syncml.dm+xml']],
      contentType: 'application/vnd.syncml.dm+xml',
      body,
      origin: origin(o.input, t + 5),
    };
    ex.response = part;
    if (res !== undefined)
      messages.push(
        decodeMessage(body, { origin: part.origin, contentType: part.contentType, direction: 'server', http: part }),
      );
  }
  return { exchange: ex, messages };
}
