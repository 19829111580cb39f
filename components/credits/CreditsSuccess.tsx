'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { formatCredits } from '@/lib/domain/credits';
import { connectApi } from '@/lib/client/api';
import { errorMessage } from '@/lib/client/http';
import type { CustomerResponses } from '@/lib/http/stripe-connect';
import { ErrorState, LoadingState } from '@/components/ui/States';

type Result = CustomerResponses['CONFIRM_CREDIT_PURCHASE'];

/** /credits/success?session_id=…: settles the purchase (as the webhook does) and shows the new balance. */
export function CreditsSuccess() {
  const sessionId = useSearchParams()?.get('session_id') ?? '';
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!sessionId) return;
    let live = true;
    const check = async (attempt: number) => {
      try {
        const r = await connectApi('CONFIRM_CREDIT_PURCHASE', { sessionId });
        if (!live) return;
        setResult(r);
        if (r.status === 'OPEN' && attempt < 10) setTimeout(() => void check(attempt + 1), 1000);
      } catch (err) {
        if (live) setError(errorMessage(err));
      }
    };
    void check(1);
    return () => {
      live = false;
    };
  }, [sessionId]);

  if (!sessionId) return <ErrorState title="No purchase to show" message="This page opens after paying for credits." />;
  if (error) return <ErrorState message={error} />;
  if (!result) return <LoadingState label="Confirming your purchase…" />;
  if (result.status === 'OPEN') return <LoadingState label="Waiting for the payment to be confirmed…" />;
  if (result.status === 'EXPIRED')
    return <ErrorState title="This checkout expired" message="No payment was taken. You can start a new purchase." />;
  return (
    <section className="status-hero" aria-labelledby="success-heading">
      <h1 id="success-heading">Payment successful</h1>
      <p>
        {result.packageName}: {formatCredits(result.credits)} added to your account.
      </p>
      <p role="status">
        Your new balance is <strong data-testid="new-balance">{formatCredits(result.balance)}</strong>.
      </p>
      <p>
        <Link className="button" href="/credits">
          See your credits
        </Link>{' '}
        <Link className="button button--secondary" href="/services">
          Book a service
        </Link>
      </p>
    </section>
  );
}
