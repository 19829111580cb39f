/**
 * Promotion codes: the admins create them (a Stripe coupon and promotion code too, for memberships and credit
 * packages, which Stripe discounts), list and deactivate them; every checkout redeems through `redeemPromotionCode`
 * (one use per customer per code, the limit held by DynamoDB's condition). Bookings: booking-promotions.ts.
 */
import Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import type { Currency } from '../domain/money';
import {
  normalizePromotionCode,
  promotionDefinitionProblems,
  redemptionRefusal,
  REFUSAL_WORDS,
  type PromotionDiscount,
  type RedemptionRefusal,
} from '../domain/promotions';
import { transactionCancellationReasons } from '../data/items';
import {
  deactivatePromotionCodeItems,
  promotionCodesPage,
  newPromotionCodeItems,
  promotionState,
  readPromotionCode,
  readRedemption,
  REDEEM_CODE_ITEM,
  REDEEM_REDEMPTION_ITEM,
  redemptionItems,
  releaseRedemptionItems,
  type PromotionCodeRecord,
  type PromotionRedemptionRecord,
  type Redemption,
} from '../data/promotion-writes';
import { paymentsOfUser } from '../data/payment-writes';
import { repo } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import { AppError } from '../http/errors';
import type { PromotionCodeView, PromotionRequest, PromotionResponses } from '../http/promotions';
import { decodePageCursor, encodePageCursor } from './page-cursor';
import { callStripe, toAppError } from '../stripe/errors';
import { promotionIdempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';

export function toPromotionCodeView(r: PromotionCodeRecord): PromotionCodeView {
  return {
    code: r.code,
    discountKind: r.discountKind,
    ...(r.percentOff !== undefined ? { percentOff: r.percentOff } : {}),
    ...(r.amountOffCents !== undefined ? { amountOffCents: r.amountOffCents } : {}),
    ...(r.currency ? { currency: r.currency } : {}),
    ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
    ...(r.maxRedemptions !== undefined ? { maxRedemptions: r.maxRedemptions } : {}),
    redemptionCount: r.redemptionCount,
    firstTimeOnly: r.firstTimeOnly,
    active: r.active,
    createdAt: r.createdAt,
    ...(r.deactivatedAt ? { deactivatedAt: r.deactivatedAt } : {}),
  };
}

function discountOf(input: PromotionRequest<'ADMIN_CREATE_PROMOTION_CODE'>): PromotionDiscount {
  const hasPercent = input.percentOff !== undefined;
  const hasAmount = input.amountOffCents !== undefined;
  if (hasPercent === hasAmount) {
    throw new AppError('VALIDATION_FAILED', 'Give either a percentage off or an amount off.', {
      percentOff: 'Choose one kind of discount',
    });
  }
  if (hasPercent) return { kind: 'PERCENT', percentOff: input.percentOff as number };
  if (!input.currency) throw new AppError('VALIDATION_FAILED', 'An amount off needs its currency.', { currency: 'Choose a currency' });
  return { kind: 'AMOUNT', amountOffCents: input.amountOffCents as number, currency: input.currency };
}

const epochSeconds = (iso: string | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : undefined);

/** ADMIN_CREATE_PROMOTION_CODE: the Stripe coupon and promotion code first (keys from the code), then the record. */
export async function createPromotionCode(
  deps: Deps,
  caller: Identity,
  input: PromotionRequest<'ADMIN_CREATE_PROMOTION_CODE'>,
): Promise<{ promotionCode: PromotionCodeView }> {
  const code = normalizePromotionCode(input.code);
  const discount = discountOf(input);
  const now = deps.clock.now();
  const problems = promotionDefinitionProblems({ code, discount, expiresAt: input.expiresAt, maxRedemptions: input.maxRedemptions }, now);
  if (Object.keys(problems).length > 0) throw new AppError('VALIDATION_FAILED', Object.values(problems).join(' '), problems);
  if (await readPromotionCode(deps, code)) throw new AppError('CONFLICT', `The code ${code} exists already.`, { code });
  const redeemBy = epochSeconds(input.expiresAt);
  const coupon = await callStripe(() =>
    deps.stripe.coupons.create(
      {
        ...(discount.kind === 'PERCENT'
          ? { percent_off: discount.percentOff }
          : { amount_off: discount.amountOffCents, currency: discount.currency }),
        duration: 'once',
        name: code,
        ...(redeemBy ? { redeem_by: redeemBy } : {}),
        ...(input.maxRedemptions ? { max_redemptions: input.maxRedemptions } : {}),
        metadata: { promotionCode: code },
      },
      { idempotencyKey: promotionIdempotencyKeys.coupon(code) },
    ),
  );
  const stripeCode = await callStripe(() =>
    deps.stripe.promotionCodes.create(
      {
        promotion: { type: 'coupon', coupon: coupon.id },
        code,
        ...(redeemBy ? { expires_at: redeemBy } : {}),
        ...(input.maxRedemptions ? { max_redemptions: input.maxRedemptions } : {}),
        restrictions: { first_time_transaction: input.firstTimeOnly },
        metadata: { promotionCode: code },
      },
      { idempotencyKey: promotionIdempotencyKeys.promotionCode(code) },
    ),
  );
  const fields = {
    code,
    discountKind: discount.kind,
    ...(discount.kind === 'PERCENT'
      ? { percentOff: discount.percentOff }
      : { amountOffCents: discount.amountOffCents, currency: discount.currency }),
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
    ...(input.maxRedemptions ? { maxRedemptions: input.maxRedemptions } : {}),
    firstTimeOnly: input.firstTimeOnly,
    stripeCouponId: coupon.id,
    stripePromotionCodeId: stripeCode.id,
    createdBy: caller.userId,
  };
  try {
    await transactWrite(deps, newPromotionCodeItems(deps, fields, now));
  } catch (err) {
    if (transactionCancellationReasons(err)) throw new AppError('CONFLICT', `The code ${code} exists already.`, { code });
    throw err;
  }
  const stored = await readPromotionCode(deps, code);
  if (!stored) throw new Error(`promotion code ${code} vanished after its creation`);
  return { promotionCode: toPromotionCodeView(stored) };
}

/** ADMIN_LIST_PROMOTION_CODES: one page; the cursor is scoped to the state filter and the order (another one is a 400). */
export async function listPromotionCodesForAdmin(
  deps: Deps,
  q: PromotionRequest<'ADMIN_LIST_PROMOTION_CODES'>,
): Promise<PromotionResponses['ADMIN_LIST_PROMOTION_CODES']> {
  const newestFirst = q.order !== 'oldest';
  const scope = `promotion-codes:${q.state ?? 'any'}:${newestFirst ? 'newest' : 'oldest'}`;
  const start = decodePageCursor(scope, q.cursor);
  const page = await promotionCodesPage(deps, { state: q.state, newestFirst, limit: q.limit, now: deps.clock.now() }, start);
  const nextCursor = encodePageCursor(scope, page.nextCursor);
  return { promotionCodes: page.items.map(toPromotionCodeView), ...(nextCursor ? { nextCursor } : {}) };
}

/** ADMIN_DEACTIVATE_PROMOTION_CODE: Stripe's promotion code first (no new redemptions there), then ours; again is a no-op. */
export async function deactivatePromotionCode(
  deps: Deps,
  caller: Identity,
  input: PromotionRequest<'ADMIN_DEACTIVATE_PROMOTION_CODE'>,
): Promise<{ promotionCode: PromotionCodeView }> {
  const code = normalizePromotionCode(input.code);
  const record = await readPromotionCode(deps, code);
  if (!record) throw new AppError('NOT_FOUND', 'Promotion code not found', { code });
  if (record.active) {
    const stripeId = record.stripePromotionCodeId;
    if (stripeId) {
      await callStripe(() =>
        deps.stripe.promotionCodes.update(stripeId, { active: false }, { idempotencyKey: promotionIdempotencyKeys.deactivate(code) }),
      );
    }
    await transactWrite(deps, deactivatePromotionCodeItems(deps, code, caller.userId, deps.clock.now())).catch((err: unknown) => {
      // deactivated by someone else meanwhile: the same end state
      if (!transactionCancellationReasons(err)) throw err;
    });
  }
  const after = await readPromotionCode(deps, code);
  return { promotionCode: toPromotionCodeView(after ?? record) };
}

// ---- redeeming ---------------------------------------------------------------------------------------------

export function refusal(reason: RedemptionRefusal, code: string): AppError {
  const status = reason === 'EXHAUSTED' || reason === 'ALREADY_REDEEMED' ? 'CONFLICT' : 'VALIDATION_FAILED';
  return new AppError(status, REFUSAL_WORDS[reason], { code, reason });
}

/** Whether the customer has paid for anything before (a confirmed booking, or any successful payment). */
async function hasPaidBefore(deps: Deps, userId: string): Promise<boolean> {
  const [bookings, payments] = await Promise.all([repo.bookingsOfCustomer(deps, userId), paymentsOfUser(deps, userId)]);
  return bookings.some((b) => b.confirmedAt !== undefined) || payments.some((p) => p.status === 'succeeded');
}

export interface RedeemableCode {
  record: PromotionCodeRecord;
  /** This customer's redemption for the same subject exists already (a retry): nothing more to write. */
  alreadyRedeemedForSubject: boolean;
  /** This customer's earlier redemption, for a booking that ended unpaid: it moves to the new subject. */
  moves?: PromotionRedemptionRecord;
}

/** A use taken by a checkout that was abandoned (an unpaid booking that expired or was cancelled) may be used again. */
async function endedUnpaid(deps: Deps, redemption: PromotionRedemptionRecord): Promise<boolean> {
  if (!redemption.subject.startsWith('booking:')) return false;
  const booking = await repo.booking(deps, redemption.subject.slice('booking:'.length));
  return booking !== undefined && booking.confirmedAt === undefined && (booking.status === 'EXPIRED' || booking.status === 'CANCELLED');
}

/** The code, if this customer may redeem it now for `subject` in `currency`; else the refusal in words. */
export async function redeemableCode(
  deps: Deps,
  caller: Identity,
  rawCode: string,
  currency: Currency,
  subject: string,
): Promise<RedeemableCode> {
  const code = normalizePromotionCode(rawCode);
  const record = await readPromotionCode(deps, code);
  if (!record) throw refusal('UNKNOWN', code);
  const mine = await readRedemption(deps, code, caller.userId);
  if (mine?.subject === subject) return { record, alreadyRedeemedForSubject: true };
  const moves = mine && (await endedUnpaid(deps, mine)) ? mine : undefined;
  if (mine && !moves) throw refusal('ALREADY_REDEEMED', code);
  const paidBefore = record.firstTimeOnly ? await hasPaidBefore(deps, caller.userId) : false;
  // A moved use is counted already: the limit is checked without it.
  const state = promotionState(record);
  const reason = redemptionRefusal(moves ? { ...state, redemptionCount: state.redemptionCount - 1 } : state, {
    now: deps.clock.now(),
    currency,
    hasPaidBefore: paidBefore,
  });
  if (reason) throw refusal(reason, code);
  return { record, alreadyRedeemedForSubject: false, ...(moves ? { moves } : {}) };
}

/** Writes the redemption with `withItems` (what it pays for) in one transaction; a refusal becomes its reason in words. */
export async function commitRedemption(deps: Deps, r: Redemption, withItems: TxItem[] = []): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await transactWrite(deps, [...redemptionItems(deps, r, deps.clock.now()), ...withItems]);
      return;
    } catch (err) {
      const reasons = transactionCancellationReasons(err);
      // Two redemptions of one code at the same moment: DynamoDB may cancel one as a conflict before its condition is
      // evaluated; sent again, the condition decides.
      if (reasons && attempt < 4 && reasons.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed')) {
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
        continue;
      }
      await redemptionRefused(deps, r, err, reasons);
    }
  }
}

/** A refusal by the database in words: the code's condition (deactivated, expired or used up meanwhile), this customer's earlier use, or what it pays for changed. */
async function redemptionRefused(deps: Deps, r: Redemption, err: unknown, reasons: string[] | undefined): Promise<never> {
  if (!reasons) throw err;
  if (reasons[REDEEM_REDEMPTION_ITEM] === 'ConditionalCheckFailed') throw refusal('ALREADY_REDEEMED', r.code.code);
  if (reasons[REDEEM_CODE_ITEM] === 'ConditionalCheckFailed') {
    const now = await readPromotionCode(deps, r.code.code);
    const reason =
      now && redemptionRefusal(promotionState(now), { now: deps.clock.now(), currency: r.currency ?? 'usd', hasPaidBefore: false });
    throw refusal(reason && reason !== 'CURRENCY' ? reason : 'EXHAUSTED', r.code.code);
  }
  if (reasons.includes('ConditionalCheckFailed')) {
    throw new AppError('CONFLICT', 'This checkout has changed in the meantime. Please refresh the page.', { reason: 'CHANGED' });
  }
  throw err;
}

/** Gives this customer's redemption of `code` for `subject` back (the checkout it was for could not be made). */
export async function releaseRedemption(deps: Deps, code: string, userId: string, subject: string, reason: string): Promise<void> {
  const mine = await readRedemption(deps, code, userId);
  if (!mine || mine.subject !== subject) return;
  await transactWrite(deps, releaseRedemptionItems(deps, mine, reason, deps.clock.now())).catch((err: unknown) => {
    if (!transactionCancellationReasons(err)) throw err;
  });
}

/**
 * For a Stripe-discounted checkout (membership, credit package): checks and records the redemption, and answers the
 * Stripe promotion code to pass as `discounts: [{ promotion_code }]`.
 */
export async function redeemForStripeCheckout(
  deps: Deps,
  caller: Identity,
  rawCode: string,
  purpose: 'MEMBERSHIP' | 'CREDITS',
  currency: Currency,
  subject: string,
): Promise<{ code: string; stripePromotionCodeId: string }> {
  const { record, alreadyRedeemedForSubject, moves } = await redeemableCode(deps, caller, rawCode, currency, subject);
  if (!record.stripePromotionCodeId) throw refusal('INACTIVE', record.code);
  if (!alreadyRedeemedForSubject) {
    const actor = { role: 'CUSTOMER' as const, id: caller.userId };
    await commitRedemption(deps, { code: record, userId: caller.userId, purpose, subject, currency, actor, ...(moves ? { moves } : {}) });
  }
  return { code: record.code, stripePromotionCodeId: record.stripePromotionCodeId };
}

/**
 * Runs the Stripe call that applies a redeemed code; if Stripe refuses the discount (its own checks: first-time
 * only, limits) or the call fails, the redemption is given back, and Stripe's refusal is answered in its words.
 */
export async function withStripeDiscount<T>(
  deps: Deps,
  caller: Identity,
  redeemed: { code: string } | undefined,
  subject: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!redeemed) throw toAppError(err);
    await releaseRedemption(deps, redeemed.code, caller.userId, subject, 'checkout-not-created');
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.param?.startsWith('discounts')) {
      throw new AppError('VALIDATION_FAILED', err.message, { code: redeemed.code, reason: 'REFUSED_BY_STRIPE' });
    }
    throw toAppError(err);
  }
}
