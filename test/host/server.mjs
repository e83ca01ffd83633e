// Starts code-server (a real VS Code 1.100.3 with a node extension host) on a free loopback port,
// with a throwaway user-data dir, and builds the workbench URL that loads an extension unpackaged
// (and optionally runs a test module inside the extension host, as @vscode/test-electron does).
//
//   const host = await startHost({ workspace, extensionPath, testsPath, settings, env });
//   // open host.workbenchUrl in a browser (see browser.mjs); the extension host starts then
//   await host.stop();
//
// The server and every extension host it forks live in their own process group, which stop()
// kills as a whole: extension hosts outlive the browser tab, so anything less leaks processes.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { cleanEnv, ensureHost } from './install.mjs';

/** Settings every host starts with: no trust modal blocking clicks, no welcome editor. */
export const DEFAULT_SETTINGS = Object.freeze({
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  // Descent contributes a walkthrough: VS Code would open it in the first editor group on start,
  // moving focus and editors under the tests. The walkthrough's own test opens it.
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  // Workspaces inside this repo would otherwise raise a "git repository found in parent folders" toast.
  'git.openRepositoryInParentFolders': 'never',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
});

/**
 * Makes VS Code run in display language `locale` without a language pack from a gallery (these
 * machines reach none). `--locale` alone falls back to English: the server only switches when its
 * user-data dir lists a language pack for the locale in languagepacks.json (the file VS Code's own
 * language-pack cache writes on install). This one names a translation file with no entries, so
 * VS Code's own menus stay English while the display language, and with it `vscode.env.language`,
 * the extension's package.nls.<locale>.json and its l10n bundle, is `locale`.
 */
function displayLanguage(userDataDir, locale) {
  const translations = path.join(userDataDir, `vscode-${locale}.i18n.json`);
  fs.writeFileSync(translations, `${JSON.stringify({ version: '1.0.0', contents: {} })}\n`);
  const id = `descent-test.display-language-${locale}`;
  const hash = crypto.createHash('md5').update(id).update('1.0.0').digest('hex');
  const packs = { [locale]: { hash, extensions: [{ extensionIdentifier: { id }, version: '1.0.0' }], translations: { vscode: translations }, label: locale } };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), `${JSON.stringify(packs, null, 2)}\n`);
}

const MAX_LOG_LINES = 5000;
/** Hosts not yet stopped, so exit and signal handlers can clean them up. */
const live = new Set();

/**
 * Starts a code-server host.
 * @param {object} options
 * @param {string} options.workspace folder opened in the workbench (absolute or relative to cwd)
 * @param {string} [options.extensionPath] extension folder loaded as extensionDevelopmentPath
 * @param {string} [options.testsPath] module whose exported run() the extension host awaits (extensionTestsPath); the host exits after it
 * @param {Record<string, unknown>} [options.settings] user settings merged over DEFAULT_SETTINGS (e.g. `{'security.workspace.trust.enabled': true}`)
 * @param {Record<string, string>} [options.env] extra environment for the server; its extension hosts inherit it
 * @param {string} [options.launcher] code-server entry.js; default: ensureHost()
 * @param {number} [options.port] fixed port; default: a free one
 * @param {number} [options.timeoutMs] how long to wait for the server to listen (default 60 s)
 * @param {boolean} [options.verbose] echo server output (also env DESCENT_HOST_VERBOSE=1)
 * @param {boolean} [options.keepUserData] keep the user-data dir after stop() (also env DESCENT_KEEP_HOST_DIR=1)
 * @param {string} [options.locale] display language, e.g. 'ja' (see displayLanguage below)
 * @returns {Promise<Host>}
 *
 * @typedef {object} Host
 * @property {string} url           e.g. http://127.0.0.1:43123/
 * @property {number} port
 * @property {string} workbenchUrl  url + ?folder=...&payload=... (extension and tests loaded)
 * @property {() => Promise<void>} stop  kills the server's whole process group; safe to call twice
 * @property {string[]} logs        server stdout/stderr lines, live (last 5000)
 * @property {number} pid           server pid (= its process group id)
 * @property {string} userDataDir   VS Code user-data dir (logs/ holds the extension host logs)
 * @property {() => boolean} running whether the server process is still alive
 * @property {(pattern?: RegExp) => string[]} extensionHostLogLines lines of the extension host logs (exthost*.log, remoteexthost.log), filtered by pattern
 * @property {(opts: {extensionPath?: string, testsPath?: string, folder?: string}) => string} makeWorkbenchUrl another workbench URL on this server
 */
export async function startHost({
  workspace,
  extensionPath,
  testsPath,
  settings = {},
  env = {},
  launcher,
  port,
  timeoutMs = 60_000,
  verbose = process.env.DESCENT_HOST_VERBOSE === '1',
  keepUserData = process.env.DESCENT_KEEP_HOST_DIR === '1',
  locale,
} = {}) {
  if (!workspace) throw new Error('startHost: workspace is required');
  workspace = path.resolve(workspace);
  if (!fs.existsSync(workspace)) throw new Error(`startHost: workspace ${workspace} does not exist`);
  launcher ??= await ensureHost({ quiet: true });
  port ??= await freePort();

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-host-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2)}\n`,
  );

  if (locale) displayLanguage(userDataDir, locale);

  const args = [
    launcher,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    // An explicit config file keeps code-server from writing ~/.config/code-server/config.yaml.
    '--config', path.join(root, 'config.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--log', 'info',
    ...(locale ? ['--locale', locale] : []),
    workspace,
  ];
  const child = spawn(process.execPath, args, {
    cwd: workspace,
    // Its own process group: stop() signals -pid and so reaches every extension host too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // VSCODE_* from an enclosing VS Code would turn code-server into a client of that instance.
    env: { ...cleanEnv(process.env), ...env },
  });

  const logs = [];
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  child.on('error', (e) => {
    logs.push(`[spawn error] ${e.message}`);
  });
  const onData = (stream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        if (verbose) console.log(`[code-server] ${line}`);
      }
      if (logs.length > MAX_LOG_LINES) logs.splice(0, logs.length - MAX_LOG_LINES);
    });
  };
  onData(child.stdout);
  onData(child.stderr);

  let stopping = null;
  const host = {
    url: `http://127.0.0.1:${port}/`,
    port,
    pid: child.pid,
    logs,
    userDataDir,
    workbenchUrl: '',
    running: () => exited === null,
    makeWorkbenchUrl: (opts) => workbenchUrlFor(port, { folder: workspace, ...opts }),
    extensionHostLogLines: (pattern) => extensionHostLogLines(userDataDir, pattern),
    stop: () => {
      stopping ??= (async () => {
        live.delete(host);
        await killGroup(child.pid, exitPromise, root);
        if (keepUserData) console.log(`[host] kept ${root}`);
        else fs.rmSync(root, { recursive: true, force: true });
      })();
      return stopping;
    },
    /** For exit handlers: synchronous best effort. */
    killNow: () => {
      killGroupSync(child.pid, root);
      if (!keepUserData) fs.rmSync(root, { recursive: true, force: true });
    },
  };
  host.workbenchUrl = host.makeWorkbenchUrl({ extensionPath, testsPath });
  live.add(host);
  installCleanupHandlers();

  try {
    await waitForListening(logs, exitPromise, timeoutMs);
  } catch (e) {
    await host.stop();
    throw new Error(`${e.message}\n--- code-server output ---\n${logs.slice(-60).join('\n')}`);
  }
  return host;
}

/**
 * The workbench URL that opens `folder` with the extension loaded unpackaged. Remote URIs name
 * files on the server, which here is this machine.
 */
export function workbenchUrlFor(port, { folder, extensionPath, testsPath, openFile }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const payload = [];
  // The workbench opens this file in an editor on load (VS Code web's `openFile` payload).
  if (openFile) payload.push(['openFile', remote(openFile)]);
  if (extensionPath) payload.push(['extensionDevelopmentPath', remote(extensionPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', path.resolve(folder));
  if (payload.length) query.set('payload', JSON.stringify(payload));
  const qs = query.toString();
  return `http://127.0.0.1:${port}/${qs ? `?${qs}` : ''}`;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForListening(logs, exitPromise, timeoutMs) {
  const t0 = Date.now();
  let exitedEarly = null;
  exitPromise.then((e) => (exitedEarly = e));
  while (!logs.some((l) => l.includes('HTTP server listening'))) {
    if (exitedEarly) throw new Error(`code-server exited before listening (${exitedEarly.signal ?? `exit ${exitedEarly.code}`})`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`code-server did not print "HTTP server listening" within ${timeoutMs / 1000}s`);
    await sleep(100);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Pids whose command line mentions our private dir (a process that left the group, if any). */
function strays(root) {
  const out = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(root)) out.push(Number(name));
    } catch {
      // Gone already.
    }
  }
  return out;
}

function signalAll(pgid, root, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Group already gone.
  }
  for (const pid of strays(root)) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
}

async function killGroup(pgid, exitPromise, root) {
  if (!pgid) return;
  signalAll(pgid, root, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while ((groupAlive(pgid) || strays(root).length) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid) || strays(root).length) {
    signalAll(pgid, root, 'SIGKILL');
    const hard = Date.now() + 5000;
    while ((groupAlive(pgid) || strays(root).length) && Date.now() < hard) await sleep(50);
  }
  await Promise.race([exitPromise, sleep(1000)]);
}

function killGroupSync(pgid, root) {
  if (pgid) signalAll(pgid, root, 'SIGKILL');
}

let handlersInstalled = false;
function installCleanupHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL whatever is still running.
  process.on('exit', () => {
    for (const host of live) host.killNow();
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      const hosts = [...live];
      Promise.allSettled(hosts.map((h) => h.stop())).finally(() => process.exit(code));
    });
  }
}

/** Stops every host this process started (for callers' own cleanup paths). */
export async function stopAllHosts() {
  await Promise.allSettled([...live].map((h) => h.stop()));
}

/**
 * Lines of the extension host's logs under <userDataDir>/logs/<session>/. The remote (node)
 * extension host logs to remoteexthost.log and exthost*.log; the server to remoteagent.log.
 */
export function extensionHostLogLines(userDataDir, pattern, isLogFile = (name) => /^(remote)?exthost\d*\.log$|^remoteagent\.log$/.test(name)) {
  const files = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (isLogFile(e.name)) files.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  const lines = [];
  for (const file of files.sort()) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line && (!pattern || pattern.test(line))) lines.push(`${path.basename(file)}: ${line}`);
    }
  }
  return lines;
}
