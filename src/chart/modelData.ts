/**
 * The model view's data for a run: its sample of the training rows (already in the data's units)
 * and the model after each recorded epoch, converted from the trained coordinates (z-scored
 * features) to the data's units with the same map the report's final weights use
 * (`unscaleWeights`: wⱼ = w'ⱼ/σⱼ, b = b' − Σ w'ⱼμⱼ/σⱼ). Pure: no `vscode`, no DOM.
 */
import { unscaleWeights } from '../core/prepare';
import type { ModelHistory, ModelViewData } from '../shared/modelView';
import type { FeatureScale, RunReport, Snapshot } from '../shared/report';

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The weights per recorded epoch in the data's units; a weight that overflowed is null.
 * e.g. cars z-scored, snapshot `{ epoch: 1, weights: [−6.27], bias: 23.0 }` → w = −6.27/846.8 mpg per lb.
 */
export function modelHistory(snapshots: readonly Snapshot[], scales: FeatureScale[] | null): ModelHistory {
  const epochs: number[] = [];
  const weights: (number | null)[][] = [];
  const bias: (number | null)[] = [];
  for (const s of snapshots) {
    const raw = unscaleWeights(s.weights, s.bias, scales && scales.length ? scales : null);
    epochs.push(s.epoch);
    weights.push(raw.weights.map(finiteOrNull));
    bias.push(finiteOrNull(raw.bias));
  }
  return { epochs, weights, bias };
}

/** The model view of a trained report with its geometry and history, or null when it has none to draw. */
export function modelViewData(report: RunReport): ModelViewData | null {
  const sample = report.geometry?.sample;
  const data = report.data;
  if (!report.trained || !sample || !data || !report.history || report.history.snapshots.length === 0) return null;
  const scales = data.normalization.method === 'zscore' ? data.normalization.features : null;
  const optimum = report.analysis?.optimum;
  return {
    features: data.features,
    label: data.label,
    sample,
    history: modelHistory(report.history.snapshots, scales),
    optimum: optimum && optimum.weights.every(Number.isFinite) && Number.isFinite(optimum.bias) ? optimum : null,
  };
}
