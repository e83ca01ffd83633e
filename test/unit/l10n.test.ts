// The bundles: every message the source says is in the English bundle, every language has
// exactly the English keys with the same placeholders, and the manifest's %keys% resolve in
// every language. Plus the translation function itself and how the CLI picks its language.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleLanguage, normalizeLocale, setLanguage, t, translate } from '../../src/shared/l10n';
import { formatNumber } from '../../src/shared/format';
import { cliLanguage } from '../../src/cliLanguage';
// @ts-expect-error: a plain ESM script without types
import { collectMessages, englishBundle, strayProse } from '../../scripts/l10n.mjs';

const root = path.resolve(__dirname, '..', '..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
const languages = fs.readdirSync(path.join(root, 'l10n')).flatMap((f) => /^bundle\.l10n\.([\w-]+)\.json$/.exec(f)?.[1] ?? []);
const placeholders = (s: string): string[] => [...new Set(s.match(/\{[A-Za-z0-9_]+\}/g) ?? [])].sort();
const textOf = (v: unknown): string => (typeof v === 'string' ? v : (v as { message: string }).message);

afterEach(() => setLanguage({ locale: 'en' }));

describe('the bundles', () => {
  it('l10n/bundle.l10n.json holds exactly the messages of the source, each a literal', () => {
    const { messages, problems } = collectMessages() as { messages: Map<string, string>; problems: string[] };
    expect(problems).toEqual([]);
    expect(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8'), 'run `npm run l10n`').toBe(englishBundle(messages));
  });

  it('no English prose is built outside the bundles (string literals of src/ and webview/, exemptions as scripts/l10n.mjs states them)', () => {
    expect(strayProse()).toEqual([]);
  });

  it('finds English prose outside the bundles when there is some', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-strays-'));
    fs.mkdirSync(path.join(base, 'src'));
    fs.writeFileSync(
      path.join(base, 'src', 'probe.ts'),
      [
        "import { t } from './shared/l10n';",
        'export const shown = (n: number): string => `Trained ${n} epochs without a bundle`;',
        "export const fine = (n: number): string => t('Trained {0} epochs', n);",
        '// not translated: a reason for the log',
        "export const reason = 'the panel was closed';",
        "export const css = { class: 'summary details' };",
      ].join('\n'),
    );
    try {
      expect(strayProse(base)).toEqual([expect.stringContaining('src/probe.ts:2: Trained')]);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('has at least one language besides English', () => {
    expect(languages).toContain('ja');
  });

  for (const lang of languages) {
    it(`bundle.l10n.${lang}.json has every English key, no other, each translated with the same placeholders`, () => {
      const english = readJson('l10n/bundle.l10n.json');
      const other = readJson(`l10n/bundle.l10n.${lang}.json`);
      const missing = Object.keys(english).filter((k) => !(k in other));
      const extra = Object.keys(other).filter((k) => !(k in english));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      const wrong = Object.entries(other).filter(([k, v]) => textOf(v).trim() === '' || placeholders(textOf(v)).join() !== placeholders(k).join());
      expect(wrong.map(([k]) => k)).toEqual([]);
    });

    it(`package.nls.${lang}.json has exactly the keys of package.nls.json`, () => {
      const english = readJson('package.nls.json');
      const other = readJson(`package.nls.${lang}.json`);
      expect({ missing: Object.keys(english).filter((k) => !(k in other)), extra: Object.keys(other).filter((k) => !(k in english)) }).toEqual({ missing: [], extra: [] });
    });
  }

  it('every %key% of package.json is in package.nls.json, and every key there is used', () => {
    const manifest = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const used = new Set([...manifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1] ?? ""));
    const english = readJson('package.nls.json');
    expect([...used].filter((k) => !(k in english))).toEqual([]);
    expect(Object.keys(english).filter((k) => !used.has(k))).toEqual([]);
  });
});

describe('t', () => {
  it('replaces numbered and named placeholders, in the translation when there is one', () => {
    expect(t('{0} of {1}', 3, 'x')).toBe('3 of x');
    setLanguage({ locale: 'ja', bundle: { '{0} of {1}': '{1}の{0}', 'Hello {name}': { message: 'こんにちは {name}', comment: [] } } });
    expect(translate('{0} of {1}', 3, 'x')).toBe('xの3');
    expect(translate('Hello {name}', { name: 'Ada' })).toBe('こんにちは Ada');
    expect(translate('not in the bundle {0}', 1)).toBe('not in the bundle 1');
  });

  it('formats numbers for the display language and rebuilds its formatters when it changes', () => {
    expect(formatNumber(12345.6)).toBe('12,350');
    setLanguage({ locale: 'de' });
    expect(formatNumber(12345.6)).toBe('12.350');
    setLanguage({ locale: 'ja' });
    expect(formatNumber(12345.6)).toBe('12,350');
  });

  it('reads POSIX and BCP 47 tags', () => {
    expect(normalizeLocale('ja_JP.UTF-8')).toBe('ja-JP');
    expect(normalizeLocale('C')).toBe('en');
    expect(normalizeLocale('')).toBe('en');
    expect(normalizeLocale('not a tag!')).toBe('en');
    expect(bundleLanguage('ja-JP', ['ja'])).toBe('ja');
    expect(bundleLanguage('fr-FR', ['ja'])).toBe('en');
  });
});

describe('the CLI language', () => {
  it('--lang wins over the environment, and is removed from the arguments', () => {
    const r = cliLanguage(['train', '--lang', 'ja', 'x.json'], { LANG: 'en_US.UTF-8' });
    expect(r).toMatchObject({ argv: ['train', 'x.json'], language: { locale: 'ja' } });
    expect(cliLanguage(['--lang=en', 'train'], { LANG: 'ja_JP.UTF-8' })).toMatchObject({ argv: ['train'], language: { locale: 'en' } });
  });

  it('follows LC_ALL, then LC_MESSAGES, then LANG; a language without a bundle is English', () => {
    expect(cliLanguage(['train'], { LC_ALL: 'ja_JP.UTF-8', LANG: 'en_US' })).toMatchObject({ language: { locale: 'ja-JP' } });
    expect(cliLanguage(['train'], { LC_MESSAGES: 'ja_JP', LANG: 'en_US' })).toMatchObject({ language: { locale: 'ja-JP' } });
    expect(cliLanguage(['train'], { LANG: 'fr_FR.UTF-8' })).toMatchObject({ language: { locale: 'en', bundle: undefined } });
    expect(cliLanguage(['train'], {})).toMatchObject({ language: { locale: 'en' } });
  });

  it('says what is wrong with a --lang without a language', () => {
    expect(cliLanguage(['train', '--lang'], {})).toEqual({ error: expect.stringContaining('--lang needs a language') });
    expect(cliLanguage(['train', '--lang', '--json'], {})).toEqual({ error: expect.stringContaining('--lang needs a language') });
  });
});
