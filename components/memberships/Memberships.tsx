'use client';

import { useState } from 'react';
import { formatCredits } from '@/lib/domain/credits';
import { connectApi, newRequestId } from '@/lib/client/api';
import { mediumDate, money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { MembershipPlanView, MembershipView } from '@/lib/http/stripe-connect';
import { LocalCardForm } from '@/components/checkout/LocalCardForm';
import { PaymentDeclined } from '@/components/checkout/PaymentDeclined';
import type { PaymentOutcome } from '@/components/checkout/types';
import { Loaded } from '@/components/ui/Loaded';
import { ErrorAlert, Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { PlanChange } from './PlanChange';

const STATUS_WORDS: Record<MembershipView['status'], string> = {
  incomplete: 'Waiting for the first payment',
  incomplete_expired: 'Not started (first payment not made)',
  trialing: 'Trial',
  active: 'Active',
  past_due: 'Payment overdue',
  canceled: 'Ended',
  unpaid: 'Unpaid',
  paused: 'Paused',
};
const LIVE = ['active', 'trialing', 'past_due', 'unpaid'];

/** /memberships: the plans, subscribing (first invoice paid with the card form), and managing the membership. */
export function Memberships() {
  const plans = useLoad((signal) => connectApi('LIST_MEMBERSHIP_PLANS', {}, { signal }));
  const mine = useLoad((signal) => connectApi('LIST_MEMBERSHIPS', {}, { signal }));
  const [paying, setPaying] = useState<{ membership: MembershipView; clientSecret: string; label: string; note?: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="stack">
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <Loaded load={mine} label="Loading your membership…">
        {(data) => {
          const current = data.memberships.find((m) => LIVE.includes(m.status));
          return (
            <>
              {current ? (
                <Manage
                  membership={current}
                  plans={plans.data?.plans ?? []}
                  onChanged={(message) => {
                    if (message) setNotice(message);
                    mine.reload();
                  }}
                />
              ) : null}
              {paying ? (
                <FirstPayment
                  {...paying}
                  onDone={(message) => {
                    setPaying(null);
                    setNotice(message);
                    mine.reload();
                  }}
                />
              ) : null}
              {!current && !paying ? (
                <Loaded load={plans} label="Loading plans…">
                  {(p) => (
                    <Plans
                      plans={p.plans}
                      onSubscribed={setPaying}
                      onTrial={(message) => {
                        setNotice(message);
                        mine.reload();
                      }}
                    />
                  )}
                </Loaded>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}

function Plans({
  plans,
  onSubscribed,
  onTrial,
}: {
  plans: MembershipPlanView[];
  onSubscribed: (p: { membership: MembershipView; clientSecret: string; label: string; note?: string }) => void;
  onTrial: (message: string) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [promotionCode, setPromotionCode] = useState('');
  const subscribe = async (plan: MembershipPlanView) => {
    setBusy(plan.id);
    setError(null);
    try {
      const code = promotionCode.trim();
      const r = await connectApi('SUBSCRIBE', { planId: plan.id, requestId: newRequestId(), ...(code ? { promotionCode: code } : {}) });
      // Stripe applied the code's coupon to the first invoice: the amount due is after it; the page says what came off
      const note = r.discountCents ? `${money(r.discountCents, r.currency)} off your first month with your code` : undefined;
      if (r.clientSecret) {
        onSubscribed({
          membership: r.membership,
          clientSecret: r.clientSecret,
          label: money(r.amountCents, r.currency),
          ...(note ? { note } : {}),
        });
      } else if (r.trialEnd) {
        onTrial(
          `Your ${plan.name} trial has started. Your first charge, ${money(plan.priceCents, plan.currency)}, is on ${mediumDate(r.trialEnd)} to your default saved card.`,
        );
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="plans-heading">
      <h2 id="plans-heading">Choose a plan</h2>
      <ErrorAlert message={error} />
      <div className="field">
        <label htmlFor="membership-promotion-code">Promotion code (optional)</label>
        <input
          id="membership-promotion-code"
          className="input"
          name="promotionCode"
          autoComplete="off"
          value={promotionCode}
          onChange={(e) => setPromotionCode(e.target.value)}
          disabled={busy !== null}
          aria-describedby="membership-promotion-code-hint"
        />
        <p id="membership-promotion-code-hint" className="muted">
          Applied to your first month when you choose a plan.
        </p>
      </div>
      <div className="service-grid">
        {plans.map((plan) => (
          <article key={plan.id} className="service-card" aria-labelledby={`plan-${plan.id}`}>
            <h3 id={`plan-${plan.id}`}>{plan.name}</h3>
            <p className="price">
              {money(plan.priceCents, plan.currency)} <span className="price__unit">per {plan.interval}</span>
            </p>
            <p>{formatCredits(plan.monthlyCredits)} every month.</p>
            {plan.trialDays ? <p className="muted">{plan.trialDays}-day free trial for your first membership of this plan.</p> : null}
            <p className="muted">{plan.description}</p>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => subscribe(plan)}
              aria-label={`Subscribe to ${plan.name}`}
            >
              {busy === plan.id ? (
                <>
                  <Spinner small /> Starting…
                </>
              ) : (
                `Subscribe to ${plan.name}`
              )}
            </button>
          </article>
        ))}
      </div>
    </section>
  );
}

function FirstPayment({
  membership,
  clientSecret,
  label,
  note,
  onDone,
}: {
  membership: MembershipView;
  clientSecret: string;
  label: string;
  note?: string | undefined;
  onDone: (message: string) => void;
}) {
  const [decline, setDecline] = useState<string | null>(null);
  const onOutcome = async (outcome: PaymentOutcome) => {
    if (outcome.kind === 'declined') {
      setDecline(outcome.message);
      return;
    }
    const synced = await connectApi('SYNC_MEMBERSHIP', { subscriptionId: membership.id }).catch(() => null);
    onDone(
      synced && synced.membership.status === 'active'
        ? `Welcome to ${membership.planName}! Your balance is now ${formatCredits(synced.balance)}.`
        : 'Payment received. Your membership starts in a moment.',
    );
  };
  return (
    <section className="card" aria-labelledby="first-payment-heading">
      <h2 id="first-payment-heading">Pay for {membership.planName}</h2>
      <p>
        {label} now{note ? ` (${note})` : ''}, then the plan&apos;s price every month. {formatCredits(membership.monthlyCredits)} are added
        after each payment.
      </p>
      <PaymentDeclined message={decline} />
      <LocalCardForm bookingId={membership.id} clientSecret={clientSecret} amountLabel={label} onOutcome={onOutcome} />
    </section>
  );
}

function Manage({
  membership,
  plans,
  onChanged,
}: {
  membership: MembershipView;
  plans: MembershipPlanView[];
  onChanged: (message?: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = async (cancel: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await connectApi(cancel ? 'CANCEL_MEMBERSHIP' : 'RESUME_MEMBERSHIP', { subscriptionId: membership.id, requestId: newRequestId() });
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="membership-heading">
      <h2 id="membership-heading">Your membership: {membership.planName}</h2>
      {membership.status === 'past_due' ? (
        <div className="alert alert--warning" role="alert">
          <p className="alert__title">Payment overdue</p>
          <p>We could not charge your card for this month. Update your card to keep your membership.</p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="membership-status">
          {membership.cancelAtPeriodEnd
            ? `${STATUS_WORDS[membership.status]}, ends on ${mediumDate(membership.currentPeriodEnd)}`
            : STATUS_WORDS[membership.status]}
        </dd>
        {membership.trialEnd ? (
          <>
            <dt>Trial</dt>
            <dd data-testid="membership-trial">
              Free until {mediumDate(membership.trialEnd)}; your first charge, {money(membership.priceCents, membership.currency)}, is on{' '}
              {mediumDate(membership.trialEnd)} to your default saved card (add one under Saved cards), then{' '}
              {formatCredits(membership.monthlyCredits)} are added.
            </dd>
          </>
        ) : null}
        <dt>Current period</dt>
        <dd>
          {mediumDate(membership.currentPeriodStart)} to {mediumDate(membership.currentPeriodEnd)}
        </dd>
        <dt>{membership.cancelAtPeriodEnd ? 'Renewal' : 'Next renewal'}</dt>
        <dd>
          {membership.cancelAtPeriodEnd
            ? 'Will not renew'
            : `${mediumDate(membership.currentPeriodEnd)}: ${money(membership.priceCents, membership.currency)}, ${formatCredits(membership.monthlyCredits)}`}
        </dd>
      </dl>
      <ErrorAlert message={error} />
      {membership.cancelAtPeriodEnd ? (
        <button type="button" className="button" disabled={busy} onClick={() => change(false)}>
          Keep my membership
        </button>
      ) : (
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => change(true)}>
          Cancel at the end of the period
        </button>
      )}
      <PlanChange membership={membership} plans={plans} onChanged={(message) => onChanged(message)} />
    </section>
  );
}
