/**
 * stripe-connect's account actions: EXPORT_MY_DATA (everything the platform keeps about the caller, as JSON) and
 * DELETE_MY_ACCOUNT (with the confirmation phrase typed in). Rules in lib/domain/account-deletion.ts.
 */
import { z } from 'zod';

export const accountDataRequests = {
  EXPORT_MY_DATA: z.object({}).strict(),
  DELETE_MY_ACCOUNT: z.object({ confirmation: z.string({ error: 'Type the confirmation phrase' }).max(100) }).strict(),
} as const;

/** Records as stored, without the storage's own fields; only the caller's. */
type Exported = Record<string, unknown>;

export interface DataExport {
  exportedAt: string;
  userId: string;
  profile: Exported | null;
  customer: Exported | null;
  bookings: Exported[];
  payments: Exported[];
  credits: { balance: number; changes: Exported[] };
  memberships: Exported[];
  reviews: Exported[];
}

export interface AccountDeletionResult {
  deleted: true;
  /** Bookings still to come that were cancelled, with the refund each got under its policy (minor units). */
  cancelledBookings: { bookingId: string; refundCents: number; currency: string }[];
  cancelledMemberships: string[];
  closedConnectedAccount: boolean;
}

export interface AccountDataResponses {
  EXPORT_MY_DATA: DataExport;
  DELETE_MY_ACCOUNT: AccountDeletionResult;
}
