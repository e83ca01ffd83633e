// What the VSIX must and must not carry, checked both on the files vsce would pack (the unit test
// test/unit/manifest.test.ts, through vsce's listFiles) and on the packed VSIX (scripts/package.mjs).

/** Files the listing and the extension need, e.g. the icon package.json names. */
export const REQUIRED_FILES = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'ThirdPartyNotices.txt',
  'media/icon.png',
  'dist/extension.js',
  'dist/worker.js',
  'dist/prefetchThread.js',
  'dist/webview.js',
  'dist/lab.js',
  // The descent task's CLI (src/tasks.ts).
  'dist/cli.js',
  'dist/training.schema.json',
  'dist/training.schema.ja.json',
  'package.nls.json',
  'package.nls.ja.json',
];

/** What the extension never runs: tests, source maps, sources and build records. */
export const FORBIDDEN = [
  { pattern: /(^|\/)test(s)?\/|\.test\.[cm]?js$/, why: 'a test' },
  { pattern: /\.map$/, why: 'a source map' },
  { pattern: /\.ts$/, why: 'a TypeScript source' },
  { pattern: /^dist\/bundle-inputs\.json$/, why: 'the build record' },
  { pattern: /^node_modules\//, why: 'node_modules (everything run is bundled)' },
];

/**
 * The problems of a VSIX's file list (paths relative to the extension folder, e.g.
 * `dist/extension.js`): a required file missing, or a forbidden one present. Empty when all is well.
 */
export function vsixProblems(files) {
  const present = new Set(files);
  const missing = REQUIRED_FILES.filter((f) => !present.has(f)).map((f) => `${f} is missing`);
  const extra = files.flatMap((f) => FORBIDDEN.filter((x) => x.pattern.test(f)).map((x) => `${f} is ${x.why}`));
  return [...missing, ...extra];
}

/** vsce renames three files as it packs them: the name each had in the repository. */
const PACKED_NAMES = { 'readme.md': 'README.md', 'changelog.md': 'CHANGELOG.md', 'LICENSE.txt': 'LICENSE' };

/** A VSIX entry's path in the repository, e.g. `extension/readme.md` → `README.md`; null outside extension/. */
export function repositoryPath(entry) {
  if (!entry.startsWith('extension/') || entry.endsWith('/')) return null;
  const rel = entry.slice('extension/'.length);
  return PACKED_NAMES[rel] ?? rel;
}
