/**
 * What a run's verdict is judged from: its data's closed-form facts and its settings. Apart from
 * the rules (rules.ts and the rules for momentum, logistic regression and runs judged by their
 * losses), so each rule module depends on it and none on another.
 */
import type { Curvature, LogisticAnalysis } from '../curvature';
import type { OptimizerConfig, ScheduleConfig } from '../../shared/report';

export interface RunFacts {
  curvature: Curvature;
  learningRate: number;
  /** Training rows N. */
  rows: number;
  /** Rows per update, resolved (N for full batch). */
  batchSize: number;
  /** Epochs configured (the run may have stopped earlier on a non-finite loss). */
  epochs: number;
  normalize: 'zscore' | 'none';
  /** The optimizer; plain descent when absent. */
  optimizer?: OptimizerConfig;
  /** The learning-rate schedule; constant when absent. */
  schedule?: ScheduleConfig;
  /** A logistic-regression run: its log loss's optimum and its training accuracy per epoch (absent: linear regression). */
  logistic?: LogisticFacts;
}

/** What a logistic verdict reads besides the loss curve: the log loss's optimum and the per-epoch training accuracy. */
export interface LogisticFacts {
  analysis: LogisticAnalysis;
  /** Share of training rows classified right after epoch e (entry 0 before training). */
  trainAccuracy: readonly number[];
}
