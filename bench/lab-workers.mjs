// `npm run bench:lab`: the Descent Lab's figures (bench/labWorkers.ts), through the real training
// workers of dist/worker.js (build first: the npm script does). Bundles the TypeScript into
// bench/.build/ and runs it. Options: --rows=N --epochs=N --batch=full|N for the comparison's synthetic data.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, '.build');
process.chdir(path.join(here, '..'));

await esbuild.build({
  entryPoints: { 'lab-workers': path.join(here, 'labWorkers.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  // The lab's host code imports the vscode types only; Vega-Lite's compiler needs no canvas.
  external: ['vscode', 'canvas'],
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(path.join(outdir, 'lab-workers.mjs')).href);
process.exitCode = await main(process.argv.slice(2));
