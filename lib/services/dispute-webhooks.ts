/**
 * charge.dispute.created / updated / closed: each re-fetches the dispute and writes what its current state implies
 * (lib/services/disputes.ts), so any order and any repeat end in the same place. A dispute Stripe does not have, or
 * one on a payment of no booking here, is unusable (recorded as ignored). Merged into the webhook map by
 * lib/services/webhooks.ts (`...disputeEventHandlers`).
 */
import type { Deps } from '../ports';
import { bookingOfPaymentIntent, disputeEffectsOf } from './disputes';
import type { EventHandlerMap, EventOf } from './event-handler-types';
import { refetch, unusable } from './unusable-event';

type DisputeEvent = EventOf<'charge.dispute.created' | 'charge.dispute.updated' | 'charge.dispute.closed'>;

const onDisputeChanged = async (deps: Deps, event: DisputeEvent) => {
  const id = event.data.object.id;
  const dispute = await refetch(`Dispute ${id}`, () => deps.stripe.disputes.retrieve(id));
  const piId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
  if (!piId) unusable(`Dispute ${id} is on a charge without a PaymentIntent: no booking of ours.`);
  // e.g. a credit purchase's payment: there is no booking to settle.
  if (!(await bookingOfPaymentIntent(deps, piId))) unusable(`Dispute ${id} is on PaymentIntent ${piId}, which pays for no booking here.`);
  return disputeEffectsOf(deps, dispute);
};

export const disputeEventHandlers: EventHandlerMap = {
  'charge.dispute.created': onDisputeChanged,
  'charge.dispute.updated': onDisputeChanged,
  'charge.dispute.closed': onDisputeChanged,
};
