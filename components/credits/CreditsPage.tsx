'use client';

import { useState } from 'react';
import { errorMessage } from '@/lib/client/api';
import type { CreditPackageView, CustomerResponses } from '@/lib/http/stripe-connect';
import { Spinner } from '@/components/ui/States';
import { customerApi, newRequestId } from './api';
import { credits, dateTime, money } from './format';
import { Loaded, useLoad } from './useLoad';

const TYPE_LABELS: Record<string, string> = {
  PURCHASE: 'Bought',
  MEMBERSHIP_GRANT: 'Membership',
  SPEND: 'Spent on a booking',
  SPEND_RETURN: 'Returned',
  PURCHASE_REFUND: 'Refunded',
};

/** /credits: balance, packages (bought on Stripe's hosted checkout) and the credit history. */
export function CreditsPage() {
  const [packages, retryPackages] = useLoad(() => customerApi('LIST_CREDIT_PACKAGES', {}));
  const [mine, retryMine] = useLoad(() => customerApi('GET_CREDITS', {}));
  return (
    <div className="stack">
      <section aria-labelledby="balance-heading" className="card">
        <h2 id="balance-heading">Your balance</h2>
        <Loaded load={mine} retry={retryMine} label="Loading your balance…">
          {(data) => (
            <p className="price" data-testid="credit-balance">
              {credits(data.balance)}
            </p>
          )}
        </Loaded>
        <p className="muted">1 credit pays 1 cent of a booking. Use them at checkout.</p>
      </section>

      <section aria-labelledby="packages-heading">
        <h2 id="packages-heading">Buy credits</h2>
        <Loaded load={packages} retry={retryPackages} label="Loading packages…">
          {(data) => (
            <div className="service-grid">
              {data.packages.map((p) => (
                <PackageCard key={p.id} pkg={p} />
              ))}
            </div>
          )}
        </Loaded>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Credit history</h2>
        <Loaded load={mine} retry={retryMine} label="Loading your history…">
          {(data) => <History transactions={data.transactions} />}
        </Loaded>
      </section>
    </div>
  );
}

function PackageCard({ pkg }: { pkg: CreditPackageView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saveCard, setSaveCard] = useState(false);
  const buy = async () => {
    setBusy(true);
    setError(null);
    try {
      const { checkoutUrl } = await customerApi('BUY_CREDITS', { packageId: pkg.id, requestId: newRequestId(), saveCard });
      window.location.assign(checkoutUrl);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <article className="service-card" aria-labelledby={`pkg-${pkg.id}`}>
      <h3 id={`pkg-${pkg.id}`}>{pkg.name}</h3>
      <p className="price">{credits(pkg.credits)}</p>
      <p>{pkg.description}</p>
      <p>
        <strong>{money(pkg.priceCents, pkg.currency)}</strong>
      </p>
      {error ? (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label>
          <input type="checkbox" name="saveCard" checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} disabled={busy} /> Save this card for future
          purchases
        </label>
      </div>
      <button type="button" className="button" onClick={buy} disabled={busy} aria-label={`Buy ${pkg.name}: ${credits(pkg.credits)} for ${money(pkg.priceCents, pkg.currency)}`}>
        {busy ? (
          <>
            <Spinner small /> Opening checkout…
          </>
        ) : (
          `Buy for ${money(pkg.priceCents, pkg.currency)}`
        )}
      </button>
    </article>
  );
}

function History({ transactions }: { transactions: CustomerResponses['GET_CREDITS']['transactions'] }) {
  if (transactions.length === 0) return <p className="muted">No credit activity yet.</p>;
  return (
    <table className="summary">
      <caption className="visually-hidden">Credit history, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">What</th>
          <th scope="col">Credits</th>
        </tr>
      </thead>
      <tbody>
        {transactions.map((t) => (
          <tr key={t.id}>
            <td>{dateTime(t.createdAt)}</td>
            <td>
              {TYPE_LABELS[t.type] ?? 'Change'}: {t.description}
            </td>
            <td>{t.credits > 0 ? `+${credits(t.credits)}` : `−${credits(-t.credits)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
