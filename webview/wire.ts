/**
 * What both pages (the training panel's and the lab's) do with the browser once built: take the
 * host's messages, report their own errors, and follow VS Code's theme changes.
 */
import { type Bundle, setLanguage } from '../src/shared/l10n';
import { readThemeVariables, themeConfig, themeKindFrom, type ChartThemeConfig } from './theme';

/**
 * Takes on the display language the host wrote into the page (src/panel.ts pageLanguageScript);
 * called first, before the page says anything. A missing or broken element leaves English.
 */
export function readPageLanguage(): void {
  try {
    const parsed = JSON.parse(document.getElementById('l10n')?.textContent ?? 'null') as { locale?: unknown; bundle?: unknown } | null;
    if (parsed && typeof parsed.locale === 'string') {
      const bundle = parsed.bundle !== null && typeof parsed.bundle === 'object' ? (parsed.bundle as Bundle) : undefined;
      setLanguage({ locale: parsed.locale, bundle });
    }
  } catch {
    // English it is.
  }
}

/** What a page offers the browser wiring. */
export interface WiredPage {
  receive(raw: unknown): void;
  reportError(message: string): void;
  themeChanged(): void;
}

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}` : String(e));

/** The chart theme now, read from the page's CSS variables and body class. */
export const currentTheme = (): ChartThemeConfig => themeConfig(readThemeVariables(), themeKindFrom(document.body.classList));

/** Connects `page` to the window: messages, uncaught errors, and theme changes (at most one redraw a frame). */
export function wirePage(page: WiredPage): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => page.receive(event.data));
  window.addEventListener('error', (e) => page.reportError(describeError(e.error ?? e.message)));
  window.addEventListener('unhandledrejection', (e) => page.reportError(describeError(e.reason)));
  // VS Code swaps the body class and the --vscode-* variables on <html> when the theme changes.
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      page.themeChanged();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
