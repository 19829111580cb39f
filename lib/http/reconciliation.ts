/**
 * The admin's view of the reconciliation with Stripe (refund-processor, ADMIN group only): the mismatches the last runs
 * found, open or resolved. Amounts are integer minor units of their currency (credit balances: currency `credits`).
 */
import { z } from 'zod';
import type { MismatchCategory, MismatchKind } from '../domain/reconciliation';

export const reconciliationAdminRequests = {
  /** One status's mismatches by when last seen (newest first unless `order: 'oldest'`), a page of `limit`, from `cursor`. */
  ADMIN_LIST_RECONCILIATION_MISMATCHES: z
    .object({
      status: z.enum(['OPEN', 'RESOLVED']).default('OPEN'),
      order: z.enum(['newest', 'oldest']).optional(),
      limit: z.number().int().min(1).max(100).default(50),
      cursor: z.string().min(1).max(2000).optional(),
    })
    .strict(),
} as const;

export interface ReconciliationMismatchView {
  key: string;
  category: MismatchCategory;
  kind: MismatchKind;
  account: string;
  stripeObjectId?: string;
  ledgerLineIds: string[];
  ledger: { amountMinor: number; currency: string } | null;
  actual: { amountMinor: number; currency: string } | null;
  status: 'OPEN' | 'RESOLVED';
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt?: string;
}

export interface ReconciliationAdminResponses {
  ADMIN_LIST_RECONCILIATION_MISMATCHES: { mismatches: ReconciliationMismatchView[]; nextCursor?: string };
}
