import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Three projects, run one at a time by `npm test` (scripts/test.ts):
 * - unit: pure code, no I/O, no setup.
 * - integration: services and handlers against ONE in-memory DynamoDB Local per run (__tests__/setup/integration.ts);
 *   files run in parallel (2 workers: the machines have 2 cores and DynamoDB Local is a third busy process).
 * - e2e: the built app in headless Chromium against the whole local stack (__tests__/setup/e2e.ts); files in sequence.
 */
// Node 20 is supported here; silence the AWS SDK's notice that its 2027 versions need Node 22 (workers inherit this).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The handlers' Powertools log lines and EMF metrics: warnings and errors only in test output (the log-scan test turns
// both on for its own flows and captures them).
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${root}` }],
  },
  test: {
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['__tests__/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['__tests__/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['__tests__/setup/integration.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['__tests__/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['__tests__/setup/e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
