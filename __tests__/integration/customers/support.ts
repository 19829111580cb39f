import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { repo } from '../../../lib/data/repository';
import type Stripe from 'stripe';
import type { CreditTransactionRecord, CustomerRecord, TransactionRecord } from '../../../lib/data/records';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { firstFreeSlot, TEST_WEBHOOK_SECRET, type TestStack } from '../support/local-stack';

let counter = 0;
export const requestId = () => `req_${Date.now()}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;

/** Calls stripe-connect like the Next.js route does. */
export async function connect<T = Record<string, unknown>>(stack: TestStack, action: string, payload: object, token?: string) {
  const res = await stack.functions['stripe-connect']({ action, payload, ...(token ? { token } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as T };
}

export function newUser(stack: TestStack, label: string) {
  const id = `user_${label}_${Math.random().toString(36).slice(2, 10)}`;
  const email = `${id}@example.com`;
  return { userId: id, email, token: stack.tokenFor(id, email) };
}

export async function balanceOf(stack: TestStack, userId: string): Promise<number> {
  const out = await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Customer, Key: { id: userId }, ConsistentRead: true }));
  return (out.Item as CustomerRecord | undefined)?.creditBalance ?? 0;
}

export async function creditTransactions(stack: TestStack, userId: string): Promise<CreditTransactionRecord[]> {
  const out = await stack.deps.db.send(
    new QueryCommand({
      TableName: stack.tables.CreditTransaction,
      IndexName: 'byUser',
      KeyConditionExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': userId },
    }),
  );
  return (out.Items ?? []) as CreditTransactionRecord[];
}

/** The ledger lines of one ledger account (a booking id, `credit-purchase:<id>`, `provider:<id>`…). */
export function ledger(stack: TestStack, account: string): Promise<TransactionRecord[]> {
  return repo.ledgerOfBooking(stack.deps, account);
}

/** The hosted Checkout page's Pay button. */
export async function payCheckout(checkoutUrl: string, card = '4242424242424242') {
  const res = await fetch(checkoutUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'pay', card_number: card, email: 'buyer@example.com' }).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location') };
}

export async function buyPackage(stack: TestStack, token: string, packageId: string) {
  const res = await connect<CustomerResponses['BUY_CREDITS']>(stack, 'BUY_CREDITS', { packageId, requestId: requestId() }, token);
  if (res.status !== 200) throw new Error(`BUY_CREDITS ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Delivers an event to stripe-webhook as Stripe would (signed), optionally under a new id (a re-send). */
export async function deliver(stack: TestStack, event: Stripe.Event, newId?: string) {
  const payload = JSON.stringify(newId ? { ...event, id: newId } : event);
  const signature = stack.deps.stripe.webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET });
  const res = await stack.functions['stripe-webhook']({ headers: { 'Stripe-Signature': signature }, body: payload });
  return { status: res.statusCode, outcome: (JSON.parse(res.body) as { outcome?: string }).outcome };
}

export async function eventsOf(stack: TestStack, type: string, match: (obj: Record<string, unknown>) => boolean): Promise<Stripe.Event[]> {
  const events = await stack.deps.stripe.events.list({ limit: 100, type });
  return events.data.filter((e) => match(e.data.object as unknown as Record<string, unknown>));
}

export async function emulatorPost(stack: TestStack, path: string, form: Record<string, string> = {}) {
  const res = await fetch(`${stack.emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

let slotCursor = 0;
/** A new unpaid portrait booking of the user's (a free slot; another test may have taken the one tried first). */
export async function unpaidPortraitBooking(stack: TestStack, token: string): Promise<BookingResponses['CREATE_BOOKING']> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const slot = await firstFreeSlot(stack, 'svc_demo_portrait', slotCursor++ % 8);
    const created = await stack.booking<BookingResponses['CREATE_BOOKING']>(
      'CREATE_BOOKING',
      { serviceId: 'svc_demo_portrait', ...slot, groupSize: 1 },
      token,
    );
    if (created.status === 200) return created.body;
  }
  throw new Error('could not book a slot');
}
