'use client';

/** MetricChart loaded on demand, in the browser only: recharts is fetched by the pages that render a chart, no others. */
import dynamic from 'next/dynamic';

export const ChartSlot = dynamic(() => import('./MetricChart'), {
  ssr: false,
  loading: () => <p className="muted">Loading the chart…</p>,
});
