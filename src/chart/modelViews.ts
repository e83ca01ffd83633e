/**
 * A run's model views for the page: the model view's data and the loss landscape's, or why one
 * is missing. Pure: no `vscode`, no DOM.
 */
import { MAX_MODEL_FEATURES, type ModelViews } from '../shared/modelView';
import type { RunReport } from '../shared/report';
import { classifierViewData } from './classifierData';
import { landscapeData } from './landscapeData';
import { modelViewData } from './modelData';

/** Both views of a report (trained, with its geometry and history), sent under the run's id. */
export function modelViewsOf(report: RunReport, runId: number): ModelViews {
  if (report.model?.kind === 'logistic') {
    const classifier = classifierViewData(report);
    const landscape = 'The loss landscape is drawn for linear regression, whose loss is a quadratic in the weights; the log loss is not one, so it is not drawn here.';
    return { runId, model: null, landscape: null, classifier, reason: classifier ? landscape : `This run recorded no model to draw. ${landscape}` };
  }
  const model = modelViewData(report);
  const landscape = landscapeData(report);
  const features = report.data?.features.length ?? 0;
  const reasons: string[] = [];
  if (!model) reasons.push(features > MAX_MODEL_FEATURES ? `The model view draws at most ${MAX_MODEL_FEATURES} features; this data has ${features}.` : 'This run recorded no model to draw.');
  if (!landscape) reasons.push(report.geometry?.quadratic ? 'This run recorded no weights to draw on the loss landscape.' : 'The loss landscape needs the loss’s eigen-directions, which are not computed for more than 63 features or for features whose squares overflow.');
  return { runId, model, landscape, reason: reasons.length ? reasons.join(' ') : null };
}
