import { describe, expect, it } from 'vitest';
import { requiredAnchors } from '../src/engine/pattern/anchors.js';
import { BoundedPattern, PatternEnv } from '../src/engine/pattern/index.js';

// The tables the build wrote (npm test builds first): dist/, not src/, holds them; the rule
// cache they go with is dist's too, so the rules are loaded through dist's modules.
const dist = (path: string) => new URL(`../dist/${path}`, import.meta.url).href;
const { readAnchorTable } = (await import(
  dist('rules/anchor-table.js')
)) as typeof import('../src/rules/anchor-table.js');
const { loadRuleSet, patternEnvs } = (await import(dist('rules/load.js'))) as typeof import('../src/rules/load.js');
const { lintPlainText } = (await import(dist('lint.js'))) as typeof import('../src/lint.js');
const { PACKAGE_ROOT } = (await import(dist('core/package.js'))) as typeof import('../src/core/package.js');

/** Keys of rules and signals (their candidate anchors) start with '#': no pattern's key does. */
const isCheckKey = (key: string) => key.startsWith('#');

describe('the anchor tables of the built-in patterns (dist/pattern-anchors.<lang>.txt)', () => {
  for (const lang of ['en', 'fr'])
    it(`gives, for every ${lang} pattern it holds, the anchors the analysis finds`, () => {
      const table = readAnchorTable(lang);
      expect(table.size).toBeGreaterThan(100);
      for (const key of table.keys().filter((k) => !isCheckKey(k))) {
        const slash = key.indexOf('/');
        const pattern = new BoundedPattern(key.slice(slash + 1), key.slice(0, slash), true, new PatternEnv());
        expect(pattern.anchorKey).toBe(key);
        expect(table.anchors(key)).toEqual(requiredAnchors(pattern.runSource));
      }
    });

  it('misses a pattern it does not hold, and reads as empty when there is no table', () => {
    expect(readAnchorTable('en').anchors('giu/not a built-in pattern')).toBeUndefined();
    expect(readAnchorTable('xx').size).toBe(0);
  });
});

describe('the candidate anchors of the built-in rules and signals (decided without compiling)', () => {
  /** Every check's anchors as a fresh load that compiles every rule works them out. */
  const recorded = new Map<string, Map<string, () => readonly string[]>>();
  loadRuleSet({
    builtinRoot: PACKAGE_ROOT,
    envs: patternEnvs((lang) => ({ lang, ruleRecorder: recorded.set(lang, new Map()).get(lang) })),
  });

  for (const lang of ['en', 'fr'])
    it(`holds, for ${lang}, the union of each such check's pattern anchors`, () => {
      const table = readAnchorTable(lang);
      const keys = table.keys().filter(isCheckKey);
      expect(keys.length).toBeGreaterThan(10);
      for (const key of keys) {
        const union = recorded.get(lang)!.get(key);
        expect(union, key).toBeDefined();
        expect(table.anchors(key)).toEqual([...new Set(union!())]);
      }
      // A check without an entry is one whose union is empty (a pattern without anchors).
      for (const [key, union] of recorded.get(lang)!) if (!keys.includes(key)) expect(union(), key).toEqual([]);
    });

  /** Replies and messages of our own, with and without candidates for each rule. */
  const replies = [
    'ok',
    'Thanks for reaching out! Could you DM us your order number so we can look into it?',
    'As per our policy, please refer to our FAQ. We will delete your comment if you keep posting this.',
    'Dear customer, your issue has been escalated. We will get back to you in 24-48 hours!!!',
    'Bonjour, désolés pour ce retard. Pouvez-vous nous envoyer votre numéro de commande en privé ?',
    'Cher client, veuillez consulter notre FAQ. Nous supprimerons votre commentaire. Réponse sous 48h !!!',
  ];
  const messages = [
    undefined,
    'My parcel never arrived and nobody answers. Where is my refund? Can you help?',
    "Mon colis n'est jamais arrivé et personne ne répond. Où est mon remboursement ?",
  ];

  it('finds, read lazily with the tables, what every rule compiled at load finds, compiling fewer patterns', () => {
    type RuleSet = ReturnType<typeof loadRuleSet>;
    const lint = (ruleSet: RuleSet, text: string, inReplyTo: string | undefined) =>
      JSON.stringify(lintPlainText({ name: 'reply.txt', text, inReplyTo }, ruleSet));
    /** A lazy rule set, with or without the build's tables, and the patterns it compiles. */
    const lazySet = (tables: boolean) => {
      const compiled: unknown[] = [];
      const ruleSet = loadRuleSet({
        builtinRoot: PACKAGE_ROOT,
        lazy: true,
        envs: patternEnvs((lang) => {
          const table = readAnchorTable(lang);
          return { lang, recorder: compiled as never, anchorTable: tables ? (key) => table.anchors(key) : undefined };
        }),
      });
      return { ruleSet, compiled };
    };
    const eager = loadRuleSet({ builtinRoot: PACKAGE_ROOT });
    const lazy = lazySet(true);
    const untabled = lazySet(false);
    // One short draft: most rules have no candidate in it.
    expect(lint(lazy.ruleSet, 'ok', undefined)).toBe(lint(eager, 'ok', undefined));
    expect(lint(untabled.ruleSet, 'ok', undefined)).toBe(lint(eager, 'ok', undefined));
    // Without the tables (a source checkout before its build) it compiles every pattern of every rule it runs.
    expect(lazy.compiled.length).toBeLessThan(untabled.compiled.length * 0.75);
    const afterFirst = lazy.compiled.length;
    for (const rule of eager.rules)
      for (const example of [...rule.examples.flag, ...rule.examples.pass]) replies.push(example.reply);
    for (const text of replies)
      for (const message of messages) expect(lint(lazy.ruleSet, text, message), text).toBe(lint(eager, text, message));
    expect(afterFirst).toBeLessThan(lazy.compiled.length);
  });

  it('makes the same rules and signals of files as built (from the cache header) as of files read in full', () => {
    type RuleSet = ReturnType<typeof loadRuleSet>;
    // Every field but the checks (functions, which JSON leaves out), in order.
    const described = (ruleSet: RuleSet) =>
      JSON.stringify({
        rules: ruleSet.rules,
        signals: [...ruleSet.signals].map(([lang, known]) => [lang, [...known.values()]]),
      });
    const lazy = loadRuleSet({ builtinRoot: PACKAGE_ROOT, lazy: true });
    expect(lazy.rules.length).toBeGreaterThan(40);
    expect(described(lazy)).toBe(described(loadRuleSet({ builtinRoot: PACKAGE_ROOT })));
  });

  it('finds what every rule compiled at load finds on each example as written, and with a brand and a sending time', () => {
    // The types silent without a setting (wrong-account, voice-mix, stale-date) are decided without
    // compiling when the input lacks it: each example with its own message, settings and times,
    // then every reply and message with a brand that speaks as "we" and a sending time.
    type RuleSet = ReturnType<typeof loadRuleSet>;
    type Request = Parameters<typeof lintPlainText>[0];
    const lint = (ruleSet: RuleSet, request: Omit<Request, 'name'>) =>
      JSON.stringify(lintPlainText({ name: 'reply.txt', ...request }, ruleSet));
    const lazy = loadRuleSet({
      builtinRoot: PACKAGE_ROOT,
      lazy: true,
      envs: patternEnvs((lang) => {
        const table = readAnchorTable(lang);
        return { lang, anchorTable: (key) => table.anchors(key) };
      }),
    });
    const eager = loadRuleSet({ builtinRoot: PACKAGE_ROOT });
    const requests: Omit<Request, 'name'>[] = [];
    for (const rule of eager.rules)
      for (const example of [...rule.examples.flag, ...rule.examples.pass]) {
        const { reply, in_reply_to: inReplyTo, settings, timing } = example;
        requests.push({ text: reply, inReplyTo, settings, timing });
      }
    const brand = { name: 'Acme Support', handles: ['@acme', '@acme_help'], voice: 'we' as const };
    const timing = { sentAt: new Date('2031-06-01T12:00:00Z'), receivedAt: new Date('2031-06-01T09:00:00Z') };
    for (const { text } of [...requests])
      for (const inReplyTo of messages) requests.push({ text, inReplyTo, settings: { brand }, timing });
    let findings = 0;
    for (const request of requests) {
      const expected = lint(eager, request);
      expect(lint(lazy, request), request.text).toBe(expected);
      if (expected !== '[]') findings++;
    }
    // Not a comparison of two silent runs.
    expect(findings).toBeGreaterThan(requests.length / 4);
  });
});
