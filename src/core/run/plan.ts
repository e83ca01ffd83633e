import { parseConfig } from '../config';
import { formatCount } from '../../shared/format';
import { type DataResult, type DatasetInfo, loadCars, loadPenguins, makeSynthetic, parseCsvData } from '../data';
import { type PreparedData, prepareData } from '../prepare';
import { countUpdates, resolveBatchSize } from '../updates';
import { type JsonPath, type Problem, type ProblemCode, ProblemCode as Code, hasErrors, problem, quote } from '../../shared/problems';
import type { TrainingConfig, UpdateTable } from '../../shared/report';
import { t } from '../../shared/l10n';

/** Thrown by a `DataReader` when a CSV can't be read; its code and message become a problem on `data.csv`. */
export class DataAccessError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
  ) {
    super(message);
  }
}

/** How the core gets a CSV's text: the caller owns the file system and the workspace policy. */
export interface DataReader {
  /** Text of `path` (as written in training.json, relative to it); throws DataAccessError. */
  readText(path: string): string;
}

/** Everything checked before the first update: config, data, and the work it implies. */
export interface RunPlan {
  config: TrainingConfig;
  /** The data's description; its rows are in `prepared` (the raw copy is not kept: it would double the memory). */
  dataset: DatasetInfo;
  prepared: PreparedData;
  batchSize: number;
  updates: UpdateTable;
}

export interface PlanResult {
  plan: RunPlan | null;
  problems: Problem[];
}

export interface PlanOptions {
  reader?: DataReader;
  /** Above this many total updates a `too-many-updates` warning is raised (callers ask or refuse). */
  maxUpdates?: number;
  /** Where the limit is set, a phrase for the message in the display language: the editor's setting by default, `--max-updates` in the CLI. */
  maxUpdatesSource?: string;
}

/** Loads the data a config names. */
export function loadData(config: TrainingConfig, reader: DataReader | undefined): DataResult {
  const spec = config.data;
  switch (spec.kind) {
    case 'dataset':
      return spec.dataset === 'penguins' ? loadPenguins(spec, config.model) : loadCars(spec, config.model);
    case 'synthetic':
      if (config.model.kind === 'logistic') return { dataset: null, problems: [problem(['data', 'synthetic'], Code.LabelKind, 'error', t('Synthetic data has numeric labels ({0}), not classes: a logistic model needs a category label, e.g. the penguins data or a CSV column.', 'y = w·x + b + noise'))] };
      return makeSynthetic(spec);
    case 'csv': {
      if (!reader) return { dataset: null, problems: [problem(['data', 'csv'], Code.DataUnreadable, 'error', t('CSV files can only be read from a training.json on disk.'))] };
      let text: string;
      try {
        text = reader.readText(spec.csv);
      } catch (e) {
        const code = e instanceof DataAccessError ? e.code : Code.DataUnreadable;
        return { dataset: null, problems: [problem(['data', 'csv'], code, 'error', e instanceof Error ? e.message : String(e))] };
      }
      return parseCsvData(text, config.model.kind === 'logistic' ? { ...spec, classes: config.model } : spec);
    }
    default: {
      const never: never = spec;
      throw new Error(`unknown data kind ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Checks a training.json text down to the data without training: the problems an editor shows
 * while the user types, and the plan a run executes.
 */
export function planRun(text: string, options: PlanOptions = {}): PlanResult {
  const parsed = parseConfig(text);
  const problems = [...parsed.problems];
  const config = parsed.config;
  if (!config) return { plan: null, problems };
  const loaded = loadData(config, options.reader);
  problems.push(...loaded.problems);
  const dataset = loaded.dataset;
  if (!dataset || hasErrors(problems)) return { plan: null, problems };

  const prepared = prepareData(dataset, config.validationSplit, config.normalize, config.seed);
  const n = prepared.train.rows;
  if (n === 0) {
    problems.push(problem(['validationSplit'], Code.DataEmpty, 'error', t('validationSplit {0} holds out all {1} row(s), leaving none to train on.', config.validationSplit, dataset.rows)));
    return { plan: null, problems };
  }
  if (config.validationSplit > 0 && !prepared.validation) {
    problems.push(problem(['validationSplit'], Code.ValidationEmpty, 'warning', t('validationSplit {0} of {1} row(s) holds out none; there is no validation curve.', config.validationSplit, dataset.rows)));
  }
  const featureIndex = new Map(dataset.featureNames.map((name, i) => [name, i]));
  const featurePath = (name: string): JsonPath => {
    const i = featureIndex.get(name) ?? -1;
    return i >= 0 && config.data.kind !== 'synthetic' ? ['data', 'features', i] : ['data'];
  };
  for (const name of prepared.unrepresentableFeatures) {
    problems.push(
      problem(['data'], Code.FeatureScale, 'error', t('Feature {0} cannot be z-scored: its values are so close together that their standard deviation is below the smallest double and rounds to 0. Rescale the column (multiply it by a power of ten).', quote(name)), { path: featurePath(name) }),
    );
  }
  if (prepared.unrepresentableFeatures.length) return { plan: null, problems };
  for (const name of prepared.constantFeatures) {
    problems.push(problem(['data'], Code.ConstantFeature, 'warning', t('Feature {0} has the same value in every training row, so it cannot explain anything (its weight stays 0).', quote(name)), { path: featurePath(name) }));
  }
  if (typeof config.batchSize === 'number' && config.batchSize > n) {
    problems.push(problem(['batchSize'], Code.BatchLargerThanData, 'warning', t('batchSize {0} is larger than the {1} training examples: every update uses all of them (full batch).', config.batchSize, n)));
  }
  const batchSize = resolveBatchSize(config.batchSize, n);
  const updates = countUpdates(n, config.epochs, config.batchSize);
  const total = updates[updates.current].total;
  if (options.maxUpdates !== undefined && total > options.maxUpdates) {
    problems.push(problem(['epochs'], Code.TooManyUpdates, 'warning', t('{0} epochs of {1} update(s) make {2} updates, above the limit of {3} ({4}).', config.epochs, updates[updates.current].perEpoch, formatCount(total), formatCount(options.maxUpdates), options.maxUpdatesSource ?? t('setting descent.maxUpdates'))));
  }
  const { x: _x, y: _y, ...info } = dataset;
  return { plan: { config, dataset: info, prepared, batchSize, updates }, problems };
}

/** What a variant of a plan may change: the rate, the batch size, the optimizer, the schedule. */
export type PlanChange = Partial<Pick<TrainingConfig, 'learningRate' | 'batchSize' | 'optimizer' | 'learningRateSchedule'>>;

/**
 * The same plan with another learning rate, batch size, optimizer or schedule: the prepared rows
 * are shared (not copied), the batch size is resolved and the update counts recounted for it.
 * e.g. `variantPlan(plan, { batchSize: 1 })` is the config's SGD run on the same rows.
 */
export function variantPlan(plan: RunPlan, change: PlanChange): RunPlan {
  const config = { ...plan.config, ...change };
  const n = plan.prepared.train.rows;
  return { ...plan, config, batchSize: resolveBatchSize(config.batchSize, n), updates: countUpdates(n, config.epochs, config.batchSize) };
}
