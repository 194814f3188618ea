import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: this machine has two cores.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // A poll waits as long as a locator does (the views load lazily; CI machines are busy).
          expect: { poll: { timeout: 5_000 } },
        },
      },
    ],
  },
});
