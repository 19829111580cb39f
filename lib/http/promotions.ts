/**
 * Promotion codes' contract: the admins' actions (stripe-connect: ADMIN_CREATE_PROMOTION_CODE,
 * ADMIN_LIST_PROMOTION_CODES, ADMIN_DEACTIVATE_PROMOTION_CODE) and the customer's APPLY_PROMOTION_CODE at a
 * booking's checkout (booking-processor). Memberships and credit packages take `promotionCode` on SUBSCRIBE and
 * BUY_CREDITS (stripe-connect.ts). The rules (code shape, limits, who may redeem) are lib/domain/promotions.ts.
 */
import { z } from 'zod';
import type { Currency } from '../domain/money';
import type { BookingView } from './booking-processor';
import { currencyCode, id, isoDateTime } from './fields';

/** What a customer types: trimmed, any case (the server upper-cases it). */
export const promotionCodeInput = z
  .string({ error: 'Enter a promotion code' })
  .trim()
  .min(1, 'Enter a promotion code')
  .max(30, 'A promotion code has at most 30 characters');

export const promotionRequests = {
  ADMIN_CREATE_PROMOTION_CODE: z
    .object({
      code: promotionCodeInput,
      /** Exactly one of percentOff (1–100) and amountOffCents (with currency). */
      percentOff: z.number().int().optional(),
      amountOffCents: z.number().int().optional(),
      currency: currencyCode.optional(),
      expiresAt: isoDateTime.optional(),
      maxRedemptions: z.number().int().optional(),
      firstTimeOnly: z.boolean().default(false),
    })
    .strict(),
  /**
   * The codes by creation time (newest first unless `order: 'oldest'`), `limit` a page (at most 100), `cursor` the
   * previous page's `nextCursor`; `state` keeps the active (not expired), deactivated or expired ones.
   */
  ADMIN_LIST_PROMOTION_CODES: z
    .object({
      state: z.enum(['active', 'deactivated', 'expired']).optional(),
      order: z.enum(['newest', 'oldest']).optional(),
      limit: z.number().int().min(1).max(100).default(50),
      cursor: z.string().min(1).max(2000).optional(),
    })
    .strict(),
  ADMIN_DEACTIVATE_PROMOTION_CODE: z.object({ code: promotionCodeInput }).strict(),
  /** At the checkout of one of the caller's unpaid bookings (before any credits): the server prices the discount. */
  APPLY_PROMOTION_CODE: z.object({ bookingId: id, code: promotionCodeInput }).strict(),
} as const;

export type PromotionAction = keyof typeof promotionRequests;
export type PromotionRequest<A extends PromotionAction> = z.infer<(typeof promotionRequests)[A]>;

export interface PromotionCodeView {
  code: string;
  discountKind: 'PERCENT' | 'AMOUNT';
  percentOff?: number;
  amountOffCents?: number;
  currency?: Currency;
  expiresAt?: string;
  maxRedemptions?: number;
  redemptionCount: number;
  firstTimeOnly: boolean;
  active: boolean;
  createdAt: string;
  deactivatedAt?: string;
}

export interface PromotionResponses {
  ADMIN_CREATE_PROMOTION_CODE: { promotionCode: PromotionCodeView };
  ADMIN_LIST_PROMOTION_CODES: { promotionCodes: PromotionCodeView[]; nextCursor?: string };
  ADMIN_DEACTIVATE_PROMOTION_CODE: { promotionCode: PromotionCodeView };
  APPLY_PROMOTION_CODE: { booking: BookingView };
}
