/**
 * Rules that judge either side (`side: 'both'`) list the SCR items of both tables; a finding bears
 * only on the items of the side at fault (a server defect must not fail a client item in
 * `dmtrace scr`). `defineRule` narrows each report's SCR items to that side unless the report
 * names its own.
 */
import type { Direction } from '../../model/exchange.js';
import type { Report, Rule, RuleContext } from '../types.js';

/** The items of one side's table: client items have `-C-<n>`, server items `-S-<n>` (scr-dm-protocol-1.2.json). */
export function sideScr(scr: readonly string[], side: Direction): string[] {
  const re = side === 'client' ? /-C-\d+$/ : /-S-\d+$/;
  return scr.filter((id) => re.test(id));
}

export function defineRule(rule: Rule): Rule {
  if (rule.side !== 'both') return rule;
  return {
    ...rule,
    check(ctx: RuleContext) {
      const narrowed: RuleContext = {
        ...ctx,
        report(r: Report) {
          if (r.scr) return ctx.report(r);
          const side =
            r.side ?? (r.messageIndex !== undefined ? ctx.session.messages[r.messageIndex]?.direction : undefined);
          ctx.report(side ? { ...r, scr: sideScr(rule.scr, side) } : r);
        },
      };
      rule.check(narrowed);
    },
  };
}
