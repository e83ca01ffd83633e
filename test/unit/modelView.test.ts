import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { loadCars } from '../../src/core/data';
import { type Quadratic, clipPath, contourEllipse, lossGrid, planeLossFunction, planePoint, planeWindow, quadraticLoss } from '../../src/core/lab/landscape';
import { runTraining } from '../../src/core/run';
import { sampleCap, sampleIndices } from '../../src/core/run/geometry';
import { landscapeData } from '../../src/chart/landscapeData';
import { lossChartData } from '../../src/chart/lossData';
import { buildLossSpecs, chartStructure } from '../../src/chart/lossSpec';
import { modelViewData } from '../../src/chart/modelData';
import { buildModelSpecs } from '../../src/chart/modelSpec';
import { modelViewsOf } from '../../src/chart/modelViews';
import { EPOCH_MARKER_SIGNAL, type LandscapeData, MAX_MODEL_POINTS, type PlanePoint } from '../../src/shared/modelView';
import type { RunReport } from '../../src/shared/report';
import { fillView, specDatasets } from '../../webview/chart';
import { chartView } from '../../webview/chartView';
import { landscapeFrame } from '../../webview/landscapeView';
import { clipLine, modelFrame, predictions, sampleNote } from '../../webview/modelView';
import { DEFAULT_VIEW } from '../../webview/view';
import { parseHostMessage } from '../../webview/state';
import { configText } from './helpers';

const train = (o: Record<string, unknown>): RunReport => runTraining(configText(o), { geometry: true });

// The cars example (one feature, z-scored, full batch) at a zig-zag rate, a diverging one and a crawl.
const zigzag = train({ learningRate: 0.98 });
const diverging = train({ learningRate: 1.5 });
const crawl = train({ learningRate: 0.01 });
const twoFeatures = train({ learningRate: 0.3, data: { dataset: 'cars', features: ['Weight_in_lbs', 'Horsepower'], label: 'Miles_per_Gallon' } });

/** The cars rows as the data module loads them (raw units), independently of the run. */
function carsRows(features: string[]) {
  const { dataset } = loadCars({ features, label: 'Miles_per_Gallon' });
  if (!dataset) throw new Error('cars did not load');
  return dataset;
}

/** The loss of θ (trained coordinates) by brute force over the rows, z-scored with plain formulas. */
function bruteLoss(features: string[], theta: readonly number[]): number {
  const ds = carsRows(features);
  const d = features.length;
  const mean = features.map((_, j) => Array.from({ length: ds.rows }, (_, i) => ds.x[i * d + j]!).reduce((a, b) => a + b, 0) / ds.rows);
  const std = features.map((_, j) => Math.sqrt(Array.from({ length: ds.rows }, (_, i) => (ds.x[i * d + j]! - mean[j]!) ** 2).reduce((a, b) => a + b, 0) / ds.rows));
  let sum = 0;
  for (let i = 0; i < ds.rows; i++) {
    let p = theta[d]!;
    for (let j = 0; j < d; j++) p += theta[j]! * ((ds.x[i * d + j]! - mean[j]!) / std[j]!);
    sum += (p - ds.y[i]!) ** 2;
  }
  return sum / ds.rows;
}

const relClose = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('the loss landscape', () => {
  it('the grid from sufficient statistics is the loss on the data, point by point (one feature)', () => {
    const q = zigzag.geometry!.quadratic!;
    const window = planeWindow([q.optimum[0]!, q.optimum[1]!], [0, 0]);
    const n = 12;
    const grid = lossGrid(q, 'weights', window, n);
    const h = (2 * window.radius) / n;
    for (const [row, col] of [[0, 0], [3, 7], [6, 6], [11, 2], [11, 11]] as const) {
      const w = window.centre[0] - window.radius + (col + 0.5) * h;
      const b = window.centre[1] - window.radius + (row + 0.5) * h;
      relClose(grid[row * n + col]!, bruteLoss(['Weight_in_lbs'], [w, b]), 1e-9);
    }
    // θ = 0, the start, has loss E[y²]; the landscape's optimum has L*.
    relClose(quadraticLoss(q, [0, 0]), zigzag.history!.trainLoss[0]!, 1e-9);
    relClose(quadraticLoss(q, q.optimum), zigzag.optimalLoss!, 1e-12);
  });

  it('every contour point has its level as its loss on the data', () => {
    const q = zigzag.geometry!.quadratic!;
    const { a, b } = contourEllipse(q, 'weights', 50, 1e6, 12);
    a.forEach((w, i) => relClose(bruteLoss(['Weight_in_lbs'], [w, b[i]!]), q.optimalLoss + 50, 1e-9));
  });

  it('projects on the two steepest directions: a hand example', () => {
    const r = Math.SQRT1_2;
    const q: Quadratic = { eigenvalues: [4, 2, 1], eigenvectors: [[r, r, 0], [r, -r, 0], [0, 0, 1]], optimum: [1, 2, 3], optimalLoss: 5 };
    // θ − θ* = [2, 0, 7]: along v₁ 2/√2 = √2, along v₂ √2; the third direction is dropped.
    const p = planePoint(q, 'projected', [3, 2, 10]);
    relClose(p[0], Math.SQRT2, 1e-15);
    relClose(p[1], Math.SQRT2, 1e-15);
    // On the plane the loss is L* + λ₁a² + λ₂b² = 5 + 4·2 + 2·2; the whole loss adds λ₃·7².
    expect(planeLossFunction(q, 'projected')(p)).toBeCloseTo(17, 12);
    expect(quadraticLoss(q, [3, 2, 10])).toBeCloseTo(17 + 49, 12);
    const axis: Quadratic = { eigenvalues: [3, 1, 0.5], eigenvectors: [[1, 0, 0], [0, 0, 1], [0, 1, 0]], optimum: [1, 2, 3], optimalLoss: 0 };
    expect(planePoint(axis, 'projected', [4, 9, 1])).toEqual([3, -2]);
  });

  it('on the projected plane of two features the contours are the loss on the data', () => {
    const q = twoFeatures.geometry!.quadratic!;
    const loss = planeLossFunction(q, 'projected');
    for (const [a, b] of [[1, 0], [0, 2], [-3, 1.5]] as const) {
      const theta = q.optimum.map((t, i) => t + a * q.eigenvectors[0]![i]! + b * q.eigenvectors[1]![i]!);
      relClose(loss([a, b]), bruteLoss(['Weight_in_lbs', 'Horsepower'], theta), 1e-9);
    }
    const data = landscapeData(twoFeatures)!;
    expect(data.kind).toBe('projected');
    expect(data.note).toMatch(/projected/i);
    expect(data.note).toMatch(/eigenvectors of M/);
  });

  it('0.98 zig-zags across the minimum, 1.5 leaves the view at epoch 2, 0.01 crawls from the start without crossing', () => {
    const z = landscapeData(zigzag)!;
    expect(z.kind).toBe('weights');
    expect(z.exit).toBeNull();
    const side = (d: LandscapeData, i: number) => Math.sign((d.path.a[i]! - d.optimum[0]) * (d.path.a[0]! - d.optimum[0]) + (d.path.b[i]! - d.optimum[1]) * (d.path.b[0]! - d.optimum[1]));
    expect([1, 2, 3, 4, 5].map((i) => side(z, i))).toEqual([-1, 1, -1, 1, -1]);

    const d = landscapeData(diverging)!;
    expect(d.exit?.epoch).toBe(2);
    // Start and epoch 1 are in view, then the point where the path crosses the window's edge.
    expect(d.path.epochs).toEqual([0, 1, 2]);
    const edge = Math.max(Math.abs(d.path.a[2]! - d.optimum[0]), Math.abs(d.path.b[2]! - d.optimum[1]));
    relClose(edge, (d.xDomain[1] - d.xDomain[0]) / 2, 1e-12);

    const c = landscapeData(crawl)!;
    expect(c.exit).toBeNull();
    expect(c.path.a.every((_, i) => side(c, i) === 1)).toBe(true);
    const dist = (i: number) => Math.hypot(c.path.a[i]! - c.optimum[0], c.path.b[i]! - c.optimum[1]);
    expect(dist(c.path.a.length - 1)).toBeGreaterThan(0.3 * dist(0));
  });

  it('clips a path at the window edge where it first leaves', () => {
    const w = planeWindow([0, 0], [1, 0]);
    const pts: PlanePoint[] = [[1, 0], [-2, 0], [4, 0], [-8, 0]];
    const out = clipPath(w, [0, 1, 2, 3], pts);
    expect(out.exit).toEqual({ epoch: 2, point: [2.2, 0] });
    expect(out.points).toEqual([[1, 0], [-2, 0], [2.2, 0]]);
    expect(clipPath(w, [0, 1], [[1, 0], [NaN, NaN]]).exit).toEqual({ epoch: 1, point: [1, 0] });
  });

  it('costs O(grid): the grid does not read the rows', () => {
    const q = zigzag.geometry!.quadratic!;
    // A quadratic with no rows behind it gives the same grid: nothing but M, θ* and L* is read.
    const copy: Quadratic = JSON.parse(JSON.stringify(q));
    const w = planeWindow([q.optimum[0]!, q.optimum[1]!], [0, 0]);
    expect(lossGrid(copy, 'weights', w, 8)).toEqual(lossGrid(q, 'weights', w, 8));
  });
});


describe('the model view', () => {
  it('converts each recorded epoch to the data’s units exactly as the report converts its final weights', () => {
    const data = modelViewData(zigzag)!;
    const last = data.history.weights.length - 1;
    expect(data.history.weights[last]).toEqual(zigzag.weights);
    expect(data.history.bias[last]).toBe(zigzag.bias);
    // Raw weights on raw rows predict what the trained weights predict on z-scored rows.
    const ds = carsRows(['Weight_in_lbs']);
    const { mean, std } = zigzag.data!.normalization.features[0]!;
    zigzag.history!.snapshots.slice(0, 6).forEach((s, k) => {
      const raw = predictions(data, data.history.weights[k] as number[], data.history.bias[k]!);
      raw.forEach((p, i) => relClose(p, s.weights[0]! * ((ds.x[i]! - mean) / std) + s.bias, 1e-12));
    });
  });

  it('samples the training rows in their own units', () => {
    const sample = modelViewData(zigzag)!.sample;
    const ds = carsRows(['Weight_in_lbs']);
    expect(sample.rows).toBe(ds.rows);
    expect(sample.y).toEqual(Array.from(ds.y));
    sample.x.forEach((v, i) => relClose(v, ds.x[i]!, 1e-12));
  });

  it('thins a large dataset to at most 2,000 rows, evenly, and says so', () => {
    expect(sampleIndices(10, 4)).toEqual([0, 2, 5, 7]);
    expect(sampleIndices(3, 4)).toEqual([0, 1, 2]);
    expect(sampleCap(1)).toBe(MAX_MODEL_POINTS);
    expect(sampleCap(64)).toBe(500);
    const big = train({ learningRate: 0.1, epochs: 3, data: { synthetic: { samples: 9000, features: 40, noise: 0.5, seed: 3 } } });
    const data = modelViewData(big)!;
    expect(data.sample.rows).toBe(9000);
    expect(data.sample.y.length).toBe(800);
    expect(data.sample.x.length).toBe(800 * 40);
    expect(sampleNote(data)).toMatch(/Showing 800 of 9,000 training rows/);
    expect(sampleNote(modelViewData(zigzag)!)).toBeNull();
    expect(JSON.stringify(modelViewsOf(big, 1)).length).toBeLessThan(800_000);
  });

  it('clips the model line to the frame, and says where a diverged line went', () => {
    expect(clipLine(1, 0, [0, 10], [0, 5])).toEqual([[0, 0], [5, 5]]);
    expect(clipLine(0, 7, [0, 10], [0, 5])).toBeNull();
    expect(clipLine(NaN, 0, [0, 10], [0, 5])).toBeNull();
    const data = modelViewData(diverging)!;
    const end = modelFrame(data, data.history.epochs.length - 1);
    expect(end.offChart).toMatch(/line is (above|below) the frame|overflowed/);
    const start = modelFrame(data, 1);
    expect(start.offChart).toBeNull();
    expect(start.data.line).toHaveLength(2);
  });

  it('an overflowing run still gets both views: the path leaves at its first jump, the line is off the frame, an overflowed weight is said', () => {
    const blown = train({ learningRate: 1000 });
    expect(blown.stoppedEarly).toBe('non-finite');
    const views = JSON.parse(JSON.stringify(modelViewsOf(blown, 7)));
    expect(views.landscape.exit.epoch).toBe(1);
    expect(views.landscape.path.epochs).toEqual([0, 1]);
    // The loss overflowed first (the weights near 1e153 still are numbers): the line is far off the frame.
    const last = views.model.history.epochs.length - 1;
    expect(modelFrame(views.model, last).offChart).toMatch(/line is (above|below) the frame/);
    // A weight that did overflow has no line and says so.
    const broken = { ...views.model, history: { epochs: [0, 1], weights: [[0], [null]], bias: [0, null] } };
    expect(modelFrame(broken, 1).equation).toMatch(/overflowed at epoch 1/);
    expect(modelFrame(broken, 1).offChart).toBe('the weights overflowed');
  });

  it('several features: predicted against actual, with predictions off the frame counted', () => {
    const data = modelViewData(twoFeatures)!;
    const end = modelFrame(data, data.history.epochs.length - 1);
    expect(end.spec).toBe('predicted');
    expect(end.data.points?.length).toBe(data.sample.y.length);
    const d = modelViewData(train({ learningRate: 3, data: { dataset: 'cars', features: ['Weight_in_lbs', 'Horsepower'], label: 'Miles_per_Gallon' } }))!;
    expect(modelFrame(d, d.history.epochs.length - 1).offChart).toMatch(/predictions are outside the frame/);
  });
});

describe('drawn as the page draws them', () => {
  const specs = buildModelSpecs();
  async function draw(spec: object, content: { data: object; signals: object; description: string }) {
    const view = new vega.View(vega.parse(spec as vega.Spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
    fillView(view, specDatasets(spec), content);
    await view.runAsync();
    return view;
  }

  it('the landscape marks the shown epoch on the path, and the exit of a diverging run', async () => {
    const d = landscapeData(diverging)!;
    const frame = landscapeFrame(d, 1);
    const view = await draw(specs.landscape, frame);
    expect(view.data('current')).toHaveLength(1);
    expect(view.data('exit')).toEqual([expect.objectContaining({ text: 'leaves the view at epoch 2' })]);
    expect(view.data('path').length).toBe(3);
    expect(landscapeFrame(d, 5).inView).toBe(false);
    expect(landscapeFrame(d, 5).data.current).toEqual([]);
  });

  it('the model line moves with the epoch', async () => {
    const data = modelViewData(crawl)!;
    const early = await draw(specs.feature, modelFrame(data, 1));
    const late = await draw(specs.feature, modelFrame(data, data.history.epochs.length - 1));
    expect(early.data('line')).not.toEqual(late.data('line'));
    expect(early.data('points')).toHaveLength(398);
  });

  it('the loss chart puts its epoch marker where the scrubber says, and hides it at null', async () => {
    const data = lossChartData(zigzag, []);
    const shown = chartView(data, DEFAULT_VIEW);
    const spec = buildLossSpecs(chartStructure(data))[shown.spec] as vega.Spec;
    const view = await draw(spec, shown);
    const rules = () => {
      const out: Record<string, unknown>[] = [];
      const walk = (node: { marktype?: string; role?: string; items?: unknown[] }) => {
        for (const item of node.items ?? []) {
          const it = item as { marktype?: string; role?: string; items?: unknown[] } & Record<string, unknown>;
          if (node.marktype === 'rule' && node.role === 'mark') out.push(it);
          if (it.items) walk(it);
        }
      };
      walk((view.scenegraph() as unknown as { root: { items?: unknown[] } }).root);
      return out;
    };
    expect(rules().filter((r) => (r.opacity as number) > 0)).toHaveLength(0);
    view.signal(EPOCH_MARKER_SIGNAL, 20);
    await view.runAsync();
    const shownRules = rules().filter((r) => (r.opacity as number) > 0);
    expect(shownRules).toHaveLength(1);
    expect(shownRules[0]!.x).toBeCloseTo((view.scale('x') as (v: number) => number)(20), 6);
  });
});

describe('the page checks the model messages', () => {
  it('takes well-formed model views and specs, and refuses malformed ones', () => {
    const views = modelViewsOf(zigzag, 4);
    expect(parseHostMessage({ type: 'modelViews', views })).toEqual({ type: 'modelViews', views });
    expect(parseHostMessage({ type: 'modelViews', views: { ...views, runId: '4' } })).toBeNull();
    expect(parseHostMessage({ type: 'modelViews', views: { ...views, model: 3 } })).toBeNull();
    const specs = buildModelSpecs();
    expect(parseHostMessage({ type: 'modelSpecs', specs })).toEqual({ type: 'modelSpecs', specs });
    expect(parseHostMessage({ type: 'modelSpecs', specs: { ...specs, landscape: null } })).toBeNull();
  });
});
