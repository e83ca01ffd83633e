import type { OptimizerConfig } from '../shared/report';

/**
 * How the weights move once a batch's gradient is known, apart from how the gradient is found
 * (tensorflow/playground keeps the update apart from back-propagation the same way). An optimizer
 * with state (momentum's velocity, Adam's moments) belongs to one run: make a new one per run.
 */
export interface Optimizer {
  readonly kind: OptimizerConfig['kind'];
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

/**
 * Heavy-ball momentum as torch.optim.SGD (dampening 0, no weight decay), with g = (factor/count)·gradSum:
 * buf ← g on the first step, then buf ← μ·buf + g; the direction is buf, or g + μ·buf with Nesterov;
 * θ ← θ − lr·direction. e.g. μ = 0.9, gradients 1 then 1: steps lr·1, then lr·1.9.
 */
export function momentumDescent(momentum: number, nesterov: boolean, size: number): Optimizer {
  const buf = new Float64Array(size);
  let first = true;
  return {
    kind: 'momentum',
    update(params, gradSum, factor, count, lr) {
      const scale = factor / count;
      for (let j = 0; j < params.length; j++) {
        const g = scale * (gradSum[j] as number);
        const b = first ? g : momentum * (buf[j] as number) + g;
        buf[j] = b;
        const direction = nesterov ? g + momentum * b : b;
        params[j] = (params[j] as number) - lr * direction;
      }
      first = false;
    },
  };
}

/**
 * Adam as torch.optim.Adam (not amsgrad, the single-tensor path), with g = (factor/count)·gradSum at
 * step t = 1, 2, …: m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g·g; step size lr/(1 − β1^t);
 * denom = √v/√(1 − β2^t) + ε; θ ← θ − step size·m/denom, each in torch's order of operations.
 * e.g. the first step moves every parameter with g ≠ 0 by about lr (m/denom ≈ ±1).
 */
export function adam(beta1: number, beta2: number, epsilon: number, size: number): Optimizer {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    kind: 'adam',
    update(params, gradSum, factor, count, lr) {
      t++;
      const scale = factor / count;
      const biasCorrection1 = 1 - beta1 ** t;
      const biasCorrection2 = 1 - beta2 ** t;
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
      for (let j = 0; j < params.length; j++) {
        const g = scale * (gradSum[j] as number);
        const mj = (m[j] as number) * beta1 + g * (1 - beta1);
        const vj = (v[j] as number) * beta2 + ((1 - beta2) * g) * g;
        m[j] = mj;
        v[j] = vj;
        const denom = Math.sqrt(vj) / biasCorrection2Sqrt + epsilon;
        params[j] = (params[j] as number) - (stepSize * mj) / denom;
      }
    },
  };
}

/** A fresh optimizer (zero state) for one run over `size` parameters (d weights and the bias). */
export function createOptimizer(config: OptimizerConfig, size: number): Optimizer {
  switch (config.kind) {
    case 'sgd':
      return plainDescent();
    case 'momentum':
      return momentumDescent(config.momentum, config.nesterov, size);
    case 'adam':
      return adam(config.beta1, config.beta2, config.epsilon, size);
    default: {
      const never: never = config;
      throw new Error(`unknown optimizer ${JSON.stringify(never)}`);
    }
  }
}
