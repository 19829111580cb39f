import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from './dynamo-clients';
export { createDynamoClients, LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, type DynamoClients } from './dynamo-clients';
import { assertPortFree, freePort, PortInUseError } from './ports';
import { javaCommand, javaMajorVersion, MIN_JAVA_MAJOR, JAVA_APT_PACKAGE, PrerequisiteError } from './prerequisites';
import { LocalStackError, spawnManaged } from './processes';

/**
 * AWS DynamoDB Local (the jar shipped in the npm package `amplify-dynamodb-simulator`), run with Java 17.
 * Unlike dynalite it supports transactions, so conditional multi-item writes behave as in AWS.
 */

type DynamoDbLocalOptions =
  | {
      /** 0 or absent: a free port. */
      port?: number;
      /** Folder of the persistent database (created if missing). One process per folder. */
      dbPath: string;
    }
  | {
      port?: number;
      inMemory: true;
    };

export interface DynamoDbLocal {
  /** e.g. http://127.0.0.1:8042 */
  endpoint: string;
  port: number;
  /** Stops the JVM (SIGTERM, then SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>;
}

/** Region and dummy credentials for DynamoDB Local; with -sharedDb any region/key pair sees the same data. */

const STARTUP_TIMEOUT_MS = 60_000;

/** Folder holding DynamoDBLocal.jar and DynamoDBLocal_lib (native sqlite4java libraries). */
function dynamoDbLocalDir(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('amplify-dynamodb-simulator/package.json');
  } catch {
    throw new LocalStackError('DynamoDB Local not found: the devDependency amplify-dynamodb-simulator is not installed (run npm ci)');
  }
  const dir = path.join(path.dirname(packageJson), 'emulator');
  if (!existsSync(path.join(dir, 'DynamoDBLocal.jar'))) {
    throw new LocalStackError(
      `DynamoDB Local not found: ${path.join(dir, 'DynamoDBLocal.jar')} is missing (reinstall amplify-dynamodb-simulator)`,
    );
  }
  return dir;
}

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const java = javaMajorVersion();
  if (java === undefined || java < MIN_JAVA_MAJOR) {
    throw new PrerequisiteError(
      `${java === undefined ? 'Java not found' : `Java ${java} is too old`}: DynamoDB Local needs Java ${MIN_JAVA_MAJOR}+ (apt-get install -y ${JAVA_APT_PACKAGE})`,
    );
  }
  const dir = dynamoDbLocalDir();
  const port = options.port || (await freePort());
  await assertPortFree(port, 'DynamoDB Local', 'DYNAMODB_PORT');

  const storage: string[] = [];
  let releaseLock = () => {};
  if ('inMemory' in options) {
    storage.push('-inMemory');
  } else {
    const dbPath = path.resolve(options.dbPath);
    mkdirSync(dbPath, { recursive: true });
    releaseLock = lockDataFolder(dbPath);
    storage.push('-dbPath', dbPath);
  }

  const args = [
    `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
  ];
  const proc = spawnManaged('DynamoDB Local', javaCommand(), args, { cwd: dir });
  const stop = async () => {
    await proc.stop();
    releaseLock();
  };
  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 2_000, connectionTimeout: 1_000, throwOnRequestTimeout: true },
  });

  try {
    await waitForListTables(probe, proc.unexpectedExit);
  } catch (error) {
    await stop();
    if (/Address already in use|BindException/i.test(proc.output())) {
      throw new PortInUseError(`port ${port} is already in use, cannot start DynamoDB Local (set DYNAMODB_PORT to use another port)`);
    }
    throw error;
  } finally {
    probe.destroy();
  }

  return { endpoint, port, stop };
}

/**
 * One DynamoDB Local per data folder (two JVMs on one SQLite file corrupt it): a `.lock` file holding our pid.
 * A lock left by a process that no longer runs is taken over. Returns the release function.
 */
function lockDataFolder(dbPath: string): () => void {
  const lockFile = path.join(dbPath, '.lock');
  const owner = readLockOwner(lockFile);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new LocalStackError(`${dbPath} is already used by DynamoDB Local of process ${owner} (another npm run dev?): stop it first`);
  }
  writeFileSync(lockFile, String(process.pid));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readLockOwner(lockFile) === process.pid) rmSync(lockFile, { force: true });
  };
  process.on('exit', release); // the JVM is killed on exit too (processes.ts)
  return release;
}

function readLockOwner(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForListTables(client: DynamoDBClient, crashed: Promise<never>): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastError: unknown;
  for (;;) {
    const attempt = client.send(new ListTablesCommand({ Limit: 1 })).then(
      () => true,
      (error: unknown) => {
        lastError = error;
        return false;
      },
    );
    if (await Promise.race([attempt, crashed])) return;
    if (Date.now() > deadline) {
      throw new Error(
        `DynamoDB Local did not answer within ${STARTUP_TIMEOUT_MS / 1000} s: ${(lastError as Error | undefined)?.message ?? 'no answer'}`,
      );
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), crashed]);
  }
}
