import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cliLanguage } from './cliLanguage';
import { setLanguage } from './shared/l10n';
import { formatProblem, formatReport, writeJson } from './cliFormat';
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

const USAGE = `Usage: descent train [PATH] [--json] [--fail-on VERDICT[,VERDICT]] [--save-run FILE] [--max-updates N] [--data-root DIR]...
       descent sweep [PATH] [--json] [--max-updates N] [--data-root DIR]...
       descent compare [PATH] [--rates A,B,C | --batches] [--json] [--max-updates N] [--data-root DIR]...
       descent compare RUN.json RUN.json... [--fail-on CONDITION[,CONDITION]] [--json]
       descent export-script [PATH] [--out FILE] [--data-root DIR]...

train   trains the model a training.json describes (linear or logistic) and reports the loss, the update counts,
        the verdict on the learning rate and the final weights.
sweep   trains the config at 24 learning rates around its stable bound and prints final loss
        against rate (a table and a chart), the bound, the suggestion and the best rate.
compare trains the config at a too-low, the suggested and a too-high rate (or the rates of
        compare.learningRates, or --rates), or with --batches as full batch, mini-batch and SGD,
        and prints one line per run. Given run files (written by --save-run or descent.keepRuns),
        it prints them side by side instead: what differs, verdict, epochs to converge, final loss.
export-script writes a standalone PyTorch script that trains the same run (stdout, or --out FILE).

PATH is a training.json, or a folder holding one; without it, training.json in the current folder.
  --json              print the report (sweep: the sweep's data; compare: the runs' reports) as one JSON document
  --fail-on VERDICTS  train: exit 2 when the verdict is one of diverged, oscillating, too-slow (comma-separated)
  --fail-on CONDS     compare of run files: exit 2 when a condition holds for any run: a verdict, not-converged,
                      or final-loss / epochs-to-converge with >, >=, <, <= and a number (e.g. final-loss>20)
  --save-run FILE     train: also write the run as a run file (format descent-run, version 1)
  --out FILE          export-script: write the script to FILE (atomically) instead of stdout
  --rates A,B,C       compare: these learning rates (1 to 8 positive numbers) instead of the file's or the three-rate plan
  --batches           compare: full batch, a mini-batch and SGD at the file's rate instead of rates
  --max-updates N     refuse a run of more than N weight updates (default 100,000,000; sweep and compare: each run)
  --data-root DIR     also read data files inside DIR (repeatable); by default only inside PATH's folder

Exit codes: 0 trained; 1 the config, the data or the options are invalid; 2 --fail-on matched; 3 an unexpected error (a bug).`;

const CONFIG_NAME = 'training.json';
/** The CLI's guard against a config that would run for hours (the editor asks instead). */
const DEFAULT_MAX_UPDATES = 100_000_000;
const VERDICTS = [...VERDICT_CODES];
/** Exit code of an error that is no fault of the input: a bug, reported as such. */
export const EXIT_UNEXPECTED = 3;

/** How the CLI names where data may come from: it has no workspace, and no editor settings. */
const CLI_WORDING: ReaderWording = {
  root: 'the folder of training.json',
  roots: 'the folder of training.json or the --data-root folders',
  widen: 'option --data-root',
};

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

function parseCommandLine(argv: string[]): CliArgs | string {
  const [command, ...rest] = argv;
  if (command !== 'train' && command !== 'sweep' && command !== 'compare' && command !== 'export-script') return command === undefined || command === '--help' || command === '-h' ? USAGE : `Unknown command "${command}".\n\n${USAGE}`;
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
    return `${(e as Error).message}\n\n${USAGE}`;
  }
  const { values, positionals } = parsed;
  if (values.help) return USAGE;
  const failOnValues = 'fail-on' in values ? (values['fail-on'] as string[] | undefined) : undefined;
  // A run file declares itself ("format": "descent-run"): given run files, compare compares them.
  if (command === 'compare' && positionals.length > 0 && positionals.some(isRunFilePath)) {
    const others = positionals.filter((p) => !isRunFilePath(p));
    if (others.length) return `compare takes one training.json, or run files; ${others.map((o) => `"${o}"`).join(', ')} ${others.length === 1 ? 'is not a run file' : 'are not run files'} ("format": "descent-run").\n\n${USAGE}`;
    const labOnly = ['rates', 'batches', 'max-updates', 'data-root'].filter((k) => (values as Record<string, unknown>)[k] !== undefined);
    if (labOnly.length) return `--${labOnly[0]} applies to comparing a training.json's rates, not to run files.\n\n${USAGE}`;
    const parsedConditions = parseFailOn(failOnValues ?? []);
    if ('error' in parsedConditions) return parsedConditions.error;
    return { command: 'compare-runs', file: null, rates: null, batches: false, json: values.json ?? false, failOn: new Set(), maxUpdates: DEFAULT_MAX_UPDATES, dataRoots: [], runFiles: positionals, conditions: parsedConditions.conditions, saveRun: null, out: null };
  }
  if (command === 'compare' && failOnValues) return `--fail-on compares run files (descent compare RUN.json RUN.json… --fail-on …); for a training.json, use descent train --fail-on.\n\n${USAGE}`;
  if (positionals.length > 1) return `One training.json at a time (got ${positionals.length} paths).\n\n${USAGE}`;
  const failOn = new Set<string>();
  for (const v of (failOnValues ?? []).flatMap((list) => list.split(','))) {
    if (!VERDICTS.includes(v)) return `--fail-on: unknown verdict "${v}" (diverged, oscillating or too-slow).`;
    failOn.add(v);
  }
  let maxUpdates = DEFAULT_MAX_UPDATES;
  if (values['max-updates'] !== undefined) {
    maxUpdates = Number(values['max-updates']);
    if (!/^\d+$/.test(values['max-updates']) || !Number.isSafeInteger(maxUpdates) || maxUpdates < 1) return '--max-updates needs a positive whole number.';
  }
  const ratesText = 'rates' in values ? (values.rates as string | undefined) : undefined;
  const batches = 'batches' in values && values.batches === true;
  if (ratesText !== undefined && batches) return `--rates and --batches compare different things: give one.\n\n${USAGE}`;
  let rates: number[] | null = null;
  if (ratesText !== undefined) {
    const parts = ratesText.split(',').map((t) => t.trim());
    rates = parts.map(Number);
    const bad = parts.find((t, i) => t === '' || !(Number.isFinite(rates?.[i]) && (rates?.[i] as number) > 0));
    if (bad !== undefined) return `--rates: "${bad}" is not a positive number (give 1 to ${MAX_COMPARE_RATES} rates, e.g. --rates 0.01,0.1,0.5).`;
    if (rates.length > MAX_COMPARE_RATES) return `--rates: at most ${MAX_COMPARE_RATES} rates (got ${rates.length}).`;
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
      return { error: defaulted ? `${file}: no training.json in the current folder (${process.cwd()}); pass a training.json or its folder.` : `${file}: cannot read training.json: no such file.` };
    case 'folder':
      return { error: `${file}: cannot read training.json: it is a folder, not a file.` };
    case 'not-regular':
      return { error: `${file}: cannot read training.json: it is not a regular file (a named pipe, a device or a socket).` };
    case 'too-large':
      return { error: `${file}: training.json is ${formatBytes(read.bytes)}; Descent reads configs up to ${MAX_CONFIG_BYTES / 1e6} MB.` };
    case 'changed':
    case 'unreadable':
      return { error: `${file}: cannot read training.json: ${read.kind === 'changed' ? 'it changed while it was being read' : read.message}.` };
    default: {
      const never: never = read;
      return { error: `${file}: cannot read training.json (${JSON.stringify(never)}).` };
    }
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
  const options = { reader: createFileReader(dir, roots, CLI_WORDING), maxUpdates: args.maxUpdates, maxUpdatesSource: 'option --max-updates' };
  if (args.command === 'export-script') return exportScript(args, file, read.text, options, out, err);
  if (args.command !== 'train') return runLab(args, file, read.text, options, out, err);
  const report: RunReport = runTraining(read.text, options);
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
      err(`${args.saveRun}: cannot write the run file: ${(e as Error).message}`);
      return 1;
    }
  }
  if (report.verdict && args.failOn.has(report.verdict)) {
    if (!args.json) err(`descent: verdict "${report.verdict}" matched --fail-on`);
    return 2;
  }
  return 0;
}

/** `descent sweep` and `descent compare`: plan once, then train the lab's runs on the one plan. */
function runLab(args: CliArgs, file: string, text: string, options: PlanOptions, out: (s: string) => void, err: (s: string) => void): number {
  const { plan, problems } = planRun(text, options);
  // The same refusals as train: errors, or a run above --max-updates (each run of the lab is checked).
  if (!plan || hasErrors(problems) || problems.some((p) => p.code === ProblemCode.TooManyUpdates)) {
    for (const p of locateAll(text, problems)) (p.severity === 'error' || p.code === ProblemCode.TooManyUpdates ? err : out)(formatProblem(file, p));
    return 1;
  }
  if (args.command === 'sweep') {
    const sweep = sweepLearningRates(plan);
    if (args.json) writeJson(sweep, out);
    else out(formatSweep(file, sweep));
    return 0;
  }
  const comparison = args.batches ? compareBatchSizes(plan, problems, text) : compareLearningRates(plan, problems, text, args.rates ?? undefined);
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
      err(`${args.out}: cannot write the script: ${(e as Error).message}`);
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
      err(chosen.error);
      return 1;
    }
    setLanguage(chosen.language);
    const args = parseCommandLine(chosen.argv);
    if (typeof args === 'string') {
      (args === USAGE ? out : err)(args);
      return args === USAGE ? 0 : 1;
    }
    return run(args, out, err);
  } catch (e) {
    err(`descent: unexpected error (a bug in Descent; please report it with the training.json): ${e instanceof Error ? e.message : String(e)}`);
    return EXIT_UNEXPECTED;
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  process.exitCode = main(process.argv.slice(2), (s) => console.log(s), (s) => console.error(s));
}
