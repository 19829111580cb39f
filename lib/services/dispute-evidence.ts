/**
 * An admin's evidence for a chargeback (SUBMIT_DISPUTE_EVIDENCE on refund-processor): saved as a draft on Stripe's
 * dispute, or submitted to the bank. Stripe's current state decides (a closed dispute, or one whose evidence was
 * already submitted, is refused with 409); a submission is claimed on the Dispute record first, so two admins
 * never submit twice, and its idempotency key comes from the dispute and the evidence content, so a retried
 * request replays the same Stripe write.
 */
import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { canonicalEvidence, EVIDENCE_FIELDS, evidenceRefusal, type EvidenceRefusal } from '../domain/disputes';
import { isConditionalCheckFailed } from '../data/items';
import type { DisputeEvidenceField, DisputeRecord } from '../data/records';
import { getItem, repo } from '../data/repository';
import { AppError } from '../http/errors';
import { callStripe, toAppError } from '../stripe/errors';
import { disputeEvidenceIdempotencyKey } from '../stripe/idempotency';
import { recordAudit } from './audit';
import type { Deps } from './deps';


/** A submission claim older than this belongs to a request that died: another may take over. */
const CLAIM_STALE_MS = 2 * 60_000;

export type EvidenceFields = Partial<Record<DisputeEvidenceField, string | undefined>>;

export interface DisputeEvidenceInput {
  bookingId?: string | undefined;
  disputeId?: string | undefined;
  evidence: EvidenceFields;
  /** false: save a draft on Stripe; true: submit to the bank (no changes afterwards). */
  submit: boolean;
}

export const disputeEvidenceKey = (disputeId: string, evidence: EvidenceFields, submit: boolean) =>
  disputeEvidenceIdempotencyKey(disputeId, createHash('sha256').update(canonicalEvidence(evidence, submit)).digest('hex').slice(0, 32));

const REFUSAL_MESSAGES: Record<EvidenceRefusal, string> = {
  DISPUTE_CLOSED: 'This dispute is closed: evidence can no longer be sent',
  EVIDENCE_ALREADY_SUBMITTED: 'Evidence for this dispute was already submitted to the bank',
};
const refused = (reason: EvidenceRefusal, disputeId: string, status: string) =>
  new AppError('CONFLICT', REFUSAL_MESSAGES[reason], { reason, disputeId, status });

async function findDispute(deps: Deps, input: DisputeEvidenceInput): Promise<DisputeRecord> {
  let disputeId = input.disputeId;
  if (!disputeId && input.bookingId) {
    const booking = await repo.booking(deps, input.bookingId);
    if (!booking) throw new AppError('NOT_FOUND', 'Booking not found', { bookingId: input.bookingId });
    disputeId = booking.disputeId;
    if (!disputeId) throw new AppError('NOT_FOUND', 'This booking has no chargeback', { bookingId: input.bookingId });
  }
  const record = disputeId ? await getItem<DisputeRecord>(deps, 'Dispute', disputeId) : undefined;
  if (!record) throw new AppError('NOT_FOUND', 'Dispute not found', { disputeId });
  return record;
}

export async function submitDisputeEvidence(deps: Deps, admin: Identity, input: DisputeEvidenceInput): Promise<{ dispute: DisputeRecord }> {
  const record = await findDispute(deps, input);
  if (record.evidenceSubmittedAt) throw refused('EVIDENCE_ALREADY_SUBMITTED', record.id, record.status);
  const current = await callStripe(() => deps.stripe.disputes.retrieve(record.id));
  const refusal = evidenceRefusal(current.status, current.evidence_details?.submission_count ?? 0);
  if (refusal) throw refused(refusal, record.id, current.status);

  const evidence = Object.fromEntries(EVIDENCE_FIELDS.flatMap((f) => (input.evidence[f]?.trim() ? [[f, input.evidence[f]!.trim()]] : [])));
  const key = disputeEvidenceKey(record.id, evidence, input.submit);
  if (input.submit) await claimSubmission(deps, record.id, key);

  let updated: Stripe.Dispute;
  try {
    updated = await deps.stripe.disputes.update(record.id, { evidence, submit: input.submit }, { idempotencyKey: key });
  } catch (err) {
    if (input.submit) await releaseClaim(deps, record.id, key);
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'charge_dispute_closed') throw refused('DISPUTE_CLOSED', record.id, 'closed');
    throw toAppError(err);
  }

  const saved = await recordEvidence(deps, admin, record.id, updated, input.submit);
  await recordAudit(deps, admin, {
    action: 'SUBMIT_DISPUTE_EVIDENCE',
    targetType: 'Booking',
    targetId: record.bookingId,
    reason: input.submit ? 'Evidence submitted to the bank' : 'Evidence draft saved',
    details: { disputeId: record.id, submitted: input.submit, fields: Object.keys(evidence), disputeStatus: updated.status },
  });
  return { dispute: saved };
}

/** One submission at a time, and never after one succeeded (a stale claim of a dead request may be taken over). */
async function claimSubmission(deps: Deps, disputeId: string, key: string): Promise<void> {
  const now = deps.clock.now();
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.Dispute,
        Key: { id: disputeId },
        UpdateExpression: 'SET evidenceClaimKey = :key, evidenceClaimedAt = :now',
        ConditionExpression:
          'attribute_exists(id) AND attribute_not_exists(evidenceSubmittedAt) AND (attribute_not_exists(evidenceClaimKey) OR evidenceClaimKey = :key OR evidenceClaimedAt < :stale)',
        ExpressionAttributeValues: { ':key': key, ':now': now.toISOString(), ':stale': new Date(now.getTime() - CLAIM_STALE_MS).toISOString() },
      }),
    );
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    const again = await getItem<DisputeRecord>(deps, 'Dispute', disputeId);
    if (again?.evidenceSubmittedAt) throw refused('EVIDENCE_ALREADY_SUBMITTED', disputeId, again.status);
    throw new AppError('CONFLICT', 'Another admin is submitting evidence for this dispute', { reason: 'EVIDENCE_IN_PROGRESS', disputeId });
  }
}

async function releaseClaim(deps: Deps, disputeId: string, key: string): Promise<void> {
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.tables.Dispute,
        Key: { id: disputeId },
        UpdateExpression: 'REMOVE evidenceClaimKey, evidenceClaimedAt',
        ConditionExpression: 'evidenceClaimKey = :key',
        ExpressionAttributeValues: { ':key': key },
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
}

/** The evidence as Stripe now holds it; a submission is stamped once (who, when) and its claim removed. */
async function recordEvidence(deps: Deps, admin: Identity, disputeId: string, dispute: Stripe.Dispute, submit: boolean): Promise<DisputeRecord> {
  const now = deps.clock.now().toISOString();
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.flatMap((f) => (typeof dispute.evidence[f] === 'string' ? [[f, dispute.evidence[f]]] : [])));
  let update = 'SET evidence = :ev, evidenceSubmissionCount = :count, #status = :status, updatedAt = :now';
  const values: Record<string, unknown> = { ':ev': evidence, ':count': dispute.evidence_details?.submission_count ?? 0, ':status': dispute.status, ':now': now };
  if (submit) {
    update += ', evidenceSubmittedAt = if_not_exists(evidenceSubmittedAt, :now), evidenceSubmittedBy = if_not_exists(evidenceSubmittedBy, :by) REMOVE evidenceClaimKey, evidenceClaimedAt';
    values[':by'] = admin.userId;
  }
  const out = await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.Dispute,
      Key: { id: disputeId },
      UpdateExpression: update,
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return out.Attributes as DisputeRecord;
}
