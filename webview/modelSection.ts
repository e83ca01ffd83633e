/**
 * The panel's "model on the data" section, below the loss chart: the model view and the loss
 * landscape, each a Vega view of a spec compiled in the host, and one scrubber (a range input with
 * a play/pause button) over the run's recorded epochs that moves the model's line, the point on
 * the landscape and the loss chart's epoch marker together. The page owns the scrubber: moving it
 * sends the host nothing. Figures carry `data-epoch` (the epoch drawn) for tests.
 */
import type { ModelSpecs, ModelViews } from '../src/shared/modelView';
import { formatCount } from '../src/shared/format';
import type { PanelSnapshot } from '../src/shared/protocol';
import type { ChartRenderer } from './chart';
import { h } from './dom';
import { type LandscapeFrame, landscapeFrame } from './landscapeView';
import { type ModelFrame, modelFrame, sampleNote } from './modelView';
import type { ChartThemeConfig } from './theme';

export interface ModelSectionDeps {
  makeRenderer<C extends ModelFrame | LandscapeFrame>(): ChartRenderer<C>;
  theme(): ChartThemeConfig;
  /** The epoch shown changed (null: no model shown): the page moves the loss chart's marker. */
  onEpoch(epoch: number | null): void;
  reportError(message: string): void;
}

export interface ModelSection {
  setSpecs(specs: ModelSpecs): void;
  setViews(views: ModelViews): void;
  /** Shows the section for a snapshot when the page has that run's views, else hides it. */
  show(snapshot: PanelSnapshot): void;
  themeChanged(): void;
}

/** Playing steps through the epochs in about this long, whatever their number (each step at least 40 ms). */
const PLAY_MS = 6000;

/** Builds the section's contents in `root` and returns how to feed it. */
export function createModelSection(root: HTMLElement, deps: ModelSectionDeps): ModelSection {
  const modelRenderer = deps.makeRenderer<ModelFrame>();
  const landscapeRenderer = deps.makeRenderer<LandscapeFrame>();
  const slider = h('input', { type: 'range', id: 'model-epoch', min: 0, max: 0, step: 1, value: 0, class: 'scrubber__range', 'aria-describedby': 'model-epoch-text' });
  // A vscode-button (registered by controls.ts, which the layout loads): keyboard operable like any button.
  const play = h('vscode-button', { id: 'model-play', secondary: true }, 'Play');
  play.addEventListener('click', () => toggle());
  play.setAttribute('aria-label', 'Play the epochs');
  const status = h('output', { id: 'model-epoch-text', for: 'model-epoch', class: 'scrubber__text' });
  const off = h('p', { id: 'model-off', class: 'muted', hidden: true });
  const modelChart = h('div', { id: 'model-chart', class: 'chart chart--model' });
  const modelCaption = h('figcaption', { class: 'visually-hidden' }, 'Model view');
  const sample = h('p', { id: 'model-sample', class: 'muted', hidden: true });
  const modelFigure = h('figure', { id: 'model-figure', class: 'chart-figure' }, modelCaption, modelChart, sample);
  const landscapeChart = h('div', { id: 'landscape-chart', class: 'chart chart--landscape' });
  const landscapeCaption = h('figcaption', { class: 'visually-hidden' }, 'Loss landscape');
  const landscapeNote = h('p', { id: 'landscape-note', class: 'muted' });
  const landscapeFigure = h('figure', { id: 'landscape-figure', class: 'chart-figure' }, landscapeCaption, landscapeChart, landscapeNote);
  const landscapeTitle = h('h3', { id: 'landscape-title' }, 'Loss landscape');
  const reason = h('p', { id: 'model-reason', class: 'muted', hidden: true });
  root.replaceChildren(
    h('h2', { id: 'model-title' }, 'The model on the data'),
    h('div', { class: 'scrubber' }, play, h('label', { for: 'model-epoch' }, 'Epoch'), slider, status),
    off,
    modelFigure,
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

  const epochs = (): number[] => views?.model?.history.epochs ?? views?.landscape?.path.epochs ?? [];

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    play.textContent = 'Play';
    play.setAttribute('aria-label', 'Play the epochs');
  };
  function toggle(): void {
    if (timer !== undefined) return stop();
    const count = epochs().length;
    if (count < 2) return;
    if (index >= count - 1) setIndex(0);
    play.textContent = 'Pause';
    play.setAttribute('aria-label', 'Pause');
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
    slider.setAttribute('aria-valuetext', `epoch ${formatCount(epoch)} of ${formatCount(last)}`);
    deps.onEpoch(epoch);
    const model = v.model ? modelFrame(v.model, index) : null;
    const land = v.landscape ? landscapeFrame(v.landscape, epoch) : null;
    status.textContent = `epoch ${formatCount(epoch)} of ${formatCount(last)}${model ? `: ${model.equation}` : ''}`;
    off.hidden = !model?.offChart;
    off.textContent = model?.offChart ? `At this epoch ${model.offChart}.` : '';
    try {
      const jobs: Promise<unknown>[] = [];
      if (model) {
        if (modelCaption.textContent !== model.description) modelCaption.textContent = model.description;
        jobs.push(modelRenderer.render(modelChart, specs[model.spec], config, model).then((marks) => marks !== null && (modelFigure.dataset.epoch = String(epoch))));
      }
      if (land) {
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
    } catch (e) {
      drawn = '';
      deps.reportError(`Could not draw the model view: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
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
      if (!v || !specs || !trained || v.runId !== snapshot.runId || (!v.model && !v.landscape)) return hide();
      root.hidden = false;
      if (shownRun !== v.runId) {
        // A new run: show its last recorded epoch, where the run ended.
        stop();
        shownRun = v.runId;
        const count = epochs().length;
        slider.max = String(Math.max(0, count - 1));
        slider.disabled = count < 2;
        modelFigure.hidden = !v.model;
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
      }
      void draw();
    },
    themeChanged() {
      if (!root.hidden) void draw();
    },
  };
}
