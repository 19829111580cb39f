/**
 * `npm run events:redrive` — reprocess the Stripe events EventBridge dead-lettered (AWS, EventBridge path only).
 *
 *   npm run events:redrive                       # queue and function from amplify_outputs.json
 *   npm run events:redrive -- --dry-run          # list what is in the queue, change nothing
 *   npm run events:redrive -- --queue-url https://sqs.… --function amplify-…-stripewebhook… --max 50
 *
 * Runs with your AWS credentials (default chain: AWS_PROFILE, SSO, env). They need sqs:ReceiveMessage and
 * sqs:DeleteMessage on the dead-letter queue and lambda:InvokeFunction on stripe-webhook. Each event is handed to
 * stripe-webhook again, synchronously; a message is deleted only after the function processed the event (or found
 * it processed already: dedupe on event.id makes re-running safe). Exit code 1 if anything was left in the queue.
 */
import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { functionName, loadAmplifyOutputs, type AmplifyOutputs } from '../lib/aws/outputs';
import { lambdaEnvelopeProcessor, redriveDeadLetters } from '../lib/aws/redrive';

const { values } = parseArgs({
  options: {
    'queue-url': { type: 'string' },
    function: { type: 'string' },
    region: { type: 'string' },
    max: { type: 'string', default: '1000' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run events:redrive -- [--dry-run] [--queue-url URL] [--function NAME] [--region R] [--max N]');
  process.exit(0);
}

let outputs: AmplifyOutputs | undefined;
const lazyOutputs = () => (outputs ??= loadAmplifyOutputs());

function stripeEventsOutput(): { deadLetterQueueUrl?: string } {
  const section = lazyOutputs().custom?.stripeEvents;
  return typeof section === 'object' && section !== null ? (section as { deadLetterQueueUrl?: string }) : {};
}

try {
  const queueUrl = values['queue-url'] ?? process.env.STRIPE_EVENTS_DLQ_URL ?? stripeEventsOutput().deadLetterQueueUrl;
  if (!queueUrl) {
    throw new Error('no dead-letter queue: deploy with STRIPE_EVENT_SOURCE_NAME set, or pass --queue-url (or STRIPE_EVENTS_DLQ_URL)');
  }
  const target = values.function ?? functionName('stripe-webhook', process.env, lazyOutputs);
  const region = values.region ?? process.env.AWS_REGION ?? new URL(queueUrl).hostname.split('.')[1];
  const max = Number(values.max);
  if (!Number.isSafeInteger(max) || max <= 0) throw new Error('--max must be a positive integer');

  console.log(`${values['dry-run'] ? 'listing' : 'redriving'} ${queueUrl} → ${target}`);
  const report = await redriveDeadLetters({
    sqs: new SQSClient({ region }),
    queueUrl,
    process: lambdaEnvelopeProcessor(new LambdaClient({ region }), target),
    maxMessages: max,
    dryRun: values['dry-run'],
    log: (line) => console.log(line),
  });
  console.log(`${report.items.length} message(s): ${report.deleted} deleted, ${report.kept} left in the queue`);
  process.exit(report.kept > 0 ? 1 : 0);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
}
