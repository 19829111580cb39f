/**
 * Service search without a search engine: each listed service is written as a handful of search entries, one per
 * key it can be found by (`token#<word>` per word of its title, `category#<category>`, `price#<band>`). A search reads
 * one key's entries through an index (words, then category, then the price bands in order) and checks the other
 * filters on the entries it reads. Keys are many and spread (one per word, category or band), never one partition for
 * the whole catalogue.
 */
import type { ServiceDefinition } from './service-rules';
import { weekdayOf } from './time';

/** Words too common to find anything by (and never a driving key). */
const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'in', 'on', 'with', 'to', 'at', 'by', 'or']);
/** A title's words beyond this many are not searchable (a transaction writes every entry of a service). */
export const MAX_TITLE_TOKENS = 12;

/** Lowercase, accents folded, split on anything that is not a letter or digit, stop words and duplicates dropped. */
export function searchTokens(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w));
  return [...new Set(words)].slice(0, MAX_TITLE_TOKENS);
}

/** A category as a key: trimmed and lowercased, so "Yoga" and "yoga " are found together. */
export const normaliseCategory = (category: string): string => category.trim().toLowerCase();

/**
 * Price bands in minor units (any currency: a band is a coarse range, the exact price is checked on each entry).
 * Band i holds prices from PRICE_BAND_FLOORS[i] up to (not including) the next floor.
 */
export const PRICE_BAND_FLOORS = [0, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000] as const;

export function priceBandOf(priceCents: number): number {
  let band = 0;
  for (let i = 0; i < PRICE_BAND_FLOORS.length; i++) if (priceCents >= PRICE_BAND_FLOORS[i]!) band = i;
  return band;
}

/** The bands a price range touches, cheapest first. */
export function priceBandsFor(minCents?: number, maxCents?: number): number[] {
  const first = priceBandOf(minCents ?? 0);
  const last = maxCents === undefined ? PRICE_BAND_FLOORS.length - 1 : priceBandOf(maxCents);
  const bands: number[] = [];
  for (let b = first; b <= last; b++) bands.push(b);
  return bands;
}

export const tokenKey = (word: string) => `token#${word}`;
export const categoryKey = (category: string) => `category#${normaliseCategory(category)}`;
export const priceBandKey = (band: number) => `price#${band}`;

type Searchable = Pick<ServiceDefinition, 'title' | 'category' | 'priceCents' | 'weeklyAvailability' | 'blockedDates'>;

/** Every key a service is found by. */
export function searchKeysOf(service: Searchable): string[] {
  return [...searchTokens(service.title).map(tokenKey), categoryKey(service.category), priceBandKey(priceBandOf(service.priceCents))];
}

/** The weekdays the service is offered on at all (its weekly hours). */
export function offeredWeekdays(service: Pick<ServiceDefinition, 'weeklyAvailability'>): string[] {
  return Object.entries(service.weeklyAvailability)
    .filter(([, ranges]) => (ranges ?? []).length > 0)
    .map(([day]) => day)
    .sort();
}

export interface SearchFilters {
  words: string[];
  category?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  /** A local date "YYYY-MM-DD": the service has hours on that weekday and the date is not blocked. */
  date?: string;
}

/** What a search entry carries to be checked against the filters. */
export interface SearchFacts {
  tokens: string[];
  category: string;
  priceCents: number;
  weekdays: string[];
  blockedDates: string[];
}

export function matchesFilters(facts: SearchFacts, filters: SearchFilters): boolean {
  if (!filters.words.every((w) => facts.tokens.includes(w))) return false;
  if (filters.category !== undefined && facts.category !== normaliseCategory(filters.category)) return false;
  if (filters.minPriceCents !== undefined && facts.priceCents < filters.minPriceCents) return false;
  if (filters.maxPriceCents !== undefined && facts.priceCents > filters.maxPriceCents) return false;
  if (filters.date !== undefined && (!facts.weekdays.includes(weekdayOf(filters.date)) || facts.blockedDates.includes(filters.date)))
    return false;
  return true;
}

/** The key a search reads: its rarest-looking filter first (a word, then the category); otherwise the price bands. */
export function drivingKeys(filters: SearchFilters): string[] {
  const longestWord = [...filters.words].sort((a, b) => b.length - a.length)[0];
  if (longestWord) return [tokenKey(longestWord)];
  if (filters.category !== undefined) return [categoryKey(filters.category)];
  return priceBandsFor(filters.minPriceCents, filters.maxPriceCents).map(priceBandKey);
}
