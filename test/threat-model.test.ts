import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinearModel, loadModel, modelFile } from '../src/model/index.js';
import { trainSoftmax, type TrainingExample } from '../src/model/train.js';
import { examplesOf, readSpec } from '../src/tools/train.js';
import { ROOT } from './helpers.js';

// The threat model of deletion-threat (issue 11): training/threat-models.json, models/threat-<lang>.bin.
const specs = readSpec(join(ROOT, 'training/threat-models.json'));

const EXAMPLES: TrainingExample[] = [
  { text: 'Post that again and we will ban your account.', label: 'threat', weight: 1 },
  { text: 'Any more comments like this and your membership goes.', label: 'threat', weight: 1 },
  { text: 'We have banned the spam account that messaged you, thanks for flagging it.', label: 'none', weight: 1 },
  { text: 'Your membership renews next month, nothing to do on your side.', label: 'none', weight: 1 },
];

describe('threat model', () => {
  it("scores a text the same through the training code path and the run-time path, with the spec's features", () => {
    for (const spec of specs) {
      const { model, bytes } = trainSoftmax(EXAMPLES, {
        name: 'threat',
        lang: spec.lang,
        labels: spec.labels,
        features: spec.features,
        epochs: 5,
        rate: 0.5,
        l2: 0,
        seed: spec.seed,
        sources: ['test'],
      });
      const runtime = LinearModel.decode(bytes, 'threat-test.bin');
      for (const text of [
        'Do that again and you are banned.',
        'Your membership renews in May.',
        'Une phrase jamais vue',
      ]) {
        const a = model.score(text);
        const b = runtime.score(text);
        for (const label of spec.labels) expect(b.get(label)).toBeCloseTo(a.get(label)!, 12);
      }
    }
  });

  it('is shipped small, with the features of its spec, and reads threats apart from moderation explained', () => {
    for (const spec of specs) {
      const file = modelFile('threat', spec.lang);
      const size = readFileSync(file).length;
      expect(size).toBeLessThanOrEqual(600 * 1024);
      expect(size + readFileSync(modelFile('tone', spec.lang)).length).toBeLessThanOrEqual(3 * 1024 * 1024);
      const model = loadModel('threat', spec.lang);
      expect(model.labels).toEqual(['none', 'threat']);
      expect(model.header.features).toEqual(spec.features);
    }
    const en = loadModel('threat', 'en');
    expect(
      en.score('Any further incidents like this will have consequences for your membership.').get('threat')!,
    ).toBeGreaterThan(0.5);
    expect(
      en.score('We removed the spam comment that tagged you, thanks for reporting it.').get('threat')!,
    ).toBeLessThan(0.5);
    const fr = loadModel('threat', 'fr');
    expect(fr.score('Encore un message de ce genre et votre abonnement sera résilié.').get('threat')!).toBeGreaterThan(
      0.6,
    );
    expect(
      fr.score('Nous avons supprimé le faux compte qui vous écrivait, merci du signalement.').get('threat')!,
    ).toBeLessThan(0.6);
  });

  it('is trained on the threats of every writer: the team files, the studied blind batches and the threats-10 personas', () => {
    for (const spec of specs) {
      const files = spec.data.map((d) => ('file' in d ? d.file : ''));
      expect(files).toContain(`training/blind/${spec.lang}-7.txt`);
      expect(files.some((f) => f.startsWith(`training/${spec.lang}/threats-10`))).toBe(true);
      // The honest batches stay out.
      expect(files.some((f) => /blind\/(en|fr)-(8|9|\d\d)\.txt|heldout\//.test(f))).toBe(false);
      const { examples } = examplesOf(spec);
      expect(new Set(examples.map((e) => e.label))).toEqual(new Set(['none', 'threat']));
    }
  });
});

describe('threat model weights read on demand', () => {
  // A copy of the package whose threat-en.bin is cut off: only a draft whose sentence passes
  // deletion-threat's `require` gate makes the rule read it.
  const run = (dir: string, input: string) =>
    spawnSync(process.execPath, [join(dir, 'bin/replylint.js'), '--format', 'json'], {
      cwd: dir,
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('a clean draft never reads it; a gated sentence does, and a corrupt file is an error naming it (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replylint-threat-'));
    try {
      for (const part of ['bin', 'dist', 'models', 'rules', 'signals', 'package.json'])
        cpSync(join(ROOT, part), join(dir, part), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      const file = join(dir, 'models', 'threat-en.bin');
      writeFileSync(file, readFileSync(file).subarray(0, 1000));
      const clean = run(dir, 'Sorry for the delay, your parcel is on its way and should arrive tomorrow.');
      expect(clean.status).toBe(0);
      expect(clean.stderr).toBe('');
      const gated = run(dir, 'Any further incidents like this will have consequences for your membership.');
      expect(gated.status).toBe(2);
      expect(gated.stderr).toContain(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
