/** A small accessible SVG bar chart (no chart library): one bar per label, values as integers. */
export interface BarDatum {
  label: string;
  value: number;
}

export function BarChart({
  title,
  data,
  format = String,
  height = 120,
}: {
  title: string;
  data: BarDatum[];
  format?: (v: number) => string;
  height?: number;
}) {
  const max = Math.max(1, ...data.map((d) => Math.abs(d.value)));
  const barWidth = 24;
  const gap = 8;
  const width = Math.max(1, data.length) * (barWidth + gap);
  return (
    <figure className="chart" style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 4 }}>{title}</figcaption>
      <svg role="img" aria-label={title} width={width} height={height + 20} viewBox={`0 0 ${width} ${height + 20}`}>
        {data.map((d, i) => {
          const h = Math.round((Math.abs(d.value) / max) * height);
          return (
            <g key={d.label}>
              <title>{`${d.label}: ${format(d.value)}`}</title>
              <rect x={i * (barWidth + gap)} y={height - h} width={barWidth} height={h} fill={d.value < 0 ? '#c0392b' : '#2e6fdb'} />
              <text x={i * (barWidth + gap) + barWidth / 2} y={height + 14} fontSize="9" textAnchor="middle">
                {d.label.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
