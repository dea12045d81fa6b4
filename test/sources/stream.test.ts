import { describe, expect, it } from 'vitest';
import { lineBatches, peek } from '../../src/sources/stream.js';

async function linesOf(
  chunks: Array<string | Uint8Array>,
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8',
  maxLine = 1000,
) {
  const out: Array<[number, string, boolean]> = [];
  const src = (async function* () {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
  })();
  for await (const batch of lineBatches(src, encoding, maxLine))
    for (const l of batch) out.push([l.number, l.text, !!l.cut]);
  return out;
}

describe('lineBatches', () => {
  it('LF, CRLF (also split across chunks), lone CR, a last line without a line end', async () => {
    expect(await linesOf(['a\nb\r', '\nc\rd\r\n', 'e'])).toEqual([
      [1, 'a', false],
      [2, 'b', false],
      [3, 'c', false],
      [4, 'd', false],
      [5, 'e', false],
    ]);
  });

  it('a UTF-8 character split across chunks and a BOM', async () => {
    const bytes = Buffer.from('\uFEFFé€\nx', 'utf8');
    expect(await linesOf([bytes.subarray(0, 4), bytes.subarray(4)])).toEqual([
      [1, 'é€', false],
      [2, 'x', false],
    ]);
  });

  it('UTF-16LE and UTF-16BE', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<SyncML>\r\nz', 'utf16le')]);
    expect(await linesOf([le.subarray(0, 5), le.subarray(5)], 'utf-16le')).toEqual([
      [1, '<SyncML>', false],
      [2, 'z', false],
    ]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(await linesOf([Buffer.from([0xfe, 0xff]), be], 'utf-16be')).toEqual([
      [1, '<SyncML>', false],
      [2, 'z', false],
    ]);
  });

  it('a line longer than the limit is cut and flagged; the next line is whole', async () => {
    expect(await linesOf(['0123', '456789', 'abc\nnext\n'], 'utf-8', 5)).toEqual([
      [1, '01234', true],
      [2, 'next', false],
    ]);
  });
});

describe('peek', () => {
  it('gives the head and the whole stream, head included', async () => {
    const src = (async function* () {
      yield Buffer.from('abc');
      yield Buffer.from('def');
      yield Buffer.from('ghi');
    })();
    const { head, all } = await peek(src, 4);
    expect(Buffer.from(head).toString()).toBe('abcd');
    const parts: string[] = [];
    for await (const c of all) parts.push(Buffer.from(c).toString());
    expect(parts.join('')).toBe('abcdefghi');
  });
});
