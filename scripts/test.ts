/**
 * `npm test`: prerequisites, the static checks (typecheck, dependency rules, lint, format: side by side, they are
 * independent), then the unit, integration and e2e suites, in that order. Stops at the first failure (exit 1) and
 * ends with a summary and a plain `N passed, N failed` line.
 *
 *   npm test                      everything
 *   npm test -- unit integration  only these suites (the static checks still run first)
 *   npm test -- --no-typecheck    skip the static checks (e.g. while iterating on one suite)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensureJava } from '../lib/local/prerequisites';
import { formatDuration } from '../lib/local/processes';

// Node 20 is supported here; the AWS SDK's notice that future versions need Node 22 would only break the progress lines.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const SUITES = ['unit', 'integration', 'e2e'] as const;
type Suite = (typeof SUITES)[number];

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  counts?: Counts;
  note?: string;
}

const argv = process.argv.slice(2).filter((arg) => arg !== '--');
const skipTypecheck = argv.includes('--no-typecheck');

function selectedSuites(): Suite[] {
  const args = argv.filter((arg) => arg !== '--no-typecheck');
  if (args.length === 0) return [...SUITES];
  const unknown = args.filter((arg) => !(SUITES as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    console.error(`✖ unknown argument ${unknown.join(', ')}: choose suites from ${SUITES.join(', ')}, or --no-typecheck`);
    process.exit(2);
  }
  return SUITES.filter((suite) => args.includes(suite));
}

/** Runs a command with its output kept (printed by the caller), for the checks that run side by side. */
function runQuietly(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', (error) => resolve({ code: 127, output: `cannot run ${command}: ${error.message}` }));
    child.once('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    // Ctrl-C reaches the child directly (same process group): just outlive it. SIGTERM is forwarded.
    const ignore = () => {};
    const forward = () => child.kill('SIGTERM');
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    child.once('error', (error) => {
      console.error(`✖ cannot run ${command}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
    });
  });
}

function banner(text: string): void {
  console.log(`\n▸ ${text}`);
}

const bin = (pkg: string, file: string) => path.join(root, 'node_modules', pkg, file);

/**
 * What runs before any test: the types, the layer rules (.dependency-cruiser.cjs: a backwards import fails naming its
 * rule), ESLint with zero warnings (eslint.config.mjs) and the formatter's check (.prettierrc.json).
 */
const STATIC_CHECKS: { name: string; args: string[] }[] = [
  { name: 'typecheck', args: [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'] },
  // the package exports no package.json: its bin sits in node_modules next to the project
  {
    name: 'dependency rules',
    args: [
      bin('dependency-cruiser', 'bin/dependency-cruise.mjs'),
      'lib',
      'amplify',
      'components',
      'app',
      'scripts',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ],
  },
  { name: 'lint', args: [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings', '0'] },
  { name: 'format', args: [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.'] },
];

async function staticChecks(): Promise<Outcome[]> {
  banner(`Static checks, side by side: ${STATIC_CHECKS.map((check) => check.name).join(', ')}`);
  return Promise.all(
    STATIC_CHECKS.map(async ({ name, args }) => {
      const started = performance.now();
      const { code, output } = await runQuietly(process.execPath, args);
      const outcome: Outcome = { name, ok: code === 0, ms: performance.now() - started };
      console.log(`  ${outcome.ok ? '✔' : '✖'} ${name} (${formatDuration(outcome.ms)})`);
      if (!outcome.ok) console.log(output.trimEnd().replace(/^/gm, '    '));
      if (!outcome.ok && name === 'format') console.log('    → npm run format rewrites these files');
      return outcome;
    }),
  );
}

async function vitest(suite: Suite, reportDir: string): Promise<Outcome> {
  banner(`${suite} tests (vitest run --project ${suite})`);
  const started = performance.now();
  const report = path.join(reportDir, `${suite}.json`);
  const code = await run(process.execPath, [
    path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs'),
    'run',
    '--project',
    suite,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  const outcome: Outcome = { name: suite, ok: code === 0, ms: performance.now() - started };
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests?: number;
      numTodoTests?: number;
      numTotalTestSuites?: number;
    };
    outcome.counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    };
    // A file that fails to import (or a failing global setup) fails the run without failing a test.
    if (!outcome.ok && outcome.counts.failed === 0) outcome.note = 'failed outside tests (setup, import or unhandled error)';
  } catch {
    if (!outcome.ok) outcome.note = 'no report (vitest did not finish)';
  }
  return outcome;
}

function summary(outcomes: Outcome[], skipped: string[], totalMs: number): void {
  console.log('\n─── Summary ───────────────────────────────────────────');
  for (const outcome of outcomes) {
    const mark = outcome.ok ? '✔' : '✖';
    const counts = outcome.counts
      ? `${outcome.counts.passed} passed, ${outcome.counts.failed} failed${outcome.counts.skipped ? `, ${outcome.counts.skipped} skipped` : ''}`
      : outcome.ok
        ? 'ok'
        : 'failed';
    console.log(
      `${mark} ${outcome.name.padEnd(16)} ${formatDuration(outcome.ms).padStart(10)}   ${counts}${outcome.note ? ` (${outcome.note})` : ''}`,
    );
  }
  for (const name of skipped) console.log(`- ${name.padEnd(16)} ${'—'.padStart(10)}   not run`);
  console.log(`  total            ${formatDuration(totalMs).padStart(10)}`);

  const suites = outcomes.filter((outcome) => (SUITES as readonly string[]).includes(outcome.name));
  if (suites.length > 0 && suites.every((outcome) => outcome.counts)) {
    const passed = suites.reduce((sum, outcome) => sum + (outcome.counts?.passed ?? 0), 0);
    const failed = suites.reduce((sum, outcome) => sum + (outcome.counts?.failed ?? 0), 0);
    const outside = suites.filter((outcome) => !outcome.ok && outcome.counts?.failed === 0).map((outcome) => outcome.name);
    console.log(`${passed} passed, ${failed} failed${outside.length ? ` (${outside.join(', ')} failed outside its tests)` : ''}`);
  } else {
    const passed = outcomes.filter((outcome) => outcome.ok).length;
    console.log(`${passed} passed, ${outcomes.length - passed} failed (steps)`);
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const suites = selectedSuites();
  const outcomes: Outcome[] = [];
  const planned = [...(skipTypecheck ? [] : STATIC_CHECKS.map((check) => check.name)), ...suites];
  const finish = (code: number) => {
    const done = new Set(outcomes.map((outcome) => outcome.name));
    summary(
      outcomes,
      planned.filter((name) => !done.has(name)),
      performance.now() - started,
    );
    return code;
  };

  banner('Prerequisites');
  try {
    await ensureJava();
    if (suites.includes('e2e')) await ensureChromium();
    console.log(`  Java 17${suites.includes('e2e') ? ' and Chromium' : ''}: available`);
  } catch (error) {
    console.error(`✖ ${(error as Error).message}`);
    return 1;
  }

  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'marketplace-test-'));
  try {
    if (!skipTypecheck) {
      const checked = await staticChecks();
      outcomes.push(...checked);
      if (checked.some((outcome) => !outcome.ok)) return finish(1);
    }
    for (const suite of suites) {
      const outcome = await vitest(suite, reportDir);
      outcomes.push(outcome);
      if (!outcome.ok) return finish(1);
    }
    return finish(0);
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
