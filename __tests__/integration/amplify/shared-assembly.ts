/**
 * One synthesis per integration run for the bundle tests: bundling six functions takes minutes on a busy machine.
 * synth.test.ts synthesizes in-process anyway (it reads the constructs) and publishes its cloud assembly under
 * .data/lambda-harness/assembly, stamped with the newest modification time of the sources it was built from; another
 * file that only runs the bundles (bundle-flow.test.ts) takes that copy while the stamp still matches, waits while a
 * synthesis is under way in another worker (a lock file), and synthesizes (and publishes) only when neither holds.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stage } from 'aws-cdk-lib';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const HOME = path.join(ROOT, '.data', 'lambda-harness');
const PUBLISHED = path.join(HOME, 'assembly');
const LOCK = path.join(HOME, 'assembly.lock');
const STAMP = 'sources.stamp';
/** A lock older than this belongs to a run that died: ignored. */
const STALE_LOCK_MS = 10 * 60_000;
const SOURCES = ['amplify', 'lib', 'package-lock.json'];
/** How long a file that finds no assembly waits for a synthesis starting in another worker before running its own. */
const SYNTH_START_GRACE_MS = 20_000;

export const SYNTH_CONTEXT = {
  'amplify-backend-namespace': 'marketplace',
  'amplify-backend-name': 'ci',
  'amplify-backend-type': 'sandbox',
  '@aws-cdk/core:validateAgainstDefaultRules': true,
};

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) if (name !== 'node_modules') newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

const sourcesStamp = () => String(Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s)))));

/** The sources as they were when this process's synthesis began: an edit made while it bundles makes it stale. */
let stampAtStart: string | undefined;

/** Marks a synthesis under way in this process (other workers wait for its assembly). */
export function beginSynthesis(): void {
  stampAtStart = sourcesStamp();
  mkdirSync(HOME, { recursive: true });
  writeFileSync(LOCK, String(process.pid));
}

/** Copies a finished assembly where the other bundle tests find it, then lifts the lock. */
export function publishAssembly(directory: string, stamp = stampAtStart ?? sourcesStamp()): void {
  try {
    const staging = `${PUBLISHED}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    // the templates and the bundles' directories: not the zipped copies or the construct tree
    cpSync(directory, staging, { recursive: true, filter: (src) => !src.endsWith('.zip') && path.basename(src) !== 'tree.json' });
    writeFileSync(path.join(staging, STAMP), stamp);
    rmSync(PUBLISHED, { recursive: true, force: true });
    renameSync(staging, PUBLISHED);
  } finally {
    endSynthesis();
  }
}

export function endSynthesis(): void {
  if (existsSync(LOCK) && readFileSync(LOCK, 'utf8') === String(process.pid)) rmSync(LOCK, { force: true });
}

const fresh = (stamp: string) => existsSync(path.join(PUBLISHED, STAMP)) && readFileSync(path.join(PUBLISHED, STAMP), 'utf8') === stamp;
const lockHeld = () => existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs < STALE_LOCK_MS;

/** The directory of a cloud assembly built from the current sources: published, awaited, or synthesized here. */
export async function sharedAssembly(): Promise<string> {
  const stamp = sourcesStamp();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // synth.test.ts may be starting in the other worker at this moment: give it time to take the lock
  for (let waited = 0; !fresh(stamp) && !lockHeld() && waited < SYNTH_START_GRACE_MS; waited += 1_000) await sleep(1_000);
  while (!fresh(stamp) && lockHeld()) await sleep(2_000);
  if (fresh(stamp)) return PUBLISHED;
  beginSynthesis();
  try {
    process.env.CDK_CONTEXT_JSON = JSON.stringify(SYNTH_CONTEXT);
    delete process.env.CDK_OUTDIR;
    const { backend } = await import('../../../amplify/backend');
    const app = backend.stack.node.root;
    if (!Stage.isStage(app)) throw new Error('the backend stack is not inside a CDK App');
    publishAssembly(app.synth().directory);
  } finally {
    endSynthesis();
  }
  return PUBLISHED;
}
