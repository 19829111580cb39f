/**
 * Saved cards are one card per physical card: Stripe gives every PaymentMethod of the same card number the same
 * `card.fingerprint`, so two PaymentMethods with the same fingerprint and expiry are the same card saved twice.
 */

export interface SavedCardFacts {
  id: string;
  /** Stripe's card fingerprint; absent (an odd PaymentMethod): the card is its own group. */
  fingerprint: string | null;
  expMonth: number;
  expYear: number;
  /** Unix seconds, as Stripe's `created`. */
  created: number;
}

/** The key that makes two saved cards the same card. */
export function sameCardKey(card: SavedCardFacts): string {
  return card.fingerprint ? `${card.fingerprint}:${card.expMonth}/${card.expYear}` : `id:${card.id}`;
}

const newestFirst = (a: SavedCardFacts, b: SavedCardFacts) => b.created - a.created || b.id.localeCompare(a.id);

/**
 * One card per group, in the input's order of first appearance: the default card when it is one of the group (it is
 * what the customer chose), else the most recent. `isDefault` tells whether the group holds the default.
 */
export function dedupeSavedCards<T extends SavedCardFacts>(
  cards: readonly T[],
  defaultId: string | null,
): { card: T; isDefault: boolean }[] {
  const groups = new Map<string, T[]>();
  for (const card of cards) {
    const key = sameCardKey(card);
    groups.set(key, [...(groups.get(key) ?? []), card]);
  }
  return [...groups.values()].map((group) => {
    const chosen = group.find((c) => c.id === defaultId) ?? [...group].sort(newestFirst)[0]!;
    return { card: chosen, isDefault: group.some((c) => c.id === defaultId) };
  });
}

/**
 * A card just saved by a payment duplicates one the customer already had: it is to be detached, unless it is the
 * oldest of its group (the one kept, so two payments saving the same card at once never detach both).
 * Returns the id to detach, or null.
 */
export function duplicateToDetach<T extends SavedCardFacts>(justSaved: T, attached: readonly T[]): string | null {
  const key = sameCardKey(justSaved);
  const group = [justSaved, ...attached.filter((c) => c.id !== justSaved.id && sameCardKey(c) === key)];
  if (group.length < 2) return null;
  const oldest = [...group].sort(newestFirst).at(-1)!;
  return oldest.id === justSaved.id ? null : justSaved.id;
}

/** The other saved copies of the same card (removing a card removes them too, so a hidden copy never reappears). */
export function copiesOf<T extends SavedCardFacts>(card: T, attached: readonly T[]): T[] {
  const key = sameCardKey(card);
  return attached.filter((c) => c.id !== card.id && sameCardKey(c) === key);
}
