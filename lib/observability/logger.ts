/**
 * The functions' structured logs: Powertools Logger, one JSON object a line (in Lambda with the request id and function
 * name from the invocation context; everywhere with the action and booking id the handler adds). Lives at the handler
 * edge: lib/domain never logs.
 *
 * Every line passes through `redactLogValue` on its way to JSON, so a card number, a Stripe key or signing secret, a
 * whole JWT or a Stripe signature header never reaches CloudWatch, whatever a caller puts in an error message.
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** Keys whose values are never logged, whatever they hold. */
const SECRET_KEYS =
  /^(?:token|idtoken|accesstoken|refreshtoken|authorization|cookie|password|secret|stripe-signature|card|cvc|number|client_secret|clientsecret)$/i;

/**
 * Patterns of what must never be written, replaced wherever they occur inside a string: Stripe secret and restricted
 * keys, webhook signing secrets, client secrets, JWTs (three base64url parts), Stripe signature headers and card
 * numbers (13–19 digits, optionally grouped by spaces or dashes).
 */
export const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z_]+/g,
  /\bwhsec_[0-9A-Za-z_]+/g,
  /\b(?:pi|seti)_[0-9A-Za-z]+_secret_[0-9A-Za-z]+/g,
  /\beyJ[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+/g,
  /\bt=\d+,v1=[0-9a-f]+(?:,v\d=[0-9a-f]+)*/g,
  /\b\d(?:[ -]?\d){12,18}\b/g,
];

export const REDACTED = '[redacted]';

/** A string with every secret-looking part replaced. */
export function redactText(text: string): string {
  return SECRET_PATTERNS.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}

/** The JSON replacer of every log line (Powertools calls it for each key and value it serializes). */
export function redactLogValue(key: string, value: unknown): unknown {
  if (key && SECRET_KEYS.test(key) && value !== undefined && value !== null && value !== '') return REDACTED;
  if (typeof value === 'string') return redactText(value);
  // an Error is serialized by Powertools after this replacer: redact its message and stack now
  if (value instanceof Error) {
    const copy = new Error(redactText(value.message));
    copy.name = value.name;
    copy.stack = value.stack ? redactText(value.stack) : undefined;
    return copy;
  }
  return value;
}

/** One logger per process (a Lambda execution environment, or the local server): its keys are per invocation. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bookwell',
  jsonReplacerFn: redactLogValue,
});
