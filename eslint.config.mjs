// Lint: typescript-eslint's recommended rules, plus the architecture's walls (README, "Layout"):
// - src/shared is the vocabulary every layer speaks (report types, problems, protocol, wording,
//   numbers, chart series): it imports nothing of Descent's but itself;
// - src/core is pure training science (text and arrays in, data out): it may import src/shared,
//   never the editor, threads, the file system or the DOM;
// - webview/ (the panel's page) may import src/shared and nothing else of src/.
import tseslint from 'typescript-eslint';

const coreBans = {
  paths: ['vscode', 'worker_threads', 'node:worker_threads', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
    name,
    message: 'src/core is pure: take text and arrays from the caller instead.',
  })),
};

const pure = (message) => ['vscode', 'worker_threads', 'node:worker_threads', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({ name, message }));

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
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { ...coreBans, patterns: [{ regex: '^\\.\\./(?!shared(/|$)|\\.\\./node_modules/)', message: 'src/core may import only src/shared above it (and bundled data from node_modules).' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'require', 'process'],
    },
  },
  {
    // One folder down (core/data, core/run, core/kernels …) the same wall sits one level further up.
    files: ['src/core/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...coreBans, patterns: [{ regex: '^\\.\\./\\.\\./(?!shared(/|$)|\\.\\./node_modules/)', message: 'src/core may import only src/shared above it (and bundled data from node_modules).' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: pure('src/shared is pure vocabulary: no editor, threads or files.'), patterns: [{ group: ['../*'], message: 'src/shared imports nothing of Descent but itself.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'require', 'process'],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The page runs in a browser.' }], patterns: [{ regex: '^\\.\\./src/(?!shared(/|$))', message: 'The page may import only src/shared.' }] }],
    },
  },
);
