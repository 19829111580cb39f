/**
 * Request fields more than one function's schemas share, so a rule (an id's length, a request id's alphabet) is
 * written once. Zod runs on the server; the browser imports only the types of lib/http.
 */
import { z } from 'zod';
import { SUPPORTED_CURRENCIES } from '../domain/money';

export const id = z.string().min(1).max(100);
export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
export const currencyCode = z.enum(SUPPORTED_CURRENCIES);
/** Made once per form submission in the browser, so a double submit makes one Stripe write. */
export const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8-64 letters, digits, - or _');
export const paymentMethodId = z
  .string()
  .regex(/^pm_[A-Za-z0-9_]+$/, 'Not a card id')
  .max(100);
export const checkoutSessionId = z
  .string()
  .regex(/^cs_[A-Za-z0-9_]+$/, 'Not a checkout session id')
  .max(200);
