/**
 * Saved cards are listed once per physical card (Stripe's card fingerprint and expiry): a payment that saves a card
 * the customer already has detaches its copy (on the payment's webhook, replays included), duplicates saved before
 * are listed once, and removing a card removes its copies. DynamoDB Local and the Stripe emulator, through the SDK.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingRecord, CustomerRecord } from '../../../lib/data/records';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { confirmLikeStripeJs, confirmSetupIntentLikeStripeJs, startTestStack, type TestStack } from '../support/local-stack';
import { connect, deliver, eventsOf, newUser, requestId, unpaidPortraitBooking } from './support';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('card-dedupe');
});
afterAll(async () => stack?.close());

const storedBooking = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;
const stripeCustomerOf = async (userId: string) =>
  (
    (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Customer, Key: { id: userId }, ConsistentRead: true })))
      .Item as CustomerRecord
  ).stripeCustomerId!;
const cards = async (token: string) => (await connect<CustomerResponses['LIST_CARDS']>(stack, 'LIST_CARDS', {}, token)).body.cards;
/** What Stripe has attached to the customer (ids), whatever the listing shows. */
const attachedAtStripe = async (userId: string) =>
  (await stack.deps.stripe.customers.listPaymentMethods(await stripeCustomerOf(userId), { limit: 100 })).data.map((pm) => pm.id).sort();

const unpaidBooking = (token: string) => unpaidPortraitBooking(stack, token);

/** Pays a new booking with `card`, "save this card" ticked; returns the booking and the PaymentMethod it used. */
async function payAndSave(token: string, card: string): Promise<{ bookingId: string; paymentMethodId: string }> {
  const created = await unpaidBooking(token);
  const prepared = await stack.booking(
    'PREPARE_CARD_PAYMENT',
    { bookingId: created.bookingId, saveCard: true, requestId: requestId() },
    token,
  );
  expect(prepared.status).toBe(200);
  const paid = await confirmLikeStripeJs(stack.emulator.url, created.clientSecret, card);
  expect(paid.body.status).toBe('succeeded');
  await stack.emulator.flushWebhooks();
  // Later saves are strictly newer (Stripe's `created` is in seconds).
  await stack.emulator.advanceClock(5);
  return { bookingId: created.bookingId, paymentMethodId: paid.body.payment_method as string };
}

async function saveWithSetupIntent(token: string, card: string): Promise<string> {
  const si = await connect<CustomerResponses['CREATE_SETUP_INTENT']>(stack, 'CREATE_SETUP_INTENT', { requestId: requestId() }, token);
  const saved = await confirmSetupIntentLikeStripeJs(stack.emulator.url, si.body, card);
  expect(saved.status).toBe('succeeded');
  await stack.emulator.advanceClock(5);
  return saved.paymentMethodId;
}

describe('the emulator fingerprints cards like Stripe', () => {
  it('gives every PaymentMethod of the same number the same fingerprint, and another number another', async () => {
    const stripe = stack.deps.stripe;
    const make = (number: string) =>
      stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });
    const [a, b, c] = await Promise.all([make('4242424242424242'), make('4242424242424242'), make('5555555555554444')]);
    expect(a.id).not.toBe(b.id);
    expect(a.card?.fingerprint).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(b.card?.fingerprint).toBe(a.card?.fingerprint);
    expect(c.card?.fingerprint).not.toBe(a.card?.fingerprint);
  });
});

describe('saving the same card twice when paying', () => {
  it('keeps the first copy: the second is detached after the payment, and a replayed webhook changes nothing', async () => {
    const user = newUser(stack, 'twice');
    const first = await payAndSave(user.token, '4242424242424242');
    const second = await payAndSave(user.token, '4242424242424242');
    expect(second.paymentMethodId).not.toBe(first.paymentMethodId);

    expect(await attachedAtStripe(user.userId)).toEqual([first.paymentMethodId]);
    expect((await cards(user.token)).map((c) => [c.id, c.last4])).toEqual([[first.paymentMethodId, '4242']]);
    expect((await storedBooking(second.bookingId)).status).toBe('CONFIRMED');

    // The payment's webhook again (the same event, and a re-send under a new id): the card stays saved once.
    const piId = (await storedBooking(second.bookingId)).paymentIntentId!;
    const [event] = await eventsOf(stack, 'payment_intent.succeeded', (o) => o.id === piId);
    expect(event).toBeDefined();
    expect((await deliver(stack, event!)).status).toBe(200);
    expect((await deliver(stack, event!, `evt_resend${Date.now()}`)).status).toBe(200);
    expect(await attachedAtStripe(user.userId)).toEqual([first.paymentMethodId]);
    expect(await cards(user.token)).toHaveLength(1);
    expect((await storedBooking(second.bookingId)).status).toBe('CONFIRMED');
  });

  it('saves a different card separately', async () => {
    const user = newUser(stack, 'two-cards');
    await payAndSave(user.token, '4242424242424242');
    await payAndSave(user.token, '5555555555554444');
    expect((await cards(user.token)).map((c) => c.last4).sort()).toEqual(['4242', '4444']);
    expect(await attachedAtStripe(user.userId)).toHaveLength(2);
  });
});

describe('customers who already have duplicates', () => {
  it('are listed each card once (the most recent copy), and a different card separately', async () => {
    const user = newUser(stack, 'dupes');
    const older = await saveWithSetupIntent(user.token, '4242424242424242');
    const newer = await saveWithSetupIntent(user.token, '4242424242424242');
    const other = await saveWithSetupIntent(user.token, '5555555555554444');
    // Saved through SetupIntents (no payment webhook): Stripe holds all three.
    expect(await attachedAtStripe(user.userId)).toEqual([older, newer, other].sort());

    const listed = await cards(user.token);
    expect(listed.map((c) => c.id).sort()).toEqual([newer, other].sort());
    expect(listed.filter((c) => c.last4 === '4242')).toHaveLength(1);
  });

  it('show the default copy when the default is one of them, and removing the card removes every copy', async () => {
    const user = newUser(stack, 'dupes-default');
    const older = await saveWithSetupIntent(user.token, '4242424242424242');
    const newer = await saveWithSetupIntent(user.token, '4242424242424242');
    const other = await saveWithSetupIntent(user.token, '5555555555554444');
    const set = await connect<CustomerResponses['SET_DEFAULT_CARD']>(
      stack,
      'SET_DEFAULT_CARD',
      { paymentMethodId: older, requestId: requestId() },
      user.token,
    );
    expect(set.status).toBe(200);
    expect(set.body.cards.find((c) => c.last4 === '4242')).toMatchObject({ id: older, isDefault: true });

    const removed = await connect(stack, 'DETACH_CARD', { paymentMethodId: older }, user.token);
    expect(removed.status).toBe(200);
    expect(await attachedAtStripe(user.userId)).toEqual([other]);
    expect((await cards(user.token)).map((c) => c.id)).toEqual([other]);
    // Removing it again (a double click): the card is no longer the caller's.
    expect((await connect(stack, 'DETACH_CARD', { paymentMethodId: newer }, user.token)).status).toBe(404);
  });
});
