/**
 * The candidate index: which patterns (and groups of patterns: a rule's) may match a text, for
 * all of them at once. Each subscriber (a pattern, or a rule's group) lists its anchors
 * (./anchors.ts: literals one of which every match holds); the index keeps the inverted lists
 * anchor -> subscribers. One walk of a trie of all the anchors over the text marks every anchor
 * it holds and, through the postings, every subscriber it makes a candidate: asking whether a
 * pattern is a candidate is then one array read, whatever its number of anchors. (Asking each
 * pattern's anchors in turn was a quarter of an audit: some 240 questions per reply.)
 */
interface TrieNode {
  next: Map<number, TrieNode>;
  /** The anchor ending here, or -1. */
  id: number;
}

/**
 * The trie in typed arrays, for the walk: node n's children are codes/targets[start[n]..start[n+1]),
 * sorted by code; node 0 is the root; `first` maps a Latin code straight to the root's child (0:
 * none), `pairs` two ASCII codes to the grandchild. Map lookups at every step cost ten times more.
 */
interface FlatTrie {
  first: Int32Array;
  /** The node two ASCII characters down, by (c1 << 7) | c2: most steps of a walk are these two. */
  pairs: Int32Array;
  start: Int32Array;
  codes: Uint16Array;
  targets: Int32Array;
  ids: Int32Array;
}

function flatten(root: TrieNode): FlatTrie {
  const nodes: TrieNode[] = [root];
  for (let i = 0; i < nodes.length; i++) for (const child of nodes[i]!.next.values()) nodes.push(child);
  const index = new Map(nodes.map((node, i) => [node, i]));
  const start = new Int32Array(nodes.length + 1);
  const codes = new Uint16Array(nodes.length);
  const targets = new Int32Array(nodes.length);
  const ids = new Int32Array(nodes.length);
  let k = 0;
  nodes.forEach((node, n) => {
    start[n] = k;
    ids[n] = node.id;
    for (const [code, child] of [...node.next.entries()].sort((a, b) => a[0] - b[0])) {
      codes[k] = code;
      targets[k++] = index.get(child)!;
    }
  });
  start[nodes.length] = k;
  const first = new Int32Array(FIRST_TABLE);
  const pairs = new Int32Array(128 * 128);
  for (const [c1, child] of root.next) {
    if (c1 < FIRST_TABLE) first[c1] = index.get(child)!;
    if (c1 < 128) for (const [c2, grandchild] of child.next) if (c2 < 128) pairs[(c1 << 7) | c2] = index.get(grandchild)!;
  }
  return { first, pairs, start, codes, targets, ids };
}

/** The child of node n by code, or 0 (the root is nobody's child). */
function childOf(start: Int32Array, codes: Uint16Array, targets: Int32Array, n: number, code: number): number {
  for (let k = start[n]!, end = start[n + 1]!; k < end; k++) {
    const c = codes[k]!;
    if (c === code) return targets[k]!;
    if (c > code) return 0;
  }
  return 0;
}

/** The marks of one scanned text: seen[anchor] and candidate[subscriber] === stamp when it holds them. */
interface Scan {
  text: string;
  seen: Uint32Array;
  candidate: Uint32Array;
  stamp: number;
  /** Anchors (ids below this) in the trie at the scan: the others are looked for directly. */
  count: number;
  /** Subscribers (ids below this) whose postings the walk followed. */
  subscribers: number;
}

const FIRST_TABLE = 0x250;
const REBUILD_AFTER = 32;
/** A reply and the message it answers are read in turns: both stay marked. */
const SCANS_KEPT = 2;

export class CandidateIndex {
  readonly #root: TrieNode = { next: new Map(), id: -1 };
  readonly #ids = new Map<string, number>();
  /** anchor id -> the subscribers it makes candidates. */
  readonly #postings: number[][] = [];
  /** subscriber -> its anchors' ids, the anchors, and its highest anchor id. */
  readonly #subscriberIds: Int32Array[] = [];
  readonly #subscriberAnchors: (readonly string[])[] = [];
  readonly #highest: number[] = [];
  /** Anchors not in the trie yet: it is built at the next scan, so a one-text run never builds it. */
  #pending: string[] = [];
  #scans: Scan[] = [];
  #flat: FlatTrie | undefined;
  /** The trie holds the anchors of ids below this (ids are given in order). */
  #flatCount = 0;
  #builtAt = 0;
  #stamp = 0;

  /** A new subscriber with these anchors (at least one); returns its id for holds(). */
  subscribe(anchors: readonly string[]): number {
    const sub = this.#subscriberIds.length;
    const ids = Int32Array.from(anchors, (anchor) => this.#idOf(anchor));
    let highest = -1;
    for (const id of ids) {
      this.#postings[id]!.push(sub);
      if (id > highest) highest = id;
    }
    this.#subscriberIds.push(ids);
    this.#subscriberAnchors.push(anchors);
    this.#highest.push(highest);
    return sub;
  }

  /** Whether `text` holds one of the subscriber's anchors (as `anchors.some((a) => text.includes(a))`). */
  holds(text: string, sub: number): boolean {
    const scan = this.#scanOf(text);
    if (sub < scan.subscribers) {
      if (scan.candidate[sub] === scan.stamp) return true;
      if (this.#highest[sub]! < scan.count) return false;
    }
    // Subscribed after the walk, or with anchors the trie does not hold yet.
    const ids = this.#subscriberIds[sub]!;
    const anchors = this.#subscriberAnchors[sub]!;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id >= scan.count ? text.includes(anchors[i]!) : scan.seen[id] === scan.stamp) return true;
    }
    return false;
  }

  #idOf(anchor: string): number {
    const known = this.#ids.get(anchor);
    if (known !== undefined) return known;
    const id = this.#ids.size;
    this.#ids.set(anchor, id);
    this.#postings.push([]);
    this.#pending.push(anchor);
    return id;
  }

  #scanOf(text: string): Scan {
    const scans = this.#scans;
    if (scans[0]?.text === text) return scans[0];
    const kept = scans.findIndex((s) => s.text === text);
    if (kept > 0) {
      const [scan] = scans.splice(kept, 1);
      scans.unshift(scan!);
      return scan!;
    }
    const reused = scans.length < SCANS_KEPT ? undefined : scans.pop();
    const scan = this.#mark(text, reused);
    scans.unshift(scan);
    return scan;
  }

  /** One walk of the trie from every position of the text. */
  #mark(text: string, reused: Scan | undefined): Scan {
    // Patterns subscribe as they first run, most of them over the first few replies, a rare one
    // much later. The trie is rebuilt when the anchors waiting are many (half as many as it
    // holds) and some texts have gone by: a rebuild for every newcomer cost more than the walks
    // (a few times in a run, not hundreds). Until then waiting anchors are looked for with includes().
    const due = this.#pending.length >= Math.max(32, this.#flatCount / 2) && this.#stamp - this.#builtAt >= REBUILD_AFTER;
    if (this.#flat === undefined || due) {
      for (const anchor of this.#pending) this.#insert(anchor);
      this.#pending = [];
      this.#flat = flatten(this.#root);
      this.#flatCount = this.#ids.size;
      this.#builtAt = this.#stamp;
    }
    const { first, pairs, start, codes, targets, ids } = this.#flat;
    const count = this.#flatCount;
    const subscribers = this.#subscriberIds.length;
    let seen = reused?.seen ?? new Uint32Array(0);
    if (seen.length < count) seen = new Uint32Array(Math.max(256, count * 2));
    let candidate = reused?.candidate ?? new Uint32Array(0);
    if (candidate.length < subscribers) candidate = new Uint32Array(Math.max(256, subscribers * 2));
    const stamp = ++this.#stamp;
    const postings = this.#postings;
    // An anchor seen for the first time in this text makes its subscribers candidates.
    const hit = (id: number) => {
      if (seen[id] === stamp) return;
      seen[id] = stamp;
      const list = postings[id]!;
      for (let k = 0; k < list.length; k++) candidate[list[k]!] = stamp;
    };
    const end = text.length;
    for (let from = 0; from < end; from++) {
      const c1 = text.charCodeAt(from);
      const n1 = c1 < FIRST_TABLE ? first[c1]! : childOf(start, codes, targets, 0, c1);
      if (n1 === 0) continue;
      if (ids[n1]! >= 0) hit(ids[n1]!);
      if (from + 1 === end) break;
      const c2 = text.charCodeAt(from + 1);
      let node = c1 < 128 && c2 < 128 ? pairs[(c1 << 7) | c2]! : childOf(start, codes, targets, n1, c2);
      for (let i = from + 2; node > 0; i++) {
        const id = ids[node]!;
        if (id >= 0) hit(id);
        if (i >= end) break;
        node = childOf(start, codes, targets, node, text.charCodeAt(i));
      }
    }
    return { text, seen, candidate, stamp, count, subscribers };
  }

  #insert(anchor: string): void {
    let node = this.#root;
    for (let i = 0; i < anchor.length; i++) {
      const code = anchor.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        node.next.set(code, (child = { next: new Map(), id: -1 }));
      }
      node = child;
    }
    node.id = this.#ids.get(anchor)!;
  }
}
