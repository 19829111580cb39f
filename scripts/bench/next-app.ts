/**
 * The app as users reach it: a production build (`next build`, reused while it is newer than every source file and was
 * built for the same Stripe emulator URL, which the build inlines) served by `next start` against the bench's own
 * DynamoDB Local and emulator, the demo sign-in allowed as the e2e stack allows it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Group } from '../../lib/auth/identity';
import { SESSION_COOKIE, signSession } from '../../lib/auth/local-session';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from '../../lib/local/dynamodb';
import { freePort } from '../../lib/local/ports';
import { startNext, type ManagedProcess } from '../../lib/local/processes';
import { say } from '../bench-stats';
import { SESSION_SECRET, type BenchStack } from './stack';

const SOURCES = ['app', 'components', 'lib', 'next.config.ts', 'proxy.ts', 'package.json', 'tsconfig.json'];
const STAMP = '.next/bench-build.json';

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) if (entry !== 'node_modules') newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why the existing build cannot be reused (undefined: it can). */
export function staleBuildReason(root: string, stripeApiBase: string): string | undefined {
  const buildId = path.join(root, '.next/BUILD_ID');
  if (!existsSync(buildId)) return 'no production build (.next/BUILD_ID is missing)';
  const stamp = path.join(root, STAMP);
  const built = existsSync(stamp) ? (JSON.parse(readFileSync(stamp, 'utf8')) as { stripeApiBase?: string }).stripeApiBase : undefined;
  if (built !== stripeApiBase) return `the build inlines another Stripe emulator URL (${built ?? 'unknown'}, not ${stripeApiBase})`;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (newest > statSync(buildId).mtimeMs) return 'sources changed since the build';
  return undefined;
}

function appEnvironment(stack: BenchStack, appUrl: string, port: number): Record<string, string> {
  return {
    ...stack.env,
    PORT: String(port),
    APP_URL: appUrl,
    LOCAL_AUTH_IN_PRODUCTION: 'demo',
    AWS_REGION: LOCAL_AWS_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    NEXT_TELEMETRY_DISABLED: '1',
  };
}

/** `next build`, its output printed as it comes (a build takes minutes on a busy machine). */
async function build(root: string, env: Record<string, string>): Promise<void> {
  // without NODE_ENV: next sets it, and another value breaks the build
  const { NODE_ENV: _nodeEnv, ...rest }: Record<string, string | undefined> = { ...process.env, ...env };
  const child = spawn(path.join(root, 'node_modules/.bin/next'), ['build'], {
    cwd: root,
    env: rest as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const print = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) say(`  [next build] ${line.trim()}`);
  };
  child.stdout.on('data', print);
  child.stderr.on('data', print);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  writeFileSync(path.join(root, STAMP), JSON.stringify({ stripeApiBase: env.NEXT_PUBLIC_STRIPE_API_BASE }));
}

export interface RunningApp {
  url: string;
  next: ManagedProcess;
  /** POST /api/<fn> with a session cookie, as the browser sends it (same origin, JSON); the parsed answer. */
  post: (fn: string, body: object, token: string) => Promise<Record<string, unknown>>;
  cookieFor: (token: string) => { name: string; value: string; url: string };
  tokenFor: (user: { userId: string; email: string }, groups: Group[]) => string;
}

export async function startApp(stack: BenchStack, root: string): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = appEnvironment(stack, url, port);
  const stale = process.env.BENCH_REBUILD ? 'BENCH_REBUILD is set' : staleBuildReason(root, stack.env.NEXT_PUBLIC_STRIPE_API_BASE);
  if (stale) {
    say(`next build (${stale}); progress follows…`);
    const t = Date.now();
    await build(root, env);
    say(`  built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  } else say('reusing the production build in .next (newer than every source file)');
  say(`next start on ${url}…`);
  const next = await startNext({ mode: 'start', port, hostname: '127.0.0.1', cwd: root, env });
  const post = async (fn: string, body: object, token: string) => {
    const res = await fetch(`${url}/api/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200)
      throw new Error(`POST /api/${fn} ${(body as { action?: string }).action ?? ''}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  return {
    url,
    next,
    post,
    cookieFor: (token) => ({ name: SESSION_COOKIE, value: encodeURIComponent(token), url }),
    tokenFor: (user, groups) => signSession({ userId: user.userId, email: user.email, groups }, SESSION_SECRET, Date.now()),
  };
}
