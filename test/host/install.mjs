// Installs the real VS Code that integration and UI tests run in: code-server from the npm
// registry (VS Code 1.100.3 with a node extension host), served to Debian's headless Chromium.
// @vscode/test-electron cannot be used on these machines because it downloads VS Code from
// Microsoft at run time; only the npm registry and Debian's packages are reachable.
//
//   import { ensureHost } from './install.mjs';
//   const launcher = await ensureHost();   // absolute path of code-server's out/node/entry.js
//
// Runnable directly: `node test/host/install.mjs [--force]`.
//
// The install lands in <repo>/.vscode-test/code-server-<version>/ (git-ignored, outside the
// extension's node_modules so it never ends up in a .vsix) and is skipped when the marker file
// written after a verified install is present and matches this Node ABI.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** code-server 4.100.3 is VS Code 1.100.3 and the newest release whose engines.node is 20. */
export const CODE_SERVER_VERSION = '4.100.3';
/** The @vscode/ripgrep that VS Code 1.100.3 depends on, and the archive name its postinstall looks for. */
const VSCODE_RIPGREP_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
/** Where a real rg binary comes from without GitHub: a registry package that ships it at bin/rg. */
const RIPGREP_BINARY_PACKAGE = '@vscode/ripgrep-linux-x64@1.18.0';
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MARKER = '.descent-host-installed.json';

/** <repo>/.vscode-test/code-server-<version> */
export function hostInstallDir(root = REPO_ROOT) {
  return path.join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
}

function codeServerDir(dir) {
  return path.join(dir, 'node_modules', 'code-server');
}

/** The launcher: run it as `node <launcher> ...args` with this same Node (native modules match it). */
export function launcherPath(dir = hostInstallDir()) {
  return path.join(codeServerDir(dir), 'out', 'node', 'entry.js');
}

const log = (msg) => console.log(`[host-install] ${msg}`);
const seconds = (t0) => ((Date.now() - t0) / 1000).toFixed(1);

/**
 * Returns the code-server launcher, installing code-server (and, as root, Debian's chromium and
 * libkrb5-dev) only when missing. Idempotent; a cached call costs a few file checks.
 * @param {{ force?: boolean, quiet?: boolean }} [options] force: reinstall even when cached.
 * @returns {Promise<string>} absolute path of code-server's out/node/entry.js
 */
export async function ensureHost({ force = false, quiet = false } = {}) {
  const t0 = Date.now();
  const dir = hostInstallDir();
  ensureChromium();
  if (!force && isInstalled(dir)) {
    if (!quiet) log(`code-server ${CODE_SERVER_VERSION} cached in ${path.relative(process.cwd(), dir) || dir} (${seconds(t0)}s)`);
    return launcherPath(dir);
  }
  const release = await acquireLock(dir);
  try {
    // Another process may have finished the install while we waited for the lock.
    if (!force && isInstalled(dir)) return launcherPath(dir);
    await install(dir);
  } finally {
    release();
  }
  log(`ready in ${seconds(t0)}s: ${launcherPath(dir)}`);
  return launcherPath(dir);
}

function isInstalled(dir) {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
    return (
      marker.codeServer === CODE_SERVER_VERSION &&
      marker.nodeModules === process.versions.modules &&
      fs.existsSync(launcherPath(dir))
    );
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// System prerequisites (Debian packages)

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasCommand = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const hasDebPackage = (pkg) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed');

/** Installs the named Debian packages (as root, after one apt-get update) or throws naming them. */
function aptInstall(packages, why) {
  if (packages.length === 0) return;
  if (!isRoot() || !hasCommand('apt-get')) {
    throw new Error(
      `Missing prerequisite(s) ${packages.join(', ')} (${why}). Install them with ` +
        `\`sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}\` ` +
        `(this script installs them itself only when run as root on Debian).`,
    );
  }
  const t0 = Date.now();
  log(`apt-get install ${packages.join(' ')} (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      throw new Error(
        `apt-get ${args[0]} failed (exit ${r.status}) while installing ${packages.join(', ')}:\n` +
          `${tail(`${r.stdout}\n${r.stderr}`, 30)}`,
      );
    }
  }
  log(`apt-get done in ${seconds(t0)}s`);
}

/** Debian's chromium is the browser every host test drives (Playwright cannot download its own). */
export function ensureChromium() {
  // A Japanese font too: the UI tests also run in VS Code's Japanese display language, and a
  // browser without one draws every Japanese character as an empty box in their screenshots.
  const missing = [...(fs.existsSync(CHROMIUM_PATH) ? [] : ['chromium']), ...(hasDebPackage(JAPANESE_FONT) ? [] : [JAPANESE_FONT])];
  if (missing.length === 0) return CHROMIUM_PATH;
  aptInstall(missing, `headless browser at ${CHROMIUM_PATH} for the VS Code workbench, with a Japanese font`);
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is missing`);
  return CHROMIUM_PATH;
}

/** IPA's Gothic (3.5 MB), the smallest complete Japanese font Debian packages. */
const JAPANESE_FONT = 'fonts-ipafont-gothic';

function ensureBuildPrerequisites() {
  const missing = [];
  // kerberos (a VS Code native module) compiles against MIT Kerberos headers.
  if (!hasDebPackage('libkrb5-dev')) missing.push('libkrb5-dev');
  // node-gyp builds kerberos, node-pty, @parcel/watcher, argon2, ... against Node's headers.
  if (!hasCommand('make')) missing.push('make');
  if (!hasCommand('g++')) missing.push('g++');
  if (!hasCommand('python3')) missing.push('python3');
  if (!hasCommand('tar')) missing.push('tar');
  aptInstall(missing, 'needed to build code-server\'s native modules');
}

// ---------------------------------------------------------------------------------------------
// The install

async function install(dir) {
  const t0 = Date.now();
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`The code-server test host is set up for linux-x64 only (this is ${process.platform}-${process.arch}).`);
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} requires Node 20 (its postinstall refuses others); this is Node ${process.versions.node}.`);
  }
  ensureBuildPrerequisites();

  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about 2 minutes, about 300 MB)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const logFile = path.join(dir, 'install.log');

  await prepareRipgrepCache(dir, tmp, logFile);

  // npm 11 reports dependency install scripts that no `allowScripts` entry covers. They are
  // approved here, pinned, for the two packages of this private install that have them. The
  // nested installs that code-server's postinstall runs in lib/vscode and lib/vscode/extensions
  // have no allowScripts of their own; npm_config_dangerously_allow_all_scripts (inherited by
  // those nested npm processes through the environment) keeps their native builds running should
  // npm start enforcing the policy. It is scoped to this pinned install only.
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'descent-vscode-test-host',
        private: true,
        description: 'code-server (a real VS Code) for Descent integration and UI tests; installed by test/host/install.mjs',
        allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true },
      },
      null,
      2,
    )}\n`,
  );

  const env = npmEnv(tmp);
  const t1 = Date.now();
  await runLogged('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    env,
    logFile,
    label: 'npm install code-server',
  });
  log(`npm install finished in ${seconds(t1)}s`);

  let missing = missingArtifacts(dir);
  if (missing.length) {
    // The install scripts were skipped (or failed quietly): run code-server's postinstall ourselves.
    log(`postinstall output missing (${missing.join(', ')}); running code-server's postinstall explicitly`);
    const t2 = Date.now();
    await runLogged('npm', ['rebuild', '--foreground-scripts', 'argon2', 'code-server'], {
      cwd: dir,
      env,
      logFile,
      label: 'npm rebuild (code-server postinstall)',
    });
    log(`postinstall finished in ${seconds(t2)}s`);
    missing = missingArtifacts(dir);
  }
  if (missing.length) {
    throw new Error(
      `code-server installed but its postinstall did not produce: ${missing.join(', ')}.\n` +
        `See ${logFile}. Last lines:\n${tail(fs.readFileSync(logFile, 'utf8'), 40)}`,
    );
  }

  const version = spawnSync(process.execPath, [launcherPath(dir), '--version'], { encoding: 'utf8', env: cleanEnv(process.env) });
  if (version.status !== 0 || !version.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version failed (exit ${version.status}):\n${version.stdout}\n${version.stderr}`);
  }
  const installSeconds = Number(seconds(t0));
  fs.writeFileSync(
    path.join(dir, MARKER),
    `${JSON.stringify(
      {
        codeServer: CODE_SERVER_VERSION,
        version: version.stdout.trim().split('\n').pop(),
        node: process.versions.node,
        nodeModules: process.versions.modules,
        installedAt: new Date().toISOString(),
        installSeconds,
      },
      null,
      2,
    )}\n`,
  );
  fs.rmSync(tmp, { recursive: true, force: true });
  log(`installed ${version.stdout.trim().split('\n').pop()} in ${installSeconds}s`);
}

/** Environment for npm: answers npx's prompt, passes code-server's root check, keeps scripts on. */
function npmEnv(tmp) {
  const env = cleanEnv(process.env);
  for (const key of Object.keys(env)) {
    // Run from `npm test`, the repo's own npm context is in the environment; its prefix or
    // --global must not redirect this install. Registry, proxy and cache settings stay.
    if (/^npm_(lifecycle_|package_|command$|config_(global|prefix|local_prefix|save|omit|include)$)/i.test(key)) delete env[key];
  }
  return {
    ...env,
    // node-pty's install runs `npx node-gyp`; without a terminal npx cancels unless told yes
    // (the machine's ~/.npmrc sets yes=false).
    npm_config_yes: 'true',
    // code-server's postinstall.sh exits as root unless it sees unsafe-perm (npm 11 no longer
    // knows the option, so it is given through the environment the script reads).
    npm_config_unsafe_perm: 'true',
    npm_config_ignore_scripts: 'false',
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_update_notifier: 'false',
    // @vscode/ripgrep's postinstall looks for $TMPDIR/vscode-ripgrep-cache-<ver>/<archive> before
    // trying GitHub (unreachable here).
    TMPDIR: tmp,
  };
}

/** Drops variables that make code-server act as a client of an enclosing VS Code. */
export function cleanEnv(env) {
  const out = { ...env };
  for (const key of Object.keys(out)) {
    if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$)/.test(key)) delete out[key];
  }
  return out;
}

async function prepareRipgrepCache(dir, tmp, logFile) {
  const t0 = Date.now();
  const rgDir = path.join(dir, 'ripgrep');
  fs.mkdirSync(rgDir, { recursive: true });
  fs.writeFileSync(path.join(rgDir, 'package.json'), '{ "private": true }\n');
  await runLogged('npm', ['install', '--no-audit', '--no-fund', '--no-save', RIPGREP_BINARY_PACKAGE], {
    cwd: rgDir,
    env: npmEnv(tmp),
    logFile,
    label: `npm install ${RIPGREP_BINARY_PACKAGE}`,
  });
  const binDir = path.join(rgDir, 'node_modules', '@vscode', 'ripgrep-linux-x64', 'bin');
  if (!fs.existsSync(path.join(binDir, 'rg'))) throw new Error(`${RIPGREP_BINARY_PACKAGE} did not provide ${binDir}/rg`);
  const cacheDir = path.join(tmp, `vscode-ripgrep-cache-${VSCODE_RIPGREP_VERSION}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const archive = path.join(cacheDir, RIPGREP_ARCHIVE);
  const r = spawnSync('tar', ['-czf', archive, '-C', binDir, 'rg'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar failed creating ${archive}: ${r.stderr}`);
  log(`ripgrep cache archive ready (${seconds(t0)}s): ${archive}`);
}

/** What code-server's postinstall must have produced for the server and extension host to work. */
function missingArtifacts(dir) {
  const cs = codeServerDir(dir);
  const vs = path.join(cs, 'lib', 'vscode');
  const required = [
    path.join(cs, 'out', 'node', 'entry.js'),
    path.join(vs, 'node_modules.asar'),
    path.join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    path.join(vs, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
    path.join(vs, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
    path.join(vs, 'extensions', 'node_modules'),
    path.join(vs, 'bin', 'remote-cli', 'code-server'),
  ];
  const missing = required.filter((p) => !fs.existsSync(p)).map((p) => path.relative(dir, p));
  const argon2 = path.join(dir, 'node_modules', 'argon2', 'lib', 'binding');
  if (!fs.existsSync(argon2) || !findFile(argon2, 'argon2.node')) missing.push(path.relative(dir, `${argon2}/**/argon2.node`));
  return missing;
}

function findFile(root, name) {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, entry.name);
    if (entry.isDirectory() ? findFile(p, name) : entry.name === name) return true;
  }
  return false;
}

/** Runs a command with its output appended to logFile, printing a heartbeat while it runs. */
function runLogged(cmd, args, { cwd, env, logFile, label }) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})\n`);
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
    const beat = setInterval(() => log(`${label}: still running (${seconds(t0)}s)`), 20_000);
    child.on('error', (e) => {
      clearInterval(beat);
      fs.closeSync(out);
      reject(new Error(`${label}: could not start ${cmd}: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearInterval(beat);
      fs.closeSync(out);
      if (code === 0) return resolve();
      reject(
        new Error(
          `${label} failed (${signal ?? `exit ${code}`}) after ${seconds(t0)}s. Full log: ${logFile}\n` +
            tail(fs.readFileSync(logFile, 'utf8'), 40),
        ),
      );
    });
  });
}

function tail(text, n) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** A lock directory so two test runs never install into the same folder at once. */
async function acquireLock(dir) {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  for (let warned = false; ; ) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      // The owner has made the directory but not yet written its pid.
    }
    if (Number.isInteger(owner) && !isAlive(owner)) {
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another install (lock ${lock}, pid ${owner})`);
    if (!warned) log(`another process (pid ${owner}) is installing; waiting`);
    warned = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureHost({ force: process.argv.includes('--force') }).then(
    (launcher) => console.log(launcher),
    (e) => {
      console.error(`[host-install] FAILED: ${e.message}`);
      process.exit(1);
    },
  );
}
