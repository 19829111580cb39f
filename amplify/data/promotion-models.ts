/** Promotion codes (id: the upper-case code) and their redemptions (`<CODE>#<userId>`): written by the functions only. */
import { a } from '@aws-amplify/backend';

export const promotionModels = {
  PromotionCode: a
    .model({
      code: a.string().required(),
      discountKind: a.string().required(),
      percentOff: a.integer(),
      amountOffCents: a.integer(),
      currency: a.ref('Currency'),
      expiresAt: a.datetime(),
      maxRedemptions: a.integer(),
      redemptionCount: a.integer().required(),
      firstTimeOnly: a.boolean().required(),
      active: a.boolean().required(),
      stripeCouponId: a.string(),
      stripePromotionCodeId: a.string(),
      createdBy: a.string().required(),
      deactivatedAt: a.datetime(),
      listPartition: a.string().required(),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [index('listPartition').sortKeys(['createdAt']).name('byListPartition')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  PromotionRedemption: a
    .model({
      code: a.string().required(),
      userId: a.string().required(),
      purpose: a.string().required(),
      subject: a.string().required(),
      discountCents: a.integer(),
      currency: a.ref('Currency'),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [index('userId').sortKeys(['createdAt']).name('byUser')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),
};
