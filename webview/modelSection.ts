/**
 * The panel's "model on the data" section, below the loss chart: the model view and the loss
 * landscape, each a Vega view of a spec compiled in the host, and one scrubber (a range input with
 * a play/pause button) over the run's recorded epochs that moves the model's line, the point on
 * the landscape and the loss chart's epoch marker together. The page owns the scrubber: moving it
 * sends the host nothing. Figures carry `data-epoch` (the epoch drawn) for tests.
 */
import type { ModelSpecs, ModelViews } from '../src/shared/modelView';
import { formatCount } from '../src/shared/format';
import { t } from '../src/shared/l10n';
import type { PanelSnapshot } from '../src/shared/protocol';
import type { ChartRenderer } from './chart';
import { h } from './dom';
import { type AccuracyFrame, accuracyFrame, type ClassifierFrame, classifierFrame } from './classifierView';
import { type LandscapeFrame, landscapeFrame } from './landscapeView';
import { type ModelFrame, modelFrame, sampleNote } from './modelView';
import type { ChartThemeConfig } from './theme';

export interface ModelSectionDeps {
  makeRenderer<C extends ModelFrame | LandscapeFrame | ClassifierFrame | AccuracyFrame>(): ChartRenderer<C>;
  theme(): ChartThemeConfig;
  /** The epoch shown changed (null: no model shown): the page moves the loss chart's marker. */
  onEpoch(epoch: number | null): void;
  /** Both views were drawn (their heights are final): a section a command asked for can be scrolled to now. */
  onDrawn?(): void;
  reportError(message: string): void;
}

export interface ModelSection {
  setSpecs(specs: ModelSpecs): void;
  setViews(views: ModelViews): void;
  /** Shows the section for a snapshot when the page has that run's views, else hides it. */
  show(snapshot: PanelSnapshot): void;
  themeChanged(): void;
}

/** The datasets that stay the same for a whole run, per view: drawn once, then left alone while the scrubber moves. */
const STATIC_DATASETS: Record<string, readonly string[]> = { feature: ['points', 'best'], predicted: ['best'], landscape: ['shading', 'contours', 'path', 'optimum', 'exit'], boundary: ['points', 'final'], sigmoid: ['points'], accuracy: ['series'] };

/**
 * The landscape's shading as a PNG data URL: one pixel a grid cell (the top row first), in
 * `colour` at the cell's opacity. The CSP allows `data:` images.
 */
export function shadingImage(shades: { n: number; values: readonly number[] }, colour: string): string {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = shades.n;
  const g = canvas.getContext('2d');
  if (!g) return '';
  g.fillStyle = colour;
  shades.values.forEach((alpha, k) => {
    g.globalAlpha = alpha;
    g.fillRect(k % shades.n, shades.n - 1 - Math.floor(k / shades.n), 1, 1);
  });
  return canvas.toDataURL('image/png');
}

/** How long after the loss chart is painted a new run's model views are drawn. */
const NEW_RUN_DELAY_MS = 150;

/** Playing steps through the epochs in about this long, whatever their number (each step at least 40 ms). */
const PLAY_MS = 6000;

/** What the classifier's view draws, in sentences: which rows, the marks, the final model, a separable data set's caveat. */
function classifierNoteText(c: NonNullable<ModelViews['classifier']>): string {
  const sentences: string[] = [];
  if (c.points.y.length < c.points.total) sentences.push(t('Showing {0} of {1} rows, evenly through the data.', formatCount(c.points.y.length), formatCount(c.points.total)));
  sentences.push(t('Filled circles are training rows, open triangles held-out rows, coloured by class.'));
  const sigmoid = c.shown.length === 1;
  sentences.push(sigmoid ? t('The curve is the predicted probability of {0} (points spread a little around 1 and 0 so that they do not hide each other).', c.positive) : t('The line is the decision boundary, where w·x + b = 0 (p = ½).'));
  sentences.push(sigmoid ? t('The dashed curve is the final model.') : t('The dashed line is the final model.'));
  if (c.optimum === 'separable') sentences.push(t('The classes are separable: the loss keeps falling toward 0 while the weights grow, so the probabilities sharpen while the boundary itself moves ever more slowly.'));
  return sentences.join(' ');
}

/** Builds the section's contents in `root` and returns how to feed it. */
export function createModelSection(root: HTMLElement, deps: ModelSectionDeps): ModelSection {
  const modelRenderer = deps.makeRenderer<ModelFrame>();
  const landscapeRenderer = deps.makeRenderer<LandscapeFrame>();
  const classifierRenderer = deps.makeRenderer<ClassifierFrame>();
  const accuracyRenderer = deps.makeRenderer<AccuracyFrame>();
  const slider = h('input', { type: 'range', id: 'model-epoch', min: 0, max: 0, step: 1, value: 0, class: 'scrubber__range', 'aria-describedby': 'model-epoch-text' });
  // A vscode-button (registered by controls.ts, which the layout loads): keyboard operable like any button.
  const play = h('vscode-button', { id: 'model-play', secondary: true }, t('Play'));
  play.addEventListener('click', () => toggle());
  play.setAttribute('aria-label', t('Play the epochs'));
  const status = h('output', { id: 'model-epoch-text', for: 'model-epoch', class: 'scrubber__text' });
  const off = h('p', { id: 'model-off', class: 'muted', hidden: true });
  const modelChart = h('div', { id: 'model-chart', class: 'chart chart--model' });
  const modelCaption = h('figcaption', { class: 'visually-hidden' }, t('Model view'));
  const sample = h('p', { id: 'model-sample', class: 'muted', hidden: true });
  const modelFigure = h('figure', { id: 'model-figure', class: 'chart-figure' }, modelCaption, modelChart, sample);
  const landscapeChart = h('div', { id: 'landscape-chart', class: 'chart chart--landscape' });
  const landscapeCaption = h('figcaption', { class: 'visually-hidden' }, t('Loss landscape'));
  const landscapeNote = h('p', { id: 'landscape-note', class: 'muted' });
  const landscapeFigure = h('figure', { id: 'landscape-figure', class: 'chart-figure' }, landscapeCaption, landscapeChart, landscapeNote);
  const landscapeTitle = h('h3', { id: 'landscape-title' }, t('Loss landscape'));
  // A logistic run's views: the boundary (or the probability curve) over the points, and the accuracy per epoch.
  const classifierChart = h('div', { id: 'classifier-chart', class: 'chart chart--model' });
  const classifierCaption = h('figcaption', { class: 'visually-hidden' }, t('Decision boundary'));
  const projection = h('p', { id: 'classifier-projection', class: 'muted', hidden: true });
  const classifierNote = h('p', { id: 'classifier-note', class: 'muted', hidden: true });
  const classifierSide = h('p', { id: 'classifier-side' });
  const classifierFigure = h('figure', { id: 'classifier-figure', class: 'chart-figure', hidden: true }, classifierCaption, projection, classifierChart, classifierSide, classifierNote);
  const accuracyTitle = h('h3', { id: 'accuracy-title', hidden: true }, t('Accuracy per epoch'));
  const accuracyChart = h('div', { id: 'accuracy-chart', class: 'chart chart--accuracy' });
  const accuracyCaption = h('figcaption', { class: 'visually-hidden' }, t('Accuracy per epoch'));
  const accuracyFigure = h('figure', { id: 'accuracy-figure', class: 'chart-figure', hidden: true }, accuracyCaption, accuracyChart);
  const reason = h('p', { id: 'model-reason', class: 'muted', hidden: true });
  root.replaceChildren(
    h('h2', { id: 'model-title' }, t('The model on the data')),
    h('div', { class: 'scrubber' }, play, h('label', { for: 'model-epoch' }, t('Epoch')), slider, status),
    off,
    modelFigure,
    classifierFigure,
    accuracyTitle,
    accuracyFigure,
    landscapeTitle,
    landscapeFigure,
    reason,
  );

  let specs: ModelSpecs | null = null;
  let views: ModelViews | null = null;
  let shownRun = -1;
  let index = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let drawn = '';
  let pending: ReturnType<typeof setTimeout> | undefined;
  /** This run's static datasets as first drawn, by view and name, and its shading image by colour. */
  let kept = new Map<string, object[]>();
  let shadingKey = '';
  let shadingUrl = '';
  const keep = (view: string, data: Record<string, object[]>) => {
    for (const name of STATIC_DATASETS[view] ?? []) {
      const key = `${view}/${name}`;
      const first = kept.get(key);
      if (first) data[name] = first;
      else kept.set(key, data[name] ?? []);
    }
  };

  const epochs = (): number[] => views?.classifier?.history.epochs ?? views?.model?.history.epochs ?? views?.landscape?.path.epochs ?? [];

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    play.textContent = t('Play');
    play.setAttribute('aria-label', t('Play the epochs'));
  };
  function toggle(): void {
    if (timer !== undefined) return stop();
    const count = epochs().length;
    if (count < 2) return;
    if (index >= count - 1) setIndex(0);
    play.textContent = t('Pause');
    play.setAttribute('aria-label', t('Pause'));
    timer = setInterval(() => {
      if (index >= epochs().length - 1) return stop();
      setIndex(index + 1);
    }, Math.max(40, Math.round(PLAY_MS / count)));
  }

  const setIndex = (i: number) => {
    index = Math.max(0, Math.min(i, epochs().length - 1));
    slider.value = String(index);
    void draw();
  };
  slider.addEventListener('input', () => {
    stop();
    setIndex(Number(slider.value));
  });

  async function draw(): Promise<void> {
    const v = views;
    if (!v || !specs || root.hidden) return;
    const all = epochs();
    const epoch = all[index] ?? 0;
    const config = deps.theme();
    const key = `${v.runId}|${index}|${JSON.stringify(config)}`;
    if (key === drawn) return;
    drawn = key;
    const last = all[all.length - 1] ?? 0;
    slider.setAttribute('aria-valuetext', t('epoch {0} of {1}', formatCount(epoch), formatCount(last)));
    deps.onEpoch(epoch);
    const model = v.model ? modelFrame(v.model, index) : null;
    const land = v.landscape ? landscapeFrame(v.landscape, epoch) : null;
    const classifier = v.classifier ? classifierFrame(v.classifier, index) : null;
    const accuracy = v.classifier ? accuracyFrame(v.classifier, epoch) : null;
    const shown = classifier ?? model;
    status.textContent = shown ? t('epoch {0} of {1}: {2}', formatCount(epoch), formatCount(last), shown.equation) : t('epoch {0} of {1}', formatCount(epoch), formatCount(last));
    classifierSide.textContent = classifier?.side ? t('{0}.', classifier.side) : '';
    off.hidden = !shown?.offChart;
    off.textContent = shown?.offChart ? t('At this epoch {0}.', shown.offChart) : '';
    const started = performance.now();
    try {
      const jobs: Promise<unknown>[] = [];
      if (model) {
        keep(model.spec, model.data);
        if (modelCaption.textContent !== model.description) modelCaption.textContent = model.description;
        jobs.push(modelRenderer.render(modelChart, specs[model.spec], config, model).then((marks) => marks !== null && (modelFigure.dataset.epoch = String(epoch))));
      }
      if (classifier && accuracy) {
        const spec = specs[classifier.spec];
        const accuracySpec = specs.accuracy;
        if (!spec || !accuracySpec) throw new Error('the classifier views have no compiled spec');
        keep(classifier.spec, classifier.data);
        keep('accuracy', accuracy.data);
        classifierCaption.textContent = classifier.description;
        accuracyCaption.textContent = accuracy.description;
        jobs.push(classifierRenderer.render(classifierChart, spec, config, classifier).then((marks) => marks !== null && (classifierFigure.dataset.epoch = String(epoch))));
        jobs.push(accuracyRenderer.render(accuracyChart, accuracySpec, config, accuracy).then((marks) => marks !== null && (accuracyFigure.dataset.epoch = String(epoch))));
      }
      if (land) {
        const colour = String(config.mark.color ?? 'currentColor');
        if (shadingKey !== `${v.runId}|${colour}`) {
          shadingKey = `${v.runId}|${colour}`;
          shadingUrl = shadingImage(land.shades, colour);
          kept.delete('landscape/shading');
        }
        land.data.shading = (land.data.shading ?? []).map((cell) => ({ ...cell, url: shadingUrl }));
        keep('landscape', land.data);
        landscapeCaption.textContent = land.description;
        jobs.push(
          landscapeRenderer.render(landscapeChart, specs.landscape, config, land).then((marks) => {
            if (marks === null) return;
            landscapeFigure.dataset.epoch = String(epoch);
            landscapeFigure.dataset.inView = String(land.inView);
          }),
        );
      }
      await Promise.all(jobs);
      // How long the two views took to draw (the panel's own figure; the UI test reads it), and whose run they show.
      root.dataset.drawMs = (performance.now() - started).toFixed(1);
      root.dataset.runId = String(v.runId);
      deps.onDrawn?.();
    } catch (e) {
      drawn = '';
      deps.reportError(t('Could not draw the model view: {0}', e instanceof Error ? `${e.name}: ${e.message}` : String(e)));
    }
  }

  const hide = () => {
    if (root.hidden) return;
    stop();
    root.hidden = true;
    drawn = '';
    deps.onEpoch(null);
  };

  return {
    setSpecs(s) {
      specs = s;
    },
    setViews(next) {
      views = next;
    },
    show(snapshot) {
      const v = views;
      const trained = snapshot.state !== 'invalid' && snapshot.report?.trained === true;
      // A new run's views follow its first snapshot: until they come, the last run's stay.
      if (trained && v && v.runId !== snapshot.runId && !root.hidden) return;
      if (!v || !specs || !trained || v.runId !== snapshot.runId || (!v.model && !v.landscape && !v.classifier)) return hide();
      root.hidden = false;
      if (shownRun !== v.runId) {
        // A new run: show its last recorded epoch, where the run ended.
        stop();
        shownRun = v.runId;
        const count = epochs().length;
        slider.max = String(Math.max(0, count - 1));
        slider.disabled = count < 2;
        modelFigure.hidden = !v.model;
        classifierFigure.hidden = accuracyTitle.hidden = accuracyFigure.hidden = !v.classifier;
        classifierFigure.dataset.kind = v.classifier ? (v.classifier.shown.length === 1 ? 'sigmoid' : 'boundary') : '';
        projection.hidden = !v.classifier?.projection;
        projection.textContent = v.classifier?.projection ?? '';
        classifierNote.hidden = !v.classifier;
        classifierNote.textContent = v.classifier ? classifierNoteText(v.classifier) : '';
        landscapeTitle.hidden = landscapeFigure.hidden = !v.landscape;
        const note = v.model ? sampleNote(v.model) : null;
        sample.hidden = !note;
        sample.textContent = note ?? '';
        landscapeNote.textContent = v.landscape?.note ?? '';
        landscapeFigure.dataset.pathPoints = String(v.landscape?.path.epochs.length ?? 0);
        landscapeFigure.dataset.exitEpoch = v.landscape?.exit ? String(v.landscape.exit.epoch) : '';
        landscapeFigure.dataset.kind = v.landscape?.kind ?? '';
        reason.hidden = !v.reason;
        reason.textContent = v.reason ?? '';
        index = count - 1;
        slider.value = String(index);
        drawn = '';
        kept = new Map();
      }
      // A while after the browser has painted the loss chart: a new run's verdict and curve never
      // wait for these two views (drawing them takes tens of milliseconds), nor does the next save's.
      clearTimeout(pending);
      requestAnimationFrame(() => {
        clearTimeout(pending);
        pending = setTimeout(() => void draw(), NEW_RUN_DELAY_MS);
      });
    },
    themeChanged() {
      if (!root.hidden) void draw();
    },
  };
}
