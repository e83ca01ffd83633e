import { defineConfig } from 'vitest/config';

// The PyTorch agreement test (its own `npm test` part, `pytorch`): runs Debian's python3-torch.
export default defineConfig({
  test: {
    include: ['test/pytorch/**/*.test.ts'],
    testTimeout: 300_000,
  },
});
