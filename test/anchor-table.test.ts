import { describe, expect, it } from 'vitest';
import { requiredAnchors } from '../src/engine/pattern/anchors.js';
import { BoundedPattern, PatternEnv } from '../src/engine/pattern/index.js';

// The tables the build wrote (npm test builds first): dist/, not src/, holds them.
const { readAnchorTable } = (await import(
  new URL('../dist/rules/anchor-table.js', import.meta.url).href
)) as typeof import('../src/rules/anchor-table.js');

describe('the anchor tables of the built-in patterns (dist/pattern-anchors.<lang>.txt)', () => {
  for (const lang of ['en', 'fr'])
    it(`gives, for every ${lang} pattern it holds, the anchors the analysis finds`, () => {
      const table = readAnchorTable(lang);
      expect(table.size).toBeGreaterThan(100);
      for (const key of table.keys()) {
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
