import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataAccessError, type DataReader } from './core/run';
import { ProblemCode } from './core/problems';

/** CSVs above this are refused: read whole, they would not fit a JavaScript string or the host's heap. */
export const MAX_CSV_BYTES = 256 * 1024 * 1024;

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Reads data files for a training.json in `baseDir`, only inside `allowedRoots` (the workspace
 * folder, plus any folders the user allowed). Paths are resolved relative to `baseDir`; `..`
 * escapes, absolute paths and symlinks that lead outside are refused, checked after resolving
 * links so a link cannot smuggle a read out.
 */
export function createFileReader(baseDir: string, allowedRoots: readonly string[]): DataReader {
  return {
    readText(relative: string): string {
      const target = path.resolve(baseDir, relative);
      // Only absolute folders count: a relative one would resolve against whatever the process's
      // working directory happens to be.
      const roots = allowedRoots.filter((r) => path.isAbsolute(r)).map((r) => path.resolve(r));
      const rootsText = roots.length === 1 ? 'the workspace folder' : 'the workspace folder or the allowed folders';
      if (!roots.some((r) => inside(r, target))) {
        throw new DataAccessError(ProblemCode.DataOutsideWorkspace, `"${relative}" is outside ${rootsText}; Descent only reads data inside it (setting descent.allowedDataFolders).`);
      }
      let real: string;
      try {
        real = fs.realpathSync(target);
      } catch {
        throw new DataAccessError(ProblemCode.DataMissing, `CSV file "${relative}" does not exist (looked for ${target}).`);
      }
      const realRoots = roots.map((r) => {
        try {
          return fs.realpathSync(r);
        } catch {
          return r;
        }
      });
      if (!realRoots.some((r) => inside(r, real))) {
        throw new DataAccessError(ProblemCode.DataOutsideWorkspace, `"${relative}" is a link to ${real}, outside ${rootsText}; Descent only reads data inside it.`);
      }
      const stat = fs.statSync(real);
      if (stat.isDirectory()) throw new DataAccessError(ProblemCode.DataUnreadable, `"${relative}" is a folder, not a CSV file.`);
      if (stat.size > MAX_CSV_BYTES) {
        throw new DataAccessError(ProblemCode.DataUnreadable, `"${relative}" is ${(stat.size / 1e6).toFixed(0)} MB; Descent reads CSV files up to ${MAX_CSV_BYTES / 1024 / 1024} MiB.`);
      }
      try {
        return fs.readFileSync(real, 'utf8');
      } catch (e) {
        throw new DataAccessError(ProblemCode.DataUnreadable, `Cannot read "${relative}": ${(e as Error).message}.`);
      }
    },
  };
}
