'use client';

import { formatMoney, type Currency } from '@/lib/domain/money';
import { ChartSlot } from '@/components/charts/ChartSlot';
import { DateRangePicker } from '@/components/charts/DateRangePicker';

/** The provider's earnings per day over the range in the URL (recharts, loaded only here and on the admin dashboard). */
export function EarningsChart({
  points,
  currency,
  defaultDays,
}: {
  points: { day: string; amountCents: number }[];
  currency: Currency;
  defaultDays: number;
}) {
  const total = points.reduce((s, p) => s + p.amountCents, 0);
  const format = (v: number) => formatMoney({ amountCents: v, currency });
  return (
    <div className="earnings-chart" style={{ display: 'grid', gap: 12 }}>
      <DateRangePicker defaultDays={defaultDays} />
      <ChartSlot
        title={`Earned per day: ${format(total)} in this range`}
        data={points.map((p) => ({ label: p.day.slice(5), earned: p.amountCents }))}
        series={[{ key: 'earned', name: `Earned (${currency.toUpperCase()})`, color: '#4f46e5' }]}
        format={format}
        empty="No completed bookings in this range."
      />
      <p className="muted small">Your share of the bookings completed each day (UTC), after refunds.</p>
    </div>
  );
}
