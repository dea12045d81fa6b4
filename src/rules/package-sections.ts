/**
 * The section and SCR item of each package (DM Protocol 1.2 §8.3–8.6; docs/dm-facts.md §8.1): a rule
 * that applies to every package (`Rule.perPackage`: the SyncHdr's VerDTD, VerProto, MsgID,
 * SessionID, Target/Source, the Status for the SyncHdr, Final) cites the package its finding is in,
 * not one fixed section.
 *
 * SCR items (fixtures/spec/scr-dm-protocol-1.2.json): Package 1 is DM-PRO-Session-C-002 ("Client
 * Initiation and Device Info (Package #1) including Final"), Package 2 DM-PRO-Session-S-002 (the
 * server's answer to Package 1, §8.4), Package 3 DM-PRO-C-008 ("sending Status and Result after
 * receiving Management Operations"). No item of the server table cites §8.6; Package 4 answers
 * the client's Status, Results and alerts, which is DM-PRO-S-008 ("sending Status and Results on
 * Client Commands and Alerts").
 */
import type { Direction } from '../model/exchange.js';

export interface PackageSection {
  package: 1 | 2 | 3 | 4;
  section: string;
  /** The side that sends the package. */
  side: Direction;
  scr: readonly string[];
  /** The item names this package ("Package #1"): it never applies to a finding in another package. */
  namesPackage: boolean;
}

export const packageSections: readonly PackageSection[] = [
  { package: 1, section: '8.3', side: 'client', scr: ['DM-PRO-Session-C-002'], namesPackage: true },
  { package: 2, section: '8.4', side: 'server', scr: ['DM-PRO-Session-S-002'], namesPackage: true },
  { package: 3, section: '8.5', side: 'client', scr: ['DM-PRO-C-008'], namesPackage: false },
  { package: 4, section: '8.6', side: 'server', scr: ['DM-PRO-S-008'], namesPackage: false },
];

const byNumber = new Map(packageSections.map((p) => [p.package as number, p]));
const packageItems = new Set(packageSections.flatMap((p) => (p.namesPackage ? p.scr : [])));

/** The entry of a package number (1–4); undefined for Package 0 or an unnumbered message. */
export function packageSection(pkg: number | undefined): PackageSection | undefined {
  return pkg === undefined ? undefined : byNumber.get(pkg);
}

/**
 * The SCR items of a finding in package `p` on `side`: the package's item first (when the side at
 * fault sends the package), then the rule's items, less those that name another package.
 */
export function packageScr(p: PackageSection, side: Direction, ruleItems: readonly string[]): string[] {
  const own = p.side === side ? [...p.scr] : [];
  const rest = ruleItems.filter((id) => !packageItems.has(id) || own.includes(id));
  return [...new Set([...own, ...rest])];
}

type RuleCitation = { section: string; side: Direction | 'both'; perPackage?: boolean };

/** The packages a per-package rule can fire in: those its side at fault sends (all four for `both`). */
function packagesOf(rule: RuleCitation): readonly PackageSection[] {
  return packageSections.filter((p) => rule.side === 'both' || p.side === rule.side);
}

/** The section a rule cites as an index or a SARIF rule descriptor shows it: `8.3–8.6`, `8.4, 8.6`. */
export function ruleSection(rule: RuleCitation): string {
  if (!rule.perPackage) return rule.section;
  const ps = packagesOf(rule);
  return ps.length === packageSections.length ? '8.3–8.6' : ps.map((p) => p.section).join(', ');
}

/** The per-package citations spelt out for docs/rules.md: `Package 1 §8.3 (DM-PRO-Session-C-002), …`. */
export function packageCitations(rule: RuleCitation): string {
  return packagesOf(rule)
    .map((p) => `Package ${p.package} §${p.section} (\`${p.scr.join('`, `')}\`)`)
    .join(', ');
}
