import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cliLanguage } from './cliLanguage';
import { type Language, currentLanguage, displayLocale, setLanguage, t, translate } from './shared/l10n';
import { displayWidth, formatProblem, formatReport, writeJson } from './cliFormat';
import { MAX_CONFIG_BYTES } from './core/config';
import { ProblemCode, VERDICT_CODES, hasErrors } from './shared/problems';
import { type PlanOptions, locateAll, planRun, runTraining } from './core/run';
import { compareBatchSizes, compareLearningRates, sweepLearningRates } from './core/lab';
import { formatComparison, formatSweep } from './cliLab';
import { type ReaderWording, createFileReader, formatBytes, readRegularFile } from './dataAccess';
import type { RunReport } from './shared/report';
import { compareRunFiles, isRunFilePath } from './cliRuns';
import { type FailCondition, parseFailOn } from './core/runCompare';
import { serializeRunFile } from './core/runFile';
import { pytorchScript, scriptDataOf } from './core/export';
import { hashData, runFileOf, writeFileAtomic } from './runFiles';
import { DESCENT_VERSION } from './version';

/**
 * The help text in the display language. The synopsis (commands, options, metavariables) is the
 * same in every language; `{0}` in a message is a line break with the paragraph's indentation.
 */
function usage(): string {
  const usageWord = t('Usage:');
  const indent = ' '.repeat(displayWidth(usageWord) + 1);
  const command = '\n        ';
  const option = `\n${' '.repeat(22)}`;
  return [
    `${usageWord} descent train [PATH] [--json] [--fail-on VERDICT[,VERDICT]] [--save-run FILE] [--max-updates N] [--data-root DIR]...`,  // not translated: command syntax
    `${indent}descent sweep [PATH] [--json] [--max-updates N] [--data-root DIR]...`,  // not translated: command syntax
    `${indent}descent compare [PATH] [--rates A,B,C | --batches] [--json] [--max-updates N] [--data-root DIR]...`,  // not translated: command syntax
    `${indent}descent compare RUN.json RUN.json... [--fail-on CONDITION[,CONDITION]] [--json]`,  // not translated: command syntax
    `${indent}descent export-script [PATH] [--out FILE] [--data-root DIR]...`,  // not translated: command syntax
    '',
    `train   ${t('trains the model a training.json describes (linear or logistic) and reports the loss, the update counts,{0}the verdict on the learning rate and the final weights.', command)}`,
    `sweep   ${t('trains the config at 24 learning rates around its stable bound and prints final loss{0}against rate (a table and a chart), the bound, the suggestion and the best rate.', command)}`,
    `compare ${t('trains the config at a too-low, the suggested and a too-high rate (or the rates of{0}compare.learningRates, or --rates), or with --batches as full batch, mini-batch and SGD,{0}and prints one line per run. Given run files (written by --save-run or descent.keepRuns),{0}it prints them side by side instead: what differs, verdict, epochs to converge, final loss.', command)}`,
    `export-script ${t('writes a standalone PyTorch script that trains the same run (stdout, or --out FILE).')}`,
    '',
    t('PATH is a training.json, or a folder holding one; without it, training.json in the current folder.'),
    `  --json              ${t("print the report (sweep: the sweep's data; compare: the runs' reports) as one JSON document{0}in English in every language: its keys, values and messages are for programs", option)}`,
    `  --fail-on VERDICTS  ${t('train: exit 2 when the verdict is one of diverged, oscillating, too-slow (comma-separated)')}`,
    `  --fail-on CONDS     ${t('compare of run files: exit 2 when a condition holds for any run: a verdict, not-converged,{0}or final-loss / epochs-to-converge with >, >=, <, <= and a number (e.g. final-loss>20)', option)}`,
    `  --save-run FILE     ${t('train: also write the run as a run file (format descent-run, version 1)')}`,
    `  --out FILE          ${t('export-script: write the script to FILE (atomically) instead of stdout')}`,
    `  --rates A,B,C       ${t("compare: these learning rates (1 to 8 positive numbers) instead of the file's or the three-rate plan")}`,
    `  --batches           ${t("compare: full batch, a mini-batch and SGD at the file's rate instead of rates")}`,
    `  --max-updates N     ${t('refuse a run of more than N weight updates (default 100,000,000; sweep and compare: each run)')}`,
    `  --data-root DIR     ${t("also read data files inside DIR (repeatable); by default only inside PATH's folder")}`,
    `  --lang LANG         ${t('the language of the text: en or ja (by default LC_ALL, LC_MESSAGES or LANG)')}`,
    '',
    t('Exit codes: 0 trained; 1 the config, the data or the options are invalid; 2 --fail-on matched; 3 an unexpected error (a bug).'),
  ].join('\n');
}

const CONFIG_NAME = 'training.json';
/** The CLI's guard against a config that would run for hours (the editor asks instead). */
const DEFAULT_MAX_UPDATES = 100_000_000;
const VERDICTS = [...VERDICT_CODES];
/** Exit code of an error that is no fault of the input: a bug, reported as such. */
export const EXIT_UNEXPECTED = 3;

/** How the CLI names where data may come from: it has no workspace, and no editor settings. Phrases inside a sentence of dataAccess. */
function cliWording(): ReaderWording {
  return {
    root: t('the folder of training.json'),
    roots: t('the folder of training.json or the --data-root folders'),
    widen: t('option --data-root'),
  };
}

/** The most rates `--rates` takes, as compare.learningRates. */
const MAX_COMPARE_RATES = 8;

type Command = 'train' | 'sweep' | 'compare' | 'compare-runs' | 'export-script';

interface CliArgs {
  command: Command;
  file: string | null;
  /** compare: the rates of --rates, or null. */
  rates: number[] | null;
  /** compare: --batches. */
  batches: boolean;
  json: boolean;
  failOn: Set<string>;
  maxUpdates: number;
  dataRoots: string[];
  /** compare of run files: the files and the parsed --fail-on conditions. */
  runFiles: string[];
  conditions: FailCondition[];
  /** train: --save-run FILE. */
  saveRun: string | null;
  /** export-script: --out FILE. */
  out: string | null;
}

/** What the command line asks for but cannot be run: the help it asked for, or what is wrong (with the help when it helps). */
interface NotRun {
  text: string;
  help: boolean;
}
const wrong = (message: string, withUsage = true): NotRun => ({ text: withUsage ? `${message}\n\n${usage()}` : message, help: false });

/**
 * What node:util parseArgs says is wrong, in the display language. Its own message is English
 * ("Unknown option '--x'. To specify a positional argument…"), so English prints it as it is.
 */
function parseArgsError(e: Error & { code?: string }): string {
  if (displayLocale() === 'en') return e.message;
  const option = /'(--?[^' ]+)/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return t('Unknown option {0}.', option);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return e.message.includes('argument missing') ? t('Option {0} needs a value.', option) : t('Option {0} takes no value.', option);
    default:
      return t('The options are not valid: {0}', e.message);
  }
}

function parseCommandLine(argv: string[]): CliArgs | NotRun {
  const [command, ...rest] = argv;
  if (command !== 'train' && command !== 'sweep' && command !== 'compare' && command !== 'export-script') return command === undefined || command === '--help' || command === '-h' ? { text: usage(), help: true } : wrong(t('Unknown command "{0}".', command));
  let parsed;
  try {
    // Each command takes only its own options: --rates to train is an unknown option, as a typo would be.
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        'max-updates': { type: 'string' },
        'data-root': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        ...(command === 'train' || command === 'compare' ? { 'fail-on': { type: 'string', multiple: true } } : {}),
        ...(command === 'train' ? { 'save-run': { type: 'string' } } : {}),
        ...(command === 'compare' ? { rates: { type: 'string' }, batches: { type: 'boolean' } } : {}),
        ...(command === 'export-script' ? { out: { type: 'string' } } : {}),
      },
    });
  } catch (e) {
    // parseArgs says what is wrong ("Unknown option '--x'", "Option '--max-updates <value>' argument missing").
    return wrong(parseArgsError(e as Error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { text: usage(), help: true };
  const failOnValues = 'fail-on' in values ? (values['fail-on'] as string[] | undefined) : undefined;
  // A run file declares itself ("format": "descent-run"): given run files, compare compares them.
  if (command === 'compare' && positionals.length > 0 && positionals.some(isRunFilePath)) {
    const others = positionals.filter((p) => !isRunFilePath(p));
    const named = others.map((o) => `"${o}"`).join(', ');
    if (others.length) return wrong(others.length === 1 ? t('compare takes one training.json, or run files; {0} is not a run file ("format": "descent-run").', named) : t('compare takes one training.json, or run files; {0} are not run files ("format": "descent-run").', named));
    const labOnly = ['rates', 'batches', 'max-updates', 'data-root'].filter((k) => (values as Record<string, unknown>)[k] !== undefined);
    if (labOnly.length) return wrong(t("--{0} applies to comparing a training.json's rates, not to run files.", labOnly[0] ?? ''));
    const parsedConditions = parseFailOn(failOnValues ?? []);
    if ('error' in parsedConditions) return wrong(parsedConditions.error, false);
    return { command: 'compare-runs', file: null, rates: null, batches: false, json: values.json ?? false, failOn: new Set(), maxUpdates: DEFAULT_MAX_UPDATES, dataRoots: [], runFiles: positionals, conditions: parsedConditions.conditions, saveRun: null, out: null };
  }
  if (command === 'compare' && failOnValues) return wrong(t('--fail-on compares run files (descent compare RUN.json RUN.json… --fail-on …); for a training.json, use descent train --fail-on.'));  // not translated: command syntax
  if (positionals.length > 1) return wrong(t('One training.json at a time (got {0} paths).', positionals.length));
  const failOn = new Set<string>();
  for (const v of (failOnValues ?? []).flatMap((list) => list.split(','))) {
    if (!VERDICTS.includes(v)) return wrong(t('--fail-on: unknown verdict "{0}" (diverged, oscillating or too-slow).', v), false);
    failOn.add(v);
  }
  let maxUpdates = DEFAULT_MAX_UPDATES;
  if (values['max-updates'] !== undefined) {
    maxUpdates = Number(values['max-updates']);
    if (!/^\d+$/.test(values['max-updates']) || !Number.isSafeInteger(maxUpdates) || maxUpdates < 1) return wrong(t('--max-updates needs a positive whole number.'), false);
  }
  const ratesText = 'rates' in values ? (values.rates as string | undefined) : undefined;
  const batches = 'batches' in values && values.batches === true;
  if (ratesText !== undefined && batches) return wrong(t('--rates and --batches compare different things: give one.'));
  let rates: number[] | null = null;
  if (ratesText !== undefined) {
    const parts = ratesText.split(',').map((t) => t.trim());
    rates = parts.map(Number);
    const bad = parts.find((t, i) => t === '' || !(Number.isFinite(rates?.[i]) && (rates?.[i] as number) > 0));
    if (bad !== undefined) return wrong(t('--rates: "{0}" is not a positive number (give 1 to {1} rates, e.g. --rates 0.01,0.1,0.5).', bad, MAX_COMPARE_RATES), false);
    if (rates.length > MAX_COMPARE_RATES) return wrong(t('--rates: at most {0} rates (got {1}).', MAX_COMPARE_RATES, rates.length), false);
  }
  const saveRun = 'save-run' in values ? ((values['save-run'] as string | undefined) ?? null) : null;
  const out = 'out' in values ? ((values.out as string | undefined) ?? null) : null;
  return { command, file: positionals[0] ?? null, rates, batches, json: values.json ?? false, failOn, maxUpdates, dataRoots: values['data-root'] ?? [], runFiles: [], conditions: [], saveRun, out };
}

/** The training.json a path argument names: the file itself, or the one in a folder. */
function configPath(arg: string | null): string {
  if (arg === null) return CONFIG_NAME;
  try {
    if (fs.statSync(arg).isDirectory()) return path.join(arg, CONFIG_NAME);
  } catch {
    // absent: reading it says so
  }
  return arg;
}

/** Reads training.json: only a regular file, at most MAX_CONFIG_BYTES, never blocking on a pipe. */
function readConfig(file: string, defaulted: boolean): { text: string } | { error: string } {
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if ('text' in read) return read;
  switch (read.kind) {
    case 'missing':
      return { error: defaulted ? t('{0}: no training.json in the current folder ({1}); pass a training.json or its folder.', file, process.cwd()) : t('{0}: cannot read training.json: no such file.', file) };
    case 'folder':
      return { error: t('{0}: cannot read training.json: it is a folder, not a file.', file) };
    case 'not-regular':
      return { error: t('{0}: cannot read training.json: it is not a regular file (a named pipe, a device or a socket).', file) };
    case 'too-large':
      return { error: t('{0}: training.json is {1}; Descent reads configs up to {2} MB.', file, formatBytes(read.bytes), MAX_CONFIG_BYTES / 1e6) };
    case 'changed':
      return { error: t('{0}: cannot read training.json: it changed while it was being read.', file) };
    case 'unreadable':
      // The system's own message (e.g. "EACCES: permission denied, open '…'").
      return { error: t('{0}: cannot read training.json: {1}.', file, read.message) };
    default: {
      const never: never = read;
      return { error: t('{0}: cannot read training.json ({1}).', file, JSON.stringify(never)) };
    }
  }
}

/**
 * `compute` in English when `json`: a JSON document is for programs, so its messages (a reason, a
 * problem) read the same whatever the display language. The display language is back afterwards.
 */
function forOutput<T>(json: boolean, compute: () => T): T {
  if (!json) return compute();
  const display: Language = currentLanguage();
  setLanguage({ locale: 'en' });
  try {
    return compute();
  } finally {
    setLanguage(display);
  }
}

function run(args: CliArgs, out: (s: string) => void, err: (s: string) => void): number {
  if (args.command === 'compare-runs') return compareRunFiles(args.runFiles, args.conditions, args.json, out, err);
  const file = configPath(args.file);
  const read = readConfig(file, args.file === null);
  if ('error' in read) {
    err(read.error);
    return 1;
  }
  // Data paths are relative to training.json and must stay inside its folder (or a --data-root);
  // the current folder grants nothing.
  const dir = path.dirname(path.resolve(file));
  const roots = [dir, ...args.dataRoots.map((r) => path.resolve(r))];
  // Built in the language of the moment: the reader's and the plan's messages name these.
  const options = (): PlanOptions => ({ reader: createFileReader(dir, roots, cliWording()), maxUpdates: args.maxUpdates, maxUpdatesSource: t('option --max-updates') });
  if (args.command === 'export-script') return exportScript(args, file, read.text, options(), out, err);
  if (args.command !== 'train') return runLab(args, file, read.text, options, out, err);
  const report: RunReport = forOutput(args.json, () => runTraining(read.text, options()));
  if (!report.trained) {
    if (args.json) writeJson(report, out);
    else for (const p of report.problems) (p.severity === 'error' || p.code === ProblemCode.TooManyUpdates ? err : out)(formatProblem(file, p));
    return 1;
  }
  if (args.json) writeJson(report, out);
  else out(formatReport(file, report));
  if (args.saveRun !== null) {
    try {
      // A CI names a fresh folder (runs/…): it is made.
      fs.mkdirSync(path.dirname(path.resolve(args.saveRun)), { recursive: true });
      writeFileAtomic(args.saveRun, serializeRunFile(runFileOf(report, file, DESCENT_VERSION, { trainingFile: path.relative(path.dirname(path.resolve(args.saveRun)), path.resolve(file)) })));
    } catch (e) {
      err(t('{0}: cannot write the run file: {1}', args.saveRun, (e as Error).message));
      return 1;
    }
  }
  if (report.verdict && args.failOn.has(report.verdict)) {
    if (!args.json) err(t('descent: verdict "{0}" matched --fail-on', report.verdict));
    return 2;
  }
  return 0;
}

/** `descent sweep` and `descent compare`: plan once, then train the lab's runs on the one plan. */
function runLab(args: CliArgs, file: string, text: string, options: () => PlanOptions, out: (s: string) => void, err: (s: string) => void): number {
  const { plan, problems } = forOutput(args.json, () => planRun(text, options()));
  // The same refusals as train: errors, or a run above --max-updates (each run of the lab is checked).
  if (!plan || hasErrors(problems) || problems.some((p) => p.code === ProblemCode.TooManyUpdates)) {
    // These lines are for a person: with --json the plan spoke English, so its problems are said again.
    const shown = args.json ? planRun(text, options()).problems : problems;
    for (const p of locateAll(text, shown)) (p.severity === 'error' || p.code === ProblemCode.TooManyUpdates ? err : out)(formatProblem(file, p));
    return 1;
  }
  if (args.command === 'sweep') {
    const sweep = forOutput(args.json, () => sweepLearningRates(plan));
    if (args.json) writeJson(sweep, out);
    else out(formatSweep(file, sweep));
    return 0;
  }
  const comparison = forOutput(args.json, () => (args.batches ? compareBatchSizes(plan, problems, text) : compareLearningRates(plan, problems, text, args.rates ?? undefined)));
  if (args.json) writeJson(comparison, out);
  else out(formatComparison(file, comparison));
  return 0;
}

/** `descent export-script`: the PyTorch script of the training.json, to stdout or --out. */
function exportScript(args: CliArgs, file: string, text: string, options: PlanOptions, out: (s: string) => void, err: (s: string) => void): number {
  const { data, problems } = scriptDataOf(text, options.reader);
  if (!data) {
    for (const p of locateAll(text, problems)) if (p.severity === 'error') err(formatProblem(file, p));
    return 1;
  }
  const config = data.config;
  const hash = runFileHash(config, file);
  const script = pytorchScript(data, { descentVersion: DESCENT_VERSION, trainingFile: file, dataSha256: hash });
  if (args.out === null) out(script);
  else {
    try {
      writeFileAtomic(args.out, script);
    } catch (e) {
      err(t('{0}: cannot write the script: {1}', args.out, (e as Error).message));
      return 1;
    }
  }
  return 0;
}

/** The data's SHA-256 for a script's header (null when it cannot be read). */
function runFileHash(config: NonNullable<RunReport['config']>, file: string): string | null {
  return hashData(config, path.dirname(path.resolve(file)))?.value ?? null;
}

/** Runs the CLI; returns the exit code. An error no input should cause is reported as a bug, without a stack trace. */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: Readonly<Record<string, string | undefined>> = process.env): number {
  try {
    const chosen = cliLanguage(argv, env);
    if ('error' in chosen) {
      // A --lang without a language: say so in the environment's language.
      const fallback = cliLanguage([], env);
      if ('language' in fallback) setLanguage(fallback.language);
      err(translate(chosen.error));
      return 1;
    }
    setLanguage(chosen.language);
    const args = parseCommandLine(chosen.argv);
    if ('text' in args) {
      (args.help ? out : err)(args.text);
      return args.help ? 0 : 1;
    }
    return run(args, out, err);
  } catch (e) {
    err(t('descent: unexpected error (a bug in Descent; please report it with the training.json): {0}', e instanceof Error ? e.message : String(e)));
    return EXIT_UNEXPECTED;
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  process.exitCode = main(process.argv.slice(2), (s) => console.log(s), (s) => console.error(s));
}
