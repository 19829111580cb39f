/** Fields AppSync expects on every model item written directly by a function. */
export interface ModelItem {
  id: string;
  __typename: string;
  createdAt: string;
  updatedAt: string;
  owner?: string;
}

/** A new model item's own fields, both timestamps at `now`. */
export function modelFields<T extends string>(typename: T, id: string, now: Date): ModelItem & { __typename: T } {
  const iso = now.toISOString();
  return { id, __typename: typename, createdAt: iso, updatedAt: iso };
}

/**
 * The updatedAt a record is written with under an optimistic lock on the one read: `now`, or a millisecond after
 * the one read when the clock has not moved past it, so the version always changes.
 */
export function nextVersion(now: Date, previous: string): string {
  const prev = Date.parse(previous);
  return new Date(Number.isFinite(prev) && now.getTime() <= prev ? prev + 1 : now.getTime()).toISOString();
}

/** True when a DynamoDB error is a failed condition on a single write. */
export function isConditionalCheckFailed(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** Reasons of a cancelled TransactWriteItems, one per item in request order ('None' when that item was fine). */
export function transactionCancellationReasons(err: unknown): string[] | undefined {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return undefined;
  const reasons = (err as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).map((r) => r.Code ?? 'None');
}
