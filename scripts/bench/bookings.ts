/**
 * booking create → confirmed, in process: CREATE_BOOKING, the card payment as Stripe.js makes it, CONFIRM_BOOKING,
 * one after the other; and its floor: the same DynamoDB reads/writes and Stripe calls issued bare.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_USERS } from '../../lib/local/seed';
import { say } from '../bench-stats';
import { CARD, type BenchStack } from './stack';

export interface Slot {
  serviceId: string;
  startDateTime: string;
  endDateTime: string;
}

const SERVICES = ['svc_demo_portrait', 'svc_demo_cleaning', 'svc_demo_yoga'];
const DAY = 86_400_000;

/** Up to `count` free slots of the demo provider that overlap no other (services share the provider's time). */
export async function freeSlots(stack: BenchStack, count: number, maxDays = 175): Promise<Slot[]> {
  const slots: Slot[] = [];
  for (let offset = 0; offset < maxDays && slots.length < count; offset += 30) {
    const from = new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
    const to = new Date(Date.now() + Math.min(offset + 29, maxDays) * DAY).toISOString().slice(0, 10);
    for (const serviceId of SERVICES) {
      const r = (await stack.call(stack.booking, 'CHECK_AVAILABILITY', { serviceId, from, to })) as { slots: Omit<Slot, 'serviceId'>[] };
      for (const s of r.slots)
        if (!slots.some((x) => x.startDateTime < s.endDateTime && s.startDateTime < x.endDateTime)) slots.push({ serviceId, ...s });
    }
  }
  return slots.slice(0, count);
}

/** Each slot booked and paid in process (ms per booking); every booking must end CONFIRMED. */
export async function inProcessBookings(
  stack: BenchStack,
  slots: Slot[],
  budgetMs: number,
): Promise<{ latency: number[]; bookingIds: string[]; paymentIntentIds: string[] }> {
  say(`create → confirmed in process: ${slots.length} bookings, one at a time…`);
  const latency: number[] = [];
  const bookingIds: string[] = [];
  const paymentIntentIds: string[] = [];
  const started = Date.now();
  for (const [i, slot] of slots.entries()) {
    if (Date.now() - started > budgetMs) {
      say(`  time budget (${budgetMs / 1000} s) spent after ${i} bookings`);
      break;
    }
    const t = performance.now();
    const created = (await stack.call(stack.booking, 'CREATE_BOOKING', { ...slot, groupSize: 1 })) as {
      bookingId: string;
      clientSecret: string;
    };
    await stack.payByCard(created.clientSecret);
    const confirmed = (await stack.call(stack.booking, 'CONFIRM_BOOKING', { bookingId: created.bookingId })) as {
      booking: { status: string };
    };
    latency.push(performance.now() - t);
    if (confirmed.booking.status !== 'CONFIRMED') throw new Error(`booking ${created.bookingId} is ${confirmed.booking.status}`);
    bookingIds.push(created.bookingId);
    paymentIntentIds.push(created.clientSecret.split('_secret_')[0]!);
    if ((i + 1) % 50 === 0) say(`  ${i + 1}/${slots.length}`);
  }
  return { latency, bookingIds, paymentIntentIds };
}

/** The floor of one booking: its reads, its two transactions, its Stripe calls, bare. */
export async function floorBookings(stack: BenchStack, n: number): Promise<number[]> {
  say(`the floor: ${n} × the same DynamoDB and Stripe calls, bare…`);
  const { db, tables, stripe } = { ...stack.deps, tables: stack.tables };
  const latency: number[] = [];
  const get = (TableName: string, id: string) => db.send(new GetCommand({ TableName, Key: { id }, ConsistentRead: true }));
  for (let i = 0; i < n; i++) {
    const id = `bk_floor_${i}`;
    const now = new Date().toISOString();
    const t = performance.now();
    await get(tables.Service, 'svc_demo_portrait');
    await get(tables.UserProfile, DEMO_USERS[1].userId);
    const item = { id, __typename: 'Booking', createdAt: now, updatedAt: now, status: 'PENDING_PAYMENT', providerId: 'floor_provider', customerId: 'floor', serviceId: 'floor', startDateTime: now, endDateTime: now, holdExpiresAt: now }; // prettier-ignore
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tables.Booking, Item: item, ConditionExpression: 'attribute_not_exists(id)' } },
          ...[0, 1, 2, 3].map((q) => ({
            Put: { TableName: tables.SlotHold, Item: { id: `${id}#${q}`, bookingId: id }, ConditionExpression: 'attribute_not_exists(id)' },
          })),
        ],
      }),
    );
    const pi = await stripe.paymentIntents.create(
      {
        amount: 12_000,
        currency: 'usd',
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        transfer_group: id,
        metadata: { floor: id },
      },
      { idempotencyKey: `floor:${id}` },
    );
    await db.send(
      new UpdateCommand({
        TableName: tables.Booking,
        Key: { id },
        UpdateExpression: 'SET paymentIntentId = :p',
        ExpressionAttributeValues: { ':p': pi.id },
      }),
    );
    const pm = await stack.pk('/v1/payment_methods', CARD);
    await stack.pk(`/v1/payment_intents/${pi.id}/confirm`, { client_secret: pi.client_secret!, payment_method: pm.id });
    await get(tables.Booking, id);
    await stripe.paymentIntents.retrieve(pi.id);
    await get(tables.Booking, id);
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tables.Booking,
              Key: { id },
              UpdateExpression: 'SET #s = :c',
              ConditionExpression: '#s = :p',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':c': 'CONFIRMED', ':p': 'PENDING_PAYMENT' },
            },
          },
          ...['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING'].map((type) => ({
            Put: {
              TableName: tables.Transaction,
              Item: { id: `${id}#${type}`, bookingId: id, type, createdAt: now },
              ConditionExpression: 'attribute_not_exists(id)',
            },
          })),
        ],
      }),
    );
    await get(tables.Booking, id);
    latency.push(performance.now() - t);
  }
  return latency;
}
