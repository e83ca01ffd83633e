/**
 * The training panel's page, wired to the browser: VS Code's API, the DOM layout, the Vega
 * renderer and the theme (see `page.ts` for what it does with them).
 */
import { parseCarriedState } from '../src/shared/carriedState';
import { createChartRenderer } from './chart';
import { createPage } from './page';
import { createLayout } from './render';
import { readThemeVariables, themeConfig, themeKindFrom } from './theme';

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}` : String(e));

/** The state of the page this one replaced (a restored panel that stayed blank; see src/panel.ts panelHtml), or null. */
const carriedState = (): unknown => parseCarriedState(document.getElementById('carried-state')?.textContent);

function startPanel(): void {
  const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  const vscodeApi = acquireVsCodeApi();
  const page = createPage({
    // VS Code's saved state for this page; a fresh page in place of a blank one starts from its predecessor's.
    api: { postMessage: (m) => vscodeApi.postMessage(m), setState: (s) => vscodeApi.setState(s), getState: () => vscodeApi.getState() ?? carriedState() },
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
