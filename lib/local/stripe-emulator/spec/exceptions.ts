import type { ObjectSchema } from './schema';
import type { FieldExceptions } from './validate-object';

/**
 * Fields the emulator returns although the bundled spec (API 2023-08-16) lacks them — Stripe added
 * them later and the `stripe` package's types (a newer API version) read them. One reason each.
 */
export const NEWER_FIELDS: FieldExceptions = {
  subscription_item: {
    current_period_start: 'API 2025-03-31 moved the billing period from the subscription onto its items; the SDK types read it there',
    current_period_end: 'API 2025-03-31 moved the billing period from the subscription onto its items; the SDK types read it there',
  },
  payment_pages_checkout_session_custom_text: {
    terms_of_service_acceptance: 'added to Checkout custom_text in late 2023; the SDK types declare it (always null here)',
  },
  recurring: {
    trial_period_days: 'the SDK types declare it on price.recurring; subscriptions with trial_from_plan read it',
  },
  invoice: {
    confirmation_secret:
      'API 2025-03-31 replaced invoice.payment_intent by confirmation_secret; the SDK types read the client secret there',
  },
};

/** Operations the bundled spec subset lacks, with the schema their response is checked against instead. */
export const RESPONSES_NOT_IN_SPEC: Record<string, { schema: ObjectSchema; reason: string }> = {
  'POST /v1/setup_intents/*/cancel': {
    schema: { t: 'ref', ref: 'setup_intent' },
    reason: 'the pruned spec subset dropped this path; at Stripe it returns the SetupIntent',
  },
  'POST /v1/invoices/create_preview': {
    schema: { t: 'ref', ref: 'invoice' },
    reason: 'newer than API 2023-08-16 (the successor of GET /v1/invoices/upcoming); at Stripe it returns an invoice',
  },
};
