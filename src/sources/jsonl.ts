import type { Timing } from '../engine/rule.js';

/** Which fields of a JSONL record hold what (`--reply-field` and friends). */
export interface RecordFields {
  id: string;
  /** Tried in order: the first that holds a string is the reply. */
  reply: string[];
  inReplyTo: string;
  receivedAt: string;
  sentAt: string;
}

export const DEFAULT_FIELDS: RecordFields = {
  id: 'id',
  reply: ['reply', 'text'],
  inReplyTo: 'in_reply_to',
  receivedAt: 'received_at',
  sentAt: 'sent_at',
};

/** One reply from one line of a JSONL archive. */
export interface ArchiveRecord {
  id: unknown;
  reply: string;
  inReplyTo?: string;
  timing?: Timing;
  /** Problems that did not stop the reply from being linted (an unreadable date...). */
  warnings: string[];
}

export type RecordResult = { ok: true; record: ArchiveRecord } | { ok: false; reason: string };

// ISO 8601 date-time as archives write it: 2024-05-01T09:30:00Z, with optional seconds,
// fraction and offset; a bare date (2024-05-01) is read as midnight UTC.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !ISO_8601.test(value.trim()) || !validFields(value.trim())) return undefined;
  const date = new Date(
    value
      .trim()
      .replace(' ', 'T')
      .replace(/([+-]\d{2})(\d{2})$/, '$1:$2'),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Date parses 2024-02-30 as 1 March, and 24:00 as the next day: each field must be in its range
 * (the day within its month, leap years included), or the date is not read.
 */
function validFields(text: string): boolean {
  const [, y, mo, d, h, mi, s] = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/
    .exec(text)!
    .map(Number);
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > daysInMonth) return false;
  return !(h! > 23 || mi! > 59 || s! > 59);
}

function readTime(object: Record<string, unknown>, field: string, warnings: string[]): Date | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  const date = parseTimestamp(value);
  if (!date)
    warnings.push(`field "${field}" is not an ISO 8601 date-time (${JSON.stringify(value).slice(0, 40)}), ignored`);
  return date;
}

/** Reads one line of the archive, or says why it cannot be used. */
export function parseRecordLine(line: string, fields: RecordFields): RecordResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: 'not a JSON object' };
  const object = value as Record<string, unknown>;
  const reply = fields.reply.map((f) => object[f]).find((v): v is string => typeof v === 'string');
  if (reply === undefined)
    return {
      ok: false,
      reason: `no reply: field ${fields.reply.map((f) => `"${f}"`).join(' or ')} missing or not a string`,
    };
  const warnings: string[] = [];
  const receivedAt = readTime(object, fields.receivedAt, warnings);
  const sentAt = readTime(object, fields.sentAt, warnings);
  const context = object[fields.inReplyTo];
  const record: ArchiveRecord = { id: object[fields.id] ?? null, reply, warnings };
  if (typeof context === 'string') record.inReplyTo = context;
  if (receivedAt || sentAt) record.timing = { ...(receivedAt && { receivedAt }), ...(sentAt && { sentAt }) };
  return { ok: true, record };
}
