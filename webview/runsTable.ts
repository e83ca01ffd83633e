/**
 * The runs table (TensorBoard's and DVC's runs, one row per distinct config of the file): each
 * row's colour swatch (the chart's legend for the runs), its label, learning rate, batch size,
 * epochs, verdict, epochs to converge, final loss and RMSE; Pin, Hide and Remove buttons and
 * sortable column headers, all real buttons (Tab, Enter, Space; `aria-pressed`, `aria-sort`).
 * Pin, hide and remove go to the host, which keeps the runs; the order is the page's own.
 * Kept runs (files under `.descent/runs/`) follow the file's own rows, tagged "kept" with their
 * time and, when their data changed since (or cannot be told), a mark saying so; a Show button
 * draws one on the chart while the chart has room (`MAX_PREVIOUS_DRAWN` other runs).
 */
import { type KeptDataState, type RunAction, type RunRow, keptTime } from '../src/shared/runs';
import { MAX_PREVIOUS_DRAWN } from '../src/shared/series';
import { verdictSummary } from '../src/shared/wording';
import { type Child, fill, h } from './dom';
import { formatCount, formatValue } from './format';
import { formatPercent } from '../src/shared/format';
import { t } from '../src/shared/l10n';
import { MAX_PINNED } from '../src/shared/runs';
import { type RunsColumn, type RunsSort, nextRunsSort, sortRunRows } from './view';

/** What the table asks of the page. */
export interface RunsTableActions {
  runAction(id: number, action: RunAction): void;
  sortRuns(sort: RunsSort): void;
  keptRun(name: string, show: boolean): void;
}

/** How many kept runs the file has and where (the table lists the newest few). */
export interface KeptSummary {
  total: number;
  folder: string;
}

/** What a kept row says about its data, e.g. "data changed since this run"; null when nothing needs saying. */
export function keptDataText(state: KeptDataState): string | null {
  switch (state) {
    case 'changed':
      return t('data changed since this run');
    case 'unreadable':
      return t('data unknown: it cannot be read now');
    case 'no-hash':
      return t('data unknown: the run recorded no hash');
    case 'checking':
      return t('checking its data…');
    case 'same':
      return null;
    default: {
      const never: never = state;
      throw new Error(`unknown data state ${String(never)}`);
    }
  }
}

/** The tag and data mark under a kept row's label. */
function keptTags(kept: NonNullable<RunRow['kept']>): HTMLElement {
  const data = keptDataText(kept.data);
  return h(
    'span',
    { class: 'kept-tags' },
    h('span', { class: 'tag kept-tag', title: t('Kept run {0}', kept.name) }, t('kept')),
    // The date and the time each stay on one line; between them the cell may wrap.
    h('span', { class: 'kept-time muted' }, ...keptTime(kept.createdAt).split(/ (?=\d\d:)/).flatMap((part, i) => [i ? ' ' : '', h('span', { class: 'nowrap' }, part)])),
    data ? h('span', { class: `kept-data kept-data--${kept.data}` }, ` · ${data}`) : h('span', { class: 'visually-hidden' }, ` · ${t('same data as now')}`),
  );
}

/** A row's swatch: the colour and dash its curve has on the chart. */
export interface Swatch {
  colour: string;
  dashed: boolean;
}

/** The sortable columns: the header's short text and what a press sorts by (its tooltip). Built per render, in the display language. */
const columns = (): { column: RunsColumn; text: string; sortBy: string }[] => [
  { column: 'learningRate', text: t('lr'), sortBy: t('Sort by learning rate') },
  { column: 'batchSize', text: t('batch'), sortBy: t('Sort by batch size') },
  { column: 'epochs', text: t('epochs'), sortBy: t('Sort by epochs') },
  { column: 'verdict', text: t('verdict'), sortBy: t('Sort by verdict') },
  { column: 'convergedEpoch', text: t('conv. at'), sortBy: t('Sort by epochs to converge') },
  { column: 'finalLoss', text: t('final loss'), sortBy: t('Sort by final loss') },
  { column: 'rmse', text: 'RMSE', sortBy: t('Sort by rmse (accuracy for a classifier)') },
];

const SVG = 'http://www.w3.org/2000/svg';

function swatchElement(swatch: Swatch): Element {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'swatch');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(SVG, 'line');
  for (const [k, v] of Object.entries({ x1: '1', y1: '5', x2: '21', y2: '5', 'stroke-width': '3', stroke: swatch.colour })) line.setAttribute(k, v);
  if (swatch.dashed) line.setAttribute('stroke-dasharray', '5 3');
  svg.append(line);
  return svg;
}

/** The RMSE's unit when every row predicts the same label, e.g. "Miles_per_Gallon"; else null (each cell names its own). */
function commonUnit(rows: readonly RunRow[]): string | null {
  // Only rows that show an RMSE have a unit: a classifier's row shows its accuracy.
  const regression = rows.filter((r) => r.accuracy === null);
  const units = new Set(regression.map((r) => r.labelName));
  return units.size === 1 ? (regression[0]?.labelName ?? null) : null;
}

function cells(row: RunRow, unit: string | null): Child[] {
  const num = (text: string) => h('td', { class: 'num' }, text);
  return [
    num(formatValue(row.learningRate)),
    num(row.batchSize === 'full' ? t('full') : formatCount(row.batchSize)),
    num(formatCount(row.epochs)),
    h('td', { class: `verdict-cell verdict--${row.verdict ?? 'none'}` }, row.verdict === 'converged' ? t('converged') : row.verdict ? verdictSummary(row.verdict, null) : '—'),
    num(row.convergedEpoch !== null ? formatCount(row.convergedEpoch) : '—'),
    num(row.finalLoss !== null ? formatValue(row.finalLoss) : t('overflowed')),
    num(row.accuracy !== null ? t('{0} right', formatPercent(row.accuracy)) : row.rmse !== null ? `${formatValue(row.rmse)}${unit === null && row.labelName ? ` ${row.labelName}` : ''}` : '—'),
  ];
}

/** A toggle button of a row, e.g. Pin with `aria-pressed`; its id names the row so focus survives a redraw. */
function toggle(id: string, text: string, pressed: boolean, label: string, onClick: () => void, disabled = false): HTMLElement {
  const b = h('button', { id, type: 'button', class: 'row-button', 'aria-pressed': String(pressed), 'aria-label': label, title: label, disabled });
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

/** A kept row's Show toggle (pressed while drawn); it cannot be pressed while the chart has no room for another run. */
function keptShow(row: RunRow, name: string, full: boolean, actions: RunsTableActions): HTMLElement {
  const shown = !row.hidden;
  const label = shown ? t('Stop drawing the kept run {0} on the chart', row.label) : full ? t('The chart draws at most {0} other runs: hide one to show this kept run', MAX_PREVIOUS_DRAWN) : t('Draw the kept run {0} on the chart', row.label);
  return toggle(`kept-show-${name.replace(/\.json$/, '')}`, t('Show'), shown, label, () => actions.keptRun(name, !shown), !shown && full);
}

/** The note over the table about kept runs, e.g. "12 kept runs in .descent/runs; the newest 5 are listed; Show draws one on the chart." */
function keptNote(kept: KeptSummary, listed: number): string {
  const total = formatCount(kept.total);
  if (kept.total > listed) {
    return kept.total === 1
      ? t('{0} kept run in {1}; the newest {2} are listed; Show draws one on the chart.', total, kept.folder, formatCount(listed))
      : t('{0} kept runs in {1}; the newest {2} are listed; Show draws one on the chart.', total, kept.folder, formatCount(listed));
  }
  return kept.total === 1 ? t('{0} kept run in {1}; Show draws one on the chart.', total, kept.folder) : t('{0} kept runs in {1}; Show draws one on the chart.', total, kept.folder);
}

/** The runs section's content for `rows` in `sort`'s order. */
function tableContent(rows: readonly RunRow[], sort: RunsSort, swatches: readonly Swatch[], training: Swatch, actions: RunsTableActions, onSort: (column: RunsColumn) => void, kept: KeptSummary | null): Child[] {
  const unit = commonUnit(rows);
  const pinnedCount = rows.filter((r) => r.pinned).length;
  // The chart draws at most MAX_PREVIOUS_DRAWN other runs: a kept run is shown only while there is room.
  const drawnCount = rows.filter((r) => !r.current && !r.hidden).length;
  const header = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('Run')),
    ...columns().map(({ column, text, sortBy }) => {
      const sorted = sort?.column === column;
      const b = h('button', { id: `runs-sort-${column}`, type: 'button', class: 'sort-button', title: sortBy }, text, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sorted ? (sort.descending ? ' ▼' : ' ▲') : ''));
      b.addEventListener('click', () => onSort(column));
      return h('th', { scope: 'col', class: 'num', 'aria-sort': sorted ? (sort.descending ? 'descending' : 'ascending') : 'none' }, b);
    }),
    h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('Actions'))),
  );
  const body = sortRunRows(rows, sort).map((row) => {
    const swatch = row.current ? training : (swatches[row.slot] ?? training);
    const name = row.label;
    return h(
      'tr',
      { class: [row.current ? 'current' : '', row.hidden ? 'hidden-run' : '', row.pinned ? 'pinned' : ''].filter(Boolean).join(' ') || null, 'aria-current': row.current ? 'true' : null, 'data-run': String(row.id) },
      h(
        'th',
        { scope: 'row' },
        swatchElement(swatch),
        h('span', { class: 'run-label' }, name),
        row.current ? h('span', { class: 'visually-hidden' }, t(' (this run)')) : null,
        row.hidden ? h('span', { class: 'visually-hidden' }, t(' (hidden on the chart)')) : null,
        row.kept ? keptTags(row.kept) : null,
      ),
      ...cells(row, unit),
      row.kept
        ? h('td', { class: 'actions' }, keptShow(row, row.kept.name, drawnCount >= MAX_PREVIOUS_DRAWN, actions))
        : h(
        'td',
        { class: 'actions' },
        toggle(`run-pin-${row.id}`, t('Pin'), row.pinned, t('Pin {0}: keep it in the list', name), () => actions.runAction(row.id, row.pinned ? 'unpin' : 'pin'), !row.pinned && pinnedCount >= MAX_PINNED),
        row.current ? null : toggle(`run-hide-${row.id}`, t('Hide'), row.hidden, t('Hide {0} on the chart', name), () => actions.runAction(row.id, row.hidden ? 'show' : 'hide')),
        row.current || row.pinned
          ? null
          : (() => {
              const b = h('button', { id: `run-remove-${row.id}`, type: 'button', class: 'row-button', 'aria-label': t('Remove {0} from the runs', name), title: t('Remove {0} from the runs', name) }, '×');
              b.addEventListener('click', () => actions.runAction(row.id, 'remove'));
              return b;
            })(),
      ),
    );
  });
  return [
    h('h2', { id: 'runs-title' }, t('Runs'), h('span', { class: 'muted heading-note' }, ` · ${t('one row per config, coloured as on the chart')}${unit ? ` · ${t('RMSE in {0}', unit)}` : ''}`)),
    kept ? h('p', { id: 'kept-note', class: 'muted' }, keptNote(kept, rows.filter((r) => r.kept).length)) : null,
    h('div', { class: 'table-scroll' }, h('table', { class: 'runs' }, h('caption', { class: 'visually-hidden' }, t('Runs of this file; pinned rows first; column headers sort')), h('thead', {}, header), h('tbody', {}, ...body))),
  ];
}

/**
 * Refills the runs section for `rows` in `sort`'s order (unchanged rows, order and colours keep
 * their nodes, and focus stays on the button it was on). A header press asks the page for the
 * next order (`nextRunsSort`); the page keeps it and calls this again.
 */
export function fillRunsTable(section: HTMLElement, rows: readonly RunRow[], sort: RunsSort, swatches: readonly Swatch[], training: Swatch, actions: RunsTableActions, kept: KeptSummary | null = null): void {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
  fill(section, JSON.stringify([rows, sort, swatches, training, kept]), () => tableContent(rows, sort, swatches, training, actions, (column) => actions.sortRuns(nextRunsSort(sort, column)), kept));
  if (focused && !section.isConnected) return;
  if (focused && document.activeElement === document.body) document.getElementById(focused)?.focus();
}
