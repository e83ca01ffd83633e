/**
 * **Descent: Export Training Script** and `descent export-script`: a standalone Python script that
 * trains the same model with PyTorch as Descent trains it — the same rows (embedded as float64
 * bits), z-scores, zero initialization, shuffle order (Descent's seeded generator, reimplemented),
 * batch averaging, update rule and per-epoch rate — in float64, printing the loss per epoch. The
 * PyTorch agreement test (`scripts/test.mjs --only pytorch`) runs it against Descent's losses.
 *
 * The script is assembled from sections; the model's section comes from SCRIPT_MODELS, keyed by
 * the model's kind, so another model (a classifier) plugs in with its forward pass and loss.
 */
import type { OptimizerConfig, ScheduleConfig } from '../../shared/report';
import type { Model } from '../models';
import type { ScriptData } from './scriptData';

/** A model's part of the script: what it is, its prediction from the linear layer, and its loss. */
export interface ScriptModel {
  /** For the header, e.g. "linear regression, ŷ = w·x + b, mean squared error". */
  describe: string;
  /** Python: the loss of predictions `pred` against labels `y`, averaged over the rows, as Descent defines it. */
  loss: string;
  /** Python: what the model outputs from its score `z` (the linear layer's output). */
  output: string;
}

/** Each model's script section. Linear regression: the score is the prediction; loss = mean (ŷ − y)². */
export const SCRIPT_MODELS: Record<Model['kind'], ScriptModel> = {
  linear: {
    describe: 'linear regression, ŷ = w·x + b, mean squared error (1/N) Σ (ŷ − y)²',
    loss: 'torch.mean((pred - y) ** 2)',
    output: 'z',
  },
  // Logistic regression: the score is the logit; PyTorch's BCE-with-logits is the mean log loss in
  // nats computed stably, as Descent computes it, and its gradient (σ(z) − y)/m is Descent's.
  logistic: {
    describe: 'logistic regression, p = σ(w·x + b), mean log loss (binary cross-entropy, nats), y = 1 for the positive class',
    loss: 'torch.nn.functional.binary_cross_entropy_with_logits(pred, y)',
    output: 'z',
  },
};

/** Facts for the header. */
export interface ScriptFacts {
  descentVersion: string;
  /** The training.json's name as the user knows it, e.g. "examples/cars/training.json". */
  trainingFile: string;
  /** The data's hash (hex), when known, e.g. the CSV file's SHA-256. */
  dataSha256?: string | null;
  /** The model kind; the config's by default. */
  model?: Model['kind'];
}

/** A JS number as a Python literal that parses to the same double (shortest round-trip text in both). */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : '-float("inf")';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

const pyString = (s: string): string => JSON.stringify(s);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of bytes (core has no Buffer). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63] + (B64[(n >> 12) & 63] as string) + (b === undefined ? '=' : B64[(n >> 6) & 63]) + (c === undefined ? '=' : B64[n & 63]);
  }
  return out;
}

/** Doubles as base64 of their little-endian IEEE bytes, in lines of 76: numpy reads back the exact bits. */
export function floatsBase64(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] as number, true);
  const text = base64(new Uint8Array(view.buffer));
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines.join('\n');
}

/** The torch optimizer constructor for an optimizer config, e.g. `torch.optim.SGD(params, lr=LEARNING_RATE, momentum=0.9, nesterov=True)`. */
export function torchOptimizer(o: OptimizerConfig): string {
  switch (o.kind) {
    case 'sgd':
      return 'torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)';
    case 'momentum':
      return `torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=${pyFloat(o.momentum)}, dampening=0.0, nesterov=${o.nesterov ? 'True' : 'False'})`;
    case 'adam':
      return `torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(${pyFloat(o.beta1)}, ${pyFloat(o.beta2)}), eps=${pyFloat(o.epsilon)}, amsgrad=False)`;
    default: {
      const never: never = o;
      throw new Error(`unknown optimizer ${JSON.stringify(never)}`);
    }
  }
}

/** The schedule as a Python function of the epoch (1-based), the same formula as src/core/schedule.ts `rateAt`. */
export function rateFunction(s: ScheduleConfig): string[] {
  const decay =
    s.kind === 'constant'
      ? '1.0'
      : s.kind === 'step'
        ? `${pyFloat(s.factor)} ** ((epoch - 1) // ${s.every})  # as torch.optim.lr_scheduler.StepLR(step_size=${s.every}, gamma=${pyFloat(s.factor)})`
        : `${pyFloat(s.factor)} ** (epoch - 1)  # as torch.optim.lr_scheduler.ExponentialLR(gamma=${pyFloat(s.factor)})`;
  return [
    'def rate_at(epoch):',
    `    """The learning rate of every update of epoch \`epoch\` (1, 2, …): LEARNING_RATE × decay × warm-up."""`,
    `    decay = ${decay}`,
    s.warmupEpochs > 0 ? `    warmup = epoch / ${s.warmupEpochs} if epoch < ${s.warmupEpochs} else 1.0  # linear warm-up over ${s.warmupEpochs} epochs` : '    warmup = 1.0  # no warm-up',
    '    return LEARNING_RATE * decay * warmup',
  ];
}

function optimizerWords(o: OptimizerConfig): string {
  switch (o.kind) {
    case 'sgd':
      return 'plain gradient descent (torch.optim.SGD)';
    case 'momentum':
      return `${o.nesterov ? 'Nesterov ' : ''}momentum ${o.momentum} (torch.optim.SGD, dampening 0)`;
    case 'adam':
      return `Adam, β1 ${o.beta1}, β2 ${o.beta2}, ε ${o.epsilon} (torch.optim.Adam)`;
    default: {
      const never: never = o;
      throw new Error(`unknown optimizer ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The whole script. Its output: `epoch 0 loss …` (before training) then one line per epoch,
 * `epoch E loss L` with L = the model's loss over the training rows after epoch E, as repr() (full
 * precision), and ` validation V` when rows are held out; then the final weights in the features' units.
 */
export function pytorchScript(data: ScriptData, facts: ScriptFacts): string {
  const { config, train, validation, scales, features, label, batchSize } = data;
  const model = SCRIPT_MODELS[facts.model ?? data.config.model.kind];
  const n = train.rows;
  const d = train.d;
  const batchWords = batchSize >= n ? `full batch (all ${n} rows, one update an epoch)` : batchSize === 1 ? 'SGD (one row an update)' : `mini-batches of ${batchSize} rows (the last one partial when ${n} is not a multiple)`;
  const lines: string[] = [
    '#!/usr/bin/env python3',
    '"""',
    `Trains ${facts.trainingFile} with PyTorch as Descent ${facts.descentVersion} trains it.`,
    '',
    'What it reproduces, step for step (float64 throughout):',
    `- the model: ${model.describe}, weights and bias starting at 0;`,
    `- the data: ${data.source} (${features.join(', ')} → ${label}), the ${n} training rows${validation ? ` and ${validation.rows} validation rows (Descent's seeded split)` : ''} embedded below as exact float64 bits${facts.dataSha256 ? `\n  (data SHA-256 ${facts.dataSha256})` : ''};`,
    scales ? "- the normalization: z-scores with Descent's means and standard deviations of the training rows;" : '- no normalization (normalize "none");',
    `- the order: Descent's seeded generator (mulberry32, seed ${config.seed}) shuffles the row order every epoch`,
    '  (the order carries over from epoch to epoch; full batch is not shuffled);',
    `- the batches: ${batchWords}, each batch's loss averaged;`,
    `- the update: ${optimizerWords(config.optimizer)}, learning rate ${config.learningRate}${config.learningRateSchedule.kind === 'constant' && config.learningRateSchedule.warmupEpochs === 0 ? '' : ' on a per-epoch schedule (rate_at)'};`,
    `- ${config.epochs} epochs, stopping early (as Descent does) when the loss is no longer finite.`,
    'It prints the training loss after every epoch (epoch 0: before training), the loss Descent reports,',
    'which matches it to about 1e-12 relative (the sums are ordered differently).',
    '',
    'Scaling it up: set DEVICE = torch.device("cuda") to train on a GPU (the rows move there once).',
    'For several GPUs or machines, wrap the model in torch.nn.parallel.DistributedDataParallel and give',
    'each process its own share of every batch (torch.utils.data.DistributedSampler); the gradients',
    "are averaged across processes, so the update is the same, though the shuffle order is then the",
    "sampler's, not Descent's. For data too large to embed, load it with numpy/pandas instead of the",
    'embedded rows and keep MEAN and STD from the training rows.',
    '"""',
    'import base64',
    'import math',
    '',
    'import numpy as np',
    'import torch',
    '',
    'torch.set_default_dtype(torch.float64)',
    'DEVICE = torch.device("cpu")',
    '',
    '# Hyperparameters: training.json with every default applied.',
    `LEARNING_RATE = ${pyFloat(config.learningRate)}`,
    `BATCH_SIZE = ${batchSize}  # training.json: ${JSON.stringify(config.batchSize)}`,
    `EPOCHS = ${config.epochs}`,
    `SEED = ${config.seed}`,
    '',
    '',
    'def floats(text, *shape):',
    '    """Doubles stored as base64 of their little-endian bytes: the exact values Descent trained on."""',
    '    return np.frombuffer(base64.b64decode(text), dtype="<f8").reshape(shape)',
    '',
    '',
    `FEATURES = ${JSON.stringify(features)}`,
    `LABEL = ${pyString(label)}`,
    `X_TRAIN = floats("""`,
    floatsBase64(train.x),
    `""", ${n}, ${d})`,
    `Y_TRAIN = floats("""`,
    floatsBase64(train.y),
    `""", ${n})`,
  ];
  if (validation) {
    lines.push('X_VALIDATION = floats("""', floatsBase64(validation.x), `""", ${validation.rows}, ${d})`, 'Y_VALIDATION = floats("""', floatsBase64(validation.y), `""", ${validation.rows})`);
  }
  if (scales) {
    lines.push(
      '',
      "# Descent's z-score statistics of the training rows (population std); a constant feature is only centred.",
      `MEAN = np.array([${scales.map((s) => pyFloat(s.mean)).join(', ')}])`,
      `STD = np.array([${scales.map((s) => pyFloat(s.std > 0 ? s.std : 1)).join(', ')}])`,
    );
  } else {
    lines.push('', '# normalize "none": the features are used as they are.', `MEAN = np.zeros(${d})`, `STD = np.ones(${d})`);
  }
  lines.push(
    '',
    'x_train = torch.tensor((X_TRAIN - MEAN) / STD, device=DEVICE)',
    'y_train = torch.tensor(Y_TRAIN, device=DEVICE)',
    validation ? 'x_validation = torch.tensor((X_VALIDATION - MEAN) / STD, device=DEVICE)' : 'x_validation = None',
    validation ? 'y_validation = torch.tensor(Y_VALIDATION, device=DEVICE)' : 'y_validation = None',
    '',
    '',
    'def mulberry32(seed):',
    '    """Descent\'s seeded generator (src/core/random.ts): uniform 32-bit integers, the same on every machine."""',
    '    state = seed % 2**32',
    '',
    '    def next_uint32():',
    '        nonlocal state',
    '        state = (state + 0x6D2B79F5) % 2**32',
    '        t = state',
    '        t = ((t ^ (t >> 15)) * (t | 1)) % 2**32',
    '        t ^= (t + ((t ^ (t >> 7)) * (t | 61)) % 2**32) % 2**32',
    '        return t ^ (t >> 14)',
    '',
    '    return next_uint32',
    '',
    '',
    'def shuffle_in_place(order, next_uint32):',
    '    """Fisher–Yates as Descent draws it: j = floor(u·(i + 1) / 2³²) for i = n − 1 … 1, the product rounded to a double."""',
    '    for i in range(len(order) - 1, 0, -1):',
    '        j = int(float(next_uint32() * (i + 1)) / 4294967296.0)',
    '        order[i], order[j] = order[j], order[i]',
    '',
    '',
    '# The model: one linear layer from the features to the score, starting at 0.',
    `model = torch.nn.Linear(${d}, 1).to(DEVICE)`,
    'torch.nn.init.zeros_(model.weight)',
    'torch.nn.init.zeros_(model.bias)',
    '',
    '',
    'def predict(x):',
    '    z = model(x).squeeze(1)',
    `    return ${model.output}`,
    '',
    '',
    'def loss_of(pred, y):',
    `    return ${model.loss}`,
    '',
    '',
    ...rateFunction(config.learningRateSchedule),
    '',
    '',
    'def report(epoch):',
    '    """Prints the loss over every training row (and validation row) with the current weights."""',
    '    with torch.no_grad():',
    '        loss = loss_of(predict(x_train), y_train).item()',
    '        line = f"epoch {epoch} loss {loss!r}"',
    '        if x_validation is not None:',
    '            line += f" validation {loss_of(predict(x_validation), y_validation).item()!r}"',
    '    print(line, flush=True)',
    '    return loss',
    '',
    '',
    `optimizer = ${torchOptimizer(config.optimizer)}`,
    'next_uint32 = mulberry32(SEED)',
    `order = list(range(${n}))`,
    'report(0)',
    'for epoch in range(1, EPOCHS + 1):',
    `    if BATCH_SIZE < ${n}:`,
    '        shuffle_in_place(order, next_uint32)',
    '    for group in optimizer.param_groups:',
    '        group["lr"] = rate_at(epoch)',
    '    rows = torch.tensor(order, device=DEVICE)',
    `    for start in range(0, ${n}, BATCH_SIZE):`,
    '        batch = rows[start:start + BATCH_SIZE]',
    '        optimizer.zero_grad()',
    '        loss_of(predict(x_train[batch]), y_train[batch]).backward()',
    '        optimizer.step()',
    '    if not math.isfinite(report(epoch)):',
    '        break',
    '',
    "# The final model in the features' own units: w = w'/σ, b = b' − Σ w'·μ/σ.",
    'w_scaled = model.weight.detach().cpu().numpy()[0]',
    'w = w_scaled / STD',
    'b = model.bias.item() - float(np.sum(w * MEAN))',
    'print("weights " + " ".join(f"{name}={value!r}" for name, value in zip(FEATURES, w)) + f" bias={b!r}")',
    '',
  );
  return lines.join('\n');
}
