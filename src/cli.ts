import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem, formatReport } from './cliFormat';
import { ProblemCode } from './core/problems';
import { runTraining, type RunReport } from './core/run';
import { createFileReader } from './dataAccess';

const USAGE = `Usage: descent train [path/to/training.json] [--json] [--fail-on diverged|oscillating|too-slow] [--max-updates N]

Trains the linear model a training.json describes and reports the loss, the update counts,
the verdict on the learning rate and the final weights.

Exit codes: 0 trained; 1 the config or data is invalid; 2 --fail-on matched.`;

const DEFAULT_CONFIG = 'examples/cars/training.json';
/** The CLI's guard against a config that would run for hours (the editor asks instead). */
const DEFAULT_MAX_UPDATES = 100_000_000;

interface CliArgs {
  file: string;
  json: boolean;
  failOn: Set<string>;
  maxUpdates: number;
}

function parseArgs(argv: string[]): CliArgs | string {
  const [command, ...rest] = argv;
  if (command !== 'train') return command === undefined || command === '--help' || command === '-h' ? USAGE : `Unknown command "${command}".\n\n${USAGE}`;
  const args: CliArgs = { file: DEFAULT_CONFIG, json: false, failOn: new Set(), maxUpdates: DEFAULT_MAX_UPDATES };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--json') args.json = true;
    else if (a === '--fail-on') {
      const list = rest[++i];
      if (!list) return `--fail-on needs a verdict: diverged, oscillating or too-slow.`;
      for (const v of list.split(',')) {
        if (!['diverged', 'oscillating', 'too-slow'].includes(v)) return `--fail-on: unknown verdict "${v}" (diverged, oscillating or too-slow).`;
        args.failOn.add(v);
      }
    } else if (a === '--max-updates') {
      const n = Number(rest[++i]);
      if (!Number.isInteger(n) || n < 1) return '--max-updates needs a positive whole number.';
      args.maxUpdates = n;
    } else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('-')) return `Unknown option "${a}".\n\n${USAGE}`;
    else args.file = a;
  }
  return args;
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    (args === USAGE ? out : err)(args);
    return args === USAGE ? 0 : 1;
  }
  const file = args.file;
  let text: string;
  try {
    if (fs.statSync(file).isDirectory()) throw new Error('it is a folder, not a file');
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    err(`${file}: cannot read training.json: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    return 1;
  }
  const dir = path.dirname(path.resolve(file));
  let report: RunReport;
  try {
    // The CLI has no workspace: data may come from the config's folder or the current directory.
    report = runTraining(text, { reader: createFileReader(dir, [dir, process.cwd()]), maxUpdates: args.maxUpdates });
  } catch (e) {
    err(`${file}: training failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  if (!report.trained) {
    if (args.json) out(JSON.stringify(report, null, 2));
    else for (const p of report.problems) (p.severity === 'error' || p.code === ProblemCode.TooManyUpdates ? err : out)(formatProblem(file, p));
    return 1;
  }
  out(args.json ? JSON.stringify(report, null, 2) : formatReport(file, report));
  if (report.verdict && args.failOn.has(report.verdict)) {
    if (!args.json) err(`descent: verdict "${report.verdict}" matched --fail-on`);
    return 2;
  }
  return 0;
}

if (typeof require !== 'undefined' && require.main === module) {
  process.exitCode = main(process.argv.slice(2), (s) => console.log(s), (s) => console.error(s));
}
