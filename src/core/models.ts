/**
 * What a model predicts from its linear score z = b + Σⱼ wⱼxⱼ, and its loss, each next to its
 * derivative (tensorflow/playground's `{ output, der }` pairs): linear regression on the squared
 * error, and binary logistic regression on the log loss.
 */
export interface Model {
  readonly kind: 'linear' | 'logistic';
  /** ŷ from the score, e.g. the score itself for linear regression. */
  output(z: number): number;
  /** The loss of one row, e.g. (z − y)². */
  loss(z: number, y: number): number;
  /**
   * ∂loss/∂z of one row divided by `gradFactor`, e.g. z − y: summed over a batch and times
   * x̃ = [x, 1] it is the straightforward loop's unscaled gradient sum.
   */
  scoreGrad(z: number, y: number): number;
  /** The gradient of the mean loss over m rows is (gradFactor / m)·Σ scoreGrad·x̃, e.g. 2 for the squared error. */
  readonly gradFactor: number;
}

/** Linear regression, mean squared error: loss = (z − y)², ∂loss/∂z = 2(z − y). */
export const LINEAR: Model = {
  kind: 'linear',
  output: (z) => z,
  loss: (z, y) => {
    const err = z - y;
    return err * err;
  },
  scoreGrad: (z, y) => z - y,
  gradFactor: 2,
};

/** σ(z) = 1/(1 + e^(−z)), computed without overflow on either side: e.g. σ(0) = 0.5, σ(−800) = 0 (not NaN). */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * log(1 + e^z) (softplus) without overflow or lost digits: max(z, 0) + log1p(e^(−|z|)).
 * e.g. softplus(0) = ln 2, softplus(800) = 800, softplus(−800) = e^(−800) ≈ 0.
 */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * The log loss of one row, log(1 + e^z) − y·z, without overflow or cancellation: since
 * softplus(z) − z = softplus(−z), it is y·softplus(−z) + (1 − y)·softplus(z), which for y = 1 is
 * softplus(−z) (a well-classified row's e^(−z), all its digits kept, where softplus(z) − z would
 * leave only rounding) and for y = 0 softplus(z).
 */
export function logLoss(z: number, y: number): number {
  if (y === 1) return softplus(-z);
  if (y === 0) return softplus(z);
  return y * softplus(-z) + (1 - y) * softplus(z);
}

/**
 * Binary logistic regression on the log loss (binary cross-entropy, natural log: nats), y ∈ {0, 1}:
 * p = σ(z); loss = −y·log p − (1 − y)·log(1 − p) = log(1 + e^z) − y·z (computed by `logLoss`, so
 * that neither e^z overflows nor a small loss is lost to cancellation); ∂loss/∂z = σ(z) − y (gradFactor 1).
 * e.g. at z = 0 every row's loss is ln 2 ≈ 0.6931 and its scoreGrad is 0.5 − y.
 */
export const LOGISTIC: Model = {
  kind: 'logistic',
  output: sigmoid,
  loss: logLoss,
  scoreGrad: (z, y) => sigmoid(z) - y,
  gradFactor: 1,
};

/** The model of a config's `model`: linear regression or logistic regression. */
export function modelFor(kind: 'linear' | 'logistic'): Model {
  return kind === 'logistic' ? LOGISTIC : LINEAR;
}

/** Logistic regression's decision: a row is classified positive when its score is above 0 (σ(z) > ½), as scikit-learn's `predict`. */
export const predictsPositive = (z: number): boolean => z > 0;

/** z = b + Σⱼ wⱼ·xᵢⱼ for row i of x (d features a row), weights `params[0 … d − 1]`, bias `params[d]`. */
export function scoreRow(x: Float64Array, i: number, d: number, params: Float64Array): number {
  let z = params[d] as number;
  const base = i * d;
  for (let j = 0; j < d; j++) z += (params[j] as number) * (x[base + j] as number);
  return z;
}
