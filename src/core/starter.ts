import { DEFAULTS } from './schema';

/** The starter that Descent: Create training.json writes: the cars data and a rate that converges. */
export const STARTER = `// Descent: gradient descent on a linear model. Save to re-train; hover a key for its meaning.
{
  // Step size: each update moves a weight by gradient × learningRate. Try 1.5 to see divergence.
  "learningRate": ${DEFAULTS.learningRate},
  // "full" = one update per epoch, 1 = SGD, anything between = mini-batch.
  "batchSize": "${DEFAULTS.batchSize}",
  // Passes over every training example.
  "epochs": ${DEFAULTS.epochs},
  // Fuel efficiency predicted from car weight (the Auto MPG data).
  "data": { "dataset": "cars", "features": ["${DEFAULTS.carsFeature}"], "label": "${DEFAULTS.carsLabel}" },
  "normalize": "${DEFAULTS.normalize}",
  "validationSplit": 0.2,
  "seed": ${DEFAULTS.seed}
}
`;
