/**
 * The training panel's Export group: the chart as SVG or PNG (the image of the chart on screen,
 * made by the page) and the last run's history as CSV or JSON (made by the host). The host asks
 * where to save each one (a webview cannot download). Real buttons, reached with Tab and pressed
 * with Enter or Space.
 */
import { button } from './controls';
import { h } from './dom';
import { t } from '../src/shared/l10n';

/** The buttons' ids and labels, in the order shown (built when the group is, in the display language). */
export const exportButtonList = () =>
  [
    { id: 'export-svg', label: t('Chart as SVG'), what: 'chart', format: 'svg' },
    { id: 'export-png', label: t('Chart as PNG'), what: 'chart', format: 'png' },
    { id: 'export-csv', label: t('History as CSV'), what: 'history', format: 'csv' },
    { id: 'export-json', label: t('History as JSON'), what: 'history', format: 'json' },
  ] as const;

/** The Export group; each button calls `exportChart` or `exportHistory` with its format. */
export function exportButtons(actions: { exportChart(format: 'svg' | 'png'): void; exportHistory(format: 'csv' | 'json'): void }): HTMLElement {
  const buttons = exportButtonList().map((b) =>
    button(b.id, b.label, () => {
      if (b.what === 'chart') actions.exportChart(b.format);
      else actions.exportHistory(b.format);
    }, true),
  );
  return h('div', { id: 'export-buttons', class: 'export-buttons', role: 'group', 'aria-labelledby': 'export-label' }, h('span', { id: 'export-label', class: 'control-label' }, t('Export:')), ...buttons);
}
