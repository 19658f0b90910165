import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Start-up cache: the built-in rule files' parsed data, written at build time into
 * dist/rules-cache.bin. A file is served from the cache only if its bytes equal the copy (an
 * edited file misses and is parsed and validated again). Comparing bytes needs neither a hash
 * (crypto) nor decoding the files. Measured: parsing the YAML (and loading the yaml package) cost
 * more than compiling the rules' regular expressions, and then parsing the whole cache as one
 * JSON text (300 KB, examples included) was the largest part of a draft's own start-up: so each
 * field the loader does not read at load is a JSON text of its own, parsed at first access (a
 * rule's patterns when its check compiles, in the reply's language only; its examples never,
 * in a lint run).
 *
 * Layout: the header's byte length (4 bytes, little-endian); the header, ASCII JSON: an array
 * with per file [byte length, field names in file order, the eager fields' values, the byte
 * lengths of the lazy fields' JSON texts]; then the lazy texts (ASCII JSON), in order; then the
 * files' bytes, in order.
 *
 * A run reads only what it uses (session 9): the header at the first file looked up, each copy
 * into one reused buffer to compare it with the file, and a file's lazy texts when its data is
 * first asked for. Reading the whole file (900 KB, most of it copies and texts a run never
 * needs) was some 200 page faults of every start. The file stays open for the process's life:
 * the build replaces it by renaming a new file over it, so an open cache keeps the bytes it was
 * opened with, whatever is built meanwhile.
 */
export const RULE_CACHE_FILE = new URL('../rules-cache.bin', import.meta.url);
type RuleData = Record<string, unknown>;
export type RuleCacheEntry = [byteLength: number, keys: string[], eager: RuleData, lazyLengths: number[]];

/**
 * The fields src/rules/load.ts reads when it loads a file (a rule's metadata; a signal's
 * sources, which the rules include): parsed with the header. Any other field is lazy, unless it
 * is small (SMALL_FIELD). A field missing here only costs its parse at load, never a wrong answer.
 */
const EAGER_RULE_FIELDS = new Set(['id', 'tip', 'level', 'message', 'family', 'description', 'why', 'suggest', 'when', 'lang', 'type']);
const EAGER_SIGNAL_FIELDS = new Set(['signal', 'description', 'patterns', 'any', 'type']);
const isEager = (data: RuleData, key: string) => ('signal' in data ? EAGER_SIGNAL_FIELDS : EAGER_RULE_FIELDS).has(key);
/**
 * A field whose JSON text is this short is parsed with the header whatever it is (a threshold, a
 * model name, a scope): a getter of its own (defined for every file at every start) cost more
 * than parsing it, and about half the lazy fields were such.
 */
const SMALL_FIELD = 200;

/** A cached file: where its bytes are in the cache file, its header entry, its data once asked. */
interface CachedFile {
  start: number;
  end: number;
  entry: RuleCacheEntry;
  /** Where its lazy fields' texts start. */
  lazyOffset: number;
  data?: RuleData;
}

/**
 * A file byte-identical to one the build validated: the fields the loader reads at load, as
 * values (`eager`: a rule's id, level, messages...; a signal's sources), and the whole data, made
 * on first call (a rule that never compiles never needs it: building every file's object, with
 * a getter per lazy field, was about a millisecond and a half of each pre-send check).
 */
export interface CachedRule {
  readonly eager: Readonly<RuleData>;
  /** The file's field names, in order. */
  readonly keys: readonly string[];
  data(): RuleData;
}
/** The open cache file, and the cached files by byte length (the key that finds the copies to compare with). */
let cache: { fd: number; byLength: Map<number, CachedFile[]> } | undefined;

/** One buffer for the copies compared and the lazy texts read, grown as needed. */
let scratch: Buffer | undefined;

/** The scratch buffer, at least `length` bytes long (made at first use: the browser build has no Buffer). */
function scratchOf(length: number): Buffer {
  if (!scratch || scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.max(length, 16 * 1024));
  return scratch;
}

/** `length` bytes of the cache file from `position`, into `into` (from its start); false if the file is shorter. */
function readAt(fd: number, into: Buffer, length: number, position: number): boolean {
  for (let done = 0; done < length; ) {
    const read = readSync(fd, into, done, length - done, position + done);
    if (read === 0) return false;
    done += read;
  }
  return true;
}

/** JSON in ASCII: it decodes as latin1, without UTF-8 work. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function writeRuleCache(files: { bytes: Uint8Array; data: RuleData }[]): void {
  const lazyTexts: string[] = [];
  const entries = files.map(({ bytes, data }): RuleCacheEntry => {
    const keys = Object.keys(data);
    const eager: RuleData = {};
    const lazyLengths: number[] = [];
    for (const key of keys) {
      const text = isEager(data, key) ? undefined : asciiJson(data[key]);
      if (text === undefined || text.length <= SMALL_FIELD) eager[key] = data[key];
      else {
        lazyTexts.push(text);
        lazyLengths.push(text.length);
      }
    }
    return [bytes.length, keys, eager, lazyLengths];
  });
  const header = Buffer.from(asciiJson(entries), 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  // A new file renamed over the old one: a run that has the old one open keeps reading its bytes.
  const file = fileURLToPath(RULE_CACHE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([length, header, Buffer.from(lazyTexts.join(''), 'latin1'), ...files.map((f) => f.bytes)]));
  try {
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
    writeFileSync(file, Buffer.concat([length, header, Buffer.from(lazyTexts.join(''), 'latin1'), ...files.map((f) => f.bytes)]));
  }
}

/**
 * A file's data: the eager fields as values, the others as getters that parse their JSON text
 * once (then become values). Properties in the file's order, so that the object is the parsed
 * YAML's (test/startup.test.ts compares them). Each text is read from the file when its field
 * is first asked for (a rule's examples, most of the texts, are never read in a lint run).
 */
function dataOf(fd: number, [, keys, eager, lazyLengths]: RuleCacheEntry, lazyOffset: number): RuleData {
  const data: RuleData = {};
  let lazy = 0;
  for (const key of keys) {
    if (Object.hasOwn(eager, key)) {
      data[key] = eager[key];
      continue;
    }
    const start = lazyOffset;
    const end = (lazyOffset += lazyLengths[lazy++]!);
    Object.defineProperty(data, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value: unknown = JSON.parse(textAt(fd, start, end));
        Object.defineProperty(data, key, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  }
  return data;
}

/** The cache file's bytes from `start` to `end`, as latin1 (they are ASCII). */
function textAt(fd: number, start: number, end: number): string {
  const buffer = scratchOf(end - start);
  if (!readAt(fd, buffer, end - start, start)) throw new Error(`${fileURLToPath(RULE_CACHE_FILE)} was cut short while in use`);
  return buffer.toString('latin1', 0, end - start);
}

function readRuleCache(): NonNullable<typeof cache> {
  const byLength = new Map<number, CachedFile[]>();
  let fd = -1;
  try {
    fd = openSync(RULE_CACHE_FILE, 'r');
    const size = fstatSync(fd).size;
    const prefix = Buffer.alloc(4);
    if (!readAt(fd, prefix, 4, 0)) throw new Error('no header');
    const headerLength = prefix.readUInt32LE(0);
    const header = Buffer.allocUnsafe(headerLength);
    if (4 + headerLength > size || !readAt(fd, header, headerLength, 4)) throw new Error('no header');
    const entries = JSON.parse(header.toString('latin1', 0, headerLength)) as RuleCacheEntry[];
    const lazyLength = (entry: RuleCacheEntry) => entry[3].reduce((a, b) => a + b, 0);
    let lazyOffset = 4 + headerLength;
    let offset = lazyOffset + entries.reduce((sum, entry) => sum + lazyLength(entry), 0);
    for (const entry of entries) {
      const file: CachedFile = { start: offset, end: (offset += entry[0]), entry, lazyOffset };
      lazyOffset += lazyLength(entry);
      const length = entry[0];
      const copies = byLength.get(length);
      if (copies) copies.push(file);
      else byLength.set(length, [file]);
    }
    // The copies end the file: any other length is a damaged cache, not one to serve data from.
    if (offset !== size) byLength.clear();
  } catch {
    byLength.clear(); // no cache (a source checkout before its build): every file is parsed
  }
  if (byLength.size === 0 && fd >= 0) {
    closeSync(fd);
    fd = -1;
  }
  return { fd, byLength };
}

/**
 * The data of a file byte-identical to one parsed at build time. Shared, not copied: the
 * loader and the rule types only read it (test/startup.test.ts checks it is left unchanged).
 */
export function cachedRuleData(bytes: Uint8Array): RuleData | undefined {
  const file = cachedFile(bytes);
  return file && dataOfFile(file);
}

/** The cached entry of a file byte-identical to one the build validated (see CachedRule). */
export function cachedRule(bytes: Uint8Array): CachedRule | undefined {
  const file = cachedFile(bytes);
  if (!file) return undefined;
  const [, keys, eager] = file.entry;
  return { eager, keys, data: () => dataOfFile(file) };
}

function cachedFile(bytes: Uint8Array): CachedFile | undefined {
  cache ??= readRuleCache();
  const copies = cache.byLength.get(bytes.length);
  if (!copies) return undefined;
  const buffer = scratchOf(bytes.length);
  for (const file of copies)
    if (readAt(cache.fd, buffer, bytes.length, file.start) && buffer.compare(bytes, 0, bytes.length, 0, bytes.length) === 0) return file;
  return undefined;
}

/** One data object per cached file, however often asked: the loader and the types share it. */
const dataOfFile = (file: CachedFile): RuleData => (file.data ??= dataOf(cache!.fd, file.entry, file.lazyOffset));

/** Only data that JSON keeps as it is can be cached (NaN, Infinity or dates would change). */
export function isJsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.values(value).every(isJsonSafe);
  return false;
}
