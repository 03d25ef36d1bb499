import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:bundles`: the smoke test of the built bundles (test/bundles/*.smoke.ts). Kept out
 * of the main config, whose `*.test.ts` pattern does not match it, because it installs every bundle.
 */
export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '../..'),
    include: ['test/bundles/**/*.smoke.ts'],
    testTimeout: 60_000,
    // The first run may build the loopback servers from source (the BigQuery emulator takes minutes).
    hookTimeout: 900_000,
  },
});
