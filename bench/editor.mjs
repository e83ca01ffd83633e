// `npm run bench:editor`: the editor-side figures, measured in the real VS Code host
// (code-server from npm, as the tests use it) and printed as one table:
//   - the VSIX and the minified webview script (npm run package);
//   - heap growth of the extension host over 200 re-trainings of the cars example, panel open;
//   - event-loop delay (p99) of the extension host while 10⁶ rows train in the worker;
//   - save-to-refresh for the shipped cars example, median of 20 saves (from the UI suite).
// Nothing here asserts a time: it prints what it measured.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, env = {}) => execFileSync(process.execPath, args, { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-bench-editor-'));

console.log('[bench:editor] packaging (production build)…');
const packaged = run(['scripts/package.mjs']);
const vsix = /VSIX .*: ([\d.]+) MB/.exec(packaged)?.[1];
const webviewKiB = fs.statSync(path.join(repo, 'dist', 'webview.js')).size / 1024;

console.log('[bench:editor] heap and event loop in the extension host…');
const hostOut = path.join(tmp, 'host.json');
run(['test/host/run-integration.mjs', '--tests', 'dist/test/bench-host/index.js', '--results', path.join(tmp, 'host-results.json'), '--timeout', '900'], { DESCENT_BENCH_OUT: hostOut });
const host = JSON.parse(fs.readFileSync(hostOut, 'utf8'));

console.log('[bench:editor] save-to-refresh through the UI…');
let timing = null;
try {
  run(['test/ui/run.mjs']);
} catch {
  console.log('[bench:editor] the UI suite reported a failure; using its timing if it measured one');
}
const timingFile = path.join(repo, 'test-results', 'ui-timing.json');
if (fs.existsSync(timingFile)) timing = JSON.parse(fs.readFileSync(timingFile, 'utf8'));
run(['esbuild.js']); // back to the development build the tests use

const rows = [
  ['VSIX size', `${vsix} MB`, '≤ 2 MB'],
  ['webview script, minified', `${webviewKiB.toFixed(0)} KiB`, '≤ 1 MB'],
  [`extension-host heap growth, ${host.heap.runs} re-trainings`, `${host.heap.growthMB.toFixed(1)} MB (${host.heap.beforeMB.toFixed(1)} → ${host.heap.afterMB.toFixed(1)} MB; ${host.heap.msPerRun.toFixed(0)} ms a run)`, '< 20 MB'],
  [`event-loop delay while ${host.eventLoop.rows.toLocaleString('en-US')} rows train (${(host.eventLoop.runMs / 1000).toFixed(1)} s)`, `p99 ${host.eventLoop.p99Ms.toFixed(1)} ms (p50 ${host.eventLoop.p50Ms.toFixed(1)}, max ${host.eventLoop.maxMs.toFixed(0)})`, 'p99 < 10 ms'],
  ['save to refreshed panel, cars example', timing ? `median ${timing.medianMs} ms (p90 ${timing.p90Ms}, ${timing.saves} saves)` : 'not measured', 'median ≤ 60 ms'],
];
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
console.log(`\nDescent editor benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}`);
for (const [what, figure, target] of rows) console.log(`  ${what.padEnd(w[0])}  ${figure.padEnd(w[1])}  target ${target}`);
fs.rmSync(tmp, { recursive: true, force: true });
