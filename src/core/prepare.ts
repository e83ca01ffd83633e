import type { Dataset } from './data';
import { type Matrix, sharedFloats } from './model';
import { createRandom, identityOrder, shuffleInPlace } from './random';
import type { FeatureScale } from '../shared/report';

export interface PreparedData {
  train: Matrix;
  validation: Matrix | null;
  /** z-score statistics of the training rows, or null when `normalize` is "none". */
  scales: FeatureScale[] | null;
  /** Features whose training values are all equal (std 0): centred, not scaled. */
  constantFeatures: string[];
  /**
   * Features whose spread a double cannot hold: values that differ, but so little (near the
   * smallest doubles) that their standard deviation rounds to 0. (It cannot overflow: σ ≤ max |x|.)
   * Weights in their units would be infinite, so a run refuses them.
   */
  unrepresentableFeatures: string[];
}

/** Salt so the validation pick and the epoch shuffles draw different streams from one seed. */
const SPLIT_SALT = 0x5eed5;

function takeRows(ds: Dataset, rows: Uint32Array): Matrix {
  const d = ds.featureNames.length;
  const x = sharedFloats(rows.length * d);
  const y = sharedFloats(rows.length);
  rows.forEach((i, k) => {
    for (let j = 0; j < d; j++) x[k * d + j] = ds.x[i * d + j] as number;
    y[k] = ds.y[i] as number;
  });
  return { x, y, rows: rows.length, d };
}

/**
 * A power of two near the largest |value| of a column (1 for a column of zeros). Dividing by a power
 * of two is exact, so statistics of the divided values, multiplied back, have the same bits as the
 * plain ones whenever those stay in range, and stay in range when they would not: features near
 * 1e160 square to ∞, features near 1e-170 square to 0.
 */
export function columnUnit(x: Float64Array, rows: number, d: number, j: number): number {
  let max = 0;
  for (let i = 0; i < rows; i++) {
    const v = Math.abs(x[i * d + j] as number);
    if (v > max) max = v;
  }
  if (!(max > 0)) return 1;
  return 2 ** Math.max(-1022, Math.min(1023, Math.floor(Math.log2(max))));
}

/**
 * Holds out ⌊N·split⌉ rows picked with the seed for validation, then z-scores every feature with
 * the training rows' mean and standard deviation (population form, 1/N): x' = (x − μ) / σ. The
 * label is never scaled, so losses stay in the label's units squared.
 *
 * μ and σ are computed on the column divided by its unit (`columnUnit`), so they neither overflow
 * nor underflow, and are exactly the plain formulas' values wherever those are finite.
 *
 * Takes the dataset's arrays: without a split the z-scored features are written over `ds.x`, so
 * training holds one copy of the data, not two (the caller keeps only the dataset's description).
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
  if (normalize === 'none' || train.rows === 0) return { train, validation, scales: null, constantFeatures: [], unrepresentableFeatures: [] };

  const scales: FeatureScale[] = [];
  const units: number[] = [];
  /** Each column's mean and standard deviation in its unit: what the z-scores are computed from. */
  const inUnits: { mean: number; std: number }[] = [];
  const constantFeatures: string[] = [];
  const unrepresentableFeatures: string[] = [];
  for (let j = 0; j < d; j++) {
    const unit = columnUnit(train.x, train.rows, d, j);
    let sum = 0;
    for (let i = 0; i < train.rows; i++) sum += (train.x[i * d + j] as number) / unit;
    const meanInUnits = sum / train.rows;
    let variance = 0;
    for (let i = 0; i < train.rows; i++) variance += ((train.x[i * d + j] as number) / unit - meanInUnits) ** 2;
    const stdInUnits = Math.sqrt(variance / train.rows);
    const std = stdInUnits * unit;
    const name = ds.featureNames[j] as string;
    if (!(stdInUnits > 0)) constantFeatures.push(name);
    else if (!(std > 0)) unrepresentableFeatures.push(name);
    scales.push({ name, mean: meanInUnits * unit, std });
    units.push(unit);
    inUnits.push({ mean: meanInUnits, std: stdInUnits > 0 ? stdInUnits : 1 });
  }
  // In place: the matrices are the dataset's own arrays or fresh copies of them.
  const scale = (m: Matrix): Matrix => {
    const x = m.x;
    for (let j = 0; j < d; j++) {
      const unit = units[j] as number;
      const { mean, std } = inUnits[j] as { mean: number; std: number };
      for (let i = 0; i < m.rows; i++) x[i * d + j] = ((x[i * d + j] as number) / unit - mean) / std;
    }
    return m;
  };
  return { train: scale(train), validation: validation && scale(validation), scales, constantFeatures, unrepresentableFeatures };
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
