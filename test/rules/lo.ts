/** A server sending a large object in two chunks in Package 2, and the client's answers (DM Protocol §7). */
import { alert, hdr, hdrStatus, maxMsgSize, maxObjSize, msg, pkg1, status } from './msgs.js';

const MI = "xmlns='syncml:metinf'";

export interface LoOpts {
  size?: string | null;
  chunk1?: string;
  chunk2?: string;
  /** Size repeated in chunk 2. */
  size2?: string;
  status1?: string;
  status2?: string;
  /** Final on the first chunk's message. */
  final1?: boolean;
  /** Commands placed after the first chunk in its message. */
  after1?: string[];
  /** Commands placed before the second chunk in its message. */
  before2?: string[];
  /** The client's MaxMsgSize / MaxObjSize in Package 1. */
  clientMeta?: string;
}

export const CHUNK1 = 'A'.repeat(600);
export const CHUNK2 = 'B'.repeat(400);

const chunk = (cmdID: string, data: string, size: string | null | undefined, more: boolean) =>
  `<Replace><CmdID>${cmdID}` +
  `</CmdID><Item><Target><LocURI>./Vendor/Firmware/Pkg</LocURI></Target><Meta><Format ${MI}` +
  `>b64</Format><Type ${MI}` +
  `>application/octet-stream</Type>${size ? `<Size ${MI}>${size}</Size>` : ''}` +
  `</Meta><Data>${data}</Data>${more ? '<MoreData/>' : ''}</Item></Replace>`;

export function loSession(o: LoOpts = {}): string[] {
  const c1 = o.chunk1 ?? CHUNK1;
  const c2 = o.chunk2 ?? CHUNK2;
  const size = o.size === undefined ? String(c1.length + c2.length) : o.size;
  return [
    pkg1({ hdr: { extra: o.clientMeta ?? maxMsgSize(1000) } }),
    msg(
      hdr('server', '1'),
      [
        hdrStatus('1', '1', '200', 'client'),
        status('2', '1', '1', 'Alert', '200'),
        status('3', '1', '2', 'Replace', '200'),
        chunk('4', c1, size, true),
        ...(o.after1 ?? []),
      ],
      o.final1 ?? false,
    ),
    msg(
      hdr('client', '2'),
      [hdrStatus('1', '1', '200', 'server'), status('2', '1', '4', 'Replace', o.status1 ?? '213'), alert('3', '1222')],
      false,
    ),
    msg(hdr('server', '2'), [
      hdrStatus('1', '2', '200', 'client'),
      status('2', '2', '3', 'Alert', '200'),
      ...(o.before2 ?? []),
      chunk('3', c2, o.size2, false),
    ]),
    msg(hdr('client', '3'), [
      hdrStatus('1', '2', '200', 'server'),
      status('2', '2', '3', 'Replace', o.status2 ?? '200'),
    ]),
    msg(hdr('server', '3'), [hdrStatus('1', '3', '200', 'client')]),
  ];
}

export { maxObjSize, maxMsgSize };
