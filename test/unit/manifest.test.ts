/**
 * The manifest as the Marketplace and VS Code read it, in English and Japanese: every user-facing
 * string a `%key%` of package.nls(.ja).json, every command titled and categorized and registered,
 * menus naming real commands, the keybinding clear of the find widget, settings in order with
 * Markdown descriptions, the walkthrough's media and buttons in each language, the listing's
 * fields, the `descent` task's problem matcher on the real CLI's output, and the files the VSIX
 * would carry (through vsce's own file list) and the third-party notices.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { listFiles, PackageManager } from '@vscode/vsce';
import { formatProblem } from '../../src/cliFormat';
import { ProblemCode } from '../../src/shared/problems';
import { cliArguments } from '../../src/tasks';
import { englishProse } from './japanese';

const repo = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
/** package.nls.json (`en`) and each package.nls.<lang>.json, by language. */
const nls: Record<string, Record<string, string>> = Object.fromEntries(
  fs.readdirSync(repo).flatMap((f) => {
    const m = /^package\.nls(?:\.([\w-]+))?\.json$/.exec(f);
    return m ? [[m[1] ?? 'en', JSON.parse(fs.readFileSync(path.join(repo, f), 'utf8')) as Record<string, string>]] : [];
  }),
);
const languages = Object.keys(nls);
/** A manifest string as VS Code shows it in `lang`, e.g. `%descent.train.title%` → `Train Model`; other strings as they are. */
const localize = (value: string, lang = 'en'): string => {
  const key = /^%(.+)%$/.exec(value)?.[1];
  return key === undefined ? value : (nls[lang]?.[key] ?? value);
};
/** Manifest fields a user reads: each must be a %key%. */
const USER_FACING = new Set(['displayName', 'description', 'title', 'category', 'label', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'altText']);
/** Every user-facing string of the manifest that is not a %key%, as `path: text`. */
function unlocalized(value: unknown, at: string, field?: string): string[] {
  if (typeof value === 'string') return field && USER_FACING.has(field) && !/^%[\w.-]+%$/.test(value) ? [`${at}: ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unlocalized(v, `${at}[${i}]`, field));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => unlocalized(v, `${at}.${k}`, k));
  return [];
}

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
  it('names every user-facing string as a %key% of package.nls.json, so that each language has its own', () => {
    // keywords are the Marketplace's search terms, already in both languages.
    expect(unlocalized({ ...manifest, keywords: [] }, 'package.json')).toEqual([]);
  });

  it('gives every command a title and the Descent category, and registers it in src/', () => {
    for (const c of commands) {
      for (const lang of languages) expect(localize(c.title ?? '', lang), `${c.command} in ${lang}`).toBeTruthy();
      expect(localize(c.category ?? ''), c.command).toBe('Descent');
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
      const englishLinks = commandLinks(localize(step.description));
      expect(englishLinks.length, `${step.id} has no button`).toBeGreaterThan(0);
      for (const lang of languages) {
        const media = localize(step.media.markdown ?? step.media.image ?? '', lang);
        expect(media, `${step.id} in ${lang}`).toBeTruthy();
        const mediaFile = path.join(repo, media);
        expect(fs.existsSync(mediaFile), `${step.id} in ${lang}: ${media}`).toBe(true);
        // Every language has the same buttons, in the same order.
        const links = commandLinks(localize(step.description, lang));
        expect(links, `${step.id}'s buttons in ${lang}`).toEqual(englishLinks);
        for (const id of [...links, ...commandLinks(fs.readFileSync(mediaFile, 'utf8'))]) expect(commandIds.has(id) || BUILT_IN.has(id), `${step.id} links to ${id}`).toBe(true);
      }
      expect(step.completionEvents?.length, `${step.id} never completes`).toBeGreaterThan(0);
      for (const event of step.completionEvents!) {
        const [, id] = /^onCommand:(.+)$/.exec(event) ?? [];
        if (id) expect(englishLinks, `${step.id} completes on ${id}, which none of its buttons runs`).toContain(id);
      }
    }
  });

  it('has a walkthrough page of its own for each step in Japanese', () => {
    const steps: Step[] = contributes.walkthroughs[0].steps;
    const japanese = steps.map((s) => localize(s.media.markdown ?? '', 'ja'));
    expect(new Set(japanese).size).toBe(steps.length);
    for (const [i, step] of steps.entries()) {
      expect(japanese[i], step.id).toMatch(/^media\/walkthrough\/ja\//);
      expect(japanese[i], step.id).not.toBe(localize(step.media.markdown ?? ''));
    }
  });

  it('speaks Japanese in package.nls.ja.json and the Japanese walkthrough: no English prose outside code and command links', () => {
    // Code (fenced blocks, spans) and command links' targets are identifiers; the link's label is prose.
    const prose = (text: string) => englishProse(text.replace(/```[\s\S]*?```/g, ' ').replace(/\]\(command:[^)]*\)/g, ']'));
    const leaks: Record<string, string[]> = {};
    for (const [key, text] of Object.entries(nls.ja ?? {})) if (prose(text).length) leaks[key] = prose(text);
    for (const step of contributes.walkthroughs[0].steps as Step[]) {
      const file = localize(step.media.markdown ?? '', 'ja');
      const found = prose(fs.readFileSync(path.join(repo, file), 'utf8'));
      if (found.length) leaks[file] = found;
    }
    expect(leaks).toEqual({});
    // The check itself finds English: the English pages would not pass it.
    expect(prose(fs.readFileSync(path.join(repo, localize(contributes.walkthroughs[0].steps[0].media.markdown)), 'utf8')).length).toBeGreaterThan(0);
  });

  it('points the JSON schema at one per language, each built', () => {
    const url = contributes.jsonValidation[0].url;
    expect(languages.map((lang) => localize(url, lang))).toEqual(languages.map((lang) => (lang === 'en' ? './dist/training.schema.json' : `./dist/training.schema.${lang}.json`)));
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
  it('would carry the bundles, the CLI the task runs, icon, CHANGELOG and notices, and no tests, sources or source maps', async () => {
    const { vsixProblems } = await load<VsixRules>('vsixContents.mjs');
    const files = (await listFiles({ cwd: repo, packageManager: PackageManager.None })).map((f) => f.replace(/\\/g, '/'));
    expect(vsixProblems(files)).toEqual([]);
    // Every file the manifest's walkthrough and schema name in any language, and what the pages
    // and the task load (the stylesheets, the panel's icon, the CLI).
    const steps = (contributes.walkthroughs as { steps: { media: Record<string, string> }[] }[]).flatMap((w) => w.steps);
    const named = languages.flatMap((lang) => [...steps.flatMap((st) => Object.values(st.media).map((v) => localize(v, lang))), localize(contributes.jsonValidation[0].url, lang).replace(/^\.\//, '')]);
    expect(named.filter((f) => f.startsWith('media/walkthrough/ja/')).length).toBe(steps.length);
    for (const file of named) expect(fs.existsSync(path.join(repo, file)), file).toBe(true);
    expect(files).toEqual(expect.arrayContaining([...named, 'media/panel.css', 'media/lab.css', 'media/icon.svg', 'dist/cli.js', 'package.nls.json', 'package.nls.ja.json']));
  });

  it('is refused when a source map or a test slips in, or the icon or the CLI is missing', async () => {
    const { vsixProblems } = await load<VsixRules>('vsixContents.mjs');
    const good = (await listFiles({ cwd: repo, packageManager: PackageManager.None })).map((f) => f.replace(/\\/g, '/'));
    const bad = [...good.filter((f) => f !== 'media/icon.png' && f !== 'dist/cli.js'), 'dist/extension.js.map', 'dist/test/integration/index.js'];
    const problems = vsixProblems(bad);
    expect(problems).toEqual(['media/icon.png is missing', 'dist/cli.js is missing', 'dist/extension.js.map is a source map', 'dist/test/integration/index.js is a test']);
  });

  it('ships third-party notices for exactly what the bundles include', async () => {
    const { thirdPartyNotices, NOTICES_FILE } = await load<Notices>('notices.mjs');
    const expected = thirdPartyNotices(repo);
    for (const name of ['vega ', 'vega-lite ', 'vega-interpreter ', 'lit ', '@vscode-elements/elements ', 'jsonc-parser ', 'papaparse ', 'data/cars.json', 'data/penguins.json']) expect(expected).toContain(name);
    expect(fs.readFileSync(path.join(repo, NOTICES_FILE), 'utf8'), 'ThirdPartyNotices.txt is out of date: node esbuild.js && node scripts/notices.mjs').toBe(expected);
  });
});

interface Matcher { name: string; owner: string; source?: string; fileLocation: string[]; pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number } }

describe('the descent task', () => {
  const matcher: Matcher = contributes.problemMatchers.find((m: Matcher) => m.name === 'descent');
  /** What VS Code's matcher reads from a line of output, or null when the line is no problem. */
  const match = (line: string) => {
    const m = new RegExp(matcher.pattern.regexp).exec(line);
    const p = matcher.pattern;
    return m && { file: m[p.file] ?? '', line: Number(m[p.line]), column: Number(m[p.column]), severity: m[p.severity] ?? '', message: m[p.message] ?? '' };
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-task-'));

  it('is a task type with the CLI commands, and a $descent matcher relative to the workspace folder', () => {
    const definition = contributes.taskDefinitions.find((d: { type: string }) => d.type === 'descent');
    expect(definition.required).toEqual(['command']);
    expect(definition.properties.command.enum).toContain('train');
    expect(definition.properties.file.default).toBe('training.json');
    expect(matcher.owner).toBe('descent');
    expect(matcher.fileLocation).toEqual(['autoDetect', '${workspaceFolder}']);
    // The task the provider builds names this matcher and runs a command of the definition.
    expect(fs.readFileSync(path.join(repo, 'src', 'tasks.ts'), 'utf8')).toContain(`'$${matcher.name}'`);
    for (const command of definition.properties.command.enum) expect(cliArguments({ type: 'descent', command, file: 'a/training.json' }, 'ja')).toEqual([command, 'a/training.json', '--lang', 'ja']);
    expect(cliArguments({ type: 'descent', command: 'train' }, 'en')).toEqual(['train', 'training.json', '--lang', 'en']);
    expect(cliArguments({ type: 'descent', command: 'export-script' }, 'en')).toBeUndefined();
  });

  it('matches every severity the CLI prints, on relative and absolute paths, and nothing else of a report', () => {
    for (const severity of ['error', 'warning', 'info'] as const) {
      for (const file of ['cars/training.json', '/home/a b/training.json', 'C:\\data\\training.json']) {
        expect(match(formatProblem(file, { line: 3, column: 19, severity, message: 'Diverged: the rate: too high.', path: ['learningRate'], code: ProblemCode.Diverged }))).toEqual({ file, line: 3, column: 19, severity, message: 'Diverged: the rate: too high.' });
      }
    }
    expect(match('Descent: cars/training.json')).toBeNull();
    expect(match('Verdict: Diverged (learningRate 1.5, 30 epochs, 30 updates)')).toBeNull();
  });

  it('reads the problems of the real CLI, in English and in Japanese, at the lines and columns of the keys', () => {
    const cli = path.join(tmp, 'cli.js');
    buildSync({ entryPoints: [path.join(repo, 'src/cli.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: cli, mainFields: ['module', 'main'], logLevel: 'error' });
    const dir = path.join(tmp, 'cars');
    fs.mkdirSync(dir);
    const text = '{\n  "learningRate": 1.5,\n  "batchSize": "full",\n  "epochs": 30,\n  "colour": "red",\n  "data": "cars"\n}\n';
    fs.writeFileSync(path.join(dir, 'training.json'), text);
    /** 1-based line and column of `needle` in the file, e.g. the value 1.5 → 2:19. */
    const at = (needle: string) => {
      const before = text.slice(0, text.indexOf(needle)).split('\n');
      return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
    };
    for (const lang of ['en', 'ja']) {
      // As the task runs it: from the workspace folder, the file relative to it.
      const r = spawnSync(process.execPath, [cli, 'train', 'cars/training.json', '--lang', lang], { cwd: tmp, encoding: 'utf8', timeout: 30_000 });
      const found = `${r.stdout}\n${r.stderr}`.split(/\r?\n/).flatMap((l) => match(l) ?? []);
      expect(found, `${lang}:\n${r.stdout}${r.stderr}`).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'cars/training.json', ...at('1.5'), severity: 'error' }),
          expect.objectContaining({ file: 'cars/training.json', ...at('"colour"'), severity: 'warning' }),
        ]),
      );
      for (const p of found) expect(p.message.length, lang).toBeGreaterThan(10);
      // What the matcher would read as a file exists relative to the workspace folder.
      for (const p of found) expect(fs.existsSync(path.join(tmp, p.file)), p.file).toBe(true);
    }
  });
});
