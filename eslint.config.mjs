// Lint: typescript-eslint's recommended rules, plus the architecture's walls (CONTRIBUTING.md, "Layout"):
// - src/shared is the vocabulary every layer speaks (report types, problems, protocol, channel,
//   wording, numbers, chart series): it imports nothing of Descent's but itself;
// - src/core is pure training science (text and arrays in, data out): it may import src/shared,
//   never the editor, threads, processes, the network, the file system or the DOM;
// - src/session is the files' life as plain code: shared and core only, and the clock comes in
//   through SessionEnv (no timers or dates of its own);
// - webview/ (the panel's page) may import src/shared and nothing else of src/.
// Paths are matched as written, so a path that climbs back out (`shared/../trainer`, `./../x`) is
// refused everywhere, and so are import() calls and `import('…')` types in the walled layers.
import tseslint from 'typescript-eslint';

const IMPURE = ['vscode', 'worker_threads', 'fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'dgram', 'cluster'];
const pure = (message) => IMPURE.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message }));
/** A relative path that goes down and back up again hides where it lands. */
const noEscape = { regex: '(^\\./\\.\\.)|([^./]/\\.\\.(/|$))', message: 'Write the path without climbing back out (no "x/../" or "./../"): the layer walls read paths as written.' };
/** Module imports only: import() and import('…') types would slip past the path rules. */
const staticOnly = ['error', { selector: 'ImportExpression', message: 'No import() here: the layer walls check static imports.' }, { selector: 'TSImportType', message: "No import('…') types here: use `import type` at the top." }];
/** src/core's import wall for a file `depth` folders below src/: only src/shared above it, and bundled data from node_modules. */
const coreImports = (depth) => {
  const up = '\\.\\./'.repeat(depth);
  return ['error', { paths: pure('src/core is pure: take text and arrays from the caller instead.'), patterns: [noEscape, { regex: `^${up}(?!shared(/|$)|\\.\\./node_modules/)`, message: 'src/core may import only src/shared above it (and bundled data from node_modules).' }] }];
};
const noBrowserGlobals = ['window', 'document', 'navigator', 'require', 'process'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench/.build/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noEscape] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': coreImports(1),
      'no-restricted-globals': ['error', ...noBrowserGlobals],
      'no-restricted-syntax': staticOnly,
    },
  },
  {
    // One folder down (core/data, core/run, core/kernels …) the same wall sits one level further up.
    files: ['src/core/*/**/*.ts'],
    rules: {
      'no-restricted-imports': coreImports(2),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: pure('src/shared is pure vocabulary: no editor, threads or files.'), patterns: [noEscape, { regex: '^\\.\\./', message: 'src/shared imports nothing of Descent but itself.' }] }],
      'no-restricted-globals': ['error', ...noBrowserGlobals],
      'no-restricted-syntax': staticOnly,
    },
  },
  {
    files: ['src/session/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: pure('src/session is plain code: the editor, the worker and the clock come in through SessionEnv.'), patterns: [noEscape, { regex: '^\\.\\./(?!shared/|core/)', message: 'src/session may import only src/shared and src/core.' }] }],
      'no-restricted-globals': ['error', ...noBrowserGlobals, 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'Date', 'performance'],
      'no-restricted-syntax': staticOnly,
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The page runs in a browser.' }], patterns: [noEscape, { regex: '^\\.\\./src/(?!shared(/|$))', message: 'The page may import only src/shared.' }] }],
    },
  },
);
