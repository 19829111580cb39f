/**
 * charge.dispute.created / updated / closed: each re-fetches the dispute and writes what its current state implies
 * (lib/services/disputes.ts), so any order and any repeat end in the same place. Merged into the webhook map by
 * lib/services/webhooks.ts (`...disputeEventHandlers`).
 */
import { disputeEffects } from './disputes';
import type { EventHandlerMap } from './event-handler-types';

export const disputeEventHandlers: EventHandlerMap = {
  'charge.dispute.created': (deps, event) => disputeEffects(deps, event.data.object.id),
  'charge.dispute.updated': (deps, event) => disputeEffects(deps, event.data.object.id),
  'charge.dispute.closed': (deps, event) => disputeEffects(deps, event.data.object.id),
};
