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
  syncHdrStatus,
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

/** What the next message is: a recorded turn, Package 1 again after a live challenge, a 1222 pull, or an answer after the recording ended. */
type MessageKind = 'turn' | 'retry' | 'next' | 'extra';

/** One client message being sent: the recorded turn it replays (if any) and how it is encoded and authenticated. */
interface Outgoing {
  turn: Turn | undefined;
  ns: string;
  encoding: Encoding;
  credType: string | undefined;
  recordedHmac: string | undefined;
  meta: Pick<LiveMessage, 'recIndex' | 'package'>;
  /** Its Package name in notes. */
  what: string;
}

/** A live server answer: its tree and the message as recorded in the result. */
interface Answer {
  L: Element;
  got: LiveMessage;
}

/** The replay of one recording against a live DM server, the device's side (DM Protocol §8, §9). */
class ClientReplay {
  readonly view: Recording;
  readonly turns: Turn[];
  readonly peer = newPeerMap();
  readonly devTree: DeviceTree;
  readonly sessionId: string;
  readonly device: string;
  readonly cred: ReturnType<typeof deviceCredential> | undefined;
  readonly result: ReplayResult;
  readonly serverEntry: ReturnType<typeof serverCredential> | undefined;
  /** The nonce the device issued to the server (b64) and where it came from: the server's MD5/HMAC credentials use it. */
  serverNonce: string | undefined;
  serverNonceFrom: string;
  warnedNoServerCred = false;
  readonly maxExtra: number;
  readonly maxChallenges: number;
  url: string;
  msgId = 0;
  serverMsgs = 0;
  /** The nonce the server gave for our credentials (b64). */
  nonce: string | undefined;
  /** Auth type a live challenge asked for. */
  challengedType: string | undefined;
  challenges = 0;
  lastLive: Element | undefined;
  /** Live server commands the recording does not have: answered from the device tree next. */
  pending: { cmds: Element[]; msgRef: string } | undefined;
  t = 0;
  kind: MessageKind = 'turn';
  extra = 0;
  warnedNoCred = false;
  lastEncoding: Encoding;
  /** The live server's MaxMsgSize / MaxObjSize (SyncHdr Meta), in force until it sends new ones. */
  liveMaxMsgSize: number | undefined;
  liveMaxObjSize: number | undefined;
  /** Chunk messages of a large object the live server splits where the recording has it whole. */
  serverChunks: Element[] = [];
  chunksStandFor: Turn['answer'];
  readonly chunkPulls = new Set<string>();

  constructor(
    readonly rec: Recording,
    readonly opts: ClientReplayOptions,
  ) {
    // Large objects the recording has in chunks are replayed whole: split afresh for the live server (DM Protocol §7).
    const view = collapseChunks(rec);
    this.view = view;
    const turns = turnsOf(view);
    this.turns = turns;
    this.devTree = DeviceTree.fromRecording(view);
    const sessionId = opts.sessionId ?? rec.sessionId;
    this.sessionId = sessionId;
    const recordedDevice = turns[0] ? sourceOf(turns[0].client.tree) : undefined;
    const device = opts.deviceId ?? recordedDevice ?? rec.device;
    this.device = device;
    this.cred = opts.credentials ? deviceCredential(opts.credentials, device) : undefined;
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
    this.result = result;
    // The live server's credentials are checked with its entry: by the recorded server id, else the URL (DM Security §5).
    const recordedServer = rec.messages.find((m) => m.direction === 'server');
    this.serverEntry = opts.credentials
      ? ([recordedServer ? sourceOf(recordedServer.tree) : undefined, opts.url, rec.server]
          .map((id) => (id ? serverCredential(opts.credentials!, id) : undefined))
          .find((e) => e && e.id !== '*') ?? serverCredential(opts.credentials, opts.url))
      : undefined;
    this.serverNonce = this.serverEntry?.credential.nonce;
    this.serverNonceFrom = this.serverNonce
      ? 'the stored server nonce of the credentials'
      : 'an empty nonce (none stored, none issued)';
    this.maxExtra = opts.maxExtraRounds ?? 10;
    this.maxChallenges = opts.maxChallenges ?? 2;
    this.url = opts.url;
    this.nonce = this.cred?.credential.nonce;
    this.lastEncoding = opts.encoding ?? turns[0]?.client.encoding ?? 'xml';
  }

  /** One client message after another until the session ends, fails or is aborted. */
  async run(): Promise<ReplayResult> {
    for (;;) {
      if (!this.chooseExtraRound()) break;
      if (this.kind === 'extra') this.extra++;
      const kind = this.kind;
      const turn: Turn | undefined = kind === 'turn' || kind === 'retry' ? this.turns[this.t] : undefined;
      const ns = turn?.client.tree.namespace ?? this.lastLive?.namespace ?? 'SYNCML:SYNCML1.2';
      const out = this.buildClientMessage(turn, ns);
      const msg = this.prepareOutgoing(out, turn, ns);
      this.checkMaxObjSize(out, msg.what);
      const answer = await this.sendPackageMessage(out, msg);
      if (!answer) break;
      if (this.handleAnswer(out, msg, answer) === 'stop') break;
    }
    return this.result;
  }

  /** Past the last recorded turn: another (extra) round while the live server still sends commands; false to stop. */
  chooseExtraRound(): boolean {
    if (this.kind !== 'turn' || this.t < this.turns.length) return true;
    const lastLive = this.lastLive;
    if (!(lastLive && needsAnswer(lastLive) && !hasAlert(lastLive, '1223'))) return false;
    if (this.extra >= this.maxExtra) {
      this.result.notes.push(
        `the live server kept sending commands after the recording ended; stopped after ${this.maxExtra} extra rounds`,
      );
      return false;
    }
    this.kind = 'extra';
    return true;
  }

  /** The next client message: the recorded one or a skeleton, with SyncHdr rewritten, CmdRefs mapped and answers added. */
  buildClientMessage(turn: Turn | undefined, ns: string): Element {
    const { sessionId, device, url, kind, lastLive } = this;
    let out: Element;
    if (turn) out = cloneTree(turn.client.tree);
    else out = messageSkeleton({ sessionId, msgId: '0', target: url, source: device }, ns);
    rewriteHeader(out, { sessionId, msgId: String(++this.msgId), target: url, source: device });
    if (turn) rewriteReferences(out, this.peer);
    // A retry, a pull or an extra answer: a Status for the live server's last SyncHdr.
    if (kind !== 'turn' && lastLive) replaceSyncHdrStatus(out, lastLive, ns);
    if (kind === 'next') this.addNextMessageRequest(out, ns);
    if (kind === 'extra') setFinal(out, true);
    const pending = this.pending;
    if (pending && kind !== 'retry') {
      const answers: Element[] = [];
      for (const c of pending.cmds) answers.push(...this.devTree.answer(c, pending.msgRef, ns));
      appendCommands(out, answers);
    }
    this.pending = undefined;
    if (this.opts.deviceId) setDevId(out, this.opts.deviceId);
    return out;
  }

  /** Chunks of a large object the recording has whole: 213 for each (DM Protocol §7), then the pull (Alert 1222). */
  addNextMessageRequest(out: Element, ns: string): void {
    const lastLive = this.lastLive;
    if (this.serverChunks.length && lastLive) {
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

  /** Credentials (DM Security §5), CmdIDs, encoding and the Package the message is compared as. */
  prepareOutgoing(out: Element, turn: Turn | undefined, ns: string): Outgoing {
    const { opts, kind } = this;
    // Credentials (DM Security §5): the type the live server asked for, else the recorded one.
    const recordedCred = turn ? credOf(turn.client.tree) : undefined;
    const recordedHmac = turn ? headerValue(turn.client.headers, 'x-syncml-hmac') : undefined;
    const credType = this.challengedType ?? recordedCred?.type ?? (recordedHmac ? CRED_TYPE.hmac : undefined);
    if (credType && credType !== CRED_TYPE.hmac) {
      const cred = this.cred;
      if (cred) setCredential(out, credType, cred.user, cred.credential.password, nonceBytes(this.nonce));
      else if (!this.warnedNoCred) {
        this.warnedNoCred = true;
        this.result.info.push(
          `no client credentials for ${this.device} (--credentials or DMTRACE_CLIENT_*): the recorded Cred is sent unchanged`,
        );
      }
    }
    renumberCmdIds(out);

    const encoding: Encoding = opts.encoding ?? turn?.client.encoding ?? this.lastEncoding;
    this.lastEncoding = encoding;
    if (opts.encoding) retypeEmbedded(out, encoding);
    const meta: Pick<LiveMessage, 'recIndex' | 'package'> = {};
    if (turn && (kind === 'turn' || kind === 'retry')) {
      // A recorded message (again, with credentials for a live challenge): compared with the recording.
      meta.recIndex = turn.client.index;
      if (turn.client.package !== undefined) meta.package = turn.client.package;
      else if (kind === 'retry') meta.package = 1;
    }
    const what = packageName(meta.package, 'client', this.msgId);
    return { turn, ns, encoding, credType, recordedHmac, meta, what };
  }

  /**
   * DM Protocol §7: no object over the peer's MaxObjSize. The device answers what the server asked
   * for (a Results cannot be left out like a server command), so it is sent and reported.
   */
  checkMaxObjSize(out: Element, what: string): void {
    const max = this.liveMaxObjSize;
    if (max === undefined) return;
    for (const c of walk(commandsOf(out))) {
      const big = largestItem(c);
      if (big && big.size > max)
        this.result.notes.push(
          `${what}: ${c.name} ${big.uri} carries an object of ${big.size} bytes, over the live MaxObjSize ${max} (DM Protocol §7)`,
        );
    }
  }

  /** Large objects (DM Protocol §7): a message over the live MaxMsgSize goes in chunks; else it is sent whole. */
  async sendPackageMessage(out: Element, msg: Outgoing): Promise<Answer | undefined> {
    const { kind, liveMaxMsgSize, result } = this;
    const { turn, encoding, what, meta } = msg;
    // An object the recording has in chunks keeps the recorded boundaries while they fit, else is split afresh.
    const recordedChunks = kind === 'turn' || kind === 'retry' ? turn?.client.chunks : undefined;
    const asRecorded = recordedChunks ? planFromPieces(out, recordedChunks, encoding, liveMaxMsgSize) : undefined;
    const plan = asRecorded ?? (liveMaxMsgSize !== undefined ? planChunks(out, encoding, liveMaxMsgSize) : undefined);
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
      return this.sendChunks(plan, out, msg);
    }
    const tooBig = liveMaxMsgSize !== undefined ? encodeTree(out, encoding).length : 0;
    if (liveMaxMsgSize !== undefined && tooBig > liveMaxMsgSize)
      result.notes.push(
        `${what} is ${tooBig} bytes, over the live MaxMsgSize ${liveMaxMsgSize}, and cannot be chunked to fit (the commands around its largest item do not fit one message): sent whole`,
      );
    return this.sendOne(out, this.serverChunks.length && kind === 'next' ? { ...meta, transport: true } : meta, msg);
  }

  /** A large object in chunks (DM Protocol §7): the first message, then one per chunk, each answering the last server message. */
  async sendChunks(plan: ChunkPlan, out: Element, msg: Outgoing): Promise<Answer | undefined> {
    const { ns, meta } = msg;
    let answer = await this.sendOne(plan.first, { ...meta, compareAs: out }, msg);
    for (let i = 1; answer && i < plan.pieces.length; i++) {
      answer.got.transport = true;
      const prev = answer.L;
      const last = i === plan.pieces.length - 1;
      const part = cloneTree(plan.first);
      const pbody = bodyOf(part)!;
      pbody.children = [];
      rewriteHeader(part, { msgId: String(++this.msgId) });
      const cmds: Element[] = [syncHdrStatus(prev, ns)];
      for (const c of commandsOf(prev)) cmds.push(...this.devTree.answer(c, msgIdOf(prev) ?? '', ns));
      cmds.push(chunkCommand(plan, i));
      if (last) cmds.push(...plan.rest);
      appendCommands(part, cmds);
      setFinal(part, last && plan.final);
      renumberCmdIds(part);
      answer = await this.sendOne(
        part,
        {
          transport: true,
          ...(meta.package !== undefined ? { package: meta.package } : {}),
        },
        msg,
      );
    }
    return answer;
  }

  /** The HTTP headers of a message: the recorded ones not recomputed, Content-Type, x-syncml-hmac (DM Security §5.3). */
  httpHeaders(body: Uint8Array, contentType: string, msg: Outgoing): Array<[string, string]> {
    const { turn, credType, recordedHmac } = msg;
    const headers: Array<[string, string]> = [];
    for (const [k, v] of turn?.client.headers ?? []) if (!NOT_COPIED.has(k.toLowerCase())) headers.push([k, v]);
    headers.push(['Content-Type', contentType]);
    if (credType === CRED_TYPE.hmac || (recordedHmac && !this.challengedType)) {
      const cred = this.cred;
      if (cred)
        headers.push(['x-syncml-hmac', hmacHeader(cred.user, cred.credential.password, nonceBytes(this.nonce), body)]);
      else if (recordedHmac) headers.push(['x-syncml-hmac', recordedHmac]);
    }
    return headers;
  }

  /** Sends one message and reads the answer; undefined when the replay ended (failure or abort set). */
  async sendOne(msg: Element, fields: Partial<LiveMessage>, o: Outgoing): Promise<Answer | undefined> {
    const { result, url, opts } = this;
    const encoding = o.encoding;
    const body = encodeTree(msg, encoding);
    const contentType = contentTypeFor(encoding, o.turn?.client.contentType);
    const headers = this.httpHeaders(body, contentType, o);
    const sent: LiveMessage = {
      direction: 'client',
      tree: msg,
      raw: body,
      encoding,
      contentType,
      headers,
      time: Date.now(),
      url,
      ...fields,
    };
    result.live.push(sent);
    const here = packageName(sent.package, 'client', Number(msgIdOf(msg) ?? this.msgId));
    // A Chal the device sends the server: the server's next credentials use its nonce (DM Security §5.1).
    const myHdrStatus = hdrStatusOf(msg);
    const myChal = myHdrStatus ? chalOf(myHdrStatus) : undefined;
    if (myChal?.nextNonce !== undefined) {
      this.serverNonce = myChal.nextNonce;
      this.serverNonceFrom = `the nonce the device issued in ${here}`;
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
    return this.readServerMessage(msg, res, here);
  }

  /** The live server's HTTP answer as a SyncML message; undefined (failure or abort set) when it is none. */
  readServerMessage(msg: Element, res: HttpAnswer, here: string): Answer | undefined {
    const result = this.result;
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
    // A cut or broken answer (error-level reader problem) is not replayed on: the rest would be guessed.
    const broken = dec.problems.find((p) => p.severity === 'error');
    const rootName = dec.root?.name;
    if (!isSyncML(dec.root) || broken) {
      result.outcome = 'failed';
      const p = broken ?? dec.problems[0];
      const where = p
        ? p.offset !== undefined
          ? ` (offset ${p.offset})`
          : p.line !== undefined
            ? ` (line ${p.line})`
            : ''
        : '';
      const type = `Content-Type ${resType ?? 'none'}`;
      result.failure = isSyncML(dec.root)
        ? `the server's answer to ${here} is not a whole SyncML message (${type}): ${p!.message}${where}`
        : `the server's answer to ${here} is not a SyncML message (${type}` +
          `${rootName ? `, root element ${rootName}` : ''})${p ? `: ${p.message}${where}` : ''}`;
      return undefined;
    }
    this.serverMsgs++;
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
    this.checkServerCredentials(dec.root, res, here);
    const limits = sizeLimits(dec.root);
    if (limits.maxMsgSize !== undefined) this.liveMaxMsgSize = limits.maxMsgSize;
    if (limits.maxObjSize !== undefined) this.liveMaxObjSize = limits.maxObjSize;
    return { L: dec.root, got };
  }

  /** The live server's Cred and x-syncml-hmac checked against its credentials entry (DM Security §5). */
  checkServerCredentials(root: Element, res: HttpAnswer, here: string): void {
    const { serverEntry, result } = this;
    const checks = serverEntry
      ? checkServerCredentials(root, res.body, res.headers, {
          user: serverEntry.user,
          password: serverEntry.credential.password,
          nonce: nonceBytes(this.serverNonce),
          nonceFrom: this.serverNonceFrom,
        })
      : [];
    for (const c of checks) {
      if (c.ok === false)
        result.notes.push(
          serverAuthMismatch(
            c,
            `server msg ${this.serverMsgs} (the answer to ${here})`,
            this.serverNonceFrom,
            serverEntry!.id,
          ),
        );
      else if (c.ok === undefined)
        result.info.push(
          `the live server's ${c.what} is not verified (only syncml:auth-basic and syncml:auth-md5 are)`,
        );
    }
    if (
      !serverEntry &&
      !this.warnedNoServerCred &&
      (credOf(root) || headerValue(res.headers, 'x-syncml-hmac') !== undefined)
    ) {
      this.warnedNoServerCred = true;
      result.info.push(
        `the live server's credentials are not verified: no server credentials (--credentials or DMTRACE_SERVER_*)`,
      );
    }
  }

  /** What the live answer means for the next message; 'stop' when the session is over. */
  handleAnswer(out: Element, msg: Outgoing, answer: Answer): 'stop' | 'go' {
    const { result, turns } = this;
    const { turn, what } = msg;
    const kind = this.kind;
    const aborting = hasAlert(out, '1223');
    const { L, got } = answer;
    this.lastLive = L;

    // Which recorded server message this live one stands for.
    let expected = turn && kind !== 'next' ? turn.answer : this.serverChunks.length ? this.chunksStandFor : undefined;
    if (this.collectServerChunk(out, L, got, expected)) return 'go';
    const M = this.mergeServerChunks(out, L, got);
    const liveChal = isChallenge(L);
    const recChal = expected ? isChallenge(expected.tree) : false;
    const hdrSt = hdrStatusOf(L);
    const chal = hdrSt ? chalOf(hdrSt) : undefined;
    if (chal?.nextNonce !== undefined) this.nonce = chal.nextNonce;
    if (liveChal && !recChal) return this.retryAfterChallenge(L, got, hdrSt, chal, what);
    if (liveChal && chal) this.challengedType = chal.type;
    if (recChal && !liveChal && turns[this.t + 1]) {
      // The recording has a challenge round the live server skipped: its resent Package 1 is not sent.
      result.notes.push(`the live server accepted ${what} without the challenge the recording has`);
      this.t++;
      expected = turns[this.t]!.answer;
    }
    if (expected) this.compareServerCredentials(expected, L, M, got);
    const match = mapPeerMessage(this.peer, expected?.tree, M);
    if (match.unexpected.length) this.pending = { cmds: match.unexpected, msgRef: msgIdOf(L) ?? '' };
    this.followRespURI(L);

    if (hasAlert(L, '1223') || aborting) {
      result.outcome = 'aborted';
      return 'stop';
    }
    return this.nextAfterAnswer(L, got, expected, liveChal);
  }

  /**
   * A large object the live server sends in chunks where the recording has it whole: pulled with
   * 213 + Alert 1222, put back together, and the whole compared with the recording. True when `L`
   * is such a chunk (the next message pulls the rest).
   */
  collectServerChunk(out: Element, L: Element, got: LiveMessage, expected: Turn['answer']): boolean {
    if (!(hasMoreData(L) && !(expected && hasMoreData(expected.tree)))) return false;
    if (!this.serverChunks.length) this.chunksStandFor = expected;
    this.serverChunks.push(L);
    got.transport = true;
    if (this.kind === 'next') this.chunkPulls.add(msgIdOf(out) ?? '');
    if (this.kind === 'turn' || this.kind === 'retry') this.t++;
    this.kind = 'next';
    return true;
  }

  /** The last chunk of the live server's large object: the chunks merged into one message to compare (else `L`). */
  mergeServerChunks(out: Element, L: Element, got: LiveMessage): Element {
    if (!this.serverChunks.length) return L;
    const result = this.result;
    this.chunkPulls.add(msgIdOf(out) ?? '');
    const m = mergeChunks([...this.serverChunks, L], this.chunkPulls);
    this.serverChunks = [];
    this.chunkPulls.clear();
    got.compareAs = m.merged;
    if (m.declared !== undefined && m.declared !== m.received)
      result.notes.push(
        `the live server's chunked object is ${m.received} bytes, its Meta Size says ${m.declared} (DM Protocol §7: 424)`,
      );
    result.info.push(
      `the live server sent ${packageName(this.chunksStandFor?.package, 'server', this.serverMsgs)} in chunks the recording does not have; compared reassembled`,
    );
    return m.merged;
  }

  /** A live challenge the recording does not have (DM Protocol §9): Package 1 is sent again with credentials, up to maxChallenges. */
  retryAfterChallenge(
    L: Element,
    got: LiveMessage,
    hdrSt: Element | undefined,
    chal: ReturnType<typeof chalOf>,
    what: string,
  ): 'stop' | 'go' {
    const result = this.result;
    got.package = 2;
    mapPeerMessage(this.peer, undefined, L);
    this.challenges++;
    const challenges = this.challenges;
    result.notes.push(
      `the live server challenged ${what} (SyncHdr ${textAt(hdrSt, 'Data')}${chal ? `, Chal ${chal.type}` : ''}) where the recording has no challenge`,
    );
    if (challenges >= this.maxChallenges) {
      result.outcome = 'failed';
      result.failure = `authentication failed: the live server challenged ${what} again after ${challenges - 1} retr${challenges === 2 ? 'y' : 'ies'} with credentials`;
      return 'stop';
    }
    if (chal) this.challengedType = chal.type;
    // DM Protocol §9: resend the challenged message (Package 1) with credentials for the live Chal.
    this.kind = 'retry';
    return 'go';
  }

  /** Credentials the recorded server sent and the live one leaves out (DM Security §5). */
  compareServerCredentials(expected: NonNullable<Turn['answer']>, L: Element, M: Element, got: LiveMessage): void {
    const result = this.result;
    got.recIndex = expected.index;
    if (expected.package !== undefined) got.package = expected.package;
    const recCred = credOf(expected.tree);
    const label = packageName(got.package, 'server', this.serverMsgs);
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

  /** SyncHdr RespURI: the URL of the next message. */
  followRespURI(L: Element): void {
    const respURI = textAt(L, 'SyncHdr', 'RespURI');
    if (!respURI) return;
    try {
      this.url = new URL(respURI, this.url).toString();
    } catch {
      this.result.notes.push(`the live server's RespURI "${respURI}" is not a URL; kept ${this.url}`);
    }
  }

  /** After an answer: pull the rest of the server's package, move on in the recording, or stop at the session's end. */
  nextAfterAnswer(L: Element, got: LiveMessage, expected: Turn['answer'], liveChal: boolean): 'stop' | 'go' {
    const { result, turns, kind } = this;
    // A server message without Final that is not itself pulling our next message (Alert 1222) and
    // that the recording does not pull either: the rest of the server's package is pulled.
    const recordedPull = !!turns[this.t + 1] && kind === 'turn' && isNextMessageRequest(turns[this.t + 1]!.client.tree);
    if (!isFinal(L) && !isNextMessageRequest(L) && !recordedPull) {
      // Multiple messages (DM Protocol §8.1 / docs/dm-facts.md §8.1): pull the rest with Alert 1222.
      if (expected && isFinal(expected.tree))
        result.notes.push(
          `the live server split ${packageName(got.package, 'server', this.serverMsgs)} over several messages where the recording has one`,
        );
      if (kind === 'turn') this.t++;
      this.kind = 'next';
      return 'go';
    }
    // After a recorded message the recording moves on; after a pull or an extra answer it stays.
    if (kind === 'turn' || kind === 'retry') this.t++;
    this.kind = 'turn';
    if (isFinal(L) && !needsAnswer(L) && !liveChal) {
      const left = turns.length - this.t;
      if (left > 0)
        result.notes.push(
          `the live server ended the session after ${packageName(got.package, 'server', this.serverMsgs)}; the recording has ${left} more client message${left === 1 ? '' : 's'}`,
        );
      return 'stop';
    }
    return 'go';
  }
}

type ChunkPlan = NonNullable<ReturnType<typeof planChunks>>;
type HttpAnswer = Awaited<ReturnType<typeof post>>;

/** The message's Status for a SyncHdr replaced by one for the live server's last SyncHdr, first in SyncBody. */
function replaceSyncHdrStatus(out: Element, lastLive: Element, ns: string): void {
  const body = bodyOf(out)!;
  body.children = body.children.filter(
    (n) => !(n.kind === 'element' && n.name === 'Status' && textAt(n, 'Cmd') === 'SyncHdr'),
  );
  body.children.unshift(syncHdrStatus(lastLive, ns));
}

export async function replayAsClient(rec: Recording, opts: ClientReplayOptions): Promise<ReplayResult> {
  return new ClientReplay(rec, opts).run();
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
