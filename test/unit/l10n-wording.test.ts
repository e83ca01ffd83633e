// The verdict wording in Japanese: every heading, summary, reason, Problems entry, quick-fix title,
// suggestion derivation and lab sentence, produced by really training the runs of the catalogue
// (test/unit/wordingRuns.ts) with the real ja bundle loaded, reads as Japanese (no English prose
// left), says something other than the English, and carries exactly the English text's numbers:
// a bound, a factor or an epoch lost in translation would teach the learner something false.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bundle, setLanguage } from '../../src/shared/l10n';
import { runTraining } from '../../src/core/run';
import { suggestionText } from '../../src/core/run/report';
import { sentences } from '../../src/shared/wording';
import { englishProse } from './japanese';
import { configText } from './helpers';
import { type RunTexts, catalogue, fixTitles, labTexts, madeFacts, madeTexts, phrases, runTexts, trainCatalogueRun } from './wordingRuns';

const bundle = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.ja.json'), 'utf8')) as Bundle;
const japanese = () => setLanguage({ locale: 'ja', bundle });
const english = () => setLanguage({ locale: 'en' });

afterEach(english);

/** The numbers a text states, sorted: "1,234.5", "0.49", "1e-8", "12" of "12%". */
const numbers = (text: string): string[] => (text.match(/\d+(?:[.,]\d+)*(?:e-?\d+)?/g) ?? []).sort();

/** Each text in both languages, under a name that says where it came from. */
function pairs(produce: () => Record<string, string | null>): Array<{ name: string; en: string; ja: string }> {
  english();
  const en = produce();
  japanese();
  const ja = produce();
  english();
  return Object.keys(en).flatMap((name) => {
    const e = en[name];
    const j = ja[name];
    return e === null || e === undefined ? [] : [{ name, en: e, ja: j ?? '(missing)' }];
  });
}

/** Every text of the catalogue's runs, each field of each run named. */
function runPairs() {
  return pairs(() => {
    const out: Record<string, string | null> = {};
    for (const run of catalogue()) {
      const texts = runTexts(trainCatalogueRun(run));
      for (const field of Object.keys(texts) as Array<keyof RunTexts>) out[`${run.name} · ${field}`] = texts[field];
    }
    return out;
  });
}

/** What every pair must satisfy: Japanese without English prose, not the English, the same numbers. */
function expectTranslated(list: Array<{ name: string; en: string; ja: string }>) {
  expect(list.length).toBeGreaterThan(0);
  const prose = list.filter((p) => englishProse(p.ja).length > 0).map((p) => ({ name: p.name, ja: p.ja, prose: englishProse(p.ja) }));
  expect(prose).toEqual([]);
  const untranslated = list.filter((p) => englishProse(p.en).length > 0 && p.ja === p.en).map((p) => p.name);
  expect(untranslated).toEqual([]);
  const lost = list.filter((p) => numbers(p.en).join(' ') !== numbers(p.ja).join(' ')).map((p) => ({ name: p.name, en: p.en, ja: p.ja }));
  expect(lost).toEqual([]);
}

describe('the verdict wording in Japanese', () => {
  it('covers every verdict, cause and basis by really training the catalogue, and every logistic optimum', () => {
    english();
    const seen = new Set<string>();
    for (const run of catalogue()) {
      const r = trainCatalogueRun(run);
      seen.add([r.verdict, r.analysis?.cause ?? 'none', r.analysis?.basis, r.analysis?.regime].join(' '));
      if (r.classification) seen.add(`logistic optimum ${r.classification.optimum}`);
    }
    const expected = [
      'converged none plain full-batch', 'converged none plain stochastic', 'converged none momentum full-batch', 'converged none observed full-batch', 'converged none observed stochastic',
      'converged none logistic full-batch', 'converged none logistic stochastic',
      'diverged rate-too-large plain full-batch', 'diverged rate-too-large plain stochastic', 'diverged rate-too-large momentum full-batch', 'diverged observed observed full-batch', 'diverged rate-too-large logistic full-batch',
      'oscillating rate-too-large plain full-batch', 'oscillating rate-too-large plain stochastic', 'oscillating conditioning plain stochastic', 'oscillating rate-too-large momentum full-batch',
      'oscillating observed observed full-batch', 'oscillating observed observed stochastic', 'oscillating rate-too-large logistic full-batch',
      'too-slow rate-too-small plain full-batch', 'too-slow rate-too-small plain stochastic', 'too-slow conditioning plain full-batch', 'too-slow conditioning plain stochastic',
      'too-slow rate-too-small momentum full-batch', 'too-slow rate-too-large momentum full-batch', 'too-slow observed observed full-batch',
      'too-slow rate-too-small logistic full-batch', 'too-slow epochs logistic full-batch', 'too-slow observed logistic full-batch', 'too-slow observed logistic stochastic',
      'logistic optimum finite', 'logistic optimum separable',
    ];
    expect(expected.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('every heading, summary, reason, Problems entry, quick fix and suggestion of the trained runs', () => {
    expectTranslated(runPairs());
  });

  it('the judgments no catalogue data reaches: noise, epochs, the bound itself, overflowing curvature, Newton unsettled or unbounded', () => {
    const made = madeFacts();
    // Each cause and each logistic optimum is among them.
    expect(new Set(made.map((m) => m.facts.judgment.cause))).toEqual(new Set([null, 'epochs', 'rate-too-small', 'rate-too-large', 'conditioning', 'noise', 'observed']));
    expect(new Set(made.flatMap((m) => m.facts.judgment.logistic?.optimum ?? []))).toEqual(new Set(['finite', 'separable', 'unbounded', 'unknown']));
    expectTranslated(
      pairs(() => {
        const out: Record<string, string | null> = {};
        for (const m of made) {
          const texts = madeTexts(m.facts);
          for (const field of Object.keys(texts) as Array<keyof RunTexts>) out[`${m.name} · ${field}`] = texts[field];
        }
        return out;
      }),
    );
  });

  it('every suggestion derivation, every quick-fix title, the optimizer, schedule and batch phrases, and a cancelled run', () => {
    const j = madeFacts()[0]!.facts.judgment;
    const bases = ['fastest', 'half-steepest', 'half-bound', 'quiet', 'momentum-fastest', 'momentum-radius', 'logistic-smooth'] as const;
    expectTranslated(
      pairs(() => ({
        ...Object.fromEntries(bases.map((b) => [`suggestion ${b}`, suggestionText({ ...j, suggestionBasis: b, spectralRadiusAtSuggestion: 0.5 }, 1, 0.08, 12.5)])),
        ...Object.fromEntries(fixTitles().map((title, i) => [`fix ${i}`, title])),
        ...Object.fromEntries(phrases().map((phrase, i) => [`phrase ${i}`, phrase])),
        cancelled: runTraining(configText({ epochs: 5 }), { onEpoch: () => false }).reason,
      })),
    );
  });

  it('the lab: compared runs’ labels, the optimizer comparison’s notes and Adam’s sweep, the sweep’s summary and explanation', () => {
    expectTranslated(pairs(() => Object.fromEntries(labTexts().map((text, i) => [`lab ${i}`, text]))));
  });

  it('a reason in Japanese is its sentences run together, with no space after 。', () => {
    japanese();
    const r = runTraining(configText({ data: 'cars', normalize: 'zscore', batchSize: 'full', learningRate: 1.5, epochs: 20 }));
    expect(r.reason).toMatch(/^learningRate 1\.5 は安定上限 .*を上回っています。/);
    expect(r.reason).not.toMatch(/。 /);
    expect(sentences('損失は際限なく増えました。', null, 'エポック 3 でオーバーフローしました。')).toBe('損失は際限なく増えました。エポック 3 でオーバーフローしました。');
    expect(sentences('It grew.', false, 'It overflowed.')).toBe('It grew. It overflowed.');
  });
});
