/**
 * The admin booking page's money trail: each Stripe object of the booking (the PaymentIntent's charge, refunds, fee
 * refunds, transfers, reversals, disputes) with its id and amount, and beside it the ledger lines it produced; lines
 * that name no object Stripe returned are listed last. An object whose lines do not add up to it is flagged.
 */
import type { TrailEntry } from '@/lib/domain/money-trail';
import { money } from '@/lib/client/format';

const KIND_WORDS: Record<NonNullable<TrailEntry['kind']>, string> = {
  CHARGE: 'Charge',
  REFUND: 'Refund',
  APPLICATION_FEE_REFUND: 'Platform fee refund',
  TRANSFER: 'Transfer to the provider',
  TRANSFER_REVERSAL: 'Transfer reversal',
  DISPUTE: 'Chargeback',
};

/** The ledger line type whose sum should equal the object's amount. */
const MATCHING_LINE: Record<NonNullable<TrailEntry['kind']>, string> = {
  CHARGE: 'CHARGE',
  REFUND: 'REFUND',
  APPLICATION_FEE_REFUND: 'FEE_REFUND',
  TRANSFER: 'TRANSFER',
  TRANSFER_REVERSAL: 'TRANSFER_REVERSAL',
  DISPUTE: 'DISPUTE',
};

function agrees(e: TrailEntry): boolean {
  if (!e.kind || e.stripeAmountCents === null) return true;
  const sum = e.lines.filter((l) => l.type === MATCHING_LINE[e.kind!]).reduce((s, l) => s + l.amountCents, 0);
  // A chargeback's ledger line is what was withdrawn, which Stripe may later return: shown, not flagged.
  return e.kind === 'DISPUTE' || sum === e.stripeAmountCents;
}

export function MoneyTrail({ trail }: { trail: TrailEntry[] }) {
  if (trail.length === 0) return <p className="muted">No money has moved for this booking.</p>;
  return (
    <table aria-label="Money trail" className="money-trail">
      <thead>
        <tr>
          <th scope="col">Stripe object</th>
          <th scope="col">Stripe amount</th>
          <th scope="col">Ledger lines</th>
        </tr>
      </thead>
      <tbody>
        {trail.map((e) => (
          <tr key={e.stripeId ?? 'no-object'} data-trail-object={e.stripeId ?? 'none'}>
            <td>
              {e.kind ? (
                <>
                  <strong>{KIND_WORDS[e.kind]}</strong> <code>{e.stripeId}</code>
                  {e.paymentIntentId ? (
                    <div className="small">
                      PaymentIntent <code>{e.paymentIntentId}</code>
                    </div>
                  ) : null}
                  {e.status ? <div className="small">{e.status}</div> : null}
                </>
              ) : (
                <strong>No Stripe object</strong>
              )}
            </td>
            <td>
              {e.stripeAmountCents === null ? '—' : money(e.stripeAmountCents, e.currency)}
              {agrees(e) ? null : <div className="badge badge--danger">Ledger differs</div>}
            </td>
            <td>
              {e.lines.length === 0 ? (
                <span className="badge badge--danger">No ledger line</span>
              ) : (
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {e.lines.map((l) => (
                    <li key={l.id} data-ledger-line={l.type}>
                      {l.type} {money(l.amountCents, l.currency)}{' '}
                      <span className="muted small">{l.createdAt.slice(0, 16).replace('T', ' ')}</span>
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
