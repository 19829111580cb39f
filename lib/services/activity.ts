/** The admin's view of a day: the tally consumer's counts (its own module, so only the admin function reads EventTally). */
import { tallyDay, tallyOfDay } from '../data/event-tally';
import type { Deps } from '../ports';

interface DayActivity {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  total: number;
  /** Most frequent first. */
  counts: { eventType: string; count: number }[];
}

/**
 * A day's events counted per type (the tally consumer's rollup, so the answer costs one query whatever the volume).
 * The tally trails the events by the stream's delay, a second or so.
 */
export async function activityOfDay(deps: Deps, day?: string): Promise<DayActivity> {
  const which = day ?? tallyDay(deps.clock.now().toISOString());
  const counts = (await tallyOfDay(deps, which))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.eventType.localeCompare(b.eventType));
  return { day: which, total: counts.reduce((sum, t) => sum + t.count, 0), counts };
}
