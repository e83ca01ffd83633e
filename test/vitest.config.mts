import { defineConfig } from 'vitest/config';

// Unit and robustness suites run in node; test/integration runs inside VS Code (mocha) instead.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/robustness/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
