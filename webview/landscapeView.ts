/**
 * The loss landscape for one recorded epoch, from the host's `LandscapeData`: the loss grid as
 * shading (darker where the loss is higher: √(L − L*)), the contours,
 * the descent path, the best weights and the start, the shown epoch's point, and where the path
 * leaves the window. Pure: no DOM.
 */
import { lossUnitLabel } from '../src/shared/wording';
import { formatCount, formatNumber } from '../src/shared/format';
import { type LandscapeData, MODEL_SERIES } from '../src/shared/modelView';
import type { DrawnChart } from './modelView';
import { t } from '../src/shared/l10n';

/** The landscape at one epoch, and whether that epoch's point is in view. */
export interface LandscapeFrame extends DrawnChart {
  epoch: number;
  /** The shown epoch's point is inside the window (false once the path has left it). */
  inView: boolean;
  /** The shading of each grid cell (0 … 0.32), row-major from the bottom-left, for the `shading` image. */
  shades: { n: number; values: number[] };
}

/** Path points of epochs 1 … this are numbered on the chart. */
const LABELLED_EPOCHS = 5;

/** The darkest shading a cell gets (the page's text colour at this opacity), so contours and path stay readable over it. */
const MAX_SHADE = 0.32;

/**
 * Shading per grid cell, 0 … MAX_SHADE: √(L − L*) over the grid's largest, i.e. the distance from
 * the valley floor in the loss's own geometry (linear in the radius of a round bowl), so the valley
 * reads as light and its walls as dark whatever the loss's units.
 */
export function cellShades(values: readonly number[], optimalLoss: number): number[] {
  const depth = values.map((v) => Math.sqrt(Math.max(v - optimalLoss, 0)));
  const top = Math.max(0, ...depth.filter(Number.isFinite));
  return depth.map((d) => (top > 0 && Number.isFinite(d) ? (MAX_SHADE * d) / top : 0));
}

/** The landscape's datasets and signals with the recorded epoch `epoch` marked. */
export function landscapeFrame(data: LandscapeData, epoch: number): LandscapeFrame {
  const { n, values } = data.grid;
  const [x0, x1] = data.xDomain;
  const [y0, y1] = data.yDomain;
  // One image over the window, its pixels the grid's cells (the page paints it: `shadingImage`).
  const shading = [{ x: x0, x2: x1, y: y0, y2: y1, url: '' }];
  const contours = data.contours.flatMap((c) => c.a.map((a, i) => ({ series: MODEL_SERIES.contours, level: c.level, i, a, b: c.b[i] })));
  const { epochs, a, b } = data.path;
  // The last kept point is on the window's edge when the path leaves: it belongs to the exit, not an epoch in view.
  const inside = data.exit ? epochs.length - 1 : epochs.length;
  // The first epochs carry their number, so jumps across the minimum and back can be followed.
  const path = epochs.map((e, i) => ({ series: MODEL_SERIES.path, epoch: e, a: a[i], b: b[i], label: i < inside && e >= 1 && e <= LABELLED_EPOCHS ? String(e) : '' }));
  const at = epochs.slice(0, inside).indexOf(epoch);
  const current = at >= 0 ? [{ series: MODEL_SERIES.path, epoch, a: a[at], b: b[at] }] : [];
  const marks: { series: string; a: number; b: number; loss?: number }[] = [{ series: MODEL_SERIES.optimum, a: data.optimum[0], b: data.optimum[1], loss: data.optimalLoss }];
  if (inside > 0) marks.push({ series: MODEL_SERIES.start, a: a[0] as number, b: b[0] as number });
  const exit = data.exit ? [{ series: MODEL_SERIES.leaves, a: data.exit.a, b: data.exit.b, text: t('leaves the view at epoch {0}', formatCount(data.exit.epoch)) }] : [];
  const where =
    at >= 0
      ? t('epoch {0} is marked', formatCount(epoch))
      : data.exit && epoch >= data.exit.epoch
        ? t('epoch {0} is outside the view (the path left it at epoch {1})', formatCount(epoch), formatCount(data.exit.epoch))
        : t('epoch {0} is not on the path', formatCount(epoch));
  const inViewCount = formatCount(Math.max(0, inside));
  const best = `${formatNumber(data.optimalLoss)} ${lossUnitLabel(data.lossUnit)}`;
  const what =
    data.kind === 'projected'
      ? t('Loss landscape (projected on the two steepest directions): {0} recorded epochs of the descent path in view, the best loss {1} at the cross; {2}', inViewCount, best, where)
      : t('Loss landscape: {0} recorded epochs of the descent path in view, the best loss {1} at the cross; {2}', inViewCount, best, where);
  return {
    epoch,
    inView: at >= 0,
    shades: { n, values: cellShades(values, data.optimalLoss) },
    data: { shading, contours, path, optimum: marks, current, exit },
    signals: { xDomain: data.xDomain, yDomain: data.yDomain, xTitle: data.xTitle, yTitle: data.yTitle },
    description: data.exit ? t('{0}; the path leaves the view at epoch {1}.', what, formatCount(data.exit.epoch)) : t('{0}.', what),
  };
}
