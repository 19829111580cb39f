import { invalidRequest, parameterMissing } from './errors';
import type { Params } from './params';
import { randomToken } from './store';

const FAULT_KINDS = ['http_500', 'http_429', 'timeout', 'reset'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

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

export class Faults {
  private faults: Fault[] = [];

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

  /** The first fault matching this request, counted down (and dropped when used up). */
  take(method: string, path: string): Fault | undefined {
    const f = this.faults.find((x) => path.startsWith(x.path) && (x.method === null || x.method === method));
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return { ...f };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
