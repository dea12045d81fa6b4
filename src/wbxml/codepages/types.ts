/**
 * Shapes of the WBXML code-page data (one module per DTD, STYLE "protocol tables are data").
 * Rows are `[token, name]` pairs as the DTD's WBXML annex lists them; lookups are derived in
 * ./index.ts, never written by hand.
 */

/** One tag token of a code page: the low 6 bits of the tag byte (WBXML 1.3 §5.8.2) and the element name. */
export type TagRow = readonly [token: number, name: string];

/** A tag code page: the XML namespace its elements belong to and its tokens. */
export interface CodePageDef {
  /** Namespace name of every element on this page (see NS in src/model/tree.ts). */
  readonly namespace: string;
  readonly tags: readonly TagRow[];
}

/** A WBXML language (one DTD family): how a document names it and which pages it uses. */
export interface LanguageDef {
  /** Short human name, e.g. `SyncML 1.2`. */
  readonly name: string;
  /** Registered numeric public id (OMNA WBXML registry); 0 when none is registered (DM DDF). */
  readonly publicId: number;
  /** Formal public identifiers accepted as a literal public id (the first is the one written). */
  readonly fpis: readonly string[];
  /** Tag code pages by page index. */
  readonly pages: Readonly<Record<number, CodePageDef>>;
  /** Page the root element is on when a writer starts (DM DDF starts on page 2). */
  readonly rootPage: number;
}
