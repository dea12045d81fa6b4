/**
 * The replay view of a recording with a large object in chunks (collapseChunks) and the plans
 * that send it again (planFromPieces keeps the recorded boundaries while they fit), on the
 * large-object fixture (3 chunks of 600/600/400 base64 characters, fixtures/README.md).
 */
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fixtures } from '../helpers.js';
import { recordingFrom } from './helpers.js';
import {
  collapseChunks,
  commandOrigin,
  hasMoreData,
  planChunks,
  planFromPieces,
} from '../../src/replay/large-object.js';
import { commandsOf, encodeTree, itemData, msgIdOf } from '../../src/replay/dm.js';

const LARGE = path.join(fixtures, 'sessions/large-object.pcapng');
const BLOB_SHA256 = '3f29132654770273efda121edc0bad1355f16bdfb8b93268016a7361079522d8';

describe('collapseChunks', () => {
  test('the 3 recorded chunks and the 2 pulls become one server message with the whole object', async () => {
    const rec = await recordingFrom(LARGE);
    expect(rec.messages).toHaveLength(8);
    const view = collapseChunks(rec);
    expect(view.messages.map((m) => m.direction)).toEqual(['client', 'server', 'client', 'server']);
    expect(view.messages.map((m) => m.index)).toEqual([0, 1, 2, 3]);
    const merged = view.messages[1]!;
    expect(merged.covers).toEqual([1, 2, 3, 4, 5]);
    expect(merged.chunks!.map((p) => p.length)).toEqual([600, 600, 400]);
    expect(hasMoreData(merged.tree)).toBe(false);
    const replace = commandsOf(merged.tree).find((c) => c.name === 'Replace')!;
    const data = itemData(replace)[0]!;
    expect(createHash('sha256').update(data).digest('hex')).toBe(BLOB_SHA256);
    // The merged message has the last chunk's MsgID; the Replace is named as the last chunk sent it (what Package 3's Status refers to).
    expect(msgIdOf(merged.tree)).toBe('3');
    expect(commandOrigin(replace, '3')).toEqual({ msgId: '3', cmdId: '3' });
    // The Statuses of the first chunk message keep their first message's MsgID.
    const st = commandsOf(merged.tree).filter((c) => c.name === 'Status')[1]!;
    expect(commandOrigin(st, '3').msgId).toBe('1');
    // The recording itself is untouched.
    expect(rec.messages).toHaveLength(8);
    expect(hasMoreData(rec.messages[1]!.tree)).toBe(true);
  });

  test('a recording without chunks is returned as it is', async () => {
    const rec = await recordingFrom(path.join(fixtures, 'sessions/multi-message.pcapng'));
    expect(collapseChunks(rec)).toBe(rec);
  });

  test('a pull that carries more than Statuses and Alert 1222 leaves the chunks as recorded', async () => {
    const rec = await recordingFrom(LARGE);
    const messages = rec.messages.map((m) => ({ ...m }));
    const pull = messages[2]!;
    const tree = structuredClone(pull.tree);
    const body = tree.children.find((c) => c.kind === 'element' && c.name === 'SyncBody')!;
    if (body.kind !== 'element') throw new Error('no SyncBody');
    body.children.push({ kind: 'element', name: 'Replace', namespace: tree.namespace, children: [], pos: {} });
    messages[2] = { ...pull, tree };
    const view = collapseChunks({ ...rec, messages });
    expect(view.messages).toHaveLength(8);
  });
});

describe('planFromPieces', () => {
  test('keeps the recorded boundaries without a MaxMsgSize or when they fit, not when they do not', async () => {
    const view = collapseChunks(await recordingFrom(LARGE));
    const m = view.messages[1]!;
    const pieces = m.chunks!;
    expect(planFromPieces(m.tree, pieces, 'xml')!.pieces).toEqual(pieces);
    expect(planFromPieces(m.tree, pieces, 'xml', 2048)!.pieces).toEqual(pieces);
    expect(planFromPieces(m.tree, pieces, 'xml', 1400)).toBeUndefined();
    // Split afresh for 1400: every piece together is the object, the first part fits.
    const fresh = planChunks(m.tree, 'xml', 1400)!;
    expect(fresh.pieces.join('')).toBe(pieces.join(''));
    expect(fresh.pieces.length).toBe(5);
    expect(encodeTree(fresh.first, 'xml').length).toBeLessThanOrEqual(1400);
  });

  test('pieces that are not an item of the message give no plan', async () => {
    const view = collapseChunks(await recordingFrom(LARGE));
    expect(planFromPieces(view.messages[1]!.tree, ['abc', 'def'], 'xml')).toBeUndefined();
  });
});
