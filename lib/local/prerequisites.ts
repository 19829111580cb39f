import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { formatDuration, LocalStackError } from './processes';

/**
 * System prerequisites of the local stack: Java 17 (DynamoDB Local) and Chromium (e2e tests).
 * When one is missing and we run as root on a machine with apt-get (CI, a fresh dev container), it is
 * installed; otherwise we stop with one line saying what to install.
 */

export const MIN_JAVA_MAJOR = 17;
export const JAVA_APT_PACKAGE = 'openjdk-17-jre-headless';
const CHROMIUM_APT_PACKAGE = 'chromium';
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The Chromium binary the e2e tests drive (Debian's `chromium`); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;

/** Flags for headless Chromium in containers and offline machines. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class PrerequisiteError extends LocalStackError {
  override name = 'PrerequisiteError';
}

/** The java executable: `java` on PATH, else `$JAVA_HOME/bin/java`. */
export function javaCommand(): string {
  if (findOnPath('java')) return 'java';
  const home = process.env.JAVA_HOME;
  if (home && isExecutable(path.join(home, 'bin', 'java'))) return path.join(home, 'bin', 'java');
  return 'java';
}

/** Major version of the Java runtime, or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync(javaCommand(), ['-version'], { encoding: 'utf8', timeout: 20_000 });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major; // "1.8.0" is Java 8
}

/** Makes sure Java >= 17 runs; installs it with apt-get when possible. */
export async function ensureJava(): Promise<void> {
  const found = javaMajorVersion();
  if (found !== undefined && found >= MIN_JAVA_MAJOR) return;
  const why = found === undefined ? 'Java not found' : `Java ${found} is too old`;
  if (!canAptInstall()) {
    throw new PrerequisiteError(
      `${why}: DynamoDB Local needs Java ${MIN_JAVA_MAJOR}+ — install it (Debian/Ubuntu: sudo apt-get install -y ${JAVA_APT_PACKAGE}; macOS: brew install openjdk@17) and make sure \`java\` is on PATH`,
    );
  }
  await aptInstall(JAVA_APT_PACKAGE, why);
  const after = javaMajorVersion();
  if (after === undefined || after < MIN_JAVA_MAJOR) {
    throw new PrerequisiteError(
      `installed ${JAVA_APT_PACKAGE} but \`java -version\` still reports ${after ?? 'nothing'}: select Java 17 with update-alternatives --config java`,
    );
  }
}

/** Makes sure the Chromium at CHROMIUM_PATH exists; installs Debian's `chromium` when possible. */
export async function ensureChromium(): Promise<void> {
  if (isExecutable(CHROMIUM_PATH)) return;
  const why = `Chromium not found at ${CHROMIUM_PATH}`;
  if (CHROMIUM_PATH !== DEFAULT_CHROMIUM_PATH || !canAptInstall()) {
    throw new PrerequisiteError(
      `${why}: the e2e tests need it — install it (Debian/Ubuntu: sudo apt-get install -y ${CHROMIUM_APT_PACKAGE}) or point CHROMIUM_PATH at a Chromium/Chrome binary`,
    );
  }
  await aptInstall(CHROMIUM_APT_PACKAGE, why);
  if (!isExecutable(CHROMIUM_PATH)) {
    throw new PrerequisiteError(`installed ${CHROMIUM_APT_PACKAGE} but ${CHROMIUM_PATH} is still missing; set CHROMIUM_PATH`);
  }
}

function canAptInstall(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && findOnPath('apt-get') !== undefined;
}

async function aptInstall(pkg: string, why: string): Promise<void> {
  const started = performance.now();
  process.stdout.write(`▸ ${why}; installing ${pkg} with apt-get (about a minute)… `);
  try {
    await run('apt-get', ['update']);
    await run('apt-get', ['install', '-y', pkg]);
  } catch (error) {
    process.stdout.write(`failed after ${formatDuration(performance.now() - started)}\n`);
    throw new PrerequisiteError(`apt-get install ${pkg} failed: ${(error as Error).message}`);
  }
  process.stdout.write(`done in ${formatDuration(performance.now() - started)}\n`);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`\`${command} ${args.join(' ')}\` exited with ${code}:\n${output.split('\n').slice(-12).join('\n')}`));
    });
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate) && isExecutable(candidate)) return candidate;
  }
  return undefined;
}
