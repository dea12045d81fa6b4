/**
 * The device's management tree as far as the recording shows it, to answer what a live server
 * asks that the recording does not have: Results for nodes whose values the trace shows (Package 1
 * DevInfo Replace items, Results items, server Replace/Add targets), 404 for unknown nodes, 200 for
 * Replace/Add on known paths (DM Protocol §8, DM RepPro §4.1.6; status codes docs/dm-facts.md §5).
 */
import type { Element } from '../model/tree.js';
import { child, childElements, textOf } from '../model/tree.js';
import { childText, dataOf, metaText, resultsElement, statusElement, textAt, walk, commandsOf } from './dm.js';
import type { Recording } from './recording.js';

export interface Node {
  value?: string;
  format?: string;
  type?: string;
  /** Interior node (known because a leaf below it is). */
  interior?: boolean;
}

/** Answer codes for commands a device tree meets (DM RepPro §4.1.6 typical codes). */
export const TREE_CODES = {
  ok: '200',
  notFound: '404',
  notAllowed: '405',
  notSupported: '406',
} as const;

export class DeviceTree {
  readonly nodes = new Map<string, Node>();

  /** Seeds from a recording: client Replace/Results items (Source URI), server Replace/Add items (Target URI). */
  static fromRecording(rec: Recording): DeviceTree {
    const t = new DeviceTree();
    for (const m of rec.messages) {
      for (const c of walk(commandsOf(m.tree))) {
        const isClient = m.direction === 'client';
        if (isClient && (c.name === 'Replace' || c.name === 'Results' || c.name === 'Add')) {
          for (const it of childElements(c, 'Item')) {
            const uri = textAt(it, 'Source', 'LocURI') ?? textAt(it, 'Target', 'LocURI');
            if (uri) t.set(uri, itemNode(it, c));
          }
        } else if (!isClient && (c.name === 'Replace' || c.name === 'Add')) {
          for (const it of childElements(c, 'Item')) {
            const uri = textAt(it, 'Target', 'LocURI');
            if (uri && !t.nodes.has(uri)) t.set(uri, itemNode(it, c));
          }
        }
      }
    }
    return t;
  }

  set(uri: string, node: Node): void {
    const u = normalize(uri);
    this.nodes.set(u, { ...this.nodes.get(u), ...node });
    // Parents are interior nodes.
    const parts = u.split('/');
    for (let i = parts.length - 1; i > 1; i--) {
      const p = parts.slice(0, i).join('/');
      if (!this.nodes.has(p)) this.nodes.set(p, { interior: true, format: 'node' });
    }
  }

  has(uri: string): boolean {
    return this.nodes.has(normalize(uri));
  }

  get(uri: string): Node | undefined {
    const n = this.nodes.get(normalize(uri));
    if (!n) return undefined;
    if (n.interior && n.value === undefined) {
      // An interior node lists its children, `/`-separated (DM TND §7).
      const prefix = `${normalize(uri)}/`;
      const kids = new Set<string>();
      for (const k of this.nodes.keys()) if (k.startsWith(prefix)) kids.add(k.slice(prefix.length).split('/')[0]!);
      return { ...n, value: [...kids].join('/') };
    }
    return n;
  }

  /**
   * Answers one live server command (MsgRef = the live server message, CmdRef its CmdID): Status
   * (one per Item for Get, with TargetRef) and Results for a Get. Status and Results need no answer.
   */
  answer(cmd: Element, msgRef: string, ns: string): Element[] {
    const cmdRef = childText(cmd, 'CmdID') ?? '';
    const name = cmd.name;
    if (name === 'Status' || name === 'Results') return [];
    const status = (code: string, targetRefs?: string[]) =>
      statusElement({ msgRef, cmdRef, cmd: name, code, ...(targetRefs ? { targetRefs } : {}) }, ns);
    const items = childElements(cmd, 'Item');
    const uris = items.map((i) => textAt(i, 'Target', 'LocURI') ?? '');
    switch (name) {
      case 'Get': {
        const out: Element[] = [];
        const found: Array<{ uri: string; format?: string; type?: string; data: string }> = [];
        for (const u of uris) {
          const n = this.get(u);
          out.push(status(n ? TREE_CODES.ok : TREE_CODES.notFound, [u]));
          if (n)
            found.push({
              uri: u,
              data: n.value ?? '',
              ...(n.format ? { format: n.format } : {}),
              ...(n.type ? { type: n.type } : {}),
            });
        }
        if (found.length) out.push(resultsElement(msgRef, cmdRef, found, ns));
        return out;
      }
      case 'Replace':
        return items.map((it, i) => {
          const known = this.has(uris[i]!);
          if (known) this.set(uris[i]!, itemNode(it, cmd));
          return status(known ? TREE_CODES.ok : TREE_CODES.notFound, [uris[i]!]);
        });
      case 'Add':
        return items.map((it, i) => {
          this.set(uris[i]!, itemNode(it, cmd));
          return status(TREE_CODES.ok, [uris[i]!]);
        });
      case 'Delete':
        return items.map((_it, i) => {
          const known = this.has(uris[i]!);
          if (known) this.nodes.delete(normalize(uris[i]!));
          return status(known ? TREE_CODES.ok : TREE_CODES.notFound, [uris[i]!]);
        });
      case 'Exec':
        return [status(uris.every((u) => this.has(u)) ? TREE_CODES.ok : TREE_CODES.notFound)];
      case 'Alert': {
        const code = dataOf(cmd) ?? '';
        // 1100-1104 UI alerts: a device without a user says OK / Yes (docs/dm-facts.md §4).
        return [status(/^110[0-4]$/.test(code) || code === '1222' ? TREE_CODES.ok : TREE_CODES.notSupported)];
      }
      case 'Atomic':
      case 'Sequence': {
        const out: Element[] = [status(TREE_CODES.ok)];
        for (const inner of childElements(cmd))
          if (inner.name !== 'CmdID' && inner.name !== 'Meta' && inner.name !== 'NoResp')
            out.push(...this.answer(inner, msgRef, ns));
        return out;
      }
      default:
        return [status(TREE_CODES.notSupported)];
    }
  }
}

function normalize(uri: string): string {
  let u = uri.trim().replace(/\/+$/, '');
  if (!u.startsWith('./') && u !== '.') u = `./${u.replace(/^\/+/, '')}`;
  return u;
}

function itemNode(item: Element, cmd: Element): Node {
  const meta = child(item, 'Meta') ?? child(cmd, 'Meta');
  const d = child(item, 'Data');
  const n: Node = {};
  if (d) n.value = textOf(d);
  const f = metaText(meta, 'Format');
  const t = metaText(meta, 'Type');
  if (f) n.format = f;
  if (t) n.type = t;
  if (f === 'node') n.interior = true;
  return n;
}
