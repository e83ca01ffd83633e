import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILD_DIR, type Job, type Params, ROOT } from './jobs';

/** The flags of the C column, plus -ffp-contract=off so no fused multiply-add changes a bit. */
export const C_FLAGS = ['-O3', '-march=native', '-ffp-contract=off'];

/** Compiles bench/reference.c into bench/.build/ (when the source is newer) and returns the executable. */
export function compileReference(): string {
  const source = path.join(ROOT, 'bench', 'reference.c');
  const exe = path.join(BUILD_DIR, 'reference');
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const stale = !fs.existsSync(exe) || fs.statSync(exe).mtimeMs < fs.statSync(source).mtimeMs;
  if (stale) execFileSync('gcc', [...C_FLAGS, '-o', exe, source, '-lm'], { stdio: 'pipe' });
  return exe;
}

/** The compiler's version line, for the report. */
export function compilerVersion(): string {
  try {
    return execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'gcc';
  } catch {
    return 'gcc (not found)';
  }
}

export interface ReferenceRun extends Params {
  /** Milliseconds per epoch of each run (wall time of its epochs ÷ epochs; loading the data is not timed). */
  msPerEpoch: number[];
  loss: number;
}

/** Runs the C reference `runs` times on a data file written by writeData; `optimizer` e.g. `["adam", "0.9", "0.999", "1e-8"]` (default plain descent). */
export function runReference(exe: string, dataFile: string, rows: number, d: number, job: Job, runs: number, optimizer: string[] = []): ReferenceRun {
  const args = [...[dataFile, rows, d, job.batch, job.epochs, job.lr, job.seed, runs].map(String), ...optimizer];
  const out = execFileSync(exe, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  const lines = out.trim().split('\n');
  const msPerEpoch: number[] = [];
  let last: Params & { loss: number } = { w: [], b: NaN, loss: NaN };
  for (const line of lines) {
    // run <ms> loss <loss> b <b> w <w1> … <wd>
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'run' || f[2] !== 'loss' || f[4] !== 'b' || f[6] !== 'w') throw new Error(`unexpected output from the C reference: ${line}`);
    msPerEpoch.push(Number(f[1]) / job.epochs);
    last = { loss: Number(f[3]), b: Number(f[5]), w: f.slice(7).map(Number) };
  }
  if (last.w.length !== d) throw new Error(`the C reference printed ${last.w.length} weights, expected ${d}`);
  return { msPerEpoch, ...last };
}
