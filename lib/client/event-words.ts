/**
 * Domain events in words, for the admin's audit view: the type ("BookingRefundedAfterPayout" → "Booking refunded after
 * payout"), who acted, where the aggregate lives in the admin area, and a one-line summary of the payload with
 * amounts through formatMoney. Pure; words are derived from the names, so a new event type reads without an entry here.
 */
import type { ActorRole, AggregateType } from '../domain/events';
import { formatMoney, SUPPORTED_CURRENCIES, type Currency } from '../domain/money';
import { timeZoneLabel } from './format';

/** An event as the audit list returns it (lib/services/audit.ts AuditEntry), loosely typed for display. */
export interface EventForDisplay {
  type: string;
  aggregateType: string;
  aggregateId: string;
  actor: { role: string; id?: string };
  actorEmail?: string;
  payload: Record<string, unknown>;
}

/** "refundCents" → "refund", "PAID_OUT" → "paid out", "BookingDisputeWon" → "booking dispute won". */
export function words(name: string): string {
  return name
    .replace(/Cents$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// Where the derived words read badly.
const TYPE_WORDS: Readonly<Record<string, string>> = { AdminActionTaken: 'Admin action' };

export function eventTypeWords(type: string): string {
  return TYPE_WORDS[type] ?? capitalized(words(type));
}

const ROLE_WORDS: Record<ActorRole, string> = {
  CUSTOMER: 'Customer',
  PROVIDER: 'Provider',
  ADMIN: 'Admin',
  SYSTEM: 'System',
  STRIPE: 'Stripe',
};

/** "Admin admin@marketplace.local", "Stripe", "Customer usr_123". */
export function actorWords(event: Pick<EventForDisplay, 'actor' | 'actorEmail'>): string {
  const role = (ROLE_WORDS as Record<string, string>)[event.actor.role] ?? capitalized(words(event.actor.role));
  const who = event.actorEmail ?? event.actor.id;
  return who ? `${role} ${who}` : role;
}

const AGGREGATE_WORDS: Record<AggregateType, string> = {
  Booking: 'Booking',
  Payout: 'Payout',
  Dispute: 'Chargeback',
  CreditPurchase: 'Credit purchase',
  Membership: 'Membership',
  Provider: 'Provider',
  Customer: 'Customer',
  Service: 'Service',
  StripeEvent: 'Stripe event',
  Review: 'Review',
  PromotionCode: 'Promotion code',
  Export: 'Export',
};

export function aggregateWords(type: string): string {
  return (AGGREGATE_WORDS as Record<string, string>)[type] ?? capitalized(words(type));
}

/** Where an aggregate is shown: a booking's admin page; otherwise its history in the audit view. */
export function aggregateHref(type: string, id: string): string {
  if (type === 'Booking') return `/admin/bookings/${encodeURIComponent(id)}`;
  return `/admin/audit?${new URLSearchParams({ aggregateType: type, aggregateId: id }).toString()}`;
}

const isCurrency = (value: unknown): value is Currency =>
  typeof value === 'string' && (SUPPORTED_CURRENCIES as readonly string[]).includes(value.toLowerCase());

function amount(cents: number, currency: Currency | undefined): string {
  return currency ? formatMoney({ amountCents: cents, currency: currency.toLowerCase() as Currency }) : `${cents} (minor units)`;
}

// A status or kind ("PAID_OUT", "CHARGE"), said in words; ids and free text are left as they are.
const CODE = /^[A-Z][A-Z_]*[A-Z]$/;

// Said elsewhere in the row (the type names the transition) or only the machinery's.
const UNSAID = new Set(['transition', 'currency']);

function detailParts(details: Record<string, unknown>, currency: Currency | undefined): string[] {
  return Object.entries(details).flatMap(([key, value]) => {
    if (UNSAID.has(key) || value === undefined || value === null || value === '') return [];
    if (typeof value === 'number' && key.endsWith('Cents')) return [`${words(key)} ${amount(value, currency)}`];
    if (typeof value === 'boolean') return [`${words(key)}: ${value ? 'yes' : 'no'}`];
    if (typeof value === 'object') return detailParts(value as Record<string, unknown>, currency);
    return [`${words(key)} ${typeof value === 'string' && CODE.test(value) ? words(value) : String(value)}`];
  });
}

/** One line: what changed, why, and the amounts ("Process refund · “Arrived late” · refund $25.00 · …"). */
export function eventSummary(event: Pick<EventForDisplay, 'type' | 'payload'>): string {
  const { payload } = event;
  const details = typeof payload.details === 'object' && payload.details !== null ? (payload.details as Record<string, unknown>) : {};
  const currency = [payload.currency, details.currency].find(isCurrency);
  const parts: string[] = [];
  if (event.type === 'LedgerLineWritten' && typeof payload.entryType === 'string' && typeof payload.amountCents === 'number') {
    // The line's id and account repeat the row's aggregate: the kind and the amount say it.
    const { entryType, amountCents, lineId: _lineId, account: _account, ...rest } = payload;
    return [`${capitalized(words(entryType))} ${amount(amountCents, currency)}`, ...detailParts(rest, currency)].join(' · ');
  }
  if (event.type === 'AdminActionTaken') {
    if (typeof payload.action === 'string') parts.push(capitalized(words(payload.action)));
    if (typeof payload.reason === 'string') parts.push(`“${payload.reason}”`);
    return [...parts, ...detailParts(details, currency)].join(' · ');
  }
  if (typeof payload.from === 'string' || typeof payload.to === 'string') {
    const from = typeof payload.from === 'string' ? words(payload.from) : undefined;
    const to = typeof payload.to === 'string' ? words(payload.to) : undefined;
    parts.push(from && to ? `${from} → ${to}` : to ? `now ${to}` : `was ${from}`);
  }
  const { from: _from, to: _to, details: _details, ...rest } = payload;
  return [...parts, ...detailParts(rest, currency), ...detailParts(details, currency)].join(' · ');
}

/** The browser's zone: the admin's (times on the site are shown in the viewer's zone). */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function timeZoneCaption(timeZone: string): string {
  return `Times in ${timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'UTC' : timeZoneLabel(timeZone)}`;
}

/** "Mar 5, 2026, 2:07:09 PM" in `timeZone`. */
export function eventTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}
