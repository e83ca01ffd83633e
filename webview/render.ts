/**
 * The panel's DOM: a fixed layout built once (so controls keep focus across snapshots) whose
 * sections are refilled from each snapshot. Chart first: the header, the verdict and its fix,
 * the chart's controls and the chart, then the runs table, the update table and the details
 * (a row of jump buttons under the header reaches each without scrolling). The chart itself is
 * drawn by `chart.ts` into `layout.chart`.
 */
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { PanelReport, PanelSection, PanelSnapshot } from '../src/shared/protocol';
import { accuracySummary, classSummary, isLogistic, logisticBestReachable, logisticEquation, logisticRateSummary } from './classifierDetails';
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
  severityText,
  sortProblems,
  updateRows,
  verdictHeadline,
  verdictTone,
} from './state';
import type { RunsSort, ViewState } from './view';
import { type PanelActions, button, controls } from './controls';
import type { RatePanelElements } from './ratePanel';
import { type Swatch, fillRunsTable } from './runsTable';
import { exportButtons } from './exportButtons';
import { readThemeVariables, slotColours } from './theme';
import { labButtons } from './labButtons';
import { t } from '../src/shared/l10n';
import { lossUnitLabel } from '../src/shared/wording';

export type { PanelActions };


export interface PanelLayout {
  /** The element the Vega view draws into. */
  chart: HTMLElement;
  /** The learning-rate panel under the loss chart (shown for a schedule). */
  rate?: RatePanelElements;
  /** The section below the chart that the model view and loss landscape fill (`modelSection.ts`). */
  model?: HTMLElement;
  /** Redraws every section from a snapshot (except the chart), the controls showing `view`, the runs in `runsSort`'s order. Returns whether the chart should be shown. */
  render(snapshot: PanelSnapshot, view: ViewState, runsSort?: RunsSort): boolean;
  /** Scrolls a section below the chart into view and puts the keyboard on its epoch scrubber; false while it is not shown. */
  showSection?(section: PanelSection): boolean;
  /** Sets the chart's summary in words (the figure's caption, for screen readers). */
  describeChart(text: string): void;
  /** Marks the chart as drawn for a run: `data-run-id` and a count of draws on the figure (tests wait on them). */
  chartDrawn(runId: number, draws: number): void;
  /** Shows the progress of the run under way. */
  progress(epoch: number, epochs: number, loss: number | null): void;
}

function badgeElement(badge: Badge): HTMLElement {
  return h('span', { class: `badge badge--${badge.tone}` }, h('span', { class: 'badge__dot', 'aria-hidden': 'true' }), badge.text);
}

function fact(term: string, ...details: Child[]): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, ...details));
}

/** The verdict, its reason and its fix: above the chart. */
function verdictContent(report: PanelReport, actions: PanelActions): Child[] {
  const out: Child[] = [];
  if (report.verdict) {
    out.push(h('h2', { id: 'verdict-title', class: `verdict verdict--${verdictTone(report.verdict)}` }, verdictHeadline({ ...report, verdict: report.verdict })));
  } else {
    out.push(h('h2', { id: 'verdict-title', class: 'verdict verdict--neutral' }, report.stoppedEarly === 'cancelled' ? t('Cancelled') : t('No verdict')));
  }
  if (report.reason) out.push(h('p', { class: 'reason' }, report.reason));
  const fix = verdictFix(report);
  if (fix) out.push(h('p', { class: 'fix' }, button('apply-fix', fix.title, actions.applyFix)));
  return out;
}

/** The final loss and the epochs it took, e.g. "18.71 (mpg)² after 50 epochs". */
function finalLossText(report: PanelReport): string {
  const epochs = formatCount(report.epochsRun);
  if (report.finalLoss === null) return report.epochsRun === 1 ? t('overflowed after {0} epoch', epochs) : t('overflowed after {0} epochs', epochs);
  const loss = `${formatValue(report.finalLoss)} ${lossUnitLabel(report.lossUnit)}`;
  return report.epochsRun === 1 ? t('{0} after {1} epoch', loss, epochs) : t('{0} after {1} epochs', loss, epochs);
}

/** The run's details (rate, evidence, suggestion, model, loss, data): below the tables. */
function detailsContent(report: PanelReport, snapshot: PanelSnapshot): Child[] {
  const out: Child[] = [h('h2', { id: 'details-title' }, t('Details'))];
  const facts: HTMLElement[] = [];
  const logistic = isLogistic(report);
  const lr = logistic ? logisticRateSummary(report) : learningRateSummary(report);
  const updates = report.updates;
  if (lr) {
    const batch = updates ? batchDescription(updates.current, updates[updates.current].batchSize) : null;
    facts.push(fact(t('Learning rate'), lr, batch ? h('span', { class: 'muted' }, ` · ${batch}`) : null));
  }
  for (const e of verdictEvidence(report)) facts.push(fact(e.term, e.text));
  if (report.suggestedLearningRate !== null) {
    facts.push(
      fact(
        t('Suggested rate'),
        h('span', { class: 'value' }, formatValue(report.suggestedLearningRate)),
        report.verdict === 'converged' ? h('span', { class: 'muted' }, t(' (this run’s rate already converges)')) : null,
        report.suggestion ? h('details', { class: 'derivation' }, h('summary', {}, t('How it is derived')), h('p', {}, report.suggestion)) : null,
      ),
    );
  }
  if (snapshot.bestConvergedRate !== null) {
    facts.push(fact(t('Converged here before'), t("learning rates up to {0} in this file's runs table (the same config otherwise)", formatValue(snapshot.bestConvergedRate))));
  }
  if (report.data) {
    const equation = report.model?.kind === 'logistic' ? logisticEquation(report.data.label, report.model.positive, report.data.features, report.weights, report.bias) : formatEquation(report.data.label, report.data.features, report.weights, report.bias);
    const diverged = report.verdict === 'diverged';
    facts.push(
      fact(
        t('Model'),
        equation ? h('code', { class: 'equation' }, equation) : null,
        equation && diverged ? h('span', { class: 'muted' }, t(' (diverged: these weights are not a usable model)')) : null,
        equation ? null : h('span', { class: 'muted' }, t('The weights overflowed: there is no model to show.')),
      ),
    );
    const truth = report.data.truth;
    const truthEquation = truth ? formatEquation(report.data.label, report.data.features, truth.weights, truth.bias) : null;
    if (truthEquation) facts.push(fact(t('Generated by'), h('code', { class: 'equation' }, t('{0} + noise', truthEquation))));
  }
  const gap = formatLossGap(report.finalLoss, report.optimalLoss);
  facts.push(
    fact(
      t('Final loss'),
      finalLossText(report),
      logistic
        ? h('span', { class: 'muted' }, ` · ${gap && report.classification?.optimum === 'finite' ? t('{0} ({1})', logisticBestReachable(report), gap) : logisticBestReachable(report)}`)
        : report.optimalLoss !== null
          ? h('span', { class: 'muted' }, ` · ${gap ? t('best reachable {0} ({1})', formatValue(report.optimalLoss), gap) : t('best reachable {0}', formatValue(report.optimalLoss))}`)
          : null,
    ),
  );
  const accuracy = accuracySummary(report);
  if (accuracy) facts.push(fact(t('Accuracy'), accuracy));
  const classes = classSummary(report);
  if (classes) facts.push(fact(t('Classes'), classes));
  const data = dataSummary(report);
  if (data.length) facts.push(fact(t('Data'), h('ul', { class: 'plain' }, ...data.map((line) => h('li', {}, line)))));
  out.push(h('dl', { class: 'facts' }, ...facts));
  return out;
}

function problemsContent(report: PanelReport | null, actions: PanelActions): Child[] {
  const problems = sortProblems(report?.problems ?? []);
  return [
    h('h2', { id: 'problems-title' }, t('training.json has problems')),
    problems.length
      ? h(
          'ul',
          { class: 'problems' },
          ...problems.map((p) =>
            h('li', { class: `problem problem--${p.severity}` }, h('span', { class: 'problem__where' }, `${p.line}:${p.column}`), ' ', h('span', { class: 'problem__severity' }, severityText(p.severity)), ' ', p.message, h('span', { class: 'visually-hidden' }, ` (${problemLine(p)})`)),
          ),
        )
      : h('p', {}, t('The configuration could not be read.')),
    button('open-config', t('Open training.json'), actions.openConfig),
  ];
}

function updatesContent(report: PanelReport): Child[] {
  const table = report.updates;
  if (!table) return [];
  const epochs = report.config?.epochs ?? 0;
  const rows = updateRows(table);
  return [
    h('h2', { id: 'updates-title' }, t('When the weights are updated')),
    h(
      'table',
      { class: 'updates' },
      h('caption', {}, epochs === 1 ? t('{0} training examples, {1} epoch', formatCount(report.samples), formatCount(epochs)) : t('{0} training examples, {1} epochs', formatCount(report.samples), formatCount(epochs))),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, t('Batch type')), h('th', { scope: 'col' }, t('Weights change')), h('th', { scope: 'col', class: 'num' }, t('Batch size')), h('th', { scope: 'col', class: 'num' }, t('Updates per epoch')), h('th', { scope: 'col', class: 'num' }, t('Total updates'))),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            { class: r.current ? 'current' : null, 'aria-current': r.current ? 'true' : null },
            h('th', { scope: 'row' }, r.name, r.current ? h('span', { class: 'tag' }, h('span', { class: 'visually-hidden' }, '('), t('this config'), h('span', { class: 'visually-hidden' }, ')')) : null),
            h('td', {}, r.when),
            h('td', { class: 'num' }, r.batchSize),
            h('td', { class: 'num' }, r.perEpoch),
            h('td', { class: 'num' }, r.total),
          ),
        ),
      ),
    ),
    report.trained && report.totalUpdates !== table[table.current].total
      ? h('p', { class: 'muted' }, t('This run stopped after {0} epochs: {1} updates.', formatCount(report.epochsRun), formatCount(report.totalUpdates)))
      : null,
  ];
}

/** Builds the page's fixed layout in `app` and returns how to fill it. */
export function createLayout(app: HTMLElement, actions: PanelActions): PanelLayout {
  const title = h('h1', { id: 'title' });
  const badge = h('span', { id: 'badge' });
  const path = h('p', { id: 'path', class: 'path' });
  const bar = h('vscode-progress-bar', { 'aria-label': t('Training progress') });
  const progressLine = h('span', { id: 'progress-text', class: 'muted' });
  const progressBox = h('div', { id: 'progress', class: 'progress', hidden: true, 'aria-live': 'off' }, bar, progressLine);
  const message = h('p', { id: 'message', class: 'message', hidden: true });
  // Only the header is a live region: a new verdict is announced, not the whole page.
  const header = h('header', { class: 'head' }, h('div', { class: 'title-row' }, title, badge), path, message);
  const problems = h('section', { id: 'problems', class: 'card', 'aria-labelledby': 'problems-title', hidden: true, 'aria-live': 'off' });
  const verdictBox = h('section', { id: 'verdict', class: 'summary', 'aria-labelledby': 'verdict-title', hidden: true, 'aria-live': 'off' });
  const summary = h('section', { id: 'summary', class: 'summary details', 'aria-labelledby': 'details-title', hidden: true, 'aria-live': 'off' });
  const runs = h('section', { id: 'runs', class: 'runs-section', 'aria-labelledby': 'runs-title', hidden: true, 'aria-live': 'off' });
  // Jump buttons: the tables and the details are one press away in a short panel.
  const jump = (id: string, label: string, target: () => HTMLElement) => {
    const b = h('button', { id, type: 'button', class: 'link-button' }, label);
    b.addEventListener('click', () => {
      const section = target();
      section.scrollIntoView({ block: 'start' });
      const heading = section.querySelector('h2');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
    });
    return b;
  };
  const model = h('section', { id: 'model', class: 'model', 'aria-labelledby': 'model-title', hidden: true, 'aria-live': 'off' });
  const jumps = h(
    'nav',
    { id: 'jumps', class: 'jumps', 'aria-label': t('Sections of the panel'), hidden: true },
    jump('jump-runs', t('Runs'), () => runs),
    jump('jump-updates', t('Update table'), () => updates),
    jump('jump-model', t('Model'), () => model),
    jump('jump-details', t('Details'), () => summary),
  );
  const control = controls(actions);
  const exportGroup = exportButtons(actions);
  const controlSection = h('section', { id: 'controls', 'aria-live': 'off' }, control.root, labButtons(actions.openLab), exportGroup);
  const chart = h('div', { id: 'chart', class: 'chart' });
  // The chart's summary in words names the figure for screen readers; the marks themselves are not read out.
  const caption = h('figcaption', { class: 'visually-hidden' }, t('Loss chart'));
  // Under the loss chart, the rate of each epoch when a schedule sets it (ratePanel.ts).
  const rateChart = h('div', { id: 'rate-chart', class: 'chart rate-chart', role: 'img', 'aria-label': t('Learning rate per epoch') });
  const rateBox = h('div', { id: 'rate-panel', class: 'rate-panel', hidden: true }, rateChart);
  const figure = h('figure', { id: 'chart-figure', class: 'chart-figure', hidden: true, 'aria-live': 'off' }, caption, chart, rateBox);
  const updates = h('section', { id: 'updates', 'aria-labelledby': 'updates-title', hidden: true, 'aria-live': 'off' });
  // The update table comes before the model section: it stays within reach without scrolling far.
  app.replaceChildren(header, progressBox, problems, verdictBox, controlSection, figure, runs, updates, model, summary);
  header.append(jumps);
  title.textContent = 'Descent';
  message.textContent = t('Waiting for the first run…');
  message.hidden = false;

  // The swatches are the chart's colours: the theme's, read as the chart reads them, again only
  // when VS Code changed the theme (its class on <body>, its variables on <html>): reading
  // computed styles after the DOM changed would cost a style recalculation on every snapshot.
  let themed: { key: string; slots: Swatch[]; training: Swatch } | null = null;
  const swatches = () => {
    const key = `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
    if (themed?.key !== key) {
      const vars = readThemeVariables();
      themed = { key, slots: slotColours(vars), training: { colour: vars['--vscode-charts-blue'] || 'currentColor', dashed: false } };
    }
    return themed;
  };

  return {
    chart,
    rate: { box: rateBox, chart: rateChart },
    model,
    showSection(section) {
      const heading = document.getElementById(section === 'landscape' ? 'landscape-title' : 'model-title');
      if (model.hidden || !heading || heading.hidden) return false;
      heading.scrollIntoView({ block: 'start' });
      // The scrubber moves the model's line and the landscape's point alike: the keyboard goes there.
      const scrubber = document.getElementById('model-epoch');
      if (scrubber instanceof HTMLInputElement && !scrubber.disabled) scrubber.focus({ preventScroll: true });
      else {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
      model.dataset.shownSection = section;
      return true;
    },
    render(snapshot, view, runsSort = null) {
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
        progressLine.textContent = t('starting…');
      } else if (snapshot.state !== 'training') progressBox.hidden = true;

      const invalid = snapshot.state === 'invalid';
      problems.hidden = !invalid;
      if (invalid) fill(problems, JSON.stringify(report?.problems ?? []), () => problemsContent(report, actions));

      const trained = !invalid && report !== null && report.trained;
      verdictBox.hidden = !trained;
      summary.hidden = !trained;
      if (trained) {
        fill(verdictBox, JSON.stringify([report.verdict, report.verdictEpoch, report.reason, report.stoppedEarly, verdictFix(report)]), () => verdictContent(report, actions));
        fill(summary, JSON.stringify([report, snapshot.bestConvergedRate]), () => detailsContent(report, snapshot));
      }
      const rows = snapshot.runs ?? [];
      runs.hidden = !trained || rows.length === 0;
      if (!runs.hidden) {
        const { slots, training } = swatches();
        fillRunsTable(runs, rows, runsSort, slots, training, actions, snapshot.keptRuns ?? null);
      }
      jumps.hidden = !trained;
      updates.hidden = !(trained && report.updates);
      if (trained) fill(updates, JSON.stringify([report.updates, report.samples, report.config?.epochs, report.totalUpdates, report.epochsRun]), () => updatesContent(report));

      const showChart = trained && snapshot.chart !== null;
      control.show(view, showChart, snapshot.state, snapshot.chart?.optimalLoss != null);
      figure.hidden = !showChart;
      exportGroup.hidden = !showChart;
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
