import { ProblemCode, problem } from '../../shared/problems';
import { formatCount } from '../../shared/format';
import { sharedFloats } from '../model';
import { createRandom } from '../random';
import { t } from '../../shared/l10n';
import { DATA, type DataResult, MAX_SYNTHETIC_VALUES, trainingMegabytes } from './dataset';

/**
 * Generated data: x ~ N(0, 1) per feature, y = w·x + b + noise·N(0, 1), with w uniform in
 * [−2, 2] and b uniform in [−1, 1], all drawn from the spec's seed.
 */
export function makeSynthetic(spec: { samples: number; features: number; noise: number; seed: number }): DataResult {
  const values = spec.samples * spec.features;
  if (values > MAX_SYNTHETIC_VALUES) {
    return {
      dataset: null,
      problems: [problem([...DATA, 'synthetic'], ProblemCode.TooLarge, 'error', t('samples × features is {0} values ({1}); Descent generates at most {2}.', formatCount(values), trainingMegabytes(spec.samples, spec.features), formatCount(MAX_SYNTHETIC_VALUES)))],
    };
  }
  const random = createRandom(spec.seed);
  const d = spec.features;
  const weights = Array.from({ length: d }, () => Math.round((random.next() * 4 - 2) * 100) / 100);
  const bias = Math.round((random.next() * 2 - 1) * 100) / 100;
  const x = sharedFloats(spec.samples * d);
  const y = sharedFloats(spec.samples);
  for (let i = 0; i < spec.samples; i++) {
    let target = bias;
    for (let j = 0; j < d; j++) {
      const v = random.nextGaussian();
      x[i * d + j] = v;
      target += (weights[j] as number) * v;
    }
    y[i] = target + spec.noise * random.nextGaussian();
  }
  const featureNames = Array.from({ length: d }, (_, j) => `x${j + 1}`);
  return { dataset: { source: 'synthetic', featureNames, labelName: 'y', rows: spec.samples, x, y, droppedRows: 0, truth: { weights, bias } }, problems: [] };
}
