'use client';

/**
 * Contesting a refund decision (DISPUTE_REFUND), for the booking's customer or provider: shown once a refund was
 * decided on the booking. The amount in dispute is prefilled with the most the caller may contest, and one sentence
 * says what a case for that amount holds (only that amount of the provider's payout not yet made, for the customer;
 * nothing of the customer's, for the provider). An open case is shown instead of the form.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { refundApi } from '@/lib/client/api';
import { mediumDateTime, money, parseCents } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { RefundContest, RefundStatus } from '@/lib/http/refund-processor';
import { FormAlert, TextField } from '@/components/ui/TextField';
import { RetryAlert } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

const majorUnits = (cents: number) => (cents / 100).toFixed(2);

/** The one sentence on what a case for `amountCents` holds (a customer's case holds at most what is not paid out yet). */
export function holdSentence(contest: RefundContest, amountCents: number): string {
  if (contest.role === 'PROVIDER')
    return "Nothing of the customer's is held: the refund already left, and their cancellation and refunds go ahead while an admin decides.";
  const held = Math.min(amountCents, contest.heldAtMaxCents);
  return held > 0
    ? `While an admin decides, ${money(held, contest.currency)} of the provider's payout for this booking is held back; nothing else of theirs is.`
    : 'The provider has already been paid for this booking, so nothing of theirs is held while an admin decides.';
}

/**
 * `nothingText`: said when there is nothing to contest (else nothing is shown). `version`: when it changes (the page
 * saw the refund status move), the case is read again, so an admin's resolution shows without a reload.
 */
export function ContestRefund({
  bookingId,
  nothingText,
  version,
  onChanged,
}: {
  bookingId: string;
  nothingText?: string;
  version?: string;
  /** After a case was opened here (the page's timeline reads the refund status again). */
  onChanged?: () => void;
}) {
  const load = useLoad((signal) => refundApi('GET_REFUND_STATUS', { bookingId }, { signal }), bookingId);
  const { reload } = load;
  const seenVersion = useRef(version);
  useEffect(() => {
    if (version === seenVersion.current) return;
    seenVersion.current = version;
    reload();
  }, [version, reload]);
  const status = load.data;
  if (load.error !== undefined) return <RetryAlert message={errorMessage(load.error)} onRetry={load.reload} />;
  if (!status?.contest) return null;
  const open = status.refundDispute?.status === 'OPEN' ? status.refundDispute : null;
  const resolved = status.refundDispute?.status === 'RESOLVED' ? <ResolvedCase status={status} /> : null;
  if (!open && status.contest.maxCents <= 0) {
    if (!resolved) return nothingText ? <p className="muted">{nothingText}</p> : null;
  }
  return (
    <section className="card" aria-labelledby={`contest-${bookingId}`}>
      <h2 id={`contest-${bookingId}`}>Contest the refund</h2>
      {open ? <OpenCase status={status} /> : resolved}
      {!open && status.contest.maxCents > 0 ? (
        <ContestForm
          bookingId={bookingId}
          contest={status.contest}
          onOpened={() => {
            load.reload();
            onChanged?.();
          }}
        />
      ) : null}
    </section>
  );
}

/** The last case's outcome in the admin's words. */
function ResolvedCase({ status }: { status: RefundStatus }) {
  const c = status.refundDispute!;
  return (
    <div role="status" className="alert alert--info">
      <p>
        {c.openedByRole === status.contest?.role ? 'Your' : 'The other party’s'} contest of {mediumDateTime(c.openedAt)} was resolved
        {c.resolvedAt ? ` on ${mediumDateTime(c.resolvedAt)}` : ''}.
      </p>
      {c.resolution ? (
        <p>
          Our team’s decision: <q>{c.resolution}</q>
        </p>
      ) : null}
    </div>
  );
}

function OpenCase({ status }: { status: RefundStatus }) {
  const c = status.refundDispute!;
  const currency = c.currency ?? status.currency;
  return (
    <p role="status">
      {c.openedByRole === status.contest?.role ? 'You contested' : 'The other party contested'} this booking&apos;s refund on{' '}
      {mediumDateTime(c.openedAt)}
      {c.amountCents !== undefined ? ` (${money(c.amountCents, currency)} in dispute)` : ''}.{' '}
      {(c.heldCents ?? 0) > 0
        ? `${money(c.heldCents ?? 0, currency)} of the provider's payout is held until an admin decides.`
        : 'Nothing is held.'}
      {c.escalatedAt ? ' It has been escalated to our team.' : ' Our team will review it.'}
    </p>
  );
}

function ContestForm({ bookingId, contest, onOpened }: { bookingId: string; contest: RefundContest; onOpened: () => void }) {
  const [amount, setAmount] = useState(majorUnits(contest.maxCents));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const amountCents = parseCents(amount);
  const amountError =
    amountCents === undefined || amountCents <= 0
      ? 'Enter an amount, e.g. 25.00'
      : amountCents > contest.maxCents
        ? `At most ${money(contest.maxCents, contest.currency)}`
        : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (amountError || amountCents === undefined) return;
    setBusy(true);
    setError(null);
    try {
      await refundApi('DISPUTE_REFUND', { bookingId, reason: reason.trim(), amountCents });
      onOpened();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Contest the refund">
      <p className="muted">
        {contest.role === 'CUSTOMER'
          ? `You can ask for up to ${money(contest.maxCents, contest.currency)} more to be refunded.`
          : `You can contest up to ${money(contest.maxCents, contest.currency)} of the refund given.`}
      </p>
      <TextField
        id={`contest-amount-${bookingId}`}
        label={`Amount in dispute (${contest.currency.toUpperCase()})`}
        inputMode="decimal"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        error={amount ? amountError : undefined}
      />
      <p>{holdSentence(contest, amountCents ?? 0)}</p>
      <div className="field">
        <label htmlFor={`contest-reason-${bookingId}`}>Why you disagree</label>
        <textarea
          id={`contest-reason-${bookingId}`}
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <FormAlert message={error} />
      <button type="submit" className="button" disabled={busy || Boolean(amountError) || reason.trim().length < 3}>
        {busy ? 'Sending…' : 'Contest the refund'}
      </button>
    </form>
  );
}
