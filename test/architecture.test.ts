import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from './helpers.js';

/**
 * The layers of src/, lowest first: a module may import from its own layer or from a lower one,
 * never from a higher one (docs/development.md explains each). Layers on one line are peers:
 * neither imports the other. A new folder of src/ must be placed here.
 */
const LAYERS: string[][] = [
  ['core'], // errors, YAML reading, package facts: used everywhere, import nothing of ours
  ['diagnostics'], // positions, levels, findings: plain data
  ['lang'],
  ['document'],
  ['model'], // trained text models (tokenizer, features, weights): the engine's classifier and reply models read them
  ['engine'],
  ['sources'],
  ['rules'],
  ['answered'], // the message answered, with its signals
  ['config'],
  ['fix'],
  ['report'],
  ['lint'], // one reply (and a collection's templates) in, diagnostics out
  ['run'], // a run over many inputs: plans, reading, fixes, corpus rules; the result front ends format
  ['audit'],
  ['index'], // the library API (src/index.ts): what editors, servers and apps import
  ['lsp', 'serve'], // the editor and help-desk front ends
  ['cli', 'browser'], // the command line registers lsp and serve; the browser build answers as serve does
  ['tools'],
];

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a file imports from src/ (static, `import type`, re-exports and dynamic `import()`), as paths relative to src/. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(SRC, normalize(join(dirname(file), specifier))).replace(/\.js$/, '.ts'));
}

/** The layer of a module: its first folder under src/, or its own name for a file at the top. */
function layerOf(module: string): string {
  const [first, ...rest] = module.split(/[\\/]/);
  return rest.length > 0 ? first! : first!.replace(/\.ts$/, '');
}

function rankOf(layer: string): number {
  return LAYERS.findIndex((peers) => peers.includes(layer));
}

const graph = new Map(sourceFiles(SRC).map((file) => [relative(SRC, file), importsOf(file)]));

describe('the import graph of src/', () => {
  it('places every folder of src/ in a layer', () => {
    const unplaced = [...new Set([...graph.keys()].map(layerOf))].filter((layer) => rankOf(layer) < 0);
    expect(unplaced, 'add these to LAYERS in test/architecture.test.ts').toEqual([]);
  });

  it('has no import that runs up a layer or sideways to a peer', () => {
    const wrong = [...graph].flatMap(([module, imports]) =>
      imports
        .filter(
          (imported) => layerOf(imported) !== layerOf(module) && rankOf(layerOf(imported)) >= rankOf(layerOf(module)),
        )
        .map((imported) => `${module} -> ${imported}`),
    );
    expect(wrong).toEqual([]);
  });

  it('has no cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (module: string): void => {
      state.set(module, 'open');
      path.push(module);
      for (const imported of graph.get(module) ?? []) {
        if (state.get(imported) === 'open') cycles.push([...path.slice(path.indexOf(imported)), imported].join(' -> '));
        else if (!state.has(imported)) visit(imported);
      }
      path.pop();
      state.set(module, 'done');
    };
    for (const module of graph.keys()) if (!state.has(module)) visit(module);
    expect(cycles).toEqual([]);
  });

  it('sees the imports it checks (a dynamic import and an import type count too)', () => {
    expect(graph.get(join('report', 'report.ts'))).toContain(join('report', 'json.ts'));
    expect(graph.get(join('engine', 'rule.ts'))).toContain(join('core', 'fields.ts'));
  });
});
