/**
 * Promotion codes: the admins' actions (stripe-connect, which speaks to Stripe's coupons) and the customer's
 * APPLY_PROMOTION_CODE at a booking's checkout (booking-processor).
 */
import { promotionRequests as req } from '../../http/promotions';
import { applyPromotionCode } from '../../services/booking-promotions';
import { createPromotionCode, deactivatePromotionCode, listPromotionCodesForAdmin } from '../../services/promotions';
import { action, requireCaller } from '../dispatch';

export const adminPromotionActions = {
  ADMIN_CREATE_PROMOTION_CODE: action({
    access: 'ADMIN',
    schema: req.ADMIN_CREATE_PROMOTION_CODE,
    run: (ctx, input) => createPromotionCode(ctx.deps, requireCaller(ctx), input),
  }),
  ADMIN_LIST_PROMOTION_CODES: action({
    access: 'ADMIN',
    schema: req.ADMIN_LIST_PROMOTION_CODES,
    run: ({ deps }, q) => listPromotionCodesForAdmin(deps, q),
  }),
  ADMIN_DEACTIVATE_PROMOTION_CODE: action({
    access: 'ADMIN',
    schema: req.ADMIN_DEACTIVATE_PROMOTION_CODE,
    run: (ctx, input) => deactivatePromotionCode(ctx.deps, requireCaller(ctx), input),
  }),
};

export const bookingPromotionActions = {
  APPLY_PROMOTION_CODE: action({
    access: 'user',
    limit: 'payment',
    schema: req.APPLY_PROMOTION_CODE,
    run: (ctx, input) => applyPromotionCode(ctx.deps, requireCaller(ctx), input),
  }),
};
