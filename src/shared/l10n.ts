/**
 * The one way Descent localizes what it says. Every user-facing sentence is written in English in
 * the source, as `t('… {0} …', value)`; `l10n/bundle.l10n.<lang>.json` maps that English to the
 * display language. The format is VS Code's own (`vscode.l10n`): the host passes the bundle VS
 * Code chose for the display language to the worker, the page and this module, and the CLI picks
 * one from `--lang` or the environment. Pure and synchronous, so the core, the worker, the CLI
 * and the page all translate the same way.
 *
 * `npm run l10n` collects every literal `t(…)` and `marked(…)` message into
 * `l10n/bundle.l10n.json`; a unit test fails when a bundle lacks a key or has one too many.
 */

/** A bundle as VS Code writes it: English message → translation (or `{ message, comment }`). */
export type Bundle = Readonly<Record<string, string | { message: string; comment?: readonly string[] }>>;

/** The display language: a BCP 47 tag ("en", "ja", "en-US") and its bundle (none for English). */
export interface Language {
  locale: string;
  bundle?: Bundle | undefined;
}

type Value = string | number | boolean;

let current: { locale: string; messages: ReadonlyMap<string, string> } = { locale: 'en', messages: new Map() };
const listeners = new Set<() => void>();

/** Switches the display language of everything this realm says from now on. */
export function setLanguage(language: Language): void {
  const messages = new Map<string, string>();
  for (const [key, value] of Object.entries(language.bundle ?? {})) {
    const text = typeof value === 'string' ? value : value?.message;
    if (typeof text === 'string') messages.set(key, text);
  }
  current = { locale: normalizeLocale(language.locale), messages };
  for (const listener of listeners) listener();
}

/** The display language now in force, to pass on to another realm (worker, page). */
export function currentLanguage(): Language {
  return { locale: current.locale, bundle: Object.fromEntries(current.messages) };
}

/** The display language's tag, for `Intl` and `<html lang>`: "en", "ja". */
export function displayLocale(): string {
  return current.locale;
}

/** Runs `listener` whenever the language changes (formatters rebuild their `Intl` objects). */
export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The message in the display language, with `{0}`, `{1}`… (or `{name}`) replaced by `args`.
 * `message` must be a string literal in the source: it is the bundle's key.
 */
export function t(message: string, ...args: Value[]): string;
export function t(message: string, args: Readonly<Record<string, Value>>): string;
export function t(message: string, ...rest: unknown[]): string {
  return translate(message, ...(rest as Value[]));
}

/**
 * Marks a message for the bundle without translating it yet: for text declared before the
 * language is known (the schema's descriptions) and translated later with `translate`.
 */
export function marked(message: string): string {
  return message;
}

/** `t` for a message that was `marked` elsewhere (the key is not a literal here). */
export function translate(message: string, ...rest: Array<Value | Readonly<Record<string, Value>>>): string {
  const text = current.messages.get(message) ?? message;
  if (rest.length === 0) return text;
  const first = rest[0];
  if (rest.length === 1 && typeof first === 'object' && first !== null) {
    const named = first as Readonly<Record<string, Value>>;
    return text.replace(/\{([A-Za-z_][\w]*)\}/g, (whole, name: string) => (Object.hasOwn(named, name) ? String(named[name]) : whole));
  }
  return text.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const v = rest[Number(index)];
    return v === undefined ? whole : String(v);
  });
}

/** "ja_JP.UTF-8" → "ja-JP", "C" / "" / "POSIX" → "en". */
export function normalizeLocale(tag: string | undefined): string {
  const base = (tag ?? '').split(/[.@]/)[0]?.replace(/_/g, '-') ?? '';
  if (base === '' || base === 'C' || base === 'POSIX') return 'en';
  try {
    return Intl.getCanonicalLocales(base)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** The bundle language a tag reads: "ja-JP" → "ja"; anything without a bundle → "en". */
export function bundleLanguage(tag: string, available: readonly string[]): string {
  const lower = normalizeLocale(tag).toLowerCase();
  for (let cut = lower; cut; cut = cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : '') {
    if (available.includes(cut)) return cut;
  }
  return 'en';
}
