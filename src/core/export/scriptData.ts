/**
 * What a training script needs of a training.json beyond its config: the training (and
 * validation) rows in their own units, in Descent's row order, and the z-score statistics Descent
 * computed from them. Pure: the caller's DataReader reads a CSV.
 */
import { formatCount } from '../../shared/format';
import { parseConfig } from '../config';
import { type Dataset, MAX_FEATURE_VALUES } from '../data';
import type { Matrix } from '../model';
import { prepareData } from '../prepare';
import { type DataReader, loadData } from '../run/plan';
import { resolveBatchSize } from '../updates';
import { type Problem, ProblemCode, hasErrors, problem } from '../../shared/problems';
import { t } from '../../shared/l10n';
import type { FeatureScale, TrainingConfig } from '../../shared/report';

/** A script embeds its rows: above this many values (rows × (features + 1)) it would be too large to read or run comfortably. */
export const MAX_SCRIPT_VALUES = 2_000_000;

/** The rows and statistics a script trains on, as Descent trains on them. */
export interface ScriptData {
  config: TrainingConfig;
  source: string;
  features: string[];
  label: string;
  /** Training rows in their own units (row-major x), in Descent's order: the order its shuffles permute. */
  train: Matrix;
  validation: Matrix | null;
  /** Descent's z-score statistics of the training rows (null: `normalize` "none"); a constant feature's std is 0 (centred only). */
  scales: FeatureScale[] | null;
  /** The batch size in rows (`"full"` and sizes above N resolved to N). */
  batchSize: number;
}

const copyOf = (ds: Dataset): Dataset => ({ ...ds, x: ds.x.slice(), y: ds.y.slice() });

/**
 * Reads a training.json's config and data for a script: the rows as Descent splits them (the same
 * seeded pick of validation rows), unscaled, with the statistics `prepareData` computes.
 * e.g. on `{}`: 398 cars rows of Weight_in_lbs, scales `[{ name: "Weight_in_lbs", mean: 2970.4…, std: 846.8… }]`.
 */
export function scriptDataOf(text: string, reader?: DataReader): { data: ScriptData | null; problems: Problem[] } {
  const parsed = parseConfig(text);
  const problems = [...parsed.problems];
  const config = parsed.config;
  if (!config) return { data: null, problems };
  const loaded = loadData(config, reader);
  problems.push(...loaded.problems);
  const ds = loaded.dataset;
  if (!ds || hasErrors(problems)) return { data: null, problems };
  const d = ds.featureNames.length;
  if (ds.rows * (d + 1) > MAX_SCRIPT_VALUES) {
    problems.push(problem(['data'], ProblemCode.TooLarge, 'error', t('The data has {0} rows × {1} columns; a training script embeds at most {2} values (of up to {3} Descent trains).', formatCount(ds.rows), d + 1, formatCount(MAX_SCRIPT_VALUES), formatCount(MAX_FEATURE_VALUES))));
    return { data: null, problems };
  }
  const raw = prepareData(copyOf(ds), config.validationSplit, 'none', config.seed);
  const scaled = prepareData(copyOf(ds), config.validationSplit, config.normalize, config.seed);
  if (raw.train.rows === 0) {
    problems.push(problem(['validationSplit'], ProblemCode.DataEmpty, 'error', t('validationSplit holds out every row, leaving none to train on.')));
    return { data: null, problems };
  }
  return {
    data: { config, source: ds.source, features: ds.featureNames, label: ds.labelName, train: raw.train, validation: raw.validation, scales: scaled.scales, batchSize: resolveBatchSize(config.batchSize, raw.train.rows) },
    problems,
  };
}
