/**
 * The CLI's run-file commands: `descent compare run1.json run2.json … [--fail-on …]` (kept runs
 * side by side, exit 2 when a condition holds) and the table it prints. A run file declares itself
 * (`"format": "descent-run"`), which is how `compare` tells run files from a training.json.
 */
import * as path from 'node:path';
import { MAX_CONFIG_BYTES } from './core/config';
import { declaresRunFile, epochsToConverge, parseRunFile, type RunFile } from './core/runFile';
import { type FailCondition, configDifferences, failures } from './core/runCompare';
import { type ReadFailure, readRegularFile } from './dataAccess';
import { displayWidth, lossUnitLabel, padEndColumns, verdictLabel } from './cliFormat';
import { formatCount, formatNumber } from './shared/format';
import { t } from './shared/l10n';

/** Run files are small (a thinned history): this bounds a mistaken argument, not a real run. */
const MAX_RUN_FILE_BYTES = 64 * MAX_CONFIG_BYTES;

/** Whether `file` is a run file (reads and parses it; false for anything else, a training.json included). */
export function isRunFilePath(file: string): boolean {
  if (!file.endsWith('.json')) return false;
  const read = readRegularFile(file, MAX_RUN_FILE_BYTES);
  if (!('text' in read)) return false;
  try {
    return declaresRunFile(JSON.parse(read.text));
  } catch {
    return false;
  }
}

/** Reads run files: the runs, or every problem of every file. */
export function readRunFiles(files: readonly string[]): { runs: RunFile[] } | { errors: string[] } {
  const runs: RunFile[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const read = readRegularFile(file, MAX_RUN_FILE_BYTES);
    if (!('text' in read)) {
      errors.push(t('{0}: cannot read the run file ({1}).', file, readFailure(read)));
      continue;
    }
    const parsed = parseRunFile(read.text, file);
    if ('errors' in parsed) errors.push(...parsed.errors);
    else runs.push(parsed.run);
  }
  return errors.length ? { errors } : { runs };
}

/** Why a file could not be read, in a word or two: "missing", "folder"…, or the system's message. */
function readFailure(read: ReadFailure): string {
  switch (read.kind) {
    case 'unreadable':
      return read.message;
    case 'missing':
      return t('missing');
    case 'folder':
      return t('folder');
    case 'not-regular':
      return t('not-regular');
    case 'too-large':
      return t('too-large');
    case 'changed':
      return t('changed');
    default: {
      const never: never = read;
      return String(never);
    }
  }
}

/**
 * The comparison table: one row a run (its file name, the config keys that differ between the
 * runs, the verdict, the epochs to converge, the final loss), e.g.
 * ```
 * run          learningRate  verdict     converged at  final loss
 * a.json       0.05          too-slow    —             20.1
 * b.json       0.5           converged   epoch 2       18.68
 * ```
 */
export function formatRunComparison(files: readonly string[], runs: readonly RunFile[]): string {
  const diffs = configDifferences(runs);
  const header = [t('run'), ...diffs.map((d) => d.key), t('verdict'), t('converged at'), t('final loss')];
  const rows = runs.map((run, i) => {
    const converged = epochsToConverge(run);
    return [
      path.basename(files[i] ?? ''),
      ...diffs.map((d) => d.values[i] ?? ''),
      verdictLabel(run.verdict),
      converged === null ? '—' : t('epoch {0}', formatCount(converged)),
      run.finalLoss === null ? `— (${t('overflowed')})` : `${formatNumber(run.finalLoss)} ${lossUnitLabel(run.lossUnit)}`,
    ];
  });
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: string[]) => cells.map((cell, c) => padEndColumns(cell, widths[c] ?? 0)).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];
  if (diffs.length === 0) out.push('', t('The runs have the same config and data.'));
  const datasets = new Set(runs.map((r) => r.data.hash?.value ?? 'unknown'));
  if (datasets.size > 1) out.push('', t('The runs trained on different data (data.sha256 differs).'));
  return out.join('\n');
}

/** `descent compare` of run files: prints the table, then each failed condition; returns the exit code (2 when a condition holds). */
export function compareRunFiles(files: readonly string[], conditions: readonly FailCondition[], json: boolean, out: (s: string) => void, err: (s: string) => void): number {
  const read = readRunFiles(files);
  if ('errors' in read) {
    for (const e of read.errors) err(e);
    return 1;
  }
  const failed = failures(conditions, read.runs);
  if (json) {
    out(
      JSON.stringify(
        {
          runs: read.runs.map((r, i) => ({ file: files[i], verdict: r.verdict, verdictEpoch: r.verdictEpoch, epochsToConverge: epochsToConverge(r), finalLoss: r.finalLoss, dataSha256: r.data.hash?.value ?? null })),
          differences: configDifferences(read.runs),
          failed: failed.map((f) => ({ file: files[f.run], condition: f.condition })),
        },
        null,
        2,
      ),
    );
  } else out(formatRunComparison(files, read.runs));
  for (const f of failed) err(t('descent: {0}: --fail-on {1} holds', files[f.run] ?? '', f.condition));
  return failed.length ? 2 : 0;
}
