/** CSV exports: money as an exact decimal in the currency's exponent, fields escaped (incl. formula injection), ranges. */
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, currencyExponent, exportRangeProblem, minorToDecimal, moneyColumns } from '../../lib/domain/exports';

describe('minorToDecimal', () => {
  it.each([
    [12_345, 'usd', '123.45'],
    [5, 'usd', '0.05'],
    [0, 'eur', '0.00'],
    [-5, 'gbp', '-0.05'],
    [-12_000, 'usd', '-120.00'],
    [100, 'USD', '1.00'],
    [1_234_567, 'jpy', '1234567'],
    [-500, 'jpy', '-500'],
    [0, 'krw', '0'],
    [1_234, 'kwd', '1.234'],
    [-1, 'bhd', '-0.001'],
    [9_007_199_254_740_991, 'usd', '90071992547409.91'],
  ])('%i %s → %s', (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });

  it('refuses what is not an integer number of minor units', () => {
    expect(() => minorToDecimal(1.5, 'usd')).toThrow(RangeError);
    expect(() => minorToDecimal(Number.NaN, 'usd')).toThrow(RangeError);
  });

  it.each([
    ['usd', 2],
    ['jpy', 0],
    ['kwd', 3],
    ['eur', 2],
  ])('%s has %i decimals', (currency, exponent) => expect(currencyExponent(currency)).toBe(exponent));

  it('money columns: minor units, the decimal and the lower-case currency', () => {
    expect(moneyColumns(-2_500, 'USD')).toEqual([-2_500, '-25.00', 'usd']);
  });
});

describe('csvField and csvLine', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1 555', "'+1 555"],
    ['-cmd', "'-cmd"],
    ['@import', "'@import"],
    ['\tindent', "'\tindent"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['-12.50', '-12.50'],
    ['-3', '-3'],
    ['', ''],
  ])('%j → %j', (value, expected) => expect(csvField(value)).toBe(expected));

  it('numbers as they are, empty for missing values', () => {
    expect(csvField(-250)).toBe('-250');
    expect(csvField(0)).toBe('0');
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('a line is the fields joined by commas, CRLF-terminated', () => {
    expect(csvLine(['2026-01-01T00:00:00.000Z', 'Cut, "deluxe"', -120, '-1.20', 'usd', undefined])).toBe(
      '2026-01-01T00:00:00.000Z,"Cut, ""deluxe""",-120,-1.20,usd,\r\n',
    );
  });
});

describe('exportRangeProblem', () => {
  it.each([
    ['2026-01-01', '2026-01-01', undefined],
    ['2025-01-01', '2025-12-31', undefined],
    ['2024-01-01', '2024-12-31', undefined],
    ['2024-01-01', '2025-01-01', 'A range covers at most 366 days'],
    ['2026-01-02', '2026-01-01', 'The range ends before it starts'],
    ['2026-02-30', '2026-03-01', 'Give the range as real days (YYYY-MM-DD)'],
    ['2026-1-1', '2026-01-02', 'Give the range as real days (YYYY-MM-DD)'],
  ])('%s..%s → %s', (from, to, problem) => expect(exportRangeProblem(from, to)).toBe(problem));
});
