'use client';

/**
 * The account page's "Your data" section: download everything we keep about you (EXPORT_MY_DATA, as a JSON file), and
 * delete the account (DELETE_MY_ACCOUNT) after reading what happens to money in flight and typing the phrase.
 */
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { accountApi, logout } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import { DELETE_CONFIRMATION_PHRASE } from '@/lib/domain/account-deletion';
import type { AccountDeletionResult } from '@/lib/http/account-data';
import { FormAlert } from '@/components/ui/TextField';

export function AccountDataSection() {
  return (
    <>
      <ExportData />
      <DeleteAccount />
    </>
  );
}

function ExportData() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await accountApi('EXPORT_MY_DATA', {});
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `bookwell-data-${data.exportedAt.slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Download your data</h2>
      <p className="muted">
        One JSON file with your profile, bookings, payments, credits, memberships and reviews: everything we keep about you.
      </p>
      <FormAlert message={error} />
      <button type="button" className="button button--secondary" onClick={download} disabled={busy}>
        {busy ? 'Preparing…' : 'Download my data'}
      </button>
    </section>
  );
}

function DeleteAccount() {
  const [phrase, setPhrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<AccountDeletionResult | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await accountApi('DELETE_MY_ACCOUNT', { confirmation: phrase }));
      // Every session has ended on the server; this clears the browser's cookie too.
      await logout().catch(() => undefined);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  if (result)
    return (
      <section className="card" aria-labelledby="deleted-title">
        <h2 id="deleted-title">Your account has been deleted</h2>
        <p role="status">
          You have been signed out everywhere.{' '}
          {result.cancelledBookings.length > 0
            ? `We cancelled ${result.cancelledBookings.length === 1 ? '1 upcoming booking' : `${result.cancelledBookings.length} upcoming bookings`}; refunds of ${result.cancelledBookings
                .map((b) => money(b.refundCents, b.currency))
                .join(', ')} are on their way to your card.`
            : ''}
        </p>
        <Link href="/" className="button">
          Go to the home page
        </Link>
      </section>
    );
  return (
    <section className="card" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete your account</h2>
      <p>What happens when you delete your account:</p>
      <ul>
        <li>
          Your upcoming bookings are cancelled under their cancellation policy, and the refund each policy gives goes back to your card.
        </li>
        <li>Your membership is cancelled at once; unused credits are lost.</li>
        <li>Your saved cards and your customer record at our payment provider are deleted.</li>
        <li>
          If you are a provider, your payout account is closed only once nothing is in flight: paid bookings still to deliver, completed
          bookings not yet paid out, refunds under review, chargebacks or payouts on their way must settle first. We tell you which.
        </li>
        <li>
          Your name and email are erased. Records of payments, refunds and payouts are kept for the period the law requires, without your
          name or email. Your reviews stay, signed &ldquo;Deleted user&rdquo;.
        </li>
        <li>You are signed out on every device at once. This cannot be undone.</li>
      </ul>
      <form onSubmit={submit} aria-label="Delete your account">
        <div className="field">
          <label htmlFor="delete-confirmation">Type {DELETE_CONFIRMATION_PHRASE} to confirm</label>
          <input id="delete-confirmation" autoComplete="off" value={phrase} onChange={(e) => setPhrase(e.target.value)} />
        </div>
        <FormAlert message={error} />
        <button
          type="submit"
          className="button button--danger"
          disabled={busy || phrase.trim().toUpperCase() !== DELETE_CONFIRMATION_PHRASE}
        >
          {busy ? 'Deleting…' : 'Delete my account'}
        </button>
      </form>
    </section>
  );
}
