import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';

/**
 * Child processes of the local stack (DynamoDB Local, next dev/start) and the progress lines the dev and
 * test scripts print. Every child is started in its own process group so that stopping it also stops
 * whatever it spawned (next spawns workers); children still running when this process exits are killed.
 */

/** An expected failure (port taken, Java missing, bad setting) whose message alone explains it: print it on one line. */
export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

/**
 * Prints `▸ label…`, runs `fn`, completes the line with `ready in 2.9 s` (or `failed after …`).
 * The line is written in two halves, so `fn` must not print (children's output is captured).
 */
export async function step<T>(label: string, fn: () => Promise<T>, doneWord = 'done'): Promise<T> {
  const started = performance.now();
  process.stdout.write(`▸ ${label}… `);
  try {
    const result = await fn();
    process.stdout.write(`${doneWord} in ${formatDuration(performance.now() - started)}\n`);
    return result;
  } catch (error) {
    process.stdout.write(`failed after ${formatDuration(performance.now() - started)}\n`);
    throw error;
  }
}

/** Polls `probe` until it returns true; rejects after `timeoutMs` or as soon as `abort` rejects. */
async function waitUntil(
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 100, what, abort }: { timeoutMs: number; intervalMs?: number; what: string; abort?: Promise<never> },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let aborted: unknown;
  let isAborted = false;
  abort?.catch((error: unknown) => {
    aborted = error;
    isAborted = true;
  });
  for (;;) {
    if (isAborted) throw aborted;
    if (await probe().catch(() => false)) return;
    if (isAborted) throw aborted;
    if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${formatDuration(timeoutMs)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. */
async function waitForPort(port: number, options: { timeoutMs: number; what: string; abort?: Promise<never> }): Promise<void> {
  await waitUntil(() => isListening('127.0.0.1', port, 1_000), { ...options, intervalMs: 150 });
}

/** True when something on `host` accepts a TCP connection on `port` within `timeoutMs`. */
export function isListening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** Rejects if the process exits before `stop()` was called (a crash); never resolves otherwise. */
  readonly unexpectedExit: Promise<never>;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  output(): string;
  /** From now on, stream the process's output to this process's stdout/stderr (after a quiet startup). */
  forwardOutput(prefix?: string): void;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves once it exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ManagedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort (crash, process.exit): never leave a JVM or a next server behind.
  process.on('exit', () => {
    for (const managed of running) killGroup(managed.child, 'SIGKILL');
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

interface SpawnManagedOptions extends Omit<SpawnOptions, 'stdio' | 'detached'> {
  /** Stream the child's output to this process (next dev); otherwise it is kept in a ring buffer. */
  inheritOutput?: boolean;
  /** Prefix for inherited output lines, e.g. `[next] `. */
  prefix?: string;
}

/**
 * Spawns `command` in its own process group. Spawn failures (ENOENT) surface through `unexpectedExit`,
 * with the command name in the message.
 */
export function spawnManaged(name: string, command: string, args: string[], options: SpawnManagedOptions = {}): ManagedProcess {
  installExitHook();
  const { inheritOutput: inheritInitially = false, prefix: initialPrefix = '', ...spawnOptions } = options;
  let inheritOutput = inheritInitially;
  let prefix = initialPrefix;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

  const lines: string[] = [];
  const atLineStart = new Map<NodeJS.WriteStream, boolean>();
  const remember = (chunk: Buffer, target: NodeJS.WriteStream) => {
    const text = chunk.toString('utf8');
    if (inheritOutput) {
      if (prefix) {
        const start = atLineStart.get(target) ?? true;
        target.write((start ? prefix : '') + text.replace(/\n(?=.)/g, `\n${prefix}`));
        atLineStart.set(target, text.endsWith('\n'));
      } else {
        target.write(text);
      }
    }
    lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.on('data', (chunk: Buffer) => remember(chunk, process.stdout));
  child.stderr?.on('data', (chunk: Buffer) => remember(chunk, process.stderr));

  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });

  const output = () => lines.join('\n');
  const unexpectedExit = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      running.delete(managed);
      reject(
        error.code === 'ENOENT'
          ? new LocalStackError(`cannot start ${name}: command not found: ${command}`)
          : new Error(`cannot start ${name}: ${error.message}`),
      );
    });
    child.once('exit', (code, signal) => {
      running.delete(managed);
      if (stopping) return;
      const tail = output().split('\n').slice(-15).join('\n');
      reject(new LocalStackError(`${name} exited unexpectedly (${signal ?? `code ${code}`})${tail ? `:\n${tail}` : ''}`));
    });
  });
  unexpectedExit.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection

  const managed: ManagedProcess = {
    child,
    name,
    unexpectedExit,
    output,
    forwardOutput(newPrefix = prefix) {
      inheritOutput = true;
      prefix = newPrefix;
    },
    async stop(graceMs = 5_000) {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
        running.delete(managed);
        return;
      }
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // The group leader is gone; make sure no straggler of its group (a next worker) survives it.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* the group is empty */
      }
      running.delete(managed);
    },
  };
  running.add(managed);
  return managed;
}

// ---------------------------------------------------------------------------------------------------------
// Next.js

/** `node <next>/dist/bin/next` — the project's own Next, whatever PATH holds. */
function nextCommand(): { command: string; args: string[] } {
  const require = createRequire(import.meta.url);
  return { command: process.execPath, args: [require.resolve('next/dist/bin/next')] };
}

/** The environment of a next child: ours plus `env`, without NODE_ENV (next sets it; vitest's 'test' breaks builds). */
function nextEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_ENV: _nodeEnv, ...rest }: Record<string, string | undefined> = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env };
  return rest as NodeJS.ProcessEnv; // without NODE_ENV, whatever next's type augmentation says
}

/** `next build` in `cwd`; rejects with the tail of its output on failure. */
export async function buildNext({ cwd, env }: { cwd: string; env: Record<string, string> }): Promise<void> {
  const { command, args } = nextCommand();
  const proc = spawnManaged('next build', command, [...args, 'build'], { cwd, env: nextEnvironment(env) });
  const code = await new Promise<number | null>((resolve, reject) => {
    proc.child.once('exit', (exitCode) => resolve(exitCode));
    proc.unexpectedExit.catch((error: unknown) => {
      if (proc.child.exitCode === null) reject(error); // could not even start
    });
  });
  await proc.stop();
  if (code !== 0) {
    throw new LocalStackError(`next build failed (exit ${code}):\n${proc.output().split('\n').slice(-40).join('\n')}`);
  }
}

/**
 * `next dev` or `next start` on `port`, resolved once it accepts connections. Output stays quiet until then
 * (`forwardOutput()` streams it afterwards); a crash during startup rejects with its last lines.
 */
export async function startNext({
  mode,
  port,
  hostname,
  cwd,
  env,
  timeoutMs = 120_000,
}: {
  mode: 'dev' | 'start';
  port: number;
  hostname?: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<ManagedProcess> {
  const { command, args } = nextCommand();
  const proc = spawnManaged(`next ${mode}`, command, [...args, mode, '-p', String(port), ...(hostname ? ['-H', hostname] : [])], {
    cwd,
    env: nextEnvironment(env),
  });
  try {
    await waitForPort(port, { timeoutMs, what: `next ${mode}`, abort: proc.unexpectedExit });
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return proc;
}
