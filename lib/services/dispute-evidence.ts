/**
 * An admin's evidence for a chargeback (SUBMIT_DISPUTE_EVIDENCE on refund-processor): saved as a draft on Stripe's
 * dispute, or submitted to the bank. Stripe's current state decides (a closed dispute, or one whose evidence was
 * already submitted, is refused with 409); a submission is claimed on the Dispute record first, so two admins
 * never submit twice, and its idempotency key comes from the dispute and the evidence content, so a retried
 * request replays the same Stripe write.
 */
import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { canonicalEvidence, EVIDENCE_FIELDS, evidenceRefusal, type EvidenceRefusal } from '../domain/disputes';
import { adminActionItem } from '../data/admin-actions';
import { claimEvidenceSubmission, disputeRecordItems, releaseEvidenceClaim } from '../data/dispute-writes';
import type { DisputeEvidenceField, DisputeRecord } from '../data/records';
import { getItem, repo } from '../data/repository';
import { commitWithRetry } from '../data/transact';
import { AppError } from '../http/errors';
import { callStripe, toAppError } from '../stripe/errors';
import { disputeEvidenceIdempotencyKey } from '../stripe/idempotency';
import { authorize } from './access';
import { disputeFields } from './disputes';
import type { Deps } from '../ports';

/** A submission claim older than this belongs to a request that died: another may take over. */
const CLAIM_STALE_MS = 2 * 60_000;

type EvidenceFields = Partial<Record<DisputeEvidenceField, string | undefined>>;

interface DisputeEvidenceInput {
  bookingId?: string | undefined;
  disputeId?: string | undefined;
  evidence: EvidenceFields;
  /** false: save a draft on Stripe; true: submit to the bank (no changes afterwards). */
  submit: boolean;
}

const disputeEvidenceKey = (disputeId: string, evidence: EvidenceFields, submit: boolean) =>
  disputeEvidenceIdempotencyKey(disputeId, createHash('sha256').update(canonicalEvidence(evidence, submit)).digest('hex').slice(0, 32));

const REFUSAL_MESSAGES: Record<EvidenceRefusal, string> = {
  DISPUTE_CLOSED: 'This dispute is closed: evidence can no longer be sent',
  EVIDENCE_ALREADY_SUBMITTED: 'Evidence for this dispute was already submitted to the bank',
};
const refused = (reason: EvidenceRefusal, disputeId: string, status: string) =>
  new AppError('CONFLICT', REFUSAL_MESSAGES[reason], { reason, disputeId, status });

/** The dispute (by its id, or the booking's), once the caller may act on its booking. */
async function findDispute(deps: Deps, admin: Identity, input: DisputeEvidenceInput): Promise<DisputeRecord> {
  let disputeId = input.disputeId;
  let authorizedFor: string | undefined;
  if (!disputeId && input.bookingId) {
    const booking = await repo.booking(deps, input.bookingId);
    authorize(admin, 'booking', booking, 'submitDisputeEvidence', { details: { bookingId: input.bookingId } });
    authorizedFor = booking.id;
    disputeId = booking.disputeId;
    if (!disputeId) throw new AppError('NOT_FOUND', 'This booking has no chargeback', { bookingId: input.bookingId });
  }
  const record = disputeId ? await getItem<DisputeRecord>(deps, 'Dispute', disputeId) : undefined;
  if (!record) throw new AppError('NOT_FOUND', 'Dispute not found', { disputeId });
  if (authorizedFor !== record.bookingId) {
    const booking = await repo.booking(deps, record.bookingId);
    authorize(admin, 'booking', booking, 'submitDisputeEvidence', { noun: 'Dispute', details: { disputeId } });
  }
  return record;
}

export async function submitDisputeEvidence(deps: Deps, admin: Identity, input: DisputeEvidenceInput): Promise<{ dispute: DisputeRecord }> {
  const record = await findDispute(deps, admin, input);
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
    if (input.submit) await releaseEvidenceClaim(deps, record.id, key);
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'charge_dispute_closed')
      throw refused('DISPUTE_CLOSED', record.id, 'closed');
    throw toAppError(err);
  }

  return { dispute: await recordEvidence(deps, admin, record, updated, input.submit, Object.keys(evidence)) };
}

/** One submission at a time, and never after one succeeded (a stale claim of a dead request may be taken over). */
async function claimSubmission(deps: Deps, disputeId: string, key: string): Promise<void> {
  const now = deps.clock.now();
  if (await claimEvidenceSubmission(deps, disputeId, key, now, new Date(now.getTime() - CLAIM_STALE_MS))) return;
  const again = await getItem<DisputeRecord>(deps, 'Dispute', disputeId);
  if (again?.evidenceSubmittedAt) throw refused('EVIDENCE_ALREADY_SUBMITTED', disputeId, again.status);
  throw new AppError('CONFLICT', 'Another admin is submitting evidence for this dispute', { reason: 'EVIDENCE_IN_PROGRESS', disputeId });
}

/**
 * The dispute as Stripe now holds it, through the record's machine (a webhook that moved the record meanwhile makes
 * the write decide again from the record as it is); a submission is stamped once (who, when) and its claim removed.
 * The admin's action (on the booking) is written in the same transaction.
 */
async function recordEvidence(
  deps: Deps,
  admin: Identity,
  record: DisputeRecord,
  dispute: Stripe.Dispute,
  submit: boolean,
  fields: string[],
): Promise<DisputeRecord> {
  await commitWithRetry(deps, async (attempt) => {
    const current = attempt === 1 ? record : await getItem<DisputeRecord>(deps, 'Dispute', record.id);
    if (!current) throw new AppError('NOT_FOUND', 'Dispute not found', { disputeId: record.id });
    return [
      ...disputeRecordItems(deps, current, {
        id: record.id,
        fields: disputeFields(dispute, record.bookingId, record.currency),
        createdAt: new Date(dispute.created * 1000),
        actor: 'ADMIN',
        actorId: admin.userId,
        ...(submit ? { submittedBy: admin.userId, removeClaim: true } : {}),
        now: deps.clock.now(),
      }),
      adminActionItem(
        deps,
        {
          adminId: admin.userId,
          action: 'SUBMIT_DISPUTE_EVIDENCE',
          aggregateType: 'Booking',
          aggregateId: record.bookingId,
          reason: submit ? 'Evidence submitted to the bank' : 'Evidence draft saved',
          details: { disputeId: record.id, submitted: submit, fields: fields.join(', '), disputeStatus: dispute.status },
        },
        deps.clock.now(),
      ),
    ];
  });
  return (await getItem<DisputeRecord>(deps, 'Dispute', record.id))!;
}
