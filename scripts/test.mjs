// `npm test`: every check in order, each timed, with a summary at the end.
//   build → lint → typecheck → unit (vitest) → pytorch (the exported script run by PyTorch) → integration (real VS Code) → untrusted (the same, in
//   Restricted Mode) → ui (if test/ui/run.mjs exists) → ui-ja (the
//   UI tests of test/ui/japanese.mjs in VS Code's Japanese display language)
// A failing part does not stop the later ones, so one run reports every failure; the exit code is
// non-zero if any part failed. The last line is `N passed, M failed`: tests counted by the test
// layers, plus one failure for each part that failed without reporting a failed test of its own
// (a build, lint or typecheck error, or a test layer that crashed), so it never reads
// "0 failed" on a failing run.
//
//   node scripts/test.mjs [--only unit,integration] [--skip ui]
//
// Test counts come from result files in test-results/: unit.json (vitest's json reporter),
// integration.json (test/host/run-integration.mjs), ui.json ({ passed, failed, pending }, written
// by test/ui/run.mjs); failing that, from a `<layer>: N passed, M failed` line in the output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(repo, 'test-results');

const { values: opts } = parseArgs({ options: { only: { type: 'string' }, skip: { type: 'string' } } });
const only = opts.only ? opts.only.split(',').map((s) => s.trim()) : null;
const skip = opts.skip ? opts.skip.split(',').map((s) => s.trim()) : [];

/** @typedef {{ passed: number, failed: number, pending: number }} Counts */

const parts = [
  { name: 'build', cmd: 'npm', args: ['run', 'build'] },
  { name: 'lint', cmd: 'npm', args: ['run', 'lint'] },
  { name: 'typecheck', cmd: 'npm', args: ['run', 'typecheck'] },
  {
    name: 'unit',
    cmd: 'npx',
    args: [
      'vitest', 'run',
      ...vitestConfig(),
      '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'unit.json')}`,
      // Integration and UI tests run in VS Code, not vitest; vitest 4 only excludes node_modules and .git by default.
      '--exclude=test/integration/**', '--exclude=test/untrusted/**', '--exclude=test/ui/**', '--exclude=test/pytorch/**', '--exclude=dist/**', '--exclude=.vscode-test/**',
    ],
    resultFile: path.join(results, 'unit.json'),
    counts: (json) => ({ passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0, pending: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0) }),
  },
  {
    // The exported PyTorch script against Descent's losses; installs python3-torch with apt when missing.
    name: 'pytorch',
    cmd: process.execPath,
    args: ['test/pytorch/run.mjs'],
    resultFile: path.join(results, 'pytorch.json'),
    counts: layerCounts,
  },
  {
    name: 'integration',
    cmd: process.execPath,
    args: ['test/host/run-integration.mjs'],
    resultFile: path.join(results, 'integration.json'),
    counts: layerCounts,
  },
  {
    // The same runner with workspace trust on: the fixture opens in Restricted Mode.
    name: 'untrusted',
    cmd: process.execPath,
    args: ['test/host/run-integration.mjs', '--untrusted', '--tests', 'dist/test/untrusted/index.js', '--results', path.join(results, 'untrusted.json')],
    resultFile: path.join(results, 'untrusted.json'),
    counts: layerCounts,
  },
  {
    name: 'ui',
    cmd: process.execPath,
    args: ['test/ui/run.mjs'],
    when: () => fs.existsSync(path.join(repo, 'test', 'ui', 'run.mjs')),
    resultFile: path.join(results, 'ui.json'),
    counts: layerCounts,
  },
  {
    // The UI once more in VS Code's Japanese display language (test/ui/japanese.mjs).
    name: 'ui-ja',
    cmd: process.execPath,
    args: ['test/ui/run.mjs', '--locale', 'ja'],
    when: () => fs.existsSync(path.join(repo, 'test', 'ui', 'japanese.mjs')),
    resultFile: path.join(results, 'ui-ja.json'),
    counts: layerCounts,
  },
];

/** vitest finds a root vitest.config.* itself; this repo keeps its config in test/. */
function vitestConfig() {
  const config = ['vitest.config.mts', 'vitest.config.ts', 'vitest.config.mjs', 'vitest.config.js']
    .map((f) => path.join('test', f))
    .find((f) => fs.existsSync(path.join(repo, f)));
  return config ? [`--config=${config}`] : [];
}

function layerCounts(json) {
  return { passed: json.passed ?? 0, failed: json.failed ?? 0, pending: json.pending ?? json.skipped ?? 0 };
}

/** Runs a command with output passed through and kept (its tail) for parsing counts. */
function run(cmd, args) {
  return new Promise((resolve) => {
    let tail = '';
    const keep = (chunk) => {
      tail = (tail + chunk).slice(-200_000);
    };
    const child = spawn(cmd, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    child.stdout.on('data', (c) => {
      process.stdout.write(c);
      keep(c.toString());
    });
    child.stderr.on('data', (c) => {
      process.stderr.write(c);
      keep(c.toString());
    });
    child.on('error', (e) => resolve({ code: 127, output: `${tail}\n${e.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output: tail }));
  });
}

/** @returns {Counts | null} */
function readCounts(part, output) {
  if (part.resultFile && fs.existsSync(part.resultFile)) {
    try {
      return part.counts(JSON.parse(fs.readFileSync(part.resultFile, 'utf8')));
    } catch {
      // Fall through to the output.
    }
  }
  const plain = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
  const line = [...plain.matchAll(new RegExp(`^${part.name}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?$`, 'gm'))].pop();
  if (line) return { passed: Number(line[1]), failed: Number(line[2]), pending: Number(line[3] ?? 0) };
  return null;
}

async function main() {
  fs.mkdirSync(results, { recursive: true });
  const selected = parts.filter((p) => (!only || only.includes(p.name)) && !skip.includes(p.name));
  const rows = [];
  const t0 = Date.now();
  for (const [i, part] of selected.entries()) {
    if (part.when && !part.when()) {
      rows.push({ name: part.name, status: 'absent', seconds: 0, counts: null });
      continue;
    }
    console.log(`\n=== [${i + 1}/${selected.length}] ${part.name}: ${[path.basename(part.cmd), ...part.args].join(' ')}`);
    if (part.resultFile) fs.rmSync(part.resultFile, { force: true });
    const started = Date.now();
    const { code, output } = await run(part.cmd, part.args);
    const seconds = (Date.now() - started) / 1000;
    const counts = part.counts ? readCounts(part, output) : null;
    rows.push({ name: part.name, status: code === 0 ? 'ok' : `FAILED (exit ${code})`, seconds, counts });
    console.log(`=== ${part.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds.toFixed(1)}s`);
  }

  let passed = 0;
  let failed = 0;
  let pending = 0;
  for (const row of rows) {
    if (row.counts) {
      passed += row.counts.passed;
      failed += row.counts.failed;
      pending += row.counts.pending;
    }
    // A failed part with no failed test of its own still counts once.
    if (row.status.startsWith('FAILED') && !(row.counts && row.counts.failed > 0)) {
      failed += 1;
      row.note = 'counted as 1 failure';
    }
  }

  console.log('\nSummary');
  const table = [['part', 'status', 'time', 'tests'], ...rows.map((r) => [
    r.name,
    r.status,
    r.status === 'absent' ? '-' : `${r.seconds.toFixed(1)}s`,
    [r.counts ? `${r.counts.passed} passed, ${r.counts.failed} failed${r.counts.pending ? `, ${r.counts.pending} skipped` : ''}` : '-', r.note]
      .filter(Boolean)
      .join('; '),
  ])];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  for (const [n, r] of table.entries()) {
    console.log(`  ${r.map((cell, c) => cell.padEnd(widths[c])).join('  ')}`);
    if (n === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  }
  console.log(`  total ${((Date.now() - t0) / 1000).toFixed(1)}s${pending ? `, ${pending} skipped` : ''}`);
  const anyFailed = rows.some((r) => r.status.startsWith('FAILED'));
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(anyFailed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
});
