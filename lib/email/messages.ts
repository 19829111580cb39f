/**
 * What each message says, from the fields the notifier stored on its outbox row: a subject, a heading, paragraphs and
 * at most one button. One entry per kind; the layout (layout.tsx) gives them the marketplace's look. A field the
 * message needs and the row lacks throws MissingField: that message fails, nothing else does.
 */
import type { NotificationKind } from '../domain/notifications';
import type { NotificationFields } from '../data/notification-writes';

export class MissingField extends Error {
  override name = 'MissingField';
}

export interface MessageContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
}

const zoneAbbreviation = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')
    ?.value ?? '';

/**
 * "Sunday, March 14, 2027 at 1:30 AM EST to 4:30 AM EDT (America/New_York)": the zone always named, and each end in
 * the offset it falls in (a booking may span a daylight-saving change).
 */
export function formatSpanInZone(startIso: string, endIso: string, timeZone: string): string {
  const date = new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'full' }).format(new Date(startIso));
  const time = (iso: string) =>
    `${new Intl.DateTimeFormat('en-US', { timeZone, timeStyle: 'short' }).format(new Date(iso))} ${zoneAbbreviation(iso, timeZone)}`;
  return `${date} at ${time(startIso)} to ${time(endIso)} (${timeZone})`;
}

const reader = (fields: NotificationFields) => {
  const str = (name: string): string => {
    const value = fields[name];
    if (value === undefined || value === '') throw new MissingField(`missing template field "${name}"`);
    return String(value);
  };
  const opt = (name: string): string | undefined => (fields[name] === undefined ? undefined : String(fields[name]));
  /** The booking's time in the recipient's zone, and the provider's local time when that zone differs. */
  const when = () => {
    const zone = str('recipientZone');
    const main = formatSpanInZone(str('startIso'), str('endIso'), zone);
    const providerZone = opt('providerZone');
    return providerZone && providerZone !== zone
      ? `${main}; for the provider: ${formatSpanInZone(str('startIso'), str('endIso'), providerZone)}`
      : main;
  };
  return { str, opt, when };
};

type Build = (f: ReturnType<typeof reader>, fields: NotificationFields) => MessageContent;

/** The customer's price summary names a promotion code's discount (the platform bore it). */
const discountWords = (f: ReturnType<typeof reader>) => {
  const discount = f.opt('discount');
  if (!discount) return '';
  const code = f.opt('promotionCode');
  return ` (${discount} off${code ? ` with the code ${code}` : ''})`;
};

/** Customers open their booking's page; providers their bookings list (the booking page is the customer's). */
const bookingLink = (f: ReturnType<typeof reader>) =>
  f.opt('recipientRole') === 'provider'
    ? { label: 'Your bookings', url: `${f.str('appUrl')}/provider/bookings` }
    : { label: 'View the booking', url: `${f.str('appUrl')}/bookings/${f.str('bookingId')}` };

const MESSAGES: Record<NotificationKind, Build> = {
  'booking-confirmed': (f) => ({
    subject: `Booking confirmed: ${f.str('serviceTitle')}`,
    heading: 'Your booking is confirmed',
    paragraphs: [
      f.str('recipientRole') === 'provider'
        ? `${f.str('customerEmail')} booked ${f.str('serviceTitle')}.`
        : `You booked ${f.str('serviceTitle')} and paid ${f.str('amount')}${discountWords(f)}.`,
      `When: ${f.when()}.`,
      'The attached invite adds it to your calendar.',
    ],
    action: bookingLink(f),
  }),
  'payment-failed': (f) => ({
    subject: `Payment failed: ${f.str('serviceTitle')}`,
    heading: 'Your payment did not go through',
    paragraphs: [
      `The payment of ${f.str('amount')} for ${f.str('serviceTitle')} failed: ${f.str('reason')}.`,
      'Your slot is held for a short while: try another card.',
    ],
    action: bookingLink(f),
  }),
  'booking-cancelled': (f) => ({
    subject: `Booking cancelled: ${f.str('serviceTitle')}`,
    heading: 'The booking was cancelled',
    paragraphs: [`${f.str('serviceTitle')} on ${f.when()} was cancelled.`, 'The attached invite removes it from your calendar.'],
    action: bookingLink(f),
  }),
  // The same invite UID with a later SEQUENCE: calendars move the event rather than add a second one.
  'booking-rescheduled': (f) => ({
    subject: `Booking moved: ${f.str('serviceTitle')}`,
    heading: 'The booking has a new time',
    paragraphs: [
      f.str('recipientRole') === 'provider'
        ? `${f.str('customerEmail')} moved their booking of ${f.str('serviceTitle')}.`
        : `You moved your booking of ${f.str('serviceTitle')}.`,
      `New time: ${f.when()}.`,
      `It was: ${formatSpanInZone(f.str('fromStartIso'), f.str('fromEndIso'), f.str('recipientZone'))}.`,
      'The attached invite updates your calendar.',
    ],
    action: bookingLink(f),
  }),
  'refund-issued': (f) => ({
    subject: `Refund issued: ${f.str('amount')}`,
    heading: 'A refund is on its way',
    paragraphs: [
      f.str('recipientRole') === 'provider'
        ? `${f.str('amount')} of the booking ${f.str('serviceTitle')} was refunded to the customer.`
        : `We refunded ${f.str('amount')} for ${f.str('serviceTitle')}.`,
      f.str('recipientRole') === 'provider' ? 'Your earnings from it are adjusted.' : 'It reaches your card in 5 to 10 business days.',
    ],
    action: bookingLink(f),
  }),
  'booking-reminder': (f) => ({
    subject: `Reminder: ${f.str('serviceTitle')}`,
    heading: 'Your booking is coming up',
    paragraphs: [`${f.str('serviceTitle')}: ${f.when()}.`],
    action: bookingLink(f),
  }),
  'booking-completed': (f) => ({
    subject: `Receipt: ${f.str('serviceTitle')}`,
    heading: 'Thank you: here is your receipt',
    paragraphs: [`${f.str('serviceTitle')} on ${f.when()}.`, `Paid: ${f.str('amount')} (booking ${f.str('bookingId')}).`],
    action: bookingLink(f),
  }),
  'booking-no-show': (f) => ({
    subject: `Marked as a no-show: ${f.str('serviceTitle')}`,
    heading: 'Your provider recorded that you did not attend',
    paragraphs: [
      `${f.str('serviceTitle')} on ${f.when()} was marked as a no-show.`,
      'Whatever the cancellation policy gives back for a no-show is refunded to your card; a separate email confirms any refund.',
      'If you did attend, contest the refund decision from the booking page.',
    ],
    action: bookingLink(f),
  }),
  'payout-sent': (f) => ({
    subject: `Payout sent: ${f.str('amount')}`,
    heading: 'Your payout is on its way',
    paragraphs: [`${f.str('amount')} was sent to your bank account (payout ${f.str('payoutId')}).`],
    action: { label: 'Your payouts', url: `${f.str('appUrl')}/provider/earnings` },
  }),
  'payout-failed': (f) => ({
    subject: `Payout failed: ${f.str('amount')}`,
    heading: 'Your payout failed',
    paragraphs: [
      `Your bank returned the payout of ${f.str('amount')} (payout ${f.str('payoutId')}).`,
      `Stripe's reason: ${f.str('reason')}.`,
      'What to do: check your bank details in your payout settings; the amount stays in your balance and goes with the next payout.',
    ],
    action: { label: 'Check payout settings', url: `${f.str('appUrl')}/provider/onboarding` },
  }),
  'onboarding-needs-info': (f) => ({
    subject: 'Stripe needs more information',
    heading: 'Your account needs attention',
    paragraphs: [`Your payments account is ${f.str('accountStatus').toLowerCase()}: Stripe needs more information before it can pay you.`],
    action: { label: 'Finish onboarding', url: f.str('link') },
  }),
  'dispute-opened': (f) => ({
    subject: `Dispute opened: ${f.str('amount')}`,
    heading: 'A payment is disputed',
    paragraphs: [
      `A chargeback of ${f.str('amount')} was opened (reason: ${f.str('reason')}). The booking's payout is held until it closes.`,
    ],
    action: { label: 'Open the disputes', url: `${f.str('appUrl')}/admin/disputes` },
  }),
  'dispute-closed': (f) => ({
    subject: `Dispute ${f.str('outcome')}: ${f.str('amount')}`,
    heading: 'A dispute closed',
    paragraphs: [`The dispute of ${f.str('amount')} closed: ${f.str('outcome')}.`],
    action: { label: 'Open the disputes', url: `${f.str('appUrl')}/admin/disputes` },
  }),
  'credits-receipt': (f) => ({
    subject: `Receipt: ${f.str('credits')} credits`,
    heading: 'Thank you for your purchase',
    paragraphs: [`You bought ${f.str('credits')} credits for ${f.str('amount')}.`],
    action: { label: 'Your credits', url: `${f.str('appUrl')}/credits` },
  }),
  'credits-refunded': (f) => ({
    subject: `Credit purchase refunded: ${f.str('amount')}`,
    heading: 'Your credit purchase was refunded',
    paragraphs: [`We refunded ${f.str('amount')}; the credits were removed. It reaches your card in 5 to 10 business days.`],
  }),
  'membership-renewed': (f) => ({
    subject: 'Membership renewed',
    heading: 'Your membership is renewed',
    paragraphs: [`We charged ${f.str('amount')} for your membership.`],
    action: { label: 'Your membership', url: `${f.str('appUrl')}/memberships` },
  }),
  'membership-payment-failed': (f) => ({
    subject: 'Membership payment failed',
    heading: 'We could not renew your membership',
    paragraphs: ['The renewal payment failed. Update your card to keep your membership.'],
    action: { label: 'Your membership', url: `${f.str('appUrl')}/memberships` },
  }),
};

export function messageContent(kind: NotificationKind, fields: NotificationFields): MessageContent {
  return MESSAGES[kind](reader(fields), fields);
}
