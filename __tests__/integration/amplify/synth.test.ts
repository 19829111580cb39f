/**
 * Synthesizes the Amplify backend offline (no AWS account) and checks the CloudFormation it would deploy:
 * functions, secrets, the webhook URL, the payout schedule, Cognito groups, tables (a drift test against
 * lib/data/tables.ts), table wiring and least-privilege IAM, the domain events' stream, its consumer's event source
 * mapping, dead-letter queue and alarm, the rate limits' table and its grants, and that synthesis passes CloudFormation validation
 * (`@aws-cdk/core:validateAgainstDefaultRules`), which rejects circular dependencies between stacks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack, Stage, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CONSUMERS } from '../../../lib/services/event-consumers';
import { AMPLIFY_MODEL_OF } from '../../../amplify/data/resource';
import { RECONCILIATION_METRICS } from '../../../lib/domain/reconciliation';
import { ALARM_DEFAULTS } from '../../../amplify/alarms';
import { HANDLED_STRIPE_EVENT_TYPES } from '../../../lib/stripe/handled-events';
import { exerciseBundles } from './bundle-checks';
import { runBundleFlow } from './bundle-flow';
import { amplifyYml, deployReferences, envExampleNames, fileExists, listedEventTypes, npmScripts, outputExists } from './readme-deploy';
import { METRIC } from '../../../lib/observability/metric-names';
import { MODEL_NAMES, RATE_LIMIT_TABLE, TABLES, type ModelName } from '../../../lib/data/tables';

type BackendModule = typeof import('../../../amplify/backend');
type Backend = BackendModule['backend'];

const VALIDATE_FLAG = '@aws-cdk/core:validateAgainstDefaultRules';
const CONTEXT = {
  'amplify-backend-namespace': 'marketplace',
  'amplify-backend-name': 'ci',
  'amplify-backend-type': 'sandbox',
  [VALIDATE_FLAG]: true,
};

const FUNCTIONS = {
  bookingProcessor: 'booking-processor',
  stripeConnect: 'stripe-connect',
  payoutManager: 'payout-manager',
  refundProcessor: 'refund-processor',
  stripeWebhook: 'stripe-webhook',
  domainEvents: 'domain-events',
} as const;
type FunctionKey = keyof typeof FUNCTIONS;
const FUNCTION_KEYS = Object.keys(FUNCTIONS) as FunctionKey[];

/** The wiring this test expects, written out independently of amplify/backend.ts. */
const EXPECTED_TABLES: Record<FunctionKey, ModelName[]> = {
  bookingProcessor: [
    'UserProfile',
    'Service',
    'Booking',
    'SlotHold',
    'Transaction',
    'Customer',
    'Payment',
    'CreditPackage',
    'CreditPurchase',
    'CreditTransaction',
    'DomainEvent',
    'RevokedSession',
    'Review',
    'NotificationPreference',
    // promotion codes applied at checkout (APPLY_PROMOTION_CODE)
    'PromotionCode',
    'PromotionRedemption',
    // SEARCH_SERVICES and the service writes keep the search entries
    'ServiceSearch',
  ],
  // CREATE_PAYOUT records its payout through the one payout path
  stripeConnect: [
    'UserProfile',
    'Service',
    'Booking',
    'Transaction',
    'Payout',
    'Customer',
    'Payment',
    'Subscription',
    'MembershipPlan',
    'CreditPackage',
    'CreditPurchase',
    'CreditTransaction',
    'DomainEvent',
    'RevokedSession',
    'Review',
    'SlotHold',
    // the admins' promotion codes, and codes applied to memberships and credit packages
    'PromotionCode',
    'PromotionRedemption',
    // the listing changes with a provider's account status and account deletion
    'ServiceSearch',
  ],
  payoutManager: [
    'UserProfile',
    'Service',
    'Booking',
    'SlotHold',
    'Transaction',
    'Payout',
    'Customer',
    'Payment',
    'CreditPackage',
    'CreditPurchase',
    'CreditTransaction',
    'DomainEvent',
    'RevokedSession',
    // the scheduled notifications step
    'Notification',
    'NotificationPreference',
    'ReconciliationMismatch',
  ],
  // admin dashboard actions (audit log, webhook event log, disputes, all ledgers) live here
  refundProcessor: [
    'UserProfile',
    'Service',
    'Booking',
    'SlotHold',
    'Transaction',
    'ProcessedEvent',
    'Payout',
    'Customer',
    'Payment',
    'Subscription',
    'MembershipPlan',
    'CreditPackage',
    'CreditPurchase',
    'CreditTransaction',
    'WebhookEventLog',
    'Dispute',
    'DomainEvent',
    'EventTally',
    'Rollup',
    'RevokedSession',
    'Review',
    // the admins' emails page and resend
    'Notification',
    'NotificationPreference',
    'ReconciliationMismatch',
    // reached through the booking services it shares (a promotion code's redemption)
    'PromotionCode',
    'PromotionRedemption',
    // its admin actions reach the service writes (a provider's listing follows their account), which keep the search entries
    'ServiceSearch',
    // the admins' CSV exports (requested here, written by the exports consumer)
    'ExportJob',
  ],
  // everything but what the event consumers keep, and the notifier's tables
  // Stripe's signature is its caller's proof: it verifies no sessions
  stripeWebhook: MODEL_NAMES.filter(
    (m) =>
      ![
        'ConsumedEvent',
        'EventTally',
        'Rollup',
        'RevokedSession',
        'Notification',
        'NotificationPreference',
        'ReconciliationMismatch',
        'ExportJob',
      ].includes(m),
  ),
  // its events come from the stream (granted on its own, below), not from the table; the notifier reads the records
  // its messages are about and writes its outbox
  domainEvents: [
    'ConsumedEvent',
    'EventTally',
    'Rollup',
    'Notification',
    'NotificationPreference',
    'UserProfile',
    'Service',
    'Booking',
    'Payout',
    'Dispute',
    'CreditPurchase',
    'Subscription',
    // the exports consumer: its jobs and the ledger lines it reads by type and day
    'ExportJob',
    'Transaction',
  ],
};
/** The functions that serve requests: app settings and a Stripe key (domain-events has neither). */
const APP_FUNCTIONS: FunctionKey[] = ['bookingProcessor', 'stripeConnect', 'payoutManager', 'refundProcessor', 'stripeWebhook'];
const TOKEN_VERIFYING: FunctionKey[] = ['bookingProcessor', 'stripeConnect', 'payoutManager', 'refundProcessor'];
/** The functions that send email (the notifier, the scheduled reminders and retries, the admins' resend). */
const MAIL_SENDERS: FunctionKey[] = ['domainEvents', 'payoutManager', 'refundProcessor'];
/** The functions that sign or check unsubscribe links: the senders, and booking-processor (UNSUBSCRIBE). */
const UNSUBSCRIBE_SIGNERS: FunctionKey[] = [...MAIL_SENDERS, 'bookingProcessor'];

/** The operators' topic's subscribers, as an installation would configure them. */
const ALARM_EMAILS = ['ops@bookwell.example', 'oncall@bookwell.example'];

const SSM_PLACEHOLDER = '<value will be resolved during runtime>';
/** Real-looking Stripe keys (secret, restricted, webhook signing): none may be baked into a template or bundle. */
const STRIPE_KEY_LITERAL = /\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z_]{6,}|\bwhsec_[0-9A-Za-z_]{6,}/;

interface CfnResourceJson {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
}
interface TemplateJson {
  Resources?: Record<string, CfnResourceJson>;
  Outputs?: Record<string, { Value: unknown }>;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let backend: Backend;
let app: Stage;
let assembly: CloudAssembly;
const templates = new Map<Stack, TemplateJson>();

beforeAll(async () => {
  process.env.CDK_CONTEXT_JSON = JSON.stringify(CONTEXT);
  delete process.env.CDK_OUTDIR; // in-memory synthesis into a temp dir: validation findings throw
  delete process.env.STRIPE_EVENT_SOURCE_NAME; // the default deployment (synth-eventbridge.test.ts covers the option)
  process.env.ALARM_EMAILS = ALARM_EMAILS.join(', ');
  process.env.ALARM_PAYMENT_FAILURE_RATE_PERCENT = '15';
  ({ backend } = (await import('../../../amplify/backend')) as BackendModule);
  const root = backend.stack.node.root;
  if (!Stage.isStage(root)) throw new Error('the backend stack is not inside a CDK App');
  app = root;
  assembly = app.synth(); // throws on CloudFormation validation errors (incl. circular dependencies)
  for (const stack of app.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
    // Template.fromStack also runs its own cyclic-dependency check inside each template.
    templates.set(stack, Template.fromStack(stack).toJSON() as TemplateJson);
  }
  // bundling six functions takes minutes on a busy two-core machine
}, 600_000);

// ---------- helpers ----------

function templateOf(stack: Stack): TemplateJson {
  const t = templates.get(stack);
  if (!t) throw new Error(`no template for ${stack.node.path}`);
  return t;
}

function resourcesOfType(type: string): Array<{ stack: Stack; id: string; resource: CfnResourceJson }> {
  const out: Array<{ stack: Stack; id: string; resource: CfnResourceJson }> = [];
  for (const [stack, t] of templates) {
    for (const [id, resource] of Object.entries(t.Resources ?? {})) {
      if (resource.Type === type) out.push({ stack, id, resource });
    }
  }
  return out;
}

function lambdaOf(key: FunctionKey) {
  const fn = backend[key].resources;
  const stack = Stack.of(fn.lambda);
  const id = stack.getLogicalId(fn.cfnResources.cfnFunction);
  const resource = templateOf(stack).Resources?.[id];
  if (!resource) throw new Error(`${key}: ${id} not in ${stack.node.path}`);
  return { stack, id, resource, env: (resource.Properties?.Environment?.Variables ?? {}) as Record<string, unknown> };
}

/** Every statement of the IAM policies attached to a function's role. */
function roleStatements(key: FunctionKey): Statement[] {
  const { stack } = lambdaOf(key);
  const role = backend[key].resources.lambda.role;
  if (!role) throw new Error(`${key} has no role`);
  const roleId = stack.getLogicalId(role.node.defaultChild as CfnResource);
  const statements: Statement[] = [];
  for (const r of Object.values(templateOf(stack).Resources ?? {})) {
    // CDK moves what does not fit the inline policy into overflow managed policies attached to the same role
    if (
      (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
      JSON.stringify(r.Properties?.Roles ?? []).includes(`"${roleId}"`)
    ) {
      statements.push(...(r.Properties?.PolicyDocument?.Statement ?? []));
    }
    if (r.Type === 'AWS::IAM::Role' && r === templateOf(stack).Resources?.[roleId]) {
      for (const p of r.Properties?.Policies ?? []) statements.push(...(p.PolicyDocument?.Statement ?? []));
    }
  }
  return statements;
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** What reading a DynamoDB stream takes (CDK's table grants include GetRecords/GetShardIterator on the table too). */
const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
const isTableStatement = (s: Statement) => actionsOf(s).some((a) => a.startsWith('dynamodb:') && !STREAM_ACTIONS.includes(a));
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** How a model's table ARN appears in a template of `stack` (cross-stack reference resolved). */
function tableArnIn(stack: Stack, model: ModelName): string {
  const table = backend.data.resources.tables[AMPLIFY_MODEL_OF[model]];
  if (!table) throw new Error(`no table for ${model}`);
  return JSON.stringify(stack.resolve(table.tableArn));
}

function modelOfTableResource(resource: CfnResourceJson): string | undefined {
  const name = resource.Properties?.tableName;
  const first = typeof name === 'string' ? name : name?.['Fn::Join']?.[1]?.[0];
  return typeof first === 'string' ? first.split('-')[0] : undefined;
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}

/**
 * The models a function's code touches: `tables.<Model>`, `(deps, '<Model>'` (generic repository helpers) and
 * `repo.<accessor>(` (mapped to its model by reading lib/data/repository.ts) in the files it imports (relative value
 * imports, transitively; lib/local excluded; the repository itself only through the accessors used). Static and
 * approximate on purpose: it errs towards "touches", so a grant is never silently missing.
 */
function tablesTouchedBy(entry: string): Set<ModelName> {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const repository = path.join(root, 'lib/data/repository.ts');
  const accessors = new Map<string, ModelName>();
  const repositorySource = readFileSync(repository, 'utf8');
  // helpers of repository.ts that accessors delegate to (`scheduledBookings(deps, …)`): the model they query
  const helpers = new Map<string, ModelName>();
  for (const m of repositorySource.matchAll(/^(?:async )?function (\w+)\(deps: Db[^]*?\(\s*deps,\s*'(\w+)'/gm))
    helpers.set(m[1]!, m[2] as ModelName);
  for (const m of repositorySource.matchAll(/^\s+(\w+): \(deps: Db[^)]*\) =>\s*(?:\w+<\w+>\(\s*deps,\s*'(\w+)'|(\w+)\(deps\b)/gm)) {
    const model = (m[2] as ModelName | undefined) ?? helpers.get(m[3]!);
    if (model) accessors.set(m[1]!, model);
  }
  const seen = new Set<string>([repository]);
  const used = new Set<ModelName>();
  const pending = [path.join(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const model of MODEL_NAMES) {
      if (new RegExp(`tables\\.${model}\\b|\\(\\s*deps,\\s*'${model}'`).test(src)) used.add(model);
    }
    for (const m of src.matchAll(/\brepo\.(\w+)\(/g)) {
      const model = accessors.get(m[1]!);
      if (!model) throw new Error(`${path.relative(root, file)}: repo.${m[1]} is not a known repository accessor`);
      used.add(model);
    }
    for (const m of src.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
      const base = path.resolve(path.dirname(file), m[1]!);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => statSafe(f));
      if (target && !target.includes(`${path.sep}lib${path.sep}local${path.sep}`)) pending.push(target);
    }
  }
  return used;
}
function statSafe(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

// ---------- tests ----------

describe('amplify backend synthesis', { timeout: 180_000 }, () => {
  it('synthesizes offline with CloudFormation validation as errors, and no stack depends on itself', () => {
    expect(app.node.tryGetContext(VALIDATE_FLAG)).toBe(true);
    expect(assembly.stacks.length).toBeGreaterThan(0);
    // nested stacks of each parent must form an acyclic graph (DependsOn + Ref/GetAtt between them)
    for (const [stack, t] of templates) {
      const stackIds = Object.entries(t.Resources ?? {})
        .filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack')
        .map(([id]) => id);
      const edges = new Map<string, string[]>();
      for (const id of stackIds) {
        const r = t.Resources![id]!;
        const text = JSON.stringify(r.Properties ?? {});
        const deps = [r.DependsOn ?? []].flat().filter((d) => stackIds.includes(d));
        for (const other of stackIds) {
          if (other !== id && (text.includes(`"Ref":"${other}"`) || text.includes(`["${other}",`))) deps.push(other);
        }
        edges.set(id, deps);
      }
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (id: string, trail: string[]): void => {
        if (state.get(id) === 'done') return;
        if (state.get(id) === 'visiting') throw new Error(`cycle in ${stack.node.path}: ${[...trail, id].join(' -> ')}`);
        state.set(id, 'visiting');
        for (const d of edges.get(id) ?? []) visit(d, [...trail, id]);
        state.set(id, 'done');
      };
      for (const id of stackIds) visit(id, []);
    }
  });

  it('defines the six Lambda functions on Node 24 (Lambda blocks creating and updating nodejs20.x functions)', () => {
    const tagged = resourcesOfType('AWS::Lambda::Function')
      .map(({ resource }) => (resource.Properties?.Tags ?? []).find((t: { Key: string }) => t.Key === 'amplify:friendly-name')?.Value)
      .filter((name) => name && name !== 'amplifyData'); // untagged/'amplifyData': Amplify's own helper functions
    expect(tagged.sort()).toEqual(Object.values(FUNCTIONS).sort());
    for (const key of FUNCTION_KEYS) {
      const { resource } = lambdaOf(key);
      expect(resource.Type).toBe('AWS::Lambda::Function');
      expect(resource.Properties?.Runtime).toBe('nodejs24.x');
      expect(resource.Properties?.Timeout).toBeGreaterThanOrEqual(10);
    }
  });

  it('resolves the Stripe secrets from SSM at runtime and never inlines them', () => {
    for (const key of FUNCTION_KEYS) {
      const { env } = lambdaOf(key);
      const secrets = [
        ...(key === 'stripeWebhook'
          ? ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']
          : APP_FUNCTIONS.includes(key)
            ? ['STRIPE_SECRET_KEY']
            : []),
        ...(UNSUBSCRIBE_SIGNERS.includes(key) ? ['NOTIFICATIONS_UNSUBSCRIBE_SECRET'] : []),
      ];
      if (!APP_FUNCTIONS.includes(key)) expect(env, key).not.toHaveProperty('STRIPE_SECRET_KEY');
      if (key !== 'stripeWebhook') expect(env).not.toHaveProperty('STRIPE_WEBHOOK_SECRET');
      // Amplify's banner reads AMPLIFY_SSM_ENV_CONFIG at cold start and fills process.env from Parameter Store
      const ssmConfig = JSON.parse(String(env.AMPLIFY_SSM_ENV_CONFIG)) as Record<string, { path: string; sharedPath?: string }>;
      // the exports bucket's name is a cross-stack reference, which Amplify also resolves from SSM at cold start
      const storageNames = key === 'domainEvents' || key === 'refundProcessor' ? ['EXPORTS_BUCKET_NAME'] : [];
      expect(Object.keys(ssmConfig).sort()).toEqual([...secrets, ...storageNames].sort());
      const ssmStatements = roleStatements(key).filter((s) => actionsOf(s).includes('ssm:GetParameters'));
      const ssmResources = JSON.stringify(ssmStatements.flatMap(resourcesOf));
      if (secrets.length === 0) expect(ssmStatements, key).toEqual([]);
      for (const name of secrets) {
        expect(env[name]).toBe(SSM_PLACEHOLDER);
        expect(ssmConfig[name]!.path).toMatch(new RegExp(`^/amplify/marketplace/ci-sandbox-[0-9a-f]+/${name}$`));
        expect(ssmConfig[name]!.sharedPath).toBe(`/amplify/shared/marketplace/${name}`);
        expect(ssmResources).toContain(`parameter${ssmConfig[name]!.path}`);
      }
    }
    for (const [stack, t] of templates) {
      expect(JSON.stringify(t), `template of ${stack.node.path}`).not.toMatch(STRIPE_KEY_LITERAL);
    }
  });

  it('bundles no Stripe key literal into any function code (e.g. lib/local emulator keys)', () => {
    const bundles = [...filesUnder(assembly.directory)].filter((f) => /asset\.[^/]+\/.*\.(m?js|cjs)$/.test(f));
    expect(bundles.length).toBeGreaterThanOrEqual(6);
    for (const file of bundles) {
      const match = readFileSync(file, 'utf8').match(STRIPE_KEY_LITERAL);
      expect(match?.[0], path.relative(assembly.directory, file)).toBeUndefined();
    }
  });

  it('exposes stripe-webhook, and only it, through a Function URL without IAM auth', () => {
    const urls = resourcesOfType('AWS::Lambda::Url');
    expect(urls).toHaveLength(1);
    const webhook = lambdaOf('stripeWebhook');
    expect(urls[0]!.stack).toBe(webhook.stack);
    expect(urls[0]!.resource.Properties).toMatchObject({ AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [webhook.id, 'Arn'] } });
    const permissions = resourcesOfType('AWS::Lambda::Permission').filter(({ resource }) => resource.Properties?.Principal === '*');
    for (const { resource } of permissions) {
      expect(resource.Properties?.FunctionName).toEqual({ 'Fn::GetAtt': [webhook.id, 'Arn'] });
    }
    expect(permissions.some(({ resource }) => resource.Properties?.Action === 'lambda:InvokeFunctionUrl')).toBe(true);
    // the URL and the function names reach amplify_outputs.json (custom outputs)
    const rootOutputs = JSON.stringify(templateOf(backend.stack).Outputs ?? {});
    expect(rootOutputs).toContain('stripeWebhookUrl');
    for (const key of FUNCTION_KEYS) expect(rootOutputs).toContain(key);
  });

  it('runs payout-manager daily through EventBridge Scheduler with a Scheduled Event payload', () => {
    const payout = lambdaOf('payoutManager');
    const schedules = resourcesOfType('AWS::Scheduler::Schedule').filter(
      (sc) => sc.resource.Properties?.ScheduleExpression !== 'rate(1 hour)',
    );
    expect(schedules).toHaveLength(1);
    const props = schedules[0]!.resource.Properties!;
    expect(props.State).toBe('ENABLED');
    expect(props.ScheduleExpression).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
    expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': [payout.id, 'Arn'] });
    expect(JSON.parse(props.Target.Input)).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.scheduler' });
  });

  it('creates the Cognito user pool with email sign-in and the ADMIN and PROVIDER groups', () => {
    const authStack = Stack.of(backend.auth.resources.userPool);
    const t = Template.fromJSON(templateOf(authStack) as Record<string, unknown>);
    t.hasResourceProperties('AWS::Cognito::UserPool', { UsernameAttributes: ['email'] });
    const groups = resourcesOfType('AWS::Cognito::UserPoolGroup').map(({ resource }) => resource.Properties?.GroupName);
    expect(groups.sort()).toEqual(['ADMIN', 'PROVIDER']);
  });

  it('lets the app client sign in with USER_PASSWORD_AUTH and refresh only, with token revocation on', () => {
    const clients = resourcesOfType('AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(1);
    expect(clients[0]!.resource.Properties).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
    });
  });

  it('deploys exactly the tables of lib/data/tables.ts, keyed on id, with exactly their indexes (drift test)', () => {
    const tables = resourcesOfType('Custom::AmplifyDynamoDBTable');
    const byModel = new Map(tables.map((t) => [modelOfTableResource(t.resource), t.resource.Properties!]));
    expect([...byModel.keys()].sort()).toEqual(MODEL_NAMES.map((m) => AMPLIFY_MODEL_OF[m]).sort());
    // only GraphQL's reserved names may differ (Subscription → Membership)
    expect(MODEL_NAMES.filter((m) => AMPLIFY_MODEL_OF[m] !== m)).toEqual(['Subscription']);
    for (const model of MODEL_NAMES) {
      const props = byModel.get(AMPLIFY_MODEL_OF[model])!;
      const def = TABLES[model];
      expect(props.keySchema, model).toEqual([{ attributeName: def.partitionKey, keyType: 'HASH' }]);
      const actual = (props.globalSecondaryIndexes ?? []).map(
        (gsi: { indexName: string; keySchema: Array<{ attributeName: string; keyType: string }> }) => ({
          name: gsi.indexName,
          partitionKey: gsi.keySchema.find((k) => k.keyType === 'HASH')?.attributeName,
          ...(gsi.keySchema.some((k) => k.keyType === 'RANGE')
            ? { sortKey: gsi.keySchema.find((k) => k.keyType === 'RANGE')?.attributeName }
            : {}),
        }),
      );
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(actual.sort(byName), `${model} indexes`).toEqual([...def.indexes].sort(byName));
      expect(props.localSecondaryIndexes ?? [], `${model} LSIs`).toEqual([]);
      // every key is a string attribute (ids, ISO timestamps, enums): the repositories query with strings
      const types = Object.fromEntries(
        (props.attributeDefinitions as Array<{ attributeName: string; attributeType: string }>).map((a) => [
          a.attributeName,
          a.attributeType,
        ]),
      );
      for (const attr of ['id', ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey ?? []].flat())]) {
        expect(types[attr], `${model}.${attr}`).toBe('S');
      }
    }
  });

  it('gives each function the table names it uses, and only those, plus its configuration', () => {
    const tableVars = new Set(MODEL_NAMES.map((m) => TABLES[m].envVar));
    for (const key of FUNCTION_KEYS) {
      const { stack, env } = lambdaOf(key);
      const expectedVars = EXPECTED_TABLES[key].map((m) => TABLES[m].envVar).sort();
      expect(
        Object.keys(env)
          .filter((k) => tableVars.has(k))
          .sort(),
        key,
      ).toEqual(expectedVars);
      for (const model of EXPECTED_TABLES[key]) {
        // the value is derived from that model's table, not another one
        expect(JSON.stringify(env[TABLES[model].envVar]), `${key} ${model}`).toContain(tableArnIn(stack, model).slice(1, -1));
      }
      if (APP_FUNCTIONS.includes(key)) {
        expect(env.APP_URL).toMatch(/^https?:\/\//);
        expect(Number(env.HOLD_MINUTES)).toBeGreaterThan(0);
      } else {
        // the consumer: its tables and the notifier's settings, nothing else (no rate-limit table, no Stripe)
        expect(
          Object.keys(env)
            .filter((k) => !tableVars.has(k) && k !== 'AMPLIFY_SSM_ENV_CONFIG')
            .sort(),
          key,
        ).toEqual(
          [
            'APP_URL',
            'MAIL_FROM',
            'NOTIFICATIONS_ADMIN_EMAIL',
            'NOTIFICATIONS_UNSUBSCRIBE_SECRET',
            'REMINDER_HOURS',
            'SES_CONFIGURATION_SET',
            // Amplify Storage's name for the export bucket (amplify/storage/resource.ts)
            'EXPORTS_BUCKET_NAME',
          ].sort(),
        );
      }
      expect(env.MAIL_FROM !== undefined, `${key} MAIL_FROM`).toBe(UNSUBSCRIBE_SIGNERS.includes(key));
      if (TOKEN_VERIFYING.includes(key)) {
        expect(env.COGNITO_USER_POOL_ID, key).toBeDefined();
        expect(env.COGNITO_CLIENT_ID, key).toBeDefined();
      } else {
        expect(env).not.toHaveProperty('COGNITO_USER_POOL_ID');
      }
    }
  });

  it('grants DynamoDB least privilege: no wildcard action or resource anywhere, each function only its tables', () => {
    for (const { stack, id, resource } of [
      ...resourcesOfType('AWS::IAM::Policy'),
      ...resourcesOfType('AWS::IAM::Role'),
      ...resourcesOfType('AWS::IAM::ManagedPolicy'),
    ]) {
      const docs =
        resource.Type === 'AWS::IAM::Role'
          ? (resource.Properties?.Policies ?? []).map((p: any) => p.PolicyDocument)
          : [resource.Properties?.PolicyDocument];
      for (const s of docs.flatMap((d: any) => d?.Statement ?? []) as Statement[]) {
        const dynamo = actionsOf(s).filter((a) => a.toLowerCase().startsWith('dynamodb:'));
        if (dynamo.length === 0) continue;
        const where = `${stack.node.path}/${id}`;
        expect(dynamo, where).not.toContain('dynamodb:*');
        expect(resourcesOf(s), where).not.toContain('*');
      }
    }
    for (const key of FUNCTION_KEYS) {
      const { stack } = lambdaOf(key);
      const dynamo = roleStatements(key).filter(isTableStatement);
      const text = JSON.stringify(dynamo.flatMap(resourcesOf));
      for (const model of MODEL_NAMES) {
        const arn = tableArnIn(stack, model);
        const granted = text.includes(arn.slice(1, -1));
        expect(granted, `${key} → ${model}`).toBe(EXPECTED_TABLES[key].includes(model));
        if (!granted) continue;
        const writes = dynamo.filter((s) => JSON.stringify(resourcesOf(s)).includes(arn.slice(1, -1)));
        expect(writes.flatMap(actionsOf), `${key} → ${model}`).toEqual(
          expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']),
        );
        // queries on the table's secondary indexes need the index ARN
        if (TABLES[model].indexes.length > 0) {
          const indexQuery = dynamo.some(
            (s) => actionsOf(s).includes('dynamodb:Query') && JSON.stringify(resourcesOf(s)).includes(`${arn},"/index/*"`),
          );
          expect(indexQuery, `${key} → ${model} indexes`).toBe(true);
        }
      }
    }
  });

  it('grants each function every table its code touches (a missing grant only fails in AWS, so it fails here)', () => {
    const entry: Record<FunctionKey, string> = {
      bookingProcessor: 'lib/functions/booking-processor.ts',
      stripeConnect: 'lib/functions/stripe-connect.ts',
      payoutManager: 'lib/functions/payout-manager.ts',
      refundProcessor: 'lib/functions/refund-processor.ts',
      stripeWebhook: 'lib/functions/stripe-webhook.ts',
      domainEvents: 'lib/functions/domain-events.ts',
    };
    // domain-events imports the outbox module (toDomainEvent), but its events come from the stream (asserted below)
    const fromStream: Partial<Record<FunctionKey, ModelName[]>> = { domainEvents: ['DomainEvent'] };
    for (const key of FUNCTION_KEYS) {
      const used = tablesTouchedBy(entry[key]);
      const missing = [...used].filter((m) => !EXPECTED_TABLES[key].includes(m) && !fromStream[key]?.includes(m));
      expect(missing, `${key} uses ${missing.join(', ')}: add to FUNCTION_TABLES in amplify/backend.ts`).toEqual([]);
    }
    expect(tablesTouchedBy('lib/functions/booking-processor.ts').has('Booking')).toBe(true); // the scan works
  });

  it('grants no function role a wildcard action or a "*" resource', () => {
    for (const key of FUNCTION_KEYS) {
      const statements = roleStatements(key);
      expect(statements.length, key).toBeGreaterThan(0);
      for (const s of statements) {
        for (const action of actionsOf(s)) expect(action === '*' || action.endsWith(':*'), `${key}: ${action}`).toBe(false);
        expect(resourcesOf(s), `${key}: ${JSON.stringify(actionsOf(s))}`).not.toContain('*');
      }
    }
  });

  it('lets only stripe-connect (JOIN_PROVIDERS, ADMIN_REVOKE_SESSIONS, DELETE_MY_ACCOUNT) change users, of this user pool only', () => {
    const poolArn = (key: FunctionKey) => JSON.stringify(lambdaOf(key).stack.resolve(backend.auth.resources.userPool.userPoolArn));
    for (const key of FUNCTION_KEYS) {
      const cognito = roleStatements(key).filter((s) => actionsOf(s).some((a) => a.startsWith('cognito-idp:')));
      if (key !== 'stripeConnect') {
        expect(cognito, key).toEqual([]);
        continue;
      }
      expect(cognito).toHaveLength(1);
      expect(actionsOf(cognito[0]!)).toEqual([
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminUserGlobalSignOut',
        'cognito-idp:AdminDeleteUser',
      ]);
      expect(JSON.stringify(resourcesOf(cognito[0]!))).toBe(`[${poolArn(key)}]`);
    }
  });

  it('gives the Hosting compute role lambda:InvokeFunction on exactly the four action functions, and outputs it', () => {
    const policies = resourcesOfType('AWS::IAM::ManagedPolicy').filter(({ resource }) =>
      String(resource.Properties?.Description ?? '').includes('invoke its four action functions'),
    );
    expect(policies).toHaveLength(1);
    const { stack, id, resource } = policies[0]!;
    const statements = resource.Properties?.PolicyDocument?.Statement as Statement[];
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: 'lambda:InvokeFunction' });
    const expected = (['bookingProcessor', 'stripeConnect', 'payoutManager', 'refundProcessor'] as const).map((k) =>
      stack.resolve(backend[k].resources.lambda.functionArn),
    );
    expect(resourcesOf(statements[0]!)).toEqual(expected);
    expect(JSON.stringify(expected)).not.toContain(JSON.stringify(stack.resolve(backend.stripeWebhook.resources.lambda.functionArn)));

    const roles = Object.entries(templateOf(stack).Resources ?? {}).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles).toHaveLength(1);
    const role = roles[0]![1].Properties!;
    // the second policy is the account routes' rate limits (below)
    const limits = resourcesOfType('AWS::IAM::ManagedPolicy').filter(({ resource }) =>
      String(resource.Properties?.Description ?? '').includes('count sign-ins and sign-ups'),
    );
    expect(limits).toHaveLength(1);
    expect(role.ManagedPolicyArns).toEqual([{ Ref: id }, { Ref: limits[0]!.id }]);
    expect(role.Policies ?? []).toEqual([]);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'amplify.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    const custom = JSON.stringify(templateOf(backend.stack).Outputs?.customOutputs ?? {});
    expect(custom).toContain('\\"hosting\\":{\\"computeRoleArn\\":');
    expect(custom).toContain('\\"invokePolicyArn\\":');
  });

  it('leaves the EventBridge path out unless STRIPE_EVENT_SOURCE_NAME is set', () => {
    expect(process.env.STRIPE_EVENT_SOURCE_NAME ?? '').toBe('');
    for (const type of ['AWS::Events::EventBus', 'AWS::Events::Rule', 'AWS::Lambda::EventInvokeConfig']) {
      expect(resourcesOfType(type), type).toEqual([]);
    }
    // the only queue, alarm and topic are the domain event consumer's (besides the reconciliation's and the operational
    // alarms, asserted on their own)
    for (const type of ['AWS::SQS::Queue', 'AWS::CloudWatch::Alarm', 'AWS::SNS::Topic']) {
      expect(
        resourcesOfType(type)
          .map(({ id }) => id)
          .filter((id) => !id.startsWith('Reconciliation') && !id.startsWith('Operations')),
        type,
      ).toEqual([expect.stringMatching(/^DomainEvent/)]);
    }
    expect(JSON.stringify(templateOf(backend.stack).Outputs?.customOutputs ?? {})).not.toContain('stripeEvents');
  });

  // ---------- the domain events' stream and its consumer ----------

  const domainEventTable = () => {
    const table = backend.data.resources.tables[AMPLIFY_MODEL_OF.DomainEvent];
    if (!table?.tableStreamArn) throw new Error('the DomainEvent table has no stream');
    return { tableArn: table.tableArn, streamArn: table.tableStreamArn };
  };
  const only = <T>(items: T[], what: string): T => {
    expect(items, what).toHaveLength(1);
    return items[0]!;
  };

  it('streams the DomainEvent table with the view lib/data/tables.ts gives DynamoDB Local (new images)', () => {
    const tables = resourcesOfType('Custom::AmplifyDynamoDBTable');
    const domainEvents = only(
      tables.filter(({ resource }) => modelOfTableResource(resource) === 'DomainEvent'),
      'DomainEvent table',
    );
    expect(TABLES.DomainEvent.stream).toBe('NEW_IMAGE');
    expect(domainEvents.resource.Properties?.streamSpecification).toEqual({ streamViewType: TABLES.DomainEvent.stream });
  });

  it('triggers domain-events from that stream: INSERTs in batches, partial batch responses, bounded retries, failures to a queue', () => {
    const consumer = lambdaOf('domainEvents');
    const mapping = only(resourcesOfType('AWS::Lambda::EventSourceMapping'), 'event source mappings');
    const dlq = only(resourcesOfType('AWS::SQS::Queue'), 'queues');
    expect(mapping.stack).toBe(consumer.stack);
    expect(dlq.stack).toBe(consumer.stack);
    const props = mapping.resource.Properties!;
    expect(props).toMatchObject({
      FunctionName: { Ref: consumer.id },
      EventSourceArn: consumer.stack.resolve(domainEventTable().streamArn),
      StartingPosition: 'TRIM_HORIZON',
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq.id, 'Arn'] } } },
    });
    // bounded: a poison record reaches the queue instead of blocking its shard for the stream's 24 hours
    expect(props.MaximumRetryAttempts).toBe(5);
    expect(props.MaximumRecordAgeInSeconds).toBe(6 * 3600);
    expect(props).not.toHaveProperty('TumblingWindowInSeconds');
  });

  it('keeps failed batches 14 days, encrypted, TLS only, and alarms on any of them through an SNS topic', () => {
    const { id, resource } = only(resourcesOfType('AWS::SQS::Queue'), 'queues');
    expect(resource.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 86400, SqsManagedSseEnabled: true });
    const policy = only(resourcesOfType('AWS::SQS::QueuePolicy'), 'queue policies').resource.Properties!;
    expect(policy.Queues).toEqual([{ Ref: id }]);
    expect(policy.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    const topic = only(resourcesOfType('AWS::SNS::Topic'), 'topics');
    const alarm = only(
      resourcesOfType('AWS::CloudWatch::Alarm').filter(({ id }) => id.startsWith('DomainEvent')),
      'alarms',
    ).resource.Properties!;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic.id }],
    });
    const custom = JSON.stringify(templateOf(backend.stack).Outputs?.customOutputs ?? {});
    expect(custom).toContain('\\"domainEvents\\":{\\"deadLetterQueueUrl\\":');
  });

  it('alarms on the daily reconciliation: any mismatch, anything unchecked, or no run reported for two days', () => {
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm').filter(({ id }) => id.startsWith('Reconciliation'));
    const topic = only(resourcesOfType('AWS::SNS::Topic'), 'topics');
    const byMetric = (metric: string, statistic: string) =>
      only(
        alarms.filter(({ resource }) => resource.Properties?.MetricName === metric && resource.Properties?.Statistic === statistic),
        `${metric} ${statistic} alarm`,
      ).resource.Properties!;
    expect(alarms).toHaveLength(3);
    const common = { Namespace: RECONCILIATION_METRICS.namespace, Period: 86_400 };
    expect(byMetric(RECONCILIATION_METRICS.mismatches, 'Maximum')).toMatchObject({
      ...common,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(byMetric(RECONCILIATION_METRICS.unchecked, 'Maximum')).toMatchObject({
      ...common,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(byMetric(RECONCILIATION_METRICS.mismatches, 'SampleCount')).toMatchObject({
      ...common,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 2,
      TreatMissingData: 'breaching',
    });
    // each notifies the operators' topic (the domain events' alarm topic, imported from its stack)
    // (its logical id, hash suffix aside, names the reference)
    const topicName = topic.id.replace(/[0-9A-F]{8}$/, '');
    for (const { resource } of alarms) expect(resource.Properties?.AlarmActions).toEqual([{ Ref: expect.stringContaining(topicName) }]);
  });

  it('lets domain-events, and only it, read the DomainEvent stream, and send to its dead-letter queue only', () => {
    for (const key of FUNCTION_KEYS) {
      const { stack } = lambdaOf(key);
      const streamArn = JSON.stringify(stack.resolve(domainEventTable().streamArn));
      const tableStreams = JSON.stringify(stack.resolve(`${domainEventTable().tableArn}/stream/*`));
      const statements = roleStatements(key);
      const streamReads = statements.filter((s) =>
        actionsOf(s).some((a) => a === 'dynamodb:DescribeStream' || a === 'dynamodb:ListStreams'),
      );
      const sqs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
      if (key !== 'domainEvents') {
        expect(streamReads, key).toEqual([]);
        expect(JSON.stringify(statements), key).not.toContain(streamArn.slice(1, -1));
        expect(sqs, key).toEqual([]);
        continue;
      }
      expect(streamReads).toEqual([
        {
          Effect: 'Allow',
          Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
          Resource: JSON.parse(streamArn),
        },
        { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: JSON.parse(tableStreams) },
      ]);
      const dlq = only(resourcesOfType('AWS::SQS::Queue'), 'queues');
      expect(sqs.flatMap(resourcesOf)).toEqual([{ 'Fn::GetAtt': [dlq.id, 'Arn'] }]);
      expect(sqs.flatMap(actionsOf)).not.toContain('sqs:ReceiveMessage');
    }
  });

  // ---------- notifications ----------

  it('grants ses:SendEmail to the three senders only, on the configured identity (and its configuration set), from MAIL_FROM', () => {
    const { stack } = lambdaOf('domainEvents');
    const { account, region, partition } = stack;
    const identityArn = stack.resolve(`arn:${partition}:ses:${region}:${account}:identity/bookwell.example`);
    const configurationSetArn = stack.resolve(`arn:${partition}:ses:${region}:${account}:configuration-set/bookwell-notifications`);
    for (const key of FUNCTION_KEYS) {
      const ses = roleStatements(key).filter((s) => actionsOf(s).some((a) => a.toLowerCase().startsWith('ses:')));
      if (!MAIL_SENDERS.includes(key)) {
        expect(ses, key).toEqual([]);
        continue;
      }
      expect(ses, key).toEqual([
        {
          Effect: 'Allow',
          Action: 'ses:SendEmail',
          Resource: [lambdaOf(key).stack.resolve(identityArn), lambdaOf(key).stack.resolve(configurationSetArn)],
          Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@bookwell.example' } },
        },
      ]);
      expect(lambdaOf(key).env.SES_CONFIGURATION_SET, key).toBe('bookwell-notifications');
    }
    const [set] = resourcesOfType('AWS::SES::ConfigurationSet');
    expect(set?.resource.Properties).toMatchObject({
      Name: 'bookwell-notifications',
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('lets domain-events write and refund-processor read the CSV exports (exports/*), and no other function the bucket', () => {
    // Amplify Storage attaches its grants in the storage stack, to the roles it is given (references to the functions')
    const grants = [...templates.values()].flatMap((t) =>
      Object.values(t.Resources ?? {})
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.PolicyDocument ?? {}).includes('exportsBucket'))
        .flatMap((r) =>
          ((r.Properties?.PolicyDocument?.Statement ?? []) as Statement[]).map((st) => ({
            actions: actionsOf(st),
            resource: JSON.stringify(st.Resource),
            roles: JSON.stringify(r.Properties?.Roles ?? []).toLowerCase(),
          })),
        ),
    );
    const rolesWith = (action: string) =>
      grants
        .filter((g) => g.actions.includes(action))
        .map((g) => {
          expect(g.resource, action).toContain(action === 's3:ListBucket' ? 'exportsBucket' : '/exports/*');
          return ['domainevents', 'refundprocessor', 'bookingprocessor', 'stripeconnect', 'payoutmanager', 'stripewebhook'].filter((fn) =>
            g.roles.includes(`${fn}lambda`),
          );
        })
        .flat()
        .sort();
    expect(rolesWith('s3:PutObject')).toEqual(['domainevents']);
    expect(rolesWith('s3:GetObject')).toEqual(['domainevents', 'refundprocessor']);
    expect(grants.flatMap((g) => g.actions).filter((a) => !['s3:PutObject', 's3:GetObject', 's3:ListBucket'].includes(a))).toEqual([]);
    for (const key of FUNCTION_KEYS) {
      expect(lambdaOf(key).env.EXPORTS_BUCKET_NAME !== undefined, key).toBe(key === 'domainEvents' || key === 'refundProcessor');
    }
    const bucket = resourcesOfType('AWS::S3::Bucket').find((b) => JSON.stringify(b.resource.Properties ?? {}).includes('ExpireExports'));
    expect(bucket?.resource.Properties?.LifecycleConfiguration?.Rules).toEqual([
      expect.objectContaining({ Prefix: 'exports/', ExpirationInDays: 30, Status: 'Enabled' }),
    ]);
  });

  it('wires the notifier to the DomainEvent stream and runs reminders and retries hourly', () => {
    // the notifier is a consumer of domain-events, the function the stream's mapping triggers
    expect(EVENT_CONSUMERS.map((c) => c.name)).toContain('notifier');
    const mapping = only(resourcesOfType('AWS::Lambda::EventSourceMapping'), 'event source mappings');
    expect(mapping.resource.Properties?.FunctionName).toEqual({ Ref: lambdaOf('domainEvents').id });
    const hourly = resourcesOfType('AWS::Scheduler::Schedule').filter(
      (sc) => sc.resource.Properties?.ScheduleExpression === 'rate(1 hour)',
    );
    expect(hourly).toHaveLength(1);
    const target = hourly[0]!.resource.Properties!.Target;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [lambdaOf('payoutManager').id, 'Arn'] });
    expect(JSON.parse(target.Input)).toMatchObject({ 'detail-type': 'Scheduled Event', detail: { steps: ['notifications'] } });
  });

  // ---------- the rate limits' table ----------

  it('keeps the rate limits in one on-demand table keyed on `key`, with TTL on `expire` (RateLimiterDynamo\u2019s layout)', () => {
    const table = only(resourcesOfType('AWS::DynamoDB::Table'), 'plain DynamoDB tables (the models are Amplify tables)');
    expect(table.stack).toBe(lambdaOf('bookingProcessor').stack);
    expect(table.resource.Properties).toMatchObject({
      KeySchema: [{ AttributeName: RATE_LIMIT_TABLE.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: RATE_LIMIT_TABLE.ttlAttribute, Enabled: true },
    });
    expect(RATE_LIMIT_TABLE).toMatchObject({ partitionKey: 'key', ttlAttribute: 'expire' });
    expect(table.resource.Properties).not.toHaveProperty('TableName'); // a generated name, passed in the environment
  });

  it('gives the four action functions its name and GetItem/UpdateItem on it alone; stripe-webhook and domain-events nothing', () => {
    const table = only(resourcesOfType('AWS::DynamoDB::Table'), 'plain DynamoDB tables');
    const ref = { Ref: table.id };
    const arn = { 'Fn::GetAtt': [table.id, 'Arn'] };
    for (const key of FUNCTION_KEYS) {
      const { stack, env } = lambdaOf(key);
      const grants = roleStatements(key).filter((s) => JSON.stringify(resourcesOf(s)).includes(JSON.stringify(arn)));
      if (!TOKEN_VERIFYING.includes(key)) {
        expect(env, key).not.toHaveProperty(RATE_LIMIT_TABLE.envVar);
        expect(grants, key).toEqual([]);
        continue;
      }
      expect(stack).toBe(table.stack);
      expect(env[RATE_LIMIT_TABLE.envVar], key).toEqual(ref);
      expect(grants, key).toEqual([{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: arn }]);
    }
  });

  it('lets the web app (Hosting compute role) count sign-ins and sign-ups in it, and outputs its name', () => {
    const table = only(resourcesOfType('AWS::DynamoDB::Table'), 'plain DynamoDB tables');
    const policy = only(
      resourcesOfType('AWS::IAM::ManagedPolicy').filter(({ resource }) =>
        String(resource.Properties?.Description ?? '').includes('count sign-ins and sign-ups'),
      ),
      'the account limits policy',
    );
    const statements = policy.resource.Properties?.PolicyDocument?.Statement as Statement[];
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] });
    // the table's ARN, passed from the functions' stack (a reference parameter named after the table)
    expect(JSON.stringify(resourcesOf(statements[0]!))).toContain(table.id.replace(/[0-9A-F]{8}$/, ''));
    expect(JSON.stringify(templateOf(backend.stack).Outputs?.customOutputs ?? {})).toContain('\\"rateLimitTableName\\":');
  });

  it('alarms on payment failures, refund volume, restricted accounts, failed payouts and webhooks, and each function, on the one topic', () => {
    const topic = only(resourcesOfType('AWS::SNS::Topic'), 'topics');
    // its subscribers: ALARM_EMAILS at synthesis (set in beforeAll)
    const subscriptions = resourcesOfType('AWS::SNS::Subscription').map(({ resource }) => resource.Properties!);
    expect(subscriptions.map((s) => [s.Protocol, s.Endpoint]).sort()).toEqual(ALARM_EMAILS.map((e) => ['email', e]).sort());
    for (const s of subscriptions) expect(JSON.stringify(s.TopicArn)).toContain(topic.id.replace(/[0-9A-F]{8}$/, ''));
    const alarms = new Map(
      resourcesOfType('AWS::CloudWatch::Alarm')
        .filter(({ id }) => id.startsWith('Operations'))
        .map(({ id, resource }) => [id.replace(/[0-9A-F]{8}$/, ''), resource.Properties!]),
    );
    const business = (name: string) => ({ Namespace: 'Bookwell', MetricName: name, Dimensions: [{ Name: 'service', Value: 'bookwell' }] });
    const rate = alarms.get('OperationsPaymentFailureRate');
    expect(rate).toMatchObject({ Threshold: 15, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    const queries = rate!.Metrics as Array<{
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: unknown; Period: number; Stat: string };
    }>;
    expect(queries.find((q) => q.Expression)?.Expression).toBe('IF(succeeded + failed > 0, 100 * failed / (succeeded + failed), 0)');
    expect(queries.find((q) => q.Id === 'succeeded')?.MetricStat).toEqual({
      Metric: business(METRIC.paymentsSucceeded),
      Period: 900,
      Stat: 'Sum',
    });
    expect(queries.find((q) => q.Id === 'failed')?.MetricStat).toEqual({
      Metric: business(METRIC.paymentsFailed),
      Period: 900,
      Stat: 'Sum',
    });
    const sumAbove = (name: string, period: number, threshold: number) => ({
      ...business(name),
      Statistic: 'Sum',
      Period: period,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarms.get('OperationsDailyRefundVolume')).toMatchObject(sumAbove(METRIC.refundAmount, 86_400, ALARM_DEFAULTS.dailyRefundCents));
    expect(alarms.get('OperationsAccountRestricted')).toMatchObject(sumAbove(METRIC.accountRestricted, 300, 0));
    expect(alarms.get('OperationsPayoutFailed')).toMatchObject(sumAbove(METRIC.payoutFailed, 300, 0));
    expect(alarms.get('OperationsWebhookFailures')).toMatchObject(sumAbove(METRIC.webhookFailed, 300, 0));
    for (const key of FUNCTION_KEYS) {
      const { resource } = lambdaOf(key);
      const id = FUNCTIONS[key].replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
      const functionName = { Name: 'FunctionName', Value: expect.anything() };
      const errors = alarms.get(`Operations${id}Errors`);
      expect(errors, key).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Threshold: 0,
        Dimensions: [functionName],
      });
      const duration = alarms.get(`Operations${id}Duration`);
      expect(duration, key).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        ExtendedStatistic: 'p95',
        Threshold: resource.Properties!.Timeout * 1000 * ALARM_DEFAULTS.durationShareOfTimeout,
        EvaluationPeriods: 3,
      });
    }
    expect(alarms.size).toBe(5 + 2 * FUNCTION_KEYS.length);
    const topicName = topic.id.replace(/[0-9A-F]{8}$/, '');
    for (const [id, alarm] of alarms) expect(alarm.AlarmActions, id).toEqual([{ Ref: expect.stringContaining(topicName) }]);
    const custom = JSON.stringify(templateOf(backend.stack).Outputs?.customOutputs ?? {});
    expect(custom).toContain('\\"alarms\\":{\\"topicArn\\":');
  });

  it('runs the deployable bundles as synthesized: each cold-starts on Node 24 and answers its event shapes', async () => {
    const started = await exerciseBundles(assembly.directory);
    for (const { name, initMs } of started) expect(initMs, name).toBeGreaterThan(0);
  }, 240_000);

  // the same bundles, no second synthesis: the whole flow runs on this file's assembly
  it('runs the deployable bundles end to end: books, pays through the Function URL, completes and pays out through the bundles alone', async () => {
    await runBundleFlow(assembly.directory);
  }, 180_000);

  it('names in the README deploy section only outputs, variables, files and scripts that exist (drift test)', () => {
    const refs = deployReferences();
    const custom = JSON.stringify(templateOf(backend.stack).Outputs?.customOutputs ?? {});
    // custom.stripeEvents.* exists only with EventBridge on: synth-eventbridge.test.ts checks those
    const outputs = refs.outputs.filter((o) => !o.startsWith('custom.stripeEvents'));
    expect(outputs.length).toBeGreaterThanOrEqual(5);
    for (const output of outputs) expect(outputExists(custom, output), output).toBe(true);
    const env = envExampleNames();
    const yml = amplifyYml();
    const secrets = new Set(
      FUNCTION_KEYS.flatMap((key) => Object.keys(JSON.parse(String(lambdaOf(key).env.AMPLIFY_SSM_ENV_CONFIG ?? '{}')))),
    );
    for (const name of refs.variables) {
      expect(env.has(name) || secrets.has(name) || yml.includes(`$${name}`), `${name}: not in .env.example, a secret or amplify.yml`).toBe(
        true,
      );
    }
    for (const file of refs.files) expect(fileExists(file), file).toBe(true);
    const scripts = npmScripts();
    for (const script of refs.scripts) expect(scripts, script).toContain(script);
    // the webhook endpoint's event types: each listed pattern is handled, and every handled type is listed
    const listed = listedEventTypes();
    const matches = (pattern: string, type: string) => (pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern);
    for (const pattern of listed)
      expect(
        HANDLED_STRIPE_EVENT_TYPES.some((t) => matches(pattern, t)),
        pattern,
      ).toBe(true);
    for (const type of HANDLED_STRIPE_EVENT_TYPES)
      expect(
        listed.some((p) => matches(p, type)),
        type,
      ).toBe(true);
  });
});
