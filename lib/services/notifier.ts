/**
 * The notifier: a consumer of the domain events that turns each event worth telling someone into outbox rows
 * (Notification, one per message, id = its idempotency key such as `booking:<id>:confirmed:customer`). The rows
 * commit with the consumer's receipt, so a duplicate webhook, a redelivered batch or a replay writes no second row;
 * the first send runs only after that commit (afterCommit), and failed sends are retried by the scheduled run
 * (notification-delivery.ts).
 */
import { getItem, repo } from '../data/repository';
import { notification, notificationPutItem, type NewNotification, type NotificationFields } from '../data/notification-writes';
import type { BookingRecord, DisputeRecord, UserProfileRecord } from '../data/records';
import type { CreditPurchaseRecord, SubscriptionRecord } from '../data/customer-records';
import type { DomainEvent } from '../domain/events';
import { formatMoney, type Currency } from '../domain/money';
import { notificationKey, recipientZone, type NotificationKind, type RecipientRole } from '../domain/notifications';
import type { ConsumerDeps, ConsumerEffects, EventConsumer } from './event-consumers';
import { deliverNotification } from './notification-delivery';

const money = (amountCents: number, currency: string) => formatMoney({ amountCents, currency: currency as Currency });

interface Recipient {
  role: RecipientRole;
  email: string;
  userId?: string;
  timeZone?: string;
}

/** The booking's fields every booking message shows, seen by one recipient. */
async function bookingMessages(
  deps: ConsumerDeps,
  booking: BookingRecord,
  event: DomainEvent,
  what: string,
  kind: NotificationKind,
  roles: RecipientRole[],
  extra: NotificationFields = {},
): Promise<NewNotification[]> {
  const [service, provider, customer] = await Promise.all([
    repo.service(deps, booking.serviceId),
    repo.userProfile(deps, booking.providerId),
    repo.userProfile(deps, booking.customerId),
  ]);
  const serviceZone = service?.timeZone ?? 'UTC';
  const recipients: Recipient[] = [];
  if (roles.includes('customer'))
    recipients.push({ role: 'customer', email: customer?.email ?? booking.customerEmail, userId: booking.customerId, ...zoneOf(customer) });
  if (roles.includes('provider') && provider)
    recipients.push({ role: 'provider', email: provider.email, userId: provider.id, ...zoneOf(provider) });
  return recipients.map((r) => ({
    id: notificationKey(`booking:${booking.id}`, what, r.role),
    kind,
    recipientRole: r.role,
    recipientEmail: r.email,
    ...(r.userId ? { recipientUserId: r.userId } : {}),
    subjectKey: `booking:${booking.id}`,
    eventId: event.id,
    fields: {
      bookingId: booking.id,
      serviceTitle: booking.serviceTitle,
      startIso: booking.startDateTime,
      endIso: booking.endDateTime,
      recipientZone: recipientZone(r.timeZone, serviceZone),
      providerZone: provider?.timeZone ?? serviceZone,
      customerEmail: booking.customerEmail,
      amount: money(booking.totalAmountCents, booking.currency),
      // a promotion code's discount: the price summary in the message names it
      ...(booking.discountCents
        ? { discount: money(booking.discountCents, booking.currency), promotionCode: booking.promotionCode ?? '' }
        : {}),
      changedAt: event.occurredAt,
      ...extra,
    },
  }));
}

const zoneOf = (profile: UserProfileRecord | undefined) => (profile?.timeZone ? { timeZone: profile.timeZone } : {});

function single(
  subjectKey: string,
  what: string,
  kind: NotificationKind,
  r: Recipient,
  event: DomainEvent,
  fields: NotificationFields,
): NewNotification {
  return {
    id: notificationKey(subjectKey, what, r.role),
    kind,
    recipientRole: r.role,
    recipientEmail: r.email,
    ...(r.userId ? { recipientUserId: r.userId } : {}),
    subjectKey,
    eventId: event.id,
    fields,
  };
}

async function userRecipient(deps: ConsumerDeps, userId: string, role: RecipientRole): Promise<Recipient | undefined> {
  const profile = await repo.userProfile(deps, userId);
  return profile ? { role, email: profile.email, userId, ...zoneOf(profile) } : undefined;
}

/** The messages an event asks for (none for most events). */
async function messagesFor(deps: ConsumerDeps, event: DomainEvent): Promise<NewNotification[]> {
  const bookingOf = () => repo.booking(deps, event.aggregateId);
  switch (event.type) {
    case 'BookingConfirmed': {
      const b = await bookingOf();
      return b ? bookingMessages(deps, b, event, 'confirmed', 'booking-confirmed', ['customer', 'provider']) : [];
    }
    case 'BookingPaymentFailed': {
      const b = await bookingOf();
      const reason = b?.paymentFailureMessage ?? b?.paymentFailureCode ?? 'the card was declined';
      // one message per failed attempt: a customer may try several cards
      return b ? bookingMessages(deps, b, event, `payment-failed:${event.id}`, 'payment-failed', ['customer'], { reason }) : [];
    }
    case 'BookingCancelled': {
      const b = await bookingOf();
      return b ? bookingMessages(deps, b, event, 'cancelled', 'booking-cancelled', ['customer', 'provider']) : [];
    }
    case 'BookingRescheduled': {
      const b = await bookingOf();
      const d = event.payload.details ?? {};
      // the times of this move (the booking may have moved again since), one message per move
      return b
        ? bookingMessages(deps, b, event, `rescheduled:${String(d.sequence)}`, 'booking-rescheduled', ['customer', 'provider'], {
            startIso: String(d.toStart),
            endIso: String(d.toEnd),
            fromStartIso: String(d.fromStart),
            fromEndIso: String(d.fromEnd),
          })
        : [];
    }
    case 'BookingNoShow': {
      const b = await bookingOf();
      return b ? bookingMessages(deps, b, event, 'no-show', 'booking-no-show', ['customer']) : [];
    }
    case 'BookingCompleted': {
      const b = await bookingOf();
      return b ? bookingMessages(deps, b, event, 'completed', 'booking-completed', ['customer']) : [];
    }
    case 'RefundRecorded': {
      const p = event.payload;
      if (['failed', 'canceled', 'FAILED', 'CANCELED'].includes(p.status)) return [];
      const b = await bookingOf();
      return b
        ? bookingMessages(deps, b, event, `refund:${p.refundId}`, 'refund-issued', ['customer', 'provider'], {
            amount: money(p.amountCents, p.currency),
          })
        : [];
    }
    case 'PayoutPaid':
    case 'PayoutFailed': {
      const payout = await repo.payout(deps, event.aggregateId);
      const provider = payout && (await userRecipient(deps, payout.providerId, 'provider'));
      if (!payout || !provider) return [];
      const failed = event.type === 'PayoutFailed';
      const fields: NotificationFields = { payoutId: payout.id, amount: money(payout.amountCents, payout.currency) };
      if (failed) fields.reason = payout.failureMessage ?? payout.failureCode ?? 'the bank returned it';
      return [single(`payout:${payout.id}`, failed ? 'failed' : 'sent', failed ? 'payout-failed' : 'payout-sent', provider, event, fields)];
    }
    case 'ProviderAccountUpdated': {
      const p = event.payload;
      if (p.status !== 'RESTRICTED') return [];
      const provider = await userRecipient(deps, p.providerId, 'provider');
      // once per restriction day: Stripe sends several account updates for one change
      return provider
        ? [
            single(`provider:${p.providerId}`, `restricted:${event.occurredAt.slice(0, 10)}`, 'onboarding-needs-info', provider, event, {
              accountStatus: p.status,
            }),
          ]
        : [];
    }
    case 'DisputeOpened':
    case 'DisputeWon':
    case 'DisputeLost':
    case 'InquiryClosed':
      return disputeMessages(deps, event);
    case 'CreditPurchaseCompleted':
    case 'CreditPurchaseRefunded': {
      const purchase = await getItem<CreditPurchaseRecord>(deps, 'CreditPurchase', event.aggregateId);
      const customer = purchase && (await userRecipient(deps, purchase.userId, 'customer'));
      if (!purchase || !customer) return [];
      const done = event.type === 'CreditPurchaseCompleted';
      const fields = { credits: purchase.credits, amount: money(purchase.amountCents, purchase.currency) };
      return [
        single(
          `credit-purchase:${purchase.id}`,
          done ? 'receipt' : 'refunded',
          done ? 'credits-receipt' : 'credits-refunded',
          customer,
          event,
          fields,
        ),
      ];
    }
    case 'PaymentRecorded': {
      const p = event.payload;
      if (p.purpose !== 'MEMBERSHIP' || p.status !== 'succeeded') return [];
      const customer = await userRecipient(deps, p.userId, 'customer');
      return customer
        ? [
            single(`payment:${p.paymentId}`, 'membership-renewed', 'membership-renewed', customer, event, {
              amount: money(p.amountCents, p.currency),
            }),
          ]
        : [];
    }
    case 'MembershipRenewalFailed': {
      const membership = await getItem<SubscriptionRecord>(deps, 'Subscription', event.aggregateId);
      const customer = membership && (await userRecipient(deps, membership.userId, 'customer'));
      return customer
        ? [single(`membership:${event.aggregateId}`, `renewal-failed:${event.id}`, 'membership-payment-failed', customer, event, {})]
        : [];
    }
    default:
      return [];
  }
}

async function disputeMessages(deps: ConsumerDeps, event: DomainEvent): Promise<NewNotification[]> {
  const dispute = await getItem<DisputeRecord>(deps, 'Dispute', event.aggregateId);
  if (!dispute) return [];
  const booking = await repo.booking(deps, dispute.bookingId);
  const opened = event.type === 'DisputeOpened';
  const outcome = event.type === 'DisputeWon' ? 'won' : event.type === 'DisputeLost' ? 'lost' : 'closed';
  const fields: NotificationFields = { amount: money(dispute.amountCents, dispute.currency), reason: dispute.reason, outcome };
  const recipients: Recipient[] = [];
  const provider = booking && (await userRecipient(deps, booking.providerId, 'provider'));
  if (provider) recipients.push(provider);
  const admin = deps.notifications?.adminEmail;
  if (admin) recipients.push({ role: 'admin', email: admin });
  return recipients.map((r) =>
    single(`dispute:${dispute.id}`, opened ? 'opened' : 'closed', opened ? 'dispute-opened' : 'dispute-closed', r, event, fields),
  );
}

/** Rows not written yet (another event may have asked for the same message), and the first send after the commit. */
async function notify(deps: ConsumerDeps, event: DomainEvent): Promise<ConsumerEffects> {
  const wanted = await messagesFor(deps, event);
  const fresh: NewNotification[] = [];
  for (const n of wanted) if (!(await notification(deps, n.id)) && !fresh.some((f) => f.id === n.id)) fresh.push(n);
  if (fresh.length === 0) return { items: [] };
  const now = deps.clock.now();
  return {
    items: fresh.map((n) => notificationPutItem(deps, n, now)),
    afterCommit: async () => {
      for (const n of fresh) await deliverNotification(deps, n.id);
    },
  };
}

const NOTIFYING_EVENTS = [
  'BookingConfirmed',
  'BookingPaymentFailed',
  'BookingCancelled',
  'BookingRescheduled',
  'BookingCompleted',
  'BookingNoShow',
  'RefundRecorded',
  'PayoutPaid',
  'PayoutFailed',
  'ProviderAccountUpdated',
  'DisputeOpened',
  'DisputeWon',
  'DisputeLost',
  'InquiryClosed',
  'CreditPurchaseCompleted',
  'CreditPurchaseRefunded',
  'PaymentRecorded',
  'MembershipRenewalFailed',
] as const;

export const notifierConsumer: EventConsumer = {
  name: 'notifier',
  handlers: Object.fromEntries(NOTIFYING_EVENTS.map((type) => [type, notify])),
};
