/**
 * Every sentence Descent says about a run: the verdict's heading, its one-line summary (status
 * bar, CodeLens, panel badge), its reason (panel, CLI, Problems) and the quick fix's title.
 * One table, so the surfaces cannot disagree; numbers go through the one formatter.
 */
import { formatBeside, formatCount, formatNumber, formatPercent } from './format';
import type { Cause, Judgment, OptimizerConfig, Regime, ScheduleConfig, Verdict } from './report';
import { assertNever } from './assertNever';

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

/** "plain gradient descent", "momentum 0.9", "Nesterov momentum 0.9", "Adam (β1 0.9, β2 0.999, ε 1e-8)". */
export function optimizerPhrase(o: OptimizerConfig): string {
  switch (o.kind) {
    case 'sgd':
      return 'plain gradient descent';
    case 'momentum':
      return `${o.nesterov ? 'Nesterov momentum' : 'momentum'} ${n(o.momentum)}`;
    case 'adam':
      return `Adam (β1 ${n(o.beta1)}, β2 ${n(o.beta2)}, ε ${n(o.epsilon)})`;
    default:
      return assertNever(o);
  }
}

/** "a constant rate", "step decay ×0.5 every 10 epochs", "exponential decay ×0.95 per epoch after a 5-epoch warm-up". */
export function schedulePhrase(s: ScheduleConfig): string {
  const warm = s.warmupEpochs > 0 ? `a ${formatCount(s.warmupEpochs)}-epoch warm-up` : '';
  switch (s.kind) {
    case 'constant':
      return warm ? `${warm}, then a constant rate` : 'a constant rate';
    case 'step':
      return `step decay ×${n(s.factor)} every ${formatCount(s.every)} ${s.every === 1 ? 'epoch' : 'epochs'}${warm ? ` after ${warm}` : ''}`;
    case 'exponential':
      return `exponential decay ×${n(s.factor)} per epoch${warm ? ` after ${warm}` : ''}`;
    default:
      return assertNever(s);
  }
}

const n = formatNumber;

/** "full batch", "batches of 100", "single examples (SGD)". */
export function batchPhrase(regime: Regime, rows: number): string {
  if (regime === 'full-batch') return 'full batch';
  return rows === 1 ? 'single examples (SGD)' : `batches of ${formatCount(rows)}`;
}

/** "converged at epoch 12", "diverged at epoch 1", "diverged", "oscillating", "too slow". */
export function verdictSummary(verdict: Verdict | null, epoch: number | null): string {
  switch (verdict) {
    case null:
      return 'cancelled';
    case 'converged':
      return `converged at epoch ${formatCount(epoch ?? 0)}`;
    case 'diverged':
      return epoch !== null ? `diverged at epoch ${formatCount(epoch)}` : 'diverged';
    case 'oscillating':
      return 'oscillating';
    case 'too-slow':
      return 'too slow';
    default:
      return assertNever(verdict);
  }
}

/** The panel's heading, e.g. "Diverged: the learning rate is too large". */
export function verdictHeadline(verdict: Verdict, cause: Cause | null): string {
  switch (verdict) {
    case 'converged':
      return 'Converged';
    case 'too-slow':
      if (cause === 'conditioning') return 'Too slow: the features’ scales hold it back';
      if (cause === 'epochs') return 'Too slow: more epochs needed';
      if (cause === 'observed') return 'Too slow: the loss has not settled yet';
      if (cause === 'rate-too-large') return 'Too slow: a smaller learning rate settles sooner';
      return 'Too slow: the learning rate is too small';
    case 'oscillating':
      if (cause === 'observed' || cause === 'rate-too-small') return 'Oscillating: the loss rises and falls instead of settling';
      return 'Oscillating: the learning rate is too large to settle';
    case 'diverged':
      if (cause === 'observed') return 'Diverged: the loss grew instead of falling';
      return 'Diverged: the learning rate is too large';
    default:
      return assertNever(verdict);
  }
}

/** The bound that applies, named: "1/λmax = 1 (full batch)", "0.12 (for batches of 1)". */
export function boundPhrase(j: Judgment): string | null {
  if (j.bound === null) return null;
  return j.regime === 'full-batch' ? `${n(j.bound)} (1/λmax, full batch)` : `${n(j.bound)} (for batches of ${formatCount(j.smallestBatch)})`;
}

/** The bound beside a rate it is compared with, in enough digits to tell them apart. */
function boundBeside(j: Judgment, lr: number): string | null {
  if (j.bound === null) return null;
  const b = formatBeside(j.bound, lr);
  return j.regime === 'full-batch' ? `${b} (1/λmax, full batch)` : `${b} (for batches of ${formatCount(j.smallestBatch)})`;
}

const epochsPhrase = (e: number | null): string => (e === null ? 'an unknown number of epochs' : Number.isFinite(e) ? `about ${formatCount(e)} ${e === 1 ? 'epoch' : 'epochs'}` : 'forever');

/** Why the verdict holds, in one to three sentences a learner can act on. */
export function verdictReason(f: RunWordingFacts): string {
  const j = f.judgment;
  if (j.basis === 'logistic') return logisticReason(f);
  if (j.basis === 'observed') return observedReason(f);
  if (j.basis === 'momentum') return momentumReason(f);
  const lr = n(f.learningRate);
  const batches = batchPhrase(j.regime, f.batchSize);
  const rowsWord = j.smallestBatch === 1 ? 'row' : 'rows';
  const tailNote = j.regime === 'stochastic' && j.smallestBatch < f.batchSize ? ` The last batch of each epoch holds only ${formatCount(j.smallestBatch)} ${rowsWord} and still takes a full step, so the bound and the suggestion are for ${formatCount(j.smallestBatch)} ${rowsWord}.` : '';
  const gap = f.finalLoss !== null && j.optimalLoss > 0 ? formatPercent((f.finalLoss - j.optimalLoss) / j.optimalLoss) : null;
  const factor = formatBeside(Math.abs(1 - 2 * f.learningRate * f.lambdaMax), 1);
  switch (j.verdict) {
    case 'converged': {
      const within =
        j.tolerance === 0 ? `at the best reachable loss ${n(j.optimalLoss)}` : j.optimalLoss > 0 ? `within ${formatPercent(j.tolerance / j.optimalLoss)} of the best reachable loss ${n(j.optimalLoss)}` : `within ${n(j.tolerance)} of the best reachable loss 0 (the data lie on a line)`;
      const fromStart = j.epoch === 0 ? ` It was there from the start: the starting weights (all 0) already fit almost as well as the best (L₀ = ${n(f.startLoss)}).` : '';
      const above = j.bound !== null && f.learningRate > j.bound ? ` The rate is above the stable bound ${boundBeside(j, f.learningRate)}; it does not diverge only because the starting weights are already the best along the steepest direction.` : '';
      if (j.regime === 'full-batch') {
        const zigzag = j.overshoots && !above ? ` Each step overshoots along the steepest direction (above 1/(2λmax) = ${n(1 / (2 * f.lambdaMax))}), but the zig-zag shrinks ×${factor} per epoch.` : '';
        const when = j.epoch === 0 ? 'from the start' : `at epoch ${formatCount(j.epoch ?? 0)} and stayed there`;
        return `The loss settled ${within} ${when}.${zigzag}${above}`;
      }
      const floor = j.optimalLoss > 0 && Number.isFinite(j.noiseFloor) ? ` At this rate the noise of ${batchPhrase(j.regime, f.batchSize)} keeps it about ${formatPercent(j.noiseFloor / j.optimalLoss)} above the best on average; a smaller rate or larger batches settle lower.` : '';
      const averaged = j.smoothing > 1 ? ` (averaged over ${formatCount(j.smoothing)} epochs)` : '';
      return `From epoch ${formatCount(j.epoch ?? 0)} on, the loss${averaged} stayed ${within}.${fromStart}${floor}`;
    }
    case 'diverged': {
      const passed = j.epoch !== null ? ` The loss passed its starting value ${n(f.startLoss)} at epoch ${formatCount(j.epoch)}.` : j.predictedDivergenceEpoch !== null ? ` It does not show yet: the loss would pass its starting value around epoch ${formatCount(j.predictedDivergenceEpoch)}.` : '';
      const overflow = j.overflowEpoch !== null ? ` It overflowed at epoch ${formatCount(j.overflowEpoch)}.` : '';
      if (!Number.isFinite(f.lambdaMax)) return `The features are so large that their curvature overflows: every positive learning rate diverges.${passed}${overflow} Set "normalize": "zscore".`;
      if (j.regime === 'full-batch' && j.bound !== null && f.learningRate > j.bound) {
        return `learningRate ${lr} is above the stable bound ${boundBeside(j, f.learningRate)}: each step multiplies the error along the steepest direction by |1 − 2·lr·λmax| = ${factor} > 1, so the loss grows without limit.${passed}${overflow}`;
      }
      const most = j.smoothing > 1 ? `over the last ${formatCount(j.smoothing)} epochs the loss is mostly above where it started` : 'the loss ends above where it started';
      return `With ${batches} the steps overshoot so far that ${most}.${passed}${overflow}${j.bound !== null ? ` The stable bound is ${boundPhrase(j)}.` : ''}${tailNote}`;
    }
    case 'oscillating': {
      const spike = j.epoch !== null ? ` The loss jumped above its start at epoch ${formatCount(j.epoch)}.` : '';
      if (j.cause === 'conditioning') return `learningRate ${lr} is above the suggested ${n(j.suggested ?? NaN)}, but the rate is not what holds it back. ${scalesSentence(j, f)}`;
      if (j.cause === 'noise') {
        const average = Number.isFinite(j.noiseFloor) && j.optimalLoss > 0 ? `about ${formatPercent(j.noiseFloor / j.optimalLoss)} above it on average` : 'with no level it settles at';
        return `With ${batches} at learningRate ${lr} the steps' noise keeps the loss jumping around above the best reachable ${n(j.optimalLoss)} (${average}) instead of settling. Larger batches or a smaller rate settle closer.${spike}${tailNote}`;
      }
      if (j.regime === 'full-batch' && j.bound !== null && f.learningRate > j.bound * 1.000001) {
        return `learningRate ${lr} is above the stable bound ${boundBeside(j, f.learningRate)}: an error along the steepest direction would grow ×${factor} per epoch. This start has none to grow, but the loss has not settled either.`;
      }
      if (j.regime === 'full-batch' && j.bound !== null && f.learningRate >= j.bound * 0.999999) {
        return `learningRate ${lr} is on the stable bound ${boundBeside(j, f.learningRate)}: the error along the steepest direction flips sign every epoch at the same size (×|1 − 2·lr·λmax| = 1), so the loss never settles.`;
      }
      if (j.regime === 'full-batch') {
        const bounce = `every step jumps past the minimum along the steepest direction (as at any rate above 1/(2λmax) = ${n(1 / (2 * f.lambdaMax))}), so the weights bounce from one side of the best weights to the other (×${factor} per epoch)`;
        if (j.cause === 'epochs') {
          const best = j.suggestionBasis === 'fastest' ? `the fastest constant rate on this data, ${n(j.suggestedExact ?? NaN)}, ${epochsPhrase(j.epochsNeededAtBest)}` : `the suggested ${n(j.suggested ?? NaN)} ${epochsPhrase(j.epochsNeededAtSuggestion)}`;
          return `learningRate ${lr} is a little above the suggested rate: ${bounce}. It needs ${epochsPhrase(j.epochsNeeded)}, and ${best}: add epochs.`;
        }
        return `learningRate ${lr} is too large: ${bounce}, and that bouncing sets the pace. At this rate it needs ${epochsPhrase(j.epochsNeeded)}; at ${n(j.suggested ?? NaN)}, ${epochsPhrase(j.epochsNeededAtSuggestion)}.`;
      }
      if (j.bound !== null && f.learningRate >= j.bound * 0.999999) {
        const onBound = f.learningRate <= j.bound;
        const what = onBound ? 'on the stable bound' : 'above the stable bound';
        const effect = onBound ? 'steps on the largest examples flip their error’s sign at the same size, so the loss never settles' : 'steps on the largest examples overshoot, so the loss jumps around instead of settling';
        return `learningRate ${lr} is ${what} ${boundBeside(j, f.learningRate)}: ${effect}.${spike}${tailNote}`;
      }
      if (j.cause === 'epochs') {
        return `learningRate ${lr} is above the suggested ${n(j.suggested ?? NaN)} for ${batches}, which would need no fewer epochs here (${epochsPhrase(j.epochsNeededAtSuggestion)}, against ${epochsPhrase(j.epochsNeeded)} at this rate); the loss has not settled in ${formatCount(f.epochs)} epochs: add epochs.${spike}${tailNote}`;
      }
      return `learningRate ${lr} is above the suggested ${n(j.suggested ?? NaN)} for ${batches}: larger steps do not converge faster, they overshoot on the largest examples and add noise; the loss has not settled in ${formatCount(f.epochs)} epochs.${spike}${tailNote}`;
    }
    case 'too-slow': {
      const left = gap !== null ? ` (${gap} above the best reachable ${n(j.optimalLoss)})` : '';
      const still = `The loss is still falling at epoch ${formatCount(f.epochs)}${left}.`;
      const here = `At learningRate ${lr} it needs ${epochsPhrase(j.epochsNeeded)}`;
      switch (j.cause) {
        case 'conditioning':
          return `${still} ${scalesSentence(j, f)}`;
        case 'rate-too-small':
          return `${still} ${here}; at the suggested ${n(j.suggested ?? NaN)}, ${epochsPhrase(j.epochsNeededAtSuggestion)}.`;
        default:
          return j.regime === 'full-batch'
            ? j.suggestionBasis === 'fastest'
              ? `${still} ${here}, and the fastest constant rate on this data ${epochsPhrase(j.epochsNeededAtBest)}: add epochs.`
              : `${still} ${here}, and the suggested rate no fewer: add epochs.`
            : `${still} ${here}; the suggested rate for these batches is no faster: add epochs.`;
      }
    }
    default:
      return assertNever(j.verdict);
  }
}

/** What keeps the closed form away, e.g. "Adam with step decay ×0.5 every 10 epochs", "momentum 0.9 on batches of 32". */
function withoutClosedForm(f: RunWordingFacts): string {
  const o = f.optimizer ?? { kind: 'sgd' };
  const s = f.schedule ?? { kind: 'constant', warmupEpochs: 0 };
  const scheduled = !(s.kind === 'constant' && s.warmupEpochs === 0);
  const parts = [o.kind === 'sgd' ? (scheduled ? 'plain gradient descent' : '') : optimizerPhrase(o), scheduled ? `with ${schedulePhrase(s)}` : ''].filter(Boolean);
  const batches = o.kind === 'momentum' && f.judgment.regime === 'stochastic' ? ` on ${batchPhrase(f.judgment.regime, f.batchSize)}` : '';
  return `${parts.join(' ')}${batches}`;
}

/** The share above L* of a loss, e.g. "12% above the best reachable loss 18.7". */
function aboveBest(loss: number | null, j: Judgment): string {
  if (loss === null) return 'not finite';
  if (j.optimalLoss > 0) return `${formatPercent((loss - j.optimalLoss) / j.optimalLoss)} above the best reachable loss ${n(j.optimalLoss)}`;
  return `${n(loss - j.optimalLoss)} above the best reachable loss ${n(j.optimalLoss)}`;
}

/** The reason of a run no closed form describes (Adam, a schedule, momentum on batches): what the losses did, and that no bound applies. */
function observedReason(f: RunWordingFacts): string {
  const j = f.judgment;
  const basis = ` The stable bound and the suggested rate of plain descent do not apply to ${withoutClosedForm(f)}, and no closed form replaces them, so this verdict is based on the losses alone, against the best reachable loss (which depends on the data only).`;
  const within = j.optimalLoss > 0 ? `within ${formatPercent(j.tolerance / j.optimalLoss)} of the best reachable loss ${n(j.optimalLoss)}` : `within ${n(j.tolerance)} of the best reachable loss 0 (the data lie on a line)`;
  const averaged = j.smoothing > 1 ? ` (averaged over ${formatCount(j.smoothing)} epochs)` : '';
  switch (j.verdict) {
    case 'converged':
      return `From epoch ${formatCount(j.epoch ?? 0)} on, the loss${averaged} stayed ${within}.${basis}`;
    case 'diverged': {
      const passed = j.epoch !== null ? ` It passed its starting value ${n(f.startLoss)} at epoch ${formatCount(j.epoch)}.` : '';
      const overflow = j.overflowEpoch !== null ? ` It overflowed at epoch ${formatCount(j.overflowEpoch)}.` : '';
      const ends = j.overflowEpoch !== null ? 'The loss grew without limit.' : j.smoothing > 1 ? `Over the last ${formatCount(j.smoothing)} epochs the loss is mostly above where it started.` : 'The loss ends above where it started.';
      return `${ends}${passed}${overflow}${basis}`;
    }
    case 'oscillating':
      return `In the second half of the run the loss rose ${formatCount(j.rises)} times by more than ${n(j.tolerance)} instead of settling; it ends ${aboveBest(f.finalLoss, j)}.${basis}`;
    case 'too-slow': {
      const losses = f.trainLoss ?? [];
      const last = losses.length - 1;
      const back = losses[Math.max(0, last - Math.max(1, j.smoothing))];
      const trend = last > 0 && back !== undefined && f.finalLoss !== null ? (f.finalLoss < back ? ' and still falling' : ' and no longer falling') : '';
      return `After ${formatCount(f.epochs)} epochs the loss is ${aboveBest(f.finalLoss, j)}${trend}: it has not settled within ${n(j.tolerance)} of it.${basis}`;
    }
    default:
      return assertNever(j.verdict);
  }
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
      return `The best reachable log loss L* = ${n(j.optimalLoss)} nats is the minimum found by Newton's method on the training rows.`;
    case 'separable':
      return 'The classes are separable: some weights put every training row on its own class’s side, so the log loss has no minimum. It keeps falling toward 0 as those weights grow, and no best reachable loss is declared.';
    case 'unbounded':
      return 'Newton’s method found no finite optimum: its weights grew without bound while the loss kept falling, though no weights separated every row (some rows tie on the boundary: quasi-complete separation), so no best reachable loss is declared.';
    case 'unknown':
      return 'Newton’s method did not settle whether the log loss has a finite optimum (it is not run for more than 63 features, and stops after a bounded number of passes over a large dataset), so no best reachable loss is declared.';
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
  const accuracy = l?.finalAccuracy !== null && l?.finalAccuracy !== undefined ? ` Training accuracy: ${accuracyPhrase(l.finalAccuracy)}.` : '';
  const optimum = ` ${logisticOptimumSentence(j)}`;
  const bound =
    j.bound !== null
      ? ` Plain full-batch descent is guaranteed to lower the loss at every step below 8/λmax = ${formatBeside(j.bound, f.learningRate)} (the log loss’s curvature is at most λmax/4, a quarter of the features’ second-moment matrix’s largest eigenvalue, since σ′ ≤ 1/4): a sufficient bound, not the exact threshold.`
      : ` The log loss’s smoothness bound 8/λmax is for plain full-batch descent at a constant rate; it does not apply to ${logisticSetting(f)}, and no closed form replaces it, so this verdict reads the losses.`;
  const local = l?.localBound !== null && l?.localBound !== undefined ? ` At the optimum the curvature is smaller: descent settles there below 2/λmax(H*) = ${formatBeside(l.localBound, f.learningRate)}.` : '';
  const averaged = j.smoothing > 1 ? ` (averaged over ${formatCount(j.smoothing)} epochs)` : '';
  switch (j.verdict) {
    case 'converged': {
      if (finite) return `From epoch ${formatCount(j.epoch ?? 0)} on, the log loss${averaged} stayed within ${formatPercent(j.tolerance / j.optimalLoss)} of the best reachable loss ${n(j.optimalLoss)}.${accuracy}${optimum}${bound}`;
      if (l?.optimum === 'separable') {
        return `Every training row is classified right from epoch ${formatCount(j.epoch ?? 0)} on (training accuracy 100%). The loss keeps falling toward 0 (${f.finalLoss === null ? 'not finite' : n(f.finalLoss)} at epoch ${formatCount(f.epochs)}): the classes are separable, so the log loss has no minimum and no best reachable loss is declared. More epochs only scale the weights up, sharpening the probabilities, while the boundary’s direction changes ever more slowly.${bound}`;
      }
      return `Training accuracy stayed at its best from epoch ${formatCount(j.epoch ?? 0)} on, for at least the second half of the run; the loss is still falling (${f.finalLoss === null ? 'not finite' : n(f.finalLoss)}).${accuracy}${optimum}${bound}`;
    }
    case 'diverged': {
      const passed = j.epoch !== null ? ` It passed its starting value ${n(f.startLoss)} (ln 2: every probability ½ at weights 0) at epoch ${formatCount(j.epoch)}.` : '';
      const overflow = j.overflowEpoch !== null ? ` It overflowed at epoch ${formatCount(j.overflowEpoch)}.` : '';
      const above = j.bound !== null && f.learningRate > j.bound ? ` learningRate ${lr} is above the guaranteed bound ${formatBeside(j.bound, f.learningRate)}.` : '';
      const ends = j.smoothing > 1 ? `Over the last ${formatCount(j.smoothing)} epochs the log loss is mostly above where it started.` : 'The log loss ends above where it started.';
      return `${ends}${passed}${overflow}${above}${optimum}${bound}`;
    }
    case 'oscillating': {
      if (finite && l?.localBound !== null && l?.localBound !== undefined && j.bound !== null && f.learningRate >= l.localBound * 0.999999) {
        return `learningRate ${lr} is at or above the local bound at the optimum, 2/λmax(H*) = ${formatBeside(l.localBound, f.learningRate)}: near the best weights each full-batch step multiplies the error along the steepest direction by |1 − lr·λmax(H*)| ≥ 1, so descent cannot settle there. It ends ${logisticAbove(f.finalLoss, j)}.${accuracy}${optimum}${bound}`;
      }
      return `In the second half of the run the log loss rose ${formatCount(j.rises)} times by more than ${n(j.tolerance)} instead of settling; it ends ${logisticAbove(f.finalLoss, j)}.${accuracy}${optimum}${bound}${local}`;
    }
    case 'too-slow': {
      const losses = f.trainLoss ?? [];
      const last = losses.length - 1;
      const back = losses[Math.max(0, last - Math.max(1, j.smoothing))];
      const trend = last > 0 && back !== undefined && f.finalLoss !== null ? (f.finalLoss < back ? ' and still falling' : ' and no longer falling') : '';
      const separated = !finite && l?.optimum === 'separable' ? ' Not every training row is classified right yet.' : '';
      const advice =
        j.cause === 'rate-too-small'
          ? ` A larger rate keeps the guarantee: the suggested ${n(j.suggested ?? NaN)} (4/λmax, half the bound).`
          : j.cause === 'epochs'
            ? ' The rate already takes guaranteed steps as large as the suggestion’s: add epochs.'
            : '';
      return `After ${formatCount(f.epochs)} epochs the log loss is ${logisticAbove(f.finalLoss, j)}${trend}.${separated}${accuracy}${advice}${optimum}${bound}${local}`;
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
  const parts = [o.kind === 'sgd' ? 'plain gradient descent' : optimizerPhrase(o), scheduled ? `with ${schedulePhrase(s)}` : ''].filter(Boolean);
  const batches = f.judgment.regime === 'stochastic' ? ` on ${batchPhrase(f.judgment.regime, f.batchSize)}` : '';
  return `${parts.join(' ')}${batches}`;
}

/** "3.1% above the best reachable loss 0.5214", or for data without one "0.0123 nats". */
function logisticAbove(loss: number | null, j: Judgment): string {
  if (loss === null) return 'not finite';
  if (j.logistic?.optimum === 'finite' && j.optimalLoss > 0) return `${formatPercent((loss - j.optimalLoss) / j.optimalLoss)} above the best reachable loss ${n(j.optimalLoss)}`;
  return `at ${n(loss)} nats`;
}

/** The reason of a momentum run on full batches at a constant rate, judged by the closed form of its recurrence. */
function momentumReason(f: RunWordingFacts): string {
  const j = f.judgment;
  const o = f.optimizer ?? { kind: 'sgd' };
  const name = o.kind === 'momentum' ? optimizerPhrase(o) : 'momentum';
  const formula = o.kind === 'momentum' && o.nesterov ? '(1 + μ)/((1 + 2μ)·λmax)' : '(1 + μ)/λmax';
  const lr = n(f.learningRate);
  const bound = j.bound !== null ? `${formatBeside(j.bound, f.learningRate)} (${formula}, full batch)` : 'unknown';
  const radius = j.spectralRadius !== null ? formatBeside(j.spectralRadius, 1) : null;
  const shrink = radius !== null ? ` (the slowest direction shrinks ×${radius} per epoch)` : '';
  const needs =
    j.cause === 'rate-too-small' || j.cause === 'rate-too-large'
      ? ` At learningRate ${lr} it needs ${epochsPhrase(j.epochsNeeded)}; at the suggested ${n(j.suggested ?? NaN)}, ${epochsPhrase(j.epochsNeededAtSuggestion)}.`
      : j.epochsNeeded !== null
        ? ` At learningRate ${lr} it needs ${epochsPhrase(j.epochsNeeded)}, and the suggested rate no fewer: add epochs.`
        : '';
  switch (j.verdict) {
    case 'converged':
      return `With ${name} the loss settled within ${j.optimalLoss > 0 ? formatPercent(j.tolerance / j.optimalLoss) : n(j.tolerance)} of the best reachable loss ${n(j.optimalLoss)} at epoch ${formatCount(j.epoch ?? 0)} and stayed there to the end of the run${shrink}.`;
    case 'diverged': {
      const passed = j.epoch !== null ? ` The loss passed its starting value ${n(f.startLoss)} at epoch ${formatCount(j.epoch)}.` : j.predictedDivergenceEpoch !== null ? ` It does not show yet: the loss would pass its starting value around epoch ${formatCount(j.predictedDivergenceEpoch)}.` : '';
      const overflow = j.overflowEpoch !== null ? ` It overflowed at epoch ${formatCount(j.overflowEpoch)}.` : '';
      if (j.bound !== null && f.learningRate > j.bound) {
        return `learningRate ${lr} is above the stable bound of ${name}, ${bound}: the error along the fastest-growing direction of the loss grows${radius !== null ? ` ×${radius} per epoch` : ''}, so the loss grows without limit.${passed}${overflow}`;
      }
      return `With ${name} the loss grew without limit.${passed}${overflow}${j.bound !== null ? ` The stable bound is ${bound}.` : ''}`;
    }
    case 'oscillating':
      if (j.bound !== null && f.learningRate >= j.bound * 0.999999) {
        return `learningRate ${lr} is on the stable bound of ${name}, ${bound}: the error along the steepest direction flips sign every epoch at the same size, so the loss never settles.`;
      }
      if (j.leavesBandLater) {
        return `With ${name} at learningRate ${lr} the loss is within ${n(j.tolerance)} of the best reachable loss ${n(j.optimalLoss)} at epoch ${formatCount(f.epochs)}, but it has not settled: the weights still swing past the best ones and back${shrink}, and the exact full-batch dynamics take the loss out of that band again after the last epoch.${needs}`;
      }
      return `With ${name} at learningRate ${lr} the loss rose ${formatCount(j.rises)} times by more than ${n(j.tolerance)} in the second half of the run: the weights swing past the best ones and back${shrink}. It ends ${aboveBest(f.finalLoss, j)}.${needs}`;
    case 'too-slow':
      return `With ${name} the loss is still ${aboveBest(f.finalLoss, j)} at epoch ${formatCount(f.epochs)}${shrink}.${needs}`;
    default:
      return assertNever(j.verdict);
  }
}

/** Why the scales, not the rate, hold a run back, and the fix. */
function scalesSentence(j: Judgment, f: RunWordingFacts): string {
  return `The features’ scales differ so much that the flattest direction crawls: the condition number κ = λmax/λmin is ${n(f.conditionNumber)}, so even the suggested rate needs ${epochsPhrase(j.epochsNeededAtSuggestion)}. Z-scoring the features makes κ ${n(f.conditionNumberZscored)}: set "normalize": "zscore".`;
}

/** The Problems entry on `learningRate`, e.g. "Diverged: learningRate 1.5 is above the stable bound …". */
export function verdictProblemMessage(f: RunWordingFacts): string {
  return `${verdictHeadline(f.judgment.verdict, f.judgment.cause)}. ${verdictReason(f)}`;
}

/** A quick fix's title, e.g. "Set learningRate to 0.49 (suggested)". */
export function fixTitle(key: string, value: number | string, why: 'suggested' | 'needed' | 'scales'): string {
  // A count is written whole (the edit writes 12345; four significant digits would show 12,350).
  const shown = typeof value === 'number' ? (key === 'epochs' ? formatCount(value) : n(value)) : JSON.stringify(value);
  const note = why === 'suggested' ? 'suggested' : why === 'needed' ? 'the epochs this rate needs' : 'evens out the features’ scales';
  return `Set ${key} to ${shown} (${note})`;
}
