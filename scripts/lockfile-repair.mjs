/**
 * Runs after a plain `npm install` (the postinstall hook; `npm ci` and `--package-lock-only` skip it).
 *
 * Why: @aws-amplify/data-construct ships bundled packages that differ from what their own manifests ask for (an
 * older zod, no nested @opentelemetry/core). `npm install` writes what the bundle holds into package-lock.json, and
 * `npm ci` then refuses that lockfile as out of sync. Recomputing the lockfile from the manifests (what
 * `npm install --package-lock-only` does) restores the committed form, so a newcomer's `npm install` leaves the
 * lockfile as it was and CI's `npm ci` keeps passing. A real dependency change is kept: only the bundle's entries differ.
 */
import { spawnSync } from 'node:child_process';

if (process.env.npm_command === 'install' && !process.env.npm_config_package_lock_only && process.env.npm_config_package_lock !== 'false') {
  console.log('▸ package-lock.json: recomputing from the manifests (keeps npm ci working; see scripts/lockfile-repair.mjs)');
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const result = spawnSync(
    npm[0],
    [...npm[1], 'install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error('✖ could not recompute package-lock.json: run `npm install --package-lock-only` before committing it');
  }
}
