/**
 * Which patterns' anchors (src/engine/anchors.ts) a text holds, for all patterns at once.
 * Looking for each anchor of each pattern with `includes` was a third of an audit's time (about
 * 400 patterns, a few anchors each, per reply); here one walk of a trie over the text marks every
 * anchor it holds, and a pattern then reads the marks of its own anchors.
 */
interface TrieNode {
  next: Map<number, TrieNode>;
  /** The anchor ending here, or -1. */
  id: number;
}

const FIRST_TABLE = 0x250;

export class AnchorIndex {
  readonly #root: TrieNode = { next: new Map(), id: -1 };
  readonly #ids = new Map<string, number>();
  /** seen[id] === #scan when the last scanned text holds anchor id (no clearing between texts). */
  #seen = new Uint32Array(256);
  #scan = 0;
  #scanned: string | undefined;
  /** Anchors registered after the last scan are not marked yet: they are looked for directly. */
  #scannedCount = 0;
  /** Anchors not in the trie yet: it is built at the next scan, so a one-text run never builds it. */
  #pending: string[] = [];
  /** The trie's first level for Latin text, as an array: a Map lookup at every position cost. */
  readonly #first: (TrieNode | undefined)[] = new Array(FIRST_TABLE);

  /** The ids of a pattern's anchors (an anchor shared by several patterns has one id). */
  register(anchors: readonly string[]): Int32Array {
    return Int32Array.from(anchors, (anchor) => this.#idOf(anchor));
  }

  /** Whether `text` holds at least one of the anchors (`ids` from register, `anchors` the same strings). */
  holdsAny(text: string, ids: Int32Array, anchors: readonly string[]): boolean {
    if (text !== this.#scanned) this.#mark(text);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id >= this.#scannedCount ? text.includes(anchors[i]!) : this.#seen[id] === this.#scan) return true;
    }
    return false;
  }

  #idOf(anchor: string): number {
    const known = this.#ids.get(anchor);
    if (known !== undefined) return known;
    const id = this.#ids.size;
    this.#ids.set(anchor, id);
    this.#pending.push(anchor);
    if (id >= this.#seen.length) {
      const grown = new Uint32Array(this.#seen.length * 2);
      grown.set(this.#seen);
      this.#seen = grown;
    }
    return id;
  }

  #insert(anchor: string): void {
    let node = this.#root;
    for (let i = 0; i < anchor.length; i++) {
      const code = anchor.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        node.next.set(code, (child = { next: new Map(), id: -1 }));
        if (node === this.#root && code < FIRST_TABLE) this.#first[code] = child;
      }
      node = child;
    }
    node.id = this.#ids.get(anchor)!;
  }

  /** One walk of the trie from every position of the text. */
  #mark(text: string): void {
    for (const anchor of this.#pending) this.#insert(anchor);
    this.#pending = [];
    const scan = ++this.#scan;
    const seen = this.#seen;
    const first = this.#first;
    const root = this.#root.next;
    for (let start = 0; start < text.length; start++) {
      const code = text.charCodeAt(start);
      let node = code < FIRST_TABLE ? first[code] : root.get(code);
      for (let i = start + 1; node !== undefined; i++) {
        if (node.id >= 0) seen[node.id] = scan;
        if (i >= text.length) break;
        node = node.next.get(text.charCodeAt(i));
      }
    }
    this.#scanned = text;
    this.#scannedCount = this.#ids.size;
  }
}
