/**
 * `defineRule` (typescript-eslint's `createRule`): every rule module goes through it, so that the
 * rule's type carries its message ids (`ctx.report({ messageId })` with an id the rule does not
 * declare, or without the data its template needs, is a type error).
 *
 * Rules that judge either side (`side: 'both'`) list the SCR items of both tables; a finding bears
 * only on the items of the side at fault (a server defect must not fail a client item in
 * `dmtrace scr`). `defineRule` narrows each report's SCR items to that side unless the report
 * names its own.
 */
import type { Direction } from '../../model/exchange.js';
import type { Report, Rule, RuleContext, RuleMessages } from '../types.js';

/** The items of one side's table: client items have `-C-<n>`, server items `-S-<n>` (scr-dm-protocol-1.2.json). */
export function sideScr(scr: readonly string[], side: Direction): string[] {
  const re = side === 'client' ? /-C-\d+$/ : /-S-\d+$/;
  return scr.filter((id) => re.test(id));
}

export function defineRule<const M extends RuleMessages>(rule: Rule<M>): Rule<M> {
  if (rule.side !== 'both') return rule;
  return {
    ...rule,
    check(ctx: RuleContext<M>) {
      const narrowed: RuleContext<M> = {
        ...ctx,
        report(r: Report<M>) {
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
