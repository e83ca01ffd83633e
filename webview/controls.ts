/**
 * The chart's controls (log scale, x-axis, excess loss, other runs) and the Train button. Each control
 * change goes to `actions.changeView`, which the page handles itself; the controls are keyboard
 * operable (checkboxes with Space, the radio group with the arrow keys).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import type { PanelState } from '../src/shared/protocol';
import type { LabKind } from '../src/shared/labProtocol';
import { h } from './dom';
import type { RunAction } from '../src/shared/runs';
import type { RunsSort, ViewState } from './view';
import { t } from '../src/shared/l10n';

/** A VS Code button, e.g. `button('train', 'Train again', onClick)`. */
export const button = (id: string, label: string, onClick: () => void, secondary = false): HTMLElement => {
  const b = h('vscode-button', { id, secondary });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
};

/** What the user can ask for; `main.ts` turns each into a message to the host. */
export interface PanelActions {
  changeView(change: Partial<ViewState>): void;
  train(): void;
  applyFix(): void;
  openConfig(): void;
  /** Pin, unpin, hide, show or remove a row of the runs table (the host keeps the runs). */
  runAction(id: number, action: RunAction): void;
  /** Order the runs table (the page keeps the order). */
  sortRuns(sort: RunsSort): void;
  /** Open the file's Descent Lab panel on one of its labs. */
  openLab(lab: LabKind): void;
  /** Draw or stop drawing a kept run (its file name in `.descent/runs/`) on the chart. */
  keptRun(name: string, show: boolean): void;
  /** Save the chart as drawn (the page makes the image, the host asks where). */
  exportChart(format: 'svg' | 'png'): void;
  /** Save the last run's history (the host makes the file and asks where). */
  exportHistory(format: 'csv' | 'json'): void;
}

/** The controls row; `show` sets it for a view, whether a chart is shown, and the panel's state. */
export function controls(actions: PanelActions): { root: HTMLElement; show(view: ViewState, hasChart: boolean, state: PanelState, hasOptimum?: boolean): void } {
  const log = h('vscode-checkbox', { id: 'log-scale' });
  log.textContent = t('Log scale');
  log.addEventListener('change', () => actions.changeView({ logScale: log.checked }));
  // The excess loss L − L* on a log axis: a run converging at a constant rate is a straight line, its slope the rate.
  const excess = h('vscode-checkbox', { id: 'excess-loss', title: t('Plot L − L* on a log axis: convergence speed reads as a slope') });
  excess.textContent = t('Excess loss L − L*');
  excess.addEventListener('change', () => actions.changeView({ excess: excess.checked }));
  const previous = h('vscode-checkbox', { id: 'show-previous' });
  previous.textContent = t('Show other runs');
  previous.addEventListener('change', () => actions.changeView({ showPrevious: previous.checked }));
  const byEpoch = h('vscode-radio', { id: 'x-epoch', name: 'x-axis', value: 'epoch' });
  byEpoch.textContent = t('epochs');
  const byUpdate = h('vscode-radio', { id: 'x-update', name: 'x-axis', value: 'update' });
  byUpdate.textContent = t('weight updates');
  const axis = h('vscode-radio-group', { 'aria-labelledby': 'x-axis-label' }, byEpoch, byUpdate);
  const pickAxis = () => actions.changeView({ xAxis: byUpdate.checked ? 'update' : 'epoch' });
  axis.addEventListener('change', pickAxis);
  // Arrow keys move the checked radio without a change event: read the result once the group has handled the key.
  axis.addEventListener('keydown', (e) => {
    if (e.key.startsWith('Arrow')) queueMicrotask(pickAxis);
  });
  const options = h(
    'div',
    { class: 'chart-options', role: 'group', 'aria-label': t('Chart options') },
    log,
    excess,
    h('div', { class: 'axis-choice' }, h('span', { id: 'x-axis-label', class: 'control-label' }, t('X axis:')), axis),
    previous,
  );
  const train = button('train', t('Train again'), actions.train);
  const root = h('div', { class: 'controls' }, options, h('span', { class: 'spacer' }), train);
  return {
    root,
    show(view, hasChart, state, hasOptimum = false) {
      options.hidden = !hasChart;
      // Only a run whose L* is known has an excess loss; log scale is implied while it is on.
      excess.hidden = !hasOptimum;
      if (excess.checked !== view.excess) excess.checked = view.excess;
      const logImplied = hasOptimum && view.excess;
      if (log.disabled !== logImplied) log.disabled = logImplied;
      // An untrusted workspace does not train, and a deleted file has nothing to train.
      train.hidden = state === 'untrusted' || state === 'deleted';
      const label = state === 'idle' ? t('Train') : t('Train again');
      if (train.textContent !== label) train.textContent = label;
      root.hidden = options.hidden && train.hidden;
      // Only touch what differs: setting `checked` on the focused control would move nothing, but keeps it quiet.
      if (log.checked !== view.logScale) log.checked = view.logScale;
      if (previous.checked !== view.showPrevious) previous.checked = view.showPrevious;
      if (byEpoch.checked !== (view.xAxis === 'epoch')) byEpoch.checked = view.xAxis === 'epoch';
      if (byUpdate.checked !== (view.xAxis === 'update')) byUpdate.checked = view.xAxis === 'update';
    },
  };
}

