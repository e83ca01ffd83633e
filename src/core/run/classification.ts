import type { Curvature, LogisticAnalysis } from '../curvature';
import { unscaleWeights } from '../prepare';
import type { TrainResult } from '../train';
import type { ClassificationAnalysis, ClassCoding, RunReport } from '../../shared/report';
import type { RunPlan } from './plan';

/** The unit of the log loss: natural logarithm, so nats. */
export const LOG_LOSS_UNIT = 'nats';
/** A classification report carries at most this many points for a scatter under the decision boundary. */
export const MAX_CLASS_POINTS = 2000;

/** The last epoch's training and validation accuracy (null where the run stopped on a non-finite loss). */
export function finalAccuracy(result: TrainResult): RunReport['accuracy'] {
  const last = (series: number[] | null | undefined): number | null => {
    const v = series?.[series.length - 1];
    return v !== undefined && Number.isFinite(v) && !result.nonFinite ? v : null;
  };
  const train = last(result.trainAccuracy);
  return train === null ? null : { train, validation: last(result.validationAccuracy) };
}

/**
 * What a logistic run reports beyond its loss: the label coding, the optimum (or the certificate
 * that there is none), the bounds' curvatures, and the rows (in the features' own units) with the
 * final boundary, for a scatter with the decision boundary drawn over it.
 */
export function classificationReport(plan: RunPlan, curvature: Curvature, a: LogisticAnalysis, weights: number[], bias: number): ClassificationAnalysis & { classes: ClassCoding } {
  const { prepared, dataset } = plan;
  const scales = prepared.scales;
  const d = prepared.train.d;
  const toUnits = (theta: number[] | null) => (theta ? unscaleWeights(theta.slice(0, -1), theta[d] as number, scales) : null);
  const lambdaMaxM = Number.isFinite(curvature.lambdaMax) ? curvature.lambdaMax : null;
  const total = prepared.train.rows + (prepared.validation?.rows ?? 0);
  const stride = Math.max(1, Math.ceil(total / MAX_CLASS_POINTS));
  const points: ClassificationAnalysis['points'] = { x: [], y: [], validation: [], total };
  let k = 0;
  for (const [m, held] of [[prepared.train, false], [prepared.validation, true]] as const) {
    if (!m) continue;
    for (let i = 0; i < m.rows; i++, k++) {
      if (k % stride !== 0) continue;
      // Back to the features' units: the trained rows are z-scored when `normalize` is "zscore".
      points.x.push(Array.from({ length: d }, (_, j) => {
        const v = m.x[i * d + j] as number;
        const s = scales?.[j];
        return s ? v * (s.std > 0 ? s.std : 1) + s.mean : v;
      }));
      points.y.push(m.y[i] as number);
      points.validation.push(held);
    }
  }
  const featureMeans = scales ? scales.map((s) => s.mean) : Array.from({ length: d }, (_, j) => columnMean(prepared.train.x, prepared.train.rows, d, j));
  return {
    classes: dataset.classes as ClassCoding,
    optimum: a.optimum,
    newtonIterations: a.iterations,
    newtonGradient: a.gradient,
    separatingWeights: toUnits(a.separating),
    lambdaMaxM,
    lambdaMaxOptimum: a.lambdaMaxOptimum,
    localBound: a.lambdaMaxOptimum !== null && a.lambdaMaxOptimum > 0 ? 2 / a.lambdaMaxOptimum : null,
    points,
    threshold: d === 1 && weights[0] !== 0 && Number.isFinite(weights[0] as number) ? -bias / (weights[0] as number) : null,
    featureMeans,
  };
}

function columnMean(x: Float64Array, rows: number, d: number, j: number): number {
  let s = 0;
  for (let i = 0; i < rows; i++) s += x[i * d + j] as number;
  return rows > 0 ? s / rows : NaN;
}
