/** OrderedMerge (src/cli/jobs.ts): the workers' session streams into key order, without waiting longer than it must. */
import { describe, expect, it } from 'vitest';
import { OrderedMerge } from '../../src/cli/jobs.js';

const item = (...key: number[]) => ({ key });

describe('OrderedMerge', () => {
  it('hands on in key order what three workers post in pieces', () => {
    const out: string[] = [];
    const m = new OrderedMerge<{ key: number[] }>(3, (x) => out.push(x.key.join('.')));
    m.add(0, [item(1, 1, 0), item(4, 0, 9)], 5);
    m.add(1, [item(2, 1, 0)], 3);
    expect(out).toEqual([]); // worker 2 could still post [0 …]
    m.add(2, [item(0, 1, 0), item(3, 1, 1)], 4);
    expect(out).toEqual(['0.1.0', '1.1.0', '2.1.0']); // worker 1 could still post [3 …]
    m.add(1, [item(3, 1, 0)], 6);
    expect(out).toEqual(['0.1.0', '1.1.0', '2.1.0', '3.1.0', '3.1.1']);
    m.end(1);
    expect(out.at(-1)).toBe('3.1.1'); // worker 2 could still post [4 …] before worker 0's [4, 0, 9]
    m.end(2);
    expect(out.at(-1)).toBe('4.0.9');
    m.add(0, [item(7, 2, 1)], 7);
    m.end(0);
    expect(out).toEqual(['0.1.0', '1.1.0', '2.1.0', '3.1.0', '3.1.1', '4.0.9', '7.2.1']);
    expect(m.waiting).toBe(0);
  });

  it('does not hold sessions for a worker whose devices have none: its count of exchanges pushed is enough', () => {
    const out: number[] = [];
    const m = new OrderedMerge<{ key: number[] }>(2, (x) => out.push(x.key[0]!));
    for (let p = 0; p < 1000; p++) {
      m.add(0, [item(p, 1, 0)], p + 1);
      m.add(1, [], p + 1);
    }
    expect(out).toHaveLength(1000);
    expect(m.waiting).toBe(0);
  });
});
