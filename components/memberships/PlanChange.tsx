'use client';

import { useState } from 'react';
import { formatCredits } from '@/lib/domain/credits';
import { connectApi, newRequestId } from '@/lib/client/api';
import { mediumDate, money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { MembershipPlanView, MembershipView, PlanChangePreview } from '@/lib/http/stripe-connect';
import { ErrorAlert, Spinner } from '@/components/ui/States';

/** The sentence the customer confirms: what is charged today, then what each month costs from when. */
export function previewSummary(p: PlanChangePreview): string {
  const today = `You pay ${money(p.dueTodayCents, p.currency)} today`;
  const credit = p.creditLeftCents > 0 ? `, ${money(p.creditLeftCents, p.currency)} is credited to your next invoices` : '';
  return `${today}${credit}, then ${money(p.nextChargeCents, p.currency)}/month from ${mediumDate(p.nextChargeAt)}.`;
}

/** Changing plan: pick a plan, see Stripe's prorated invoice, confirm. */
export function PlanChange({
  membership,
  plans,
  onChanged,
}: {
  membership: MembershipView;
  plans: MembershipPlanView[];
  onChanged: (message: string) => void;
}) {
  const [preview, setPreview] = useState<PlanChangePreview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const others = plans.filter((p) => p.id !== membership.planId);

  const ask = async (plan: MembershipPlanView) => {
    setBusy(plan.id);
    setError(null);
    try {
      setPreview((await connectApi('PREVIEW_PLAN_CHANGE', { subscriptionId: membership.id, planId: plan.id })).preview);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const confirm = async (p: PlanChangePreview) => {
    setBusy('confirm');
    setError(null);
    try {
      const r = await connectApi('CHANGE_PLAN', {
        subscriptionId: p.subscriptionId,
        planId: p.toPlanId,
        prorationDate: p.prorationDate,
        requestId: newRequestId(),
      });
      setPreview(null);
      const credits = r.creditsGranted > 0 ? ` ${formatCredits(r.creditsGranted)} were added to your balance.` : '';
      onChanged(`You are now on ${r.membership.planName}.${credits}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  if (membership.status !== 'active' || others.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="change-plan-heading">
      <h3 id="change-plan-heading">Change plan</h3>
      <ErrorAlert message={error} />
      {preview ? (
        <div className="card" data-testid="plan-change-preview">
          <p className="alert__title">
            {preview.kind === 'upgrade' ? 'Upgrade' : 'Downgrade'} to {preview.toPlanName}
          </p>
          <ul>
            {preview.lines.map((l) => (
              <li key={l.description}>
                {l.description}: {money(l.amountCents, preview.currency)}
              </li>
            ))}
          </ul>
          <p data-testid="plan-change-summary">{previewSummary(preview)}</p>
          <p className="muted">
            {preview.creditsNow > 0
              ? `${formatCredits(preview.creditsNow)} are added now (the new plan's credits less what this month already gave); ${formatCredits(preview.monthlyCredits)} every month after.`
              : `No credits change now; ${formatCredits(preview.monthlyCredits)} every month from the next period.`}
          </p>
          <button type="button" className="button" disabled={busy !== null} onClick={() => confirm(preview)}>
            {busy === 'confirm' ? <Spinner small /> : null} Confirm change to {preview.toPlanName}
          </button>{' '}
          <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => setPreview(null)}>
            Keep {membership.planName}
          </button>
        </div>
      ) : (
        <p>
          {others.map((plan) => (
            <button key={plan.id} type="button" className="button button--secondary" disabled={busy !== null} onClick={() => ask(plan)}>
              {busy === plan.id ? <Spinner small /> : null} Switch to {plan.name} ({money(plan.priceCents, plan.currency)}/{plan.interval})
            </button>
          ))}
        </p>
      )}
    </section>
  );
}
