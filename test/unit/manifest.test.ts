/**
 * The manifest as the Marketplace and VS Code read it: every command titled and categorized and
 * registered, menus naming real commands, the keybinding clear of the find widget, settings in
 * order with Markdown descriptions, the walkthrough's media and buttons, the listing's fields, and
 * the files the VSIX would carry (through vsce's own file list) and the third-party notices.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listFiles, PackageManager } from '@vscode/vsce';

const repo = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

interface Command { command: string; title?: string; category?: string; icon?: string }
interface MenuItem { command: string; when?: string; group?: string }
interface Step { id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }

const commands: Command[] = contributes.commands;
const commandIds = new Set(commands.map((c) => c.command));
/** Built-in commands the walkthrough may link to. */
const BUILT_IN = new Set(['editor.action.quickFix']);
/** Every file under src/ as one text: a contributed command must be named there to be registered. */
const sources = (function read(dir: string): string {
  return fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? read(path.join(dir, e.name)) : e.name.endsWith('.ts') ? fs.readFileSync(path.join(dir, e.name), 'utf8') : '')).join('\n');
})(path.join(repo, 'src'));
/** `command:<id>` links in Markdown, e.g. `[Train Model](command:descent.train)` → `descent.train`. */
const commandLinks = (markdown: string) => [...markdown.matchAll(/\]\(command:([\w.-]+)/g)].map((m) => m[1]!);

describe('manifest', () => {
  it('gives every command a title and the Descent category, and registers it in src/', () => {
    for (const c of commands) {
      expect(c.title, c.command).toBeTruthy();
      expect(c.category, c.command).toBe('Descent');
      expect(sources.includes(`'${c.command}'`), `${c.command} is named nowhere in src/ (not registered)`).toBe(true);
    }
  });

  it('names only contributed commands in its menus, with an icon wherever a title bar shows one', () => {
    const menus: Record<string, MenuItem[]> = contributes.menus;
    for (const [menu, items] of Object.entries(menus)) {
      for (const item of items) {
        expect(commandIds.has(item.command), `${menu} names ${item.command}`).toBe(true);
        if (item.group?.startsWith('navigation') && menu !== 'explorer/context') expect(commands.find((c) => c.command === item.command)?.icon, `${item.command} in ${menu}'s navigation group`).toBeTruthy();
      }
    }
  });

  it('offers Train Model in the Explorer for training.json and the panel actions in the panel title bar', () => {
    const explorer: MenuItem[] = contributes.menus['explorer/context'];
    expect(explorer).toContainEqual(expect.objectContaining({ command: 'descent.train', when: 'resourceFilename == training.json' }));
    const viewType = /PANEL_VIEW_TYPE = '([^']+)'/.exec(fs.readFileSync(path.join(repo, 'src', 'panel.ts'), 'utf8'))?.[1];
    expect(viewType).toBeTruthy();
    // A webview panel's title bar is the editor title's, told apart by activeWebviewPanelId.
    const titleBar: MenuItem[] = contributes.menus['editor/title'].filter((m: MenuItem) => m.when?.includes('activeWebviewPanelId'));
    expect(titleBar.map((m) => m.command)).toEqual(expect.arrayContaining(['descent.train', 'descent.compareLearningRates', 'descent.exportTrainingScript']));
    for (const item of titleBar) expect(item.when, item.command).toBe(`activeWebviewPanelId == '${viewType}'`);
    // The panel's actions act on the focused panel's file: the command picks it when given no file.
    expect(fs.readFileSync(path.join(repo, 'src', 'commands.ts'), 'utf8')).toMatch(/const panel = focusedPanelFile\(\);/);
  });

  it('keeps Ctrl+Alt+Enter away from the find widget, where it is Replace All', () => {
    const train = contributes.keybindings.find((k: { key: string }) => k.key === 'ctrl+alt+enter');
    expect(train.when.split('&&').map((s: string) => s.trim())).toContain('!findWidgetVisible');
  });

  it('describes every setting in Markdown and orders them', () => {
    const props: Record<string, { markdownDescription?: string; description?: string; order?: number }> = contributes.configuration.properties;
    const orders = Object.entries(props).map(([key, p]) => {
      expect(p.markdownDescription, key).toBeTruthy();
      expect(p.description, `${key} has both description and markdownDescription`).toBeUndefined();
      expect(Number.isInteger(p.order), `${key}'s order`).toBe(true);
      return p.order;
    });
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('walks through the course: each step has its media, a button to a real command, and completes on an event', () => {
    const [walkthrough] = contributes.walkthroughs;
    const steps: Step[] = walkthrough.steps;
    expect(steps.map((s) => s.id)).toEqual(['createTrainingJson', 'train', 'tooHighRate', 'compareLearningRates', 'compareBatchSizes', 'sweep']);
    for (const step of steps) {
      const media = step.media.markdown ?? step.media.image;
      expect(media, step.id).toBeTruthy();
      const mediaFile = path.join(repo, media!);
      expect(fs.existsSync(mediaFile), `${step.id}: ${media}`).toBe(true);
      const links = commandLinks(step.description);
      expect(links.length, `${step.id} has no button`).toBeGreaterThan(0);
      for (const id of [...links, ...commandLinks(fs.readFileSync(mediaFile, 'utf8'))]) expect(commandIds.has(id) || BUILT_IN.has(id), `${step.id} links to ${id}`).toBe(true);
      expect(step.completionEvents?.length, `${step.id} never completes`).toBeGreaterThan(0);
      for (const event of step.completionEvents!) {
        const [, id] = /^onCommand:(.+)$/.exec(event) ?? [];
        if (id) expect(links, `${step.id} completes on ${id}, which none of its buttons runs`).toContain(id);
      }
    }
    // The walkthrough's media ship: media/ is in the VSIX (see the VSIX test below).
    expect(steps.every((s) => (s.media.markdown ?? '').startsWith('media/'))).toBe(true);
  });

  it('has what a Marketplace listing needs: a 128 px PNG icon, links, keywords in English and Japanese, a banner, preview', () => {
    const png = fs.readFileSync(path.join(repo, manifest.icon));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
    expect(manifest.repository.url).toMatch(/^https:\/\/github\.com\//);
    expect(manifest.bugs.url).toMatch(/^https:\/\//);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.keywords).toEqual(expect.arrayContaining(['gradient descent', 'learning rate', '機械学習', '勾配降下法', '学習率']));
    expect(manifest.keywords.length).toBeLessThanOrEqual(30);
    expect(manifest.galleryBanner.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.preview).toBe(true);
  });
});

interface VsixRules { vsixProblems(files: string[]): string[] }
interface Notices { thirdPartyNotices(repo?: string): string; NOTICES_FILE: string }
const load = async <T>(script: string): Promise<T> => (await import(pathToFileURL(path.join(repo, 'scripts', script)).href)) as T;

describe('the VSIX', () => {
  it('would carry the bundles, icon, CHANGELOG and notices, and no CLI, tests, sources or source maps', async () => {
    const { vsixProblems } = await load<VsixRules>('vsixContents.mjs');
    const files = await listFiles({ cwd: repo, packageManager: PackageManager.None });
    expect(vsixProblems(files.map((f) => f.replace(/\\/g, '/')))).toEqual([]);
    // Every file the manifest's walkthrough names, and what the pages load (their stylesheets, the panel's icon).
    const walkthroughMedia = (manifest.contributes.walkthroughs as { steps: { media: Record<string, string> }[] }[]).flatMap((w) => w.steps.flatMap((st) => Object.values(st.media).filter((v) => /\.(md|png|svg)$/.test(v))));
    expect(walkthroughMedia.length).toBeGreaterThan(0);
    expect(files.map((f) => f.replace(/\\/g, '/'))).toEqual(expect.arrayContaining([...walkthroughMedia, 'media/panel.css', 'media/lab.css', 'media/icon.svg']));
  });

  it('is refused when the CLI, a source map or a test slips in, or the icon is missing', async () => {
    const { vsixProblems } = await load<VsixRules>('vsixContents.mjs');
    const good = (await listFiles({ cwd: repo, packageManager: PackageManager.None })).map((f) => f.replace(/\\/g, '/'));
    const bad = [...good.filter((f) => f !== 'media/icon.png'), 'dist/cli.js', 'dist/extension.js.map', 'dist/test/integration/index.js'];
    const problems = vsixProblems(bad);
    expect(problems).toEqual(['media/icon.png is missing', 'dist/cli.js is the CLI, which the extension never runs', 'dist/extension.js.map is a source map', 'dist/test/integration/index.js is a test']);
  });

  it('ships third-party notices for exactly what the bundles include', async () => {
    const { thirdPartyNotices, NOTICES_FILE } = await load<Notices>('notices.mjs');
    const expected = thirdPartyNotices(repo);
    for (const name of ['vega ', 'vega-lite ', 'vega-interpreter ', 'lit ', '@vscode-elements/elements ', 'jsonc-parser ', 'papaparse ', 'data/cars.json', 'data/penguins.json']) expect(expected).toContain(name);
    expect(fs.readFileSync(path.join(repo, NOTICES_FILE), 'utf8'), 'ThirdPartyNotices.txt is out of date: node esbuild.js && node scripts/notices.mjs').toBe(expected);
  });
});
