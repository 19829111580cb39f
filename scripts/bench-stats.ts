/** The bench's arithmetic: percentiles, milliseconds as text, timing one call, the webhook burst's delivery order. */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

export const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

export const say = (line: string) => console.log(`[bench] ${line}`);

/** The delivery order: `count` indexes into `unique` events, 30% of them repeats of an event already delivered. */
export function deliveryPlan(count: number, duplicateShare = 0.3): number[] {
  const unique = Math.max(1, count - Math.round(count * duplicateShare));
  const plan: number[] = [];
  let nextNew = 0;
  // Deterministic spread: new events keep pace with the deliveries, and each duplicate names an event up to 20
  // deliveries back (often still in flight at 16 concurrent).
  for (let i = 0; i < count; i++) {
    if (nextNew < Math.ceil(((i + 1) * unique) / count)) plan.push(nextNew++);
    else plan.push(Math.max(0, nextNew - 1 - (i % 20)));
  }
  return plan;
}
