// The CLI in Japanese: `--lang ja` (or LANG=ja_JP.UTF-8) turns every line the CLI itself builds
// (help, headings, the data line, the update table, the verdict line, the lab's tables, the run-file
// comparison, errors) into Japanese with the same numbers, keeps the `file:line:column: severity:`
// prefix a problem matcher parses in English, and leaves the --json document exactly as in English.
//
// Some text inside these lines is not the CLI's: the verdict's headline and reason, the optimizer
// and schedule phrases and the sweep's verdicts (src/shared/wording.ts), the compared runs' roles
// and the sweep's summary (src/shared/labWording.ts), and the message of a problem line (the core's
// validation and data readers). `foreignText` below computes that text, in Japanese, with those
// modules themselves; the CLI's own lines are checked with it taken out, and the whole output may
// hold English prose only where that text still has some.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { createFileReader } from '../../src/dataAccess';
import { runTraining } from '../../src/core/run';
import { setLanguage } from '../../src/shared/l10n';
import { comparedRoleLabel, sweepSummary } from '../../src/shared/labWording';
import type { Comparison, SweepReport } from '../../src/shared/lab';
import type { RunReport } from '../../src/shared/report';
import { optimizerPhrase, schedulePhrase, verdictHeadline, verdictSummary } from '../../src/shared/wording';
import jaBundle from '../../l10n/bundle.l10n.ja.json';
import { englishProse } from './japanese';

const repo = path.resolve(__dirname, '..', '..');
const example = (name: string) => path.join(repo, 'examples', name, 'training.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-l10n-cli-'));
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

interface Result {
  code: number;
  /** Every line written, stdout then stderr. */
  lines: string[];
  out: string;
  err: string;
}

/** Runs the CLI in-process as `descent ...argv` with `env` (no LANG unless given). */
function descent(argv: string[], env: Record<string, string> = {}): Result {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, (s) => out.push(s), (s) => err.push(s), env);
  setLanguage({ locale: 'en' });
  const text = (chunks: string[]) => chunks.join('\n');
  return { code, out: text(out), err: text(err), lines: [...out, ...err].flatMap((s) => s.split('\n')) };
}
const japanese = (...argv: string[]) => descent([...argv, '--lang', 'ja']);
const english = (...argv: string[]) => descent(argv);

afterEach(() => setLanguage({ locale: 'en' }));

/** `file:line:column: severity: message`: the prefix stays as the problem matcher reads it; the message is the core's. */
const PROBLEM = /^(.+):(\d+):(\d+): (error|warning|info): (.*)$/;

/** What of `argv`'s output comes from wording.ts, labWording.ts or the core, in Japanese (computed by those modules). */
function foreignText(argv: string[]): string[] {
  const [command, ...rest] = argv;
  const json = JSON.parse(english(...argv, '--json').out) as unknown;
  setLanguage({ locale: 'ja', bundle: jaBundle });
  try {
    if (command === 'train') {
      const r = json as RunReport;
      const file = rest[0] ?? '';
      const dir = path.dirname(file);
      // The reason is built while training: train again in Japanese for it.
      const inJapanese = runTraining(fs.readFileSync(file, 'utf8'), { reader: createFileReader(dir, [dir]) });
      if (!r.config) return [];
      return [optimizerPhrase(r.config.optimizer), schedulePhrase(r.config.learningRateSchedule), r.verdict ? verdictHeadline(r.verdict, r.analysis?.cause ?? null) : '', inJapanese.reason ?? ''];
    }
    if (command === 'sweep') {
      const s = json as SweepReport;
      const best = s.best !== null ? s.points[s.best] : undefined;
      return [
        ...s.points.map((p) => verdictSummary(p.verdict, p.verdictEpoch)),
        sweepSummary(best && best.finalLoss !== null ? { learningRate: best.learningRate, finalLoss: best.finalLoss, verdict: best.verdict, verdictEpoch: best.verdictEpoch } : null, s.stableLearningRateBound, s.suggestedLearningRate),
      ];
    }
    if (command === 'compare' && !rest.some((a) => a.endsWith('.run.json'))) return (json as Comparison).runs.map((run) => comparedRoleLabel(run.role));
    return [];
  } finally {
    setLanguage({ locale: 'en' });
  }
}

/** `line` without the text of other modules: the foreign strings (longest first) and a problem line's message. */
function ownText(line: string, foreign: readonly string[]): string {
  const problem = PROBLEM.exec(line);
  if (problem) return `${problem[1]}:${problem[2]}:${problem[3]}: ${problem[4]}:`;
  let rest = line;
  for (const text of [...foreign].filter((f) => f.length > 0).sort((a, b) => b.length - a.length)) rest = rest.split(text).join(' ‹› ');
  return rest;
}

/** The numbers of a text, sorted: the same in both languages whatever order the sentences put them in. */
const numbers = (text: string) => (text.match(/\d+(?:[,.]\d+)*(?:e[-+]?\d+)?/g) ?? []).sort();

/**
 * `text` without what a user types: the commands (`descent compare`) and the options with their
 * values (`--lang ja`, `--fail-on final-loss>1`, `--rates 0.01,0.1`), which are the same in every language.
 */
const withoutCommandText = (text: string) =>
  text.replace(/\bdescent (?:train|sweep|compare|export-script)\b/g, ' ').replace(/--[a-z][\w-]*(?:[ =](?:ja|en|[A-Z][A-Z,.[\]]*|[\w.-]*[\d>=<,.][\w.,>=<-]*))?/g, ' ');
const proseOf = (text: string) => englishProse(withoutCommandText(text));

let runA: string;
let runB: string;
beforeAll(() => {
  runA = path.join(tmp, 'a.run.json');
  runB = path.join(tmp, 'b.run.json');
  expect(english('train', example('cars'), '--save-run', runA).code).toBe(0);
  expect(english('train', write('fast.json', '{"learningRate": 0.5, "epochs": 20}'), '--save-run', runB).code).toBe(0);
});

/** Command lines whose whole output is the CLI's report, with the same numbers in both languages. */
const REPORTS: string[][] = [
  ['train', example('cars')],
  ['train', example('penguins')],
  ['train', example('optimizers')],
  ['sweep', example('cars')],
  ['sweep', example('penguins')],
  ['compare', example('cars')],
  ['compare', example('optimizers'), '--batches'],
  ['compare', example('penguins'), '--rates', '0.1,1,10'],
];

describe('descent --lang ja', () => {
  it.each(REPORTS.map((argv) => [argv.map((a) => path.relative(repo, a) || a).join(' '), argv] as const))('%s: every line the CLI builds is Japanese, with the numbers of the English report', (_name, argv) => {
    const ja = japanese(...argv);
    const en = english(...argv);
    expect(ja.code).toBe(en.code);
    const foreign = foreignText(argv);
    const leaks = ja.lines.map((line) => ({ line, prose: proseOf(ownText(line, foreign)) })).filter((l) => l.prose.length > 0);
    expect(leaks).toEqual([]);
    // The line structure is the same: a translation never drops or adds a line of the report.
    expect(ja.lines).toHaveLength(en.lines.length);
    expect(numbers(ja.lines.map((l) => ownText(l, [])).join('\n'))).toEqual(numbers(en.lines.map((l) => ownText(l, [])).join('\n')));
    // It speaks Japanese: not just the English with the prose taken out.
    expect(ja.out).toMatch(/[ぁ-んァ-ヶ一-龠]/);
  });

  it.each(REPORTS.map((argv) => [argv.map((a) => path.relative(repo, a) || a).join(' '), argv] as const))('%s: the whole output has English prose only where wording.ts, labWording.ts or a core message still has it', (_name, argv) => {
    const foreign = foreignText(argv);
    const ja = japanese(...argv);
    // Problem lines' messages are the core's; the rest may only repeat prose of the foreign text.
    const allowed = new Set([...foreign.flatMap(englishProse), ...ja.lines.flatMap((l) => englishProse(PROBLEM.exec(l)?.[5] ?? ''))]);
    expect(proseOf(ja.lines.join('\n')).filter((run) => !allowed.has(run))).toEqual([]);
  });

  it('says what the train report says in Japanese, in the course terms', () => {
    const ja = japanese('train', example('cars'));
    expect(ja.out).toContain('データ: cars、398 行 (欠損値のため 8 行を除外)。学習用 318 行、検証用 80 行。');
    expect(ja.out).toMatch(/▶ フルバッチ +318 +1 +50/);
    expect(ja.out).toContain('50 エポック、318 サンプルでの更新回数:');
    expect(ja.out).toMatch(/^判定: .* \(learningRate 0\.1、50 エポック、更新 50 回\)$/m);
    expect(ja.out).toContain('推奨学習率 (learningRate): 0.49');
    expect(ja.out).toMatch(/エポック 0 +エポック 50/);
  });

  it('keeps a problem line\'s "file:line:column: severity:" prefix in English', () => {
    const file = write('bad.json', '{\n  "learningRate": -1\n}');
    const ja = japanese('train', file);
    expect(ja.code).toBe(1);
    expect(ja.err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:19: error: `));
    // A warning (an unknown key) on a config that trains: the report and the problem line together.
    const warned = write('warned.json', fs.readFileSync(example('cars'), 'utf8').replace('"seed": 0', '"seed": 0, "colour": "red"'));
    const warning = japanese('train', warned);
    expect(warning.lines.filter((l) => PROBLEM.test(l)).map((l) => PROBLEM.exec(l)?.[4])).toEqual(['warning']);
  });

  it('lines up the update table and the sweep table in terminal columns', () => {
    // Terminal columns: a kana or kanji takes two.
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
    const report = japanese('train', example('cars')).lines;
    const head = report.findIndex((l) => l.includes('バッチの種類'));
    const englishReport = english('train', example('cars')).lines;
    const englishHead = englishReport.findIndex((l) => l.includes('batch type'));
    // The three rows end their right-aligned last column at the same place, and the heading where English puts it.
    const rowWidths = report.slice(head + 1, head + 4).map(width);
    expect(new Set(rowWidths).size).toBe(1);
    expect(width(report[head] ?? '') - (rowWidths[0] ?? 0)).toBe((englishReport[englishHead] ?? '').length - (englishReport[englishHead + 1] ?? '').length);
    expect(report[head + 1]).toMatch(/^▶ フルバッチ/);
    const sweep = japanese('sweep', example('cars')).lines;
    const sweepHead = sweep.findIndex((l) => l.endsWith('最終損失'));
    const rows = sweep.slice(sweepHead + 1, sweep.indexOf('', sweepHead)).filter((l) => !l.includes('('));
    expect(rows.length).toBeGreaterThan(10);
    // The final loss, the last cell of a row, starts under its heading.
    const lossColumn = (line: string, cell: string) => width(line) - width(cell);
    for (const row of rows) expect(lossColumn(row, row.split(' ').pop() ?? '')).toBe(lossColumn(sweep[sweepHead] ?? '', '最終損失'));
  });

  it('prints the help in Japanese, the synopsis and the options as they are typed, and documents --lang', () => {
    const ja = japanese('--help');
    expect(ja.code).toBe(0);
    expect(proseOf(ja.out)).toEqual([]);
    expect(ja.out).toMatch(/^使い方: descent train \[PATH\]/);
    expect(ja.out).toMatch(/^ {8}descent sweep \[PATH\]/m);
    expect(ja.out).toMatch(/^ {2}--lang LANG {9}\S/m);
    expect(ja.out).toContain('英語');
    const en = english('--help');
    expect(en.out).toMatch(/^ {2}--lang LANG {9}the language of the text: en or ja/m);
    expect(en.out).toContain('in English in every language: its keys, values and messages are for programs');
    // Every option of the English help is in the Japanese one.
    expect(ja.out.match(/^ {2}--[\w-]+/gm)).toEqual(en.out.match(/^ {2}--[\w-]+/gm));
  });

  it('compares run files in Japanese: the table, the notes and the --fail-on lines', () => {
    const ja = japanese('compare', runA, runB, '--fail-on', 'final-loss>1');
    const en = english('compare', runA, runB, '--fail-on', 'final-loss>1');
    expect(ja.code).toBe(2);
    expect(en.code).toBe(2);
    expect(ja.lines.filter((l) => proseOf(l).length > 0)).toEqual([]);
    expect(ja.out.split('\n')[0]).toMatch(/^実行 +learningRate .* 判定 +収束したエポック +最終損失$/);
    expect(ja.err).toContain(`descent: ${runA}: --fail-on final-loss>1 が成り立ちます`);
    expect(numbers(ja.out + ja.err)).toEqual(numbers(en.out + en.err));
    const same = japanese('compare', runA, runA);
    expect(same.out).toContain('どの実行も設定とデータが同じです。');
  });

  it.each([
    ['train', example('cars')],
    ['train', example('penguins')],
    ['sweep', example('cars')],
    ['compare', example('cars')],
    ['compare', example('cars'), '--batches'],
    ['train', path.join(repo, 'test', 'no-such-training.json')],
  ])('keeps the --json document of %s %s identical to English', (...argv) => {
    const ja = japanese(...argv, '--json');
    const en = english(...argv, '--json');
    expect(ja.code).toBe(en.code);
    expect(ja.out).toBe(en.out);
  });

  it('keeps the --json document of an invalid config and of run files identical to English', () => {
    const bad = write('bad-json.json', '{"learningRate": -1, "epochs": 2.5}');
    expect(japanese('train', bad, '--json').out).toBe(english('train', bad, '--json').out);
    expect(japanese('compare', runA, runB, '--json').out).toBe(english('compare', runA, runB, '--json').out);
    // The lines for a person beside the document still follow the language.
    expect(japanese('compare', runA, runB, '--json', '--fail-on', 'final-loss>1').err).toContain('が成り立ちます');
  });

  it('follows LANG=ja_JP.UTF-8 (and LC_ALL over LANG) given in the environment', () => {
    const argv = ['train', example('cars')];
    const fromLang = descent(argv, { LANG: 'ja_JP.UTF-8' });
    expect(fromLang.out).toBe(japanese(...argv).out);
    expect(fromLang.out).toContain('データ: cars');
    expect(descent(argv, { LANG: 'ja_JP.UTF-8', LC_ALL: 'en_US.UTF-8' }).out).toBe(english(...argv).out);
    expect(descent(['--help'], { LC_MESSAGES: 'ja_JP' }).out).toMatch(/^使い方:/);
  });

  it.each([
    [['train', '--fail-fast'], 'オプション --fail-fast はありません。'],
    [['train', '--max-updates'], 'オプション --max-updates には値が必要です。'],
    [['train', '--json=yes'], 'オプション --json は値を取りません。'],
    [['train', '--max-updates=ten'], '--max-updates には正の整数を指定してください。'],
    [['train', '--fail-on=slow'], '--fail-on: 判定 "slow" はありません'],
    [['frob'], 'コマンド "frob" はありません。'],
    [['train', 'a.json', 'b.json'], 'training.json は一度に 1 つだけ指定できます (2 個のパスが指定されました)。'],
    [['compare', '--rates', '0.1', '--batches'], '--rates と --batches は比較する対象が異なります'],
    [['compare', '--rates', '0.1,x'], '--rates: "x" は正の数ではありません (学習率を 1～8 個指定してください'],
    [['compare', '--rates', '1,2,3,4,5,6,7,8,9'], '--rates: 学習率は最大 8 個です (9 個指定されました)。'],
    [['compare', example('cars'), '--fail-on', 'diverged'], '--fail-on は実行記録ファイルの比較で使います'],
    [['train', path.join(repo, 'no', 'such.json')], 'training.json を読み込めません: ファイルがありません。'],
    [['train', '/dev/zero'], '/dev/zero: training.json を読み込めません: 通常のファイルではありません'],
    [['train', '--lang'], '--lang には言語を指定してください'],
  ])('says what is wrong with %j in Japanese, exit 1', (argv, message) => {
    const r = argv.includes('--lang') ? descent(argv as string[], { LANG: 'ja_JP.UTF-8' }) : japanese(...(argv as string[]));
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
    expect(proseOf(r.err)).toEqual([]);
  });

  it('names the folders data may come from in Japanese', () => {
    fs.mkdirSync(path.join(tmp, 'data'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'data', 'd.csv'), 'x,y\n1,2\n2,4\n3,7\n');
    fs.mkdirSync(path.join(tmp, 'cfg'), { recursive: true });
    const file = path.join(tmp, 'cfg', 'training.json');
    fs.writeFileSync(file, '{"data": {"csv": "../data/d.csv", "label": "y"}, "epochs": 3}');
    const r = japanese('train', file);
    expect(r.code).toBe(1);
    // The sentence is dataAccess's; the CLI gives it its folder and option in Japanese.
    expect(r.err).toContain('training.json のフォルダー');
    expect(r.err).toContain('オプション --data-root');
  });
});
