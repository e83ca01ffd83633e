// One build for every runtime Descent has: the extension host, its training worker and the CLI
// run on node; the panel's page runs in the webview (a browser). `--production` minifies,
// `--watch` rebuilds on change and reports in the format of VS Code's esbuild problem matcher.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build start/end and errors the way the `$esbuild-watch` problem matcher expects. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  plugins: watch ? [problemMatcherPlugin] : [],
};

/**
 * Vega-Lite's compiler (run in the host, so the page needs only the Vega runtime) reaches
 * vega-canvas, whose node build awaits the optional native `canvas` at top level. The host never
 * draws, so it gets the browser build, which only touches the DOM when asked to draw.
 */
const noNodeCanvasPlugin = {
  name: 'no-node-canvas',
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: path.join(path.dirname(require.resolve('vega-canvas', { paths: [__dirname] })), 'vega-canvas.browser.js') }));
  },
};

/**
 * Vega-Lite imports four helpers (stringValue, hasOwnProperty, isObject, isString) from `vega`,
 * which would pull the whole Vega runtime (parsers, scenegraph, renderers) into the host's
 * bundle. They are vega-util's, re-exported: the compiler gets them from vega-util directly.
 */
const vegaHelpersFromUtilPlugin = {
  name: 'vega-helpers-from-util',
  setup(build) {
    build.onResolve({ filter: /^vega$/ }, (args) =>
      /[\\/]vega-lite[\\/]/.test(args.importer) ? { path: require.resolve('vega-util', { paths: [path.dirname(args.importer)] }) } : undefined,
    );
  },
};

// jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow: prefer `module`.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], mainFields: ['module', 'main'], plugins: [...common.plugins, noNodeCanvasPlugin, vegaHelpersFromUtilPlugin] };

/**
 * Suites that run inside the extension host, each folder to its own dist/test/<folder> with the
 * shared mocha runner (test/integration/index.ts); mocha stays external (loaded from node_modules).
 */
function hostSuiteBuilds() {
  const suites = [['test/integration', 'integration'], ['test/untrusted', 'untrusted'], ['bench/host', 'bench-host']];
  return suites.flatMap(([folder, suite]) => {
    const dir = path.join(__dirname, folder);
    if (!fs.existsSync(dir)) return [];
    const entryPoints = { index: path.join(__dirname, 'test', 'integration', 'index.ts') };
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) entryPoints[f.slice(0, -3)] = path.join(dir, f);
    return [{ ...node, entryPoints, outdir: `dist/test/${suite}`, external: ['vscode', 'mocha'] }];
  });
}

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts', worker: 'src/worker.ts', prefetchThread: 'src/prefetchThread.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { webview: 'webview/main.ts', lab: 'webview/lab/main.ts' },
    outdir: 'dist',
    loader: { '.css': 'css' },
  },
  ...hostSuiteBuilds(),
].filter((b) => Object.values(b.entryPoints).every((p) => fs.existsSync(p)));

/**
 * Writes the training.json schema for `contributes.jsonValidation` from its one source,
 * src/core/schema.ts, so the editor and the runtime validation cannot drift apart.
 */
function writeSchema() {
  const contents = "export { TRAINING_SCHEMA, localizeSchema } from './src/core/schema'; export { setLanguage } from './src/shared/l10n';";
  const result = esbuild.buildSync({ stdin: { contents, resolveDir: __dirname, loader: 'ts' }, bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'error' });
  const mod = { exports: {} };
  new Function('module', 'exports', result.outputFiles[0].text)(mod, mod.exports);
  fs.mkdirSync('dist', { recursive: true });
  // One schema per display language (package.nls.<lang>.json points jsonValidation at its own).
  for (const lang of ['en', ...languages()]) {
    const bundle = lang === 'en' ? undefined : JSON.parse(fs.readFileSync(path.join('l10n', `bundle.l10n.${lang}.json`), 'utf8'));
    mod.exports.setLanguage({ locale: lang, bundle });
    const schema = mod.exports.localizeSchema(mod.exports.TRAINING_SCHEMA);
    fs.writeFileSync(`dist/training.schema${lang === 'en' ? '' : `.${lang}`}.json`, JSON.stringify(schema, null, 2) + '\n');
  }
}

/** The display languages with a bundle in l10n/ besides English: ['ja']. */
function languages() {
  return fs.readdirSync('l10n').flatMap((f) => /^bundle\.l10n\.([\w-]+)\.json$/.exec(f)?.[1] ?? []);
}

/**
 * Writes dist/bundle-inputs.json: for every bundle, the files it took from node_modules (e.g.
 * `"dist/extension.js": ["node_modules/jsonc-parser/lib/esm/main.js", …]`). Third-party notices
 * (scripts/notices.mjs) are written from it, so they list what the bundles really include.
 */
function writeBundleInputs(metafiles) {
  const inputs = {};
  for (const meta of metafiles) {
    for (const [out, { inputs: used }] of Object.entries(meta.outputs)) {
      if (out.endsWith('.map')) continue;
      inputs[out] = Object.keys(used).filter((f) => f.includes('node_modules/')).sort();
    }
  }
  const sorted = Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync('dist/bundle-inputs.json', JSON.stringify(sorted, null, 1) + '\n');
}

async function main() {
  writeSchema();
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  writeBundleInputs(results.map((r) => r.metafile));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
