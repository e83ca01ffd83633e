/**
 * Every sentence Descent says about a run: the verdict's heading, its one-line summary (status
 * bar, CodeLens, panel badge), its reason (panel, CLI, Problems) and the quick fix's title.
 * One table, so the surfaces cannot disagree; numbers go through the one formatter.
 *
 * Each message is a whole sentence (or a phrase that reads as one where it is inserted) in
 * `t(…)`, so it translates as a whole; optional sentences are joined by `sentences`.
 */
import { formatBeside, formatCount, formatNumber, formatPercent } from './format';
import type { Cause, Judgment, OptimizerConfig, Regime, ScheduleConfig, Verdict } from './report';
import { assertNever } from './assertNever';
import { t } from './l10n';

/** What the wording needs of a run: its judgment and a few facts of its config and curve. */
export interface RunWordingFacts {
  judgment: Judgment;
  learningRate: number;
  batchSize: number;
  epochs: number;
  lambdaMax: number;
  conditionNumber: number;
  conditionNumberZscored: number;
  startLoss: number;
  finalLoss: number | null;
  /** The optimizer and schedule the run used (plain descent at a constant rate when absent). */
  optimizer?: OptimizerConfig;
  schedule?: ScheduleConfig;
  /** The run's per-epoch training loss (the observed rules' reason reads its end), when known. */
  trainLoss?: readonly number[];
}


/**
 * Sentences one after another, leaving out the absent ones: a space after a sentence that ends in
 * Latin script (English), none after one that ends in CJK script or punctuation (Japanese "。").
 */
export function sentences(...parts: Array<string | null | false | undefined>): string {
  let out = '';
  for (const part of parts) {
    if (!part) continue;
    out = out === '' || /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]$/.test(out) ? out + part : `${out} ${part}`;
  }
  return out;
}

/** "plain gradient descent", "momentum 0.9", "Nesterov momentum 0.9", "Adam (β1 0.9, β2 0.999, ε 1e-8)". */
export function optimizerPhrase(o: OptimizerConfig): string {
  switch (o.kind) {
    case 'sgd':
      return t('plain gradient descent');
    case 'momentum':
      return o.nesterov ? t('Nesterov momentum {0}', n(o.momentum)) : t('momentum {0}', n(o.momentum));
    case 'adam':
      return t('Adam (β1 {0}, β2 {1}, ε {2})', n(o.beta1), n(o.beta2), n(o.epsilon));
    default:
      return assertNever(o);
  }
}

/** "a constant rate", "step decay ×0.5 every 10 epochs", "exponential decay ×0.95 per epoch after a 5-epoch warm-up". */
export function schedulePhrase(s: ScheduleConfig): string {
  const warm = s.warmupEpochs > 0 ? formatCount(s.warmupEpochs) : null;
  switch (s.kind) {
    case 'constant':
      return warm !== null ? t('a {0}-epoch warm-up, then a constant rate', warm) : t('a constant rate');
    case 'step': {
      const factor = n(s.factor);
      const every = formatCount(s.every);
      if (warm === null) return s.every === 1 ? t('step decay ×{0} every {1} epoch', factor, every) : t('step decay ×{0} every {1} epochs', factor, every);
      return s.every === 1 ? t('step decay ×{0} every {1} epoch after a {2}-epoch warm-up', factor, every, warm) : t('step decay ×{0} every {1} epochs after a {2}-epoch warm-up', factor, every, warm);
    }
    case 'exponential':
      return warm !== null ? t('exponential decay ×{0} per epoch after a {1}-epoch warm-up', n(s.factor), warm) : t('exponential decay ×{0} per epoch', n(s.factor));
    default:
      return assertNever(s);
  }
}

const n = formatNumber;

/** "full batch", "batches of 100", "single examples (SGD)". */
export function batchPhrase(regime: Regime, rows: number): string {
  if (regime === 'full-batch') return t('full batch');
  return rows === 1 ? t('single examples (SGD)') : t('batches of {0}', formatCount(rows));
}

/** "converged at epoch 12", "diverged at epoch 1", "diverged", "oscillating", "too slow". */
export function verdictSummary(verdict: Verdict | null, epoch: number | null): string {
  switch (verdict) {
    case null:
      return t('cancelled');
    case 'converged':
      return t('converged at epoch {0}', formatCount(epoch ?? 0));
    case 'diverged':
      return epoch !== null ? t('diverged at epoch {0}', formatCount(epoch)) : t('diverged');
    case 'oscillating':
      return t('oscillating');
    case 'too-slow':
      return t('too slow');
    default:
      return assertNever(verdict);
  }
}

/** The panel's heading, e.g. "Diverged: the learning rate is too large". */
export function verdictHeadline(verdict: Verdict, cause: Cause | null): string {
  switch (verdict) {
    case 'converged':
      return t('Converged');
    case 'too-slow':
      if (cause === 'conditioning') return t('Too slow: the features’ scales hold it back');
      if (cause === 'epochs') return t('Too slow: more epochs needed');
      if (cause === 'observed') return t('Too slow: the loss has not settled yet');
      if (cause === 'rate-too-large') return t('Too slow: a smaller learning rate settles sooner');
      return t('Too slow: the learning rate is too small');
    case 'oscillating':
      if (cause === 'observed' || cause === 'rate-too-small') return t('Oscillating: the loss rises and falls instead of settling');
      return t('Oscillating: the learning rate is too large to settle');
    case 'diverged':
      if (cause === 'observed') return t('Diverged: the loss grew instead of falling');
      return t('Diverged: the learning rate is too large');
    default:
      return assertNever(verdict);
  }
}

/** The bound that applies, named: "1/λmax = 1 (full batch)", "0.12 (for batches of 1)". */
export function boundPhrase(j: Judgment): string | null {
  if (j.bound === null) return null;
  return namedBound(j, n(j.bound));
}

/** The bound beside a rate it is compared with, in enough digits to tell them apart. */
function boundBeside(j: Judgment, lr: number): string | null {
  if (j.bound === null) return null;
  return namedBound(j, formatBeside(j.bound, lr));
}

/** A bound's value (already written) with what it is for: "1 (1/λmax, full batch)", "0.12 (for batches of 30)". */
function namedBound(j: Judgment, value: string): string {
  return j.regime === 'full-batch' ? t('{0} (1/λmax, full batch)', value) : t('{0} (for batches of {1})', value, formatCount(j.smallestBatch));
}

/** "about 12 epochs", "forever", "an unknown number of epochs": what a rate needs, inserted into a sentence. */
function epochsPhrase(e: number | null): string {
  if (e === null) return t('an unknown number of epochs');
  if (!Number.isFinite(e)) return t('forever');
  return e === 1 ? t('about {0} epoch', formatCount(e)) : t('about {0} epochs', formatCount(e));
}

/** What a loss that overflowed reads as, instead of a number. */
const notFinite = (): string => t('not finite');

/** "within 1% of the best reachable loss 18.71", or at it, or near 0 when the data lie on a line. */
function withinBest(j: Judgment, exactly: boolean): string {
  if (exactly && j.tolerance === 0) return t('at the best reachable loss {0}', n(j.optimalLoss));
  return j.optimalLoss > 0 ? t('within {0} of the best reachable loss {1}', formatPercent(j.tolerance / j.optimalLoss), n(j.optimalLoss)) : t('within {0} of the best reachable loss 0 (the data lie on a line)', n(j.tolerance));
}

/** "From epoch 12 on, the loss (averaged over 3 epochs) stayed within …." */
function stayedSentence(j: Judgment, within: string): string {
  const e = formatCount(j.epoch ?? 0);
  return j.smoothing > 1 ? t('From epoch {0} on, the loss (averaged over {1} epochs) stayed {2}.', e, formatCount(j.smoothing), within) : t('From epoch {0} on, the loss stayed {1}.', e, within);
}

/** The sentence on a short last batch, or null when the batches are even (or full). */
function tailSentence(j: Judgment, batchSize: number): string | null {
  if (!(j.regime === 'stochastic' && j.smallestBatch < batchSize)) return null;
  const m = formatCount(j.smallestBatch);
  return j.smallestBatch === 1
    ? t('The last batch of each epoch holds only {0} row and still takes a full step, so the bound and the suggestion are for {0} row.', m)
    : t('The last batch of each epoch holds only {0} rows and still takes a full step, so the bound and the suggestion are for {0} rows.', m);
}

/** When the loss passed its start, or when it would. */
function passedSentence(j: Judgment, startLoss: number): string | null {
  if (j.epoch !== null) return t('The loss passed its starting value {0} at epoch {1}.', n(startLoss), formatCount(j.epoch));
  if (j.predictedDivergenceEpoch !== null) return t('It does not show yet: the loss would pass its starting value around epoch {0}.', formatCount(j.predictedDivergenceEpoch));
  return null;
}

function overflowSentence(j: Judgment): string | null {
  return j.overflowEpoch !== null ? t('It overflowed at epoch {0}.', formatCount(j.overflowEpoch)) : null;
}

/** Why the verdict holds, in one to three sentences a learner can act on. */
export function verdictReason(f: RunWordingFacts): string {
  const j = f.judgment;
  if (j.basis === 'logistic') return logisticReason(f);
  if (j.basis === 'observed') return observedReason(f);
  if (j.basis === 'momentum') return momentumReason(f);
  const lr = n(f.learningRate);
  const batches = batchPhrase(j.regime, f.batchSize);
  const tail = tailSentence(j, f.batchSize);
  const gap = f.finalLoss !== null && j.optimalLoss > 0 ? formatPercent((f.finalLoss - j.optimalLoss) / j.optimalLoss) : null;
  const factor = formatBeside(Math.abs(1 - 2 * f.learningRate * f.lambdaMax), 1);
  const halfSteepest = () => n(1 / (2 * f.lambdaMax));
  switch (j.verdict) {
    case 'converged': {
      const within = withinBest(j, true);
      const fromStart = j.epoch === 0 ? t('It was there from the start: the starting weights (all 0) already fit almost as well as the best (L₀ = {0}).', n(f.startLoss)) : null;
      const above = j.bound !== null && f.learningRate > j.bound ? t('The rate is above the stable bound {0}; it does not diverge only because the starting weights are already the best along the steepest direction.', boundBeside(j, f.learningRate) ?? '') : null;
      if (j.regime === 'full-batch') {
        const zigzag = j.overshoots && !above ? t('Each step overshoots along the steepest direction (above 1/(2λmax) = {0}), but the zig-zag shrinks ×{1} per epoch.', halfSteepest(), factor) : null;
        const settled = j.epoch === 0 ? t('The loss settled {0} from the start.', within) : t('The loss settled {0} at epoch {1} and stayed there.', within, formatCount(j.epoch ?? 0));
        return sentences(settled, zigzag, above);
      }
      const floor = j.optimalLoss > 0 && Number.isFinite(j.noiseFloor) ? t('At this rate the noise of {0} keeps it about {1} above the best on average; a smaller rate or larger batches settle lower.', batches, formatPercent(j.noiseFloor / j.optimalLoss)) : null;
      return sentences(stayedSentence(j, within), fromStart, floor);
    }
    case 'diverged': {
      const passed = passedSentence(j, f.startLoss);
      const overflow = overflowSentence(j);
      if (!Number.isFinite(f.lambdaMax)) return sentences(t('The features are so large that their curvature overflows: every positive learning rate diverges.'), passed, overflow, t('Set "normalize": "zscore".'));
      if (j.regime === 'full-batch' && j.bound !== null && f.learningRate > j.bound) {
        return sentences(t('learningRate {0} is above the stable bound {1}: each step multiplies the error along the steepest direction by |1 − 2·lr·λmax| = {2} > 1, so the loss grows without limit.', lr, boundBeside(j, f.learningRate) ?? '', factor), passed, overflow);
      }
      const overshoot = j.smoothing > 1 ? t('With {0} the steps overshoot so far that over the last {1} epochs the loss is mostly above where it started.', batches, formatCount(j.smoothing)) : t('With {0} the steps overshoot so far that the loss ends above where it started.', batches);
      return sentences(overshoot, passed, overflow, j.bound !== null ? t('The stable bound is {0}.', boundPhrase(j) ?? '') : null, tail);
    }
    case 'oscillating': {
      const spike = j.epoch !== null ? t('The loss jumped above its start at epoch {0}.', formatCount(j.epoch)) : null;
      const suggested = n(j.suggested ?? NaN);
      if (j.cause === 'conditioning') return sentences(t('learningRate {0} is above the suggested {1}, but the rate is not what holds it back.', lr, suggested), scalesSentence(j, f));
      if (j.cause === 'noise') {
        const noisy =
          Number.isFinite(j.noiseFloor) && j.optimalLoss > 0
            ? t("With {0} at learningRate {1} the steps' noise keeps the loss jumping around above the best reachable {2} (about {3} above it on average) instead of settling.", batches, lr, n(j.optimalLoss), formatPercent(j.noiseFloor / j.optimalLoss))
            : t("With {0} at learningRate {1} the steps' noise keeps the loss jumping around above the best reachable {2} (with no level it settles at) instead of settling.", batches, lr, n(j.optimalLoss));
        return sentences(noisy, t('Larger batches or a smaller rate settle closer.'), spike, tail);
      }
      if (j.regime === 'full-batch' && j.bound !== null && f.learningRate > j.bound * 1.000001) {
        return t('learningRate {0} is above the stable bound {1}: an error along the steepest direction would grow ×{2} per epoch. This start has none to grow, but the loss has not settled either.', lr, boundBeside(j, f.learningRate) ?? '', factor);
      }
      if (j.regime === 'full-batch' && j.bound !== null && f.learningRate >= j.bound * 0.999999) {
        return t('learningRate {0} is on the stable bound {1}: the error along the steepest direction flips sign every epoch at the same size (×|1 − 2·lr·λmax| = 1), so the loss never settles.', lr, boundBeside(j, f.learningRate) ?? '');
      }
      if (j.regime === 'full-batch') {
        if (j.cause === 'epochs') {
          const bounce = t('learningRate {0} is a little above the suggested rate: every step jumps past the minimum along the steepest direction (as at any rate above 1/(2λmax) = {1}), so the weights bounce from one side of the best weights to the other (×{2} per epoch).', lr, halfSteepest(), factor);
          const needs =
            j.suggestionBasis === 'fastest'
              ? t('It needs {0}, and the fastest constant rate on this data, {1}, {2}: add epochs.', epochsPhrase(j.epochsNeeded), n(j.suggestedExact ?? NaN), epochsPhrase(j.epochsNeededAtBest))
              : t('It needs {0}, and the suggested {1} {2}: add epochs.', epochsPhrase(j.epochsNeeded), suggested, epochsPhrase(j.epochsNeededAtSuggestion));
          return sentences(bounce, needs);
        }
        return sentences(
          t('learningRate {0} is too large: every step jumps past the minimum along the steepest direction (as at any rate above 1/(2λmax) = {1}), so the weights bounce from one side of the best weights to the other (×{2} per epoch), and that bouncing sets the pace.', lr, halfSteepest(), factor),
          t('At this rate it needs {0}; at {1}, {2}.', epochsPhrase(j.epochsNeeded), suggested, epochsPhrase(j.epochsNeededAtSuggestion)),
        );
      }
      if (j.bound !== null && f.learningRate >= j.bound * 0.999999) {
        const bound = boundBeside(j, f.learningRate) ?? '';
        const which =
          f.learningRate <= j.bound
            ? t('learningRate {0} is on the stable bound {1}: steps on the largest examples flip their error’s sign at the same size, so the loss never settles.', lr, bound)
            : t('learningRate {0} is above the stable bound {1}: steps on the largest examples overshoot, so the loss jumps around instead of settling.', lr, bound);
        return sentences(which, spike, tail);
      }
      if (j.cause === 'epochs') {
        return sentences(
          t('learningRate {0} is above the suggested {1} for {2}, which would need no fewer epochs here ({3}, against {4} at this rate); the loss has not settled in {5} epochs: add epochs.', lr, suggested, batches, epochsPhrase(j.epochsNeededAtSuggestion), epochsPhrase(j.epochsNeeded), formatCount(f.epochs)),
          spike,
          tail,
        );
      }
      return sentences(t('learningRate {0} is above the suggested {1} for {2}: larger steps do not converge faster, they overshoot on the largest examples and add noise; the loss has not settled in {3} epochs.', lr, suggested, batches, formatCount(f.epochs)), spike, tail);
    }
    case 'too-slow': {
      const still = gap !== null ? t('The loss is still falling at epoch {0} ({1} above the best reachable {2}).', formatCount(f.epochs), gap, n(j.optimalLoss)) : t('The loss is still falling at epoch {0}.', formatCount(f.epochs));
      const needed = epochsPhrase(j.epochsNeeded);
      switch (j.cause) {
        case 'conditioning':
          return sentences(still, scalesSentence(j, f));
        case 'rate-too-small':
          return sentences(still, t('At learningRate {0} it needs {1}; at the suggested {2}, {3}.', lr, needed, n(j.suggested ?? NaN), epochsPhrase(j.epochsNeededAtSuggestion)));
        default:
          return sentences(
            still,
            j.regime === 'full-batch'
              ? j.suggestionBasis === 'fastest'
                ? t('At learningRate {0} it needs {1}, and the fastest constant rate on this data {2}: add epochs.', lr, needed, epochsPhrase(j.epochsNeededAtBest))
                : t('At learningRate {0} it needs {1}, and the suggested rate no fewer: add epochs.', lr, needed)
              : t('At learningRate {0} it needs {1}; the suggested rate for these batches is no faster: add epochs.', lr, needed),
          );
      }
    }
    default:
      return assertNever(j.verdict);
  }
}

/** "Adam (…) with step decay …", "momentum 0.9 on batches of 32": an optimizer, its schedule and its batches, in one phrase. */
function settingPhrase(optimizer: string, schedule: string | null, batches: string | null): string {
  const trained = schedule !== null ? t('{0} with {1}', optimizer, schedule) : optimizer;
  return batches !== null ? t('{0} on {1}', trained, batches) : trained;
}

/** What keeps the closed form away, e.g. "Adam with step decay ×0.5 every 10 epochs", "momentum 0.9 on batches of 32". */
function withoutClosedForm(f: RunWordingFacts): string {
  const o = f.optimizer ?? { kind: 'sgd' };
  const s = f.schedule ?? { kind: 'constant', warmupEpochs: 0 };
  const scheduled = !(s.kind === 'constant' && s.warmupEpochs === 0);
  const optimizer = o.kind === 'sgd' ? (scheduled ? optimizerPhrase(o) : '') : optimizerPhrase(o);
  return settingPhrase(optimizer, scheduled ? schedulePhrase(s) : null, o.kind === 'momentum' && f.judgment.regime === 'stochastic' ? batchPhrase(f.judgment.regime, f.batchSize) : null);
}

/** The share above L* of a loss, e.g. "12% above the best reachable loss 18.7". */
function aboveBest(loss: number | null, j: Judgment): string {
  if (loss === null) return notFinite();
  if (j.optimalLoss > 0) return t('{0} above the best reachable loss {1}', formatPercent((loss - j.optimalLoss) / j.optimalLoss), n(j.optimalLoss));
  return t('{0} above the best reachable loss {1}', n(loss - j.optimalLoss), n(j.optimalLoss));
}

/** Whether the loss still falls over the last epochs the verdict averages: 'falling', 'flat', or null when there are too few. */
function lossTrend(f: RunWordingFacts): 'falling' | 'flat' | null {
  const losses = f.trainLoss ?? [];
  const last = losses.length - 1;
  const back = losses[Math.max(0, last - Math.max(1, f.judgment.smoothing))];
  return last > 0 && back !== undefined && f.finalLoss !== null ? (f.finalLoss < back ? 'falling' : 'flat') : null;
}

/** The reason of a run no closed form describes (Adam, a schedule, momentum on batches): what the losses did, and that no bound applies. */
function observedReason(f: RunWordingFacts): string {
  const j = f.judgment;
  const basis = t('The stable bound and the suggested rate of plain descent do not apply to {0}, and no closed form replaces them, so this verdict is based on the losses alone, against the best reachable loss (which depends on the data only).', withoutClosedForm(f));
  switch (j.verdict) {
    case 'converged':
      return sentences(stayedSentence(j, withinBest(j, false)), basis);
    case 'diverged': {
      const passed = j.epoch !== null ? t('It passed its starting value {0} at epoch {1}.', n(f.startLoss), formatCount(j.epoch)) : null;
      const ends = j.overflowEpoch !== null ? t('The loss grew without limit.') : j.smoothing > 1 ? t('Over the last {0} epochs the loss is mostly above where it started.', formatCount(j.smoothing)) : t('The loss ends above where it started.');
      return sentences(ends, passed, overflowSentence(j), basis);
    }
    case 'oscillating':
      return sentences(t('In the second half of the run the loss rose {0} times by more than {1} instead of settling; it ends {2}.', formatCount(j.rises), n(j.tolerance), aboveBest(f.finalLoss, j)), basis);
    case 'too-slow': {
      const epochs = formatCount(f.epochs);
      const above = aboveBest(f.finalLoss, j);
      const tolerance = n(j.tolerance);
      const trend = lossTrend(f);
      const where =
        trend === 'falling'
          ? t('After {0} epochs the loss is {1} and still falling: it has not settled within {2} of it.', epochs, above, tolerance)
          : trend === 'flat'
            ? t('After {0} epochs the loss is {1} and no longer falling: it has not settled within {2} of it.', epochs, above, tolerance)
            : t('After {0} epochs the loss is {1}: it has not settled within {2} of it.', epochs, above, tolerance);
      return sentences(where, basis);
    }
    default:
      return assertNever(j.verdict);
  }
}

/** A loss unit for display: "nats" is a word (ナット), "(Miles_per_Gallon)²" a formula kept as it is. */
export function lossUnitLabel(unit: string): string {
  return unit === 'nats' ? t('nats') : unit;
}

/** A share of rows classified right, e.g. "97.4%". */
export function accuracyPhrase(share: number): string {
  return formatPercent(share);
}

/**
 * What "best reachable" means for a logistic run: L* from Newton's method, or why there is none
 * (separable data has no finite optimum: the loss falls toward 0 as the weights grow).
 */
export function logisticOptimumSentence(j: Judgment): string {
  const optimum = j.logistic?.optimum ?? 'unknown';
  switch (optimum) {
    case 'finite':
      return t("The best reachable log loss L* = {0} nats is the minimum found by Newton's method on the training rows.", n(j.optimalLoss));
    case 'separable':
      return t('The classes are separable: some weights put every training row on its own class’s side, so the log loss has no minimum. It keeps falling toward 0 as those weights grow, and no best reachable loss is declared.');
    case 'unbounded':
      return t('Newton’s method found no finite optimum: its weights grew without bound while the loss kept falling, though no weights separated every row (some rows tie on the boundary: quasi-complete separation), so no best reachable loss is declared.');
    case 'unknown':
      return t('Newton’s method did not settle whether the log loss has a finite optimum (it is not run for more than 63 features, and stops after a bounded number of passes over a large dataset), so no best reachable loss is declared.');
    default:
      return assertNever(optimum);
  }
}

/** The reason of a logistic-regression run: its optimum (or none), the smoothness bound or why it does not apply, and the accuracy. */
function logisticReason(f: RunWordingFacts): string {
  const j = f.judgment;
  const l = j.logistic;
  const lr = n(f.learningRate);
  const finite = l?.optimum === 'finite';
  const accuracy = l?.finalAccuracy !== null && l?.finalAccuracy !== undefined ? t('Training accuracy: {0}.', accuracyPhrase(l.finalAccuracy)) : null;
  const optimum = logisticOptimumSentence(j);
  const bound =
    j.bound !== null
      ? t('Plain full-batch descent is guaranteed to lower the loss at every step below 8/λmax = {0} (the log loss’s curvature is at most λmax/4, a quarter of the features’ second-moment matrix’s largest eigenvalue, since σ′ ≤ 1/4): a sufficient bound, not the exact threshold.', formatBeside(j.bound, f.learningRate))
      : t('The log loss’s smoothness bound 8/λmax is for plain full-batch descent at a constant rate; it does not apply to {0}, and no closed form replaces it, so this verdict reads the losses.', logisticSetting(f));
  const local = l?.localBound !== null && l?.localBound !== undefined ? t('At the optimum the curvature is smaller: descent settles there below 2/λmax(H*) = {0}.', formatBeside(l.localBound, f.learningRate)) : null;
  const final = f.finalLoss === null ? notFinite() : n(f.finalLoss);
  switch (j.verdict) {
    case 'converged': {
      const e = formatCount(j.epoch ?? 0);
      if (finite) {
        const share = formatPercent(j.tolerance / j.optimalLoss);
        const stayed = j.smoothing > 1 ? t('From epoch {0} on, the log loss (averaged over {1} epochs) stayed within {2} of the best reachable loss {3}.', e, formatCount(j.smoothing), share, n(j.optimalLoss)) : t('From epoch {0} on, the log loss stayed within {1} of the best reachable loss {2}.', e, share, n(j.optimalLoss));
        return sentences(stayed, accuracy, optimum, bound);
      }
      if (l?.optimum === 'separable') {
        return sentences(
          t('Every training row is classified right from epoch {0} on (training accuracy 100%). The loss keeps falling toward 0 ({1} at epoch {2}): the classes are separable, so the log loss has no minimum and no best reachable loss is declared. More epochs only scale the weights up, sharpening the probabilities, while the boundary’s direction changes ever more slowly.', e, final, formatCount(f.epochs)),
          bound,
        );
      }
      return sentences(t('Training accuracy stayed at its best from epoch {0} on, for at least the second half of the run; the loss is still falling ({1}).', e, final), accuracy, optimum, bound);
    }
    case 'diverged': {
      const passed = j.epoch !== null ? t('It passed its starting value {0} (ln 2: every probability ½ at weights 0) at epoch {1}.', n(f.startLoss), formatCount(j.epoch)) : null;
      const above = j.bound !== null && f.learningRate > j.bound ? t('learningRate {0} is above the guaranteed bound {1}.', lr, formatBeside(j.bound, f.learningRate)) : null;
      const ends = j.smoothing > 1 ? t('Over the last {0} epochs the log loss is mostly above where it started.', formatCount(j.smoothing)) : t('The log loss ends above where it started.');
      return sentences(ends, passed, overflowSentence(j), above, optimum, bound);
    }
    case 'oscillating': {
      if (finite && l?.localBound !== null && l?.localBound !== undefined && j.bound !== null && f.learningRate >= l.localBound * 0.999999) {
        return sentences(
          t('learningRate {0} is at or above the local bound at the optimum, 2/λmax(H*) = {1}: near the best weights each full-batch step multiplies the error along the steepest direction by |1 − lr·λmax(H*)| ≥ 1, so descent cannot settle there. It ends {2}.', lr, formatBeside(l.localBound, f.learningRate), logisticAbove(f.finalLoss, j)),
          accuracy,
          optimum,
          bound,
        );
      }
      return sentences(t('In the second half of the run the log loss rose {0} times by more than {1} instead of settling; it ends {2}.', formatCount(j.rises), n(j.tolerance), logisticAbove(f.finalLoss, j)), accuracy, optimum, bound, local);
    }
    case 'too-slow': {
      const epochs = formatCount(f.epochs);
      const above = logisticAbove(f.finalLoss, j);
      const trend = lossTrend(f);
      const where =
        trend === 'falling'
          ? t('After {0} epochs the log loss is {1} and still falling.', epochs, above)
          : trend === 'flat'
            ? t('After {0} epochs the log loss is {1} and no longer falling.', epochs, above)
            : t('After {0} epochs the log loss is {1}.', epochs, above);
      const separated = !finite && l?.optimum === 'separable' ? t('Not every training row is classified right yet.') : null;
      const advice =
        j.cause === 'rate-too-small'
          ? t('A larger rate keeps the guarantee: the suggested {0} (4/λmax, half the bound).', n(j.suggested ?? NaN))
          : j.cause === 'epochs'
            ? t('The rate already takes guaranteed steps as large as the suggestion’s: add epochs.')
            : null;
      return sentences(where, separated, accuracy, advice, optimum, bound, local);
    }
    default:
      return assertNever(j.verdict);
  }
}

/** "plain gradient descent on batches of 32", "Adam", "momentum 0.9 with step decay …": what keeps the smoothness bound away. */
function logisticSetting(f: RunWordingFacts): string {
  const o = f.optimizer ?? { kind: 'sgd' };
  const s = f.schedule ?? { kind: 'constant', warmupEpochs: 0 };
  const scheduled = !(s.kind === 'constant' && s.warmupEpochs === 0);
  return settingPhrase(optimizerPhrase(o), scheduled ? schedulePhrase(s) : null, f.judgment.regime === 'stochastic' ? batchPhrase(f.judgment.regime, f.batchSize) : null);
}

/** "3.1% above the best reachable loss 0.5214", or for data without one "at 0.0123 nats". */
function logisticAbove(loss: number | null, j: Judgment): string {
  if (loss === null) return notFinite();
  if (j.logistic?.optimum === 'finite' && j.optimalLoss > 0) return t('{0} above the best reachable loss {1}', formatPercent((loss - j.optimalLoss) / j.optimalLoss), n(j.optimalLoss));
  return t('at {0} nats', n(loss));
}

/** The reason of a momentum run on full batches at a constant rate, judged by the closed form of its recurrence. */
function momentumReason(f: RunWordingFacts): string {
  const j = f.judgment;
  const o = f.optimizer ?? { kind: 'sgd' };
  const name = o.kind === 'momentum' ? optimizerPhrase(o) : t('momentum');
  const formula = o.kind === 'momentum' && o.nesterov ? '(1 + μ)/((1 + 2μ)·λmax)' : '(1 + μ)/λmax';
  const lr = n(f.learningRate);
  // Read only where there is a bound.
  const bound = j.bound !== null ? t('{0} ({1}, full batch)', formatBeside(j.bound, f.learningRate), formula) : '';
  const radius = j.spectralRadius !== null ? formatBeside(j.spectralRadius, 1) : null;
  const shrink = radius !== null ? t(' (the slowest direction shrinks ×{0} per epoch)', radius) : '';
  const needs =
    j.cause === 'rate-too-small' || j.cause === 'rate-too-large'
      ? t('At learningRate {0} it needs {1}; at the suggested {2}, {3}.', lr, epochsPhrase(j.epochsNeeded), n(j.suggested ?? NaN), epochsPhrase(j.epochsNeededAtSuggestion))
      : j.epochsNeeded !== null
        ? t('At learningRate {0} it needs {1}, and the suggested rate no fewer: add epochs.', lr, epochsPhrase(j.epochsNeeded))
        : null;
  switch (j.verdict) {
    case 'converged':
      return t('With {0} the loss settled within {1} of the best reachable loss {2} at epoch {3} and stayed there to the end of the run{4}.', name, j.optimalLoss > 0 ? formatPercent(j.tolerance / j.optimalLoss) : n(j.tolerance), n(j.optimalLoss), formatCount(j.epoch ?? 0), shrink);
    case 'diverged': {
      const passed = passedSentence(j, f.startLoss);
      const overflow = overflowSentence(j);
      if (j.bound !== null && f.learningRate > j.bound) {
        const grows =
          radius !== null
            ? t('learningRate {0} is above the stable bound of {1}, {2}: the error along the fastest-growing direction of the loss grows ×{3} per epoch, so the loss grows without limit.', lr, name, bound, radius)
            : t('learningRate {0} is above the stable bound of {1}, {2}: the error along the fastest-growing direction of the loss grows, so the loss grows without limit.', lr, name, bound);
        return sentences(grows, passed, overflow);
      }
      return sentences(t('With {0} the loss grew without limit.', name), passed, overflow, j.bound !== null ? t('The stable bound is {0}.', bound) : null);
    }
    case 'oscillating':
      if (j.bound !== null && f.learningRate >= j.bound * 0.999999) {
        return t('learningRate {0} is on the stable bound of {1}, {2}: the error along the steepest direction flips sign every epoch at the same size, so the loss never settles.', lr, name, bound);
      }
      if (j.leavesBandLater) {
        return sentences(
          t('With {0} at learningRate {1} the loss is within {2} of the best reachable loss {3} at epoch {4}, but it has not settled: the weights still swing past the best ones and back{5}, and the exact full-batch dynamics take the loss out of that band again after the last epoch.', name, lr, n(j.tolerance), n(j.optimalLoss), formatCount(f.epochs), shrink),
          needs,
        );
      }
      return sentences(t('With {0} at learningRate {1} the loss rose {2} times by more than {3} in the second half of the run: the weights swing past the best ones and back{4}.', name, lr, formatCount(j.rises), n(j.tolerance), shrink), t('It ends {0}.', aboveBest(f.finalLoss, j)), needs);
    case 'too-slow':
      return sentences(t('With {0} the loss is still {1} at epoch {2}{3}.', name, aboveBest(f.finalLoss, j), formatCount(f.epochs), shrink), needs);
    default:
      return assertNever(j.verdict);
  }
}

/** Why the scales, not the rate, hold a run back, and the fix. */
function scalesSentence(j: Judgment, f: RunWordingFacts): string {
  return t('The features’ scales differ so much that the flattest direction crawls: the condition number κ = λmax/λmin is {0}, so even the suggested rate needs {1}. Z-scoring the features makes κ {2}: set "normalize": "zscore".', n(f.conditionNumber), epochsPhrase(j.epochsNeededAtSuggestion), n(f.conditionNumberZscored));
}

/** The Problems entry on `learningRate`, e.g. "Diverged: learningRate 1.5 is above the stable bound …". */
export function verdictProblemMessage(f: RunWordingFacts): string {
  return t('{0}. {1}', verdictHeadline(f.judgment.verdict, f.judgment.cause), verdictReason(f));
}

/** A quick fix's title, e.g. "Set learningRate to 0.49 (suggested)". */
export function fixTitle(key: string, value: number | string, why: 'suggested' | 'needed' | 'scales'): string {
  // A count is written whole (the edit writes 12345; four significant digits would show 12,350).
  const shown = typeof value === 'number' ? (key === 'epochs' ? formatCount(value) : n(value)) : JSON.stringify(value);
  switch (why) {
    case 'suggested':
      return t('Set {0} to {1} (suggested)', key, shown);
    case 'needed':
      return t('Set {0} to {1} (the epochs this rate needs)', key, shown);
    case 'scales':
      return t('Set {0} to {1} (evens out the features’ scales)', key, shown);
    default:
      return assertNever(why);
  }
}
