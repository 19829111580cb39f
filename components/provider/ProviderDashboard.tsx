'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useState } from 'react';
import type { AccountStatusView, RequirementView } from '@/lib/http/stripe-connect';
import { connectApi, refreshSession } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import { useSession } from '@/components/session/SessionProvider';
import { useSignedInUser } from '@/components/session/useSignedInUser';
import { Loaded } from '@/components/ui/Loaded';
import { Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

type Status = AccountStatusView['status'];

const STATUS_TEXT: Record<Status, { label: string; tone: 'info' | 'warning' | 'danger' | 'success' | 'neutral'; summary: string }> = {
  NOT_STARTED: { label: 'Not set up', tone: 'neutral', summary: 'Set up payments with Stripe to take bookings and get paid.' },
  PENDING: { label: 'Onboarding in progress', tone: 'info', summary: 'Finish your Stripe onboarding to take bookings and get paid.' },
  ACTIVE: { label: 'Active', tone: 'success', summary: 'You can take bookings and receive payouts.' },
  RESTRICTED: {
    label: 'Needs attention',
    tone: 'warning',
    summary: 'Stripe needs more from you before you can take bookings or receive payouts.',
  },
  REJECTED: { label: 'Rejected', tone: 'danger', summary: 'Stripe rejected this payment account. Please contact support.' },
};

/** Requirements in words, each once (past due first). */
function stillNeeded(status: AccountStatusView): RequirementView[] {
  const seen = new Set<string>();
  return [...status.requirements.pastDue, ...status.requirements.currentlyDue].filter(
    (r) => !seen.has(r.description) && seen.add(r.description),
  );
}

export function ProviderDashboard() {
  const signedIn = useSignedInUser('/provider', 'Loading your dashboard…');
  if (!signedIn.user) return signedIn.view;
  const user = signedIn.user;

  const isProvider = user.groups.includes('PROVIDER');
  return (
    <>
      <div className="page-header">
        <h1>Provider dashboard</h1>
        <p className="muted">Offer your services, get verified by Stripe and get paid.</p>
      </div>
      {isProvider ? <ProviderHome /> : <BecomeProvider />}
    </>
  );
}

function BecomeProvider() {
  const { setUser } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      await connectApi('JOIN_PROVIDERS', {});
      // The group is in the directory now; a new session cookie carries it.
      setUser(await refreshSession());
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="become-provider-title">
      <h2 id="become-provider-title">Become a provider</h2>
      <p>
        List your services, set your weekly hours and receive payouts through Stripe. The marketplace keeps an 8% commission on each
        booking.
      </p>
      {error ? (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      ) : null}
      <button type="button" className="button button--large" onClick={join} disabled={busy}>
        {busy ? (
          <>
            <Spinner small /> Setting up…
          </>
        ) : (
          'Become a provider'
        )}
      </button>
    </section>
  );
}

function ProviderHome() {
  const searchParams = useSearchParams();
  const onboarding = searchParams.get('onboarding');
  // Every visit (and the return from Stripe, ?onboarding=returned) re-checks the account with Stripe.
  const account = useLoad((signal) => connectApi('CHECK_ACCOUNT_STATUS', {}, { signal }));

  return (
    <div className="stack">
      {onboarding === 'returned' ? (
        <div className="alert alert--info" role="status">
          Welcome back from Stripe. We checked your payment account again.
        </div>
      ) : null}
      {onboarding === 'link_failed' ? (
        <div className="alert alert--warning" role="alert">
          We couldn&apos;t open Stripe onboarding again. Use “Continue onboarding” below.
        </div>
      ) : null}
      <section className="card" aria-labelledby="payments-title" aria-busy={account.loading}>
        <h2 id="payments-title">Payments with Stripe</h2>
        <Loaded load={account} label="Checking your payment account with Stripe…" errorTitle="We couldn't check your payment account">
          {(status) => <OnboardingCard status={status} />}
        </Loaded>
      </section>
      <section className="card" aria-labelledby="services-title">
        <h2 id="services-title">Your services</h2>
        <p>Create services with prices, durations and weekly hours. Customers can book them once your payments are active.</p>
        <Link href="/provider/services" className="button button--secondary">
          Manage your services
        </Link>
      </section>
      <section className="card" aria-labelledby="work-title">
        <h2 id="work-title">Bookings and earnings</h2>
        <p>Mark services as done once delivered; your 92% share is paid out after completion.</p>
        <p className="button-row">
          <Link href="/provider/bookings" className="button button--secondary">
            Upcoming bookings
          </Link>{' '}
          <Link href="/provider/earnings" className="button button--secondary">
            Earnings and payouts
          </Link>
        </p>
      </section>
    </div>
  );
}

function OnboardingCard({ status }: { status: AccountStatusView }) {
  const text = STATUS_TEXT[status.status];
  const needed = stillNeeded(status);
  const [busy, setBusy] = useState<'onboarding' | 'dashboard' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const go = useCallback(
    async (kind: 'onboarding' | 'dashboard') => {
      setBusy(kind);
      setError(null);
      try {
        let url: string;
        if (kind === 'dashboard') url = (await connectApi('CREATE_LOGIN_LINK', {})).url;
        else if (status.status === 'NOT_STARTED') url = (await connectApi('CREATE_ACCOUNT', {})).onboardingUrl;
        else url = (await connectApi('CREATE_ACCOUNT_LINK', { type: 'account_onboarding' })).url;
        window.location.assign(url);
      } catch (err) {
        setError(errorMessage(err));
        setBusy(null);
      }
    },
    [status.status],
  );

  const canOnboard = status.status !== 'ACTIVE' && status.status !== 'REJECTED';
  return (
    <div className="stack">
      <p>
        Status:{' '}
        <span className={`badge badge--${text.tone}`} data-testid="account-status">
          {text.label}
        </span>
      </p>
      <p>{text.summary}</p>
      {status.requirements.disabledReasonText && status.status !== 'ACTIVE' ? (
        <p className="muted">{status.requirements.disabledReasonText}</p>
      ) : null}
      {needed.length > 0 && status.status !== 'REJECTED' ? (
        <div
          className={`alert ${status.status === 'RESTRICTED' ? 'alert--warning' : 'alert--info'}`}
          role="region"
          aria-labelledby="still-needed-title"
        >
          <p className="alert__title" id="still-needed-title">
            Stripe still needs
          </p>
          <ul aria-label="What Stripe still needs">
            {needed.map((r) => (
              <li key={r.description}>{r.description}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {status.requirements.pendingVerification.length > 0 ? (
        <p className="muted">Being verified: {status.requirements.pendingVerification.map((r) => r.description).join(', ')}.</p>
      ) : null}
      {error ? (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="hero__actions">
        {canOnboard ? (
          <button type="button" className="button" onClick={() => go('onboarding')} disabled={busy !== null}>
            {busy === 'onboarding' ? (
              <>
                <Spinner small /> Opening Stripe…
              </>
            ) : status.status === 'NOT_STARTED' ? (
              'Set up payments'
            ) : (
              'Continue onboarding'
            )}
          </button>
        ) : null}
        {status.detailsSubmitted ? (
          <button type="button" className="button button--secondary" onClick={() => go('dashboard')} disabled={busy !== null}>
            {busy === 'dashboard' ? (
              <>
                <Spinner small /> Opening…
              </>
            ) : (
              'Open Stripe Express dashboard'
            )}
          </button>
        ) : null}
      </div>
    </div>
  );
}
