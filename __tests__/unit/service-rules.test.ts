import { describe, expect, it } from 'vitest';
import { MINIMUM_CHARGE_CENTS, SUPPORTED_CURRENCIES, type Currency } from '../../lib/domain/money';
import {
  formatPriceInput,
  smallestBookableTotalCents,
  normalizeServiceDefinition,
  parsePriceInput,
  validateServiceDefinition,
  type ServiceDefinition,
} from '../../lib/domain/service-rules';

const valid: ServiceDefinition = {
  title: 'Portrait session',
  category: 'Photography',
  description: 'One hour in the studio.',
  priceCents: 12_000,
  currency: 'usd',
  pricingUnit: 'PER_BOOKING',
  durationMinutes: 60,
  maxGroupSize: 4,
  cancellationPolicy: 'MODERATE',
  timeZone: 'America/New_York',
  weeklyAvailability: { MON: [{ start: '09:00', end: '17:00' }] },
  blockedDates: [],
};

const problems = (change: Record<string, unknown>) =>
  validateServiceDefinition({ ...valid, ...change } as ServiceDefinition).map((e) => `${e.path}: ${e.message}`);

describe('validateServiceDefinition', () => {
  it('accepts a valid definition', () => {
    expect(validateServiceDefinition(valid)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string | null]>([
    // price: integer minor units > 0
    // Stripe's minimum charge (the table below covers every currency)
    ['50 cents', { priceCents: 50 }, null],
    ['49 cents', { priceCents: 49 }, 'priceCents: The price must be at least $0.50, the smallest amount card payments accept in USD.'],
    ['0', { priceCents: 0 }, 'priceCents: The price must be a whole number of cents greater than 0.'],
    ['negative', { priceCents: -100 }, 'priceCents: The price must be a whole number of cents greater than 0.'],
    ['fraction', { priceCents: 10.5 }, 'priceCents: The price must be a whole number of cents greater than 0.'],
    ['NaN', { priceCents: Number.NaN }, 'priceCents: The price must be a whole number of cents greater than 0.'],
    ['too high', { priceCents: 10_000_001 }, 'priceCents: The price can be at most 100000 in the service\u2019s currency.'],
    // currency
    ['eur', { currency: 'eur' }, null],
    ['jpy', { currency: 'jpy' }, 'currency: Choose one of the supported currencies: USD, EUR, GBP.'],
    ['upper-case USD', { currency: 'USD' }, 'currency: Choose one of the supported currencies: USD, EUR, GBP.'],
    // pricing unit
    ['per person', { pricingUnit: 'PER_PERSON' }, null],
    ['per hour', { pricingUnit: 'PER_HOUR' }, 'pricingUnit: Choose whether the price is per booking or per person.'],
    // duration: multiple of 15, 15..480
    ['15 min', { durationMinutes: 15, weeklyAvailability: { MON: [{ start: '09:00', end: '09:15' }] } }, null],
    ['480 min', { durationMinutes: 480 }, null],
    ['0 min', { durationMinutes: 0 }, 'durationMinutes: The duration must be a multiple of 15 minutes, from 15 minutes to 8 hours.'],
    ['10 min', { durationMinutes: 10 }, 'durationMinutes: The duration must be a multiple of 15 minutes, from 15 minutes to 8 hours.'],
    ['50 min', { durationMinutes: 50 }, 'durationMinutes: The duration must be a multiple of 15 minutes, from 15 minutes to 8 hours.'],
    ['495 min', { durationMinutes: 495 }, 'durationMinutes: The duration must be a multiple of 15 minutes, from 15 minutes to 8 hours.'],
    // group size
    ['group 1', { maxGroupSize: 1 }, null],
    ['group 100', { maxGroupSize: 100 }, null],
    ['group 0', { maxGroupSize: 0 }, 'maxGroupSize: The group size limit must be a whole number from 1 to 100.'],
    ['group 101', { maxGroupSize: 101 }, 'maxGroupSize: The group size limit must be a whole number from 1 to 100.'],
    ['group 2.5', { maxGroupSize: 2.5 }, 'maxGroupSize: The group size limit must be a whole number from 1 to 100.'],
    // policy
    ['STRICT', { cancellationPolicy: 'STRICT' }, null],
    [
      'lower-case flexible',
      { cancellationPolicy: 'flexible' },
      'cancellationPolicy: Choose a cancellation policy: Flexible, Moderate or Strict.',
    ],
    [
      'toString is not a policy',
      { cancellationPolicy: 'toString' },
      'cancellationPolicy: Choose a cancellation policy: Flexible, Moderate or Strict.',
    ],
    // time zone
    ['Europe/Berlin', { timeZone: 'Europe/Berlin' }, null],
    ['UTC', { timeZone: 'UTC' }, null],
    ['an abbreviation', { timeZone: 'EST' }, 'timeZone: Choose a time zone such as Europe/Berlin or America/New_York.'],
    ['Mars/Olympus', { timeZone: 'Mars/Olympus' }, 'timeZone: Choose a time zone such as Europe/Berlin or America/New_York.'],
    ['UTC offset string', { timeZone: '+01:00' }, 'timeZone: Choose a time zone such as Europe/Berlin or America/New_York.'],
    ['empty', { timeZone: '' }, 'timeZone: Choose a time zone such as Europe/Berlin or America/New_York.'],
    // texts
    ['blank title', { title: '  ' }, 'title: Enter a title.'],
    ['long category', { category: 'x'.repeat(61) }, 'category: The category can be at most 60 characters.'],
  ])('%s', (_label, change, expected) => {
    expect(problems(change)).toEqual(expected ? [expected] : []);
  });
});

describe('weekly availability', () => {
  const hours = (weeklyAvailability: unknown) => problems({ weeklyAvailability });

  it.each<[string, unknown, string[]]>([
    [
      'two ranges that touch',
      {
        TUE: [
          { start: '09:00', end: '12:00' },
          { start: '12:00', end: '17:00' },
        ],
      },
      [],
    ],
    ['until midnight', { SAT: [{ start: '20:00', end: '24:00' }] }, []],
    ['quarter hours', { SUN: [{ start: '09:15', end: '10:45' }] }, []],
    ['a day without hours is fine when another has some', { MON: [], TUE: [{ start: '09:00', end: '10:00' }] }, []],
    [
      'off the quarter hour',
      { MON: [{ start: '09:05', end: '10:05' }] },
      ['weeklyAvailability.MON.0: Monday 09:05\u201310:05: times must be on the quarter hour (:00, :15, :30 or :45).'],
    ],
    [
      'end before start',
      { MON: [{ start: '17:00', end: '09:00' }] },
      ['weeklyAvailability.MON.0: Monday 17:00\u201309:00: the end must be after the start.'],
    ],
    [
      'empty range',
      { MON: [{ start: '09:00', end: '09:00' }] },
      ['weeklyAvailability.MON.0: Monday 09:00\u201309:00: the end must be after the start.'],
    ],
    [
      'malformed time',
      { FRI: [{ start: '9am', end: '17:00' }] },
      ['weeklyAvailability.FRI.0: Friday: times must look like 09:00 (24-hour clock).'],
    ],
    [
      '24:00 as a start',
      { FRI: [{ start: '24:00', end: '24:00' }] },
      ['weeklyAvailability.FRI.0: Friday: times must look like 09:00 (24-hour clock).'],
    ],
    [
      'shorter than one booking',
      { THU: [{ start: '09:00', end: '09:30' }] },
      ['weeklyAvailability.THU.0: Thursday 09:00\u201309:30: too short for one 60-minute booking.'],
    ],
    [
      'overlap, listed out of order',
      {
        WED: [
          { start: '13:00', end: '15:00' },
          { start: '09:00', end: '14:00' },
        ],
      },
      ['weeklyAvailability.WED.0: Wednesday: 13:00\u201315:00 overlaps 09:00\u201314:00.'],
    ],
    [
      'one range inside another',
      {
        WED: [
          { start: '09:00', end: '17:00' },
          { start: '10:00', end: '11:00' },
        ],
      },
      ['weeklyAvailability.WED.1: Wednesday: 10:00\u201311:00 overlaps 09:00\u201317:00.'],
    ],
    [
      'unknown weekday',
      { MON: [{ start: '09:00', end: '10:00' }], FUNDAY: [] },
      ['weeklyAvailability.FUNDAY: Unknown weekday "FUNDAY" (use MON to SUN).'],
    ],
    ['no hours at all', {}, ['weeklyAvailability: Add opening hours on at least one day of the week.']],
    ['only empty days', { MON: [], SUN: [] }, ['weeklyAvailability: Add opening hours on at least one day of the week.']],
  ])('%s', (_label, weekly, expected) => {
    expect(hours(weekly)).toEqual(expected);
  });

  it('at most 12 ranges a day', () => {
    const ranges = Array.from({ length: 13 }, (_, i) => ({
      start: `${String(i).padStart(2, '0')}:00`,
      end: `${String(i + 1).padStart(2, '0')}:00`,
    }));
    expect(hours({ MON: ranges })).toEqual(['weeklyAvailability.MON: Monday: at most 12 time ranges per day.']);
  });
});

describe('blocked dates', () => {
  it.each<[string, unknown, string[]]>([
    ['real dates', ['2026-12-24', '2027-01-01'], []],
    ['leap day', ['2028-02-29'], []],
    ['no leap day', ['2027-02-29'], ['blockedDates.0: "2027-02-29" is not a real date (use YYYY-MM-DD).']],
    ['wrong format', ['24/12/2026'], ['blockedDates.0: "24/12/2026" is not a real date (use YYYY-MM-DD).']],
    ['duplicate', ['2026-12-24', '2026-12-24'], ['blockedDates.1: 2026-12-24 is listed twice.']],
  ])('%s', (_label, blockedDates, expected) => {
    expect(problems({ blockedDates })).toEqual(expected);
  });
});

describe('normalizeServiceDefinition', () => {
  it('trims texts, sorts ranges and dates, drops empty days', () => {
    const out = normalizeServiceDefinition({
      ...valid,
      title: '  Portrait  ',
      weeklyAvailability: {
        MON: [
          { start: '14:00', end: '17:00' },
          { start: '09:00', end: '12:00' },
        ],
        TUE: [],
      },
      blockedDates: ['2026-12-31', '2026-12-24'],
    });
    expect(out.title).toBe('Portrait');
    expect(out.weeklyAvailability).toEqual({
      MON: [
        { start: '09:00', end: '12:00' },
        { start: '14:00', end: '17:00' },
      ],
    });
    expect(out.blockedDates).toEqual(['2026-12-24', '2026-12-31']);
  });
});

describe('price input', () => {
  it.each<[string, number | undefined]>([
    ['25', 2_500],
    ['25.5', 2_550],
    ['25.50', 2_550],
    ['0.01', 1],
    ['1,250.00', 125_000],
    [' 19.99 ', 1_999],
    ['25.', 2_500],
    ['25.555', undefined],
    ['-5', undefined],
    ['abc', undefined],
    ['', undefined],
    ['1e3', undefined],
  ])('%j → %s', (text, cents) => {
    expect(parsePriceInput(text)).toBe(cents);
  });
  it('formats cents for the input', () => {
    expect(formatPriceInput(2_550)).toBe('25.50');
    expect(formatPriceInput(1)).toBe('0.01');
    expect(formatPriceInput(-1)).toBe('');
  });
});

describe('Stripe\u2019s minimum charge', () => {
  it('has a minimum for every supported currency', () => {
    expect(Object.keys(MINIMUM_CHARGE_CENTS).sort()).toEqual([...SUPPORTED_CURRENCIES].sort());
  });

  it.each<[Currency, 'PER_BOOKING' | 'PER_PERSON', number, string | null]>([
    ['usd', 'PER_BOOKING', 50, null],
    ['usd', 'PER_BOOKING', 49, 'The price must be at least $0.50, the smallest amount card payments accept in USD.'],
    ['usd', 'PER_BOOKING', 10, 'The price must be at least $0.50, the smallest amount card payments accept in USD.'],
    ['usd', 'PER_PERSON', 49, 'The price per person must be at least $0.50, the smallest amount card payments accept in USD.'],
    ['usd', 'PER_PERSON', 50, null],
    ['eur', 'PER_BOOKING', 50, null],
    ['eur', 'PER_BOOKING', 49, 'The price must be at least \u20ac0.50, the smallest amount card payments accept in EUR.'],
    ['eur', 'PER_PERSON', 10, 'The price per person must be at least \u20ac0.50, the smallest amount card payments accept in EUR.'],
    ['gbp', 'PER_BOOKING', 30, null],
    ['gbp', 'PER_BOOKING', 29, 'The price must be at least \u00a30.30, the smallest amount card payments accept in GBP.'],
    ['gbp', 'PER_PERSON', 45, null],
  ])('%s %s at %i minor units \u2192 %s', (currency, pricingUnit, priceCents, message) => {
    const errors = validateServiceDefinition({ ...valid, currency, pricingUnit, priceCents });
    expect(errors).toEqual(message ? [{ path: 'priceCents', message, minimumCents: MINIMUM_CHARGE_CENTS[currency] }] : []);
  });

  it.each<['PER_BOOKING' | 'PER_PERSON', number, number]>([
    ['PER_BOOKING', 40, 40],
    ['PER_PERSON', 40, 40],
  ])('the smallest bookable total of %s at %i is %i (one person)', (pricingUnit, priceCents, total) => {
    expect(smallestBookableTotalCents({ pricingUnit, priceCents })).toBe(total);
  });
});
