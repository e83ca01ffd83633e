/**
 * What a model predicts from its linear score z = b + Σⱼ wⱼxⱼ, and its loss, each next to its
 * derivative (tensorflow/playground's `{ output, der }` pairs). Descent's one model today is
 * linear regression on the squared error; the interface is what a classifier plugs into.
 */
export interface Model {
  readonly kind: 'linear';
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

/** z = b + Σⱼ wⱼ·xᵢⱼ for row i of x (d features a row), weights `params[0 … d − 1]`, bias `params[d]`. */
export function scoreRow(x: Float64Array, i: number, d: number, params: Float64Array): number {
  let z = params[d] as number;
  const base = i * d;
  for (let j = 0; j < d; j++) z += (params[j] as number) * (x[base + j] as number);
  return z;
}
