/**
 * Reviews of completed bookings (lib/data/review-writes.ts). Written only by booking-processor and refund-processor;
 * the GraphQL API lets admins read them (the public service page reads through the function, which leaves hidden
 * reviews out).
 */
import { a } from '@aws-amplify/backend';

export const reviewModels = {
  Review: a
    .model({
      bookingId: a.string().required(),
      serviceId: a.string().required(),
      providerId: a.string().required(),
      customerId: a.string().required(),
      customerName: a.string().required(),
      rating: a.integer().required(),
      text: a.string().required(),
      editableUntil: a.datetime().required(),
      editedAt: a.datetime(),
      reply: a.string(),
      repliedAt: a.datetime(),
      // Set while the review is shown (sparse index for the service page); removed when an admin hides it.
      listedServiceId: a.string(),
      hiddenAt: a.datetime(),
      hiddenBy: a.string(),
      hiddenReason: a.string(),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [
      index('listedServiceId').sortKeys(['createdAt']).name('byListedService'),
      index('customerId').sortKeys(['createdAt']).name('byCustomer'),
    ])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),
};
