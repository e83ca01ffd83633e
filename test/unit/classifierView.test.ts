import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { runTraining } from '../../src/core/run';
import { classifierViewData, projectionStatement, shownFeatures, thinIndices } from '../../src/chart/classifierData';
import { buildModelSpecs } from '../../src/chart/modelSpec';
import { modelViewsOf } from '../../src/chart/modelViews';
import { MAX_ACCURACY_POINTS } from '../../src/shared/modelView';
import { panelReport } from '../../src/shared/protocol';
import type { RunReport } from '../../src/shared/report';
import { fillView, specDatasets } from '../../webview/chart';
import { accuracySummary, classSummary, logisticBestReachable, logisticEquation, logisticRateSummary } from '../../webview/classifierDetails';
import { accuracyFrame, boundarySegment, classifierFrame, drawnModel, positiveSide, sigmoid, sigmoidCurve } from '../../webview/classifierView';
import { verdictEvidence } from '../../webview/state';
import { configText } from './helpers';

const ALL = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const penguins = (features: string[], o: Record<string, unknown> = {}, model: Record<string, unknown> = { positive: 'Adelie', negative: 'Chinstrap' }): RunReport =>
  runTraining(configText({ model: { logistic: model }, data: { dataset: 'penguins', features, label: 'Species' }, learningRate: 2.5, epochs: 30, validationSplit: 0.2, normalize: 'zscore', seed: 0, ...o }), { geometry: true });

const two = penguins(['Flipper Length (mm)', 'Body Mass (g)']);
const one = penguins(['Flipper Length (mm)']);
const four = penguins(ALL, { learningRate: 1 });
const separable = penguins(['Beak Depth (mm)', 'Flipper Length (mm)'], {}, { positive: 'Gentoo' });

const data = (r: RunReport) => {
  const d = classifierViewData(r);
  if (!d) throw new Error('no classifier view');
  return d;
};

const inside = ([x, y]: [number, number], xs: [number, number], ys: [number, number]) => x >= xs[0] - 1e-9 && x <= xs[1] + 1e-9 && y >= ys[0] - 1e-9 && y <= ys[1] + 1e-9;

describe('the classifier view data', () => {
  it('carries the points in the features’ units, the model per recorded epoch and the accuracy per epoch', () => {
    const d = data(two);
    expect(d.shown).toEqual([0, 1]);
    expect(d.projection).toBeNull();
    expect(d.points.x.length).toBe(two.classification!.points.x.length);
    expect(d.points.x.every((row) => row.length === 2)).toBe(true);
    // Flipper lengths in mm, body masses in grams: raw units, not z-scores.
    expect(Math.min(...d.points.x.map((r) => r[0]!))).toBeGreaterThan(150);
    expect(Math.min(...d.points.x.map((r) => r[1]!))).toBeGreaterThan(2000);
    expect(d.history.epochs).toEqual(two.history!.snapshots.map((s) => s.epoch));
    // The last snapshot converted to the features' units is the report's final model.
    const last = d.history.epochs.length - 1;
    d.history.weights[last]!.forEach((w, j) => expect(w).toBeCloseTo(two.weights[j]!, 9));
    expect(d.history.bias[last]).toBeCloseTo(two.bias!, 6);
    expect(d.accuracy.train).toEqual(two.history!.trainAccuracy);
    expect(d.accuracy.validation).toEqual(two.history!.validationAccuracy);
    expect(d.accuracy.epochs).toEqual(two.history!.trainAccuracy!.map((_, e) => e));
    expect(d.positive).toBe('Adelie');
    expect(d.negative).toBe('Chinstrap');
  });

  it('thins a long accuracy history evenly, keeping the first and last epoch', () => {
    expect(thinIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(thinIndices(11, 4)).toEqual([0, 3, 7, 10]);
    const idx = thinIndices(10_001, MAX_ACCURACY_POINTS);
    expect(idx).toHaveLength(MAX_ACCURACY_POINTS);
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(10_000);
    expect(idx.every((v, k) => k === 0 || v > idx[k - 1]!)).toBe(true);
    const long = penguins(['Flipper Length (mm)', 'Body Mass (g)'], { epochs: 2500 });
    const d = data(long);
    expect(d.accuracy.epochs.length).toBeLessThanOrEqual(MAX_ACCURACY_POINTS);
    expect(d.accuracy.epochs.at(-1)).toBe(2500);
    expect(d.accuracy.train.at(-1)).toBe(long.history!.trainAccuracy!.at(-1));
    const k = d.accuracy.epochs[400]!;
    expect(d.accuracy.train[400]).toBe(long.history!.trainAccuracy![k]);
  });

  it('sends no classifier view for linear regression, and no landscape for logistic, saying why', () => {
    const views = modelViewsOf(two, 3);
    expect(views.classifier).not.toBeNull();
    expect(views.model).toBeNull();
    expect(views.landscape).toBeNull();
    expect(views.reason).toMatch(/drawn for linear regression, whose loss is a quadratic.*the log loss is not one/);
    const linear = runTraining(configText({ learningRate: 0.3 }), { geometry: true });
    expect(modelViewsOf(linear, 4).classifier).toBeUndefined();
  });
});

describe('the decision boundary over the scatter (two features)', () => {
  it('draws the boundary w·x + b = 0 as a segment inside the frame, at the scrubbed epoch and the final one', () => {
    const d = data(two);
    const lastIndex = d.history.epochs.length - 1;
    for (const i of [1, 3, lastIndex]) {
      const f = classifierFrame(d, i);
      expect(f.spec).toBe('boundary');
      const w = d.history.weights[i]!.map(Number);
      const b = d.history.bias[i]!;
      const line = f.data.line as { x: number; y: number }[];
      expect(line).toHaveLength(2);
      for (const p of line) {
        expect(inside([p.x, p.y], f.signals.xDomain, f.signals.yDomain)).toBe(true);
        // On the boundary: z = 0 there, relative to z's size over the frame.
        const scale = Math.abs(w[0]! * f.signals.xDomain[1]) + Math.abs(w[1]! * f.signals.yDomain[1]) + Math.abs(b);
        expect(Math.abs(w[0]! * p.x + w[1]! * p.y + b) / scale).toBeLessThan(1e-9);
      }
      expect(f.data.final).toHaveLength(2);
    }
    const early = classifierFrame(d, 1).data.line as { x: number; y: number }[];
    const late = classifierFrame(d, lastIndex).data.line as { x: number; y: number }[];
    expect(early).not.toEqual(late);
    expect(classifierFrame(d, lastIndex).data.final).toEqual(classifierFrame(d, 1).data.final);
    expect(classifierFrame(d, lastIndex).equation).toMatch(/^P\(Species = Adelie\) = σ\(−0\.2\d* × Flipper Length \(mm\) \+ 0\.001\d* × Body Mass \(g\) \+ 36\.\d+\)$/);
  });

  it('says on which side of the line the positive class is predicted, as the points there are', () => {
    const d = data(two);
    const f = classifierFrame(d, d.history.epochs.length - 1);
    // Final weights: w(flipper) < 0, w(mass) > 0: z grows upwards, so Adelie is above the line.
    expect(f.side).toBe('Adelie is predicted above the line (p > ½), Chinstrap below it');
    const line = f.data.line as { x: number; y: number }[];
    const slope = (line[1]!.y - line[0]!.y) / (line[1]!.x - line[0]!.x);
    const { weights, bias } = drawnModel(d, d.history.epochs.length - 1);
    // A point above the line has z > 0.
    const x = (line[0]!.x + line[1]!.x) / 2;
    const y = line[0]!.y + slope * (x - line[0]!.x) + 100;
    expect(weights[0]! * x + weights[1]! * y + bias).toBeGreaterThan(0);
    expect(positiveSide(1, -2)).toBe('below');
    expect(positiveSide(-1, 0)).toBe('left of');
    expect(positiveSide(0, 0)).toBeNull();
    expect(classifierFrame(d, 0).side).toBeNull();
  });

  it('colours the points by class and marks the held-out rows', () => {
    const d = data(two);
    const points = classifierFrame(d, 2).data.points as { series: string; set: string; y: number }[];
    expect(points).toHaveLength(d.points.y.length);
    expect(points.filter((p) => p.series === '1').length).toBe(d.points.y.filter((y) => y === 1).length);
    expect(points.filter((p) => p.set === 'held-out row').length).toBe(d.points.validation.filter(Boolean).length);
    expect(points.filter((p) => p.set === 'held-out row').length).toBe(two.data!.validationRows);
  });

  it('says when the weights are 0 at the start: no boundary', () => {
    const f = classifierFrame(data(two), 0);
    expect(f.data.line).toEqual([]);
    expect(f.offChart).toMatch(/weights are 0.*p = 0\.5, there is no boundary/);
  });

  it('clips a line to the frame, vertical ones too, and misses outside it', () => {
    expect(boundarySegment(1, 1, -1, [0, 1], [0, 1])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(boundarySegment(2, 0, -1, [0, 1], [0, 5])).toEqual([
      [0.5, 0],
      [0.5, 5],
    ]);
    expect(boundarySegment(1, 0, -3, [0, 1], [0, 5])).toBeNull();
    expect(boundarySegment(0, 0, 1, [0, 1], [0, 1])).toBeNull();
    expect(boundarySegment(Infinity, 1, 0, [0, 1], [0, 1])).toBeNull();
  });

  it('a separable run is said to be one and its boundary separates the drawn training rows', () => {
    const d = data(separable);
    expect(d.optimum).toBe('separable');
    const last = d.history.epochs.length - 1;
    const { weights, bias } = drawnModel(d, last);
    d.points.x.forEach((row, k) => {
      if (d.points.validation[k]) return;
      const z = weights[0]! * row[0]! + weights[1]! * row[1]! + bias;
      expect(z > 0).toBe(d.points.y[k] === 1);
    });
    expect(d.negative).toBe('not Gentoo');
  });
});

describe('one feature: the probability curve over the points at 0 and 1', () => {
  it('draws p = σ(wx + b) and the threshold x = −b/w where it crosses ½', () => {
    const d = data(one);
    const i = d.history.epochs.length - 1;
    const f = classifierFrame(d, i);
    expect(f.spec).toBe('sigmoid');
    const w = d.history.weights[i]![0]!;
    const b = d.history.bias[i]!;
    const curve = (f.data.curve as { series: string; x: number; y: number }[]).filter((p) => p.series.includes('at this epoch'));
    expect(curve.length).toBeGreaterThan(50);
    for (const p of curve) expect(p.y).toBeCloseTo(1 / (1 + Math.exp(-(w * p.x + b))), 12);
    const [t] = f.data.threshold as { x: number }[];
    expect(t!.x).toBeCloseTo(-b / w, 9);
    expect(sigmoid(w * t!.x + b)).toBeCloseTo(0.5, 12);
    expect(f.offChart).toBeNull();
    const points = f.data.points as { series: string; y: number }[];
    for (const p of points) expect(Math.abs(p.y - (p.series === '1' ? 1 : 0))).toBeLessThanOrEqual(0.06 + 1e-12);
    expect(f.signals.yTitle).toBe('P(Species = Adelie)');
  });

  it('computes σ without overflow and a curve across the domain', () => {
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    const c = sigmoidCurve(1, 0, [-2, 2], 5);
    expect(c.map(([x]) => x)).toEqual([-2, -1, 0, 1, 2]);
    expect(c[2]![1]).toBe(0.5);
    expect(sigmoidCurve(NaN, 0, [0, 1])).toEqual([]);
  });
});

describe('more than two features: two drawn, the others at their means', () => {
  it('draws the two features whose weight moves z most per standard deviation and says so', () => {
    const d = data(four);
    const pts = four.classification!.points.x;
    const sd = (j: number) => {
      const v = pts.map((r) => r[j]!);
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    };
    const effect = four.weights.map((w, j) => Math.abs(w) * sd(j));
    const top = [...effect.keys()].sort((a, b) => effect[b]! - effect[a]!).slice(0, 2).sort();
    expect(d.shown).toEqual(top);
    expect(shownFeatures(four.weights, pts)).toEqual(top);
    const others = ALL.filter((_, j) => !top.includes(j));
    expect(d.projection).toContain(`${ALL[top[0]!]} and ${ALL[top[1]!]}`);
    expect(d.projection).toContain(`${others[0]} and ${others[1]} held at their training means`);
    expect(projectionStatement(ALL.slice(0, 2), [0, 1])).toBeNull();
  });

  it('folds the undrawn features into the bias at their means, so the line is the model’s boundary there', () => {
    const d = data(four);
    const i = d.history.epochs.length - 1;
    const { weights, bias } = drawnModel(d, i);
    const full = d.history.weights[i]!.map(Number);
    const at = [...d.means];
    at[d.shown[0]!] = 190;
    at[d.shown[1]!] = 17;
    const z = full.reduce((s, w, j) => s + w * at[j]!, d.history.bias[i]!);
    expect(weights[0]! * 190 + weights[1]! * 17 + bias).toBeCloseTo(z, 9);
    const f = classifierFrame(d, i);
    expect(f.description).toContain('other features at their training means');
  });
});

describe('accuracy per epoch', () => {
  it('holds training and validation accuracy with the shown epoch marked, and says both in words', () => {
    const d = data(two);
    const f = accuracyFrame(d, 5);
    const series = f.data.series as { series: string; epoch: number; accuracy: number }[];
    expect(series.filter((p) => p.series === 'training accuracy')).toHaveLength(31);
    expect(series.filter((p) => p.series === 'validation accuracy')).toHaveLength(31);
    expect(f.data.marker).toEqual([expect.objectContaining({ epoch: 5 })]);
    expect(f.signals.yDomain).toEqual([0, 1]);
    const pct = (v: number) => `${new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 }).format(v * 100)}%`;
    expect(f.description).toContain(`at epoch 5 training ${pct(two.history!.trainAccuracy![5]!)}, validation ${pct(two.history!.validationAccuracy![5]!)}`);
    expect(f.description).toContain(`after epoch 30 training ${pct(two.accuracy!.train)}`);
  });
});

describe('drawn as the page draws them', () => {
  const specs = buildModelSpecs();
  async function draw(spec: object | undefined, content: { data: object; signals: object; description: string }) {
    if (!spec) throw new Error('no spec');
    const view = new vega.View(vega.parse(spec as vega.Spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
    fillView(view, specDatasets(spec), content);
    await view.runAsync();
    return view;
  }

  it('the boundary, sigmoid and accuracy specs take their frames’ datasets and signals', async () => {
    const d = data(two);
    const b = await draw(specs.boundary, classifierFrame(d, 4));
    expect(b.data('line')).toHaveLength(2);
    expect(b.data('points')).toHaveLength(d.points.y.length);
    expect(b.signal('positiveName')).toBe('Adelie');
    const s = await draw(specs.sigmoid, classifierFrame(data(one), 10));
    expect(s.data('threshold')).toHaveLength(1);
    const a = await draw(specs.accuracy, accuracyFrame(d, 7));
    expect(a.data('marker')).toEqual([expect.objectContaining({ epoch: 7 })]);
    expect(a.signal('accuracyLegend')).toEqual(['training accuracy', 'validation accuracy']);
    const alone = data(penguins(['Flipper Length (mm)', 'Body Mass (g)'], { validationSplit: 0 }));
    expect(alone.accuracy.validation).toBeNull();
    const f = accuracyFrame(alone, 3);
    expect(f.signals.accuracyLegend).toEqual(['training accuracy']);
    expect(f.description).toContain('training rows only (none held out)');
    expect((f.data.series as { series: string }[]).every((p) => p.series === 'training accuracy')).toBe(true);
  });
});

describe('the details of a logistic run', () => {
  it('name the model as a probability, the best reachable log loss, the bound as sufficient, the accuracy and the classes', () => {
    const r = panelReport(two);
    expect(logisticEquation('Species', 'Adelie', ['x'], [-2], 3)).toBe('P(Species = Adelie) = σ(−2 × x + 3)');
    expect(logisticBestReachable(r)).toMatch(/^best reachable L\* = 0\.503\d* nats \(the minimum on the training rows, found by Newton's method\)$/);
    expect(logisticBestReachable(panelReport(separable))).toBe('no finite optimum: the classes are separable, the loss keeps falling toward 0');
    expect(logisticBestReachable({ classification: { ...r.classification!, optimum: 'unbounded' }, optimalLoss: null })).toMatch(/^no finite optimum found/);
    expect(logisticRateSummary(r)).toMatch(/^2\.5 \(below 5\.2\d*, every full-batch step is guaranteed to lower the loss: a sufficient bound, not the exact limit\)$/);
    const sgd = panelReport(penguins(['Flipper Length (mm)', 'Body Mass (g)'], { batchSize: 16, learningRate: 0.2 }));
    expect(logisticRateSummary(sgd)).toMatch(/no closed-form bound applies/);
    expect(accuracySummary(r)).toBe('76% of the training rows and 72.73% of the held-out rows classified right (p > ½ predicts Adelie)');
    expect(classSummary(r)).toBe('Adelie coded 1 (151 rows), Chinstrap 0 (68 rows); 123 rows of Gentoo left out');
    expect(classSummary(panelReport(separable))).toMatch(/^Gentoo coded 1 \(\d+ rows\), every other value \(not Gentoo\) 0/);
    // κ of M is a quadratic's statement: a logistic run's evidence has none.
    expect(r.analysis?.conditionNumber).not.toBeNull();
    expect(verdictEvidence(r).map((e) => e.term)).not.toContain('Conditioning');
  });
});
