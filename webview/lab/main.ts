/**
 * The Descent Lab page, wired to the browser: VS Code's API, the layout, the Vega renderer and the
 * theme (see `page.ts` for what it does with them).
 */
import { currentTheme, readPageLanguage, wirePage } from '../wire';
import { createLabChartRenderer } from './labChart';
import { createLabPage } from './page';
import { createLabLayout } from './render';

function startLab(): void {
  readPageLanguage();
  const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  const page = createLabPage({
    api: acquireVsCodeApi(),
    makeLayout: (actions) => createLabLayout(app, actions),
    makeRenderer: (onClick) => createLabChartRenderer(onClick),
    theme: currentTheme,
  });
  wirePage(page);
}

startLab();
