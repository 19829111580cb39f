import { describe, expect, it } from 'vitest';
import { actorWords, aggregateHref, eventSummary, eventTime, eventTypeWords } from '../../lib/client/event-words';
import { previousMonth } from '../../lib/data/event-queries';

describe('domain events in words', () => {
  it('says the type, the actor and where the aggregate is', () => {
    expect(eventTypeWords('BookingRefundedAfterPayout')).toBe('Booking refunded after payout');
    expect(eventTypeWords('AdminActionTaken')).toBe('Admin action');
    expect(actorWords({ actor: { role: 'ADMIN', id: 'user_1' }, actorEmail: 'admin@example.com' })).toBe('Admin admin@example.com');
    expect(actorWords({ actor: { role: 'CUSTOMER', id: 'user_2' } })).toBe('Customer user_2');
    expect(actorWords({ actor: { role: 'STRIPE' } })).toBe('Stripe');
    expect(aggregateHref('Booking', 'bk 1')).toBe('/admin/bookings/bk%201');
    expect(aggregateHref('Payout', 'po_1')).toBe('/admin/audit?aggregateType=Payout&aggregateId=po_1');
  });

  it("summarizes an admin's action with its reason and amounts in the booking's currency", () => {
    const summary = eventSummary({
      type: 'AdminActionTaken',
      payload: {
        action: 'PROCESS_REFUND',
        reason: 'Arrived late',
        details: { refundCents: 2_500, currency: 'eur', platformFeeRefundCents: 200, stripeRefundId: 're_1' },
      },
    });
    expect(summary).toBe('Process refund · “Arrived late” · refund €25.00 · platform fee refund €2.00 · stripe refund id re_1');
  });

  it('summarizes a transition and a record event', () => {
    expect(
      eventSummary({
        type: 'BookingCancelled',
        payload: { transition: 'CANCEL_PAID', from: 'CONFIRMED', to: 'CANCELLED', details: { cancelledBy: 'user_1' } },
      }),
    ).toBe('confirmed → cancelled · cancelled by user_1');
    expect(
      eventSummary({
        type: 'LedgerLineWritten',
        payload: { lineId: 'bk_1#PLATFORM_FEE', account: 'bk_1', entryType: 'PLATFORM_FEE', amountCents: -960, currency: 'usd' },
      }),
    ).toBe('Platform fee -$9.60');
  });

  it('shows the time in the given zone, and steps months back across a year', () => {
    expect(eventTime('2026-01-15T15:04:05Z', 'America/New_York')).toBe('Jan 15, 2026, 10:04:05 AM');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });
});
