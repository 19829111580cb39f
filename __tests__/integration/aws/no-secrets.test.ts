/**
 * No secret reaches the browser: `next build` of the app (a copy of the tree, so this build never clashes with
 * the e2e build or a dev server's .next) with STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and LOCAL_SESSION_SECRET
 * set to values unique to this run; then none of them, nor anything shaped like a Stripe secret or webhook
 * signing key, may appear in `.next/static` (what the browser downloads). The server output is checked too:
 * the secrets are read from the environment at run time, never baked into a build artifact.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Inside the project (gitignored .data/), so module resolution finds the project's node_modules and lockfile. */
const copy = path.join(root, '.data', `no-secrets-build-${randomBytes(4).toString('hex')}`);
const NOT_COPIED = new Set([
  'node_modules',
  '.next',
  '.git',
  '.data',
  '.amplify',
  '.ci',
  '__tests__',
  'test-results',
  'coverage',
  'scripts',
  'amplify_outputs.json',
  'tsconfig.tsbuildinfo',
  '.env',
  '.env.local',
  '.env.development.local',
  '.env.production.local',
]);

const run = randomBytes(6).toString('hex');
const SECRETS = {
  STRIPE_SECRET_KEY: `sk_test_nosecret${run}`,
  STRIPE_WEBHOOK_SECRET: `whsec_nosecret${run}`,
  LOCAL_SESSION_SECRET: `session-nosecret-${run}`,
};
const STRIPE_SECRET_SHAPE = /\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z_]{6,}|\bwhsec_[0-9A-Za-z_]{6,}/;

let buildLog = '';

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}

beforeAll(async () => {
  mkdirSync(copy, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (!NOT_COPIED.has(entry)) cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  }
  const env: NodeJS.ProcessEnv = { ...process.env, ...SECRETS, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  delete env.NEXT_PUBLIC_MARKETPLACE_MODE; // the default (local) build, as CI and the e2e tests run it
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['build'], { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (buildLog += d.toString()));
    child.stderr.on('data', (d: Buffer) => (buildLog += d.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`next build failed (${code}):\n${buildLog.slice(-4000)}`);
}, 600_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the browser bundle', { timeout: 120_000 }, () => {
  it('contains no server secret: not the values of this build, nothing shaped like a Stripe secret key', () => {
    const staticDir = path.join(copy, '.next', 'static');
    expect(existsSync(staticDir)).toBe(true);
    const files = [...filesUnder(staticDir)];
    expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      const where = path.relative(copy, file);
      for (const [name, value] of Object.entries(SECRETS)) expect(text.includes(value), `${name} in ${where}`).toBe(false);
      expect(text.match(STRIPE_SECRET_SHAPE)?.[0], where).toBeUndefined();
    }
  });

  it('bakes no secret into the server build either (they are read from the environment at run time)', () => {
    for (const file of filesUnder(path.join(copy, '.next'))) {
      if (file.includes(`${path.sep}cache${path.sep}`)) continue;
      const text = readFileSync(file).toString('latin1');
      for (const [name, value] of Object.entries(SECRETS))
        expect(text.includes(value), `${name} in ${path.relative(copy, file)}`).toBe(false);
    }
  });
});
