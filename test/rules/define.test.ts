import { describe, expect, it } from 'vitest';
import { sideScr } from '../../src/rules/util/define.js';
import { scrClientItems, scrServerItems } from '../../src/rules/scr-data.js';
import { rules } from '../../src/rules/index.js';

describe('SCR items per side (src/rules/util/define.ts)', () => {
  const client = scrClientItems.map((i) => i.id);
  const server = scrServerItems.map((i) => i.id);
  it('classifies every item of the two tables into its own table', () => {
    expect(sideScr([...client, ...server], 'client')).toEqual(client);
    expect(sideScr([...client, ...server], 'server')).toEqual(server);
  });
  it("one-sided rules only list their own side's items", () => {
    for (const r of rules) {
      if (r.side === 'both') continue;
      expect(sideScr(r.scr, r.side), r.id).toEqual(r.scr);
    }
  });
});
