import { t } from '../shared/l10n';
import { DEFAULTS } from './schema';

/** The starter that Descent: Create training.json writes, its comments in the display language: the cars data and a rate that converges. */
export function starterText(): string {
  return `// ${t('Descent: gradient descent on a linear model. Save to re-train; hover a key for its meaning.')}
{
  // ${t('Step size: each update moves a weight by gradient × learningRate. Try 1.5 to see divergence.')}
  "learningRate": ${DEFAULTS.learningRate},
  // ${t('"full" = one update per epoch, 1 = SGD, anything between = mini-batch.')}
  "batchSize": "${DEFAULTS.batchSize}",
  // ${t('Passes over every training example.')}
  "epochs": ${DEFAULTS.epochs},
  // ${t('Fuel efficiency predicted from car weight (the Auto MPG data).')}
  "data": { "dataset": "cars", "features": ["${DEFAULTS.carsFeature}"], "label": "${DEFAULTS.carsLabel}" },
  "normalize": "${DEFAULTS.normalize}",
  "validationSplit": 0.2,
  "seed": ${DEFAULTS.seed}
}
`;
}
