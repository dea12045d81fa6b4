/** Address text and link-layer decoding details not covered by the capture fixtures. */
import { describe, expect, it } from 'vitest';
import { IpDecoder, ipv6String } from '../../src/net/ip.js';

describe('ipv6String', () => {
  it('writes RFC 5952 text, as the WHATWG URL parser normalises it', () => {
    for (const a of [
      '::1',
      '2001:db8::1',
      'fe80::1:0:0:1',
      '2001:db8:0:0:1:0:0:1',
      '1:0:0:2:0:0:0:3',
      '::',
      '2001:db8:1:2:3:4:5:6',
      '0:0:1::',
    ]) {
      const b = Buffer.alloc(16);
      const host = new URL(`http://[${a}]/`).hostname.slice(1, -1);
      // Expand the normalised text to bytes, then format it back.
      const [l, r] = host.includes('::') ? host.split('::') : [host, undefined];
      const left = l ? l.split(':') : [];
      const right = r ? r.split(':') : [];
      const groups = r === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
      groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
      expect(ipv6String(b, 0)).toBe(host);
    }
  });
});

describe('IpDecoder', () => {
  it('counts frames of a link type it cannot decode instead of guessing', () => {
    const d = new IpDecoder();
    expect(d.decode({ no: 1, offset: 0, linktype: 147, data: Buffer.alloc(60), origLen: 60 })).toBeUndefined();
    expect(d.decode({ no: 2, offset: 0, linktype: 147, data: Buffer.alloc(60), origLen: 60 })).toBeUndefined();
    expect([...d.unknownLinks]).toEqual([[147, 2]]);
  });

  it('Ethernet with 802.1Q and QinQ tags', () => {
    const ip = Buffer.from('450000280001400040060000c0a80001c0a80002', 'hex');
    const tcp = Buffer.alloc(20);
    for (const tags of [[], ['8100', '0064'], ['88a8', '0001', '8100', '0064']]) {
      const frame = Buffer.concat([
        Buffer.alloc(12),
        Buffer.from(tags.join(''), 'hex'),
        Buffer.from('0800', 'hex'),
        ip,
        tcp,
      ]);
      const p = new IpDecoder().decode({ no: 1, offset: 0, linktype: 1, data: frame, origLen: frame.length });
      expect(p).toMatchObject({ src: '192.168.0.1', dst: '192.168.0.2', proto: 6, wireLen: 20 });
    }
  });

  it('a waiting fragment is a copy: the frame it came in may be overwritten', () => {
    const d = new IpDecoder();
    const fragment = (offset8: number, more: boolean, data: string) => {
      const ip = Buffer.from('45000000abcd00000406' + '0000c0a80001c0a80002', 'hex');
      ip.writeUInt16BE(20 + data.length, 2);
      ip.writeUInt16BE((more ? 0x2000 : 0) | offset8, 6);
      return Buffer.concat([ip, Buffer.from(data, 'latin1')]);
    };
    const first = fragment(0, true, 'ABCDEFGH');
    expect(d.decode({ no: 1, offset: 0, linktype: 101, data: first, origLen: first.length })).toBeUndefined();
    first.fill(0x58);
    const last = fragment(1, false, 'IJKLMNOP');
    const p = d.decode({ no: 2, offset: 0, linktype: 101, data: last, origLen: last.length });
    expect(Buffer.from(p!.payload).toString('latin1')).toBe('ABCDEFGHIJKLMNOP');
  });

  it('bounds the fragments waiting for reassembly', () => {
    const d = new IpDecoder();
    for (let id = 0; id < IpDecoder.MAX_FRAGMENTED + 10; id++) {
      const ip = Buffer.from('45000030000020000406' + '0000c0a80001c0a80002', 'hex');
      ip.writeUInt16BE(id, 4);
      const frame = Buffer.concat([ip, Buffer.alloc(28)]);
      expect(d.decode({ no: id + 1, offset: 0, linktype: 101, data: frame, origLen: frame.length })).toBeUndefined();
    }
    expect(d.fragmentsDropped).toBe(10);
  });
});
