/**
 * Saving the card when paying a booking, and paying another booking with a saved card (booking-processor's
 * PREPARE_CARD_PAYMENT and PAY_WITH_SAVED_CARD), against DynamoDB Local and the Stripe emulator.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingRecord, CustomerRecord } from '../../../lib/data/records';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { confirmLikeStripeJs, confirmSetupIntentLikeStripeJs, startTestStack, type TestStack } from '../support/local-stack';
import { connect, ledger, newUser, requestId, unpaidPortraitBooking } from './support';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('saved-cards');
});
afterAll(async () => stack?.close());

const storedBooking = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;
const customerRecord = async (userId: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Customer, Key: { id: userId }, ConsistentRead: true }))).Item as
    CustomerRecord | undefined;

const unpaidBooking = (token: string) => unpaidPortraitBooking(stack, token);

const prepare = (token: string, bookingId: string, saveCard: boolean) =>
  stack.booking<BookingResponses['PREPARE_CARD_PAYMENT']>('PREPARE_CARD_PAYMENT', { bookingId, saveCard, requestId: requestId() }, token);
const cards = async (token: string) => (await connect<CustomerResponses['LIST_CARDS']>(stack, 'LIST_CARDS', {}, token)).body.cards;

/** Saves a card through a SetupIntent as /account/cards does (independent of saving on payment). */
async function saveCardWithSetupIntent(token: string, cardNumber = '4242424242424242'): Promise<string> {
  const si = await connect<CustomerResponses['CREATE_SETUP_INTENT']>(stack, 'CREATE_SETUP_INTENT', { requestId: requestId() }, token);
  const saved = await confirmSetupIntentLikeStripeJs(stack.emulator.url, si.body, cardNumber);
  expect(saved.status).toBe('succeeded');
  return saved.paymentMethodId;
}

describe('saving the card when paying a booking', () => {
  it('with the box ticked: the PaymentIntent gets the customer and off_session, and the card is listed after paying', async () => {
    const user = newUser(stack, 'saver');
    const created = await unpaidBooking(user.token);
    const prepared = await prepare(user.token, created.bookingId, true);
    expect(prepared).toMatchObject({ status: 200, body: { saveCard: true } });

    const stripeCustomerId = (await customerRecord(user.userId))?.stripeCustomerId;
    expect(stripeCustomerId).toMatch(/^cus_/);
    const pi = await stack.deps.stripe.paymentIntents.retrieve((await storedBooking(created.bookingId)).paymentIntentId!);
    expect(pi).toMatchObject({ customer: stripeCustomerId, setup_future_usage: 'off_session', amount: 12_000 });
    // The same request again writes nothing new and keeps the one customer.
    await prepare(user.token, created.bookingId, true);
    expect((await customerRecord(user.userId))?.stripeCustomerId).toBe(stripeCustomerId);

    const paid = await confirmLikeStripeJs(stack.emulator.url, created.clientSecret, '4242424242424242');
    expect(paid.body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect((await storedBooking(created.bookingId)).status).toBe('CONFIRMED');

    // As at Stripe, the succeeded PaymentIntent with setup_future_usage attached its card to the customer.
    const saved = await cards(user.token);
    expect(saved.map((c) => [c.brand, c.last4])).toEqual([['visa', '4242']]);
  });

  it('without the box: no Stripe customer is made, and a box ticked then unticked saves nothing', async () => {
    const user = newUser(stack, 'nosave');
    const first = await unpaidBooking(user.token);
    expect((await prepare(user.token, first.bookingId, false)).status).toBe(200);
    expect((await customerRecord(user.userId))?.stripeCustomerId).toBeUndefined();
    const pi = await stack.deps.stripe.paymentIntents.retrieve((await storedBooking(first.bookingId)).paymentIntentId!);
    expect(pi).toMatchObject({ customer: null, setup_future_usage: null });
    expect((await confirmLikeStripeJs(stack.emulator.url, first.clientSecret, '4242424242424242')).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect(await cards(user.token)).toEqual([]);

    const second = await unpaidBooking(user.token);
    await prepare(user.token, second.bookingId, true);
    await prepare(user.token, second.bookingId, false);
    const withdrawn = await stack.deps.stripe.paymentIntents.retrieve((await storedBooking(second.bookingId)).paymentIntentId!);
    expect(withdrawn.setup_future_usage).toBeNull();
    expect((await confirmLikeStripeJs(stack.emulator.url, second.clientSecret, '5555555555554444')).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect(await cards(user.token)).toEqual([]);
  });

  it("answers 404 for somebody else's booking and 400 for a missing or non-boolean saveCard", async () => {
    const owner = newUser(stack, 'owner');
    const other = newUser(stack, 'other');
    const created = await unpaidBooking(owner.token);
    expect((await prepare(other.token, created.bookingId, true)).status).toBe(404);
    const bad = await stack.booking(
      'PREPARE_CARD_PAYMENT',
      { bookingId: created.bookingId, saveCard: 'yes', requestId: requestId() },
      owner.token,
    );
    expect(bad.status).toBe(400);
    const amount = await stack.booking(
      'PREPARE_CARD_PAYMENT',
      { bookingId: created.bookingId, saveCard: true, requestId: requestId(), amount: 1 },
      owner.token,
    );
    expect(amount.status).toBe(400);
  });
});

describe('paying a booking with a saved card', () => {
  it('confirms the booking with the saved card, on the customer, with its ledger', async () => {
    const user = newUser(stack, 'payer');
    const pmId = await saveCardWithSetupIntent(user.token);
    expect((await cards(user.token)).map((c) => c.id)).toEqual([pmId]);

    const created = await unpaidBooking(user.token);
    const paid = await stack.booking<BookingResponses['PAY_WITH_SAVED_CARD']>(
      'PAY_WITH_SAVED_CARD',
      { bookingId: created.bookingId, paymentMethodId: pmId, requestId: requestId() },
      user.token,
    );
    expect(paid.status).toBe(200);
    expect(paid.body.booking.status).toBe('CONFIRMED');

    const booking = await storedBooking(created.bookingId);
    expect(booking.status).toBe('CONFIRMED');
    const pi = await stack.deps.stripe.paymentIntents.retrieve(booking.paymentIntentId!);
    expect(pi).toMatchObject({
      status: 'succeeded',
      payment_method: pmId,
      customer: (await customerRecord(user.userId))?.stripeCustomerId,
      amount_received: 12_000,
    });
    expect((await ledger(stack, booking.id)).map((l) => [l.type, l.amountCents]).sort()).toEqual([
      ['CHARGE', 12_000],
      ['PLATFORM_FEE', 960],
      ['PROVIDER_EARNING', 11_040],
    ]);
    // The webhook arriving afterwards changes nothing; paying again is refused in words.
    await stack.emulator.flushWebhooks();
    expect((await storedBooking(created.bookingId)).status).toBe('CONFIRMED');
    const again = await stack.booking(
      'PAY_WITH_SAVED_CARD',
      { bookingId: created.bookingId, paymentMethodId: pmId, requestId: requestId() },
      user.token,
    );
    expect(again.status).toBe(409);
  });

  it("refuses someone else's card (404) and leaves the booking unpaid", async () => {
    const owner = newUser(stack, 'cardowner');
    const thief = newUser(stack, 'thief');
    const ownersCard = await saveCardWithSetupIntent(owner.token);
    await saveCardWithSetupIntent(thief.token, '5555555555554444');
    const created = await unpaidBooking(thief.token);
    const res = await stack.booking(
      'PAY_WITH_SAVED_CARD',
      { bookingId: created.bookingId, paymentMethodId: ownersCard, requestId: requestId() },
      thief.token,
    );
    expect(res.status).toBe(404);
    const booking = await storedBooking(created.bookingId);
    expect(booking.status).toBe('PENDING_PAYMENT');
    expect((await stack.deps.stripe.paymentIntents.retrieve(booking.paymentIntentId!)).status).toBe('requires_payment_method');
  });
});
