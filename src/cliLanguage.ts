/**
 * The CLI's display language: `--lang TAG` anywhere on the command line, else the POSIX locale
 * (LC_ALL, then LC_MESSAGES, then LANG), else English. The bundles are built into the CLI, so it
 * reads no file to speak Japanese.
 */
import ja from '../l10n/bundle.l10n.ja.json';
import { type Bundle, type Language, bundleLanguage, marked, normalizeLocale } from './shared/l10n';

const BUNDLES: Readonly<Record<string, Bundle>> = { ja };

/** The arguments without `--lang`, and the language they (or the environment) ask for; or what is wrong (in English: `translate` it). */
export function cliLanguage(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): { argv: string[]; language: Language } | { error: string } {
  const rest: string[] = [];
  let asked: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg === '--lang' ? argv[++i] : arg.slice('--lang='.length);
      if (value === undefined || value === '' || value.startsWith('-')) return { error: marked('--lang needs a language, e.g. --lang ja or --lang en.') };
      asked = value;
    } else {
      rest.push(arg);
    }
  }
  const tag = asked ?? [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  const base = bundleLanguage(tag ?? 'en', Object.keys(BUNDLES));
  const locale = base === 'en' ? 'en' : normalizeLocale(tag);
  return { argv: rest, language: { locale, bundle: BUNDLES[base] } };
}
