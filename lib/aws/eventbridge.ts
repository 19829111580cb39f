/**
 * Stripe events delivered by Amazon EventBridge (Stripe's partner event source → partner event bus → rule →
 * stripe-webhook). EventBridge is authenticated by IAM: only the rule may invoke the function, so there is no
 * signature to check; the envelope and the Stripe event inside it are validated for shape instead.
 *
 * Envelope: `{ version, id, 'detail-type', source: 'aws.partner/stripe.com/…', account, time, region, resources,
 * detail }` where `detail` is the Stripe event and `detail-type` its type.
 */
import type Stripe from 'stripe';
import { z } from 'zod';

export const STRIPE_PARTNER_SOURCE_PREFIX = 'aws.partner/stripe.com/';

/** The fields of a Stripe event the app relies on; everything else passes through untouched. */
const stripeEventSchema = z.looseObject({
  id: z.string().regex(/^evt_[0-9A-Za-z_]+$/, 'a Stripe event id (evt_…)'),
  object: z.literal('event'),
  type: z.string().min(1),
  created: z.number().int().nonnegative(),
  livemode: z.boolean(),
  api_version: z.string().nullable().optional(),
  account: z.string().optional(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

const envelopeSchema = z
  .object({
    version: z.string(),
    id: z.string().min(1),
    'detail-type': z.string().min(1),
    source: z.string().startsWith(STRIPE_PARTNER_SOURCE_PREFIX, 'a Stripe partner event source'),
    account: z.string(),
    time: z.string(),
    region: z.string(),
    resources: z.array(z.string()),
    detail: stripeEventSchema,
  })
  .refine((e) => e['detail-type'] === e.detail.type, { message: 'detail-type differs from detail.type', path: ['detail-type'] });

export type StripeEventBridgeEnvelope = Omit<z.infer<typeof envelopeSchema>, 'detail'> & { detail: Stripe.Event };

export class InvalidEnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEnvelopeError';
  }
}

/**
 * Is this Lambda event an EventBridge delivery (rather than a Function URL request)? Function URL events always
 * carry `requestContext`, and their caller controls only `body`, so a crafted HTTP body can never be taken for an
 * EventBridge event.
 */
export function isEventBridgeEvent(event: unknown): boolean {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  return !('requestContext' in event) && 'detail-type' in event && 'detail' in event;
}

/** Validates an EventBridge envelope and returns the Stripe event inside it; throws InvalidEnvelopeError. */
export function decodeStripeEnvelope(event: unknown): StripeEventBridgeEnvelope {
  const parsed = envelopeSchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InvalidEnvelopeError(`not a Stripe EventBridge event: ${issues}`);
  }
  // The schema checked what the handlers read; the rest of the object is Stripe's own, typed by the SDK.
  return { ...parsed.data, detail: parsed.data.detail as unknown as Stripe.Event };
}
