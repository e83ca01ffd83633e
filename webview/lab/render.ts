/**
 * The lab page's DOM: a fixed layout built once (controls keep focus across views) whose sections
 * are refilled from each view. The chart is drawn by `labChart.ts` into `layout.chart`.
 */
import { assertNever } from '../../src/shared/assertNever';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import { formatCount, formatNumber } from '../../src/shared/format';
import type { ComparisonData, LabKind, LabView, SweepData } from '../../src/shared/labProtocol';
import { button } from '../controls';
import { type Child, fill, h } from '../dom';
import { LAB_AXES, type LabAxis, axisTitle, sweepOptionLabel } from './labView';
import { t } from '../../src/shared/l10n';

/** What the user can ask of the lab page. */
export interface LabActions {
  run(kind: LabKind): void;
  cancel(): void;
  changeAxis(axis: LabAxis): void;
  /** Use the sweep's rate number `index`. */
  useRate(index: number): void;
}

export interface LabLayout {
  chart: HTMLElement;
  /** Redraws every section but the chart from a view; returns whether the chart should be shown. */
  render(view: LabView, axis: LabAxis): boolean;
  progress(done: number, total: number, text: string): void;
  describeChart(text: string): void;
  chartDrawn(labId: number, draws: number): void;
  /** Selects the sweep's rate `index` in the list (a click on the chart's point). */
  select(index: number): void;
}

/** A lab's name, its tab's label (in the display language). */
function labName(kind: LabKind): string {
  switch (kind) {
    case 'rates':
      return t('Compare learning rates');
    case 'batches':
      return t('Compare batch sizes');
    case 'sweep':
      return t('Learning-rate sweep');
    case 'optimizers':
      return t('Compare optimizers');
    default:
      return assertNever(kind);
  }
}
const LAB_IDS: Record<LabKind, string> = { rates: 'lab-rates', batches: 'lab-batches', sweep: 'lab-sweep', optimizers: 'lab-optimizers' };
const LAB_ORDER: readonly LabKind[] = ['rates', 'batches', 'sweep', 'optimizers'];

function runsTable(data: ComparisonData): Child[] {
  if (data.kind === 'optimizers') return optimizersTable(data);
  const rates = data.kind === 'rates';
  return [
    h(
      'table',
      { class: 'lab-table' },
      h('caption', { class: 'visually-hidden' }, rates ? t('The compared learning rates') : t('The compared batch sizes and their weight updates')),
      h('thead', {}, h('tr', {}, ...[rates ? t('learning rate') : t('batch size'), t('why'), t('verdict'), t('updates / epoch'), t('weight updates'), t('final loss')].map((text) => h('th', { scope: 'col' }, text)))),
      h(
        'tbody',
        {},
        ...data.runs.map((r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, rates ? formatNumber(r.learningRate) : formatCount(r.batchSize)),
            h('td', {}, r.role),
            h('td', {}, h('span', { class: `verdict-text verdict--${r.verdictTone}` }, r.verdict)),
            h('td', { class: 'num' }, formatCount(r.updatesPerEpoch)),
            h('td', { class: 'num' }, formatCount(r.totalUpdates)),
            h('td', { class: 'num' }, r.finalLoss === null ? '—' : formatNumber(r.finalLoss)),
          ),
        ),
      ),
    ),
  ];
}

/** An optimizer comparison's table: optimizer, rate and how it was chosen, verdict; then the notes on the rates. */
function optimizersTable(data: ComparisonData): Child[] {
  return [
    h(
      'table',
      { class: 'lab-table' },
      h('caption', { class: 'visually-hidden' }, t('The compared optimizers, each at its own rate')),
      h('thead', {}, h('tr', {}, ...[t('optimizer'), t('learning rate'), t('how the rate was chosen'), t('verdict'), t('weight updates'), t('final loss')].map((text) => h('th', { scope: 'col' }, text)))),
      h(
        'tbody',
        {},
        ...data.runs.map((r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, r.optimizer ?? ''),
            h('td', { class: 'num' }, formatNumber(r.learningRate)),
            h('td', {}, r.role),
            h('td', {}, h('span', { class: `verdict-text verdict--${r.verdictTone}` }, r.verdict)),
            h('td', { class: 'num' }, formatCount(r.totalUpdates)),
            h('td', { class: 'num' }, r.finalLoss === null ? '—' : formatNumber(r.finalLoss)),
          ),
        ),
      ),
    ),
    h('ul', { id: 'lab-notes', class: 'lab-explanation' }, ...data.notes.map((line) => h('li', {}, line))),
  ];
}

/** Builds the lab page's layout in `app`. */
export function createLabLayout(app: HTMLElement, actions: LabActions): LabLayout {
  const title = h('h1', { id: 'lab-title' }, 'Descent Lab');
  const tabs = h('div', { class: 'lab-tabs', role: 'group', 'aria-label': t('Labs') }, ...LAB_ORDER.map((k) => button(LAB_IDS[k], labName(k), () => actions.run(k), true)));
  const bar = h('vscode-progress-bar', { 'aria-label': t('Lab progress') });
  const progressText = h('span', { id: 'lab-progress-text', class: 'muted' });
  const cancel = button('lab-cancel', t('Cancel'), actions.cancel, true);
  const progressBox = h('div', { id: 'lab-progress', hidden: true }, h('div', { class: 'lab-progress-bar' }, bar), progressText, cancel);
  const heading = h('h2', { id: 'lab-heading' });
  const message = h('p', { id: 'lab-message', class: 'message', hidden: true });

  const radios = LAB_AXES.map((a) => {
    const r = h('vscode-radio', { id: `lab-x-${a}`, name: 'lab-x-axis', value: a });
    r.textContent = axisTitle(a);
    return r;
  });
  const group = h('vscode-radio-group', { 'aria-labelledby': 'lab-x-label' }, ...radios);
  const pick = () => actions.changeAxis(LAB_AXES[radios.findIndex((r) => r.checked)] ?? 'epoch');
  group.addEventListener('change', pick);
  group.addEventListener('keydown', (e) => {
    if (e.key.startsWith('Arrow')) queueMicrotask(pick);
  });
  const axisBox = h('div', { id: 'lab-axis', class: 'axis-choice', hidden: true }, h('span', { id: 'lab-x-label', class: 'control-label' }, t('X axis:')), group);

  const chart = h('div', { id: 'lab-chart', class: 'chart' });
  const caption = h('figcaption', { class: 'visually-hidden' }, t('Lab chart'));
  const figure = h('figure', { id: 'lab-figure', class: 'chart-figure', hidden: true }, caption, chart);
  const details = h('section', { id: 'lab-details', hidden: true });

  // The sweep's rates as a keyboard-operable list, the best selected, and the button that uses the selected one.
  const select = h('select', { id: 'lab-rate', 'aria-label': t('Learning rate to use') });
  const use = button('lab-use-rate', t('Use this rate'), () => actions.useRate(Number(select.value)));
  const usePanel = h('div', { id: 'lab-use', class: 'lab-use', hidden: true }, h('label', { for: 'lab-rate', class: 'control-label' }, t('Rate:')), select, use);

  app.replaceChildren(h('header', { class: 'head' }, title, tabs), progressBox, heading, message, axisBox, usePanel, figure, details);

  const sweepDetails = (data: SweepData): Child[] => [h('ul', { class: 'lab-explanation' }, ...data.explanation.map((line) => h('li', {}, line)))];

  return {
    chart,
    render(view, axis) {
      title.textContent = `Descent Lab: ${view.fileName}`;
      document.title = title.textContent;
      for (const k of LAB_ORDER) document.getElementById(LAB_IDS[k])?.setAttribute('aria-pressed', String(k === view.kind));
      const running = view.state === 'running';
      progressBox.hidden = !running;
      if (running && !progressText.textContent) {
        bar.indeterminate = true;
        progressText.textContent = t('starting…');
      }
      if (!running) progressText.textContent = '';
      const data = view.state === 'done' ? view.data : null;
      heading.textContent = running ? t('{0}: running…', labName(view.kind)) : (data?.summary ?? labName(view.kind));
      message.hidden = !view.message;
      if (message.textContent !== (view.message ?? '')) message.textContent = view.message ?? '';
      axisBox.hidden = !data || data.kind === 'sweep';
      radios.forEach((r, i) => {
        if (r.checked !== (LAB_AXES[i] === axis)) r.checked = LAB_AXES[i] === axis;
      });
      usePanel.hidden = !data || data.kind !== 'sweep' || data.points.length === 0;
      details.hidden = !data;
      if (data?.kind === 'sweep') {
        fill(select, JSON.stringify([view.labId, data.points.length]), () =>
          data.points.map((p) => {
            const o = h('option', { value: p.index }, sweepOptionLabel(p));
            o.selected = p.index === (data.best ?? 0);
            return o;
          }),
        );
        fill(details, `sweep|${view.labId}`, () => sweepDetails(data));
      } else if (data) fill(details, `runs|${view.labId}`, () => runsTable(data));
      // While the same lab runs again its last chart stays, faded, so the new one only swaps its data in.
      const keep = running && figure.dataset.kind === view.kind && figure.dataset.draws !== undefined;
      figure.hidden = !data && !keep;
      figure.classList.toggle('lab-figure--stale', keep);
      if (data) figure.dataset.kind = view.kind;
      return data !== null && view.spec !== null;
    },
    progress(done, total, text) {
      progressBox.hidden = false;
      bar.indeterminate = false;
      bar.max = Math.max(1, total);
      bar.value = Math.min(done, total);
      progressText.textContent = text;
    },
    describeChart(text) {
      if (caption.textContent !== text) caption.textContent = text;
    },
    chartDrawn(labId, draws) {
      figure.dataset.labId = String(labId);
      figure.dataset.draws = String(draws);
    },
    select(index) {
      select.value = String(index);
    },
  };
}
