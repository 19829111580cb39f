/** The price of a booking, computed on the server from the Service record (never from the client). */
import type { ServiceDefinition } from './service-rules';
import { splitCommission, type CommissionSplit } from './commission';

export type PricedService = Pick<ServiceDefinition, 'priceCents' | 'currency' | 'pricingUnit' | 'maxGroupSize'>;

type PricingErrorCode = 'INVALID_GROUP_SIZE' | 'INVALID_SERVICE_PRICE' | 'AMOUNT_OUT_OF_RANGE';

export class PricingError extends Error {
  readonly code: PricingErrorCode;
  constructor(code: PricingErrorCode, message: string) {
    super(message);
    this.name = 'PricingError';
    this.code = code;
  }
}

export function priceBooking(service: PricedService, groupSize: number): CommissionSplit {
  const { priceCents, maxGroupSize } = service;
  // A zero price cannot be charged by a PaymentIntent; treat it as bad service data.
  if (!Number.isSafeInteger(priceCents) || priceCents < 1) {
    throw new PricingError('INVALID_SERVICE_PRICE', `service price must be a positive whole number of cents, got ${priceCents}`);
  }
  if (!Number.isSafeInteger(maxGroupSize) || maxGroupSize < 1) {
    throw new PricingError('INVALID_SERVICE_PRICE', `service maxGroupSize must be a positive integer, got ${maxGroupSize}`);
  }
  // Checked for PER_BOOKING too: the group size limit is about capacity, not price.
  if (!Number.isInteger(groupSize) || groupSize < 1 || groupSize > maxGroupSize) {
    throw new PricingError('INVALID_GROUP_SIZE', `group size must be a whole number from 1 to ${maxGroupSize}, got ${groupSize}`);
  }
  const total = service.pricingUnit === 'PER_PERSON' ? priceCents * groupSize : priceCents;
  if (!Number.isSafeInteger(total))
    throw new PricingError('AMOUNT_OUT_OF_RANGE', `booking total is too large: ${priceCents} × ${groupSize}`);
  return splitCommission(total, service.currency);
}
