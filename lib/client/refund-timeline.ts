/**
 * A booking's refunds and refund contests as timeline steps (from GET_REFUND_STATUS): each refund requested →
 * processing → succeeded, with its amount (card and credits) and date; a contest opened → under review → resolved
 * with the admin's note. Pure.
 */
import type { RefundStatus } from '../http/refund-processor';
import { formatDateTimeShort, money } from './format';

export type TimelineStepState = 'done' | 'current' | 'todo' | 'failed';
export interface TimelineStep {
  label: string;
  detail?: string;
  state: TimelineStepState;
}

type RefundFacts = Pick<RefundStatus, 'currency' | 'refunds' | 'inProgress' | 'refundDispute'>;

function amountWords(
  refundCents: number,
  currency: string,
  creditsReturned: number | undefined,
  cardRefundCents: number | undefined,
): string {
  const total = money(refundCents, currency);
  if (!creditsReturned) return total;
  const card = cardRefundCents ?? refundCents - creditsReturned;
  const creditWords = `${creditsReturned.toLocaleString('en-US')} ${creditsReturned === 1 ? 'credit' : 'credits'}`;
  return card > 0 ? `${total} (${money(card, currency)} to your card, ${creditWords})` : `${total} (as ${creditWords})`;
}

export function refundSteps(status: RefundFacts, timeZone?: string): TimelineStep[] {
  const when = (iso: string) => formatDateTimeShort(iso, timeZone);
  const steps: TimelineStep[] = [];
  for (const r of status.refunds) {
    // A paid cancellation records its refund even when the policy gave nothing back.
    if (r.refundCents === 0) {
      steps.push({ label: 'No refund', detail: `Nothing is refunded under the cancellation policy · ${when(r.createdAt)}`, state: 'done' });
      continue;
    }
    const amount = amountWords(r.refundCents, status.currency, r.creditsReturned, r.cardRefundCents);
    steps.push({ label: 'Refund requested', detail: `${amount} · ${when(r.createdAt)}`, state: 'done' });
    steps.push({
      label: 'Refund succeeded',
      detail: `${amount} refunded on ${when(r.createdAt)}${(r.cardRefundCents ?? r.refundCents) > 0 ? '; your bank may take 5–10 days to show it' : ''}`,
      state: 'done',
    });
  }
  if (status.inProgress) {
    steps.push({
      label: 'Refund requested',
      detail: `${money(status.inProgress.refundCents, status.currency)} · ${when(status.inProgress.claimedAt)}`,
      state: 'done',
    });
    steps.push({ label: 'Refund processing', detail: 'We are sending it back now', state: 'current' });
  }
  const c = status.refundDispute;
  if (c) {
    const amount = c.amountCents !== undefined ? `${money(c.amountCents, c.currency ?? status.currency)} in dispute · ` : '';
    steps.push({ label: 'Refund contested', detail: `${amount}${when(c.openedAt)}`, state: 'done' });
    steps.push(
      c.status === 'RESOLVED'
        ? {
            label: 'Contest resolved',
            detail: `${c.resolution ?? 'Resolved'}${c.resolvedAt ? ` · ${when(c.resolvedAt)}` : ''}`,
            state: 'done',
          }
        : { label: 'Contest under review', detail: c.escalatedAt ? 'With our team' : 'An admin will decide', state: 'current' },
    );
  }
  return steps;
}
