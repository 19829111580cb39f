/** The bench's arithmetic: percentiles, milliseconds as text, and timing one call. */
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
