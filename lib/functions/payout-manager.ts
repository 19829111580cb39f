import { createActionHandler, type ActionDefinition } from './dispatch';
import type { FunctionRuntime } from './runtime';

/**
 * payout-manager: its actions (see ../shared/specs/stripe-connect-marketplace.md) arrive with the issue that owns
 * them; until then every action answers 400 UNKNOWN_ACTION rather than pretending to work.
 */
export const payoutManagerActions: Record<string, ActionDefinition> = {};

export function createPayoutManagerHandler(runtime: FunctionRuntime) {
  return createActionHandler(runtime, payoutManagerActions);
}
