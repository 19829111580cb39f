/**
 * The optional EventBridge path, synthesized offline with STRIPE_EVENT_SOURCE_NAME set (two partner event sources:
 * the platform's events and connected accounts' events). A separate file, so amplify/backend.ts is evaluated afresh
 * with the variable set (vi.resetModules for good measure). Checks: the partner buses, the rules (the event types
 * of lib/services/webhooks.ts), stripe-webhook as target with a retry policy and the SQS dead-letter queue, the
 * queue's policy, the Lambda permissions, the alarms and their topic, and the outputs.
 */
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventHandlers } from '../../../lib/services/webhooks';
import { deployReferences, outputExists } from './readme-deploy';

type BackendModule = typeof import('../../../amplify/backend');

const SOURCES = ['aws.partner/stripe.com/ed_test_61PlatformDest', 'aws.partner/stripe.com/ed_test_61ConnectDest'];

interface CfnResourceJson {
  Type: string;
  Properties?: Record<string, any>;
}
interface TemplateJson {
  Resources?: Record<string, CfnResourceJson>;
  Outputs?: Record<string, { Value: unknown }>;
}

let backend: BackendModule['backend'];
const templates = new Map<Stack, TemplateJson>();
const saved = process.env.STRIPE_EVENT_SOURCE_NAME;

beforeAll(async () => {
  vi.resetModules();
  process.env.CDK_CONTEXT_JSON = JSON.stringify({
    'amplify-backend-namespace': 'marketplace',
    'amplify-backend-name': 'ci',
    'amplify-backend-type': 'sandbox',
    '@aws-cdk/core:validateAgainstDefaultRules': true,
  });
  delete process.env.CDK_OUTDIR;
  process.env.STRIPE_EVENT_SOURCE_NAME = ` ${SOURCES[0]}, ${SOURCES[1]} `;
  ({ backend } = (await import('../../../amplify/backend')) as BackendModule);
  const app = backend.stack.node.root;
  if (!Stage.isStage(app)) throw new Error('the backend stack is not inside a CDK App');
  app.synth(); // CloudFormation validation as errors (circular dependencies between stacks included)
  for (const stack of app.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
    templates.set(stack, Template.fromStack(stack).toJSON() as TemplateJson);
  }
  // bundling six functions takes minutes on a busy two-core machine
}, 600_000);
afterAll(() => {
  if (saved === undefined) delete process.env.STRIPE_EVENT_SOURCE_NAME;
  else process.env.STRIPE_EVENT_SOURCE_NAME = saved;
});

/**
 * The domain event consumer's queue, alarm, topic and role policy, the reconciliation's alarms and the operational
 * alarms (synth.test.ts covers them) are not this path's.
 */
const DOMAIN_EVENT_CONSUMER = /^(DomainEvent|domainevents|Reconciliation|Operations)/;

function resourcesOfType(type: string) {
  const out: Array<{ stack: Stack; id: string; resource: CfnResourceJson }> = [];
  for (const [stack, t] of templates) {
    for (const [id, resource] of Object.entries(t.Resources ?? {})) {
      if (resource.Type === type && !DOMAIN_EVENT_CONSUMER.test(id)) out.push({ stack, id, resource });
    }
  }
  return out;
}
const only = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0]!;
};

describe('amplify backend synthesis with STRIPE_EVENT_SOURCE_NAME', { timeout: 180_000 }, () => {
  it('creates one partner event bus per Stripe event source, named after it', () => {
    const buses = resourcesOfType('AWS::Events::EventBus');
    expect(buses.map(({ resource }) => resource.Properties)).toEqual(
      SOURCES.map((name) => expect.objectContaining({ Name: name, EventSourceName: name })),
    );
  });

  it('routes the event types the app handles, and only those, from each bus to stripe-webhook', () => {
    const rules = resourcesOfType('AWS::Events::Rule');
    expect(rules).toHaveLength(SOURCES.length);
    const buses = resourcesOfType('AWS::Events::EventBus');
    const fn = backend.stripeWebhook.resources.lambda;
    const handled = Object.keys(eventHandlers).sort();
    expect(handled).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'payment_intent.payment_failed']));
    for (const [i, { stack, resource }] of rules.entries()) {
      const props = resource.Properties!;
      expect(props.State).toBe('ENABLED');
      expect(props.EventBusName).toEqual({ Ref: buses[i]!.id });
      expect(props.EventPattern).toEqual({ source: [{ prefix: 'aws.partner/stripe.com/' }], 'detail-type': handled });
      const target = only(props.Targets as Array<Record<string, any>>);
      expect(target.Arn).toEqual(stack.resolve(fn.functionArn));
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 6 * 3600, MaximumRetryAttempts: 10 });
      const dlq = only(resourcesOfType('AWS::SQS::Queue'));
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlq.id, 'Arn'] } });
    }
  });

  it('lets only those rules invoke stripe-webhook through EventBridge', () => {
    const fnArn = (stack: Stack) => stack.resolve(backend.stripeWebhook.resources.lambda.functionArn);
    const rules = resourcesOfType('AWS::Events::Rule');
    const fromEvents = resourcesOfType('AWS::Lambda::Permission').filter(
      ({ resource }) => resource.Properties?.Principal === 'events.amazonaws.com',
    );
    expect(fromEvents).toHaveLength(rules.length);
    for (const { stack, resource } of fromEvents) {
      expect(resource.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', FunctionName: fnArn(stack) });
      expect(rules.map(({ id }) => ({ 'Fn::GetAtt': [id, 'Arn'] }))).toContainEqual(resource.Properties?.SourceArn);
    }
    // the Function URL stays the only public entry, and the action functions get no EventBridge permission
    const publicPermissions = resourcesOfType('AWS::Lambda::Permission').filter(({ resource }) => resource.Properties?.Principal === '*');
    expect(publicPermissions.length).toBeGreaterThan(0);
    for (const { resource } of publicPermissions) {
      const p = resource.Properties!;
      // the URL itself, or lambda:InvokeFunction restricted to calls that come through the URL
      expect(p.Action === 'lambda:InvokeFunctionUrl' ? p.FunctionUrlAuthType : p.InvokedViaFunctionUrl, JSON.stringify(p)).toBe(
        p.Action === 'lambda:InvokeFunctionUrl' ? 'NONE' : true,
      );
    }
  });

  it('keeps dead letters 14 days, encrypted, TLS only; only these rules may send to the queue', () => {
    const { id, resource } = only(resourcesOfType('AWS::SQS::Queue'));
    expect(resource.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 86400, SqsManagedSseEnabled: true });
    const policy = only(resourcesOfType('AWS::SQS::QueuePolicy')).resource.Properties!;
    expect(policy.Queues).toEqual([{ Ref: id }]);
    const statements = policy.PolicyDocument.Statement as Array<Record<string, any>>;
    const deny = statements.filter((s) => s.Effect === 'Deny');
    expect(deny).toEqual([expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    const allow = statements.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(SOURCES.length);
    const rules = resourcesOfType('AWS::Events::Rule').map(({ id: ruleId }) => ({ 'Fn::GetAtt': [ruleId, 'Arn'] }));
    for (const s of allow) {
      expect(s).toMatchObject({
        Action: 'sqs:SendMessage',
        Principal: { Service: 'events.amazonaws.com' },
        Resource: { 'Fn::GetAtt': [id, 'Arn'] },
      });
      expect(rules).toContainEqual(s.Condition.ArnEquals['aws:SourceArn']);
    }
  });

  it("sends events stripe-webhook failed on (after Lambda's async retries) to the same queue", () => {
    const dlq = only(resourcesOfType('AWS::SQS::Queue'));
    const { stack, resource } = only(resourcesOfType('AWS::Lambda::EventInvokeConfig'));
    expect(resource.Properties).toEqual({
      FunctionName: stack.resolve(backend.stripeWebhook.resources.lambda.functionName),
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq.id, 'Arn'] } } },
    });
    // the function's role may send to that queue, and to nothing else, through a policy that lives in this stack
    const role = backend.stripeWebhook.resources.lambda.role!;
    const sends = resourcesOfType('AWS::IAM::Policy').filter(({ resource }) => JSON.stringify(resource.Properties).includes('sqs:'));
    const policy = only(sends);
    expect(policy.stack).toBe(stack);
    expect(policy.resource.Properties!.Roles).toEqual([stack.resolve(role.roleName)]);
    expect(policy.resource.Properties!.PolicyDocument.Statement).toEqual([
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [dlq.id, 'Arn'] } },
    ]);
  });

  it('alarms on dead letters (> 0 visible) and on stripe-webhook errors, notifying the operators’ topic (no topic of its own)', () => {
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm').map(({ stack, resource }) => ({ stack, props: resource.Properties! }));
    expect(alarms).toHaveLength(2);
    expect(resourcesOfType('AWS::SNS::Topic')).toEqual([]);
    // the operators' topic, in the domain events' stack, referenced across stacks (a parameter named after it)
    const topic = { id: expect.stringContaining('DomainEventAlarms') };
    const dlq = only(resourcesOfType('AWS::SQS::Queue'));
    const depth = only(alarms.filter((a) => a.props.MetricName === 'ApproximateNumberOfMessagesVisible'));
    expect(depth.props).toMatchObject({
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq.id, 'QueueName'] } }],
      AlarmActions: [{ Ref: topic.id }],
    });
    const errors = only(alarms.filter((a) => a.props.MetricName === 'Errors'));
    expect(errors.props).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'FunctionName', Value: errors.stack.resolve(backend.stripeWebhook.resources.lambda.functionName) }],
      AlarmActions: [{ Ref: topic.id }],
    });
  });

  it('keeps the operational alarms with EventBridge on (they do not depend on the path)', () => {
    const operational = [...templates.values()].flatMap((t) =>
      Object.entries(t.Resources ?? {}).filter(([id, r]) => r.Type === 'AWS::CloudWatch::Alarm' && id.startsWith('Operations')),
    );
    // payment failure rate, refund volume, restricted accounts, failed payouts, webhook failures; errors and duration × 6
    expect(operational).toHaveLength(5 + 2 * 6);
  });

  it('outputs the bus names, the dead-letter queue URL and the alarm topic', () => {
    const custom = JSON.stringify(templates.get(backend.stack)?.Outputs?.customOutputs ?? {});
    for (const key of ['stripeEvents', 'eventBusNames', 'deadLetterQueueUrl', 'alarmTopicArn', 'stripeWebhookUrl', 'hosting']) {
      expect(custom).toContain(key);
    }
    // what the README's deploy section names of this path exists (synth.test.ts checks the rest)
    const named = deployReferences().outputs.filter((o) => o.startsWith('custom.stripeEvents'));
    expect(named.length).toBeGreaterThan(0);
    for (const output of named) expect(outputExists(custom, output), output).toBe(true);
  });

  it('refuses a source name that is not a Stripe partner event source', async () => {
    const { stripeEventSourceNames } = await import('../../../amplify/stripe-events');
    expect(stripeEventSourceNames(undefined)).toEqual([]);
    expect(stripeEventSourceNames(' , ')).toEqual([]);
    expect(() => stripeEventSourceNames('aws.partner/example.com/abc')).toThrow(/not a Stripe partner event source/);
    expect(() => stripeEventSourceNames('aws.partner/stripe.com/bad name')).toThrow(/not a Stripe partner event source/);
  });
});
