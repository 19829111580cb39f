/**
 * `npm run synth`: synthesize the Amplify backend offline (no AWS account, no credentials) into .amplify/synth.
 * defineBackend builds a CDK App; we synthesize it in-process with CloudFormation validation turned into errors
 * (`@aws-cdk/core:validateAgainstDefaultRules`), so a circular dependency or an invalid template fails here.
 * Also writes .amplify/generated/env/<function>.ts, which `$amplify/env/<function>` resolves to.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestedStack, Stack, Stage } from 'aws-cdk-lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const log = (msg: string) => console.log(`[synth +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

process.chdir(root); // Amplify writes .amplify/generated relative to the working directory
const outdir = path.resolve(root, process.env.CDK_OUTDIR ?? '.amplify/synth');
process.env.CDK_OUTDIR = outdir;
process.env.CDK_CONTEXT_JSON = JSON.stringify({
  'amplify-backend-namespace': 'marketplace',
  'amplify-backend-name': 'ci',
  'amplify-backend-type': 'sandbox',
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  ...(process.env.CDK_CONTEXT_JSON ? (JSON.parse(process.env.CDK_CONTEXT_JSON) as Record<string, unknown>) : {}),
});

rmSync(outdir, { recursive: true, force: true });
log(`building the backend (bundling 6 functions with esbuild) from amplify/backend.ts`);
const { backend } = await import('../amplify/backend');

const app = backend.stack.node.root;
if (!Stage.isStage(app)) throw new Error('amplify/backend.ts: the backend stack is not inside a CDK App');
log('synthesizing CloudFormation templates');
let assembly;
try {
  assembly = app.synth();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  log('FAILED');
  process.exit(1);
}
if (process.exitCode) {
  log('FAILED: template validation reported errors (see above)');
  process.exit(process.exitCode);
}

log(`wrote ${path.relative(root, assembly.directory)}`);
const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
for (const stack of stacks) {
  const file = path.join(assembly.directory, stack.templateFile);
  if (!existsSync(file)) continue;
  const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources?: Record<string, { Type: string }> };
  const resources = Object.values(template.Resources ?? {});
  const count = (type: string) => resources.filter((r) => r.Type === type).length;
  const notable = [
    ['Lambda', count('AWS::Lambda::Function')],
    ['tables', count('Custom::AmplifyDynamoDBTable')],
    ['schedules', count('AWS::Scheduler::Schedule')],
    ['user pools', count('AWS::Cognito::UserPool')],
  ]
    .filter(([, n]) => Number(n) > 0)
    .map(([label, n]) => `${n} ${label}`)
    .join(', ');
  const depth = stack.node.scopes.filter((s) => Stack.isStack(s)).length - 1;
  log(
    `${'  '.repeat(depth)}${NestedStack.isNestedStack(stack) ? 'nested ' : ''}stack ${stack.node.path}: ` +
      `${resources.length} resources${notable ? ` (${notable})` : ''} -> ${path.relative(root, file)}`,
  );
}
log(
  `env shims: .amplify/generated/env/{${['booking-processor', 'stripe-connect', 'payout-manager', 'refund-processor', 'stripe-webhook', 'domain-events'].join(',')}}.ts`,
);
log('done');
