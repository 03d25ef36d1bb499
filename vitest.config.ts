import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // npm run test:live runs the suites against real Google Cloud projects; npm test never does.
    include: process.env.LIVE ? ['test/live/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: process.env.LIVE ? [] : ['test/live/**', 'node_modules/**'],
    globalSetup: ['./test/support/mongo-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
