/**
 * Words of the domain that several records share: account and payout states, policies, units, the week. The records
 * in lib/data are built from them (and re-export them); the rules here never import the records.
 */

/** A provider's Stripe account, in our words. */
export type StripeAccountStatus = 'PENDING' | 'ACTIVE' | 'RESTRICTED' | 'REJECTED';

/** DAILY: every scheduled run; WEEKLY: Monday's run (UTC); MANUAL: only when the provider asks. */
export type PayoutSchedule = 'DAILY' | 'WEEKLY' | 'MANUAL';

export type CancellationPolicy = 'FLEXIBLE' | 'MODERATE' | 'STRICT';
export type PricingUnit = 'PER_BOOKING' | 'PER_PERSON';
export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

/** Local wall-clock opening hours, "HH:MM" in the service's IANA time zone. */
export interface TimeRange {
  start: string;
  end: string;
}
export type WeeklyAvailability = Partial<Record<Weekday, TimeRange[]>>;

/** Stripe's payout statuses. */
export type PayoutStatus = 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled';

/**
 * The evidence text fields an admin may send for a chargeback (a subset of Stripe's dispute evidence; Stripe's
 * customer_communication is a file upload id, so messages with the customer go in uncategorized_text).
 */
export type DisputeEvidenceField =
  'product_description' | 'customer_name' | 'customer_email_address' | 'service_date' | 'uncategorized_text';
