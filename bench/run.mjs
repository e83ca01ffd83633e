// `npm run bench [-- --smoke]`: bundles the TypeScript benchmark (it imports the core's sources)
// with esbuild into bench/.build/ and runs it. The C reference is compiled by the bench itself; the
// tfjs peer is installed on demand into bench/.build/tfjs (bench/tfjs.ts).
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, '.build');
process.chdir(path.join(here, '..'));

await esbuild.build({
  entryPoints: { main: path.join(here, 'main.ts'), 'csv-child': path.join(here, 'csv-child.ts'), 'memory-child': path.join(here, 'memory-child.ts'), 'prefetch-thread': path.join(here, '..', 'src', 'prefetchThread.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's UMD build cannot be bundled as ESM; its ESM build can.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(path.join(outdir, 'main.mjs')).href);
process.exitCode = await main(process.argv.slice(2));
