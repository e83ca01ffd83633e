// Writes ThirdPartyNotices.txt: every package the shipped bundles include (read from the build's
// dist/bundle-inputs.json, so the list is what esbuild really bundled), with its version, license
// and license text, and the sources and terms of the bundled datasets (cars, penguins).
//   node esbuild.js && node scripts/notices.mjs           writes ThirdPartyNotices.txt
//   node esbuild.js && node scripts/notices.mjs --check   exits 1 when the file is out of date
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NOTICES_FILE = 'ThirdPartyNotices.txt';

/** The bundles the VSIX carries: the `!dist/….js` lines of .vscodeignore, e.g. `dist/extension.js`. */
export function shippedBundles(repo = REPO) {
  return fs
    .readFileSync(path.join(repo, '.vscodeignore'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => /^!dist\/[^*]+\.js$/.test(l.trim()))
    .map((l) => l.trim().slice(1));
}

/** The package folder of a bundled file, e.g. `node_modules/vega/build/vega.module.js` → `node_modules/vega`. */
function packageDir(file) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return m ? m[1] : null;
}

/** The packages (folders), and the files of each, that the shipped bundles include. */
export function bundledPackages(repo = REPO) {
  const inputsFile = path.join(repo, 'dist', 'bundle-inputs.json');
  if (!fs.existsSync(inputsFile)) throw new Error('dist/bundle-inputs.json is missing: run node esbuild.js first');
  const inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  const packages = new Map();
  for (const bundle of shippedBundles(repo)) {
    if (!inputs[bundle]) throw new Error(`dist/bundle-inputs.json does not list ${bundle}: run node esbuild.js first`);
    for (const file of inputs[bundle]) {
      const dir = packageDir(file);
      if (!dir) continue;
      if (!packages.has(dir)) packages.set(dir, new Set());
      packages.get(dir).add(file.slice(dir.length + 1));
    }
  }
  return packages;
}

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

/** The datasets a bundle took from vega-datasets, with their own sources and terms. */
function datasetNotes(dir, files) {
  const datapackage = JSON.parse(fs.readFileSync(path.join(dir, 'datapackage.json'), 'utf8'));
  return [...files]
    .filter((f) => f.startsWith('data/'))
    .sort()
    .map((f) => {
      const r = datapackage.resources.find((x) => x.path === f.slice('data/'.length));
      if (!r) throw new Error(`vega-datasets' datapackage.json does not describe ${f}`);
      const terms = (r.licenses ?? []).map((l) => `${l.name ?? l.title}${l.path ? ` (${l.path})` : ''}`).join('; ');
      const sources = (r.sources ?? []).map((s) => `${s.title}${s.path ? ` (${s.path})` : ''}`).join('; ');
      return `  ${f}: ${r.description.replace(/\s+/g, ' ').trim()}\n    Source: ${sources}\n    Terms: ${terms}`;
    });
}

/** The text of ThirdPartyNotices.txt. Packages with the same license text share one copy of it. */
export function thirdPartyNotices(repo = REPO) {
  const groups = new Map();
  for (const [rel, files] of bundledPackages(repo)) {
    const dir = path.join(repo, rel);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = fs.readdirSync(dir).find((f) => LICENSE_FILE.test(f));
    const text = licenseFile ? fs.readFileSync(path.join(dir, licenseFile), 'utf8').replace(/\r\n/g, '\n').trim() : `(${pkg.name} ships no license file; its package.json declares ${pkg.license}.)`;
    const repoUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    const lines = [`${pkg.name} ${pkg.version} (${pkg.license})${repoUrl ? ` ${repoUrl.replace(/^git\+/, '')}` : ''}`];
    if (pkg.name === 'vega-datasets') lines.push(...datasetNotes(dir, files));
    if (!groups.has(text)) groups.set(text, []);
    groups.get(text).push(lines.join('\n'));
  }
  const sections = [...groups.entries()]
    .map(([text, names]) => [names.sort(), text])
    .sort(([a], [b]) => a[0].localeCompare(b[0]))
    .map(([names, text]) => `${'-'.repeat(78)}\n${names.join('\n')}\n\n${text}\n`);
  return [
    'Third-party notices for Descent',
    '',
    'The Descent extension bundles the following packages and datasets (found by the build: what',
    'dist/extension.js, dist/worker.js, dist/webview.js and the other shipped bundles include).',
    'Each is listed with its version, license and, where the package ships one, its license text.',
    '',
    ...sections,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = thirdPartyNotices();
  const file = path.join(REPO, NOTICES_FILE);
  if (process.argv.includes('--check')) {
    const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
    console.log(same ? `${NOTICES_FILE} is up to date` : `${NOTICES_FILE} is out of date with the bundles: run node esbuild.js && node scripts/notices.mjs`);
    process.exit(same ? 0 : 1);
  }
  fs.writeFileSync(file, text);
  console.log(`wrote ${NOTICES_FILE} (${bundledPackages().size} packages)`);
}
