import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = path.dirname(fileURLToPath(import.meta.url));

// Unit and robustness suites run in node; test/integration runs inside VS Code (mocha) instead.
export default defineConfig({
  // Outside VS Code there is no `vscode` module: the panel's unit test gets a few stand-ins.
  resolve: { alias: { vscode: path.join(here, 'unit', 'fake-vscode.ts') } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/robustness/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
