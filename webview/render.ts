/**
 * The panel's DOM: a fixed layout built once (so controls keep focus across snapshots) whose
 * sections are refilled from each snapshot. The chart itself is drawn by `chart.ts` into
 * `layout.chart`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import type { PanelReport, PanelSnapshot, PanelState } from '../src/shared/protocol';
import { type Child, fill, h } from './dom';
import { formatCount, formatEquation, formatLossGap, formatValue } from './format';
import {
  type Badge,
  badgeFor,
  batchDescription,
  dataSummary,
  defaultMessage,
  learningRateSummary,
  verdictEvidence,
  verdictFix,
  problemLine,
  progressText,
  sortProblems,
  updateRows,
  verdictHeadline,
  verdictTone,
} from './state';
import type { ViewState } from './view';

/** What the user can ask for; `main.ts` turns each into a message to the host. */
export interface PanelActions {
  changeView(change: Partial<ViewState>): void;
  train(): void;
  applyFix(): void;
  openConfig(): void;
}

export interface PanelLayout {
  /** The element the Vega view draws into. */
  chart: HTMLElement;
  /** Redraws every section from a snapshot (except the chart), the controls showing `view`. Returns whether the chart should be shown. */
  render(snapshot: PanelSnapshot, view: ViewState): boolean;
  /** Sets the chart's summary in words (the figure's caption, for screen readers). */
  describeChart(text: string): void;
  /** Marks the chart as drawn for a run: `data-run-id` and a count of draws on the figure (tests wait on them). */
  chartDrawn(runId: number, draws: number): void;
  /** Shows the progress of the run under way. */
  progress(epoch: number, epochs: number, loss: number | null): void;
}

const button = (id: string, label: string, onClick: () => void, secondary = false): HTMLElement => {
  const b = h('vscode-button', { id, secondary });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
};

function badgeElement(badge: Badge): HTMLElement {
  return h('span', { class: `badge badge--${badge.tone}` }, h('span', { class: 'badge__dot', 'aria-hidden': 'true' }), badge.text);
}

function fact(term: string, ...details: Child[]): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, ...details));
}

function summaryContent(report: PanelReport, snapshot: PanelSnapshot, actions: PanelActions): Child[] {
  const out: Child[] = [];
  if (report.verdict) {
    out.push(h('h2', { id: 'verdict-title', class: `verdict verdict--${verdictTone(report.verdict)}` }, verdictHeadline({ ...report, verdict: report.verdict })));
  } else {
    out.push(h('h2', { id: 'verdict-title', class: 'verdict verdict--neutral' }, report.stoppedEarly === 'cancelled' ? 'Cancelled' : 'No verdict'));
  }
  if (report.reason) out.push(h('p', { class: 'reason' }, report.reason));
  const fix = verdictFix(report);
  if (fix) out.push(h('p', { class: 'fix' }, button('apply-fix', fix.title, actions.applyFix)));

  const facts: HTMLElement[] = [];
  const lr = learningRateSummary(report);
  const updates = report.updates;
  if (lr) {
    const batch = updates ? batchDescription(updates.current, updates[updates.current].batchSize) : null;
    facts.push(fact('Learning rate', lr, batch ? h('span', { class: 'muted' }, ` · ${batch}`) : null));
  }
  for (const e of verdictEvidence(report)) facts.push(fact(e.term, e.text));
  if (report.suggestedLearningRate !== null) {
    facts.push(
      fact(
        'Suggested rate',
        h('span', { class: 'value' }, formatValue(report.suggestedLearningRate)),
        report.verdict === 'converged' ? h('span', { class: 'muted' }, ' (this run’s rate already converges)') : null,
        report.suggestion ? h('details', { class: 'derivation' }, h('summary', {}, 'How it is derived'), h('p', {}, report.suggestion)) : null,
      ),
    );
  }
  if (snapshot.bestConvergedRate !== null) {
    facts.push(fact('Converged here before', `learning rates up to ${formatValue(snapshot.bestConvergedRate)} in recent runs of this file`));
  }
  if (report.data) {
    const equation = formatEquation(report.data.label, report.data.features, report.weights, report.bias);
    const diverged = report.verdict === 'diverged';
    facts.push(
      fact(
        'Model',
        equation ? h('code', { class: 'equation' }, equation) : null,
        equation && diverged ? h('span', { class: 'muted' }, ' (diverged: these weights are not a usable model)') : null,
        equation ? null : h('span', { class: 'muted' }, 'The weights overflowed: there is no model to show.'),
      ),
    );
    const truth = report.data.truth;
    const truthEquation = truth ? formatEquation(report.data.label, report.data.features, truth.weights, truth.bias) : null;
    if (truthEquation) facts.push(fact('Generated by', h('code', { class: 'equation' }, `${truthEquation} + noise`)));
  }
  const gap = formatLossGap(report.finalLoss, report.optimalLoss);
  facts.push(
    fact(
      'Final loss',
      report.finalLoss !== null ? `${formatValue(report.finalLoss)} ${report.lossUnit}` : 'overflowed',
      ` after ${formatCount(report.epochsRun)} epoch${report.epochsRun === 1 ? '' : 's'}`,
      report.optimalLoss !== null ? h('span', { class: 'muted' }, ` · best reachable ${formatValue(report.optimalLoss)}${gap ? ` (${gap})` : ''}`) : null,
    ),
  );
  const data = dataSummary(report);
  if (data.length) facts.push(fact('Data', h('ul', { class: 'plain' }, ...data.map((line) => h('li', {}, line)))));
  out.push(h('dl', { class: 'facts' }, ...facts));
  return out;
}

function problemsContent(report: PanelReport | null, actions: PanelActions): Child[] {
  const problems = sortProblems(report?.problems ?? []);
  return [
    h('h2', { id: 'problems-title' }, 'training.json has problems'),
    problems.length
      ? h(
          'ul',
          { class: 'problems' },
          ...problems.map((p) =>
            h('li', { class: `problem problem--${p.severity}` }, h('span', { class: 'problem__where' }, `${p.line}:${p.column}`), ' ', h('span', { class: 'problem__severity' }, p.severity), ' ', p.message, h('span', { class: 'visually-hidden' }, ` (${problemLine(p)})`)),
          ),
        )
      : h('p', {}, 'The configuration could not be read.'),
    button('open-config', 'Open training.json', actions.openConfig),
  ];
}

function updatesContent(report: PanelReport): Child[] {
  const table = report.updates;
  if (!table) return [];
  const epochs = report.config?.epochs ?? 0;
  const rows = updateRows(table);
  return [
    h('h2', { id: 'updates-title' }, 'When the weights are updated'),
    h(
      'table',
      { class: 'updates' },
      h('caption', {}, `${formatCount(report.samples)} training examples, ${formatCount(epochs)} epoch${epochs === 1 ? '' : 's'}`),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, 'Batch type'), h('th', { scope: 'col' }, 'Weights change'), h('th', { scope: 'col', class: 'num' }, 'Batch size'), h('th', { scope: 'col', class: 'num' }, 'Updates per epoch'), h('th', { scope: 'col', class: 'num' }, 'Total updates')),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            { class: r.current ? 'current' : null, 'aria-current': r.current ? 'true' : null },
            h('th', { scope: 'row' }, r.name, r.current ? h('span', { class: 'tag' }, h('span', { class: 'visually-hidden' }, '('), 'this config', h('span', { class: 'visually-hidden' }, ')')) : null),
            h('td', {}, r.when),
            h('td', { class: 'num' }, r.batchSize),
            h('td', { class: 'num' }, r.perEpoch),
            h('td', { class: 'num' }, r.total),
          ),
        ),
      ),
    ),
    report.trained && report.totalUpdates !== table[table.current].total
      ? h('p', { class: 'muted' }, `This run stopped after ${formatCount(report.epochsRun)} epochs: ${formatCount(report.totalUpdates)} updates.`)
      : null,
  ];
}

function controls(actions: PanelActions): { root: HTMLElement; show(view: ViewState, hasChart: boolean, state: PanelState): void } {
  const log = h('vscode-checkbox', { id: 'log-scale' });
  log.textContent = 'Log scale';
  log.addEventListener('change', () => actions.changeView({ logScale: log.checked }));
  const previous = h('vscode-checkbox', { id: 'show-previous' });
  previous.textContent = 'Show previous runs';
  previous.addEventListener('change', () => actions.changeView({ showPrevious: previous.checked }));
  const byEpoch = h('vscode-radio', { id: 'x-epoch', name: 'x-axis', value: 'epoch' });
  byEpoch.textContent = 'epochs';
  const byUpdate = h('vscode-radio', { id: 'x-update', name: 'x-axis', value: 'update' });
  byUpdate.textContent = 'weight updates';
  const axis = h('vscode-radio-group', { 'aria-labelledby': 'x-axis-label' }, byEpoch, byUpdate);
  const pickAxis = () => actions.changeView({ xAxis: byUpdate.checked ? 'update' : 'epoch' });
  axis.addEventListener('change', pickAxis);
  // Arrow keys move the checked radio without a change event: read the result once the group has handled the key.
  axis.addEventListener('keydown', (e) => {
    if (e.key.startsWith('Arrow')) queueMicrotask(pickAxis);
  });
  const options = h(
    'div',
    { class: 'chart-options', role: 'group', 'aria-label': 'Chart options' },
    log,
    h('div', { class: 'axis-choice' }, h('span', { id: 'x-axis-label', class: 'control-label' }, 'X axis:'), axis),
    previous,
  );
  const train = button('train', 'Train again', actions.train);
  const root = h('div', { class: 'controls' }, options, h('span', { class: 'spacer' }), train);
  return {
    root,
    show(view, hasChart, state) {
      options.hidden = !hasChart;
      // An untrusted workspace does not train, and a deleted file has nothing to train.
      train.hidden = state === 'untrusted' || state === 'deleted';
      const label = state === 'idle' ? 'Train' : 'Train again';
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

/** Builds the page's fixed layout in `app` and returns how to fill it. */
export function createLayout(app: HTMLElement, actions: PanelActions): PanelLayout {
  const title = h('h1', { id: 'title' });
  const badge = h('span', { id: 'badge' });
  const path = h('p', { id: 'path', class: 'path' });
  const bar = h('vscode-progress-bar', { 'aria-label': 'Training progress' });
  const progressLine = h('span', { id: 'progress-text', class: 'muted' });
  const progressBox = h('div', { id: 'progress', class: 'progress', hidden: true, 'aria-live': 'off' }, bar, progressLine);
  const message = h('p', { id: 'message', class: 'message', hidden: true });
  // Only the header is a live region: a new verdict is announced, not the whole page.
  const header = h('header', { class: 'head' }, h('div', { class: 'title-row' }, title, badge), path, message);
  const problems = h('section', { id: 'problems', class: 'card', 'aria-labelledby': 'problems-title', hidden: true, 'aria-live': 'off' });
  const summary = h('section', { id: 'summary', class: 'summary', 'aria-labelledby': 'verdict-title', hidden: true, 'aria-live': 'off' });
  const control = controls(actions);
  const controlSection = h('section', { id: 'controls', 'aria-live': 'off' }, control.root);
  const chart = h('div', { id: 'chart', class: 'chart' });
  // The chart's summary in words names the figure for screen readers; the marks themselves are not read out.
  const caption = h('figcaption', { class: 'visually-hidden' }, 'Loss chart');
  const figure = h('figure', { id: 'chart-figure', class: 'chart-figure', hidden: true, 'aria-live': 'off' }, caption, chart);
  const updates = h('section', { id: 'updates', 'aria-labelledby': 'updates-title', hidden: true, 'aria-live': 'off' });
  app.replaceChildren(header, progressBox, problems, summary, controlSection, figure, updates);
  title.textContent = 'Descent';
  message.textContent = 'Waiting for the first run…';
  message.hidden = false;

  return {
    chart,
    render(snapshot, view) {
      const focused = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement.id : '';
      const report = snapshot.report;
      title.textContent = snapshot.fileName;
      path.textContent = snapshot.relativePath !== snapshot.fileName ? snapshot.relativePath : '';
      path.hidden = !path.textContent;
      document.title = `Descent: ${snapshot.relativePath || snapshot.fileName}`;
      const b = badgeFor(snapshot);
      fill(badge, JSON.stringify(b), () => [badgeElement(b)]);
      const text = snapshot.message ?? defaultMessage(snapshot.state);
      message.hidden = !text;
      if (message.textContent !== (text ?? '')) message.textContent = text ?? '';
      if (snapshot.state === 'training' && progressBox.hidden) {
        // Until the first progress message the bar only says that something is running.
        progressBox.hidden = false;
        bar.indeterminate = true;
        progressLine.textContent = 'starting…';
      } else if (snapshot.state !== 'training') progressBox.hidden = true;

      const invalid = snapshot.state === 'invalid';
      problems.hidden = !invalid;
      if (invalid) fill(problems, JSON.stringify(report?.problems ?? []), () => problemsContent(report, actions));

      const trained = !invalid && report !== null && report.trained;
      summary.hidden = !trained;
      if (trained) fill(summary, JSON.stringify([report, snapshot.bestConvergedRate]), () => summaryContent(report, snapshot, actions));
      updates.hidden = !(trained && report.updates);
      if (trained) fill(updates, JSON.stringify([report.updates, report.samples, report.config?.epochs, report.totalUpdates, report.epochsRun]), () => updatesContent(report));

      const showChart = trained && snapshot.chart !== null;
      control.show(view, showChart, snapshot.state);
      figure.hidden = !showChart;
      // The run the page shows; a chart is the run's once `data-run-id` (set when drawn) matches it.
      figure.dataset.snapshotRunId = String(snapshot.runId);

      if (focused && document.activeElement === document.body) document.getElementById(focused)?.focus();
      return showChart;
    },
    describeChart(text) {
      if (caption.textContent !== text) caption.textContent = text;
    },
    chartDrawn(runId, draws) {
      figure.dataset.runId = String(runId);
      figure.dataset.draws = String(draws);
    },
    progress(epoch, epochs, loss) {
      progressBox.hidden = false;
      bar.indeterminate = false;
      bar.max = Math.max(1, epochs);
      bar.value = Math.min(epoch, epochs);
      progressLine.textContent = progressText(epoch, epochs, loss);
    },
  };
}
