/**
 * The training panel's page, wired to the browser: VS Code's API, the DOM layout, the Vega
 * renderer and the theme (see `page.ts` for what it does with them).
 */
import { createChartRenderer } from './chart';
import { createPage } from './page';
import { createLayout } from './render';
import { readThemeVariables, themeConfig, themeKindFrom } from './theme';

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}` : String(e));

function startPanel(): void {
  const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  const page = createPage({
    api: acquireVsCodeApi(),
    makeLayout: (actions) => createLayout(app, actions),
    renderer: createChartRenderer(),
    makeRenderer: () => createChartRenderer(),
    theme: () => themeConfig(readThemeVariables(), themeKindFrom(document.body.classList)),
    background: () => readThemeVariables()['--vscode-editor-background'] ?? '',
  });
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

startPanel();
