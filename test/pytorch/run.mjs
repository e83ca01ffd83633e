// The `pytorch` part of `npm test`: makes sure Debian's python3-torch (PyTorch 1.13) and
// python3-numpy are importable by /usr/bin/python3 — installing them with apt-get when they are
// missing, which needs root and Debian's mirrors — then runs the agreement test
// (test/pytorch/agreement.test.ts). It never skips: when the packages cannot be had, the part fails
// and says why. Prints how long the set-up and the test took.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-torch', 'python3-numpy'];
const results = path.join(repo, 'test-results');

function fail(message) {
  console.error(`pytorch: ${message}`);
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, 'pytorch.json'), JSON.stringify({ passed: 0, failed: 1, pending: 0 }));
  console.log('pytorch: 0 passed, 1 failed');
  process.exit(1);
}

const importable = () => spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });

const setupStart = Date.now();
let probe = fs.existsSync(PYTHON) ? importable() : { status: 1, stderr: `${PYTHON} does not exist` };
if (probe.status !== 0) {
  console.log(`pytorch: torch or numpy is missing for ${PYTHON}; installing ${PACKAGES.join(' ')} with apt-get`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) fail(`installing ${PACKAGES.join(' and ')} needs root (apt-get); run as root, or install them first: sudo apt-get install -y ${PACKAGES.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env });
  let install = apt(['install', '-y', ...PACKAGES]);
  // A fresh machine has no package lists yet: update once and try again.
  if (install.status !== 0) {
    apt(['update']);
    install = apt(['install', '-y', ...PACKAGES]);
  }
  if (install.error) fail(`apt-get could not be run (${install.error.message}); this test needs Debian's ${PACKAGES.join(' and ')}.`);
  if (install.status !== 0) fail(`apt-get install ${PACKAGES.join(' ')} failed (exit ${install.status}); the PyTorch agreement test cannot run without them.`);
  probe = importable();
  if (probe.status !== 0) fail(`${PACKAGES.join(' and ')} are installed but ${PYTHON} cannot import them: ${probe.stderr}`);
}
const setupSeconds = (Date.now() - setupStart) / 1000;
console.log(`pytorch: PyTorch ${probe.stdout.trim()} for ${PYTHON} (set-up ${setupSeconds.toFixed(1)}s)`);

const testStart = Date.now();
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--config=test/vitest.pytorch.mts', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'pytorch-vitest.json')}`],
  { cwd: repo, stdio: 'inherit' },
);
const testSeconds = (Date.now() - testStart) / 1000;
let counts = { passed: 0, failed: 1, pending: 0 };
try {
  const json = JSON.parse(fs.readFileSync(path.join(results, 'pytorch-vitest.json'), 'utf8'));
  counts = { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0, pending: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0) };
} catch {
  // no result file: vitest crashed; counted as one failure
}
fs.writeFileSync(path.join(results, 'pytorch.json'), JSON.stringify(counts));
console.log(`pytorch: set-up ${setupSeconds.toFixed(1)}s, agreement test ${testSeconds.toFixed(1)}s`);
console.log(`pytorch: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(vitest.status === 0 && counts.failed === 0 ? 0 : 1);
