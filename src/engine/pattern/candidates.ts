/**
 * The candidate index: which patterns (and groups of patterns: a rule's) may match a text, for
 * all of them at once. Each subscriber (a pattern, or a rule's group) lists its anchors
 * (./anchors.ts: literals one of which every match holds); the index keeps the inverted lists
 * anchor -> subscribers. One walk of an automaton of all the anchors over the text marks every
 * anchor it holds and, through the postings, every subscriber it makes a candidate: asking whether a
 * pattern is a candidate is then one array read, whatever its number of anchors. (Asking each
 * pattern's anchors in turn was a quarter of an audit: some 240 questions per reply.)
 */
interface TrieNode {
  next: Map<number, TrieNode>;
  /** The same edges as arrays (character codes, children), in insertion order: for the builds. */
  codes: number[];
  children: TrieNode[];
  /** The anchor ending here, or -1. */
  id: number;
  /** Its state in the automaton last built (breadth-first number). */
  state: number;
}

/**
 * The anchors as an Aho-Corasick automaton in typed arrays: one step per character of the text,
 * whatever the anchors (walking the trie from every position cost about three steps per
 * character, with a search among the children at each). Characters are mapped to the small
 * alphabet of the anchors (class 0: a character no anchor holds, which leads back to the root);
 * `delta` is the full transition table, states × classes, holding the row of the next state (its
 * number × width: no multiplication per character), bit-inverted (negative) when anchors end
 * there; `outStart`/`outIds` list, for each state, the anchors that end there (its own and
 * those of its suffixes). One read and one sign test per character.
 */
interface Automaton {
  classes: Uint16Array;
  width: number;
  delta: Int32Array;
  outStart: Int32Array;
  outIds: Int32Array;
}

function automaton(root: TrieNode): Automaton {
  // Built a few times a run, mostly while the code is still cold (interpreted): the table's
  // 700,000 cells are filled by copies (copyWithin) rather than loops, and hold their final
  // form from the start. A cold build of the built-in English anchors cost about 35 ms so.
  const classes = new Uint16Array(0x10000);
  let width = 1;
  const nodes: TrieNode[] = [root];
  for (let i = 0; i < nodes.length; i++) {
    const { codes, children } = nodes[i]!;
    for (let e = 0; e < codes.length; e++) {
      const code = codes[e]!;
      const child = children[e]!;
      if (classes[code] === 0) classes[code] = width++;
      child.state = nodes.length;
      nodes.push(child);
    }
  }
  const delta = new Int32Array(nodes.length * width);
  const fail = new Int32Array(nodes.length);
  // Whether anchors end at a state (its own, or its suffix state's): known when its fail link
  // is set, since the suffix state is shallower and its parent came earlier breadth first.
  const emits = new Uint8Array(nodes.length);
  const cell = (state: number) => (emits[state] ? ~(state * width) : state * width);
  const stateOf = (value: number) => (value < 0 ? ~value : value) / width;
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!;
    const row = n * width;
    const failRow = fail[n]! * width;
    // A character without an edge here goes where it goes from the suffix state (complete: shallower).
    if (n > 0) delta.copyWithin(row + 1, failRow + 1, failRow + width);
    for (let e = 0; e < node.codes.length; e++) {
      const child = node.children[e]!;
      const target = child.state;
      const cls = classes[node.codes[e]!]!;
      fail[target] = n === 0 ? 0 : stateOf(delta[failRow + cls]!);
      emits[target] = child.id >= 0 || emits[fail[target]!] ? 1 : 0;
      delta[row + cls] = cell(target);
    }
  }
  // Each state's anchors: its own, then its suffix state's (breadth first: already listed).
  const outStart = new Int32Array(nodes.length + 1);
  const outIds: number[] = [];
  const lists: [number, number][] = [];
  for (let n = 0; n < nodes.length; n++) {
    outStart[n] = outIds.length;
    if (n > 0 && nodes[n]!.id >= 0) outIds.push(nodes[n]!.id);
    if (n > 0) {
      const [from, to] = lists[fail[n]!]!;
      for (let k = from; k < to; k++) outIds.push(outIds[k]!);
    }
    lists.push([outStart[n]!, outIds.length]);
  }
  outStart[nodes.length] = outIds.length;
  return { classes, width, delta, outStart, outIds: Int32Array.from(outIds) };
}

const newNode = (): TrieNode => ({ next: new Map(), codes: [], children: [], id: -1, state: 0 });

/** The marks of one scanned text: seen[anchor] and candidate[subscriber] === stamp when it holds them. */
export interface Scan {
  text: string;
  seen: Uint32Array;
  candidate: Uint32Array;
  stamp: number;
  /** Anchors (ids below this) in the trie at the scan: the others are looked for directly. */
  count: number;
  /** Subscribers (ids below this) whose postings the walk followed. */
  subscribers: number;
}

const REBUILD_AFTER = 32;
/** A reply and the message it answers are read in turns: both stay marked. */
const SCANS_KEPT = 2;

export class CandidateIndex {
  readonly #root: TrieNode = newNode();
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
  #flat: Automaton | undefined;
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

  /**
   * The marks of a text, for a caller asking about many subscribers in a row (a rule's patterns):
   * then each question is `candidate(marks, sub)`, one array read, with no text compared.
   */
  marks(text: string): Scan {
    return this.#scanOf(text);
  }

  /** holds(marks.text, sub), from marks the index gave. */
  candidate(scan: Scan, sub: number): boolean {
    if (sub < scan.subscribers) {
      if (scan.candidate[sub] === scan.stamp) return true;
      if (this.#highest[sub]! < scan.count) return false;
    }
    return this.holds(scan.text, sub);
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
    const due =
      this.#pending.length >= Math.max(32, this.#flatCount / 2) && this.#stamp - this.#builtAt >= REBUILD_AFTER;
    if (this.#flat === undefined || due) {
      for (const anchor of this.#pending) this.#insert(anchor);
      this.#pending = [];
      this.#flat = automaton(this.#root);
      this.#flatCount = this.#ids.size;
      this.#builtAt = this.#stamp;
    }
    const { classes, width, delta, outStart, outIds } = this.#flat;
    const count = this.#flatCount;
    const subscribers = this.#subscriberIds.length;
    let seen = reused?.seen ?? new Uint32Array(0);
    if (seen.length < count) seen = new Uint32Array(Math.max(256, count * 2));
    let candidate = reused?.candidate ?? new Uint32Array(0);
    if (candidate.length < subscribers) candidate = new Uint32Array(Math.max(256, subscribers * 2));
    const stamp = ++this.#stamp;
    const postings = this.#postings;
    let row = 0;
    for (let i = 0, end = text.length; i < end; i++) {
      row = delta[row + classes[text.charCodeAt(i)]!]!;
      if (row >= 0) continue;
      row = ~row;
      const state = row / width;
      for (let k = outStart[state]!, last = outStart[state + 1]!; k < last; k++) {
        // An anchor seen for the first time in this text makes its subscribers candidates.
        const id = outIds[k]!;
        if (seen[id] === stamp) continue;
        seen[id] = stamp;
        const list = postings[id]!;
        for (let j = 0; j < list.length; j++) candidate[list[j]!] = stamp;
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
        node.next.set(code, (child = newNode()));
        node.codes.push(code);
        node.children.push(child);
      }
      node = child;
    }
    node.id = this.#ids.get(anchor)!;
  }
}
