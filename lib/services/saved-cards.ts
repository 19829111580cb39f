/**
 * The customer's saved cards (stripe-connect's LIST_CARDS, CREATE_SETUP_INTENT, DETACH_CARD, SET_DEFAULT_CARD), one
 * per physical card. Stripe attaches a card when the browser confirms the payment or SetupIntent, before this server
 * sees its number's fingerprint, so a second save cannot be refused up front. Instead:
 *   - after a payment that saved its card, the new PaymentMethod is detached when the customer already had that card
 *     (same fingerprint and expiry; key `payment-method:<id>:detach`), see dropDuplicateSavedCard;
 *   - listing shows each card once (duplicates saved before, or through a SetupIntent), keeping the default card, else
 *     the most recent (lib/domain/saved-cards.ts);
 *   - removing a card removes its copies, so a hidden copy never reappears.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { forgetDefaultCard, readCustomer, storeDefaultCard } from '../data/customer-writes';
import { copiesOf, dedupeSavedCards, duplicateToDetach, type SavedCardFacts } from '../domain/saved-cards';
import type { CardView, CustomerRequest, CustomerResponses } from '../http/stripe-connect';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';
import { ensureStripeCustomer, requireOwnCard } from './customers';

type CardFacts = SavedCardFacts & { pm: Stripe.PaymentMethod };

function factsOf(pm: Stripe.PaymentMethod): CardFacts {
  return {
    id: pm.id,
    fingerprint: pm.card?.fingerprint ?? null,
    expMonth: pm.card?.exp_month ?? 0,
    expYear: pm.card?.exp_year ?? 0,
    created: pm.created,
    pm,
  };
}

function toCardView(pm: Stripe.PaymentMethod, isDefault: boolean): CardView {
  return {
    id: pm.id,
    brand: pm.card?.brand ?? 'card',
    last4: pm.card?.last4 ?? '????',
    expMonth: pm.card?.exp_month ?? 0,
    expYear: pm.card?.exp_year ?? 0,
    isDefault,
  };
}

function defaultPaymentMethodOf(customer: Stripe.Customer | Stripe.DeletedCustomer): string | null {
  if ('deleted' in customer && customer.deleted) return null;
  const dpm = (customer as Stripe.Customer).invoice_settings?.default_payment_method;
  return typeof dpm === 'string' ? dpm : (dpm?.id ?? null);
}

async function attachedCards(deps: Deps, customerId: string): Promise<CardFacts[]> {
  const methods = await callStripe(() => deps.stripe.customers.listPaymentMethods(customerId, { limit: 100 }));
  return methods.data.filter((pm) => pm.type === 'card').map(factsOf);
}

export async function listCards(deps: Deps, caller: Identity): Promise<CustomerResponses['LIST_CARDS']> {
  const record = await readCustomer(deps, caller.userId);
  if (!record?.stripeCustomerId) return { cards: [] };
  const customerId = record.stripeCustomerId;
  const [customer, cards] = await Promise.all([
    callStripe(() => deps.stripe.customers.retrieve(customerId)),
    attachedCards(deps, customerId),
  ]);
  return { cards: dedupeSavedCards(cards, defaultPaymentMethodOf(customer)).map(({ card, isDefault }) => toCardView(card.pm, isDefault)) };
}

/** A SetupIntent to save a card for later (confirmed in the browser with the publishable key). */
export async function createSetupIntent(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'CREATE_SETUP_INTENT'>,
): Promise<CustomerResponses['CREATE_SETUP_INTENT']> {
  const customer = await ensureStripeCustomer(deps, caller);
  const si = await callStripe(() =>
    deps.stripe.setupIntents.create(
      { customer, usage: 'off_session', metadata: { userId: caller.userId } },
      { idempotencyKey: customerIdempotencyKeys.setupIntent(caller.userId, input.requestId) },
    ),
  );
  if (!si.client_secret) throw new AppError('PAYMENT_PROVIDER_ERROR', 'The payment provider returned no client secret.');
  return { setupIntentId: si.id, clientSecret: si.client_secret };
}

/** Detaches one PaymentMethod (once: its own key); one already detached counts as done (a replay). */
async function detachOnce(deps: Deps, paymentMethodId: string): Promise<void> {
  try {
    await callStripe(() =>
      deps.stripe.paymentMethods.detach(
        paymentMethodId,
        {},
        { idempotencyKey: customerIdempotencyKeys.detachPaymentMethod(paymentMethodId) },
      ),
    );
  } catch (err) {
    if (err instanceof AppError && err.details?.stripeCode === 'payment_method_unexpected_state') return;
    throw err;
  }
}

/** DETACH_CARD: the card and its saved copies. */
export async function detachCard(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'DETACH_CARD'>,
): Promise<CustomerResponses['DETACH_CARD']> {
  const { customerId, pm } = await requireOwnCard(deps, caller, input.paymentMethodId);
  const copies = copiesOf(factsOf(pm), await attachedCards(deps, customerId));
  for (const id of [input.paymentMethodId, ...copies.map((c) => c.id)]) {
    await detachOnce(deps, id);
    // The default card gone: forget it locally too (Stripe clears invoice_settings itself).
    await forgetDefaultCard(deps, caller.userId, customerId, id, deps.clock.now());
  }
  return { detached: input.paymentMethodId };
}

export async function setDefaultCard(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'SET_DEFAULT_CARD'>,
): Promise<CustomerResponses['SET_DEFAULT_CARD']> {
  const { customerId } = await requireOwnCard(deps, caller, input.paymentMethodId);
  await callStripe(() =>
    deps.stripe.customers.update(
      customerId,
      { invoice_settings: { default_payment_method: input.paymentMethodId } },
      { idempotencyKey: customerIdempotencyKeys.defaultPaymentMethod(customerId, input.paymentMethodId, input.requestId) },
    ),
  );
  if (!(await storeDefaultCard(deps, caller.userId, customerId, input.paymentMethodId, deps.clock.now()))) {
    throw new AppError('CONFLICT', 'Your payment profile changed in the meantime. Please refresh the page.');
  }
  return listCards(deps, caller);
}

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

/**
 * After a succeeded payment that saved its card (setup_future_usage): detach the card it saved when the customer
 * already had that card. Runs on every delivery of the payment's webhook; a replay finds the card detached and does
 * nothing. Returns the id detached, if any.
 */
export async function dropDuplicateSavedCard(deps: Deps, pi: Stripe.PaymentIntent): Promise<string | null> {
  const customerId = idOf(pi.customer);
  const pmId = idOf(pi.payment_method);
  if (pi.status !== 'succeeded' || !pi.setup_future_usage || !customerId || !pmId) return null;
  const saved = await callStripe(() => deps.stripe.paymentMethods.retrieve(pmId));
  if (idOf(saved.customer) !== customerId || saved.type !== 'card') return null;
  const drop = duplicateToDetach(factsOf(saved), await attachedCards(deps, customerId));
  if (drop) await detachOnce(deps, drop);
  return drop;
}
