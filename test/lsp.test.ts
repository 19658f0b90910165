import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, stiffRule, tempTree } from './helpers.js';

/**
 * A real LSP client: the built server spawned as an editor spawns it (`replylint lsp --stdio`),
 * spoken to in JSON-RPC over its stdin/stdout with vscode-jsonrpc.
 */
interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  source: string;
  code: string;
  codeDescription?: { href: string };
  message: string;
  data?: { rule: string; tip: number; suggestion: string | null; fix?: unknown };
}
interface Published {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}
interface TextEdit {
  range: LspDiagnostic['range'];
  newText: string;
}
interface CodeAction {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit: { changes: Record<string, TextEdit[]> };
}

class Client {
  readonly published: Published[] = [];
  private waiters: { test: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  private constructor(
    readonly child: ChildProcess,
    readonly rpc: MessageConnection,
  ) {
    rpc.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => (w.test(p) ? (w.resolve(p), false) : true));
    });
    rpc.onNotification('window/showMessage', () => {});
    rpc.onRequest('window/showMessageRequest', () => null);
    rpc.onRequest(
      'client/registerCapability',
      (params: { registrations: { method: string; registerOptions: unknown }[] }) => {
        this.registrations.push(...params.registrations);
        return null;
      },
    );
  }

  readonly registrations: { method: string; registerOptions: unknown }[] = [];

  static async start(
    root: string,
    initializationOptions: Record<string, unknown> = { debounceMs: 400 },
    workspace: Record<string, unknown> = {},
  ): Promise<Client> {
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new Client(child, rpc);
    rpc.listen();
    const init = (await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'replies' }],
      capabilities: {
        workspace,
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
      initializationOptions,
    })) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    expect(init.serverInfo.name).toBe('replylint');
    expect(init.capabilities.codeActionProvider).toBeTruthy();
    await rpc.sendNotification('initialized', {});
    return client;
  }

  /** The next diagnostics published for `uri` (at `version`, if given). */
  diagnosticsFor(uri: string, version?: number): Promise<Published> {
    return new Promise((resolve) =>
      this.waiters.push({ test: (p) => p.uri === uri && (version === undefined || p.version === version), resolve }),
    );
  }

  async open(path: string, text: string, languageId = 'plaintext'): Promise<Published> {
    const uri = pathToFileURL(path).href;
    const next = this.diagnosticsFor(uri, 1);
    await this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return next;
  }

  async stop(): Promise<number | null> {
    await this.rpc.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.rpc.sendNotification('exit');
    return exited;
  }
}

const STIFF_RULE = stiffRule();
const COMPLAINT = 'My flight has been delayed for three hours and nobody tells us anything. Worst airline ever.';
const uriOf = (path: string) => pathToFileURL(path).href;
const rules = (p: Published) => p.diagnostics.map((d) => d.code);

/** The text after applying LSP edits (positions in UTF-16 code units, lines split at \n). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
  const offset = (p: TextEdit['range']['start']) => lineStarts[p.line]! + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('replylint lsp', () => {
  let dir: string;
  let client: Client;
  beforeAll(async () => {
    dir = tempTree({
      '.git/HEAD': '',
      '.replylintrc.yml':
        'rules:\n  exclamation-overload: error\nrulesDirs: [team-rules]\ninReplyToFile: "{name}.message.txt"\n',
      // A team's rule with a safe fix (one replacement).
      'team-rules/en/stiff.yml': STIFF_RULE,
      'drafts/refund.message.txt': COMPLAINT,
      'drafts/answer.md': 'Please see our FAQ: https://example.com/faq',
      'drafts/answer.message.txt': 'Thank you, the parcel arrived this morning.',
      'quiet/.replylintrc.yml': 'rules:\n  hostile-tone: off\n',
    });
    client = await Client.start(dir);
  });
  afterAll(async () => {
    expect(await client.stop()).toBe(0);
  });

  it('publishes diagnostics on open, with rule id, tip, level, suggestion and a documentation link', async () => {
    const published = await client.open(
      join(dir, 'a.txt'),
      'Thanks for writing.\nThis is your fault. Read the FAQ before complaining!!!',
    );
    const hostile = published.diagnostics.find((d) => d.code === 'hostile-tone')!;
    expect(hostile).toBeDefined();
    expect(hostile.source).toBe('replylint');
    expect(hostile.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 18 } });
    expect(hostile.severity).toBe(2);
    expect(hostile.message).toMatch(/reads as hostile.*\(tip 1\)\n→ Acknowledge/s);
    expect(hostile.data).toMatchObject({ rule: 'hostile-tone', tip: 1 });
    expect(hostile.codeDescription?.href).toMatch(/^https:\/\/github\.com\/.*\/docs\/rules\/hostile-tone\.md$/);
    // The configuration raises exclamation-overload to an error.
    expect(published.diagnostics.find((d) => d.code === 'exclamation-overload')?.severity).toBe(1);
  });

  it('lints again after changes, once typing pauses, for the latest version only', async () => {
    const path = join(dir, 'b.txt');
    const uri = uriOf(path);
    expect(rules(await client.open(path, 'Thanks, we are on it.'))).toEqual([]);
    const final = client.diagnosticsFor(uri, 4);
    for (const [version, text] of [
      [2, 'Thanks, we are on it. This'],
      [3, 'Thanks, we are on it. This is your'],
      [4, 'Thanks, we are on it. This is your fault.'],
    ] as const) {
      await client.rpc.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    }
    expect(rules(await final)).toContain('hostile-tone');
    // Debounced: the intermediate versions were never linted.
    expect(client.published.filter((p) => p.uri === uri).map((p) => p.version)).toEqual([1, 4]);
    // An incremental change (a range edit) removes the finding.
    const cleared = client.diagnosticsFor(uri, 5);
    const range = { start: { line: 0, character: 22 }, end: { line: 0, character: 41 } };
    await client.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 5 },
      contentChanges: [{ range, text: 'Back soon.' }],
    });
    expect(rules(await cleared)).toEqual([]);
  });

  it('offers the safe fix and a disable comment as code actions; both remove the finding', async () => {
    const path = join(dir, 'c.md');
    const text = '# Reply\n\nAs per our policy, refunds take a week.\n';
    const published = await client.open(path, text, 'markdown');
    const finding = published.diagnostics.find((d) => d.data?.fix)!;
    expect(finding.code).toBe('stiff');
    // A team's rule is documented by its own file.
    expect(finding.codeDescription?.href).toBe(uriOf(join(dir, 'team-rules/en/stiff.yml')));
    const actions = (await client.rpc.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(path) },
      range: finding.range,
      context: { diagnostics: [finding] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    const disable = actions.find((a) => a.title.startsWith('Disable'))!;
    expect(fix.title).toMatch(/^Replace with '/);
    expect(disable.title).toBe(`Disable ${finding.code} for this line`);
    for (const action of [fix, disable]) {
      const edited = applyEdits(text, action.edit.changes[uriOf(path)]!);
      const after = await client.open(join(dir, `after-${actions.indexOf(action)}.md`), edited, 'markdown');
      expect(rules(after), edited).not.toContain(finding.code);
    }
  });

  it('takes the message answered from a sibling file, from front matter, and from a collection entry', async () => {
    const reply = 'Please see our FAQ: https://example.com/faq';
    // drafts/refund.md answers drafts/refund.message.txt (inReplyToFile in the configuration).
    expect(rules(await client.open(join(dir, 'drafts/refund.md'), reply, 'markdown'))).toContain('link-deflection');
    expect(rules(await client.open(join(dir, 'drafts/other.md'), reply, 'markdown'))).not.toContain('link-deflection');
    const frontMatter = `---\nin_reply_to: "${COMPLAINT}"\n---\n${reply}\n`;
    const fromFrontMatter = await client.open(join(dir, 'fm.md'), frontMatter, 'markdown');
    const deflection = fromFrontMatter.diagnostics.find((d) => d.code === 'link-deflection')!;
    expect(deflection.range.start.line).toBe(3);
    const collection = `- id: faq\n  when: complaint\n  body: "${reply}"\n- id: calm\n  body: "${reply}"\n`;
    const templates = await client.open(join(dir, 'macros.yml'), collection, 'yaml');
    const deflections = templates.diagnostics.filter((d) => d.code === 'link-deflection');
    // Only the template that answers a complaint (when:) is held to the rules that need one.
    expect([...new Set(deflections.map((d) => (d.data as { entry?: string }).entry))]).toEqual(['faq']);
    expect(deflections.every((d) => d.range.start.line === 2)).toBe(true);
  });

  it('lints a reply again as the message it answers is edited, and never lints that message as a reply', async () => {
    const reply = join(dir, 'drafts/answer.md');
    const message = join(dir, 'drafts/answer.message.txt');
    expect(rules(await client.open(reply, 'Please see our FAQ: https://example.com/faq', 'markdown'))).not.toContain(
      'link-deflection',
    );
    const relinted = client.diagnosticsFor(uriOf(reply));
    // On disk the message is a thank-you; its editor buffer, a complaint, is what the reply answers.
    // Linted as a reply, that buffer would be flagged (hostile-tone, exclamation-overload).
    expect((await client.open(message, `${COMPLAINT} This is your fault!!!`)).diagnostics).toEqual([]);
    expect(rules(await relinted)).toContain('link-deflection');
  });

  it('offers a YAML comment that disables a rule for one template of a collection', async () => {
    const path = join(dir, 'macros2.yml');
    const text = '- id: blame\n  body: "This is your fault."\n- id: fine\n  body: "Thanks, fixed."\n';
    const finding = (await client.open(path, text, 'yaml')).diagnostics.find((d) => d.code === 'hostile-tone')!;
    const actions = (await client.rpc.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(path) },
      range: finding.range,
      context: { diagnostics: [finding] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable hostile-tone for this template')!;
    const edited = applyEdits(text, disable.edit.changes[uriOf(path)]!);
    expect(edited.startsWith('# replylint-disable-next-line hostile-tone\n- id: blame')).toBe(true);
    expect(rules(await client.open(join(dir, 'macros3.yml'), edited, 'yaml'))).not.toContain('hostile-tone');
  });

  it('warns where a disable comment names no rule (it disables nothing)', async () => {
    const published = await client.open(
      join(dir, 'typo.md'),
      'Hello.\n<!-- replylint-disable-next-line hostile-tones -->\nThis is your fault.\n',
      'markdown',
    );
    const warning = published.diagnostics.find((d) => d.code === 'unknown-directive')!;
    expect(warning.range.start).toEqual({ line: 1, character: 0 });
    expect(warning.message).toMatch(/unknown rule 'hostile-tones'.*hostile-tone/);
    expect(rules(published)).toContain('hostile-tone');
  });

  it('applies the nearest configuration file', async () => {
    const published = await client.open(join(dir, 'quiet/d.txt'), 'This is your fault!!!');
    expect(rules(published)).not.toContain('hostile-tone');
    // quiet/ has its own configuration, which does not raise exclamation-overload.
    expect(published.diagnostics.find((d) => d.code === 'exclamation-overload')?.severity).not.toBe(1);
  });

  it('reports an invalid configuration in the editor and keeps serving', async () => {
    const bad = tempTree({ '.git/HEAD': '', '.replylintrc.yml': 'rules:\n  shouting: loud\n' });
    const published = await client.open(join(bad, 'e.txt'), 'This is your fault.');
    expect(published.diagnostics).toHaveLength(1);
    expect(published.diagnostics[0]!.message).toMatch(/\.replylintrc\.yml:2:13: field 'rules\.shouting'/);
    expect(rules(await client.open(join(dir, 'f.txt'), 'This is your fault.'))).toContain('hostile-tone');
  });

  it('clears the diagnostics of a closed document', async () => {
    const path = join(dir, 'g.txt');
    await client.open(path, 'This is your fault.');
    const cleared = client.diagnosticsFor(uriOf(path));
    await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(path) } });
    expect((await cleared).diagnostics).toEqual([]);
  });
});

describe('replylint lsp, configuration files changed on disk', () => {
  it('watches them where the client can, and lints open documents again when one changes', async () => {
    const dir = tempTree({ '.git/HEAD': '', '.replylintrc.yml': 'rules:\n  hostile-tone: warning\n' });
    const client = await Client.start(
      dir,
      { debounceMs: 100 },
      { didChangeWatchedFiles: { dynamicRegistration: true } },
    );
    try {
      const path = join(dir, 'r.txt');
      expect(rules(await client.open(path, 'This is your fault.'))).toContain('hostile-tone');
      // The server asked to watch on `initialized`, before it published anything.
      expect(client.registrations.map((r) => r.method)).toContain('workspace/didChangeWatchedFiles');
      writeFileSync(join(dir, '.replylintrc.yml'), 'rules:\n  hostile-tone: off\n');
      const relinted = client.diagnosticsFor(uriOf(path));
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(join(dir, '.replylintrc.yml')), type: 2 }],
      });
      expect(rules(await relinted)).not.toContain('hostile-tone');
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});
