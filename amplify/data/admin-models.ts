/** What admins read: the outbox (domain events) and what its consumers keep, the webhook event log, disputes. */
import { a } from '@aws-amplify/backend';

export const adminModels = {
  // The outbox: one row per change, appended in the change's own transaction; admins read it as the audit log.
  DomainEvent: a
    .model({
      type: a.string().required(),
      aggregateType: a.string().required(),
      aggregateId: a.string().required(),
      aggregateKey: a.string().required(),
      sequence: a.string().required(),
      month: a.string().required(),
      actorRole: a.string().required(),
      actorId: a.string(),
      payload: a.json().required(),
      occurredAt: a.datetime().required(),
    })
    .secondaryIndexes((index) => [
      index('aggregateKey').sortKeys(['sequence']).name('byAggregate'),
      index('month').sortKeys(['sequence']).name('byMonth'),
    ])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  // Written only by the event consumers (a receipt per consumer and event).
  ConsumedEvent: a
    .model({
      consumer: a.string().required(),
      eventId: a.string().required(),
    })
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  EventTally: a
    .model({
      day: a.string().required(),
      eventType: a.string().required(),
      count: a.integer().required(),
    })
    .secondaryIndexes((index) => [index('day').sortKeys(['eventType']).name('byDay')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  // The rollups consumer's daily aggregates (counts and integer minor units), `<scope>#<day>#<currency>#<shard>`.
  Rollup: a
    .model({
      scope: a.string().required(),
      scopeMonth: a.string().required(),
      day: a.string().required(),
      currency: a.string().required(),
      shard: a.integer().required(),
      bookings: a.integer(),
      chargedCents: a.integer(),
      feesCents: a.integer(),
      feeRefundsCents: a.integer(),
      refundedCents: a.integer(),
      payoutsCents: a.integer(),
      payoutsFailedCents: a.integer(),
      disputedCents: a.integer(),
      paymentAttempts: a.integer(),
      paymentFailures: a.integer(),
      disputes: a.integer(),
    })
    .secondaryIndexes((index) => [index('scopeMonth').sortKeys(['day']).name('byScopeMonth')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  // Admins' CSV exports: the job, written QUEUED by ADMIN_REQUEST_EXPORT, finished by the exports consumer; TTL on expiresAt.
  ExportJob: a
    .model({
      kind: a.string().required(),
      from: a.string().required(),
      to: a.string().required(),
      requestedBy: a.string().required(),
      status: a.string().required(),
      rowCount: a.integer(),
      objectKey: a.string(),
      bytes: a.integer(),
      error: a.string(),
      finishedAt: a.datetime(),
      expiresAt: a.integer().required(),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [index('requestedBy').sortKeys(['createdAt']).name('byRequester')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  // Sessions refused before they expire: read by key whenever a caller's token is verified (lib/data/session-revocations.ts).
  RevokedSession: a
    .model({
      userId: a.string().required(),
      revokedAt: a.datetime().required(),
      expiresAt: a.integer().required(),
    })
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  WebhookEventLog: a
    .model({
      logMonth: a.string().required(),
      // `<status>#<YYYY-MM of receivedAt>`: one status's rows a month at a time (set with the status on every update).
      statusMonth: a.string().required(),
      eventType: a.string().required(),
      status: a.string().required(),
      receivedAt: a.datetime().required(),
      stripeCreated: a.integer().required(),
      attempts: a.integer().required(),
      lastError: a.string(),
      // Why an IGNORED event could not be used (status is RECEIVED, PROCESSED, IGNORED or FAILED).
      reason: a.string(),
      processedAt: a.datetime(),
      reprocessedBy: a.string(),
    })
    .secondaryIndexes((index) => [
      index('logMonth').sortKeys(['receivedAt']).name('byLogMonth'),
      index('statusMonth').sortKeys(['receivedAt']).name('byStatusMonth'),
    ])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  Dispute: a
    .model({
      bookingId: a.string().required(),
      chargeId: a.string().required(),
      amountCents: a.integer().required(),
      currency: a.ref('Currency').required(),
      status: a.string().required(),
      reason: a.string().required(),
      evidenceDueBy: a.datetime().required(),
      evidence: a.json(),
      evidenceSubmissionCount: a.integer(),
      evidenceSubmittedAt: a.datetime(),
      evidenceSubmittedBy: a.string(),
      evidenceClaimKey: a.string(),
      evidenceClaimedAt: a.datetime(),
    })
    .secondaryIndexes((index) => [index('status').sortKeys(['evidenceDueBy']).name('byStatusDue'), index('bookingId').name('byBooking')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  // What the reconciliation against Stripe found (lib/services/reconciliation.ts): id = the mismatch's key.
  ReconciliationMismatch: a
    .model({
      category: a.string().required(),
      kind: a.string().required(),
      account: a.string().required(),
      stripeObjectId: a.string(),
      ledgerLineIds: a.string().array().required(),
      ledgerAmountMinor: a.integer(),
      ledgerCurrency: a.string(),
      actualAmountMinor: a.integer(),
      actualCurrency: a.string(),
      status: a.string().required(),
      firstSeenAt: a.datetime().required(),
      lastSeenAt: a.datetime().required(),
      lastRunId: a.string().required(),
      resolvedAt: a.datetime(),
    })
    .secondaryIndexes((index) => [index('status').sortKeys(['lastSeenAt']).name('byStatus')])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),
};
