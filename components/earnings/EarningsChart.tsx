import { formatMoney, type Currency } from '@/lib/domain/money';

/** Earnings per week as a small SVG bar chart (no chart library). */
export function EarningsChart({ points, currency }: { points: { weekStart: string; amountCents: number }[]; currency: Currency }) {
  const width = 560;
  const height = 160;
  const pad = 24;
  const max = Math.max(1, ...points.map((p) => p.amountCents));
  const barW = points.length > 0 ? (width - pad * 2) / points.length : 0;
  const total = points.reduce((s, p) => s + p.amountCents, 0);
  return (
    <figure className="earnings-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Earnings per week over the last ${points.length} weeks, ${formatMoney({ amountCents: total, currency })} in total`}
        style={{ width: '100%', maxWidth: width, height: 'auto' }}
      >
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="currentColor" strokeOpacity={0.3} />
        {points.map((p, i) => {
          const h = Math.round(((height - pad * 2) * p.amountCents) / max);
          return (
            <g key={p.weekStart}>
              <rect
                x={pad + i * barW + 3}
                y={height - pad - h}
                width={Math.max(1, barW - 6)}
                height={h}
                rx={3}
                fill="var(--accent, #4f46e5)"
              >
                <title>{`Week of ${p.weekStart}: ${formatMoney({ amountCents: p.amountCents, currency })}`}</title>
              </rect>
              {i % 3 === 0 ? (
                <text x={pad + i * barW + barW / 2} y={height - 6} fontSize={10} textAnchor="middle" fill="currentColor" fillOpacity={0.6}>
                  {p.weekStart.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted small">Completed earnings per week (weeks start on Monday, UTC).</figcaption>
    </figure>
  );
}
