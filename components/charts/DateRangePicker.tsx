'use client';

/**
 * The charts' date range, kept in the URL (`?from=YYYY-MM-DD&to=YYYY-MM-DD`) so a range can be shared and survives a
 * reload: presets (the last 7, 30 or 90 days) and two date fields. Days are UTC, as the metrics are.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';

const PRESETS = [7, 30, 90] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00.000Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** The range in the URL, or the last `defaultDays` days. */
export function useDateRange(defaultDays: number): { from: string; to: string } {
  const params = useSearchParams();
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : today();
  const from = DAY.test(params.get('from') ?? '') ? params.get('from')! : daysBefore(to, defaultDays - 1);
  return from <= to ? { from, to } : { from: to, to };
}

export function DateRangePicker({ defaultDays }: { defaultDays: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { from, to } = useDateRange(defaultDays);
  const go = (next: { from: string; to: string }) => {
    const q = new URLSearchParams(params.toString());
    q.set('from', next.from);
    q.set('to', next.to);
    router.replace(`${pathname}?${q.toString()}`, { scroll: false });
  };
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  return (
    <form
      className="date-range"
      aria-label="Date range"
      onSubmit={(e) => e.preventDefault()}
      style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'end' }}
    >
      <div role="group" aria-label="Presets" style={{ display: 'flex', gap: 4 }}>
        {PRESETS.map((n) => (
          <button
            key={n}
            type="button"
            className={to === today() && span === n ? 'button' : 'button button--secondary'}
            aria-pressed={to === today() && span === n}
            onClick={() => go({ from: daysBefore(today(), n - 1), to: today() })}
          >
            Last {n} days
          </button>
        ))}
      </div>
      <label>
        From
        <input type="date" value={from} max={to} onChange={(e) => DAY.test(e.target.value) && go({ from: e.target.value, to })} />
      </label>
      <label>
        To
        <input type="date" value={to} min={from} onChange={(e) => DAY.test(e.target.value) && go({ from, to: e.target.value })} />
      </label>
    </form>
  );
}
