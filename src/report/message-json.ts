/**
 * `dmtrace decode --format json`: one JSON document per read, `{ messages: [...], summary }`.
 * Each message: where it came from, its direction and encoding, its problems, and the typed
 * SyncML view (src/syncml/types.ts) with bytes as base64 and the source elements left out.
 */
import type { Message } from '../syncml/types.js';

/** JSON-safe copy: Uint8Array → base64 string, `element` back-references dropped. */
export function jsonSafe(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'element' || v === undefined) continue;
      out[k] = jsonSafe(v);
    }
    return out;
  }
  return value;
}

export function messageJson(m: Message): Record<string, unknown> {
  return {
    origin: m.origin,
    direction: m.direction,
    encoding: m.encoding,
    contentType: m.http?.contentType,
    size: m.raw.length,
    wbxml: m.wbxml,
    problems: m.problems,
    syncml: jsonSafe(m.syncml),
  };
}
