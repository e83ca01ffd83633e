/**
 * Run files on disk (node, no vscode): the data's hash, atomic writes, and the `.descent/runs/`
 * folder `descent.keepRuns` fills beside a training.json, bounded to its newest KEPT_RUNS files.
 * The format itself is src/core/runFile.ts; the CLI and the extension host both write through here.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { carsCanonicalText } from './core/data';
import { type DataHash, type RunFile, buildRunFile, parseRunFile, serializeRunFile } from './core/runFile';
import { dataStamp } from './dataAccess';
import type { RunReport, TrainingConfig } from './shared/report';
import { t } from './shared/l10n';

/** How many kept runs a training.json's `.descent/runs/` holds: the newest; older ones are deleted as new ones arrive. */
export const KEPT_RUNS = 50;
/** The kept runs' folder, relative to the training.json's folder. */
export const KEPT_RUNS_DIR = path.join('.descent', 'runs');

const sha256 = (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

/**
 * The hash of the data a config names: a CSV's bytes (read again; when `stamp` is given, only if
 * the file is still the version the run read, else null), the embedded dataset's canonical text,
 * or the synthetic generator's parameters. `baseDir` is the training.json's folder.
 */
export function hashData(config: TrainingConfig, baseDir: string, stamp?: string | null): DataHash | null {
  const spec = config.data;
  switch (spec.kind) {
    case 'dataset':
      return { algorithm: 'sha256', of: 'dataset-text', value: sha256(carsCanonicalText()) };
    case 'synthetic':
      return { algorithm: 'sha256', of: 'generator-spec', value: sha256(JSON.stringify({ samples: spec.samples, features: spec.features, noise: spec.noise, seed: spec.seed })) };
    case 'csv': {
      const file = path.resolve(baseDir, spec.csv);
      try {
        const before = dataStamp(file);
        if (stamp && before !== stamp) return null;
        const bytes = fs.readFileSync(file);
        // Changed while hashing: the hash would name neither version.
        if (dataStamp(file) !== before) return null;
        return { algorithm: 'sha256', of: 'file-bytes', value: sha256(bytes) };
      } catch {
        return null;
      }
    }
    default: {
      const never: never = spec;
      throw new Error(`unknown data kind ${JSON.stringify(never)}`);
    }
  }
}

/**
 * hashData without blocking: a CSV is streamed through the hash (a 256 MiB file would hold the
 * extension host's event loop for most of a second if read and hashed in one call).
 */
export async function hashDataAsync(config: TrainingConfig, baseDir: string, stamp?: string | null): Promise<DataHash | null> {
  if (config.data.kind !== 'csv') return hashData(config, baseDir);
  const file = path.resolve(baseDir, config.data.csv);
  const before = dataStamp(file);
  if (before === null || (stamp && before !== stamp)) return null;
  const hash = crypto.createHash('sha256');
  try {
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  } catch {
    return null;
  }
  return dataStamp(file) === before ? { algorithm: 'sha256', of: 'file-bytes', value: hash.digest('hex') } : null;
}

/**
 * Writes `text` to `file` atomically: a temporary file in the same folder (so the rename stays on
 * one file system), flushed, then renamed over `file`. A reader sees the old file or the new one,
 * never half of one; on failure the temporary file is removed and the error thrown.
 */
export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

/** The run file of a report, with its data hashed now (see hashData) and this Descent's version. */
export function runFileOf(report: RunReport, trainingJson: string, descentVersion: string, facts: { stamp?: string | null; createdAt?: Date; trainingFile?: string | null } = {}): RunFile {
  if (!report.config) throw new Error('Only a trained run can be written as a run file.');
  const dataHash = hashData(report.config, path.dirname(path.resolve(trainingJson)), facts.stamp);
  return buildRunFile(report, { descentVersion, createdAt: facts.createdAt ?? new Date(), dataHash, trainingFile: facts.trainingFile ?? null });
}

/** The `.descent/runs/` folder of a training.json. */
export function keptRunsFolder(trainingJson: string): string {
  return path.join(path.dirname(path.resolve(trainingJson)), KEPT_RUNS_DIR);
}

/** A kept run's file name: its time (sortable, no colons) and run id, e.g. `2026-11-30T09-12-03-441Z-run12.json`. */
export function keptRunName(createdAt: Date, runId: number): string {
  return `${createdAt.toISOString().replace(/[:.]/g, '-')}-run${runId}.json`;
}

/** The kept run files of a training.json, oldest first (their names sort by time). */
export function listKeptRuns(trainingJson: string): string[] {
  const dir = keptRunsFolder(trainingJson);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .sort()
    .map((n) => path.join(dir, n));
}

/**
 * Keeps a finished run beside its training.json (`dataHash` from hashDataAsync): writes `.descent/runs/<time>-run<id>.json`
 * atomically, then deletes the oldest beyond `keep`. Returns the new file and the deleted ones.
 */
export function keepRun(trainingJson: string, report: RunReport, runId: number, descentVersion: string, dataHash: DataHash | null, keep = KEPT_RUNS, createdAt = new Date()): { file: string; deleted: string[] } {
  const dir = keptRunsFolder(trainingJson);
  fs.mkdirSync(dir, { recursive: true });
  const trainingFile = path.relative(dir, path.resolve(trainingJson));
  const run = buildRunFile(report, { descentVersion, createdAt, dataHash, trainingFile });
  const file = path.join(dir, keptRunName(createdAt, runId));
  writeFileAtomic(file, serializeRunFile(run));
  const all = listKeptRuns(trainingJson);
  const deleted = all.slice(0, Math.max(0, all.length - keep));
  for (const f of deleted) fs.rmSync(f, { force: true });
  return { file, deleted };
}

/** The kept runs of a training.json, oldest first, each read and validated: a bad file comes with its problems instead of a run. */
export function readKeptRuns(trainingJson: string): { file: string; run: RunFile | null; errors: string[] }[] {
  return listKeptRuns(trainingJson).map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return { file, run: null, errors: [t('{0}: cannot read the run file: {1}', file, (e as Error).message)] };
    }
    const parsed = parseRunFile(text, file);
    return 'run' in parsed ? { file, run: parsed.run, errors: [] } : { file, run: null, errors: parsed.errors };
  });
}

/**
 * Whether the data a kept run trained on has changed since (for marking it in the runs table):
 * the data its config names, hashed now, against the hash the run recorded. null when that cannot
 * be told: the run recorded no hash, or the data cannot be read now.
 */
export async function dataChangedSince(run: RunFile, trainingJson: string): Promise<boolean | null> {
  if (!run.data.hash) return null;
  const now = await hashDataAsync(run.config, path.dirname(path.resolve(trainingJson)));
  return now === null ? null : now.value !== run.data.hash.value || now.of !== run.data.hash.of;
}

/** Deletes every kept run of a training.json (and the folder when it is left empty); returns how many. */
export function deleteKeptRuns(trainingJson: string): number {
  const files = listKeptRuns(trainingJson);
  for (const f of files) fs.rmSync(f, { force: true });
  try {
    fs.rmdirSync(keptRunsFolder(trainingJson));
    fs.rmdirSync(path.dirname(keptRunsFolder(trainingJson)));
  } catch {
    // not empty (other files, or other tools' files in .descent): left alone
  }
  return files.length;
}
