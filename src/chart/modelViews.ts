/**
 * A run's model views for the page: the model view's data and the loss landscape's, or why one
 * is missing. Pure: no `vscode`, no DOM.
 */
import { MAX_MODEL_FEATURES, type ModelViews } from '../shared/modelView';
import type { RunReport } from '../shared/report';
import { classifierViewData } from './classifierData';
import { landscapeData } from './landscapeData';
import { modelViewData } from './modelData';
import { t } from '../shared/l10n';

/** Both views of a report (trained, with its geometry and history), sent under the run's id. */
export function modelViewsOf(report: RunReport, runId: number): ModelViews {
  if (report.model?.kind === 'logistic') {
    const classifier = classifierViewData(report);
    const landscape = t('The loss landscape is drawn for linear regression, whose loss is a quadratic in the weights; the log loss is not one, so it is not drawn here.');
    return { runId, model: null, landscape: null, classifier, reason: classifier ? landscape : `${t('This run recorded no model to draw.')} ${landscape}` };
  }
  const model = modelViewData(report);
  const landscape = landscapeData(report);
  const features = report.data?.features.length ?? 0;
  const reasons: string[] = [];
  if (!model) reasons.push(features > MAX_MODEL_FEATURES ? t('The model view draws at most {0} features; this data has {1}.', MAX_MODEL_FEATURES, features) : t('This run recorded no model to draw.'));
  if (!landscape) reasons.push(report.geometry?.quadratic ? t('This run recorded no weights to draw on the loss landscape.') : t('The loss landscape needs the loss’s eigen-directions, which are not computed for more than 63 features or for features whose squares overflow.'));
  return { runId, model, landscape, reason: reasons.length ? reasons.join(' ') : null };
}
