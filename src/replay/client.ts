/**
 * Replay as the device (`dmtrace replay TRACE --as client --server URL`): sends the recorded client
 * messages to a live DM server, rewritten for the live session (rewrite.ts), and answers the live
 * server's commands — statuses as recorded where the command matches the recording, from the
 * device tree seeded from the recording where it does not (device-tree.ts).
 *
 * Handled: challenges (a 401/407 SyncHdr Status with Chal: Package 1 is resent with credentials of
 * the requested type for the live nonce, DM Protocol §9 / docs/dm-facts.md §6.2), a recorded challenge
 * round the live server skips, multiple messages (a server message without Final is pulled with
 * Alert 1222, docs/dm-facts.md §8.1), aborts (Alert 1223 from either side ends the session, §8.3),
 * RespURI (followed for the rest of the session).
 */
import type { Element } from '../model/tree.js';
import { childElements, textOf } from '../model/tree.js';
import type { Credentials } from '../auth/credentials.js';
import { deviceCredential, serverCredential } from '../auth/credentials.js';
import type { Encoding } from '../syncml/types.js';
import {
  alertElement,
  appendCommands,
  bodyOf,
  chalOf,
  cloneTree,
  commandsOf,
  contentTypeFor,
  credOf,
  dataOf,
  decodeBody,
  encodeTree,
  hdrStatusOf,
  isFinal,
  isSyncML,
  messageSkeleton,
  msgIdOf,
  setFinal,
  sourceOf,
  statusElement,
  targetOf,
  textAt,
  walk,
  retypeEmbedded,
} from './dm.js';
import { DeviceTree } from './device-tree.js';
import { headerValue, isChallenge, turnsOf, type Recording, type Turn } from './recording.js';
import {
  CRED_TYPE,
  hmacHeader,
  mapPeerMessage,
  newPeerMap,
  nonceBytes,
  renumberCmdIds,
  rewriteHeader,
  rewriteReferences,
  setCredential,
} from './rewrite.js';
import { post, type TlsClientOptions } from './transport.js';
import {
  chunkCommand,
  collapseChunks,
  hasMoreData,
  largestItem,
  mergeChunks,
  planChunks,
  planFromPieces,
  sizeLimits,
} from './large-object.js';
import { packageName, type LiveMessage, type ReplayResult } from './live.js';
import { checkServerCredentials, serverAuthMismatch } from './server-auth.js';

export interface ClientReplayOptions {
  /** The live DM server's URL. */
  url: string;
  credentials?: Credentials;
  /** Device identity on the live session (SyncHdr Source, ./DevInfo/DevId); default as recorded. */
  deviceId?: string;
  /** SessionID on the live session; default as recorded. */
  sessionId?: string;
  /** Encoding of the messages sent; default as recorded. */
  encoding?: Encoding;
  /** Wait at most this long for each answer (ms). */
  timeoutMs: number;
  tls?: TlsClientOptions;
  /** Server messages answered from the device tree after the recording ends (default 10). */
  maxExtraRounds?: number;
  /** Unexpected live challenges accepted before giving up (default 2: one retry with credentials). */
  maxChallenges?: number;
}

/** Headers never copied from the recording: the transport sets them, or they are recomputed. */
const NOT_COPIED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'content-type',
  'x-syncml-hmac',
  'keep-alive',
  'expect',
]);

/** True when a server message carries commands the device must answer (DM Protocol §8.1). */
function needsAnswer(tree: Element): boolean {
  return walk(commandsOf(tree)).some((c) => c.name !== 'Status' && c.name !== 'Results');
}

function hasAlert(tree: Element, code: string): boolean {
  return commandsOf(tree).some((c) => c.name === 'Alert' && dataOf(c) === code);
}

/** A command with a chunk (an Item with MoreData). */
function hasChunk(c: Element): boolean {
  return childElements(c, 'Item').some((it) => it.children.some((n) => n.kind === 'element' && n.name === 'MoreData'));
}

/** A client message that only pulls the next message of the server's package (Alert 1222, no Final). */
function isNextMessageRequest(tree: Element): boolean {
  return !isFinal(tree) && hasAlert(tree, '1222');
}

export async function replayAsClient(rec: Recording, opts: ClientReplayOptions): Promise<ReplayResult> {
  // Large objects the recording has in chunks are replayed whole: split afresh for the live server (DM Protocol §7).
  const view = collapseChunks(rec);
  const turns = turnsOf(view);
  const peer = newPeerMap();
  const devTree = DeviceTree.fromRecording(view);
  const sessionId = opts.sessionId ?? rec.sessionId;
  const recordedDevice = turns[0] ? sourceOf(turns[0].client.tree) : undefined;
  const device = opts.deviceId ?? recordedDevice ?? rec.device;
  const cred = opts.credentials ? deviceCredential(opts.credentials, device) : undefined;
  const result: ReplayResult = {
    recording: rec.id,
    device,
    sessionId,
    live: [],
    notes: [],
    info: [],
    outcome: 'completed',
    roundTrips: [],
  };
  if (view !== rec) result.recordedView = view.messages;
  if (recordedDevice !== undefined && device !== recordedDevice)
    result.identity = { live: device, recorded: recordedDevice };
  // The live server's credentials are checked with its entry: by the recorded server id, else the URL (DM Security §5).
  const recordedServer = rec.messages.find((m) => m.direction === 'server');
  const serverEntry = opts.credentials
    ? ([recordedServer ? sourceOf(recordedServer.tree) : undefined, opts.url, rec.server]
        .map((id) => (id ? serverCredential(opts.credentials!, id) : undefined))
        .find((e) => e && e.id !== '*') ?? serverCredential(opts.credentials, opts.url))
    : undefined;
  /** The nonce the device issued to the server (b64) and where it came from: the server's MD5/HMAC credentials use it. */
  let serverNonce = serverEntry?.credential.nonce;
  let serverNonceFrom = serverNonce
    ? 'the stored server nonce of the credentials'
    : 'an empty nonce (none stored, none issued)';
  let warnedNoServerCred = false;
  const maxExtra = opts.maxExtraRounds ?? 10;
  const maxChallenges = opts.maxChallenges ?? 2;

  let url = opts.url;
  let msgId = 0;
  let serverMsgs = 0;
  /** The nonce the server gave for our credentials (b64). */
  let nonce = cred?.credential.nonce;
  /** Auth type a live challenge asked for. */
  let challengedType: string | undefined;
  let challenges = 0;
  let lastLive: Element | undefined;
  /** Live server commands the recording does not have: answered from the device tree next. */
  let pending: { cmds: Element[]; msgRef: string } | undefined;
  let t = 0;
  /** What the next message is: a recorded turn, Package 1 again after a live challenge, a 1222 pull, or an answer after the recording ended. */
  let kind: 'turn' | 'retry' | 'next' | 'extra' = 'turn';
  let extra = 0;
  let warnedNoCred = false;
  let lastEncoding: Encoding = opts.encoding ?? turns[0]?.client.encoding ?? 'xml';
  /** The live server's MaxMsgSize / MaxObjSize (SyncHdr Meta), in force until it sends new ones. */
  let liveMaxMsgSize: number | undefined;
  let liveMaxObjSize: number | undefined;
  /** Chunk messages of a large object the live server splits where the recording has it whole. */
  let serverChunks: Element[] = [];
  let chunksStandFor: Turn['answer'];
  const chunkPulls = new Set<string>();

  for (;;) {
    if (kind === 'turn' && t >= turns.length) {
      if (lastLive && needsAnswer(lastLive) && !hasAlert(lastLive, '1223')) {
        if (extra >= maxExtra) {
          result.notes.push(
            `the live server kept sending commands after the recording ended; stopped after ${maxExtra} extra rounds`,
          );
          break;
        }
        kind = 'extra';
      } else break;
    }
    if (kind === 'extra') extra++;
    const turn: Turn | undefined = kind === 'turn' || kind === 'retry' ? turns[t] : undefined;
    const ns = turn?.client.tree.namespace ?? lastLive?.namespace ?? 'SYNCML:SYNCML1.2';
    let out: Element;
    if (turn) out = cloneTree(turn.client.tree);
    else out = messageSkeleton({ sessionId, msgId: '0', target: url, source: device }, ns);
    rewriteHeader(out, { sessionId, msgId: String(++msgId), target: url, source: device });
    if (turn) rewriteReferences(out, peer);
    // A retry, a pull or an extra answer: a Status for the live server's last SyncHdr.
    if (kind !== 'turn' && lastLive) {
      const body = bodyOf(out)!;
      body.children = body.children.filter(
        (n) => !(n.kind === 'element' && n.name === 'Status' && textAt(n, 'Cmd') === 'SyncHdr'),
      );
      body.children.unshift(
        statusElement(
          {
            msgRef: msgIdOf(lastLive) ?? '',
            cmdRef: '0',
            cmd: 'SyncHdr',
            targetRefs: [targetOf(lastLive) ?? ''],
            sourceRefs: [sourceOf(lastLive) ?? ''],
            code: '200',
          },
          ns,
        ),
      );
    }
    if (kind === 'next') {
      // Chunks of a large object the recording has whole: 213 for each (DM Protocol §7), then the pull.
      if (serverChunks.length && lastLive) {
        const ref = msgIdOf(lastLive) ?? '';
        appendCommands(
          out,
          commandsOf(lastLive)
            .filter(hasChunk)
            .map((c) => statusElement({ msgRef: ref, cmdRef: textAt(c, 'CmdID') ?? '', cmd: c.name, code: '213' }, ns)),
        );
      }
      appendCommands(out, [alertElement('1222', ns)]);
      setFinal(out, false);
    }
    if (kind === 'extra') setFinal(out, true);
    if (pending && kind !== 'retry') {
      const answers: Element[] = [];
      for (const c of pending.cmds) answers.push(...devTree.answer(c, pending.msgRef, ns));
      appendCommands(out, answers);
    }
    pending = undefined;
    if (opts.deviceId) setDevId(out, opts.deviceId);

    // Credentials (DM Security §5): the type the live server asked for, else the recorded one.
    const recordedCred = turn ? credOf(turn.client.tree) : undefined;
    const recordedHmac = turn ? headerValue(turn.client.headers, 'x-syncml-hmac') : undefined;
    const credType = challengedType ?? recordedCred?.type ?? (recordedHmac ? CRED_TYPE.hmac : undefined);
    if (credType && credType !== CRED_TYPE.hmac) {
      if (cred) setCredential(out, credType, cred.user, cred.credential.password, nonceBytes(nonce));
      else if (!warnedNoCred) {
        warnedNoCred = true;
        result.info.push(
          `no client credentials for ${device} (--credentials or DMTRACE_CLIENT_*): the recorded Cred is sent unchanged`,
        );
      }
    }
    renumberCmdIds(out);

    const encoding: Encoding = opts.encoding ?? turn?.client.encoding ?? lastEncoding;
    lastEncoding = encoding;
    if (opts.encoding) retypeEmbedded(out, encoding);
    const meta: Pick<LiveMessage, 'recIndex' | 'package'> = {};
    if (turn && (kind === 'turn' || kind === 'retry')) {
      // A recorded message (again, with credentials for a live challenge): compared with the recording.
      meta.recIndex = turn.client.index;
      if (turn.client.package !== undefined) meta.package = turn.client.package;
      else if (kind === 'retry') meta.package = 1;
    }
    const what = packageName(meta.package, 'client', msgId);

    /** Sends one message and reads the answer; undefined when the replay ended (failure or abort set). */
    const sendOne = async (
      msg: Element,
      extra: Partial<LiveMessage>,
    ): Promise<{ L: Element; got: LiveMessage } | undefined> => {
      const body = encodeTree(msg, encoding);
      const contentType = contentTypeFor(encoding, turn?.client.contentType);
      const headers: Array<[string, string]> = [];
      for (const [k, v] of turn?.client.headers ?? []) if (!NOT_COPIED.has(k.toLowerCase())) headers.push([k, v]);
      headers.push(['Content-Type', contentType]);
      if (credType === CRED_TYPE.hmac || (recordedHmac && !challengedType)) {
        if (cred)
          headers.push(['x-syncml-hmac', hmacHeader(cred.user, cred.credential.password, nonceBytes(nonce), body)]);
        else if (recordedHmac) headers.push(['x-syncml-hmac', recordedHmac]);
      }
      const sent: LiveMessage = {
        direction: 'client',
        tree: msg,
        raw: body,
        encoding,
        contentType,
        headers,
        time: Date.now(),
        url,
        ...extra,
      };
      result.live.push(sent);
      const here = packageName(sent.package, 'client', Number(msgIdOf(msg) ?? msgId));
      // A Chal the device sends the server: the server's next credentials use its nonce (DM Security §5.1).
      const myHdrStatus = hdrStatusOf(msg);
      const myChal = myHdrStatus ? chalOf(myHdrStatus) : undefined;
      if (myChal?.nextNonce !== undefined) {
        serverNonce = myChal.nextNonce;
        serverNonceFrom = `the nonce the device issued in ${here}`;
      }
      let res;
      const t0 = performance.now();
      try {
        res = await post(url, body, headers, opts.timeoutMs, opts.tls);
      } catch (e) {
        result.outcome = 'failed';
        result.failure = `the server did not answer ${here} at ${url}: ${(e as Error).message}`;
        return undefined;
      }
      result.roundTrips.push(performance.now() - t0);
      if (res.status !== 200) {
        result.outcome = 'failed';
        result.failure = `the server answered ${here} with HTTP ${res.status} ${res.statusText}`.trim();
        return undefined;
      }
      if (res.body.length === 0) {
        if (hasAlert(msg, '1223')) result.outcome = 'aborted';
        else {
          result.outcome = 'failed';
          result.failure = `the server answered ${here} with an empty body`;
        }
        return undefined;
      }
      const resType = headerValue(res.headers, 'content-type');
      const dec = decodeBody(res.body, resType);
      if (!isSyncML(dec.root)) {
        result.outcome = 'failed';
        const p = dec.problems[0];
        result.failure =
          `the server's answer to ${here} is not a SyncML ` +
          `message${p ? `: ${p.message}${p.offset !== undefined ? ` (offset ${p.offset})` : p.line !== undefined ? ` (line ${p.line})` : ''}` : ''}`;
        return undefined;
      }
      serverMsgs++;
      const got: LiveMessage = {
        direction: 'server',
        tree: dec.root,
        raw: res.body,
        encoding: dec.encoding,
        contentType: resType ?? contentTypeFor(dec.encoding),
        headers: res.headers,
        time: Date.now(),
        httpStatus: res.status,
      };
      result.live.push(got);
      const checks = serverEntry
        ? checkServerCredentials(dec.root, res.body, res.headers, {
            user: serverEntry.user,
            password: serverEntry.credential.password,
            nonce: nonceBytes(serverNonce),
            nonceFrom: serverNonceFrom,
          })
        : [];
      for (const c of checks) {
        if (c.ok === false)
          result.notes.push(
            serverAuthMismatch(c, `server msg ${serverMsgs} (the answer to ${here})`, serverNonceFrom, serverEntry!.id),
          );
        else if (c.ok === undefined)
          result.info.push(
            `the live server's ${c.what} is not verified (only syncml:auth-basic and syncml:auth-md5 are)`,
          );
      }
      if (
        !serverEntry &&
        !warnedNoServerCred &&
        (credOf(dec.root) || headerValue(res.headers, 'x-syncml-hmac') !== undefined)
      ) {
        warnedNoServerCred = true;
        result.info.push(
          `the live server's credentials are not verified: no server credentials (--credentials or DMTRACE_SERVER_*)`,
        );
      }
      const limits = sizeLimits(dec.root);
      if (limits.maxMsgSize !== undefined) liveMaxMsgSize = limits.maxMsgSize;
      if (limits.maxObjSize !== undefined) liveMaxObjSize = limits.maxObjSize;
      return { L: dec.root, got };
    };

    // Large objects (DM Protocol §7): a message over the live MaxMsgSize goes in chunks.
    // DM Protocol §7: no object over the peer's MaxObjSize. The device answers what the server asked
    // for (a Results cannot be left out like a server command), so it is sent and reported.
    if (liveMaxObjSize !== undefined) {
      for (const c of walk(commandsOf(out))) {
        const big = largestItem(c);
        if (big && big.size > liveMaxObjSize)
          result.notes.push(
            `${what}: ${c.name} ${big.uri} carries an object of ${big.size} bytes, over the live MaxObjSize ${liveMaxObjSize} (DM Protocol §7)`,
          );
      }
    }
    // An object the recording has in chunks keeps the recorded boundaries while they fit, else is split afresh.
    const recordedChunks = kind === 'turn' || kind === 'retry' ? turn?.client.chunks : undefined;
    const asRecorded = recordedChunks ? planFromPieces(out, recordedChunks, encoding, liveMaxMsgSize) : undefined;
    const plan = asRecorded ?? (liveMaxMsgSize !== undefined ? planChunks(out, encoding, liveMaxMsgSize) : undefined);
    let answer: { L: Element; got: LiveMessage } | undefined;
    if (plan) {
      if (asRecorded)
        result.info.push(`${what} sent in ${plan.pieces.length} messages as recorded: an object of ${plan.size} bytes`);
      else if (recordedChunks)
        result.info.push(
          `${what} sent in ${plan.pieces.length} messages: an object of ${plan.size} bytes the ` +
            `recording has in ${recordedChunks.length} chunks, chunked afresh for the live MaxMsgSize ` +
            `${liveMaxMsgSize}`,
        );
      else
        result.info.push(
          `${what} sent in ${plan.pieces.length} messages: an object of ${plan.size} bytes chunked for the live MaxMsgSize ${liveMaxMsgSize}`,
        );
      answer = await sendOne(plan.first, { ...meta, compareAs: out });
      for (let i = 1; answer && i < plan.pieces.length; i++) {
        answer.got.transport = true;
        const prev = answer.L;
        const last = i === plan.pieces.length - 1;
        const part = cloneTree(plan.first);
        const pbody = bodyOf(part)!;
        pbody.children = [];
        rewriteHeader(part, { msgId: String(++msgId) });
        const cmds: Element[] = [
          statusElement(
            {
              msgRef: msgIdOf(prev) ?? '',
              cmdRef: '0',
              cmd: 'SyncHdr',
              targetRefs: [targetOf(prev) ?? ''],
              sourceRefs: [sourceOf(prev) ?? ''],
              code: '200',
            },
            ns,
          ),
        ];
        for (const c of commandsOf(prev)) cmds.push(...devTree.answer(c, msgIdOf(prev) ?? '', ns));
        cmds.push(chunkCommand(plan, i));
        if (last) cmds.push(...plan.rest);
        appendCommands(part, cmds);
        setFinal(part, last && plan.final);
        renumberCmdIds(part);
        answer = await sendOne(part, {
          transport: true,
          ...(meta.package !== undefined ? { package: meta.package } : {}),
        });
      }
    } else {
      const tooBig = liveMaxMsgSize !== undefined ? encodeTree(out, encoding).length : 0;
      if (liveMaxMsgSize !== undefined && tooBig > liveMaxMsgSize)
        result.notes.push(
          `${what} is ${tooBig} bytes, over the live MaxMsgSize ${liveMaxMsgSize}, and cannot be chunked to fit (the commands around its largest item do not fit one message): sent whole`,
        );
      answer = await sendOne(out, serverChunks.length && kind === 'next' ? { ...meta, transport: true } : meta);
    }
    if (!answer) break;
    const aborting = hasAlert(out, '1223');
    const { L, got } = answer;
    lastLive = L;

    // Which recorded server message this live one stands for.
    let expected = turn && kind !== 'next' ? turn.answer : serverChunks.length ? chunksStandFor : undefined;
    // A large object the live server sends in chunks where the recording has it whole: pulled with
    // 213 + Alert 1222, put back together, and the whole compared with the recording.
    if (hasMoreData(L) && !(expected && hasMoreData(expected.tree))) {
      if (!serverChunks.length) chunksStandFor = expected;
      serverChunks.push(L);
      got.transport = true;
      if (kind === 'next') chunkPulls.add(msgIdOf(out) ?? '');
      if (kind === 'turn' || kind === 'retry') t++;
      kind = 'next';
      continue;
    }
    let M = L;
    if (serverChunks.length) {
      chunkPulls.add(msgIdOf(out) ?? '');
      const m = mergeChunks([...serverChunks, L], chunkPulls);
      serverChunks = [];
      chunkPulls.clear();
      M = m.merged;
      got.compareAs = M;
      if (m.declared !== undefined && m.declared !== m.received)
        result.notes.push(
          `the live server's chunked object is ${m.received} bytes, its Meta Size says ${m.declared} (DM Protocol §7: 424)`,
        );
      result.info.push(
        `the live server sent ${packageName(chunksStandFor?.package, 'server', serverMsgs)} in chunks the recording does not have; compared reassembled`,
      );
    }
    const liveChal = isChallenge(L);
    const recChal = expected ? isChallenge(expected.tree) : false;
    const hdrSt = hdrStatusOf(L);
    const chal = hdrSt ? chalOf(hdrSt) : undefined;
    if (chal?.nextNonce !== undefined) nonce = chal.nextNonce;
    if (liveChal && !recChal) {
      got.package = 2;
      mapPeerMessage(peer, undefined, L);
      challenges++;
      result.notes.push(
        `the live server challenged ${what} (SyncHdr ${textAt(hdrSt, 'Data')}${chal ? `, Chal ${chal.type}` : ''}) where the recording has no challenge`,
      );
      if (challenges >= maxChallenges) {
        result.outcome = 'failed';
        result.failure = `authentication failed: the live server challenged ${what} again after ${challenges - 1} retr${challenges === 2 ? 'y' : 'ies'} with credentials`;
        break;
      }
      if (chal) challengedType = chal.type;
      // DM Protocol §9: resend the challenged message (Package 1) with credentials for the live Chal.
      kind = 'retry';
      continue;
    }
    if (liveChal && chal) challengedType = chal.type;
    if (recChal && !liveChal && turns[t + 1]) {
      // The recording has a challenge round the live server skipped: its resent Package 1 is not sent.
      result.notes.push(`the live server accepted ${what} without the challenge the recording has`);
      t++;
      expected = turns[t]!.answer;
    }
    if (expected) {
      got.recIndex = expected.index;
      if (expected.package !== undefined) got.package = expected.package;
      // Credentials the recorded server sent and the live one leaves out (DM Security §5).
      const recCred = credOf(expected.tree);
      const label = packageName(got.package, 'server', serverMsgs);
      if (recCred && !credOf(M) && !credOf(L))
        result.notes.push(
          `the live server sent no credentials in ${label} where the recording has SyncHdr Cred ${recCred.type}`,
        );
      if (
        headerValue(expected.headers, 'x-syncml-hmac') !== undefined &&
        headerValue(got.headers, 'x-syncml-hmac') === undefined
      ) {
        result.notes.push(`the live server sent no x-syncml-hmac header with ${label} where the recording has one`);
      }
    }
    const match = mapPeerMessage(peer, expected?.tree, M);
    if (match.unexpected.length) pending = { cmds: match.unexpected, msgRef: msgIdOf(L) ?? '' };
    const respURI = textAt(L, 'SyncHdr', 'RespURI');
    if (respURI) {
      try {
        url = new URL(respURI, url).toString();
      } catch {
        result.notes.push(`the live server's RespURI "${respURI}" is not a URL; kept ${url}`);
      }
    }

    if (hasAlert(L, '1223')) {
      result.outcome = 'aborted';
      break;
    }
    if (aborting) {
      result.outcome = 'aborted';
      break;
    }
    // A server message without Final that is not itself pulling our next message (Alert 1222) and
    // that the recording does not pull either: the rest of the server's package is pulled.
    const recordedPull = !!turns[t + 1] && kind === 'turn' && isNextMessageRequest(turns[t + 1]!.client.tree);
    if (!isFinal(L) && !isNextMessageRequest(L) && !recordedPull) {
      // Multiple messages (DM Protocol §8.1 / docs/dm-facts.md §8.1): pull the rest with Alert 1222.
      if (expected && isFinal(expected.tree))
        result.notes.push(
          `the live server split ${packageName(got.package, 'server', serverMsgs)} over several messages where the recording has one`,
        );
      if (kind === 'turn') t++;
      kind = 'next';
      continue;
    }
    // After a recorded message the recording moves on; after a pull or an extra answer it stays.
    if (kind === 'turn' || kind === 'retry') t++;
    kind = 'turn';
    if (isFinal(L) && !needsAnswer(L) && !liveChal) {
      const left = turns.length - t;
      if (left > 0)
        result.notes.push(
          `the live server ended the session after ${packageName(got.package, 'server', serverMsgs)}; the recording has ${left} more client message${left === 1 ? '' : 's'}`,
        );
      break;
    }
  }
  return result;
}

/** Sets ./DevInfo/DevId in the Package 1 Replace (DM Protocol §8.3) to the templated identity. */
function setDevId(root: Element, deviceId: string): void {
  for (const c of walk(commandsOf(root))) {
    if (c.name !== 'Replace' && c.name !== 'Results') continue;
    for (const it of childElements(c, 'Item')) {
      const uri = textAt(it, 'Source', 'LocURI');
      if (uri !== './DevInfo/DevId') continue;
      const d = it.children.find((n): n is Element => n.kind === 'element' && n.name === 'Data');
      if (d && textOf(d) !== deviceId) d.children = [{ kind: 'text', value: deviceId, pos: {} }];
    }
  }
}
