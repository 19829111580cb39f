import { describe, expect, it } from 'vitest';
import {
  drivingKeys,
  matchesFilters,
  priceBandOf,
  priceBandsFor,
  searchKeysOf,
  searchTokens,
  type SearchFacts,
} from '../../lib/domain/service-search';

describe('searchTokens', () => {
  it.each([
    ['Private Yoga Class', ['private', 'yoga', 'class']],
    ['  Café  crème & the  CAFÉ ', ['cafe', 'creme']],
    ['Tour of the old-town, 2 hours', ['tour', 'old', 'town', '2', 'hours']],
    ['', []],
  ])('%j → %j', (text, tokens) => expect(searchTokens(text)).toEqual(tokens));

  it('keeps at most 12 words', () => expect(searchTokens(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(12));
});

describe('price bands', () => {
  it.each([
    [0, 0],
    [1_999, 0],
    [2_000, 1],
    [4_550, 1],
    [8_999, 2],
    [12_000, 3],
    [99_999_999, 6],
  ])('%i cents → band %i', (cents, band) => expect(priceBandOf(cents)).toBe(band));

  it.each([
    [undefined, undefined, [0, 1, 2, 3, 4, 5, 6]],
    [5_000, 12_000, [2, 3]],
    [undefined, 1_500, [0]],
    [150_000, undefined, [6]],
  ])('range %s..%s → bands %j', (min, max, bands) => expect(priceBandsFor(min, max)).toEqual(bands));
});

describe('keys and filters', () => {
  const service = {
    title: 'Private Yoga Class',
    category: ' Wellness ',
    priceCents: 4_550,
    weeklyAvailability: { MON: [{ start: '09:00', end: '17:00' }], TUE: [] },
    blockedDates: ['2027-03-15'],
  };
  const facts: SearchFacts = {
    tokens: ['private', 'yoga', 'class'],
    category: 'wellness',
    priceCents: 4_550,
    weekdays: ['MON'],
    blockedDates: ['2027-03-15'],
  };

  it('a service is found by each word, its category and its price band', () =>
    expect(searchKeysOf(service)).toEqual(['token#private', 'token#yoga', 'token#class', 'category#wellness', 'price#1']));

  it.each([
    [{ words: ['yoga'] }, true],
    [{ words: ['yoga', 'pilates'] }, false],
    [{ words: [], category: 'WELLNESS' }, true],
    [{ words: [], category: 'Home' }, false],
    [{ words: [], minPriceCents: 4_550, maxPriceCents: 4_550 }, true],
    [{ words: [], minPriceCents: 4_551 }, false],
    [{ words: [], maxPriceCents: 4_549 }, false],
    [{ words: [], date: '2027-03-08' }, true], // a Monday
    [{ words: [], date: '2027-03-09' }, false], // a Tuesday without hours
    [{ words: [], date: '2027-03-15' }, false], // a blocked Monday
  ])('%j → %s', (filters, expected) => expect(matchesFilters(facts, filters)).toBe(expected));

  it('reads the longest word, else the category, else the price bands', () => {
    expect(drivingKeys({ words: ['a1', 'yoga'], category: 'x' })).toEqual(['token#yoga']);
    expect(drivingKeys({ words: [], category: 'Wellness' })).toEqual(['category#wellness']);
    expect(drivingKeys({ words: [], minPriceCents: 5_000, maxPriceCents: 12_000 })).toEqual(['price#2', 'price#3']);
  });
});
