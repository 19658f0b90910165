import type { Node } from 'yaml';
import { RuleFileError } from './errors.js';
import { yamlModule, type ParsedYaml } from './yaml.js';

type Path = (string | number)[];

/** What a field holds, as a rule file writes it. */
export type FieldType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  /** One of `values`. */
  | 'enum'
  /** A list of strings (one string counts as a list of one). */
  | 'strings'
  /** A list of regular expressions in the pattern language (one string counts as a list of one). */
  | 'patterns'
  /** A map of strings to strings. */
  | 'map';

/**
 * One field of a rule type, declared once: the reader takes its default and bounds from here,
 * and the README's type table and the rule files' JSON Schema are generated from it.
 */
export interface FieldSpec {
  name: string;
  type: FieldType;
  /** What the field does, in a short sentence (shown by editors as completion help). */
  doc: string;
  default?: string | number | boolean;
  min?: number;
  max?: number;
  /** For `enum`: the values allowed. */
  values?: readonly string[];
  /** For `map`: the keys allowed (any when absent). */
  keys?: readonly string[];
  required?: boolean;
}

/** A rule type's declared fields by name, made once per type (each rule compiled asks for them). */
const declaredFields = new WeakMap<readonly FieldSpec[], ReadonlyMap<string, FieldSpec>>();

/**
 * Reads the fields of one YAML rule with their source positions, so that every validation
 * error names the file, line, column and field at fault. Each rule type reads its own fields
 * through this; fields nobody read are reported as unknown (a typo must not be ignored).
 */
export class FieldReader {
  constructor(
    readonly file: string,
    /** The file parsed with positions; called only to locate an error (the data may come from the cache). */
    private readonly source: () => ParsedYaml,
    private readonly data: Record<string, unknown>,
    /** Where this reader's map sits in the file (nested readers: e.g. ['brand']). */
    private readonly base: Path = [],
    private readonly read = new Set<string>(),
    /** Set for the reader a rule type compiles with: the fields it declared, by name. */
    private readonly declared?: { owner: string; fields: ReadonlyMap<string, FieldSpec> },
  ) {}

  /**
   * The same fields, for a rule type that declared `fields`: defaults and bounds come from the
   * declarations, and reading a field it did not declare is a programming error (so the
   * declarations, and the docs and schema made from them, cannot fall behind the code).
   */
  declaring(owner: string, fields: readonly FieldSpec[]): FieldReader {
    let byName = declaredFields.get(fields);
    if (!byName) declaredFields.set(fields, (byName = new Map(fields.map((f) => [f.name, f]))));
    return new FieldReader(this.file, this.source, this.data, this.base, this.read, { owner, fields: byName });
  }

  private spec(field: string): FieldSpec | undefined {
    return this.declared?.fields.get(field);
  }

  /** A reader for a nested map (e.g. `brand`), reporting errors with the full field path. */
  child(path: string | Path, data: Record<string, unknown>): FieldReader {
    return new FieldReader(this.file, this.source, data, [...this.base, ...(typeof path === 'string' ? [path] : path)]);
  }

  has(field: string): boolean {
    return this.data[field] !== undefined && this.data[field] !== null;
  }

  raw(field: string): unknown {
    if (this.declared && !this.declared.fields.has(field)) {
      throw new Error(
        `rule type '${this.declared.owner}' reads the field '${field}' without declaring it in its fields`,
      );
    }
    this.read.add(field);
    return this.data[field];
  }

  fail(path: string | Path, reason: string): never {
    const { line, column, field } = this.where(path);
    throw new RuleFileError(this.file, line, column, field, reason);
  }

  /** Where a field's value (or, when it has none, its key) is in the file. */
  where(path: string | Path): { line: number; column: number; field: string } {
    const fullPath = [...this.base, ...(typeof path === 'string' ? [path] : path)];
    const { doc, lines } = this.source();
    const node = doc.getIn(fullPath, true) as Node | undefined;
    const keyNode = this.keyNode(doc, fullPath);
    const offset = (node as { range?: [number, number] } | undefined)?.range?.[0] ?? keyNode ?? 0;
    const { line, col } = lines.linePos(offset);
    return { line, column: col, field: fullPath.join('.') };
  }

  /** Position of a field's key, for errors about a field whose value is missing. */
  private keyNode(doc: ParsedYaml['doc'], path: Path): number | undefined {
    const { isMap, isScalar } = yamlModule();
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    if (!isMap(parent)) return (parent as { range?: [number, number] } | null)?.range?.[0];
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
    return (pair?.key as { range?: [number, number] } | undefined)?.range?.[0] ?? parent.range?.[0];
  }

  string(field: string): string {
    const value = this.raw(field);
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(field, 'is required and must be a non-empty string');
    return value;
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : (this.raw(field), undefined);
  }

  /** A number; without `fallback` and `range`, the field's declared default and bounds. */
  number(field: string, fallback?: number, range?: { min?: number; max?: number; integer?: boolean }): number {
    const spec = this.spec(field);
    fallback ??= typeof spec?.default === 'number' ? spec.default : NaN;
    range ??= spec ? { min: spec.min, max: spec.max, integer: spec.type === 'integer' } : {};
    const value = this.raw(field);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || Number.isNaN(value)) this.fail(field, 'must be a number');
    if (range.integer && !Number.isInteger(value)) this.fail(field, 'must be a whole number');
    if (range.min !== undefined && value < range.min) this.fail(field, `must be at least ${range.min}`);
    if (range.max !== undefined && value > range.max) this.fail(field, `must be at most ${range.max}`);
    return value;
  }

  boolean(field: string, fallback?: boolean): boolean {
    const value = this.raw(field);
    fallback ??= this.spec(field)?.default === true;
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(field, 'must be true or false');
    return value;
  }

  /** One of `allowed` (by default the field's declared values, and its declared default). */
  oneOf<T extends string>(field: string, allowed?: readonly T[], fallback?: T): T {
    const spec = this.spec(field);
    allowed ??= (spec?.values ?? []) as readonly T[];
    fallback ??= spec?.default as T | undefined;
    const value = this.raw(field);
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, `must be one of: ${allowed.join(', ')}`);
    }
    return value as T;
  }

  /** A list of strings; a single string is accepted as a list of one. */
  stringList(field: string, options: { required?: boolean } = {}): string[] {
    const value = this.raw(field);
    if (value === undefined || value === null) {
      if (options.required) this.fail(field, 'is required: a list of strings');
      return [];
    }
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list)) this.fail(field, 'must be a list of strings');
    list.forEach((item, i) => {
      if (typeof item !== 'string' || item === '') this.fail([field, i], 'must be a non-empty string');
    });
    if (options.required && list.length === 0) this.fail(field, 'must not be empty');
    return list as string[];
  }

  /** A map of strings to strings (substitution tables). */
  stringMap(field: string): Map<string, string> {
    const value = this.raw(field);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(field, 'is required: a map of "phrase": "replacement"');
    }
    const map = new Map<string, string>();
    for (const [key, replacement] of Object.entries(value as Record<string, unknown>)) {
      if (typeof replacement !== 'string') this.fail([field, key], 'must map to a string');
      map.set(key, replacement);
    }
    if (map.size === 0) this.fail(field, 'must not be empty');
    return map;
  }

  /** Fields present in the file that no reader asked for. */
  assertNoUnknownFields(): void {
    for (const key of this.unknownFields())
      this.fail(key, 'unknown field (check its spelling, or the fields of this rule type)');
  }

  /** The fields present that no reader asked for (to report them all, not just the first). */
  unknownFields(): string[] {
    return Object.keys(this.data).filter((key) => !this.read.has(key));
  }

  isSequence(field: string): boolean {
    return Array.isArray(this.data[field]);
  }
}
