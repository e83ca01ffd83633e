/** The closed-form facts of least squares (analyze.ts) and the linear algebra behind them (linalg.ts). */
export * from './analyze';
export * from './linalg';
export * from './logistic';
