/**
 * Registry of the WBXML languages dmtrace knows: public id (number) and FPI literal → language
 * (pages → namespace + tag table). Reverse maps (name → token) are derived here from the data
 * modules, never written by hand.
 *
 * Detection order in the reader (like libwbxml: public id, then the FPI literal; no system id in
 * WBXML): numeric public id → FPI literal from the string table → fallback to SyncML 1.2 (the
 * content of a DM message implies it; reported as a warning).
 * Detection order in the writer: the root element's namespace.
 */
import { NS } from '../../model/tree.js';
import type { CodePageDef, LanguageDef, TagRow } from './types.js';
import { METINF11_PAGE1, METINF12_PAGE1, SYNCML10_PAGE0, SYNCML11_PAGE0, SYNCML12_PAGE0 } from './syncml.js';
import { DMDDF12_FPI, DMDDF12_PAGE } from './dmddf.js';
import { DEVINF11_PAGE0, DEVINF12_PAGE0 } from './devinf.js';

export type { CodePageDef, LanguageDef, TagRow } from './types.js';

/** Registered public ids (OMNA WBXML registry; libwbxml `wbxml_tables.h`; docs/dm-facts.md §1.4). */
export const PUBLIC_ID = {
  /** "Unknown or missing public identifier" (WBXML 1.3 §5.6). */
  Unknown: 0x01,
  SyncML10: 0x0fd1,
  DevInf10: 0x0fd2,
  SyncML11: 0x0fd3,
  DevInf11: 0x0fd4,
  SyncML12: 0x1201,
  MetInf12: 0x1202,
  DevInf12: 0x1203,
} as const;

const page = (namespace: string, tags: readonly TagRow[]): CodePageDef => ({ namespace, tags });

/** DevInf 1.0: the DevInf 1.1 table without the 1.1 additions (UTC, SupportNumberOfChanges, SupportLargeObjs). */
const DEVINF10_PAGE0 = DEVINF11_PAGE0.filter(([t]) => t <= 0x27);

/** Every known language, as data. */
export const LANGUAGE_DEFS = [
  {
    name: 'SyncML 1.2',
    publicId: PUBLIC_ID.SyncML12,
    fpis: ['-//SYNCML//DTD SyncML 1.2//EN'],
    rootPage: 0,
    pages: {
      0: page(NS.SyncML12, SYNCML12_PAGE0),
      1: page(NS.MetInf, METINF12_PAGE1),
      2: page(NS.DMDDF12, DMDDF12_PAGE),
    },
  },
  {
    name: 'SyncML 1.1',
    publicId: PUBLIC_ID.SyncML11,
    fpis: ['-//SYNCML//DTD SyncML 1.1//EN'],
    rootPage: 0,
    pages: { 0: page(NS.SyncML11, SYNCML11_PAGE0), 1: page(NS.MetInf, METINF11_PAGE1) },
  },
  {
    name: 'SyncML 1.0',
    publicId: PUBLIC_ID.SyncML10,
    fpis: ['-//SYNCML//DTD SyncML 1.0//EN'],
    rootPage: 0,
    pages: { 0: page(NS.SyncML10, SYNCML10_PAGE0), 1: page(NS.MetInf, METINF11_PAGE1) },
  },
  {
    // The FPI is spelled MetInf by libwbxml and MetaInf by the OMNA registry copies (docs/dm-facts.md §1.4): accept both.
    name: 'MetInf 1.2',
    publicId: PUBLIC_ID.MetInf12,
    fpis: ['-//SYNCML//DTD MetInf 1.2//EN', '-//SYNCML//DTD MetaInf 1.2//EN'],
    rootPage: 1,
    pages: { 1: page(NS.MetInf, METINF12_PAGE1) },
  },
  {
    name: 'DevInf 1.2',
    publicId: PUBLIC_ID.DevInf12,
    fpis: ['-//SYNCML//DTD DevInf 1.2//EN'],
    rootPage: 0,
    pages: { 0: page(NS.DevInf, DEVINF12_PAGE0) },
  },
  {
    name: 'DevInf 1.1',
    publicId: PUBLIC_ID.DevInf11,
    fpis: ['-//SYNCML//DTD DevInf 1.1//EN'],
    rootPage: 0,
    pages: { 0: page(NS.DevInf, DEVINF11_PAGE0) },
  },
  {
    name: 'DevInf 1.0',
    publicId: PUBLIC_ID.DevInf10,
    fpis: ['-//SYNCML//DTD DevInf 1.0//EN'],
    rootPage: 0,
    pages: { 0: page(NS.DevInf, DEVINF10_PAGE0) },
  },
  {
    // No numeric public id is registered for DM DDF; a standalone TNDS document names it by FPI and starts on page 2.
    name: 'DM DDF 1.2',
    publicId: 0,
    fpis: [DMDDF12_FPI],
    rootPage: 2,
    pages: { 2: page(NS.DMDDF12, DMDDF12_PAGE) },
  },
] as const satisfies readonly LanguageDef[];

/** A language with its derived lookup tables. */
export interface Language extends LanguageDef {
  /** Per page index (0–255): tag names by token (index 0–63), or undefined for an unknown page. */
  readonly tagNames: ReadonlyArray<ReadonlyArray<string | undefined> | undefined>;
  /** Per page index: the page's namespace. */
  readonly pageNamespace: ReadonlyArray<string | undefined>;
  /** Namespace → page index and name → token (for the writer). */
  readonly tokens: ReadonlyMap<string, { readonly page: number; readonly byName: ReadonlyMap<string, number> }>;
}

function derive(def: LanguageDef): Language {
  const tagNames: (string[] | undefined)[] = [];
  const pageNamespace: (string | undefined)[] = [];
  const tokens = new Map<string, { page: number; byName: Map<string, number> }>();
  for (const [key, p] of Object.entries(def.pages)) {
    const idx = Number(key);
    const names: string[] = new Array<string>(64);
    const byName = new Map<string, number>();
    for (const [token, name] of p.tags) {
      names[token] = name;
      byName.set(name, token);
    }
    tagNames[idx] = names;
    pageNamespace[idx] = p.namespace;
    // The first page declaring a namespace wins (no language declares one twice).
    if (!tokens.has(p.namespace)) tokens.set(p.namespace, { page: idx, byName });
  }
  return { ...def, tagNames, pageNamespace, tokens };
}

/** All languages, derived. */
export const LANGUAGES: readonly Language[] = LANGUAGE_DEFS.map(derive);

const byPublicId = new Map<number, Language>();
const byFpi = new Map<string, Language>();
const byRootNamespace = new Map<string, Language>();
for (const lang of LANGUAGES) {
  if (lang.publicId !== 0) byPublicId.set(lang.publicId, lang);
  for (const f of lang.fpis) byFpi.set(f, lang);
  const rootNs = lang.pageNamespace[lang.rootPage];
  // First language per root namespace wins: 1.2 before 1.1 (e.g. `syncml:devinf` → DevInf 1.2).
  if (rootNs !== undefined && !byRootNamespace.has(rootNs)) byRootNamespace.set(rootNs, lang);
}

/** The language registered under a numeric public id. */
export function languageByPublicId(id: number): Language | undefined {
  return byPublicId.get(id);
}

/** The language named by a formal public identifier (surrounding whitespace ignored). */
export function languageByFpi(fpi: string): Language | undefined {
  return byFpi.get(fpi.trim());
}

/** The language whose root page has this namespace (SyncML namespaces are matched case-insensitively). */
export function languageByRootNamespace(namespace: string): Language | undefined {
  return byRootNamespace.get(namespace) ?? byRootNamespace.get(namespace.toUpperCase());
}

/** Look up by name (`SyncML 1.2`). */
export function languageByName(name: string): Language | undefined {
  return LANGUAGES.find((l) => l.name === name);
}

/** SyncML 1.2, also the fallback when the public id is unknown. */
export const SYNCML12: Language = byPublicId.get(PUBLIC_ID.SyncML12)!;
