import { AnsweredMessageText } from '../answered/message.js';
import type { CompiledRule, Settings, Timing } from '../engine/rule.js';
import { isLang, LANGS, type Lang } from '../lang/detect.js';
import { lintText } from '../lint.js';
import { jsonFinding } from '../report/json.js';
import type { RuleSet } from '../rules/load.js';

/**
 * One lint request as JSON (`POST /v1/lint`, and the browser build's `lint()`): its checks and
 * its answer. No Node built-in here: the browser build runs this very code.
 */
export interface LintBody {
  reply: string;
  in_reply_to?: string;
  lang?: Lang;
  settings?: Settings;
  received_at?: string;
  sent_at?: string;
}

export interface LintAnswer {
  findings: ReturnType<typeof jsonFinding>[];
  /** Signals of the message answered (complaint, question...), by name; [] without in_reply_to. */
  signals: string[];
}

/** A request the service refuses, with what is wrong in it (answered with 400). */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

const BODY_FIELDS = ['reply', 'in_reply_to', 'lang', 'settings', 'received_at', 'sent_at'];
const SETTING_FIELDS = ['mode', 'brand', 'responseTargetMinutes', 'vocabulary'];

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

function unknownField(map: Record<string, unknown>, known: string[], where: string): void {
  const extra = Object.keys(map).find((key) => !known.includes(key));
  if (extra !== undefined) throw new BadRequest(`unknown field '${where}${extra}' (known: ${known.join(', ')})`);
}

/** Checks a parsed request body; every refusal names the field, as configuration errors do. */
export function readLintBody(value: unknown): LintBody {
  if (!isMap(value)) throw new BadRequest('the body must be a JSON object: {"reply": "...", "in_reply_to": "..."}');
  unknownField(value, BODY_FIELDS, '');
  const { reply, in_reply_to: inReplyTo, lang, settings, received_at: receivedAt, sent_at: sentAt } = value;
  if (typeof reply !== 'string') throw new BadRequest("field 'reply' is required: the text of the reply, a string");
  if (inReplyTo !== undefined && inReplyTo !== null && typeof inReplyTo !== 'string')
    throw new BadRequest("field 'in_reply_to' must be a string");
  if (lang !== undefined && lang !== null && !isLang(lang))
    throw new BadRequest(`field 'lang' must be one of: ${LANGS.join(', ')}`);
  const body: LintBody = { reply };
  if (typeof inReplyTo === 'string') body.in_reply_to = inReplyTo;
  if (isLang(lang)) body.lang = lang;
  if (settings !== undefined && settings !== null) body.settings = readSettings(settings);
  for (const [field, time] of [
    ['received_at', receivedAt],
    ['sent_at', sentAt],
  ] as const) {
    if (time === undefined || time === null) continue;
    if (typeof time !== 'string' || Number.isNaN(new Date(time).getTime()))
      throw new BadRequest(`field '${field}' must be a date and time, e.g. 2024-05-01T09:30:00Z`);
    body[field] = time;
  }
  return body;
}

/** The settings a request may carry, spelt as in the configuration file. */
function readSettings(value: unknown): Settings {
  if (!isMap(value)) throw new BadRequest(`field 'settings' must be an object with ${SETTING_FIELDS.join(', ')}`);
  unknownField(value, SETTING_FIELDS, 'settings.');
  const settings: Settings = {};
  const { mode, brand, responseTargetMinutes, vocabulary } = value;
  if (mode !== undefined) {
    if (mode !== 'draft' && mode !== 'template')
      throw new BadRequest('field \'settings.mode\' must be "draft" or "template"');
    settings.mode = mode;
  }
  if (responseTargetMinutes !== undefined) {
    if (typeof responseTargetMinutes !== 'number' || !(responseTargetMinutes >= 1))
      throw new BadRequest("field 'settings.responseTargetMinutes' must be a number of minutes (1 or more)");
    settings.responseTargetMinutes = responseTargetMinutes;
  }
  if (vocabulary !== undefined) {
    if (!isStringList(vocabulary)) throw new BadRequest("field 'settings.vocabulary' must be a list of strings");
    settings.vocabulary = vocabulary;
  }
  if (brand !== undefined) {
    if (!isMap(brand)) throw new BadRequest("field 'settings.brand' must be an object with name, handles, voice");
    unknownField(brand, ['name', 'handles', 'voice'], 'settings.brand.');
    if (brand.name !== undefined && typeof brand.name !== 'string')
      throw new BadRequest("field 'settings.brand.name' must be a string");
    if (brand.handles !== undefined && !isStringList(brand.handles))
      throw new BadRequest("field 'settings.brand.handles' must be a list of strings");
    if (brand.voice !== undefined && brand.voice !== 'we' && brand.voice !== 'I')
      throw new BadRequest('field \'settings.brand.voice\' must be "we" or "I"');
    settings.brand = brand as NonNullable<Settings['brand']>;
  }
  return settings;
}

/** What a request is linted with: the rules and the team's settings (the configuration's). */
export interface RequestPlan {
  ruleSet: RuleSet;
  rules: readonly CompiledRule[];
  settings: Settings;
  lang?: Lang;
}

/** Lints one request: the findings as the JSON output gives them, and the message's signals. */
export async function answerLintRequest(body: LintBody, plan: RequestPlan): Promise<LintAnswer> {
  // A compose box holds a draft about to be sent, unless the request says otherwise.
  const settings: Settings = { mode: 'draft', ...plan.settings, ...body.settings };
  if (plan.settings.brand && body.settings?.brand) settings.brand = { ...plan.settings.brand, ...body.settings.brand };
  // As on the command line, a reply without sent_at is being sent now.
  const timing: Timing = { sentAt: body.sent_at ? new Date(body.sent_at) : new Date() };
  if (body.received_at) timing.receivedAt = new Date(body.received_at);
  const request = {
    name: '<reply>',
    text: body.reply,
    lang: body.lang ?? plan.lang,
    inReplyTo: body.in_reply_to,
    settings,
    timing,
  };
  const diagnostics = await lintText(request, plan.ruleSet, plan.rules);
  return { findings: diagnostics.map(jsonFinding), signals: signalsOf(body.in_reply_to, plan.ruleSet) };
}

/** The signals (complaint, question...) the message answered has, by name. */
function signalsOf(text: string | undefined, ruleSet: RuleSet): string[] {
  if (!text?.trim()) return [];
  const message = AnsweredMessageText.fromText(text, ruleSet.signals);
  return [...(ruleSet.signals.get(message.doc.lang)?.keys() ?? [])].filter((name) => message.has(name)).sort();
}
