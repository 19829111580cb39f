import { invalidRequest, parameterMissing } from './errors';
import type { Params } from './params';
import { randomToken } from './store';

export const FAULT_KINDS = ['http_500', 'http_429', 'timeout', 'reset'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * A fault injected into the next `remaining` API requests whose path starts with `path` (and whose
 * method matches, if given). `before`: the request is not processed; `after`: it is processed (and
 * its idempotent result stored) but the response is replaced, as if lost on the way back.
 */
export interface Fault {
  id: string;
  kind: FaultKind;
  path: string;
  method: string | null;
  remaining: number;
  phase: 'before' | 'after';
}

/**
 * A standing fault rate (the chaos knob): each API request matching `path`/`method` fails with probability `rate`,
 * with one of `kinds` (drawn at random), `before` or `after` processing (`either`: drawn too). Draws come from a
 * seeded generator, so a run with the same seed and the same requests fails the same ones.
 */
export interface FaultRate {
  rate: number;
  kinds: FaultKind[];
  path: string;
  method: string | null;
  phase: 'before' | 'after' | 'either';
  seed: number;
}

/** Counts of what the rate injected (by kind), for the tests and the chaos report. */
export type FaultStats = Record<FaultKind, number> & { requests: number };

/** mulberry32: a tiny seeded generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const noStats = (): FaultStats => ({ requests: 0, http_500: 0, http_429: 0, timeout: 0, reset: 0 });

export class Faults {
  private faults: Fault[] = [];
  private standing: FaultRate | null = null;
  private random: () => number = Math.random;
  stats: FaultStats = noStats();

  add(p: Params): Fault {
    const kind = p.oneOf('kind', FAULT_KINDS);
    if (!kind) throw parameterMissing('kind');
    const path = p.str('path') ?? '/v1/';
    if (!path.startsWith('/')) throw invalidRequest('path must start with /', { param: 'path' });
    const fault: Fault = {
      id: `fault_${randomToken(10)}`,
      kind,
      path,
      method: p.str('method')?.toUpperCase() ?? null,
      remaining: p.int('count') ?? 1,
      phase: p.oneOf('phase', ['before', 'after'] as const) ?? 'before',
    };
    this.faults.push(fault);
    return fault;
  }

  /** Sets (or with rate 0 clears) the standing fault rate; its stats start again. */
  setRate(rate: Partial<FaultRate> & { rate: number }): FaultRate | null {
    if (!(rate.rate >= 0 && rate.rate <= 1)) throw invalidRequest('rate must be between 0 and 1', { param: 'rate' });
    const kinds: FaultKind[] = rate.kinds?.length ? rate.kinds : ['http_500', 'http_429', 'reset'];
    for (const k of kinds)
      if (!(FAULT_KINDS as readonly string[]).includes(k)) throw invalidRequest(`unknown fault kind ${k}`, { param: 'kinds' });
    this.standing =
      rate.rate === 0
        ? null
        : {
            rate: rate.rate,
            kinds,
            path: rate.path ?? '/v1/',
            method: rate.method?.toUpperCase() ?? null,
            phase: rate.phase ?? 'either',
            seed: rate.seed ?? 1,
          };
    this.random = seededRandom(this.standing?.seed ?? 1);
    this.stats = noStats();
    return this.standing;
  }

  /** The standing rate from a helper request: `rate`, `kinds` (comma-separated), `path`, `method`, `phase`, `seed`. */
  setRateFrom(p: Params): FaultRate | null {
    const rate = p.str('rate');
    if (rate === undefined) throw parameterMissing('rate');
    const kinds = p.str('kinds');
    const method = p.str('method');
    const path = p.str('path');
    const phase = p.oneOf('phase', ['before', 'after', 'either'] as const);
    const seed = p.int('seed');
    return this.setRate({
      rate: Number(rate),
      ...(kinds ? { kinds: kinds.split(',').map((k) => k.trim()) as FaultKind[] } : {}),
      ...(method ? { method } : {}),
      ...(path ? { path } : {}),
      ...(phase ? { phase } : {}),
      ...(seed !== undefined ? { seed } : {}),
    });
  }

  get rate(): FaultRate | null {
    return this.standing;
  }

  /** The first fault matching this request, counted down (and dropped when used up); else a draw of the standing rate. */
  take(method: string, path: string): Fault | undefined {
    const f = this.faults.find((x) => path.startsWith(x.path) && (x.method === null || x.method === method));
    if (!f) return this.draw(method, path);
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return { ...f };
  }

  private draw(method: string, path: string): Fault | undefined {
    const r = this.standing;
    if (!r || !path.startsWith(r.path) || (r.method !== null && r.method !== method)) return undefined;
    this.stats.requests += 1;
    if (this.random() >= r.rate) return undefined;
    const kind = r.kinds[Math.floor(this.random() * r.kinds.length)] ?? 'http_500';
    const phase = r.phase === 'either' ? (this.random() < 0.5 ? 'before' : 'after') : r.phase;
    this.stats[kind] += 1;
    return { id: 'fault_rate', kind, path: r.path, method: r.method, remaining: 0, phase };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
    this.standing = null;
    this.stats = noStats();
  }
}
