import type { Identity } from '../auth/identity';
import { isBookableSlot, slotHoldKeys } from '../domain/availability';
import { PLATFORM_FEE_RATE } from '../domain/commission';
import { bookingWindowDetails, bookingWindowOf, bookingWindowRefusal, checkBookingStart } from '../domain/booking-window';
import { priceBooking, PricingError } from '../domain/pricing';
import { isUnpaidStatus } from '../domain/booking-status';
import { updateBooking } from '../data/booking-writer';
import { modelFields, transactionCancellationReasons } from '../data/items';
import type { BookingRecord, ServiceRecord } from '../data/records';
import { repo } from '../data/repository';
import { discardNewBooking, newBookingWithHoldsItems, slotTakenIn } from '../data/slot-holds';
import { transactWrite } from '../data/transact';
import type { BookingRequest, BookingResponses, BookingView } from '../http/booking-processor';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys, idempotencyKeys } from '../stripe/idempotency';
import { providerCanTakeBookings } from '../domain/provider-readiness';
import { actingAs, authorize } from './access';
import { applyPaymentIntent } from './booking-payment';
import { loadBookableService } from './catalog';
import { applyCreditsToNewBooking, returnBookingCredits } from './booking-credits';
import type { Deps } from '../ports';

export async function createBooking(
  deps: Deps,
  caller: Identity,
  input: BookingRequest<'CREATE_BOOKING'>,
): Promise<BookingResponses['CREATE_BOOKING']> {
  const service = await loadBookableService(deps, input.serviceId);
  const provider = await repo.userProfile(deps, service.providerId);
  if (!providerCanTakeBookings(provider)) {
    throw new AppError('PROVIDER_NOT_READY', 'Provider payment processing not set up', { providerId: service.providerId });
  }
  const start = new Date(input.startDateTime);
  const end = new Date(input.endDateTime);
  const now = deps.clock.now();
  assertInBookingWindow(service, start, now, input.startDateTime);
  if (!isBookableSlot({ service, start, end, now })) {
    throw new AppError('VALIDATION_FAILED', 'That time is not one of the service\u2019s available slots', {
      startDateTime: input.startDateTime,
      endDateTime: input.endDateTime,
    });
  }
  let split;
  try {
    split = priceBooking(service, input.groupSize);
  } catch (err) {
    if (err instanceof PricingError) throw new AppError('VALIDATION_FAILED', err.message, { groupSize: input.groupSize });
    throw err;
  }

  const bookingId = deps.ids.newId('bk');
  const holdIds = slotHoldKeys(service.providerId, start, end);
  const booking: BookingRecord = {
    ...modelFields('Booking', bookingId, now),
    owner: caller.userId,
    serviceId: service.id,
    serviceTitle: service.title,
    serviceCategory: service.category,
    providerId: service.providerId,
    customerId: caller.userId,
    customerEmail: caller.email,
    startDateTime: start.toISOString(),
    endDateTime: end.toISOString(),
    groupSize: input.groupSize,
    ...(input.specialRequests ? { specialRequests: input.specialRequests } : {}),
    status: 'PENDING_PAYMENT',
    totalAmountCents: split.totalAmountCents,
    platformFeeCents: split.platformFeeCents,
    providerEarningsCents: split.providerEarningsCents,
    currency: split.currency,
    // a secret per booking: shown to the customer only, never derived from the booking id
    qrCode: deps.ids.newId('ci'),
    slotHoldIds: holdIds,
    holdExpiresAt: new Date(now.getTime() + deps.config.holdMinutes * 60_000).toISOString(),
  };
  await holdSlot(deps, booking);

  // Credits first (INSUFFICIENT_CREDITS before any Stripe write); fully paid with credits, the booking is confirmed.
  const credits = input.credits === undefined ? 0 : (await applyCreditsOrRelease(deps, booking, input.credits)).creditsApplied;
  if (credits > 0) booking.creditsAppliedCents = credits;
  if (credits === split.totalAmountCents) {
    const paid: BookingRecord = { ...booking, status: 'CONFIRMED', confirmedAt: now.toISOString() };
    return { bookingId, clientSecret: '', booking: customersView(paid) };
  }

  let pi;
  try {
    pi = await callStripe(() =>
      deps.stripe.paymentIntents.create(
        {
          amount: split.totalAmountCents - credits,
          currency: split.currency,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          transfer_group: bookingId,
          description: `${service.title} on ${booking.startDateTime}`,
          metadata: {
            bookingId,
            serviceId: service.id,
            customerId: caller.userId,
            providerId: service.providerId,
            ...(credits > 0 ? { creditsAppliedCents: String(credits) } : {}),
          },
        },
        {
          idempotencyKey:
            credits > 0
              ? customerIdempotencyKeys.bookingPaymentIntentAfterCredits(bookingId, credits)
              : idempotencyKeys.bookingPaymentIntent(bookingId),
        },
      ),
    );
    await updateBooking(deps, bookingId, { change: { set: { paymentIntentId: pi.id } }, now: deps.clock.now() });
  } catch (err) {
    // No payment can be taken for this booking: give the slot (and any credits) back rather than leave a half-made booking.
    if (credits > 0) await returnBookingCredits(deps, bookingId, 'booking-not-created');
    await releaseSlot(deps, booking, 'payment-not-created');
    throw err;
  }
  const stored = { ...booking, paymentIntentId: pi.id };
  // the customer's own new booking: with its check-in code
  return {
    bookingId,
    clientSecret: pi.client_secret ?? '',
    booking: { ...toBookingView(stored, pi.client_secret ?? undefined), qrCode: stored.qrCode },
  };
}

/** 400 before anything is written when the start is sooner than the service's notice or beyond its advance window. */
function assertInBookingWindow(service: ServiceRecord, start: Date, now: Date, startDateTime: string): void {
  const window = bookingWindowOf(service);
  const verdict = checkBookingStart(window, start, now);
  if (verdict.ok) return;
  throw new AppError('VALIDATION_FAILED', bookingWindowRefusal(window, verdict.reason), {
    startDateTime,
    reason: verdict.reason,
    ...bookingWindowDetails(window, now),
  });
}

async function applyCreditsOrRelease(deps: Deps, booking: BookingRecord, requested: number | 'max') {
  try {
    return await applyCreditsToNewBooking(deps, booking, requested);
  } catch (err) {
    await releaseSlot(deps, booking, 'credits-not-applied');
    throw err;
  }
}

/** Writes the booking and one hold per time quantum it covers, all or nothing: of two overlapping requests one wins. */
async function holdSlot(deps: Deps, booking: BookingRecord): Promise<void> {
  try {
    await transactWrite(deps, newBookingWithHoldsItems(deps, booking));
  } catch (err) {
    if (slotTakenIn(err)) {
      throw new AppError('SLOT_UNAVAILABLE', 'This time slot was just booked by someone else. Please pick another time.', {
        startDateTime: booking.startDateTime,
      });
    }
    throw err;
  }
}

/** Gives the slot back when the booking could not be made (its holds, and the booking itself). */
async function releaseSlot(deps: Deps, booking: BookingRecord, reason: string): Promise<void> {
  await discardNewBooking(deps, booking, reason, deps.clock.now());
}

/** GET_BOOKING: its customer, its provider or an admin; anyone else gets 404 (other people's bookings don't exist for them). */
export async function getBooking(deps: Deps, caller: Identity, bookingId: string): Promise<BookingView> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'view', { details: { bookingId } });
  let clientSecret: string | undefined;
  // Only the customer pays, so only they get the client secret.
  if (actingAs(caller, 'booking', booking, 'view') === 'CUSTOMER' && isUnpaid(booking) && booking.paymentIntentId) {
    const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(booking.paymentIntentId as string));
    clientSecret = pi.client_secret ?? undefined;
  }
  const view = toBookingView(booking, clientSecret);
  return actingAs(caller, 'booking', booking, 'view') === 'CUSTOMER' ? { ...view, qrCode: booking.qrCode } : view;
}

/** A booking as its customer sees it: the view and the check-in code, which nobody else is shown. */
function customersView(b: BookingRecord): BookingView {
  return { ...toBookingView(b), qrCode: b.qrCode };
}

export async function listMyBookings(deps: Deps, caller: Identity): Promise<BookingView[]> {
  const bookings = await repo.bookingsOfCustomer(deps, caller.userId);
  // the caller's own bookings as customer: each with its check-in code
  return bookings.map(customersView);
}

/** Reconciles the booking with its PaymentIntent as Stripe has it now (the page calls it right after paying): the customer's. */
export async function confirmBooking(deps: Deps, caller: Identity, bookingId: string): Promise<BookingView> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'pay', { details: { bookingId } });
  // the customer's own booking (only they may pay): with its check-in code, however the race with the webhook went
  if (!booking.paymentIntentId || !isUnpaid(booking)) return customersView(booking);
  const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(booking.paymentIntentId as string));
  // Concurrent with the webhook, the retries decide again from the state it left; if it keeps winning, its state stands.
  await applyPaymentIntent(deps, pi).catch((err: unknown) => {
    if (!transactionCancellationReasons(err)) throw err;
  });
  return getBooking(deps, caller, bookingId);
}

function isUnpaid(b: BookingRecord): boolean {
  return isUnpaidStatus(b.status);
}

export function toBookingView(b: BookingRecord, clientSecret?: string): BookingView {
  return {
    id: b.id,
    status: b.status,
    service: { id: b.serviceId, title: b.serviceTitle, category: b.serviceCategory },
    dateTime: { start: b.startDateTime, end: b.endDateTime },
    groupSize: b.groupSize,
    ...(b.specialRequests ? { specialRequests: b.specialRequests } : {}),
    pricing: {
      totalAmountCents: b.totalAmountCents,
      platformFeeCents: b.platformFeeCents,
      providerEarningsCents: b.providerEarningsCents,
      platformFeeRate: PLATFORM_FEE_RATE,
      currency: b.currency,
      ...(b.promotionCode && b.discountCents
        ? {
            listPriceCents: b.listPriceCents ?? b.totalAmountCents + b.discountCents,
            discountCents: b.discountCents,
            promotionCode: b.promotionCode,
          }
        : {}),
    },
    ...(b.checkedInAt ? { checkedInAt: b.checkedInAt } : {}),
    ...(b.noShowAt ? { noShowAt: b.noShowAt } : {}),
    ...(b.paymentFailureMessage ? { paymentFailureMessage: b.paymentFailureMessage } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(isUnpaid(b) ? { holdExpiresAt: b.holdExpiresAt } : {}),
    createdAt: b.createdAt,
    ...(b.creditsAppliedCents
      ? { creditsAppliedCents: b.creditsAppliedCents, cardAmountCents: b.totalAmountCents - b.creditsAppliedCents }
      : {}),
    ...rescheduledFields(b),
  };
}

/** The last move of a rescheduled booking, and its price after a move to a lower one. */
function rescheduledFields(b: BookingRecord): Pick<BookingView, 'rescheduled' | 'currentPriceCents'> {
  const last = b.reschedules?.at(-1);
  return {
    ...(last
      ? {
          rescheduled: { count: b.rescheduleCount ?? b.reschedules!.length, at: last.at, fromStart: last.fromStart, fromEnd: last.fromEnd },
        }
      : {}),
    ...(b.currentPriceCents !== undefined ? { currentPriceCents: b.currentPriceCents } : {}),
  };
}
