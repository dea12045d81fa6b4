/**
 * A JSON document written as it is made: an object whose first member is an array, its items
 * written one at a time, then the other members at the end. The text is byte for byte what
 * `JSON.stringify(doc, null, 2)` gives for the whole document, so a streamed report reads the same
 * as one built in memory; only one item is held at a time.
 */
import { Spool } from './spool.js';

/** `value` as `JSON.stringify(…, null, 2)` writes it `depth` levels down in a larger document. */
export function nestedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/**
 * An array member written after the first one, whose items come during the run (lint json's
 * `sessions`): each item is written to a spool (src/report/spool.ts) as it comes, and copied into
 * the document at the end, so memory does not grow with the items.
 */
export class SpooledArray {
  private items = 0;
  private readonly spool: Spool;

  /** `keep`: applied to an item's text before it is kept (lint takes the secrets out). */
  constructor(
    memoryLimit?: number,
    private readonly keep: (text: string) => string = (t) => t,
  ) {
    this.spool = new Spool(memoryLimit);
  }

  /** One item, one level below a member of the document. */
  item(value: unknown): void {
    this.spool.append(this.keep(`${this.items++ ? ',' : ''}\n    ${nestedJson(value, 2)}`));
  }

  /** Writes the array (`[]` when empty) and empties the spool. */
  writeTo(write: (text: string) => void): void {
    if (this.items === 0) write('[]');
    else {
      write('[');
      this.spool.copy(write);
      write('\n  ]');
    }
    this.spool.close();
  }
}

export class JsonArrayWriter {
  private items = 0;

  constructor(
    private readonly write: (text: string) => void,
    key: string,
  ) {
    this.write(`{\n  ${JSON.stringify(key)}: [`);
  }

  /** One item of the array. */
  item(value: unknown): void {
    this.itemJson(nestedJson(value, 2));
  }

  /** One item already serialized as `nestedJson(value, 2)` (by a --jobs worker). */
  itemJson(text: string): void {
    this.write(`${this.items++ ? ',' : ''}\n    ${text}`);
  }

  get count(): number {
    return this.items;
  }

  /** Closes the array, writes the other members (in their order) and closes the document. */
  end(rest: Record<string, unknown> = {}): void {
    let text = this.items ? '\n  ]' : ']';
    for (const [k, v] of Object.entries(rest)) {
      if (v === undefined) continue;
      text += `,\n  ${JSON.stringify(k)}: `;
      if (v instanceof SpooledArray) {
        this.write(text);
        text = '';
        v.writeTo(this.write);
      } else text += nestedJson(v, 1);
    }
    this.write(`${text}\n}\n`);
  }
}
