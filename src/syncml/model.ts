/**
 * Element tree ⇄ typed SyncML DM model (src/syncml/types.ts).
 *
 * `buildSyncML` reads the tree of either encoding without throwing. What the SyncML 1.2 DTD
 * requires but is missing is an error Problem, what it does not allow or allows once but finds
 * twice is a warning, each with the element path (`SyncBody/Replace[CmdID=3]/Item[2]`). Element
 * ORDER is not checked here (docs/dm-facts.md §3.1 "Order tolerance": rules warn about it). DM-specific
 * restrictions (commands a client may send, Cred only in SyncHdr, ...) are left to the rules too.
 *
 * Tolerances, from what the field sends (docs/dm-facts.md §1.9, D4):
 * - MetInf children are accepted in any namespace (`syncml:metinf`, inherited SyncML, none) and
 *   inside an optional `MetInf` wrapper; a MetInf element right in an Item (Microsoft's MS-MDM
 *   example puts `<Type xmlns="syncml:metinf">` outside an empty Meta) is taken into the Item's
 *   Meta, with a warning.
 * - Single values (LocURI, CmdID, MsgRef, codes, Meta values, ...) are trimmed of surrounding
 *   whitespace (SyncMLViewer's examples wrap LocURI in newlines); Item/Data and Cred/Data stay
 *   exactly as sent. Every value stays a string.
 * - OPAQUE Data becomes `{ opaque: true, bytes, text }` (text = the bytes read as UTF-8); an
 *   OPAQUE NextNonce keeps its bytes in `nextNonceBytes` and its base64 in `nextNonce`, as libwbxml
 *   renders it (docs/dm-facts.md §1.10).
 *
 * `toTree` writes the model back in the DTD's child order, MetInf children in the `syncml:metinf`
 * namespace and in the order the Meta object holds them (the order they were read in).
 */
import { NS, textOf } from '../model/tree.js';
import type { Element, Node } from '../model/tree.js';
import { problem } from '../model/problem.js';
import type { Problem } from '../model/problem.js';
import type { CodeAt, ProblemCode, SeverityOf } from '../model/problem-codes.js';
import type { Chal, Command, Cred, Data, Item, Location, Meta, SyncHdr, SyncML } from './types.js';

/** How often a child may occur: exactly once, optional, any number, at least once. */
export type Occurrence = '1' | '?' | '*' | '+';

/** Children an element may have, in DTD order (docs/dm-facts.md §3.1; SyncML RepPro 1.2 DTD via RTK/Borqs). */
export type ContentModel = Readonly<Record<string, Occurrence>>;

const LOCATION = { LocURI: '1', LocName: '?' } as const;
const CHANGE = { CmdID: '1', NoResp: '?', Cred: '?', Meta: '?', Item: '+' } as const;

/**
 * Content models as data. `Atomic` and `Sequence` also hold commands (listed in
 * `CONTAINED_COMMANDS`). SyncML DS-only elements of the same DTD (Archive, SftDel, NoResults) are
 * accepted here; the rules say they are not used in DM.
 */
export const CONTENT_MODELS = {
  SyncML: { SyncHdr: '1', SyncBody: '1' },
  SyncHdr: {
    VerDTD: '1',
    VerProto: '1',
    SessionID: '1',
    MsgID: '1',
    Target: '1',
    Source: '1',
    RespURI: '?',
    NoResp: '?',
    NoResults: '?',
    Cred: '?',
    Meta: '?',
  },
  Target: LOCATION,
  Source: LOCATION,
  SourceParent: LOCATION,
  TargetParent: LOCATION,
  Cred: { Meta: '?', Data: '1' },
  Chal: { Meta: '1' },
  Item: { Target: '?', Source: '?', SourceParent: '?', TargetParent: '?', Meta: '?', Data: '?', MoreData: '?' },
  Add: CHANGE,
  Replace: CHANGE,
  Copy: CHANGE,
  Delete: { CmdID: '1', NoResp: '?', Archive: '?', SftDel: '?', Cred: '?', Meta: '?', Item: '+' },
  Get: { CmdID: '1', NoResp: '?', Lang: '?', Cred: '?', Meta: '?', Item: '+' },
  Exec: { CmdID: '1', NoResp: '?', Cred: '?', Meta: '?', Correlator: '?', Item: '1' },
  // Alert Data is optional in the DTD but the alert code in DM (DM RepPro 4.1.6.2: MUST)
  Alert: { CmdID: '1', NoResp: '?', Cred: '?', Data: '1', Correlator: '?', Item: '*' },
  Status: {
    CmdID: '1',
    MsgRef: '1',
    CmdRef: '1',
    Cmd: '1',
    TargetRef: '*',
    SourceRef: '*',
    Cred: '?',
    Chal: '?',
    Data: '1',
    Item: '*',
  },
  Results: { CmdID: '1', MsgRef: '?', CmdRef: '1', Meta: '?', TargetRef: '?', SourceRef: '?', Item: '+' },
  Atomic: { CmdID: '1', NoResp: '?', Meta: '?' },
  Sequence: { CmdID: '1', NoResp: '?', Meta: '?' },
} as const satisfies Record<string, ContentModel>;

/** SyncBody commands of SyncML 1.2 (the first eleven are DM's, docs/dm-facts.md §3.1). */
export const COMMAND_NAMES = [
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
] as const;

/** Commands Atomic and Sequence may hold by the DTD (DM narrows this: a rule's job). */
export const CONTAINED_COMMANDS = [
  'Add',
  'Alert',
  'Atomic',
  'Copy',
  'Delete',
  'Exec',
  'Get',
  'Replace',
  'Sequence',
  'Map',
  'Sync',
  'Move',
] as const;

/** MetInf elements (MetInf 1.2, page 1; docs/dm-facts.md §1.6) and the Meta field each single value goes to. */
export const METINF_FIELDS = {
  Type: 'type',
  Format: 'format',
  Size: 'size',
  Mark: 'mark',
  NextNonce: 'nextNonce',
  MaxMsgSize: 'maxMsgSize',
  MaxObjSize: 'maxObjSize',
  Version: 'version',
} as const satisfies Record<string, keyof Meta>;

/** Every MetInf 1.2 element name (those not in METINF_FIELDS go to `emi` or `other`). */
export const METINF_NAMES = [
  'Anchor',
  'EMI',
  'Format',
  'FreeID',
  'FreeMem',
  'Last',
  'Mark',
  'MaxMsgSize',
  'Mem',
  'MetInf',
  'Next',
  'NextNonce',
  'SharedMem',
  'Size',
  'Type',
  'Version',
  'MaxObjSize',
  'FieldLevel',
] as const;

const commandNames: ReadonlySet<string> = new Set(COMMAND_NAMES);
const containedNames: ReadonlySet<string> = new Set(CONTAINED_COMMANDS);
const metinfNames: ReadonlySet<string> = new Set(METINF_NAMES);
const metaFieldOf = METINF_FIELDS as Readonly<Record<string, keyof Meta>>;
const METINF_NAME_OF_FIELD: ReadonlyMap<string, string> = new Map(
  Object.entries(METINF_FIELDS).map(([n, f]) => [f as string, n]),
);
const models = CONTENT_MODELS as Readonly<Record<string, ContentModel>>;
// the checkContent callbacks, made once (not a closure per element)
const isMetInfName = (n: string): boolean => metinfNames.has(n);
const isContainedName = (n: string): boolean => containedNames.has(n);
const toleratedInSyncHdrStatus = (n: string): string | undefined =>
  n === 'CmdRef' ? ' (accepted for the status of SyncHdr, whose CmdRef is 0)' : undefined;

/** `parent/name` (or `name` at the top). */
export function elementPath(parentPath: string, name: string, index?: number): string {
  const step = index === undefined ? name : `${name}[${index}]`;
  return parentPath ? `${parentPath}/${step}` : step;
}

/**
 * Path of a command: by CmdID when it has one (`SyncBody/Replace[CmdID=3]`), else by its 1-based
 * index among same-named siblings (`SyncBody/Status[4]`).
 */
export function commandPath(name: string, cmdID: string | undefined, index: number, parentPath = 'SyncBody'): string {
  const step = cmdID !== undefined && cmdID !== '' ? `${name}[CmdID=${cmdID}]` : `${name}[${index}]`;
  return parentPath ? `${parentPath}/${step}` : step;
}

/** Path of the n-th (1-based) Item of a command or Status. */
export function itemPath(commandPathValue: string, index: number): string {
  return `${commandPathValue}/Item[${index}]`;
}

const utf8 = new TextDecoder('utf-8');

/**
 * A content model compiled once: each child name's slot (for counting without a Map per element),
 * whether one occurrence only is allowed, and the slots of the required children ('1' or '+'),
 * in model order.
 */
interface CompiledModel {
  slot: ReadonlyMap<string, number>;
  once: readonly boolean[];
  names: readonly string[];
  required: readonly number[];
}
const compiledCache = new Map<ContentModel, CompiledModel>();
function compiled(model: ContentModel): CompiledModel {
  let m = compiledCache.get(model);
  if (m === undefined) {
    const names = Object.keys(model);
    m = {
      slot: new Map(names.map((n, i) => [n, i])),
      once: names.map((n) => model[n] === '1' || model[n] === '?'),
      names,
      required: names.flatMap((n, i) => (model[n] === '1' || model[n] === '+' ? [i] : [])),
    };
    compiledCache.set(model, m);
  }
  return m;
}

/** Per-slot child counts of the element being checked (checkContent does not nest: one scratch array). */
let counts = new Uint32Array(16);

/** Whether `s` is empty or whitespace only (as `s.trim() === ''`, without the copy). */
function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && (c < 0x09 || c > 0x0d) && !(c > 0x7f && /\s/.test(s[i]!))) return false;
  }
  return true;
}

/** Collects problems while building. */
class Builder {
  readonly problems: Problem[] = [];

  private add<C extends ProblemCode>(
    severity: SeverityOf<C>,
    code: C,
    message: string,
    path: string,
    el?: Element,
  ): void {
    const where: Omit<Problem, 'severity' | 'code' | 'message'> = path === '' ? {} : { path };
    if (el?.pos.offset !== undefined) where.offset = el.pos.offset;
    if (el?.pos.line !== undefined) {
      where.line = el.pos.line;
      if (el.pos.column !== undefined) where.column = el.pos.column;
    }
    this.problems.push(problem(severity, code, message, where));
  }

  /**
   * Checks `el`'s children against its content model: missing required children (error), a
   * second one where one is allowed (warning), children the model does not have (warning).
   * `extra` names children handled elsewhere (nested commands, the MS Type-outside-Meta quirk).
   */
  checkContent(
    el: Element,
    path: string,
    model: ContentModel,
    extra?: (name: string) => boolean,
    tolerated?: (name: string) => string | undefined,
  ): void {
    const m = compiled(model);
    const size = m.names.length;
    if (counts.length < size) counts = new Uint32Array(size);
    counts.fill(0, 0, size);
    const children = el.children;
    for (let i = 0; i < children.length; i++) {
      const c = children[i]!;
      if (c.kind !== 'element') {
        if (c.kind === 'text' && isBlank(c.value)) continue;
        this.add(
          'warning',
          'syncml-unexpected-content',
          `${el.name} holds ${c.kind === 'text' ? 'text' : 'opaque data'} where only elements are expected; ignored`,
          path,
          el,
        );
        continue;
      }
      const slot = m.slot.get(c.name);
      if (slot === undefined) {
        if (!extra?.(c.name))
          this.add(
            'warning',
            'syncml-unexpected-element',
            `${el.name} does not allow ${c.name}; ignored`,
            elementPath(path, c.name),
            c,
          );
      } else if (++counts[slot]! === 2 && m.once[slot]) {
        this.add(
          'warning',
          'syncml-duplicate-element',
          `${el.name} allows one ${c.name}; the first is used`,
          elementPath(path, c.name, 2),
          c,
        );
      }
    }
    const required = m.required;
    for (let r = 0; r < required.length; r++) {
      const slot = required[r]!;
      if (counts[slot] === 0) {
        const name = m.names[slot]!;
        const why = tolerated?.(name);
        if (why === undefined) this.missing(el, path, name);
        else this.missing(el, path, name, 'warning', why);
      }
    }
  }

  missing(
    el: Element,
    path: string,
    name: string,
    severity: SeverityOf<'syncml-missing-element'> = 'error',
    why = '',
  ): void {
    this.add(severity, 'syncml-missing-element', `${el.name} has no ${name}${why}`, path, el);
  }

  warn(code: CodeAt<'warning'>, message: string, path: string, el?: Element): void {
    this.add('warning', code, message, path, el);
  }

  error(code: CodeAt<'error'>, message: string, path: string, el?: Element): void {
    this.add('error', code, message, path, el);
  }
}

/** First child element named `name`. */
function first(el: Element, name: string): Element | undefined {
  for (const c of el.children) if (c.kind === 'element' && c.name === name) return c;
  return undefined;
}

/** Trimmed text of the first child named `name`, or undefined when there is none. */
function value(el: Element, name: string): string | undefined {
  const c = first(el, name);
  return c === undefined ? undefined : textOf(c).trim();
}

function buildLocation(b: Builder, el: Element, path: string): Location {
  b.checkContent(el, path, LOCATION);
  const loc: Location = {};
  const uri = value(el, 'LocURI');
  if (uri !== undefined) loc.locURI = uri;
  const name = value(el, 'LocName');
  if (name !== undefined) loc.locName = name;
  return loc;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Adds one MetInf element to `meta` (shared by Meta, the MetInf wrapper and the Item quirk). */
function addMetInf(b: Builder, meta: Meta, c: Element, path: string): void {
  const field = metaFieldOf[c.name];
  if (field === 'nextNonce') {
    const opaque = c.children.find((n) => n.kind === 'opaque');
    if (opaque && opaque.kind === 'opaque') {
      meta.nextNonce = base64(opaque.bytes);
      meta.nextNonceBytes = opaque.bytes;
      return;
    }
  }
  if (field !== undefined) {
    if (meta[field] !== undefined) {
      b.warn(
        'syncml-duplicate-element',
        `Meta allows one ${c.name}; the first is used`,
        elementPath(path, c.name, 2),
        c,
      );
      return;
    }
    (meta as Record<string, unknown>)[field] = textOf(c).trim();
  } else if (c.name === 'EMI') {
    (meta.emi ??= []).push(textOf(c).trim());
  } else {
    // Anchor, Mem, FieldLevel, vendor extensions: kept by name; nested ones as `Anchor/Next`
    const other = (meta.other ??= {});
    const kids = c.children.filter((n): n is Element => n.kind === 'element');
    if (kids.length === 0) other[c.name] = textOf(c).trim();
    else for (const k of kids) other[`${c.name}/${k.name}`] = textOf(k).trim();
    if (!metinfNames.has(c.name))
      b.warn(
        'syncml-unexpected-element',
        `${c.name} is not a MetInf element; kept in Meta as is`,
        elementPath(path, c.name),
        c,
      );
  }
}

function buildMeta(b: Builder, el: Element, path: string): Meta {
  const meta: Meta = {};
  for (const c of el.children) {
    if (c.kind !== 'element') {
      if (c.kind === 'text' && isBlank(c.value)) continue;
      b.warn('syncml-unexpected-content', 'Meta holds text where only MetInf elements are expected; ignored', path, el);
      continue;
    }
    if (c.name === 'MetInf') {
      // the optional MetInf wrapper of the MetInf DTD (docs/dm-facts.md §1.9)
      const wrapperPath = elementPath(path, 'MetInf');
      for (const m of c.children) if (m.kind === 'element') addMetInf(b, meta, m, wrapperPath);
    } else {
      addMetInf(b, meta, c, path);
    }
  }
  return meta;
}

function buildData(b: Builder, el: Element, path: string): Data {
  const data: Data = { text: '', opaque: false };
  const chunks: Uint8Array[] = [];
  for (const c of el.children) {
    if (c.kind === 'text') {
      data.text += c.value;
      if (c.cdata) data.cdata = true;
    } else if (c.kind === 'opaque') {
      data.opaque = true;
      chunks.push(c.bytes);
      if (c.document) {
        if (data.element === undefined) data.element = c.document;
      } else {
        data.text += utf8.decode(c.bytes);
      }
    } else if (data.element === undefined) {
      data.element = c;
    } else {
      b.warn(
        'syncml-unexpected-element',
        `Data holds a second element (${c.name}); only the first is used`,
        elementPath(path, c.name),
        c,
      );
    }
  }
  if (data.element !== undefined && data.text.trim() === '' && !data.opaque) data.text = '';
  if (chunks.length === 1) data.bytes = chunks[0]!;
  else if (chunks.length > 1) data.bytes = new Uint8Array(Buffer.concat(chunks));
  return data;
}

function buildCred(b: Builder, el: Element, path: string): Cred {
  b.checkContent(el, path, CONTENT_MODELS.Cred);
  const cred: Cred = {};
  const meta = first(el, 'Meta');
  if (meta) cred.meta = buildMeta(b, meta, elementPath(path, 'Meta'));
  const data = first(el, 'Data');
  if (data) cred.data = buildData(b, data, elementPath(path, 'Data'));
  return cred;
}

function buildChal(b: Builder, el: Element, path: string): Chal {
  b.checkContent(el, path, CONTENT_MODELS.Chal);
  const meta = first(el, 'Meta');
  return meta ? { meta: buildMeta(b, meta, elementPath(path, 'Meta')) } : {};
}

function buildItem(b: Builder, el: Element, path: string): Item {
  b.checkContent(el, path, CONTENT_MODELS.Item, isMetInfName);
  const item: Item = { moreData: false, path };
  let quirk: Meta | undefined;
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    // the child's path is made only where it is used (fewer strings per message)
    switch (c.name) {
      case 'Target':
        item.target ??= buildLocation(b, c, elementPath(path, c.name));
        break;
      case 'Source':
        item.source ??= buildLocation(b, c, elementPath(path, c.name));
        break;
      case 'SourceParent':
        item.sourceParent ??= buildLocation(b, c, elementPath(path, c.name));
        break;
      case 'TargetParent':
        item.targetParent ??= buildLocation(b, c, elementPath(path, c.name));
        break;
      case 'Meta':
        item.meta ??= buildMeta(b, c, elementPath(path, c.name));
        break;
      case 'Data':
        item.data ??= buildData(b, c, elementPath(path, c.name));
        break;
      case 'MoreData':
        item.moreData = true;
        break;
      default:
        if (metinfNames.has(c.name)) {
          // MS-MDM §3.2.5.1.5 example: <Type xmlns="syncml:metinf"> beside an empty Meta (docs/dm-facts.md §10 D4)
          b.warn(
            'syncml-metinf-outside-meta',
            `${c.name} belongs inside Meta; read as part of the Item's Meta`,
            elementPath(path, c.name),
            c,
          );
          addMetInf(b, (quirk ??= {}), c, path);
        }
    }
  }
  if (quirk) item.meta = { ...quirk, ...(item.meta ?? {}) };
  return item;
}

function buildCommand(b: Builder, el: Element, parentPath: string, index: number): Command {
  const cmdID = value(el, 'CmdID');
  const path = commandPath(el.name, cmdID, index, parentPath);
  const model = models[el.name];
  const container = el.name === 'Atomic' || el.name === 'Sequence';
  if (model) {
    // docs/dm-facts.md §3.5: the SyncHdr status without CmdRef (spec example 2.6.2.3, hostapd) is accepted with a warning
    const tolerated = el.name === 'Status' && value(el, 'Cmd') === 'SyncHdr' ? toleratedInSyncHdrStatus : undefined;
    b.checkContent(el, path, model, container ? isContainedName : undefined, tolerated);
  } else {
    // a SyncML command DM does not use (Map, Put, Search, Sync, Move): only its CmdID is checked
    if (cmdID === undefined) b.missing(el, path, 'CmdID');
  }
  const cmd: Command = { name: el.name, noResp: false, items: [], targetRef: [], sourceRef: [], path, element: el };
  if (cmdID !== undefined) cmd.cmdID = cmdID;
  if (container) {
    cmd.commands = [];
    // (Add | Replace | ...)+ in the DTD
    if (!el.children.some((c) => c.kind === 'element' && containedNames.has(c.name))) b.missing(el, path, 'command');
  }
  let nestedIndex: Map<string, number> | undefined;
  let items = 0;
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    switch (c.name) {
      case 'CmdID':
        break;
      case 'NoResp':
        cmd.noResp = true;
        break;
      case 'Cred':
        cmd.cred ??= buildCred(b, c, elementPath(path, c.name));
        break;
      case 'Meta':
        cmd.meta ??= buildMeta(b, c, elementPath(path, c.name));
        break;
      case 'Chal':
        cmd.chal ??= buildChal(b, c, elementPath(path, c.name));
        break;
      case 'Item':
        cmd.items.push(buildItem(b, c, itemPath(path, ++items)));
        break;
      case 'Data':
        cmd.data ??= textOf(c).trim();
        break;
      case 'Correlator':
        cmd.correlator ??= textOf(c).trim();
        break;
      case 'Lang':
        cmd.lang ??= textOf(c).trim();
        break;
      case 'MsgRef':
        cmd.msgRef ??= textOf(c).trim();
        break;
      case 'CmdRef':
        cmd.cmdRef ??= textOf(c).trim();
        break;
      case 'Cmd':
        cmd.cmd ??= textOf(c).trim();
        break;
      case 'TargetRef':
        cmd.targetRef.push(textOf(c).trim());
        break;
      case 'SourceRef':
        cmd.sourceRef.push(textOf(c).trim());
        break;
      default:
        if (container && containedNames.has(c.name)) {
          nestedIndex ??= new Map();
          const i = (nestedIndex.get(c.name) ?? 0) + 1;
          nestedIndex.set(c.name, i);
          cmd.commands!.push(buildCommand(b, c, path, i));
        }
    }
  }
  return cmd;
}

function buildSyncHdr(b: Builder, el: Element): SyncHdr {
  const path = 'SyncHdr';
  b.checkContent(el, path, CONTENT_MODELS.SyncHdr);
  const hdr: SyncHdr = { noResp: false };
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    switch (c.name) {
      case 'VerDTD':
        hdr.verDTD ??= textOf(c).trim();
        break;
      case 'VerProto':
        hdr.verProto ??= textOf(c).trim();
        break;
      case 'SessionID':
        hdr.sessionID ??= textOf(c).trim();
        break;
      case 'MsgID':
        hdr.msgID ??= textOf(c).trim();
        break;
      case 'Target':
        hdr.target ??= buildLocation(b, c, elementPath(path, c.name));
        break;
      case 'Source':
        hdr.source ??= buildLocation(b, c, elementPath(path, c.name));
        break;
      case 'RespURI':
        hdr.respURI ??= textOf(c).trim();
        break;
      case 'NoResp':
        hdr.noResp = true;
        break;
      case 'Cred':
        hdr.cred ??= buildCred(b, c, elementPath(path, c.name));
        break;
      case 'Meta':
        hdr.meta ??= buildMeta(b, c, elementPath(path, c.name));
        break;
      default:
        break;
    }
  }
  return hdr;
}

const SYNCML_NAMESPACES: ReadonlySet<string> = new Set(
  [NS.SyncML12, NS.SyncML11, NS.SyncML10].map((n) => n.toLowerCase()),
);

/** Builds the typed message from a tree. Never throws; `syncml` is absent only when the root is not SyncML. */
export function buildSyncML(root: Element): { syncml?: SyncML; problems: Problem[] } {
  const b = new Builder();
  if (root.name !== 'SyncML') {
    b.error('syncml-not-syncml', `the root element is ${root.name}, not SyncML`, root.name, root);
    return { problems: b.problems };
  }
  // the namespace as sent (XML keeps the declaration in attributes), else as resolved
  const namespace = root.attributes?.xmlns ?? root.namespace;
  if (!SYNCML_NAMESPACES.has(namespace.toLowerCase())) {
    b.warn(
      'syncml-unknown-namespace',
      namespace === ''
        ? 'SyncML has no namespace (expected SYNCML:SYNCML1.2)'
        : `SyncML namespace "${namespace}" is not SYNCML:SYNCML1.2, 1.1 or 1.0`,
      '',
      root,
    );
  }
  b.checkContent(root, '', CONTENT_MODELS.SyncML);
  const hdrEl = first(root, 'SyncHdr');
  const hdr = hdrEl ? buildSyncHdr(b, hdrEl) : { noResp: false };
  const syncml: SyncML = { namespace, hdr, body: [], final: false };
  const bodyEl = first(root, 'SyncBody');
  if (bodyEl) {
    const index = new Map<string, number>();
    for (const c of bodyEl.children) {
      if (c.kind !== 'element') {
        if (c.kind === 'text' && isBlank(c.value)) continue;
        b.warn(
          'syncml-unexpected-content',
          'SyncBody holds text where only commands are expected; ignored',
          'SyncBody',
          bodyEl,
        );
        continue;
      }
      if (c.name === 'Final') {
        if (syncml.final) b.warn('syncml-duplicate-element', 'SyncBody allows one Final', 'SyncBody/Final[2]', c);
        syncml.final = true;
        if (c.children.some((n) => n.kind !== 'text' || n.value.trim() !== ''))
          b.warn('syncml-unexpected-content', 'Final is an empty element; its content is ignored', 'SyncBody/Final', c);
      } else if (commandNames.has(c.name)) {
        const i = (index.get(c.name) ?? 0) + 1;
        index.set(c.name, i);
        syncml.body.push(buildCommand(b, c, 'SyncBody', i));
      } else {
        b.warn(
          'syncml-unexpected-element',
          `SyncBody does not allow ${c.name}; ignored`,
          elementPath('SyncBody', c.name),
          c,
        );
      }
    }
  }
  return { syncml, problems: b.problems };
}

// ---------------------------------------------------------------- model → tree

/** The canonical spelling of a SyncML namespace (compared case-insensitively), else as given. */
function canonicalSyncMLNamespace(ns: string): string {
  for (const n of [NS.SyncML12, NS.SyncML11, NS.SyncML10]) if (n.toLowerCase() === ns.toLowerCase()) return n;
  return ns === '' ? NS.SyncML12 : ns;
}

class TreeWriter {
  constructor(readonly ns: string) {}

  el(name: string, children: Node[] = [], namespace = this.ns): Element {
    return { kind: 'element', name, namespace, children, pos: {} };
  }

  leaf(name: string, v: string, namespace = this.ns): Element {
    return this.el(name, v === '' ? [] : [{ kind: 'text', value: v, pos: {} }], namespace);
  }

  location(name: string, loc: Location): Element {
    const kids: Node[] = [];
    if (loc.locURI !== undefined) kids.push(this.leaf('LocURI', loc.locURI));
    if (loc.locName !== undefined) kids.push(this.leaf('LocName', loc.locName));
    return this.el(name, kids);
  }

  meta(meta: Meta): Element {
    const kids: Node[] = [];
    for (const key of Object.keys(meta) as Array<keyof Meta>) {
      const v = meta[key];
      if (v === undefined || key === 'nextNonceBytes') continue;
      if (key === 'nextNonce' && meta.nextNonceBytes) {
        kids.push(this.el('NextNonce', [{ kind: 'opaque', bytes: meta.nextNonceBytes, pos: {} }], NS.MetInf));
      } else if (key === 'emi') {
        for (const e of v as string[]) kids.push(this.leaf('EMI', e, NS.MetInf));
      } else if (key === 'other') {
        const groups = new Map<string, Element>();
        for (const [name, val] of Object.entries(v as Record<string, string>)) {
          const slash = name.indexOf('/');
          if (slash === -1) {
            kids.push(this.leaf(name, val, NS.MetInf));
            continue;
          }
          const outer = name.slice(0, slash);
          let g = groups.get(outer);
          if (!g) {
            g = this.el(outer, [], NS.MetInf);
            groups.set(outer, g);
            kids.push(g);
          }
          g.children.push(this.leaf(name.slice(slash + 1), val, NS.MetInf));
        }
      } else {
        const name = METINF_NAME_OF_FIELD.get(key);
        if (name) kids.push(this.leaf(name, v as string, NS.MetInf));
      }
    }
    return this.el('Meta', kids);
  }

  data(data: Data): Element {
    if (data.opaque && data.bytes) {
      return this.el('Data', [
        { kind: 'opaque', bytes: data.bytes, pos: {}, ...(data.element ? { document: data.element } : {}) },
      ]);
    }
    const kids: Node[] = [];
    if (data.element) kids.push(data.element);
    if (data.text !== '')
      kids.push({ kind: 'text', value: data.text, pos: {}, ...(data.cdata ? { cdata: true } : {}) });
    return this.el('Data', kids);
  }

  cred(cred: Cred): Element {
    const kids: Node[] = [];
    if (cred.meta) kids.push(this.meta(cred.meta));
    if (cred.data) kids.push(this.data(cred.data));
    return this.el('Cred', kids);
  }

  item(item: Item): Element {
    const kids: Node[] = [];
    if (item.target) kids.push(this.location('Target', item.target));
    if (item.source) kids.push(this.location('Source', item.source));
    if (item.sourceParent) kids.push(this.location('SourceParent', item.sourceParent));
    if (item.targetParent) kids.push(this.location('TargetParent', item.targetParent));
    if (item.meta) kids.push(this.meta(item.meta));
    if (item.data) kids.push(this.data(item.data));
    if (item.moreData) kids.push(this.el('MoreData'));
    return this.el('Item', kids);
  }

  /** Children of a command in the order of its content model (the DTD's order). */
  command(cmd: Command): Element {
    const kids: Node[] = [];
    const model = models[cmd.name] ?? CONTENT_MODELS.Add;
    const emit = (name: string): void => {
      switch (name) {
        case 'CmdID':
          if (cmd.cmdID !== undefined) kids.push(this.leaf('CmdID', cmd.cmdID));
          break;
        case 'NoResp':
          if (cmd.noResp) kids.push(this.el('NoResp'));
          break;
        case 'Cred':
          if (cmd.cred) kids.push(this.cred(cmd.cred));
          break;
        case 'Meta':
          if (cmd.meta) kids.push(this.meta(cmd.meta));
          break;
        case 'Chal':
          if (cmd.chal) kids.push(this.el('Chal', cmd.chal.meta ? [this.meta(cmd.chal.meta)] : []));
          break;
        case 'Data':
          if (cmd.data !== undefined) kids.push(this.leaf('Data', cmd.data));
          break;
        case 'Correlator':
          if (cmd.correlator !== undefined) kids.push(this.leaf('Correlator', cmd.correlator));
          break;
        case 'Lang':
          if (cmd.lang !== undefined) kids.push(this.leaf('Lang', cmd.lang));
          break;
        case 'MsgRef':
          if (cmd.msgRef !== undefined) kids.push(this.leaf('MsgRef', cmd.msgRef));
          break;
        case 'CmdRef':
          if (cmd.cmdRef !== undefined) kids.push(this.leaf('CmdRef', cmd.cmdRef));
          break;
        case 'Cmd':
          if (cmd.cmd !== undefined) kids.push(this.leaf('Cmd', cmd.cmd));
          break;
        case 'TargetRef':
          for (const r of cmd.targetRef) kids.push(this.leaf('TargetRef', r));
          break;
        case 'SourceRef':
          for (const r of cmd.sourceRef) kids.push(this.leaf('SourceRef', r));
          break;
        case 'Item':
          for (const i of cmd.items) kids.push(this.item(i));
          break;
        default:
          break;
      }
    };
    for (const name of Object.keys(model)) emit(name);
    // fields a model does not list (a non-DM command, or a model built by hand) still go out
    for (const name of ['Cred', 'Meta', 'Data', 'Correlator', 'Item']) if (!(name in model)) emit(name);
    for (const c of cmd.commands ?? []) kids.push(this.command(c));
    return this.el(cmd.name, kids);
  }

  syncHdr(hdr: SyncHdr): Element {
    const kids: Node[] = [];
    if (hdr.verDTD !== undefined) kids.push(this.leaf('VerDTD', hdr.verDTD));
    if (hdr.verProto !== undefined) kids.push(this.leaf('VerProto', hdr.verProto));
    if (hdr.sessionID !== undefined) kids.push(this.leaf('SessionID', hdr.sessionID));
    if (hdr.msgID !== undefined) kids.push(this.leaf('MsgID', hdr.msgID));
    if (hdr.target) kids.push(this.location('Target', hdr.target));
    if (hdr.source) kids.push(this.location('Source', hdr.source));
    if (hdr.respURI !== undefined) kids.push(this.leaf('RespURI', hdr.respURI));
    if (hdr.noResp) kids.push(this.el('NoResp'));
    if (hdr.cred) kids.push(this.cred(hdr.cred));
    if (hdr.meta) kids.push(this.meta(hdr.meta));
    return this.el('SyncHdr', kids);
  }
}

/** Serializes the model back to an element tree (DTD child order; positions empty). */
export function toTree(syncml: SyncML): Element {
  const w = new TreeWriter(canonicalSyncMLNamespace(syncml.namespace));
  const body = w.el(
    'SyncBody',
    syncml.body.map((c) => w.command(c)),
  );
  if (syncml.final) body.children.push(w.el('Final'));
  return w.el('SyncML', [w.syncHdr(syncml.hdr), body]);
}

/** Exact-size arrays in a built model, as compactTree (src/model/tree.ts) does for the tree it came from. */
export function compactSyncML(sm: SyncML): void {
  const stack: Command[] = [];
  if (sm.body.length > 0) sm.body = sm.body.slice();
  stack.push(...sm.body);
  for (let cmd = stack.pop(); cmd !== undefined; cmd = stack.pop()) {
    if (cmd.items.length > 0) cmd.items = cmd.items.slice();
    if (cmd.targetRef.length > 0) cmd.targetRef = cmd.targetRef.slice();
    if (cmd.sourceRef.length > 0) cmd.sourceRef = cmd.sourceRef.slice();
    if (cmd.commands && cmd.commands.length > 0) {
      cmd.commands = cmd.commands.slice();
      stack.push(...cmd.commands);
    }
  }
}
