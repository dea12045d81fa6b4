/**
 * One device's session with the replaying server: each incoming device message is matched with
 * the next recorded client message and answered with the recorded server message, rewritten for
 * this device and session (SessionID and device as the device sent them, MsgID, references to the
 * device's actual CmdIDs, fresh NextNonce, server credentials recomputed; rewrite.ts).
 *
 * A device that diverges gets a well-formed SyncML answer, never a hang: wrong or missing
 * credentials → SyncHdr 401/407 with a Chal and a fresh nonce (DM Protocol §9, docs/dm-facts.md §6.2);
 * commands the recording does not have → a Status with the fitting code; a device that goes on
 * after the recording ends → statuses and Alert 1223 (session abort, docs/dm-facts.md §8.3).
 */
import type { Element } from '../model/tree.js';
import type { Credentials } from '../auth/credentials.js';
import { deviceCredential, serverCredential } from '../auth/credentials.js';
import { encodeBasic } from '../auth/basic.js';
import { md5Digest } from '../auth/md5.js';
import type { Encoding } from '../syncml/types.js';
import {
  alertElement,
  appendCommands,
  chalElement,
  chalOf,
  childAt,
  childText,
  cloneTree,
  commandsOf,
  contentTypeFor,
  credOf,
  dataOf,
  encodeTree,
  hdrStatusOf,
  isFinal,
  isHdrStatus,
  messageSkeleton,
  msgIdOf,
  sessionIdOf,
  setChalNonce,
  setFinal,
  retypeEmbedded,
  sourceOf,
  statusElement,
  syncHdrStatus,
  targetOf,
  textAt,
  walk,
} from './dm.js';
import { hdrCode, headerValue, turnsOf, type RecordedMessage, type Recording, type Turn } from './recording.js';
import {
  CRED_TYPE,
  freshNonce,
  hmacHeader,
  mapPeerMessage,
  newPeerMap,
  nonceBytes,
  renumberCmdIds,
  rewriteHeader,
  rewriteReferences,
  setCredential,
} from './rewrite.js';
import { packageName, type LiveMessage, type ReplayResult } from './live.js';
import {
  chunkCommand,
  collapseChunks,
  hasMoreData,
  largestItem,
  mergeChunks,
  planChunks,
  planFromPieces,
  sizeLimits,
  type ChunkPlan,
} from './large-object.js';
import { childElements } from '../model/tree.js';

function hasMoreDataItem(c: Element): boolean {
  return childElements(c, 'Item').some((it) => it.children.some((x) => x.kind === 'element' && x.name === 'MoreData'));
}

export interface ServerSessionOptions {
  credentials?: Credentials;
  encoding?: Encoding;
  /** The URL devices reach this server at: a recorded RespURI is rewritten to this origin. */
  baseUrl?: string;
}

/** Codes for device commands the recording does not have (DM Protocol §8.3: a client sends only Alert, Replace, Results, Status; docs/dm-facts.md §3.3, §4). */
export const UNEXPECTED_CODES = {
  /** Client alerts a server knows (1200/1201 session, 1222 next message, 1223 abort, 1224 client event, 1226 generic alert). */
  knownAlert: '200',
  unknownAlert: '406',
  replace: '200',
  /** Commands a client must not send. */
  notAllowed: '405',
} as const;
const CLIENT_ALERTS = new Set(['1200', '1201', '1222', '1223', '1224', '1226']);

export interface Answer {
  body: Uint8Array;
  contentType: string;
  headers: Array<[string, string]>;
  /** The session ended with this answer. */
  done: boolean;
}

export class ServerSession {
  readonly turns: Turn[];
  private t = 0;
  private msgId = 0;
  private readonly peer = newPeerMap();
  /** Nonce this server issued in its last Chal (b64): the device's next MD5/HMAC credential uses it. */
  private issuedNonce: string | undefined;
  /** Nonce the device issued to this server (b64): our next server credential uses it. */
  private clientNonce: string | undefined;
  private warned = new Set<string>();
  /** Chunk messages of a large object the recording has whole, waiting for the last chunk. */
  private chunks: Element[] = [];
  /** The device's MaxMsgSize (SyncHdr Meta), in force until it sends a new one. */
  private deviceMaxMsgSize: number | undefined;
  /** The device's MaxObjSize (SyncHdr Meta), in force until it sends a new one (docs/dm-facts.md §8.2). */
  private deviceMaxObjSize: number | undefined;
  /** An answer being sent in chunks: the plan, the next piece, whether the session ends after it. */
  private outgoing:
    { plan: ChunkPlan; next: number; doneAfter: boolean; encoding: Encoding; contentType: string } | undefined;
  /** MsgIDs of this server's answers to those chunks (213 + Alert 1222). */
  private readonly chunkReplies = new Set<string>();
  readonly result: ReplayResult;
  done = false;
  readonly started = Date.now();
  /** When this session last answered (ms since the epoch), for idle eviction. */
  lastActivity = Date.now();

  constructor(
    readonly rec: Recording,
    readonly device: string,
    sessionId: string,
    private readonly opts: ServerSessionOptions,
  ) {
    // Large objects the recording has in chunks are answered whole, split for this device (DM Protocol §7).
    const view = collapseChunks(rec);
    this.turns = turnsOf(view);
    this.result = {
      recording: rec.id,
      device,
      sessionId,
      live: [],
      notes: [],
      info: [],
      outcome: 'completed',
      roundTrips: [],
    };
    if (view !== rec) this.result.recordedView = view.messages;
    const recordedDevice = this.turns[0] ? sourceOf(this.turns[0].client.tree) : undefined;
    if (recordedDevice !== undefined && recordedDevice !== device)
      this.result.identity = { live: device, recorded: recordedDevice };
    const dc = opts.credentials ? deviceCredential(opts.credentials, device) : undefined;
    this.issuedNonce = dc?.credential.nonce;
    const sc = opts.credentials ? serverCredential(opts.credentials, this.serverId()) : undefined;
    this.clientNonce = sc?.credential.nonce;
  }

  private serverId(): string {
    const firstServer = this.rec.messages.find((m) => m.direction === 'server');
    return (firstServer && sourceOf(firstServer.tree)) ?? this.rec.server;
  }

  private note(line: string, once?: string, info = false): void {
    if (once) {
      if (this.warned.has(once)) return;
      this.warned.add(once);
    }
    (info ? this.result.info : this.result.notes).push(line);
  }

  /** The device message this session waits for: `Package 3 (client msg 2)`. */
  expectedNext(): string {
    const n = this.result.live.filter((m) => m.direction === 'client').length + 1;
    return packageName(
      this.outgoing ? this.turns[this.t - 1]?.client.package : this.turns[this.t]?.client.package,
      'client',
      n,
    );
  }

  /** True when `L` starts the session anew (MsgID 1 with Alert 1200/1201) after this state has moved past Package 1. */
  startsOver(L: Element): boolean {
    if (this.t === 0 || msgIdOf(L) !== '1') return false;
    if (!commandsOf(L).some((c) => c.name === 'Alert' && (dataOf(c) === '1200' || dataOf(c) === '1201'))) return false;
    const turn = this.turns[this.t];
    return !turn || msgIdOf(turn.client.tree) !== '1';
  }

  /** Answers one decoded device message. `raw`/`headers` are the request as received. */
  answer(
    L: Element,
    raw: Uint8Array,
    reqHeaders: Array<[string, string]>,
    contentType: string | undefined,
    encodingIn: Encoding,
  ): Answer {
    const liveIn = this.recordIncoming(L, raw, reqHeaders, contentType, encodingIn);
    const n = this.result.live.filter((m) => m.direction === 'client').length;
    this.readDeviceChallenge(L);
    this.readSizeLimits(L);
    // The device pulls the next chunk of an answer that did not fit its MaxMsgSize (DM Protocol §7).
    if (this.outgoing && commandsOf(L).some((c) => c.name === 'Alert' && dataOf(c) === '1222'))
      return this.nextPart(L, liveIn);

    const turn = this.turns[this.t];
    if (!turn || this.done) return this.abortAfterRecording(L, n);
    if (turn.client.package !== undefined) liveIn.package = turn.client.package;

    // A large object in chunks the recording does not have (DM Protocol §7): each chunk but the
    // last gets 213 and Alert 1222; the last one is answered for the whole, reassembled message.
    if (hasMoreData(L) && !hasMoreData(turn.client.tree)) return this.acknowledgeChunk(L, liveIn, turn);
    const M = this.reassembledMessage(L, liveIn, n);
    liveIn.recIndex = turn.client.index;

    // Credentials (DM Security §5): verified when the recorded server accepted the recorded ones.
    const verdict = this.verify(turn, M, raw, reqHeaders, n);
    if (verdict) {
      delete liveIn.recIndex;
      return this.challenge(L, verdict);
    }

    const match = mapPeerMessage(this.peer, turn.client.tree, M);
    this.t++;
    // The recording ends with this client message (an abort, a cut): statuses only.
    const out = turn.answer ? this.recordedAnswer(L, turn.answer) : this.synthetic(L, '200');
    this.appendUnexpectedStatuses(L, out, match.unexpected);
    this.endIfLastOrAborted(L, out);
    return this.finish(out, turn.answer);
  }

  /** The device message as received, in the live session. */
  private recordIncoming(
    L: Element,
    raw: Uint8Array,
    reqHeaders: Array<[string, string]>,
    contentType: string | undefined,
    encodingIn: Encoding,
  ): LiveMessage {
    const liveIn: LiveMessage = {
      direction: 'client',
      tree: L,
      raw,
      encoding: encodingIn,
      contentType: contentType ?? contentTypeFor(encodingIn),
      headers: reqHeaders,
      time: Date.now(),
    };
    this.result.live.push(liveIn);
    return liveIn;
  }

  /** The device's challenge to us (SyncHdr Status Chal): its nonce is what our next server credential uses. */
  private readDeviceChallenge(L: Element): void {
    const devHdrStatus = hdrStatusOf(L);
    const devChal = devHdrStatus ? chalOf(devHdrStatus) : undefined;
    if (devChal?.nextNonce !== undefined) this.clientNonce = devChal.nextNonce;
  }

  /** The device's MaxMsgSize / MaxObjSize (SyncHdr Meta), in force until it sends new ones. */
  private readSizeLimits(L: Element): void {
    const limits = sizeLimits(L);
    if (limits.maxMsgSize !== undefined) this.deviceMaxMsgSize = limits.maxMsgSize;
    if (limits.maxObjSize !== undefined) this.deviceMaxObjSize = limits.maxObjSize;
  }

  /** A device that goes on after the recording ends: statuses and Alert 1223 (session abort, docs/dm-facts.md §8.3). */
  private abortAfterRecording(L: Element, n: number): Answer {
    this.note(`the device sent client msg ${n} after the recording ended: answered with Alert 1223 (session abort)`);
    const out = this.synthetic(L, '200');
    appendCommands(out, [alertElement('1223', L.namespace)]);
    this.done = true;
    this.result.outcome = 'aborted';
    return this.finish(out, undefined);
  }

  /** A chunk of a large object the recording has whole (DM Protocol §7): SyncHdr Status 200, 213 for each chunked command, Alert 1222. */
  private acknowledgeChunk(L: Element, liveIn: LiveMessage, turn: Turn): Answer {
    const ns = L.namespace;
    this.chunks.push(L);
    liveIn.transport = true;
    const msgRef = msgIdOf(L) ?? '';
    const out = messageSkeleton(
      {
        sessionId: sessionIdOf(L) ?? this.result.sessionId,
        msgId: '0',
        target: sourceOf(L) ?? this.device,
        source: targetOf(L) ?? this.serverId(),
      },
      ns,
    );
    const cmds: Element[] = [syncHdrStatus(L, ns)];
    for (const c of commandsOf(L))
      if (hasMoreDataItem(c))
        cmds.push(statusElement({ msgRef, cmdRef: childText(c, 'CmdID') ?? '', cmd: c.name, code: '213' }, ns));
    cmds.push(alertElement('1222', ns));
    appendCommands(out, cmds);
    const a = this.finish(out, undefined, turn.answer?.package, true);
    this.chunkReplies.add(String(this.msgId));
    return a;
  }

  /** The device message with the chunks before it merged into one (DM Protocol §7), or `L` itself when there were none. */
  private reassembledMessage(L: Element, liveIn: LiveMessage, n: number): Element {
    if (!this.chunks.length) return L;
    const m = mergeChunks([...this.chunks, L], this.chunkReplies);
    this.chunks = [];
    this.chunkReplies.clear();
    liveIn.compareAs = m.merged;
    if (m.declared !== undefined && m.declared !== m.received)
      this.note(
        `client msg ${n}: the reassembled object is ${m.received} bytes, its Meta Size says ${m.declared} (DM Protocol §7: 424)`,
      );
    return m.merged;
  }

  /** Wrong or missing credentials: SyncHdr 401/407 with a Chal and a fresh nonce (DM Protocol §9, docs/dm-facts.md §6.2). */
  private challenge(L: Element, verdict: { code: string; type: string }): Answer {
    const ns = L.namespace;
    const type = verdict.type;
    const nonce = freshNonce();
    this.issuedNonce = nonce;
    const out = this.synthetic(L, verdict.code, chalElement(type, type === CRED_TYPE.basic ? undefined : nonce, ns));
    return this.finish(out, undefined, 2);
  }

  /** The recorded server message for this device and session: SyncHdr rewritten, CmdRefs to the device's CmdIDs, fresh Chal nonces. */
  private recordedAnswer(L: Element, recorded: RecordedMessage): Element {
    const out = cloneTree(recorded.tree);
    const newResp = this.respURIFor(out);
    rewriteHeader(out, {
      sessionId: sessionIdOf(L) ?? this.result.sessionId,
      msgId: String(++this.msgId),
      target: sourceOf(L) ?? this.device,
      ...(targetOf(L) !== undefined ? { source: targetOf(L)! } : {}),
      ...(newResp !== undefined ? { respURI: newResp } : {}),
    });
    rewriteReferences(out, this.peer);
    this.freshChalNonces(out);
    return out;
  }

  /** A recorded RespURI moved to the origin devices reach this server at (`baseUrl`). */
  private respURIFor(out: Element): string | undefined {
    const respURI = textAt(out, 'SyncHdr', 'RespURI');
    if (respURI === undefined || !this.opts.baseUrl) return undefined;
    try {
      const u = new URL(respURI, this.opts.baseUrl);
      const base = new URL(this.opts.baseUrl);
      return `${base.origin}${u.pathname}${u.search}`;
    } catch {
      return undefined;
    }
  }

  /** Fresh nonces in every Chal this server sends (DM Security §5.1: a new nonce per session / per message for HMAC). */
  private freshChalNonces(out: Element): void {
    for (const c of walk(commandsOf(out))) {
      if (c.name !== 'Status' || !childAt(c, 'Chal')) continue;
      const ch = chalOf(c);
      if (ch?.nextNonce === undefined) continue;
      const nonce = freshNonce();
      setChalNonce(c, nonce);
      if (isHdrStatus(c)) this.issuedNonce = nonce;
    }
  }

  /** Device commands the recording does not have: a Status with the fitting code. */
  private appendUnexpectedStatuses(L: Element, out: Element, unexpected: Element[]): void {
    const ns = L.namespace;
    const extra: Element[] = [];
    const msgRef = msgIdOf(L) ?? '';
    for (const c of unexpected) {
      const code = this.unexpectedCode(c);
      if (code) extra.push(statusElement({ msgRef, cmdRef: childText(c, 'CmdID') ?? '', cmd: c.name, code }, ns));
    }
    if (extra.length) appendCommands(out, extra);
  }

  /** The session ends after the last recorded turn or an Alert 1223 from either side (docs/dm-facts.md §8.3). */
  private endIfLastOrAborted(L: Element, out: Element): void {
    const aborted =
      commandsOf(L).some((c) => c.name === 'Alert' && dataOf(c) === '1223') ||
      commandsOf(out).some((c) => c.name === 'Alert' && dataOf(c) === '1223');
    if (this.t >= this.turns.length || aborted) {
      this.done = true;
      if (aborted) this.result.outcome = 'aborted';
    }
  }

  private unexpectedCode(c: Element): string | undefined {
    switch (c.name) {
      case 'Alert':
        return CLIENT_ALERTS.has(dataOf(c) ?? '') ? UNEXPECTED_CODES.knownAlert : UNEXPECTED_CODES.unknownAlert;
      case 'Replace':
        return UNEXPECTED_CODES.replace;
      case 'Results':
      case 'Status':
        return undefined; // no Status for a 200 Results (docs/dm-facts.md §3.4)
      default:
        return UNEXPECTED_CODES.notAllowed;
    }
  }

  /** Whether the live credentials fail where the recorded ones were accepted; the answer's code and Chal type. */
  private verify(
    turn: Turn,
    L: Element,
    raw: Uint8Array,
    headers: Array<[string, string]>,
    n: number,
  ): { code: string; type: string } | undefined {
    const recCred = credOf(turn.client.tree);
    const recHmac = headerValue(turn.client.headers, 'x-syncml-hmac');
    if (!recCred && !recHmac) return undefined;
    const accepted = turn.answer ? ['200', '212'].includes(hdrCode(turn.answer.tree) ?? '') : false;
    if (!accepted) return undefined;
    const type = recCred?.type ?? CRED_TYPE.hmac;
    const liveCred = credOf(L);
    const liveHmac = headerValue(headers, 'x-syncml-hmac');
    if (type !== CRED_TYPE.hmac && !liveCred) {
      this.note(
        `client msg ${n}: the device sent no credentials where the recording has ${type}: answered 407 with a Chal`,
      );
      return { code: '407', type };
    }
    if (type === CRED_TYPE.hmac && !liveHmac) {
      this.note(
        `client msg ${n}: the device sent no x-syncml-hmac header where the recording has one: answered 407 with a Chal`,
      );
      return { code: '407', type };
    }
    const dc = this.opts.credentials ? deviceCredential(this.opts.credentials, this.device) : undefined;
    if (!dc) {
      this.note(
        `client credentials not verified: no credentials for ${this.device} (--credentials or DMTRACE_CLIENT_*)`,
        'no-client-cred',
        true,
      );
      return undefined;
    }
    const nonce = nonceBytes(this.issuedNonce);
    let ok: boolean;
    let what: string;
    if (type === CRED_TYPE.hmac) {
      const user = /username="([^"]*)"/.exec(liveHmac ?? '')?.[1] ?? dc.user;
      ok =
        liveHmac !== undefined &&
        liveHmac.replace(/\s+/g, '') === hmacHeader(user, dc.credential.password, nonce, raw).replace(/\s+/g, '');
      what = 'HMAC';
    } else if (liveCred!.type !== type) {
      ok = false;
      what = `${liveCred!.type} (the recording has ${type})`;
    } else if (type === CRED_TYPE.basic) {
      ok = liveCred!.data === encodeBasic(dc.user, dc.credential.password);
      what = 'basic credential';
    } else if (type === CRED_TYPE.md5) {
      ok = liveCred!.data === md5Digest(dc.user, dc.credential.password, nonce);
      what = 'MD5 digest';
    } else {
      this.note(`client credentials of type ${type} are not verified`, `type-${type}`, true);
      return undefined;
    }
    if (ok) return undefined;
    this.note(
      `client msg ${n}: the device's ${what} does not verify${type === CRED_TYPE.basic ? '' : ' with the nonce this server issued'}: answered 401 with a Chal and a fresh nonce`,
    );
    return { code: '401', type };
  }

  /** A message with a SyncHdr Status `code` (and Chal) and the same code for every command that needs a Status. */
  private synthetic(L: Element, code: string, chal?: Element): Element {
    const ns = L.namespace;
    const out = messageSkeleton(
      {
        sessionId: sessionIdOf(L) ?? this.result.sessionId,
        msgId: '0',
        target: sourceOf(L) ?? this.device,
        source: targetOf(L) ?? this.serverId(),
      },
      ns,
    );
    const msgRef = msgIdOf(L) ?? '';
    const cmds: Element[] = [syncHdrStatus(L, ns, code, chal)];
    for (const c of commandsOf(L)) {
      if (c.name === 'Status' || c.name === 'Results') continue;
      cmds.push(
        statusElement(
          {
            msgRef,
            cmdRef: childText(c, 'CmdID') ?? '',
            cmd: c.name,
            code: code === '200' ? (this.unexpectedCode(c) ?? '200') : code,
          },
          ns,
        ),
      );
    }
    appendCommands(out, cmds);
    const body = out.children.find((x): x is Element => x.kind === 'element' && x.name === 'SyncBody')!;
    body.children.push({ kind: 'element', name: 'Final', namespace: ns, children: [], pos: {} });
    return out;
  }

  /**
   * DM Protocol §7 (docs/dm-facts.md §8.2): the recipient of a MaxObjSize MUST NOT send any single object
   * larger than it. A recorded command carrying such an object cannot be sent to this device: it
   * is left out of the answer (the rest of the message and the session go on) and reported as a
   * divergence. The size is the Data as carried (Meta Size's unit: the base64 text for b64).
   */
  private dropOversized(out: Element): number {
    const max = this.deviceMaxObjSize;
    if (max === undefined) return 0;
    let dropped = 0;
    const drop = (parent: Element): void => {
      parent.children = parent.children.filter((c) => {
        if (c.kind !== 'element') return true;
        if (c.name === 'Atomic' || c.name === 'Sequence') {
          drop(c);
          return true;
        }
        if (c.name === 'Status' || c.name === 'Results') return true;
        const over = largestItem(c);
        if (!over || over.size <= max) return true;
        this.note(
          `server msg ${this.msgId}: ${c.name} ${over.uri} carries an object of ${over.size} bytes, over the device's MaxObjSize ${max} (DM Protocol §7): not sent, the session goes on without it`,
        );
        dropped++;
        return false;
      });
    };
    const body = out.children.find((c): c is Element => c.kind === 'element' && c.name === 'SyncBody');
    if (body) drop(body);
    return dropped;
  }

  /** The next part of a chunked answer, for the device's Alert 1222. */
  private nextPart(L: Element, liveIn: LiveMessage): Answer {
    const o = this.outgoing!;
    liveIn.transport = true;
    const ns = L.namespace;
    const msgRef = msgIdOf(L) ?? '';
    const part = cloneTree(o.plan.first);
    const body = part.children.find((c): c is Element => c.kind === 'element' && c.name === 'SyncBody')!;
    body.children = [];
    rewriteHeader(part, { msgId: String(++this.msgId) });
    const last = o.next === o.plan.pieces.length - 1;
    const cmds: Element[] = [syncHdrStatus(L, ns)];
    for (const c of commandsOf(L))
      if (c.name === 'Alert')
        cmds.push(statusElement({ msgRef, cmdRef: childText(c, 'CmdID') ?? '', cmd: 'Alert', code: '200' }, ns));
    cmds.push(chunkCommand(o.plan, o.next));
    if (last) cmds.push(...o.plan.rest);
    appendCommands(part, cmds);
    setFinal(part, last && o.plan.final);
    renumberCmdIds(part);
    o.next++;
    if (last) {
      this.outgoing = undefined;
      this.done = o.doneAfter;
    }
    const body2 = encodeTree(part, o.encoding);
    const m: LiveMessage = {
      direction: 'server',
      tree: part,
      raw: body2,
      encoding: o.encoding,
      contentType: o.contentType,
      headers: [['Content-Type', o.contentType]],
      time: Date.now(),
      httpStatus: 200,
      transport: true,
    };
    this.result.live.push(m);
    return { body: body2, contentType: o.contentType, headers: [['Content-Type', o.contentType]], done: this.done };
  }

  private finish(out: Element, recorded: Turn['answer'], pkg?: number, transport = false): Answer {
    if (!recorded) rewriteHeader(out, { msgId: String(++this.msgId) });
    this.recomputeServerCred(out);
    if (!transport) this.applyMaxObjSize(out);
    renumberCmdIds(out);
    const encoding: Encoding =
      this.opts.encoding ?? recorded?.encoding ?? this.result.live[this.result.live.length - 1]?.encoding ?? 'xml';
    if (this.opts.encoding) retypeEmbedded(out, encoding);
    const contentType = contentTypeFor(encoding, recorded?.contentType);
    const plan = transport ? undefined : this.planForMaxMsgSize(out, recorded, encoding, contentType);
    const logical = plan ? out : undefined;
    if (plan) out = plan.first;
    const body = encodeTree(out, encoding);
    const headers = this.answerHeaders(recorded, contentType, body);
    const m: LiveMessage = {
      direction: 'server',
      tree: out,
      raw: body,
      encoding,
      contentType,
      headers,
      time: Date.now(),
      httpStatus: 200,
    };
    if (transport) m.transport = true;
    if (logical) m.compareAs = logical;
    if (recorded) {
      m.recIndex = recorded.index;
      if (recorded.package !== undefined) m.package = recorded.package;
    } else if (pkg !== undefined) m.package = pkg;
    this.result.live.push(m);
    this.lastActivity = Date.now();
    return { body, contentType, headers, done: this.done };
  }

  /** Server credentials recomputed for the nonce the device issued (DM Security §5). */
  private recomputeServerCred(out: Element): void {
    const recCred = credOf(out);
    if (!recCred) return;
    const sc = this.opts.credentials ? serverCredential(this.opts.credentials, this.serverId()) : undefined;
    if (sc) setCredential(out, recCred.type, sc.user, sc.credential.password, nonceBytes(this.clientNonce));
    else
      this.note(
        `server credentials not recomputed: no credentials for ${this.serverId()} (--credentials or DMTRACE_SERVER_*); the recorded Cred is sent`,
        'no-server-cred',
        true,
      );
  }

  /** Objects over the device's MaxObjSize left out (DM Protocol §7); the session ends when nothing is left to answer. */
  private applyMaxObjSize(out: Element): void {
    if (
      this.dropOversized(out) &&
      isFinal(out) &&
      !this.done &&
      commandsOf(out).every((c) => c.name === 'Status' || c.name === 'Results')
    ) {
      // Nothing left for the device to answer: it MUST NOT send a message of just a SyncHdr Status, the session ends (docs/dm-facts.md §8.1).
      this.done = true;
      this.note(`server msg ${this.msgId} has nothing left for the device to answer: the session ends with it`);
    }
  }

  /**
   * An answer over the device's MaxMsgSize goes in chunks (DM Protocol §7); the device pulls the rest.
   * An object the recording has in chunks keeps the recorded boundaries while they fit, else is split afresh.
   * The plan whose first message is sent now, or undefined when the answer goes whole.
   */
  private planForMaxMsgSize(
    out: Element,
    recorded: Turn['answer'],
    encoding: Encoding,
    contentType: string,
  ): ChunkPlan | undefined {
    const asRecorded = recorded?.chunks
      ? planFromPieces(out, recorded.chunks, encoding, this.deviceMaxMsgSize)
      : undefined;
    const plan =
      asRecorded ??
      (this.deviceMaxMsgSize !== undefined ? planChunks(out, encoding, this.deviceMaxMsgSize) : undefined);
    if (plan) {
      this.outgoing = { plan, next: 1, doneAfter: this.done, encoding, contentType };
      this.done = false;
      const how = asRecorded
        ? 'as recorded'
        : `chunked for the device's MaxMsgSize ${this.deviceMaxMsgSize}${recorded?.chunks ? ` (the recording has ${recorded.chunks.length} chunks)` : ''}`;
      this.note(
        `server msg ${this.msgId}: sent in ${plan.pieces.length} messages, an object of ${plan.size} bytes ${how}`,
        undefined,
        true,
      );
    } else if (this.deviceMaxMsgSize !== undefined) {
      const size = encodeTree(out, encoding).length;
      if (size > this.deviceMaxMsgSize)
        this.note(
          `server msg ${this.msgId} is ${size} bytes, over the device's MaxMsgSize ` +
            `${this.deviceMaxMsgSize}, and cannot be chunked to fit (the commands around its largest ` +
            `item do not fit one message): sent whole`,
        );
    }
    return plan;
  }

  /** HTTP headers of an answer: Content-Type, and x-syncml-hmac recomputed over `body` where the recording has one (DM Security §5.1.4.3). */
  private answerHeaders(recorded: Turn['answer'], contentType: string, body: Uint8Array): Array<[string, string]> {
    const headers: Array<[string, string]> = [['Content-Type', contentType]];
    const recHmac = recorded ? headerValue(recorded.headers, 'x-syncml-hmac') : undefined;
    if (recHmac) {
      const sc = this.opts.credentials ? serverCredential(this.opts.credentials, this.serverId()) : undefined;
      if (sc)
        headers.push([
          'x-syncml-hmac',
          hmacHeader(sc.user, sc.credential.password, nonceBytes(this.clientNonce), body),
        ]);
    }
    return headers;
  }
}
