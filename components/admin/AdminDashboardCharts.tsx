'use client';

/**
 * The admin dashboard's key metrics for the range in the URL (DateRangePicker): figures (payment success rate, average
 * transaction value, refund rate, commission, bookings, onboarding completion, payouts) and charts per day and per
 * category. Every number comes from ADMIN_METRICS (lib/services/metrics.ts); money is in the report's currency.
 */
import { refundApi } from '@/lib/client/api';
import { money } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';
import type { AdminMetricsReport } from '@/lib/http/refund-processor';
import { ChartSlot } from '@/components/charts/ChartSlot';
import { DateRangePicker, useDateRange } from '@/components/charts/DateRangePicker';
import { ErrorState, LoadingState } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';

const DEFAULT_DAYS = 14;
const percent = (bps: number) => `${(bps / 100).toFixed(2)}%`;
const count = (n: number) => n.toLocaleString('en-US');
const shortDay = (day: string) => day.slice(5);

function Figures({ report }: { report: AdminMetricsReport }) {
  const s = report.summary;
  const c = report.currency;
  const figures: [string, string, string][] = [
    ['Payment success rate', percent(s.paymentSuccessRateBps), `${count(s.paymentsSucceeded)} paid, ${count(s.paymentsFailed)} failed`],
    ['Average transaction', money(s.averageTransactionCents, c), `${count(s.charges)} charges, ${money(s.chargedCents, c)}`],
    ['Refund rate', percent(s.refundRateBps), `${money(s.refundedCents, c)} refunded`],
    ['Commission revenue', money(s.commissionCents, c), 'platform fees less fees refunded'],
    ['Bookings', count(s.bookings), `made in ${c.toUpperCase()}`],
    [
      'Onboarding completed',
      percent(s.onboarding.completionRateBps),
      `${count(s.onboarding.completed)} of ${count(s.onboarding.started)} providers`,
    ],
    [
      'Payouts',
      money(s.payouts.totalCents, c),
      `${count(s.payouts.count)} payouts (${(s.payouts.perWeekHundredths / 100).toFixed(2)} a week), ${money(s.payouts.averageCents, c)} on average`,
    ],
  ];
  return (
    <dl className="metric-figures" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))', gap: 12 }}>
      {figures.map(([term, value, note]) => (
        <div key={term} className="card" data-metric={term} style={{ margin: 0 }}>
          <dt className="muted small">{term}</dt>
          <dd style={{ margin: 0, fontSize: '1.4rem', fontWeight: 600 }}>{value}</dd>
          <dd className="muted small" style={{ margin: 0 }}>
            {note}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function AdminDashboardCharts() {
  const range = useDateRange(DEFAULT_DAYS);
  const report = useLoad((signal) => refundApi('ADMIN_METRICS', range, { signal }), `${range.from}/${range.to}`);
  const data = report.data;
  return (
    <section aria-labelledby="metrics-heading" style={{ display: 'grid', gap: 16 }}>
      <h2 id="metrics-heading">Key metrics</h2>
      <DateRangePicker defaultDays={DEFAULT_DAYS} />
      {report.error !== undefined ? <ErrorState message={errorMessage(report.error)} /> : null}
      {!data ? (
        report.error === undefined ? (
          <LoadingState />
        ) : null
      ) : (
        <>
          <p className="muted small">
            {data.range.from} to {data.range.to} (UTC), money in {data.currency.toUpperCase()}.
          </p>
          <Figures report={data} />
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
            <ChartSlot
              title="Commission revenue per day"
              data={data.days.map((d) => ({ label: shortDay(d.day), commission: d.commissionCents }))}
              series={[{ key: 'commission', name: `Commission (${data.currency.toUpperCase()})`, color: '#2e6fdb' }]}
              format={(v) => money(v, data.currency)}
              empty="No commission in this range."
            />
            <ChartSlot
              title="Bookings per day"
              data={data.days.map((d) => ({ label: shortDay(d.day), bookings: d.bookings }))}
              series={[{ key: 'bookings', name: 'Bookings made', color: '#16a34a' }]}
              format={count}
              empty="No bookings in this range."
            />
            <ChartSlot
              title="Charged and refunded per day"
              data={data.days.map((d) => ({ label: shortDay(d.day), charged: d.chargedCents, refunded: d.refundedCents }))}
              series={[
                { key: 'charged', name: 'Charged', color: '#4f46e5' },
                { key: 'refunded', name: 'Refunded', color: '#c0392b' },
              ]}
              format={(v) => money(v, data.currency)}
              empty="Nothing charged or refunded in this range."
            />
            <ChartSlot
              title="Refund rate by category"
              data={data.summary.refundRateByCategory.map((r) => ({ label: r.category, rate: r.refundRateBps }))}
              series={[{ key: 'rate', name: 'Refunded of charged', color: '#d97706' }]}
              format={percent}
              empty="No refunds in this range."
            />
            <ChartSlot
              title="Payouts per day"
              data={data.summary.payouts.byDay.map((d) => ({ label: shortDay(d.day), paid: d.payoutCents }))}
              series={[{ key: 'paid', name: `Paid out (${data.currency.toUpperCase()})`, color: '#0d9488' }]}
              format={(v) => money(v, data.currency)}
              empty="No payouts in this range."
            />
          </div>
        </>
      )}
    </section>
  );
}
