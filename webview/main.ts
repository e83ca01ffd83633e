/**
 * The training panel's page, wired to the browser: VS Code's API, the DOM layout, the Vega
 * renderer and the theme (see `page.ts` for what it does with them).
 */
import { parseCarriedState } from '../src/shared/carriedState';
import { createChartRenderer } from './chart';
import { createPage } from './page';
import { createLayout } from './render';
import { readThemeVariables } from './theme';
import { currentTheme, readPageLanguage, wirePage } from './wire';

/** The state of the page this one replaced (a restored panel that stayed blank; see src/panel.ts panelHtml), or null. */
const carriedState = (): unknown => parseCarriedState(document.getElementById('carried-state')?.textContent);

function startPanel(): void {
  readPageLanguage();
  const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  const vscodeApi = acquireVsCodeApi();
  const page = createPage({
    // VS Code's saved state for this page; a fresh page in place of a blank one starts from its predecessor's.
    api: { postMessage: (m) => vscodeApi.postMessage(m), setState: (s) => vscodeApi.setState(s), getState: () => vscodeApi.getState() ?? carriedState() },
    makeLayout: (actions) => createLayout(app, actions),
    renderer: createChartRenderer(),
    makeRenderer: () => createChartRenderer(),
    theme: currentTheme,
    background: () => readThemeVariables()['--vscode-editor-background'] ?? '',
  });
  wirePage(page);
}

startPanel();
