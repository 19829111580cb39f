/**
 * A webhook burst like Stripe's after an outage: `count` signed deliveries of payment_intent.succeeded events of the
 * bench's bookings, 30% of them duplicates (each a copy of an earlier event, some arriving while the first is in
 * flight), `concurrency` at a time, through the production stripe-webhook handler. Its floor: per delivery the same
 * DynamoDB calls and the Stripe re-fetch issued bare at the same concurrency (log the receipt, look up the dedupe
 * marker; for a first delivery re-fetch the PaymentIntent, read the booking and its payment, commit the booking, the
 * payment and the marker in one transaction; log the result).
 */
import type Stripe from 'stripe';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deliveryPlan, say } from '../bench-stats';
import { WEBHOOK_SECRET, type BenchStack } from './stack';

async function pool(concurrency: number, count: number, run: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
  return performance.now() - t;
}

export interface BurstResult {
  appMs: number;
  floorMs: number;
  outcomes: Map<string, number>;
  deliveries: number;
}

export async function webhookBurst(
  stack: BenchStack,
  paymentIntentIds: string[],
  count: number,
  concurrency: number,
): Promise<BurstResult> {
  await stack.emulator.flushWebhooks();
  const { stripe, db } = stack.deps;
  const tables = stack.tables;
  // The events of the bench's own paid bookings (up to 100 distinct PaymentIntents), as Stripe would send them again.
  const [template] = (await stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 })).data;
  if (!template || paymentIntentIds.length === 0)
    throw new Error('no payment_intent.succeeded events to replay: the booking rows made no bookings');
  const base: Stripe.Event[] = [];
  for (const id of paymentIntentIds.slice(0, 100))
    base.push({ ...template, data: { object: await stripe.paymentIntents.retrieve(id) } } as Stripe.Event);
  const plan = deliveryPlan(count);
  const payloadOf = (e: number) => JSON.stringify({ ...base[e % base.length]!, id: `evt_bench_burst_${e}` });
  say(
    `webhook burst: ${count} deliveries (${new Set(plan).size} events, ${count - new Set(plan).size} duplicates), ${concurrency} at a time…`,
  );
  const outcomes = new Map<string, number>();
  const appMs = await pool(concurrency, count, async (i) => {
    const payload = payloadOf(plan[i]!);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const res = await stack.webhook({ headers: { 'stripe-signature': signature }, body: payload });
    const outcome = res.statusCode === 200 ? String((JSON.parse(res.body) as { outcome: string }).outcome) : `http_${res.statusCode}`;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  });

  say('the burst floor: the same DynamoDB calls and Stripe re-fetches, bare, at the same concurrency…');
  const now = () => new Date().toISOString();
  const floorMs = await pool(concurrency, count, async (i) => {
    const e = plan[i]!;
    const eventId = `evt_floor_${e}`;
    const source = base[e % base.length]!.data.object as { id: string; metadata?: Record<string, string> };
    stripe.webhooks.constructEvent(payloadOf(e), stripe.webhooks.generateTestHeaderString({ payload: payloadOf(e), secret: WEBHOOK_SECRET }), WEBHOOK_SECRET); // prettier-ignore
    await db.send(
      new PutCommand({ TableName: tables.WebhookEventLog, Item: { id: `${eventId}#${i}`, status: 'RECEIVED', receivedAt: now() } }),
    );
    const marker = await db.send(new GetCommand({ TableName: tables.ProcessedEvent, Key: { id: eventId }, ConsistentRead: true }));
    if (!marker.Item) {
      const pi = await stripe.paymentIntents.retrieve(source.id);
      const bookingId = pi.metadata?.bookingId ?? 'none';
      await db.send(new GetCommand({ TableName: tables.Booking, Key: { id: bookingId }, ConsistentRead: true }));
      await db.send(new GetCommand({ TableName: tables.Payment, Key: { id: `floor_${pi.id}` }, ConsistentRead: true }));
      await db
        .send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: { TableName: tables.Booking, Key: { id: `floor_${bookingId}` }, UpdateExpression: 'SET updatedAt = :u', ExpressionAttributeValues: { ':u': now() } } }, // prettier-ignore
              { Put: { TableName: tables.Payment, Item: { id: `floor_${pi.id}_${e}`, status: pi.status, updatedAt: now() } } },
              { Put: { TableName: tables.ProcessedEvent, Item: { id: eventId, processedAt: now() }, ConditionExpression: 'attribute_not_exists(id)' } }, // prettier-ignore
            ],
          }),
        )
        .catch(() => undefined); // a concurrent duplicate's marker came first, as in the app
    }
    await db.send(
      new UpdateCommand({
        TableName: tables.WebhookEventLog,
        Key: { id: `${eventId}#${i}` },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'PROCESSED' },
      }),
    );
  });
  return { appMs, floorMs, outcomes, deliveries: count };
}
