import { readFileSync } from 'node:fs';
import { StripeApiError, invalidRequest, parameterInvalid, parameterMissing, parameterUnknown } from './errors';
import type { Param, ParamMap } from './form';
import { operationKey, type ParamSchema, type SpecFile } from './spec/schema';

/**
 * Parameters accepted although the bundled spec (API 2023-08-16) doesn't list them, or lists them
 * too narrowly: newer parameters (the `stripe` package's types are the newer truth) and values the
 * SDK may send that the old enum lacks. Their values are not validated.
 */
const ALLOWED_EXTRA: Record<string, string[]> = {
  'POST /v1/accounts': ['controller'],
  'POST /v1/payment_intents': ['excluded_payment_method_types', 'payment_method_configuration', 'hooks'],
  'POST /v1/payment_intents/*': ['excluded_payment_method_types', 'hooks'],
  'POST /v1/payment_intents/*/confirm': ['excluded_payment_method_types', 'confirmation_token'],
  'POST /v1/webhook_endpoints': ['api_version'],
  'POST /v1/customers': ['business_name', 'individual_name'],
  'POST /v1/customers/*': ['business_name', 'individual_name'],
  'POST /v1/payment_methods': ['allow_redirects'],
  'POST /v1/refunds': ['payment_method'],
  // a promotion code applied by Stripe (resources/promotions.ts)
  'POST /v1/subscriptions': ['discounts'],
  'POST /v1/checkout/sessions': ['discounts'],
};

/**
 * With a publishable key, Stripe.js sends the card itself as `payment_method_data[card][…]`, which the
 * spec (describing secret-key calls) doesn't list; the handlers validate it as a card PaymentMethod.
 */
const PUBLISHABLE_EXTRA: Record<string, string[]> = {
  'POST /v1/payment_intents/*/confirm': ['payment_method_data'],
  'POST /v1/setup_intents/*/confirm': ['payment_method_data'],
};

let spec: SpecFile | undefined;
function loadSpec(): SpecFile {
  spec ??= JSON.parse(readFileSync(new URL('./spec/params.json', import.meta.url), 'utf8')) as SpecFile;
  return spec;
}

function asMap(value: Param): ParamMap | undefined {
  if (typeof value === 'string') return undefined;
  if (Array.isArray(value)) {
    // `metadata[0]=x` was decoded as an array; a hash with numeric keys is meant.
    const m: ParamMap = {};
    value.forEach((v, i) => {
      m[String(i)] = v;
    });
    return m;
  }
  return value;
}

function allowsEmpty(s: ParamSchema): boolean {
  if (s.t === 'string') return s.enum?.includes('') ?? false;
  if (s.t === 'union') return s.of.some(allowsEmpty);
  return false;
}

function check(name: string, value: Param, s: ParamSchema): void {
  switch (s.t) {
    case 'any':
      return;
    case 'union':
      return checkUnion(name, value, s.of);
    case 'string':
      if (typeof value !== 'string')
        throw parameterInvalid(name, 'string', `Invalid string: ${name} must be a string, not a hash or array`);
      if (value === '' && !allowsEmpty(s)) throw emptyValue(name);
      if (s.enum && !s.enum.includes(value)) {
        throw parameterInvalid(name, 'enum', `Invalid ${name}: must be one of ${s.enum.filter((e) => e !== '').join(', ')}`);
      }
      if (s.max !== undefined && value.length > s.max) {
        throw parameterInvalid(name, 'string', `Invalid ${name}: must be at most ${s.max} characters`);
      }
      return;
    case 'integer':
      if (typeof value !== 'string' || !/^-?\d+$/.test(value))
        throw parameterInvalid(name, 'integer', `Invalid integer: ${typeof value === 'string' ? value : name}`);
      return;
    case 'number':
      if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value))
        throw parameterInvalid(name, 'integer', `Invalid decimal: ${typeof value === 'string' ? value : name}`);
      return;
    case 'boolean':
      if (value !== 'true' && value !== 'false')
        throw parameterInvalid(name, 'boolean', `Invalid boolean: ${typeof value === 'string' ? value : name}`);
      return;
    case 'array': {
      if (!Array.isArray(value)) {
        if (value === '') return; // `param=` clears a list
        throw invalidRequest(`Invalid array: ${name} must be an array`, {
          param: name,
          code: 'parameter_invalid_string',
          replayable: false,
        });
      }
      value.forEach((v, i) => check(`${name}[${i}]`, v, s.items));
      return;
    }
    case 'object': {
      if (value === '') throw emptyValue(name);
      const map = asMap(value);
      if (!map)
        throw invalidRequest(`Invalid object: ${name} must be a hash`, {
          param: name,
          code: 'parameter_invalid_string',
          replayable: false,
        });
      checkObject(name, map, s.props, s.req ?? [], s.extra);
    }
  }
}

function emptyValue(name: string): StripeApiError {
  return parameterInvalid(
    name,
    'empty',
    `You passed an empty string for '${name}'. We assume empty values are an attempt to unset a parameter; however '${name}' cannot be unset. You should remove '${name}' from your request or supply a non-empty value.`,
  );
}

function checkObject(
  prefix: string,
  map: ParamMap,
  props: Record<string, ParamSchema>,
  req: string[],
  extra?: ParamSchema,
  allowed: string[] = [],
): void {
  const child = (k: string) => (prefix ? `${prefix}[${k}]` : k);
  for (const [k, v] of Object.entries(map)) {
    if (allowed.includes(k)) continue;
    const s = props[k] ?? extra;
    if (!s) throw parameterUnknown(child(k));
    // Hash entries (metadata and the like) are unset with an empty value.
    if (!props[k] && v === '') continue;
    check(child(k), v, s);
  }
  for (const r of req) if (map[r] === undefined) throw parameterMissing(child(r));
}

/** A value matching any option passes; otherwise the error of the closest option is reported. */
function checkUnion(name: string, value: Param, options: ParamSchema[]): void {
  const errors: { err: StripeApiError; score: number }[] = [];
  for (const o of options) {
    try {
      check(name, value, o);
      return;
    } catch (e) {
      if (!(e instanceof StripeApiError)) throw e;
      errors.push({ err: e, score: closeness(value, o) });
    }
  }
  errors.sort((a, b) => b.score - a.score);
  const best = errors[0];
  if (best) throw best.err;
}

function closeness(value: Param, s: ParamSchema): number {
  if (typeof value === 'string') {
    if (value === '') return s.t === 'string' && s.enum?.includes('') ? 3 : 0;
    return s.t === 'string' ? (s.enum?.includes('') && s.enum.length === 1 ? 0 : 2) : s.t === 'object' || s.t === 'array' ? 0 : 1;
  }
  if (s.t !== 'object') return Array.isArray(value) && s.t === 'array' ? 2 : 0;
  const keys = Object.keys(asMap(value) ?? {});
  return 1 + keys.filter((k) => k in s.props).length;
}

/** Validates decoded params of an API request against the operation's schema from the OpenAPI subset. */
export function validateParams(method: string, routePath: string, params: ParamMap, keyKind: 'secret' | 'publishable'): void {
  const key = operationKey(method, routePath);
  const op = loadSpec()[key];
  if (!op) return;
  const allowed = [...(ALLOWED_EXTRA[key] ?? []), ...(keyKind === 'publishable' ? (PUBLISHABLE_EXTRA[key] ?? []) : [])];
  checkObject('', params, op.props, op.req, undefined, allowed);
}
