/**
 * SyncML DM messages as element trees, for replay: reading and setting SyncHdr fields, walking
 * SyncBody commands, building the commands a replay adds (Status, Results, Alert, Chal, Cred),
 * and naming a command the way a person reads a diff (`Get ./DevInfo/Mod`, `Status(Get ./DevInfo/Mod)`).
 *
 * Replay works on the element tree (docs/architecture.md "One tree, two encodings"): a recorded message is
 * cloned, its volatile fields rewritten, and the tree re-encoded with writeXml / writeWbxml.
 */
import { NS, child, childElements, element, text, textOf, type Element, type Node } from '../model/tree.js';
import { readXml } from '../xml/read.js';
import { writeXml } from '../xml/write.js';
import { readWbxml } from '../wbxml/read.js';
import { writeWbxml } from '../wbxml/write.js';
import type { Problem } from '../model/problem.js';
import type { Encoding } from '../syncml/types.js';

/** DM MIME types (docs/dm-facts.md §2). */
export const DM_MIME = { xml: 'application/vnd.syncml.dm+xml', wbxml: 'application/vnd.syncml.dm+wbxml' } as const;

/** Deep copy of a tree (opaque bytes copied too; positions shared, they are never changed). */
export function cloneTree(el: Element): Element {
  const out: Element = {
    kind: 'element',
    name: el.name,
    namespace: el.namespace,
    children: el.children.map(cloneNode),
    pos: el.pos,
  };
  if (el.attributes) out.attributes = { ...el.attributes };
  return out;
}

function cloneNode(n: Node): Node {
  if (n.kind === 'element') return cloneTree(n);
  if (n.kind === 'text')
    return n.cdata
      ? { kind: 'text', value: n.value, cdata: true, pos: n.pos }
      : { kind: 'text', value: n.value, pos: n.pos };
  const o: Node = { kind: 'opaque', bytes: new Uint8Array(n.bytes), pos: n.pos };
  if (n.document) o.document = cloneTree(n.document);
  return o;
}

/** Trimmed text of the child `name` of `el`, if present. */
export function childText(el: Element | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const c = child(el, name);
  return c ? textOf(c).trim() : undefined;
}

/** Path of child names: `childAt(hdr, 'Target', 'LocURI')`. */
export function childAt(el: Element | undefined, ...names: string[]): Element | undefined {
  let cur = el;
  for (const n of names) {
    if (!cur) return undefined;
    cur = child(cur, n);
  }
  return cur;
}

export function textAt(el: Element | undefined, ...names: string[]): string | undefined {
  const c = childAt(el, ...names);
  return c ? textOf(c).trim() : undefined;
}

/** Sets the text of `el`'s child `name` (created at the end when missing) to `value`. */
export function setChildText(el: Element, name: string, value: string, namespace = el.namespace): Element {
  let c = child(el, name);
  if (!c) {
    c = element(name, namespace);
    el.children.push(c);
  }
  c.children = [text(value)];
  return c;
}

/** Sets the text at a path of children, creating what is missing. */
export function setTextAt(el: Element, names: string[], value: string): void {
  let cur = el;
  for (const n of names.slice(0, -1)) {
    let c = child(cur, n);
    if (!c) {
      c = element(n, cur.namespace);
      cur.children.push(c);
    }
    cur = c;
  }
  setChildText(cur, names[names.length - 1]!, value);
}

export function removeChildren(el: Element, name: string): void {
  el.children = el.children.filter((c) => !(c.kind === 'element' && c.name === name));
}

export function hdrOf(root: Element): Element | undefined {
  return child(root, 'SyncHdr');
}

export function bodyOf(root: Element): Element | undefined {
  return child(root, 'SyncBody');
}

/** SyncBody commands in order (Final excluded). */
export function commandsOf(root: Element): Element[] {
  const body = bodyOf(root);
  return body ? childElements(body).filter((c) => c.name !== 'Final') : [];
}

/** Commands depth first, those inside Atomic/Sequence after their container. */
export function walk(cmds: readonly Element[]): Element[] {
  const out: Element[] = [];
  for (const c of cmds) {
    out.push(c);
    if (c.name === 'Atomic' || c.name === 'Sequence')
      out.push(...walk(childElements(c).filter((e) => isCommandName(e.name))));
  }
  return out;
}

const COMMAND_NAMES = new Set([
  'Add',
  'Alert',
  'Atomic',
  'Copy',
  'Delete',
  'Exec',
  'Get',
  'Replace',
  'Sequence',
  'Status',
  'Results',
  'Map',
  'Put',
  'Search',
  'Sync',
  'Move',
]);
export function isCommandName(name: string): boolean {
  return COMMAND_NAMES.has(name);
}

export function isFinal(root: Element): boolean {
  const body = bodyOf(root);
  return !!body && !!child(body, 'Final');
}

export function setFinal(root: Element, final: boolean): void {
  const body = bodyOf(root);
  if (!body) return;
  removeChildren(body, 'Final');
  if (final) body.children.push(element('Final', body.namespace));
}

export function msgIdOf(root: Element): string | undefined {
  return textAt(root, 'SyncHdr', 'MsgID');
}

export function sessionIdOf(root: Element): string | undefined {
  return textAt(root, 'SyncHdr', 'SessionID');
}

/** SyncHdr Source/LocURI: the sender (device id for client messages). */
export function sourceOf(root: Element): string | undefined {
  return textAt(root, 'SyncHdr', 'Source', 'LocURI');
}

export function targetOf(root: Element): string | undefined {
  return textAt(root, 'SyncHdr', 'Target', 'LocURI');
}

/** The URIs a command names: Item Target LocURIs, else Item Source LocURIs; TargetRef for Status. */
export function targetsOf(cmd: Element): string[] {
  if (cmd.name === 'Status') return childElements(cmd, 'TargetRef').map((e) => textOf(e).trim());
  const items = childElements(cmd, 'Item');
  const t = items.map((i) => textAt(i, 'Target', 'LocURI')).filter((x): x is string => x !== undefined);
  if (t.length) return t;
  return items.map((i) => textAt(i, 'Source', 'LocURI')).filter((x): x is string => x !== undefined);
}

/** Status code / Alert code (the command's own Data). */
export function dataOf(cmd: Element): string | undefined {
  return childText(cmd, 'Data');
}

/** Item Data values of a command (text). */
export function itemData(cmd: Element): string[] {
  return childElements(cmd, 'Item').map((i) => {
    const d = child(i, 'Data');
    return d ? textOf(d) : '';
  });
}

/** A SyncHdr Status (Cmd SyncHdr, or CmdRef 0 without Cmd). */
export function isHdrStatus(cmd: Element): boolean {
  if (cmd.name !== 'Status') return false;
  const c = childText(cmd, 'Cmd');
  return c ? c === 'SyncHdr' : childText(cmd, 'CmdRef') === '0';
}

/** The SyncHdr Status of a message, if any. */
export function hdrStatusOf(root: Element): Element | undefined {
  return commandsOf(root).find(isHdrStatus);
}

/** Chal Meta of a Status: type, format and the NextNonce as base64. */
export interface ChalInfo {
  type: string;
  format?: string;
  nextNonce?: string;
}

export function metaText(meta: Element | undefined, name: string): string | undefined {
  if (!meta) return undefined;
  const inner = child(meta, 'MetInf') ?? meta;
  const c = child(inner, name);
  if (!c) return undefined;
  // NextNonce may come as WBXML OPAQUE: raw bytes, base64 them (docs/dm-facts.md §1.10).
  if (name === 'NextNonce') {
    const op = c.children.find((n) => n.kind === 'opaque');
    if (op && op.kind === 'opaque') return Buffer.from(op.bytes).toString('base64');
  }
  return textOf(c).trim();
}

export function chalOf(status: Element): ChalInfo | undefined {
  const chal = child(status, 'Chal');
  if (!chal) return undefined;
  const meta = child(chal, 'Meta');
  const out: ChalInfo = { type: metaText(meta, 'Type') ?? 'syncml:auth-basic' };
  const f = metaText(meta, 'Format');
  if (f !== undefined) out.format = f;
  const n = metaText(meta, 'NextNonce');
  if (n !== undefined) out.nextNonce = n;
  return out;
}

/** Sets the NextNonce of a Chal (as text, base64). */
export function setChalNonce(status: Element, nonceB64: string): void {
  const chal = child(status, 'Chal');
  if (!chal) return;
  const meta = child(chal, 'Meta');
  if (!meta) return;
  const inner = child(meta, 'MetInf') ?? meta;
  setChildText(inner, 'NextNonce', nonceB64, NS.MetInf);
}

/** SyncHdr Cred: its type and data. */
export function credOf(root: Element): { type: string; data: string } | undefined {
  const cred = childAt(root, 'SyncHdr', 'Cred');
  if (!cred) return undefined;
  return { type: metaText(child(cred, 'Meta'), 'Type') ?? 'syncml:auth-basic', data: childText(cred, 'Data') ?? '' };
}

const SYNCML = NS.SyncML12;

function el(name: string, children: Node[] = [], ns: string = SYNCML): Element {
  return element(name, ns, children);
}

function tx(name: string, value: string, ns: string = SYNCML): Element {
  return element(name, ns, [text(value)]);
}

function metaOf(fields: Array<[string, string]>, ns: string): Element {
  return el(
    'Meta',
    fields.map(([k, v]) => tx(k, v, NS.MetInf)),
    ns,
  );
}

/** A SyncHdr Cred element (Meta Format b64 + Type, Data). */
export function credElement(type: string, data: string, ns: string = SYNCML): Element {
  return el(
    'Cred',
    [
      metaOf(
        [
          ['Format', 'b64'],
          ['Type', type],
        ],
        ns,
      ),
      tx('Data', data, ns),
    ],
    ns,
  );
}

/** Puts `cred` into the SyncHdr in DTD order (after RespURI/NoResp, before Meta), replacing any. */
export function setHdrCred(root: Element, cred: Element | undefined): void {
  const hdr = hdrOf(root);
  if (!hdr) return;
  removeChildren(hdr, 'Cred');
  if (!cred) return;
  const metaIdx = hdr.children.findIndex((c) => c.kind === 'element' && c.name === 'Meta');
  if (metaIdx >= 0) hdr.children.splice(metaIdx, 0, cred);
  else hdr.children.push(cred);
}

export function chalElement(type: string, nonceB64: string | undefined, ns: string = SYNCML): Element {
  const fields: Array<[string, string]> = [
    ['Format', 'b64'],
    ['Type', type],
  ];
  if (nonceB64 !== undefined) fields.push(['NextNonce', nonceB64]);
  return el('Chal', [metaOf(fields, ns)], ns);
}

/** A Status (DTD order: CmdID, MsgRef, CmdRef, Cmd, TargetRef*, SourceRef*, Chal?, Data, Item*). */
export function statusElement(
  s: {
    msgRef: string;
    cmdRef: string;
    cmd: string;
    targetRefs?: string[];
    sourceRefs?: string[];
    chal?: Element;
    code: string;
    items?: Element[];
  },
  ns: string = SYNCML,
): Element {
  const ch: Node[] = [
    tx('CmdID', '0', ns),
    tx('MsgRef', s.msgRef, ns),
    tx('CmdRef', s.cmdRef, ns),
    tx('Cmd', s.cmd, ns),
  ];
  for (const t of s.targetRefs ?? []) ch.push(tx('TargetRef', t, ns));
  for (const t of s.sourceRefs ?? []) ch.push(tx('SourceRef', t, ns));
  if (s.chal) ch.push(s.chal);
  ch.push(tx('Data', s.code, ns));
  for (const i of s.items ?? []) ch.push(i);
  return el('Status', ch, ns);
}

/**
 * The Status for the SyncHdr of the peer message `to`: CmdRef 0, Cmd SyncHdr, TargetRef and
 * SourceRef from its header (DM Protocol §8; docs/dm-facts.md §8.1), `code` (200 unless said) and
 * an optional Chal (DM Protocol §9).
 */
export function syncHdrStatus(to: Element, ns: string = SYNCML, code = '200', chal?: Element): Element {
  return statusElement(
    {
      msgRef: msgIdOf(to) ?? '',
      cmdRef: '0',
      cmd: 'SyncHdr',
      targetRefs: [targetOf(to) ?? ''],
      sourceRefs: [sourceOf(to) ?? ''],
      code,
      ...(chal ? { chal } : {}),
    },
    ns,
  );
}

/** Results for a Get: one Item per node with Source, Meta Format/Type and Data. */
export function resultsElement(
  msgRef: string,
  cmdRef: string,
  items: Array<{ uri: string; format?: string; type?: string; data: string }>,
  ns: string = SYNCML,
): Element {
  const ch: Node[] = [tx('CmdID', '0', ns), tx('MsgRef', msgRef, ns), tx('CmdRef', cmdRef, ns)];
  for (const i of items) {
    const item: Node[] = [el('Source', [tx('LocURI', i.uri, ns)], ns)];
    const meta: Array<[string, string]> = [];
    if (i.format) meta.push(['Format', i.format]);
    if (i.type) meta.push(['Type', i.type]);
    if (meta.length) item.push(metaOf(meta, ns));
    item.push(tx('Data', i.data, ns));
    ch.push(el('Item', item, ns));
  }
  return el('Results', ch, ns);
}

export function alertElement(code: string, ns: string = SYNCML): Element {
  return el('Alert', [tx('CmdID', '0', ns), tx('Data', code, ns)], ns);
}

/** A message skeleton: SyncHdr from the given fields, empty SyncBody. */
export function messageSkeleton(
  h: { sessionId: string; msgId: string; target: string; source: string },
  ns: string = SYNCML,
): Element {
  const hdr = el(
    'SyncHdr',
    [
      tx('VerDTD', '1.2', ns),
      tx('VerProto', 'DM/1.2', ns),
      tx('SessionID', h.sessionId, ns),
      tx('MsgID', h.msgId, ns),
      el('Target', [tx('LocURI', h.target, ns)], ns),
      el('Source', [tx('LocURI', h.source, ns)], ns),
    ],
    ns,
  );
  return el('SyncML', [hdr, el('SyncBody', [], ns)], ns);
}

/** Appends commands before Final. */
export function appendCommands(root: Element, cmds: Element[]): void {
  const body = bodyOf(root);
  if (!body) return;
  const fi = body.children.findIndex((c) => c.kind === 'element' && c.name === 'Final');
  if (fi >= 0) body.children.splice(fi, 0, ...cmds);
  else body.children.push(...cmds);
}

/** Renumbers every CmdID of the body 1, 2, ... (nested commands included); returns old → new per element. */
export function renumberCmdIds(root: Element): void {
  let n = 0;
  for (const c of walk(commandsOf(root))) setChildText(c, 'CmdID', String(++n));
}

/** Decoded message: the tree and what went wrong. */
export interface Decoded {
  root?: Element;
  encoding: Encoding;
  problems: Problem[];
}

/** Encoding from the Content-Type, else sniffed: WBXML starts with a version byte 0x00-0x03. */
export function encodingOf(body: Uint8Array, contentType?: string): Encoding {
  if (contentType && /wbxml/i.test(contentType)) return 'wbxml';
  if (contentType && /xml/i.test(contentType)) return 'xml';
  return body.length > 0 && body[0]! <= 0x03 ? 'wbxml' : 'xml';
}

export function decodeBody(body: Uint8Array, contentType?: string, maxDepth = 64): Decoded {
  const encoding = encodingOf(body, contentType);
  const r = encoding === 'wbxml' ? readWbxml(body, { maxDepth }) : readXml(body, { maxDepth });
  return r.root ? { root: r.root, encoding, problems: r.problems } : { encoding, problems: r.problems };
}

export function encodeTree(root: Element, encoding: Encoding): Uint8Array {
  return encoding === 'wbxml' ? writeWbxml(root) : Buffer.from(writeXml(root), 'utf8');
}

const EMBEDDED_TYPE = /^(application\/vnd\.syncml(?:\.dmtnds|-devinf))\+(xml|wbxml)$/;

/**
 * Meta Type of embedded documents follows the message encoding: `application/vnd.syncml.dmtnds+xml`
 * ↔ `+wbxml`, `application/vnd.syncml-devinf+xml` ↔ `+wbxml` (libwbxml does the same when it
 * converts; docs/dm-facts.md §1.10). Returns how many were changed.
 */
export function retypeEmbedded(root: Element, encoding: Encoding): number {
  let changed = 0;
  const visit = (el: Element): void => {
    for (const c of el.children) {
      if (c.kind !== 'element') continue;
      if (c.name === 'Type' && c.namespace === NS.MetInf) {
        const m = EMBEDDED_TYPE.exec(textOf(c).trim());
        if (m && m[2] !== encoding) {
          c.children = [text(`${m[1]}+${encoding}`)];
          changed++;
        }
      }
      visit(c);
    }
  };
  visit(root);
  return changed;
}

/** Content-Type for a message: as recorded when it names the same encoding, else the DM type. */
export function contentTypeFor(encoding: Encoding, recorded?: string): string {
  if (recorded && (encoding === 'wbxml') === /wbxml/i.test(recorded)) return recorded;
  return DM_MIME[encoding];
}

/** True when the tree is a SyncML message with a SyncHdr. */
export function isSyncML(root: Element | undefined): root is Element {
  return !!root && root.name === 'SyncML' && !!hdrOf(root);
}
