/**
 * How the weights move once a batch's gradient is known, apart from how the gradient is found
 * (tensorflow/playground keeps the update apart from back-propagation the same way).
 */
export interface Optimizer {
  readonly kind: 'sgd';
  /**
   * One update of `params` ([w₁ … w_d, b]) from a batch of `count` rows whose mean-loss gradient
   * is (factor / count)·gradSum, e.g. plain gradient descent: θ ← θ − lr·(factor / count)·gradSum.
   */
  update(params: Float64Array, gradSum: Float64Array, factor: number, count: number, lr: number): void;
}

/**
 * Plain (stochastic, mini-batch or full-batch) gradient descent, what the course teaches:
 * θ ← θ − step·gradSum with step = (lr·factor)/count, computed in that order so the bits are the
 * straightforward loop's.
 */
export function plainDescent(): Optimizer {
  return {
    kind: 'sgd',
    update(params, gradSum, factor, count, lr) {
      const step = (lr * factor) / count;
      for (let j = 0; j < params.length; j++) params[j] = (params[j] as number) - step * (gradSum[j] as number);
    },
  };
}
