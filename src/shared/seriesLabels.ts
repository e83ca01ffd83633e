/**
 * The charts' series names in the display language. The data names its series in English (the
 * page and the specs match them by name: `SERIES`, `MODEL_SERIES`, the lab's verdict groups), so
 * the names stay the data's keys and the compiled specs translate what they show: a legend's
 * labels through `labelExpr`, a tooltip's value through a `calculate` transform. In English both
 * are left out, so an English spec is exactly what it was. Pure: no `vscode`, no DOM.
 */
import { t } from './l10n';
import { MODEL_SERIES } from './modelView';
import { SERIES } from './series';

/**
 * Each English series name the charts draw, mapped to the display language's; names the display
 * language writes the same are left out (so English maps nothing).
 * e.g. in Japanese `{ "training loss": "学習損失", "diverged": "発散", … }`.
 */
export function seriesLabels(): Record<string, string> {
  const all: [string, string][] = [
    [SERIES.training, t('training loss')],
    [SERIES.validation, t('validation loss')],
    [SERIES.batch, t('batch loss (each update)')],
    [SERIES.converged, t('converged')],
    [SERIES.oscillating, t('oscillating')],
    [SERIES.diverged, t('diverged')],
    [SERIES.optimum, t('best reachable (L*)')],
    [MODEL_SERIES.model, t('model at this epoch')],
    [MODEL_SERIES.data, t('training rows')],
    [MODEL_SERIES.best, t('best fit (least squares)')],
    [MODEL_SERIES.predicted, t('predictions at this epoch')],
    [MODEL_SERIES.exact, t('perfect prediction (y = x)')],
    [MODEL_SERIES.path, t('descent path')],
    [MODEL_SERIES.start, t('start (θ = 0)')],
    [MODEL_SERIES.contours, t('loss contours')],
    [MODEL_SERIES.optimum, t('best weights θ*')],
    [MODEL_SERIES.leaves, t('leaves the view')],
    [MODEL_SERIES.boundary, t('boundary at this epoch')],
    [MODEL_SERIES.finalBoundary, t('final boundary')],
    [MODEL_SERIES.sigmoid, t('p at this epoch')],
    [MODEL_SERIES.finalSigmoid, t('final p')],
    [MODEL_SERIES.threshold, t('threshold p = ½')],
    [MODEL_SERIES.trainAccuracy, t('training accuracy')],
    [MODEL_SERIES.validationAccuracy, t('validation accuracy')],
    [MODEL_SERIES.epochMarker, t('epoch shown')],
    // The lab sweep's verdict groups and the classifier views' row kinds (the page's data values).
    ['not converged', t('not converged')],  // l10n-key
    ['training row', t('training row')],  // l10n-key
    ['held-out row', t('held-out row')],  // l10n-key
  ];
  return Object.fromEntries(all.filter(([english, shown]) => english !== shown));
}

/**
 * A Vega expression for the display language's name of the English series name `value` (an
 * expression), e.g. `datum.label == "diverged" ? "発散" : datum.label`; just `value` when nothing
 * is translated.
 */
export function translatedExpr(value: string, labels: Readonly<Record<string, string>> = seriesLabels()): string {
  return Object.entries(labels).reduceRight((rest, [english, shown]) => `${value} == ${JSON.stringify(english)} ? ${JSON.stringify(shown)} : ${rest}`, value);
}

/** A legend's `labelExpr` that shows each series name in the display language (none in English). */
export function legendLabels(): { labelExpr?: string } {
  const labels = seriesLabels();
  return Object.keys(labels).length ? { labelExpr: translatedExpr('datum.label', labels) } : {};
}

/**
 * A tooltip's view of the series name in `field`: in English the field itself; else a field
 * `<field>Shown` computed by `transform`, which the layer adds to its own transforms.
 */
export function shownSeries(field: string): { transform: object[]; field: string } {
  const labels = seriesLabels();
  if (Object.keys(labels).length === 0) return { transform: [], field };
  const shown = `${field}Shown`;
  return { transform: [{ calculate: translatedExpr(`datum[${JSON.stringify(field)}]`, labels), as: shown }], field: shown };
}
