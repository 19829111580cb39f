/** Card-field formatting and validation for the local card form. Pure functions. */

export const digitsOnly = (v: string): string => v.replace(/\D/g, '');

type CardBrand = 'amex' | 'visa' | 'mastercard' | 'discover' | 'unknown';

export function cardBrand(number: string): CardBrand {
  const d = digitsOnly(number);
  if (/^3[47]/.test(d)) return 'amex';
  if (/^4/.test(d)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(d)) return 'mastercard';
  if (/^6(011|5)/.test(d)) return 'discover';
  return 'unknown';
}

export const BRAND_NAMES: Record<CardBrand, string> = {
  amex: 'American Express',
  visa: 'Visa',
  mastercard: 'Mastercard',
  discover: 'Discover',
  unknown: '',
};

/** "4242424242424242" → "4242 4242 4242 4242" (Amex: 4-6-5). At most 19 digits. */
export function formatCardNumber(value: string): string {
  const d = digitsOnly(value).slice(0, 19);
  if (cardBrand(d) === 'amex') {
    return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(' ');
  }
  return d.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "1", "12", "123" → "1", "12 / ", "12 / 3"; a leading 2-9 month gets a 0. */
export function formatExpiry(value: string, previous = ''): string {
  let d = digitsOnly(value).slice(0, 4);
  if (d.length === 1 && /[2-9]/.test(d)) d = `0${d}`;
  // Deleting the separator should delete the month's last digit, not get stuck.
  if (previous.endsWith(' / ') && value.length < previous.length && d.length === 2) return d.slice(0, 1);
  if (d.length >= 2) return `${d.slice(0, 2)} / ${d.slice(2)}`;
  return d;
}

function luhnValid(number: string): boolean {
  const d = digitsOnly(number);
  if (d.length < 12) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

export function validateCardNumber(value: string): string | null {
  const d = digitsOnly(value);
  if (!d) return 'Enter your card number.';
  const expected = cardBrand(d) === 'amex' ? [15] : [13, 14, 15, 16, 17, 18, 19];
  if (!expected.includes(d.length)) return 'Your card number is incomplete.';
  if (!luhnValid(d)) return 'Your card number is not valid.';
  return null;
}

export function parseExpiry(value: string): { month: number; year: number } | null {
  const d = digitsOnly(value);
  if (d.length !== 4) return null;
  const month = Number(d.slice(0, 2));
  const year = 2000 + Number(d.slice(2));
  if (month < 1 || month > 12) return null;
  return { month, year };
}

export function validateExpiry(value: string, now: Date = new Date()): string | null {
  const d = digitsOnly(value);
  if (!d) return 'Enter the expiry date.';
  if (d.length < 4) return 'The expiry date is incomplete.';
  const exp = parseExpiry(value);
  if (!exp) return 'The expiry month must be between 01 and 12.';
  const current = now.getFullYear() * 12 + now.getMonth();
  const expires = exp.year * 12 + (exp.month - 1);
  if (expires < current) return 'Your card has expired.';
  if (exp.year > now.getFullYear() + 50) return 'The expiry year is not valid.';
  return null;
}

export function validateCvc(value: string, number: string): string | null {
  const d = digitsOnly(value);
  const len = cardBrand(number) === 'amex' ? 4 : 3;
  if (!d) return 'Enter the security code (CVC).';
  if (d.length < len) return 'The security code (CVC) is incomplete.';
  return null;
}

function validatePostalCode(value: string): string | null {
  const v = value.trim();
  if (!v) return 'Enter your postal code.';
  if (!/^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/.test(v)) return 'The postal code is not valid.';
  return null;
}

export type CardField = 'number' | 'expiry' | 'cvc' | 'postal';
export type CardFieldValues = Record<CardField, string>;

/** Every field's problem in words (fields without one are left out). */
export function validateCardFields(values: CardFieldValues, now: Date = new Date()): Partial<Record<CardField, string>> {
  const problems: Partial<Record<CardField, string>> = {};
  const number = validateCardNumber(values.number);
  const expiry = validateExpiry(values.expiry, now);
  const cvc = validateCvc(values.cvc, values.number);
  const postal = validatePostalCode(values.postal);
  if (number) problems.number = number;
  if (expiry) problems.expiry = expiry;
  if (cvc) problems.cvc = cvc;
  if (postal) problems.postal = postal;
  return problems;
}
