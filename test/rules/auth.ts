/**
 * An MD5 challenge round as DM Protocol §9 describes it: Package 1 without credentials, a 407
 * with a Chal, Package 1 resent with the digest, the server accepting with 200 and a new nonce,
 * Package 3 with the digest over that nonce. Digests are computed with src/auth (checked there
 * against the spec vectors).
 */
import { md5Digest } from '../../src/auth/md5.js';
import { parseCredentials } from '../../src/auth/credentials.js';
import { alert, chal, devInfo, get, hdr, hdrStatus, maxMsgSize, md5Cred, msg, results, status } from './msgs.js';

export const USER = 'dmclient';
export const PASSWORD = 'not-a-real-secret';
export const NONCE1 = Buffer.from('first-nonce-16by').toString('base64');
export const NONCE2 = Buffer.from('second-nonce-16b').toString('base64');
export const digest = (nonceB64: string, password = PASSWORD, user = USER) =>
  md5Digest(user, password, Buffer.from(nonceB64, 'base64'));

/** Credentials as `--credentials` would load them. */
export const credentials = () =>
  parseCredentials(
    JSON.stringify({ devices: { DMCtest: { user: USER, password: PASSWORD } }, servers: {} }),
    'creds.json',
  ).credentials;

export interface RoundOpts {
  /** Cred of the resent Package 1 (default: digest over NONCE1). */
  retryCred?: string | null;
  /** Status code of the server for the retried Package 1 (default 200). */
  retryVerdict?: string;
  /** Chal with the retry's verdict (default md5 with NONCE2). */
  retryChal?: string;
  /** Cred of Package 3 (default: digest over NONCE2). */
  pkg3Cred?: string | null;
  /** The first challenge (default 407 + md5 Chal with NONCE1). */
  challenge?: string;
  challengeCode?: string;
  /** SessionID of the retry. */
  retrySessionID?: string;
  /** Extra SyncHdr XML of the challenging server message (RespURI). */
  challengeHdr?: string;
  /** Commands added to the challenging server message. */
  challengeExtra?: string[];
}

export function md5Round(o: RoundOpts = {}): string[] {
  const retryCred = o.retryCred === undefined ? md5Cred(digest(NONCE1)) : o.retryCred === null ? '' : o.retryCred;
  const pkg3Cred = o.pkg3Cred === undefined ? md5Cred(digest(NONCE2)) : o.pkg3Cred === null ? '' : o.pkg3Cred;
  const code = o.challengeCode ?? '407';
  return [
    msg(hdr('client', '1', { extra: maxMsgSize(16384) }), [alert('1', '1201'), devInfo('2')]),
    msg(hdr('server', '1', { extra: o.challengeHdr ?? '' }), [
      hdrStatus('1', '1', code, 'client', o.challenge ?? chal('syncml:auth-md5', NONCE1)),
      status('2', '1', '1', 'Alert', code),
      status('3', '1', '2', 'Replace', code),
      ...(o.challengeExtra ?? []),
    ]),
    msg(
      hdr('client', '2', {
        extra: retryCred + maxMsgSize(16384),
        ...(o.retrySessionID ? { sessionID: o.retrySessionID } : {}),
      }),
      [hdrStatus('1', '1', '200', 'server'), alert('2', '1201'), devInfo('3')],
    ),
    msg(hdr('server', '2'), [
      hdrStatus('1', '2', o.retryVerdict ?? '200', 'client', o.retryChal ?? chal('syncml:auth-md5', NONCE2)),
      status('2', '2', '2', 'Alert', '200'),
      status('3', '2', '3', 'Replace', '200'),
      get('4', './DevInfo/Mod'),
    ]),
    msg(hdr('client', '3', { extra: pkg3Cred }), [
      hdrStatus('1', '2', '200', 'server'),
      status('2', '2', '4', 'Get', '200'),
      results('3', '2', '4', [['./DevInfo/Mod', 'test model']]),
    ]),
    msg(hdr('server', '3'), [hdrStatus('1', '3', '212', 'client')]),
  ];
}
