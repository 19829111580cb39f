'use client';

import { useState } from 'react';
import { formatCredits } from '@/lib/domain/credits';
import { connectApi, newRequestId } from '@/lib/client/api';
import { mediumDateTime, money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { CreditPackageView, CustomerResponses } from '@/lib/http/stripe-connect';
import { Loaded } from '@/components/ui/Loaded';
import { ErrorAlert, Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

const TYPE_LABELS: Record<string, string> = {
  PURCHASE: 'Bought',
  MEMBERSHIP_GRANT: 'Membership',
  SPEND: 'Spent on a booking',
  SPEND_RETURN: 'Returned',
  PURCHASE_REFUND: 'Refunded',
};

/** /credits: balance, packages (bought on Stripe's hosted checkout) and the credit history. */
export function CreditsPage() {
  const packages = useLoad((signal) => connectApi('LIST_CREDIT_PACKAGES', {}, { signal }));
  const mine = useLoad((signal) => connectApi('GET_CREDITS', {}, { signal }));
  return (
    <div className="stack">
      <section aria-labelledby="balance-heading" className="card">
        <h2 id="balance-heading">Your balance</h2>
        <Loaded load={mine} label="Loading your balance…">
          {(data) => (
            <p className="price" data-testid="credit-balance">
              {formatCredits(data.balance)}
            </p>
          )}
        </Loaded>
        <p className="muted">1 credit pays 1 cent of a booking. Use them at checkout.</p>
      </section>

      <section aria-labelledby="packages-heading">
        <h2 id="packages-heading">Buy credits</h2>
        <Loaded load={packages} label="Loading packages…">
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
        <Loaded load={mine} label="Loading your history…">
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
  const [promotionCode, setPromotionCode] = useState('');
  const buy = async () => {
    setBusy(true);
    setError(null);
    try {
      const { checkoutUrl } = await connectApi('BUY_CREDITS', {
        packageId: pkg.id,
        requestId: newRequestId(),
        saveCard,
        // Stripe takes the code's discount off on its checkout page
        ...(promotionCode.trim() ? { promotionCode: promotionCode.trim() } : {}),
      });
      window.location.assign(checkoutUrl);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <article className="service-card" aria-labelledby={`pkg-${pkg.id}`}>
      <h3 id={`pkg-${pkg.id}`}>{pkg.name}</h3>
      <p className="price">{formatCredits(pkg.credits)}</p>
      <p>{pkg.description}</p>
      <p>
        <strong>{money(pkg.priceCents, pkg.currency)}</strong>
      </p>
      <ErrorAlert message={error} />
      <div className="field">
        <label htmlFor={`pkg-${pkg.id}-code`}>Promotion code (optional)</label>
        <input
          id={`pkg-${pkg.id}-code`}
          className="input"
          name="promotionCode"
          autoComplete="off"
          value={promotionCode}
          onChange={(e) => setPromotionCode(e.target.value)}
          disabled={busy}
        />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" name="saveCard" checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} disabled={busy} /> Save
          this card for future purchases
        </label>
      </div>
      <button
        type="button"
        className="button"
        onClick={buy}
        disabled={busy}
        aria-label={`Buy ${pkg.name}: ${formatCredits(pkg.credits)} for ${money(pkg.priceCents, pkg.currency)}`}
      >
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
            <td>{mediumDateTime(t.createdAt)}</td>
            <td>
              {TYPE_LABELS[t.type] ?? 'Change'}: {t.description}
            </td>
            <td>{t.credits > 0 ? `+${formatCredits(t.credits)}` : `−${formatCredits(-t.credits)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
