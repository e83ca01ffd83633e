/**
 * The training.json schema, declared once. The editor gets it through
 * `contributes.jsonValidation` (esbuild writes it to `dist/training.schema.json`) and the runtime
 * validates with it through `validateAgainstSchema`, so completion, hovers, squiggles and the
 * trainer can never disagree about what a valid file is.
 *
 * Descriptions follow the course page the product was built from (shared seed), each with a
 * short example.
 */

import { marked, translate } from '../shared/l10n';

/** The subset of JSON Schema (draft-07) that Descent uses; `validateAgainstSchema` supports exactly this. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  enum?: readonly (string | number)[];
  const?: string | number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  anyOf?: readonly JsonSchema[];
  /** Used only as `{ not: { required: [a, b] }, errorMessage }` inside `allOf`: keys that exclude each other. */
  not?: JsonSchema;
  allOf?: readonly JsonSchema[];
  minProperties?: number;
  /** Draft-07's array form only: `{ nesterov: ["momentum"] }`, a key that needs another beside it. */
  dependencies?: Record<string, readonly string[]>;
  defaultSnippets?: readonly { label?: string; description?: string; body: unknown }[];
  errorMessage?: string;
  /** VS Code's own keywords: comments and trailing commas are accepted, as the runtime reads JSONC. */
  allowComments?: boolean;
  allowTrailingCommas?: boolean;
}

/** The cars columns a user can choose: numeric fields of the Auto MPG data in vega-datasets. */
export const CARS_COLUMNS = [
  'Miles_per_Gallon',
  'Cylinders',
  'Displacement',
  'Horsepower',
  'Weight_in_lbs',
  'Acceleration',
] as const;

/** The penguins columns a model can weigh: the numeric measurements in vega-datasets' penguins data (Palmer Station). */
export const PENGUINS_FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'] as const;
/** The penguins columns that hold a category: a logistic model's label (compared with its positive class). */
export const PENGUINS_CATEGORIES = ['Species', 'Island', 'Sex'] as const;
/** Every penguins column. */
export const PENGUINS_COLUMNS = [...PENGUINS_CATEGORIES, ...PENGUINS_FEATURES] as const;

/** The defaults of every key, declared beside the schema that repeats them to the editor. */
export const DEFAULTS = {
  learningRate: 0.05,
  batchSize: 'full' as number | 'full',
  epochs: 50,
  data: 'cars' as const,
  normalize: 'zscore' as 'zscore' | 'none',
  validationSplit: 0,
  seed: 0,
  carsFeature: 'Weight_in_lbs',
  carsLabel: 'Miles_per_Gallon',
  syntheticSamples: 1000,
  syntheticFeatures: 1,
  syntheticNoise: 0.5,
  /** Rates `compare.learningRates` may list: at least one, at most eight (a chart stays readable). */
  compareRatesMin: 1,
  compareRatesMax: 8,
  optimizer: 'sgd' as const,
  learningRateSchedule: 'constant' as const,
  nesterov: false,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  adamEpsilon: 1e-8,
  model: 'linear' as const,
  penguinsFeatures: ['Flipper Length (mm)', 'Body Mass (g)'],
  penguinsLabel: 'Species',
} as const;

const featuresSchema = (columns?: readonly string[]): JsonSchema => ({
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: columns ? { type: 'string', enum: columns } : { type: 'string', minLength: 1 },
  description: marked('The input columns (features) the model weighs: one weight is learned per feature.'),
  markdownDescription:
    marked('The input columns (**features**) the model weighs; one weight is learned for each.\n\nExample: `["Weight_in_lbs", "Horsepower"]`'),
});

const labelSchema = (columns?: readonly string[]): JsonSchema => ({
  type: 'string',
  ...(columns ? { enum: columns } : { minLength: 1 }),
  description: marked('The column the model predicts (the label). It must not also be a feature.'),
  markdownDescription: marked('The column the model predicts (the **label**). It must not also be a feature.\n\nExample: `"Miles_per_Gallon"`'),
});

/**
 * A whole number as VS Code's JSON language service checks one: `type: integer` rejects a literal
 * with a decimal point ("2.0"), and `multipleOf: 1` a fraction written as an exponent ("5e-1")
 * and ∞ ("1e309"). The runtime applies the same two rules (validate.ts).
 */
const integer = (bounds: Pick<JsonSchema, 'minimum' | 'maximum'> = {}): JsonSchema => ({ type: 'integer', multipleOf: 1, ...bounds });

/**
 * A number with no other upper bound: VS Code reads 1e309 as Infinity and would accept it; the
 * largest double as the maximum makes it a squiggle, as it is an error at run time.
 */
const FINITE_MAXIMUM = Number.MAX_VALUE;

/**
 * Keys that exclude each other, e.g. "momentum" and "adam": `{ not: { required: keys } }` with its
 * message, put in `allOf` so that the message is only this rule's (VS Code shows a schema's
 * `errorMessage` for every problem it finds with that schema). One object schema with this rule,
 * rather than an `anyOf` of one object per choice, keeps VS Code from merging the problems of
 * branches it cannot rank (an unknown key makes every branch "problematic" there) into errors.
 */
const exclusive = (keys: readonly string[], message: string): JsonSchema => ({ not: { required: keys }, errorMessage: message });

const BOTH_OPTIMIZERS = marked('Choose one optimizer: "momentum" or "adam", not both.');

const momentumSchema: JsonSchema = {
  type: 'number',
  minimum: 0,
  exclusiveMaximum: 1,
  description: marked('Heavy-ball momentum μ (0 ≤ μ < 1), as torch.optim.SGD with dampening 0: buf ← μ·buf + g (buf ← g on the first step); θ ← θ − lr·buf.'),
  markdownDescription:
    marked('**Momentum** μ, 0 ≤ μ < 1 (PyTorch `torch.optim.SGD`, dampening 0). With g the batch\'s mean-loss gradient:\n\n- first step: buf ← g; then buf ← μ·buf + g;\n- θ ← θ − lr·buf (with `"nesterov": true`, θ ← θ − lr·(g + μ·buf)).\n\nOn full batches at a constant rate the run is stable exactly when lr < (1 + μ)/λmax (Nesterov: lr < (1 + μ)/((1 + 2μ)·λmax)), λmax the largest eigenvalue of the features\' second-moment matrix.\n\nExample: `0.9`'),
};

const adamSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: marked('Adam (torch.optim.Adam): m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; θ ← θ − (lr/(1 − β1^t))·m/(√v/√(1 − β2^t) + ε).'),
  markdownDescription:
    marked('**Adam** (PyTorch `torch.optim.Adam`). At step t (1, 2, …) with g the batch\'s mean-loss gradient, every parameter:\n\n- m ← β1·m + (1 − β1)·g\n- v ← β2·v + (1 − β2)·g·g\n- θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)\n\nNo closed-form stable bound applies: the verdict reads the losses.\n\nExample: `{ "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8 }`'),
  properties: {
    beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: DEFAULTS.adamBeta1, description: marked('β1 (0 ≤ β1 < 1): how much of the previous mean gradient m each step keeps.') },
    beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: DEFAULTS.adamBeta2, description: marked('β2 (0 ≤ β2 < 1): how much of the previous mean squared gradient v each step keeps.') },
    epsilon: { type: 'number', exclusiveMinimum: 0, maximum: FINITE_MAXIMUM, default: DEFAULTS.adamEpsilon, description: marked('ε > 0, added to the denominator so a tiny v cannot make a huge step.') },
  },
};

const DECAYS = marked('Choose one decay: "step" or "exponential", not both.');
const warmupSchema: JsonSchema = {
  ...integer({ minimum: 1 }),
  description: marked('Warm-up: epoch e of the first n trains at lr × e/n (then the decay alone), e.g. 5: 0.2·lr, 0.4·lr, …, lr from epoch 5.'),
  markdownDescription: marked('**Warm-up** of n epochs: epoch e trains at the rate × min(1, e/n), on top of the decay.\n\nExample: `5` (epochs 1–5 at 0.2, 0.4, 0.6, 0.8, 1 × the rate)'),
};
/** A decay's factor; `description` is the whole (marked) sentence. */
const decayFactor = (description: string): JsonSchema => ({ type: 'number', exclusiveMinimum: 0, maximum: 1, description });
const stepSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['every', 'factor'],
  description: marked('Step decay (torch StepLR): epoch e trains at lr × factor^⌊(e − 1)/every⌋.'),
  markdownDescription: marked('**Step decay** (PyTorch `StepLR`): epoch e (1, 2, …) trains at lr × factor^⌊(e − 1)/every⌋.\n\nExample: `{ "every": 10, "factor": 0.5 }` halves the rate every 10 epochs.'),
  properties: {
    every: { ...integer({ minimum: 1 }), description: marked('Epochs between two cuts of the rate (a whole number ≥ 1).') },
    factor: decayFactor(marked('What each cut multiplies the rate by (0 < factor ≤ 1).')),
  },
};
const exponentialSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['factor'],
  description: marked('Exponential decay (torch ExponentialLR): epoch e trains at lr × factor^(e − 1).'),
  markdownDescription: marked('**Exponential decay** (PyTorch `ExponentialLR`): epoch e (1, 2, …) trains at lr × factor^(e − 1).\n\nExample: `{ "factor": 0.95 }`'),
  properties: { factor: decayFactor(marked('What each epoch multiplies the rate by (0 < factor ≤ 1).')) },
};

/** The JSON Schema of training.json. */
export const TRAINING_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://descent.invalid/training.schema.json',
  title: marked('Descent training.json'),
  description: marked('Hyperparameters for a gradient-descent training run of a linear or logistic model.'),
  type: 'object',
  allowComments: true,
  allowTrailingCommas: true,
  additionalProperties: false,
  defaultSnippets: [
    {
      label: marked('Descent: cars starter'),
      description: marked('Linear regression of fuel efficiency on car weight, with a rate that converges.'),
      body: {
        learningRate: DEFAULTS.learningRate,
        batchSize: DEFAULTS.batchSize,
        epochs: DEFAULTS.epochs,
        data: DEFAULTS.data,
        normalize: DEFAULTS.normalize,
        validationSplit: DEFAULTS.validationSplit,
        seed: DEFAULTS.seed,
      },
    },
  ],
  properties: {
    learningRate: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: FINITE_MAXIMUM,
      default: DEFAULTS.learningRate,
      description:
        marked('Learning rate: how large each gradient-descent step is. Each update changes a parameter by the gradient times the learning rate (gradient 2.5 × rate 0.01 = a change of 0.025). Too low and the model takes a long time to converge; too high and it never converges, bouncing around the weights and bias that minimise the loss.'),
      markdownDescription:
        marked('**Learning rate**: how large each gradient-descent step is. Each update changes a parameter by *gradient × learning rate*: a gradient of 2.5 with a rate of 0.01 changes the parameter by 0.025.\n\n- too low: the loss improves only a little each iteration and the model takes a long time to converge;\n- too high: the loss jumps around or grows, never converging.\n\nExample: `0.05`'),
    },
    batchSize: {
      anyOf: [
        integer({ minimum: 1 }),
        { type: 'string', enum: ['full'] },
      ],
      default: DEFAULTS.batchSize,
      description:
        marked('Batch size: the number of examples the model processes before it updates its weights and bias once. "full" (or any size >= the number of training examples) is full-batch gradient descent; 1 is stochastic gradient descent (SGD), one randomly picked example per update, very noisy; anything in between is mini-batch SGD, which averages the gradients of a random batch.'),
      markdownDescription:
        marked('**Batch size**: how many examples the model processes before it updates its weights and bias once.\n\n- `"full"` (or a size ≥ the number of training examples): full batch, one update per epoch;\n- `1`: stochastic gradient descent (SGD), one randomly chosen example per update: it works but is very noisy;\n- between: mini-batch SGD, gradients averaged over a random batch. With 1,000 examples and batches of 100, one epoch is 10 updates.\n\nExample: `32`'),
    },
    epochs: {
      ...integer({ minimum: 1 }),
      default: DEFAULTS.epochs,
      description:
        marked('Epochs: how many times the model processes every training example. More epochs usually give a better model but take longer. With 1,000 examples and 20 epochs, full batch makes 20 updates, SGD 20,000 and mini-batches of 100 make 200.'),
      markdownDescription:
        marked('**Epochs**: how many times the model processes every training example once. More epochs usually give a better model but take longer.\n\nWith 1,000 examples and 20 epochs: full batch makes 20 updates, SGD 20,000, mini-batches of 100 make 200.\n\nExample: `20`'),
    },
    data: {
      default: DEFAULTS.data,
      description:
        marked('The training data: "cars" (the Auto MPG data: car weight vs miles per gallon), a dataset with chosen columns (cars, or penguins for classification), your own CSV file, or synthetic data.'),
      markdownDescription:
        marked('The training data:\n\n- `"cars"`: the Auto MPG data (car weight vs miles per gallon);\n- `{ "dataset": "cars", "features": [...], "label": "..." }`;\n- `{ "dataset": "penguins", "features": ["Flipper Length (mm)", "Body Mass (g)"], "label": "Species" }`: the Palmer penguins, for a `"logistic"` model (rows missing a chosen value are dropped and counted);\n- `{ "csv": "data.csv", "features": [...], "label": "..." }`: a CSV file next to training.json;\n- `{ "synthetic": { "samples": 1000, "features": 2, "noise": 0.5, "seed": 1 } }`.'),
      anyOf: [
        {
          type: 'string',
          enum: ['cars'],
          description: marked('The Auto MPG cars data: predict Miles_per_Gallon from Weight_in_lbs.'),
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['dataset'],
          description: marked('A built-in dataset with the columns you choose.'),
          properties: {
            dataset: { type: 'string', enum: ['cars'], description: marked('The built-in dataset: the Auto MPG cars data.') },
            features: { ...featuresSchema(CARS_COLUMNS), default: [DEFAULTS.carsFeature] },
            label: { ...labelSchema(CARS_COLUMNS), default: DEFAULTS.carsLabel },
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['dataset'],
          description: marked('The Palmer penguins (vega-datasets): 344 penguins of three species, with beak, flipper and body measurements.'),
          properties: {
            dataset: {
              type: 'string',
              enum: ['penguins'],
              description: marked('The built-in penguins data: 344 penguins (Adelie, Chinstrap, Gentoo) from three islands, measured at Palmer Station.'),
              markdownDescription:
                marked('The built-in **penguins** data (vega-datasets, Palmer Station): 344 penguins, species `Adelie` (152), `Chinstrap` (68) and `Gentoo` (124).\n\nNumeric columns: `Beak Length (mm)`, `Beak Depth (mm)`, `Flipper Length (mm)`, `Body Mass (g)` (2 penguins have none of them); categories: `Species`, `Island`, `Sex` (11 penguins have no usable sex). A row missing a chosen column is dropped and counted.'),
            },
            features: { ...featuresSchema(PENGUINS_FEATURES), default: [...DEFAULTS.penguinsFeatures], markdownDescription: marked('The numeric columns the model weighs, one weight each.\n\nExample: `["Flipper Length (mm)", "Body Mass (g)"]`') },
            label: {
              type: 'string',
              enum: PENGUINS_COLUMNS,
              default: DEFAULTS.penguinsLabel,
              description: marked('The column the model predicts. For a logistic model a category (Species, Island, Sex), coded 1 where it equals the positive class; for a linear one a numeric column.'),
              markdownDescription:
                marked('The column the model predicts (the **label**):\n\n- for `"model": { "logistic": … }` a category, `Species`, `Island` or `Sex`, coded 1 where it equals the positive class and 0 otherwise;\n- for the linear model a numeric column.\n\nExample: `"Species"`'),
            },
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['csv', 'label'],
          description: marked('Your own CSV file with a header row.'),
          properties: {
            csv: {
              type: 'string',
              minLength: 1,
              description: marked('Path of a CSV file with a header row, relative to this training.json. It must stay inside the workspace.'),
              markdownDescription: marked('Path of a CSV file with a header row, **relative to this training.json**; it must stay inside the workspace.\n\nExample: `"data/houses.csv"`'),
            },
            features: { ...featuresSchema(), description: marked('The input columns; by default every column except the label.') },
            label: labelSchema(),
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['synthetic'],
          description: marked('Generated data y = w·x + b + noise, with known true weights.'),
          properties: {
            synthetic: {
              type: 'object',
              additionalProperties: false,
              description: marked('Generated linear data with Gaussian noise.'),
              properties: {
                samples: { ...integer({ minimum: 1, maximum: 10_000_000 }), default: DEFAULTS.syntheticSamples, description: marked('How many examples to generate.') },
                features: { ...integer({ minimum: 1, maximum: 1000 }), default: DEFAULTS.syntheticFeatures, description: marked('How many input features each example has.') },
                noise: { type: 'number', minimum: 0, maximum: FINITE_MAXIMUM, default: DEFAULTS.syntheticNoise, description: marked('Standard deviation of the Gaussian noise added to each label.') },
                seed: { ...integer(), default: 0, description: marked('Seed of the generator: the same seed gives the same data.') },
              },
            },
          },
        },
      ],
    },
    normalize: {
      type: 'string',
      enum: ['zscore', 'none'],
      default: DEFAULTS.normalize,
      description:
        marked('Feature scaling before training. "zscore" subtracts each feature\'s mean and divides by its standard deviation (computed on the training rows); "none" trains on raw values, which usually needs a far smaller learning rate.'),
      markdownDescription:
        marked('Feature scaling before training:\n\n- `"zscore"`: each feature minus its mean, divided by its standard deviation (from the training rows);\n- `"none"`: raw values, which usually need a far smaller learning rate.\n\nThe label is never scaled, so the loss is in the label\'s units squared.'),
    },
    validationSplit: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      default: DEFAULTS.validationSplit,
      description: marked('Fraction of the rows held out (chosen with the seed) to draw a validation loss curve. 0 holds out none.'),
      markdownDescription: marked('Fraction of the rows held out, chosen with the seed, for a **validation loss** curve. `0` holds out none.\n\nExample: `0.2`'),
    },
    seed: {
      ...integer(),
      default: DEFAULTS.seed,
      description: marked('Seed of the random generator that shuffles the examples each epoch and picks the validation rows. The same file and seed give identical results on every run.'),
    },
    optimizer: {
      default: DEFAULTS.optimizer,
      description:
        marked('How each batch\'s gradient moves the weights: "sgd" (plain gradient descent, θ ← θ − lr·g), { "momentum": 0.9 } (heavy ball, optionally "nesterov": true) or { "adam": {} }. The update rules are PyTorch\'s.'),
      markdownDescription:
        marked('**Optimizer**: how each batch\'s mean-loss gradient g moves the weights θ (PyTorch\'s update rules):\n\n- `"sgd"`: plain gradient descent, θ ← θ − lr·g (what the course teaches);\n- `{ "momentum": 0.9 }`: heavy ball, buf ← μ·buf + g (buf ← g at first), θ ← θ − lr·buf; add `"nesterov": true` for θ ← θ − lr·(g + μ·buf);\n- `{ "adam": { "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8 } }`: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − (lr/(1 − β1^t))·m/(√v/√(1 − β2^t) + ε).\n\nOnly plain descent and full-batch momentum at a constant rate have a closed-form stable bound; otherwise the verdict reads the losses.'),
      anyOf: [
        { type: 'string', enum: ['sgd'], description: marked('Plain gradient descent: θ ← θ − lr·g.'), errorMessage: marked('The other optimizers are objects: { "momentum": 0.9 } (optionally with "nesterov": true) or { "adam": {} }.') },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          description: marked('Momentum (torch.optim.SGD with momentum, optionally Nesterov) or Adam (torch.optim.Adam).'),
          properties: {
            momentum: momentumSchema,
            nesterov: {
              type: 'boolean',
              default: DEFAULTS.nesterov,
              description: marked('Nesterov momentum (torch.optim.SGD, nesterov=True): θ ← θ − lr·(g + μ·buf) instead of θ ← θ − lr·buf. Needs "momentum".'),
              markdownDescription: marked('**Nesterov** momentum (PyTorch `nesterov=True`): the step is g + μ·buf instead of buf, θ ← θ − lr·(g + μ·buf). Needs `"momentum"` beside it.'),
            },
            adam: adamSchema,
          },
          dependencies: { nesterov: ['momentum'] },
          allOf: [exclusive(['momentum', 'adam'], BOTH_OPTIMIZERS)],
        },
      ],
    },
    learningRateSchedule: {
      default: DEFAULTS.learningRateSchedule,
      description:
        marked('The learning rate of each epoch: "constant", or { "step": { "every": 10, "factor": 0.5 } }, { "exponential": { "factor": 0.95 } }, each optionally with "warmupEpochs": n (or { "warmupEpochs": n } alone). Every update of an epoch uses that epoch\'s rate.'),
      markdownDescription:
        marked('**Learning-rate schedule**: the rate each epoch e (1, 2, …) trains at; every update of the epoch uses it.\n\n- `"constant"`: lr;\n- `{ "step": { "every": 10, "factor": 0.5 } }`: lr × factor^⌊(e − 1)/every⌋ (PyTorch `StepLR`);\n- `{ "exponential": { "factor": 0.95 } }`: lr × factor^(e − 1) (PyTorch `ExponentialLR`);\n- `"warmupEpochs": n` beside either (or alone, then constant): × min(1, e/n).\n\nWith a schedule no closed-form stable bound applies: the verdict reads the losses.'),
      anyOf: [
        { type: 'string', enum: ['constant'], description: marked('The same rate every epoch.'), errorMessage: marked('The other schedules are objects: { "step": { "every": 10, "factor": 0.5 } }, { "exponential": { "factor": 0.95 } }, { "warmupEpochs": 5 } or a decay with "warmupEpochs".') },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          description: marked('A decay ("step" or "exponential"), a warm-up ("warmupEpochs"), or both.'),
          properties: { step: stepSchema, exponential: exponentialSchema, warmupEpochs: warmupSchema },
          allOf: [exclusive(['step', 'exponential'], DECAYS)],
        },
      ],
    },
    model: {
      default: DEFAULTS.model,
      description:
        marked('What is learned: "linear" (linear regression ŷ = w·x + b, mean squared error) or { "logistic": { "positive": "Adelie" } } (binary logistic regression p = σ(w·x + b), log loss; the label column\'s value "positive" is class 1, optionally against one "negative" class, every other row left out).'),
      markdownDescription:
        marked('**Model**: what gradient descent fits.\n\n- `"linear"`: linear regression, ŷ = w·x + b, loss the mean squared error (1/N) Σ (ŷ − y)²;\n- `{ "logistic": { "positive": "Adelie" } }`: binary logistic regression, p = σ(z) = 1/(1 + e^(−z)) with z = w·x + b, loss the mean log loss (1/N) Σ [log(1 + e^z) − y·z] in nats (y = 1 where the label is the positive class, else 0); the gradient is (1/m) Σ (σ(z) − y)·[x, 1]. A row is classified positive when z > 0. Add `"negative": "Gentoo"` to train one class against another: rows of the other classes are left out.\n\nThe best reachable loss L* is found by Newton\'s method; when the classes are **separable** there is none (the loss falls toward 0 as the weights grow), and the verdict says so. Plain full-batch descent is guaranteed to lower the loss every step below lr = 8/λmax(M) (the log loss\'s curvature is at most a quarter of the features\' second-moment matrix M): a sufficient bound, not the exact threshold.\n\nExample: `{ "logistic": { "positive": "Adelie", "negative": "Gentoo" } }`'),
      anyOf: [
        { type: 'string', enum: ['linear'], description: marked('Linear regression on the squared error.'), errorMessage: marked('The classifier is an object: { "logistic": { "positive": "Adelie" } }.') },
        {
          type: 'object',
          additionalProperties: false,
          required: ['logistic'],
          description: marked('Binary logistic regression on the log loss.'),
          properties: {
            logistic: {
              type: 'object',
              additionalProperties: false,
              required: ['positive'],
              description: marked('The classes: "positive" (coded 1) and optionally one "negative" class (coded 0; rows of other classes are left out).'),
              properties: {
                positive: {
                  type: 'string',
                  minLength: 1,
                  description: marked('The label value coded 1 (e.g. "Adelie"); every other value is 0 unless "negative" names one.'),
                  markdownDescription: marked('The label value coded **1**, compared with the label column\'s text exactly (e.g. `"Adelie"`). Rows with another value are 0, or left out when `"negative"` names one class.\n\nExample: `"Adelie"`'),
                },
                negative: {
                  type: 'string',
                  minLength: 1,
                  description: marked('The one label value coded 0 (e.g. "Gentoo"): rows of every other class are left out and counted.'),
                  markdownDescription: marked('The one label value coded **0**, for one class against another (e.g. `"Gentoo"`): rows of every other class are left out, and the data summary counts them. Without it every value but the positive one is 0.\n\nExample: `"Gentoo"`'),
                },
              },
            },
          },
        },
      ],
    },
    compare: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: marked('Settings of the learning lab\'s comparisons. Training this file ignores them.'),
      properties: {
        learningRates: {
          type: 'array',
          minItems: DEFAULTS.compareRatesMin,
          maxItems: DEFAULTS.compareRatesMax,
          items: { type: 'number', exclusiveMinimum: 0, maximum: FINITE_MAXIMUM },
          description:
            marked('Learning rates to train side by side on this config (1 to 8 positive numbers), each judged like the file\'s own run. Without it the comparison trains a too-low rate (the suggestion / 30), the suggested rate and a too-high one (1.5 × the stable bound).'),
          markdownDescription:
            marked('Learning rates to train **side by side** on this config, 1 to 8 positive numbers, each judged like the file\'s own run.\n\nWithout it the comparison trains a too-low rate (the suggestion ÷ 30), the suggested rate and a too-high one (1.5 × the stable bound).\n\nExample: `[0.01, 0.1, 0.5]`'),
        },
      },
    },
  },
};

/**
 * The schema in the display language: every title, description, markdownDescription and
 * errorMessage (each `marked` above), and a snippet's label, translated; everything else as
 * declared (values a file holds, `default`, `enum`, `const`, a snippet's `body`, are never text).
 * The editor gets one per language (esbuild writes dist/training.schema.<lang>.json;
 * package.nls.<lang>.json names it).
 */
export function localizeSchema(schema: JsonSchema): JsonSchema {
  const walk = (value: unknown, key: string, parent: string): unknown => {
    if (typeof value === 'string') return TEXT_KEYS.has(key) || (key === 'label' && parent === 'defaultSnippets') ? translate(value) : value;
    if (VALUE_KEYS.has(key)) return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, '', key));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, key === 'properties' ? '' : k, parent)]));
    return value;
  };
  return walk(schema, '', '') as JsonSchema;
}
const TEXT_KEYS = new Set(['title', 'description', 'markdownDescription', 'errorMessage']);
const VALUE_KEYS = new Set(['default', 'enum', 'const', 'body']);
