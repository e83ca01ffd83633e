// Lint: typescript-eslint's recommended rules, plus the architecture's one hard wall: src/core is
// pure training science (text and arrays in, data out), so it may not import the editor, threads,
// the file system or the DOM.
import tseslint from 'typescript-eslint';

const coreBans = {
  paths: ['vscode', 'worker_threads', 'node:worker_threads', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
    name,
    message: 'src/core is pure: take text and arrays from the caller instead.',
  })),
};

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
      'no-restricted-imports': ['error', coreBans],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'require', 'process'],
    },
  },
);
