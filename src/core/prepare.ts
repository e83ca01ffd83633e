import type { Dataset } from './data';
import type { Matrix } from './model';
import { createRandom, identityOrder, shuffleInPlace } from './random';

/** The statistics feature scaling used, reported so a user can map weights back. e.g. `{ name: "Weight_in_lbs", mean: 2970.4, std: 846.8 }`. */
export interface FeatureScale {
  name: string;
  mean: number;
  std: number;
}

export interface PreparedData {
  train: Matrix;
  validation: Matrix | null;
  /** z-score statistics of the training rows, or null when `normalize` is "none". */
  scales: FeatureScale[] | null;
  /** Features whose training values are all equal (std 0): centred, not scaled. */
  constantFeatures: string[];
}

/** Salt so the validation pick and the epoch shuffles draw different streams from one seed. */
const SPLIT_SALT = 0x5eed5;

function takeRows(ds: Dataset, rows: Uint32Array): Matrix {
  const d = ds.featureNames.length;
  const x = new Float64Array(rows.length * d);
  const y = new Float64Array(rows.length);
  rows.forEach((i, k) => {
    for (let j = 0; j < d; j++) x[k * d + j] = ds.x[i * d + j] as number;
    y[k] = ds.y[i] as number;
  });
  return { x, y, rows: rows.length, d };
}

/**
 * Holds out ⌊N·split⌉ rows picked with the seed for validation, then z-scores every feature with
 * the training rows' mean and standard deviation (population form, 1/N): x' = (x − μ) / σ. The
 * label is never scaled, so losses stay in the label's units squared.
 */
export function prepareData(ds: Dataset, validationSplit: number, normalize: 'zscore' | 'none', seed: number): PreparedData {
  const d = ds.featureNames.length;
  let train: Matrix = { x: ds.x, y: ds.y, rows: ds.rows, d };
  let validation: Matrix | null = null;
  const held = Math.round(ds.rows * validationSplit);
  if (held > 0) {
    const order = identityOrder(ds.rows);
    shuffleInPlace(order, createRandom((seed ^ SPLIT_SALT) >>> 0));
    validation = takeRows(ds, order.subarray(0, held).slice().sort());
    train = takeRows(ds, order.subarray(held).slice().sort());
  }
  if (normalize === 'none' || train.rows === 0) return { train, validation, scales: null, constantFeatures: [] };

  const scales: FeatureScale[] = [];
  const constantFeatures: string[] = [];
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < train.rows; i++) mean += train.x[i * d + j] as number;
    mean /= train.rows;
    let variance = 0;
    for (let i = 0; i < train.rows; i++) variance += ((train.x[i * d + j] as number) - mean) ** 2;
    const std = Math.sqrt(variance / train.rows);
    const name = ds.featureNames[j] as string;
    if (!(std > 0)) constantFeatures.push(name);
    scales.push({ name, mean, std });
  }
  const scale = (m: Matrix): Matrix => {
    const x = new Float64Array(m.x.length);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < d; j++) {
        const s = scales[j] as FeatureScale;
        x[i * d + j] = ((m.x[i * d + j] as number) - s.mean) / (s.std > 0 ? s.std : 1);
      }
    }
    return { ...m, x };
  };
  return { train: scale(train), validation: validation && scale(validation), scales, constantFeatures };
}

/**
 * Weights learned on z-scored features, in the features' own units: wⱼ = w'ⱼ/σⱼ and
 * b = b' − Σ w'ⱼ·μⱼ/σⱼ, so ŷ = w·x + b on raw inputs.
 */
export function unscaleWeights(weights: ArrayLike<number>, bias: number, scales: FeatureScale[] | null): { weights: number[]; bias: number } {
  if (!scales) return { weights: Array.from(weights), bias };
  let b = bias;
  const w = scales.map((s, j) => {
    const std = s.std > 0 ? s.std : 1;
    const wj = (weights[j] as number) / std;
    b -= wj * s.mean;
    return wj;
  });
  return { weights: w, bias: b };
}
