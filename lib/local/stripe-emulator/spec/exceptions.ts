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
  'checkout.session': {
    discounts: 'the discounts applied to the session (a promotion code); the SDK types declare it (absent from the 2023-08-16 subset)',
  },
  invoice: {
    confirmation_secret:
      'API 2025-03-31 replaced invoice.payment_intent by confirmation_secret; the SDK types read the client secret there',
  },
};

/**
 * A promotion code as the `stripe` package's types describe it (the bundled spec subset has no promotion codes):
 * the newer `promotion: { type: 'coupon', coupon }` shape the SDK sends and reads.
 */
const PROMOTION_CODE: ObjectSchema = {
  t: 'object',
  props: {
    id: { t: 'string' },
    object: { t: 'string', enum: ['promotion_code'] },
    active: { t: 'boolean' },
    code: { t: 'string' },
    created: { t: 'integer' },
    customer: { t: 'string', n: true },
    expires_at: { t: 'integer', n: true },
    livemode: { t: 'boolean' },
    max_redemptions: { t: 'integer', n: true },
    metadata: { t: 'object', props: {}, extra: { t: 'string' }, n: true },
    promotion: {
      t: 'object',
      props: { coupon: { t: 'string', n: true }, type: { t: 'string', enum: ['coupon'] } },
      req: ['coupon', 'type'],
    },
    restrictions: {
      t: 'object',
      props: {
        first_time_transaction: { t: 'boolean' },
        minimum_amount: { t: 'integer', n: true },
        minimum_amount_currency: { t: 'string', n: true },
      },
      req: ['first_time_transaction', 'minimum_amount', 'minimum_amount_currency'],
    },
    times_redeemed: { t: 'integer' },
  },
  req: [
    'id',
    'object',
    'active',
    'code',
    'created',
    'customer',
    'expires_at',
    'livemode',
    'max_redemptions',
    'metadata',
    'promotion',
    'restrictions',
    'times_redeemed',
  ],
};
const NO_PROMOTIONS = 'the pruned spec subset has no coupons or promotion codes; the schema is the SDK types';

/** Operations the bundled spec subset lacks, with the schema their response is checked against instead. */
export const RESPONSES_NOT_IN_SPEC: Record<string, { schema: ObjectSchema; reason: string }> = {
  'POST /v1/coupons': { schema: { t: 'ref', ref: 'coupon' }, reason: NO_PROMOTIONS },
  'GET /v1/coupons/*': { schema: { t: 'ref', ref: 'coupon' }, reason: NO_PROMOTIONS },
  'POST /v1/promotion_codes': { schema: PROMOTION_CODE, reason: NO_PROMOTIONS },
  'GET /v1/promotion_codes/*': { schema: PROMOTION_CODE, reason: NO_PROMOTIONS },
  'POST /v1/promotion_codes/*': { schema: PROMOTION_CODE, reason: NO_PROMOTIONS },
  'GET /v1/promotion_codes': {
    schema: {
      t: 'object',
      props: {
        data: { t: 'array', items: PROMOTION_CODE },
        has_more: { t: 'boolean' },
        object: { t: 'string', enum: ['list'] },
        url: { t: 'string', pattern: '^/v1/promotion_codes' },
      },
      req: ['data', 'has_more', 'object', 'url'],
    },
    reason: NO_PROMOTIONS,
  },
  'POST /v1/setup_intents/*/cancel': {
    schema: { t: 'ref', ref: 'setup_intent' },
    reason: 'the pruned spec subset dropped this path; at Stripe it returns the SetupIntent',
  },
  'POST /v1/invoices/create_preview': {
    schema: { t: 'ref', ref: 'invoice' },
    reason: 'newer than API 2023-08-16 (the successor of GET /v1/invoices/upcoming); at Stripe it returns an invoice',
  },
};
