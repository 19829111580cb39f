import { describe, expect, test } from 'vitest';
import { copiesOf, dedupeSavedCards, duplicateToDetach, sameCardKey, type SavedCardFacts } from '../../lib/domain/saved-cards';

const card = (id: string, fingerprint: string | null, created: number, exp: [number, number] = [12, 2030]): SavedCardFacts => ({
  id,
  fingerprint,
  expMonth: exp[0],
  expYear: exp[1],
  created,
});

describe('sameCardKey', () => {
  test.each([
    [card('pm_a', 'fpA', 1), card('pm_b', 'fpA', 2), true],
    [card('pm_a', 'fpA', 1), card('pm_b', 'fpB', 2), false],
    [card('pm_a', 'fpA', 1, [12, 2030]), card('pm_b', 'fpA', 2, [1, 2031]), false],
    [card('pm_a', null, 1), card('pm_b', null, 2), false],
  ])('%o and %o are the same card: %s', (a, b, same) => {
    expect(sameCardKey(a) === sameCardKey(b)).toBe(same);
  });
});

describe('dedupeSavedCards', () => {
  test('keeps the most recent copy of each card, in first-seen order', () => {
    const cards = [card('pm_old', 'fpA', 100), card('pm_other', 'fpB', 150), card('pm_new', 'fpA', 200)];
    expect(dedupeSavedCards(cards, null).map((c) => [c.card.id, c.isDefault])).toEqual([
      ['pm_new', false],
      ['pm_other', false],
    ]);
  });

  test('keeps the default copy when the default is one of the copies, flagged as default', () => {
    const cards = [card('pm_new', 'fpA', 200), card('pm_old', 'fpA', 100), card('pm_other', 'fpB', 150)];
    expect(dedupeSavedCards(cards, 'pm_old').map((c) => [c.card.id, c.isDefault])).toEqual([
      ['pm_old', true],
      ['pm_other', false],
    ]);
  });

  test('a card without a fingerprint, or with another expiry, is its own card', () => {
    const cards = [card('pm_a', null, 1), card('pm_b', null, 2), card('pm_c', 'fpA', 3, [1, 2031]), card('pm_d', 'fpA', 4)];
    expect(dedupeSavedCards(cards, null)).toHaveLength(4);
  });
});

describe('duplicateToDetach', () => {
  const older = card('pm_older', 'fpA', 100);
  test.each([
    ['a card seen for the first time', card('pm_new', 'fpA', 200), [], null],
    ['a copy of an older card', card('pm_new', 'fpA', 200), [older], 'pm_new'],
    ['the oldest copy itself (the one kept)', older, [card('pm_new', 'fpA', 200)], null],
    ['another card', card('pm_new', 'fpB', 200), [older], null],
    ['the same number with another expiry', card('pm_new', 'fpA', 200, [1, 2031]), [older], null],
  ])('%s', (_name, justSaved, attached, expected) => {
    expect(duplicateToDetach(justSaved, [justSaved, ...attached])).toBe(expected);
  });

  test('two copies saved in the same second: exactly one of them is detached, whichever is asked', () => {
    const a = card('pm_a', 'fpA', 100);
    const b = card('pm_b', 'fpA', 100);
    const drops = [duplicateToDetach(a, [a, b]), duplicateToDetach(b, [a, b])].filter(Boolean);
    expect(drops).toHaveLength(1);
  });
});

test('copiesOf lists the other copies only', () => {
  const a = card('pm_a', 'fpA', 1);
  expect(copiesOf(a, [a, card('pm_b', 'fpA', 2), card('pm_c', 'fpB', 3)]).map((c) => c.id)).toEqual(['pm_b']);
});
