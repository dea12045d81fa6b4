/**
 * Device shards (README "--jobs"). Everything the assembler and the lint rules remember across
 * sessions is kept per device, and what is bounded (open sessions, remembered SessionIDs, lint
 * memory) is bounded per shard of devices: a session's fate then depends only on its own device's
 * traffic and on capture time, never on how many other devices came before it. That is what lets
 * `--jobs N` give each worker a share of the shards and still write what one process writes.
 */

/** How many device shards there are; a worker pool has at most this many workers. */
export const DEVICE_SHARDS = 16;

/** The shard of a device (its LocURI as the assembler keys it): FNV-1a over the UTF-16 code units. */
export function deviceShard(device: string, shards: number = DEVICE_SHARDS): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < device.length; i++) {
    h ^= device.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** A bound shared out over the shards: each holds its part, rounded up. */
export function perShard(limit: number, shards: number): number {
  return Math.max(1, Math.ceil(limit / shards));
}

/** Lexicographic order of two order keys (SessionAssembler.orderKey). */
export function compareOrderKeys(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
