'use client';

/**
 * One chart of a metric (recharts): axes with units, a legend, a tooltip with the exact value, the values written on
 * the bars when there are few enough to read, and an empty state in words. Only the pages that show charts load this
 * module (through next/dynamic, ChartSlot.tsx), so recharts stays out of every other page's bundle.
 */
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface MetricSeries {
  key: string;
  name: string;
  color: string;
}

export interface MetricChartProps {
  title: string;
  /** One row per x value: `label` on the x axis, one number per series key. */
  data: ({ label: string } & Record<string, number | string>)[];
  series: MetricSeries[];
  /** How a value reads (money with its currency, a percentage, a count). */
  format: (value: number) => string;
  /** Said instead of an empty chart, e.g. "No bookings in this range". */
  empty: string;
  /** At most this many bars get their value written on them (the tooltip always has it). */
  labelUpTo?: number;
}

export default function MetricChart({ title, data, series, format, empty, labelUpTo = 14 }: MetricChartProps) {
  const hasValues = data.some((row) => series.some((s) => Number(row[s.key] ?? 0) !== 0));
  return (
    <figure className="metric-chart card" style={{ margin: 0, minWidth: 300, flex: '1 1 420px' }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 8 }}>{title}</figcaption>
      {hasValues ? (
        <div style={{ width: '100%', height: 260 }} data-chart={title}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 20, right: 12, bottom: 8, left: 12 }} accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={(v: number) => format(v)} tick={{ fontSize: 11 }} width={72} />
              <Tooltip formatter={(v) => format(Number(v))} />
              <Legend />
              {series.map((s) => (
                <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false}>
                  {data.length <= labelUpTo ? (
                    <LabelList dataKey={s.key} position="top" fontSize={10} formatter={(v) => (Number(v) ? format(Number(v)) : '')} />
                  ) : null}
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </figure>
  );
}
