/**
 * CSV exports for admins: the kinds, the range rule, money as a decimal string in the currency's own exponent, and
 * CSV fields escaped for spreadsheets. Pure: the background job (lib/services/exports.ts) reads the rows and writes
 * the file.
 */

export type ExportKind = 'bookings' | 'ledger' | 'payouts' | 'refunds';
export const EXPORT_KINDS: readonly ExportKind[] = ['bookings', 'ledger', 'payouts', 'refunds'];

export type ExportStatus = 'QUEUED' | 'READY' | 'FAILED';

/** The longest range one export covers, in UTC days (inclusive). */
export const MAX_EXPORT_DAYS = 366;
/** How long a download link works. */
export const EXPORT_LINK_SECONDS = 300;
/** How long a finished export (its job row and its file) is kept. */
export const EXPORT_KEEP_DAYS = 30;

const DAY_MS = 86_400_000;

/** UTC days from..to inclusive, or undefined when either is not a real YYYY-MM-DD day. */
export function daysInRange(from: string, to: string): number | undefined {
  const start = Date.parse(`${from}T00:00:00.000Z`);
  const end = Date.parse(`${to}T00:00:00.000Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  if (new Date(start).toISOString().slice(0, 10) !== from || new Date(end).toISOString().slice(0, 10) !== to) return undefined;
  return Math.round((end - start) / DAY_MS) + 1;
}

/** Why a range cannot be exported, in words; undefined when it can. */
export function exportRangeProblem(from: string, to: string): string | undefined {
  const days = daysInRange(from, to);
  if (days === undefined) return 'Give the range as real days (YYYY-MM-DD)';
  if (days < 1) return 'The range ends before it starts';
  if (days > MAX_EXPORT_DAYS) return `A range covers at most ${MAX_EXPORT_DAYS} days`;
  return undefined;
}

/** The UTC days of a range, in order. */
export function exportDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00.000Z`); t <= Date.parse(`${to}T00:00:00.000Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Currencies with no minor unit, and with three decimals (ISO 4217, as Stripe counts them); every other has two. */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** How many decimals the currency's minor unit has. */
export function currencyExponent(currency: string): number {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** Integer minor units as an exact decimal string in the currency's exponent: 12345 usd → "123.45", -5 usd → "-0.05". */
export function minorToDecimal(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount must be an integer number of minor units, got ${amountMinor}`);
  const exponent = currencyExponent(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const digits = String(Math.abs(amountMinor));
  if (exponent === 0) return `${sign}${digits}`;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. A text starting with
 * = + - @ (or a tab / carriage return) gets a leading `'` so a spreadsheet shows it instead of running it as a
 * formula; numbers, and texts that are plain decimals, are written as they are (a negative amount stays a number).
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('CSV numbers must be finite');
    return String(value);
  }
  let text = String(value);
  // a plain decimal ("-12.50") is a number to a spreadsheet, not a formula: it keeps its sign
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated as RFC 4180 has it. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The money columns of a row: integer minor units, the decimal string, the currency (lower-case, as stored). */
export function moneyColumns(amountMinor: number, currency: string): [number, string, string] {
  return [amountMinor, minorToDecimal(amountMinor, currency), currency.toLowerCase()];
}

/** The file's name in the browser: `<kind>-<from>-to-<to>.csv`. */
export const exportFileName = (kind: ExportKind, from: string, to: string) => `${kind}-${from}-to-${to}.csv`;
