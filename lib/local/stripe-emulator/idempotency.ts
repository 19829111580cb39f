import { idempotencyMismatch } from './errors';
import { canonical, type ParamMap } from './form';
import type { IdempotencyRecord, Store } from './store';

/** Idempotency keys are kept 24 hours (on the emulator's clock). */
const IDEMPOTENCY_TTL = 86400;

/**
 * Stripe's idempotent requests: a POST's `Idempotency-Key`, scoped to the key type and account,
 * remembers the first response; the same key with other parameters is an `idempotency_error`.
 */
export class IdempotentRequest {
  private readonly scope: string;
  private readonly fingerprint: string;

  constructor(
    private readonly store: Store,
    readonly key: string,
    scope: { keyKind: string; account: string },
    request: { method: string; path: string; params: ParamMap },
  ) {
    this.scope = `${scope.keyKind}:${scope.account}:${key}`;
    this.fingerprint = `${request.method} ${request.path} ${canonical(request.params)}`;
  }

  /** The stored response to replay, if any (throws on a parameter mismatch). */
  previous(): IdempotencyRecord | undefined {
    const rec = this.store.state.idempotency[this.scope];
    if (!rec || rec.createdAt + IDEMPOTENCY_TTL <= this.store.now()) return undefined;
    if (rec.fingerprint !== this.fingerprint) throw idempotencyMismatch(this.key);
    return rec;
  }

  remember(status: number, body: string): void {
    this.store.state.idempotency[this.scope] = { fingerprint: this.fingerprint, status, body, createdAt: this.store.now() };
  }
}

export function pruneIdempotency(store: Store): void {
  const idem = store.state.idempotency;
  for (const [k, rec] of Object.entries(idem)) if (rec.createdAt + IDEMPOTENCY_TTL <= store.now()) delete idem[k];
}
